package parse

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"jixiao/report"
)

// identityCase is a refused document (its lines) and what its refusal must
// say of it: the type, the unit ("" for none) and the year (0 for none).
type identityCase struct {
	name  string
	lines []string
	typ   string
	unit  string
	year  int
}

// refusedIdentity parses tt's document, which must be refused, and checks
// the identity its refusal carries (wrapped as the loader wraps it).
func refusedIdentity(t *testing.T, tt identityCase) Identity {
	t.Helper()
	_, err := Parse(context.Background(), mkdoc(plain(tt.lines...)...), catalog(t), Options{})
	id, ok := RefusedIdentity(fmt.Errorf("parse: %w", err))
	if !ok || id.Type != tt.typ || id.UnitName() != tt.unit || id.Year != tt.year {
		t.Fatalf("identity %v %q %q %d (%v); want %q %q %d", ok, id.Type, id.UnitName(), id.Year, err, tt.typ, tt.unit, tt.year)
	}
	// Evidence is as written (traditional, spaced); the name is matched.
	if tt.unit != "" && (id.Unit.Evidence == nil || !strings.Contains(foldText(norm(id.Unit.Evidence.Text)), id.Unit.Name)) {
		t.Errorf("unit %q without its evidence: %+v", id.Unit.Name, id.Unit.Evidence)
	}
	return id
}

// A report the parser reads nothing of is refused with ErrNoContent (its
// text unchanged), and the refusal still says what the document is and
// whose (its title's unit and year, else a unit's name opening its first
// statement); a notice is of no fiscal year, whatever years its body names,
// but a unit's statement of figures is of the year it names.
func TestNoContentIdentity(t *testing.T) {
	for _, tt := range []identityCase{
		{"department title", []string{"青原县档案馆2023年度部门整体支出绩效自评报告", "一、基本情况", "本馆负责全县档案的收集、保管和利用工作。"},
			report.DocumentDepartment, "青原县档案馆", 2023},
		{"department form heading", []string{"部门整体支出绩效评价指标表", "一级指标 二级指标 三级指标 评价标准"},
			report.DocumentDepartment, "", 0},
		{"final accounts contents", []string{"目录", "第一部分 单位概况", "第二部分 2022年度单位决算情况说明", "一、收入支出决算总体情况说明", "二、收入决算情况说明", "三、支出决算情况说明"},
			report.DocumentFinalAccounts, "", 2022},
		{"notice without a title", []string{"各乡镇、县直各单位：", "现将2024年度部门整体支出绩效自评工作安排如下，请于2025年4月底前完成2024年度自评。"},
			report.DocumentOther, "", 0},
		{"a unit's 三公 statement", []string{"桐溪县林业局2019年用一般公共预算财政拨款安排的“三公”经费支出合计8.20万元。其中：公务接待费3.10万元。"},
			report.DocumentOther, "桐溪县林业局", 2019},
		{"a 三公 statement naming no unit", []string{"2019年度“三公”经费财政拨款支出预算为30.00万元，2019年实际支出“三公”经费决算为21.50万元。"},
			report.DocumentOther, "", 2019},
		{"a sentence opening without a place", []string{"本局2019年用一般公共预算财政拨款安排的“三公”经费支出合计8.20万元。"},
			report.DocumentOther, "", 2019},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(context.Background(), mkdoc(plain(tt.lines...)...), catalog(t), Options{})
			if !errors.Is(err, ErrNoContent) || err.Error() != ErrNoContent.Error() {
				t.Fatalf("err = %v, want ErrNoContent", err)
			}
			refusedIdentity(t, tt)
		})
	}
}

// A document in traditional characters is matched as its simplified
// spelling: its title gives the type, unit and year; evidence keeps the
// text as written. Pinyin readings a converted page prints after each
// character ("政務(wù)") are dropped from matching.
func TestTraditionalFolded(t *testing.T) {
	for _, tt := range []identityCase{
		{"final accounts title", []string{"青嶺縣農業農村局2021年度部門決算", "目錄", "第一部分 青嶺縣農業農村局概況", "第二部分 2021年度部門決算表", "第三部分 2021年度部門決算情況說明"},
			report.DocumentFinalAccounts, "青岭县农业农村局", 2021},
		{"pinyin readings", []string{"石灣市政務(wù)服務(wù)中心2023年度部門決算公開說明", "目錄", "第一部分 單位概況"},
			report.DocumentFinalAccounts, "石湾市政务服务中心", 2023},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if id := refusedIdentity(t, tt); id.YearEvidence == nil || id.YearEvidence.Text != tt.lines[0] {
				t.Errorf("year evidence %+v, want the title as written", id.YearEvidence)
			}
		})
	}
	// A simplified report quoting one traditional character is not folded.
	if traditional([]line{newLine("本单位设在臺北路", 0, -1, -1)}) {
		t.Error("one traditional character made the document traditional")
	}
	if got := foldText("實有人數12人，萬元"); got != "实有人数12人，万元" {
		t.Errorf("foldText = %q", got)
	}
}

