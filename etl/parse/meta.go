package parse

import (
	"fmt"

	"jixiao/report"
)

// What kind of document this is and how much of it was read (DESIGN §3):
// a 部门整体支出 self-evaluation, a 项目支出 one, a 决算公开 publication with an
// embedded self-evaluation, or other; completeness counts the contract
// figures found against those a document of its type should give.

// unknownYearOrUnit raises year_unknown / unit_unknown: a report that cannot
// be filed under a unit-year must not be loaded into invisibility (probe S2);
// the loader decides whether it waits in quarantine.
func (p *parser) unknownYearOrUnit() {
	r := p.rep
	if r.FiscalYear == 0 {
		p.missing("fiscal_year")
		p.finding(report.Finding{
			Rule:     "year_unknown",
			Severity: "error",
			Message:  "无法确定评价年度，请在 manifest.csv 中指定",
			Expected: "评价年度（如2021年度）",
			Found:    "未识别",
		})
	}
	if r.Unit.Name == "" {
		p.finding(report.Finding{
			Rule:     "unit_unknown",
			Severity: "error",
			Message:  "无法确定评价单位，请在 manifest.csv 中指定",
			Expected: "单位名称",
			Found:    "未识别",
		})
	}
}

// documentType decides report.DocumentType: the title's words first
// (titleType), else what the document holds (the department form, scored
// indicators, a text about 部门整体支出 stating its score).
func documentType(title string, formFound, scored, whole bool) string {
	if t := titleType(norm(title)); t != "" {
		return t
	}
	if formFound || scored || whole {
		return report.DocumentDepartment
	}
	return report.DocumentOther
}

// presence tells whether a report holds one contract figure; the names are
// those of report.Missing.
var presence = map[string]func(r *report.Report) bool{
	"unit.name":                        func(r *report.Report) bool { return r.Unit.Name != "" },
	"fiscal_year":                      func(r *report.Report) bool { return r.FiscalYear != 0 },
	"contact":                          func(r *report.Report) bool { return r.Contact.Name != "" || r.Contact.Phone != "" },
	"staffing.authorized":              func(r *report.Report) bool { return r.Staffing.Authorized != nil },
	"staffing.actual":                  func(r *report.Report) bool { return r.Staffing.Actual != nil },
	"income":                           func(r *report.Report) bool { return len(r.Income) > 0 },
	"expenditure":                      func(r *report.Report) bool { return len(r.Expenditure) > 0 },
	"three_public":                     func(r *report.Report) bool { return len(r.ThreePublic) > 0 },
	"fixed_assets":                     func(r *report.Report) bool { return len(r.FixedAssets) > 0 },
	"budget.carryover":                 func(r *report.Report) bool { return r.Budget.Carryover != nil },
	"budget.initial":                   func(r *report.Report) bool { return r.Budget.Initial != nil },
	"budget.year_end_balance":          func(r *report.Report) bool { return r.Budget.YearEndBalance != nil },
	"budget.public_use_actual":         func(r *report.Report) bool { return r.Budget.PublicUseActual != nil },
	"budget.three_public_actual":       func(r *report.Report) bool { return r.Budget.ThreePublicActual != nil },
	"expenditure_detail.projects":      func(r *report.Report) bool { return len(r.ExpenditureDetail.Projects) > 0 },
	"expenditure_detail.wages_welfare": func(r *report.Report) bool { return r.ExpenditureDetail.WagesWelfare != nil },
	"indicators":                       func(r *report.Report) bool { return len(r.Indicators) > 0 },
	"score.total":                      func(r *report.Report) bool { return r.Score.Total != nil },
	"score.grade":                      func(r *report.Report) bool { return r.Score.Grade != "" },
	"evaluators":                       func(r *report.Report) bool { return len(r.Evaluators) > 0 },
	"goals":                            func(r *report.Report) bool { return len(r.Goals) > 0 },
}

// expected lists, per document type read (admit refuses the others), the
// figures a document of that type gives when it is read completely, in
// report order.
var expected = map[string][]string{
	report.DocumentDepartment: {"unit.name", "fiscal_year", "contact", "staffing.authorized", "staffing.actual",
		"income", "expenditure", "three_public", "fixed_assets", "budget.carryover", "budget.initial",
		"budget.year_end_balance", "budget.public_use_actual", "budget.three_public_actual",
		"expenditure_detail.wages_welfare", "expenditure_detail.projects", "indicators", "score.total", "score.grade",
		"evaluators", "goals"},
	// The self-evaluation chapter of a 决算公开 document: the unit's income and
	// expenditure, its budget, the indicators and the result.
	report.DocumentFinalAccounts: {"unit.name", "fiscal_year", "income", "expenditure", "budget.initial", "indicators", "score.total", "score.grade"},
}

// identity are the figures that file a document (who, which year) rather
// than say anything of it.
var identity = map[string]bool{"unit.name": true, "fiscal_year": true}

// minContentShare and minContent decide when almost nothing was read: fewer
// content figures (identity aside) than both bounds means the layout is not
// one the parser knows. A short letter-style report stating its score and
// grade passes; a document yielding one figure does not.
const (
	minContentShare = 0.1
	minContent      = 2
)

// classifyDocument fills DocumentType and Completeness and raises
// unrecognised_layout when almost nothing was read. A document that is none
// of the self-evaluations (type other: no title saying so, no form, no
// scored indicators, no text about 部门整体支出 or a self-evaluation score)
// is refused with a TypeError.
func (p *parser) classifyDocument(t docTitle, formFound bool) error {
	r := p.rep
	whole := p.mentions("整体支出") || p.mentions("部门整体") || r.Score.Total != nil && p.mentions("自评")
	r.DocumentType = documentType(t.text, formFound, len(r.Indicators) > 0, whole)
	if r.DocumentType == report.DocumentOther {
		e := &TypeError{Type: report.DocumentOther, Why: t.text, Evidence: t.ev, Identity: p.identity(report.DocumentOther, t, nil)}
		if t.line < 0 {
			e.Why = ""
		}
		return e
	}
	want := expected[r.DocumentType]
	c := report.Completeness{Expected: len(want), Missing: []string{}}
	for _, name := range want {
		if presence[name](r) {
			c.Found++
		} else {
			c.Missing = append(c.Missing, name)
		}
	}
	r.Completeness = c
	content, expectedContent := c.Found, c.Expected
	for _, name := range want {
		if identity[name] {
			expectedContent--
			if presence[name](r) {
				content--
			}
		}
	}
	if need := max(minContent, int(minContentShare*float64(expectedContent)+0.999)); content < need {
		p.finding(report.Finding{
			Rule:     "unrecognised_layout",
			Severity: "warning",
			Message: fmt.Sprintf("未能识别文件版式：作为%s，除单位名称和年度外应有的%d项数据仅读取到%d项，请核对原文，或按标准表样重新提交",
				report.DocumentTypeLabel(r.DocumentType), expectedContent, content),
			Expected: fmt.Sprintf("至少%d项", need),
			Found:    fmt.Sprintf("%d/%d", content, expectedContent),
		})
	}
	return nil
}
