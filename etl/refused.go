package etl

import (
	"fmt"
	"strings"

	"jixiao/etl/parse"
	"jixiao/report"
	warehouse "jixiao/sql"
)

// What a refused document is and whose it is (parse.Identity), as the
// quarantine records and shows it: the ledger's etl_file_identity row, the
// .error.json, the reason's closing note and `jixiao check`. A person reading
// the quarantine then knows which unit to ask for which year's report.

// refusedKinds name refused documents' types as users do: a 决算公开
// document refused is the whole publication, not its self-evaluation part.
var refusedKinds = map[string]string{
	report.DocumentProject:       "项目支出绩效自评报告",
	report.DocumentFinalAccounts: "部门决算公开文件",
	report.DocumentDepartment:    "部门整体支出绩效自评报告",
	report.DocumentOther:         "其他文件",
}

// RefusedIdentity is what err's refusal names, for the ledger; empty when
// err is no refusal or names nothing.
func RefusedIdentity(err error) warehouse.FileIdentity {
	id, ok := parse.RefusedIdentity(err)
	if !ok {
		return warehouse.FileIdentity{}
	}
	fi := warehouse.FileIdentity{DocumentType: id.Type, Unit: id.UnitName(), FiscalYear: id.Year}
	switch {
	case id.Unit.Evidence != nil:
		fi.Evidence = id.Unit.Evidence.Text
	case id.YearEvidence != nil:
		fi.Evidence = id.YearEvidence.Text
	}
	return fi
}

// RefusalNote is what a refused document names, as its user reads it:
// "文件类型：部门决算公开文件；单位：XX局；年度：2023年度" ("" for an error that
// is no refusal). A unit or year the document does not name is said to be
// missing, so the note is never mistaken for a complete identity.
func RefusalNote(err error) string {
	id := RefusedIdentity(err)
	if id.DocumentType == "" {
		return ""
	}
	unit, year := id.Unit, "未写明"
	if unit == "" {
		unit = "未写明"
	}
	if id.FiscalYear != 0 {
		year = fmt.Sprintf("%d年度", id.FiscalYear)
	}
	return strings.Join([]string{"文件类型：" + refusedKinds[id.DocumentType], "单位：" + unit, "年度：" + year}, "；")
}