// A refused document names its unit and year where it is not a titled
// report: a project form's 实施单位 (its budget code and 本级 dropped), a
// one-line form's heading year, a flattened table's 部门 label, a 决算公开
// document's first part (第一部分 XX概况), a year-first 决算 title, a title
// printed with the saved file's extension, a project form's heading behind
// file metadata, a 决算 title opening a run-on line, and the whole 决算公开
// document when the chapter cut from it gave nothing.
func TestRefusedIdentitySources(t *testing.T) {
	for _, tt := range []identityCase{
		{"project form cells", []string{"部门预算项目支出绩效自评表(2024年度) |", "项目名称 |", "51000024R000000012345-河道保洁 |", "主管部门 |", "石滩县水务局本级 |", "实施单位 (盖章) |", "石滩县河道管理站 |", "项目资金 |"},
			report.DocumentProject, "石滩县河道管理站", 2024},
		{"project form one line", []string{"附件: 项目支出绩效自评表 (2023年度) 项目名称 村道维修 主管部门 412-桐溪镇人民政府 实施单位 412001-桐溪镇人民政府 项目资金 (万元) 年初预算数 30 全年执行数 29"},
			report.DocumentProject, "桐溪镇人民政府", 2023},
		{"flattened table label", []string{"收入支出决算总表 部门:桐溪县老年活动中心 收入 项目 行次 金额 本年收入合计 1,200.00 金额单位:元 2023年度"},
			report.DocumentOther, "桐溪县老年活动中心", 2023},
		{"first part heading", []string{"目录", "第一部分 桐溪县档案馆概况", "第二部分 2022年度部门决算表", "一、收入支出决算总表", "二、收入决算表", "第一部分 桐溪县档案馆概况", "一、部门职责"},
			report.DocumentFinalAccounts, "桐溪县档案馆", 2022},
		{"year-first title", []string{"2020年度 桐溪县第二中学部门决算", "目录", "第一部分 部门概况"},
			report.DocumentFinalAccounts, "桐溪县第二中学", 2020},
		{"saved file name", []string{"2021年桐溪县供水服务中心决算公开报告.doc", "第一部分 单位基本情况"},
			report.DocumentFinalAccounts, "桐溪县供水服务中心", 2021},
		{"one-line project form behind file metadata", []string{"李四 zl2020 1 2019-05-22T04:56:35Z 15.00 附件: 项目支出绩效自评表 (2023年度) 项目名称 村道维修 主管部门 412-桐溪镇人民政府 实施单位 412001-桐溪镇人民政府 项目资金 (万元) 本项目共申请资金30万元。"},
			report.DocumentProject, "桐溪镇人民政府", 2023},
		{"run-on final accounts line", []string{"桐溪县河道管理处 2021 年度决算公开说明 (目录) 第一部分:基本情况 一、部门主要职能 二、机构设置 三、人员构成情况"},
			report.DocumentFinalAccounts, "桐溪县河道管理处", 2021},
		{"chapter that names nothing", []string{"2024年度桐溪镇人民政府", "部门决算", "目录", "公开时间:2025年9月28日", "第一部分 部门概况", "附件1 部门预算绩效评价报告", "附件2 专项预算绩效自评报告"},
			report.DocumentFinalAccounts, "桐溪镇人民政府", 2024},
	} {
		t.Run(tt.name, func(t *testing.T) { refusedIdentity(t, tt) })
	}
}

// A project form saved as one line is refused quoting its heading, not the
// file metadata (author, dates, ids) that opens its line.
func TestProjectRefusalQuotesHeading(t *testing.T) {
	line := "李四 zl2020 1 2019-05-22T04:56:35Z 15.00 附件: 项目支出绩效自评表 (2023年度) 项目名称 村道维修 主管部门 412-桐溪镇人民政府 实施单位 412001-桐溪镇人民政府 项目资金 (万元) 本项目共申请资金30万元。"
	_, err := Parse(context.Background(), mkdoc(plain(line)...), catalog(t), Options{})
	var te *TypeError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want a TypeError", err)
	}
	if !strings.Contains(err.Error(), "（依据：“项目支出绩效自评表(2023年度)”）") || strings.Contains(err.Error(), "zl2020") {
		t.Errorf("refusal = %q, want it to quote the form's heading only", err)
	}
}
