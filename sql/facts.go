package sql

import (
	"sort"
	"strings"

	"jixiao/report"
)

// isSummaryOrg tells the form's summary row (局机关及二级机构汇总) from org rows.
func isSummaryOrg(org string) bool {
	return strings.Contains(org, "汇总") || strings.Contains(org, "合计")
}

func evBlock(e *report.Evidence) any {
	if e == nil {
		return nil
	}
	return e.Block
}

func evRow(e *report.Evidence) any {
	if e == nil || e.Row == nil {
		return nil
	}
	return *e.Row
}

func evText(e *report.Evidence) any {
	if e == nil || e.Text == "" {
		return nil
	}
	return e.Text
}

// factBatches maps a report onto the fact tables, one batch per table.
func factBatches(id int64, r *report.Report) []batch {
	var bs []batch
	add := func(table string, cols []string, rows [][]any) {
		if len(rows) > 0 {
			bs = append(bs, batch{table: table, cols: cols, rows: rows})
		}
	}
	if r.Staffing.Authorized != nil || r.Staffing.Actual != nil {
		add("staffing", []string{"document_id", "authorized", "actual"},
			[][]any{{id, num(r.Staffing.Authorized), num(r.Staffing.Actual)}})
	}

	var rows [][]any
	for i, x := range r.Income {
		rows = append(rows, []any{id, i + 1, x.Org, isSummaryOrg(x.Org), num(x.Total), num(x.Carryover),
			num(x.FiscalAppropriation), num(x.GovFund), num(x.SpecialAccountNontax), num(x.Other), evBlock(x.Evidence), evRow(x.Evidence)})
	}
	add("income", []string{"document_id", "org_order", "org", "is_summary", "total", "carryover", "fiscal_appropriation",
		"gov_fund", "special_account_nontax", "other", "evidence_block", "evidence_row"}, rows)

	rows = nil
	for i, x := range r.Expenditure {
		rows = append(rows, []any{id, i + 1, x.Org, isSummaryOrg(x.Org), num(x.Total), num(x.Basic), num(x.Personnel),
			num(x.PublicUse), num(x.Project), num(x.BalanceCurrent), num(x.BalanceCumulative), evBlock(x.Evidence), evRow(x.Evidence)})
	}
	add("expenditure", []string{"document_id", "org_order", "org", "is_summary", "total", "basic", "personnel", "public_use",
		"project", "balance_current", "balance_cumulative", "evidence_block", "evidence_row"}, rows)

	rows = nil
	for i, x := range r.ThreePublic {
		rows = append(rows, []any{id, i + 1, x.Org, isSummaryOrg(x.Org), num(x.Total), num(x.Reception),
			num(x.VehicleOperation), num(x.VehiclePurchase), num(x.Overseas), evBlock(x.Evidence), evRow(x.Evidence)})
	}
	add("three_public", []string{"document_id", "org_order", "org", "is_summary", "total", "reception", "vehicle_operation",
		"vehicle_purchase", "overseas", "evidence_block", "evidence_row"}, rows)

	rows = nil
	for i, x := range r.FixedAssets {
		rows = append(rows, []any{id, i + 1, x.Org, isSummaryOrg(x.Org), num(x.Total), num(x.InUse), num(x.Leased),
			num(x.Other), evBlock(x.Evidence), evRow(x.Evidence)})
	}
	add("fixed_assets", []string{"document_id", "org_order", "org", "is_summary", "total", "in_use", "leased", "other",
		"evidence_block", "evidence_row"}, rows)

	b := r.Budget
	if b.Carryover != nil || b.Initial != nil || b.Supplementary != nil || b.YearEndBalance != nil || b.Adjustment != nil ||
		b.PublicUseBudget != nil || b.PublicUseActual != nil || b.ThreePublicBudget != nil || b.ThreePublicActual != nil ||
		b.ThreePublicBudgetPrev != nil || b.ProcurementBudget != nil || b.ProcurementActual != nil {
		add("budget", []string{"document_id", "carryover", "initial", "supplementary", "year_end_balance", "adjustment",
			"public_use_budget", "public_use_actual", "three_public_budget", "three_public_actual", "three_public_budget_prev",
			"procurement_budget", "procurement_actual"},
			[][]any{{id, num(b.Carryover), num(b.Initial), num(b.Supplementary), num(b.YearEndBalance), num(b.Adjustment),
				num(b.PublicUseBudget), num(b.PublicUseActual), num(b.ThreePublicBudget), num(b.ThreePublicActual),
				num(b.ThreePublicBudgetPrev), num(b.ProcurementBudget), num(b.ProcurementActual)}})
	}
	ed := r.ExpenditureDetail
	if ed.WagesWelfare != nil || ed.GoodsServices != nil || ed.FamilySubsidies != nil || ed.CapitalOther != nil {
		add("expenditure_detail", []string{"document_id", "wages_welfare", "goods_services", "family_subsidies", "capital_other"},
			[][]any{{id, num(ed.WagesWelfare), num(ed.GoodsServices), num(ed.FamilySubsidies), num(ed.CapitalOther)}})
	}
	rows = nil
	for i, p := range ed.Projects {
		rows = append(rows, []any{id, i + 1, p.Name, num(p.Amount)})
	}
	add("project_lines", []string{"document_id", "line_order", "name", "amount"}, rows)

	rows = nil
	for _, k := range sortedKeys(b.Evidence) {
		e := b.Evidence[k]
		rows = append(rows, []any{id, "budget." + k, evText(&e), e.Block})
	}
	for _, k := range sortedKeys(ed.Evidence) {
		e := ed.Evidence[k]
		rows = append(rows, []any{id, "expenditure_detail." + k, evText(&e), e.Block})
	}
	add("figure_evidence", []string{"document_id", "figure", "evidence_text", "evidence_block"}, rows)

	rows = nil
	for i, x := range r.Indicators {
		rows = append(rows, []any{id, i + 1, x.Code, x.Name, nullString(x.Level1), nullString(x.Level2), num(x.MaxPoints),
			num(x.DeclaredValue), num(x.DeclaredScore), nullString(x.Formula), x.InScheme, evText(x.Evidence), evBlock(x.Evidence),
			num(x.WrittenValue)})
	}
	add("indicators", []string{"document_id", "ind_order", "code", "name", "level1", "level2", "max_points", "declared_value",
		"declared_score", "formula", "in_scheme", "evidence_text", "evidence_block", "written_value"}, rows)

	if r.Score.Total != nil || r.Score.Grade != "" {
		add("scores", []string{"document_id", "total", "grade", "evidence_text", "evidence_block"},
			[][]any{{id, num(r.Score.Total), nullString(r.Score.Grade), evText(r.Score.Evidence), evBlock(r.Score.Evidence)}})
	}
	rows = nil
	for _, k := range sortedKeys(r.Score.ByLevel1) {
		rows = append(rows, []any{id, k, r.Score.ByLevel1[k]})
	}
	add("level_scores", []string{"document_id", "level1", "declared_score"}, rows)
	rows = nil
	for _, g := range r.Score.GradeBands {
		rows = append(rows, []any{id, g.Grade, g.Min})
	}
	add("grade_bands", []string{"document_id", "grade", "min_score"}, rows)

	rows = nil
	for _, t := range r.Targets {
		rows = append(rows, []any{id, t.Code, nullString(t.Text), num(t.TargetValue), nullString(t.Unit), nullString(t.Comparator), evBlock(t.Evidence)})
	}
	add("targets", []string{"document_id", "code", "text", "target_value", "unit", "comparator", "evidence_block"}, rows)

	rows = nil
	for _, m := range r.Metrics {
		rows = append(rows, []any{id, m.Code, num(m.Value), nullString(m.Unit), nullString(m.Qualifier), nullString(m.Text),
			nullString(m.Period), evText(m.Evidence), evBlock(m.Evidence)})
	}
	add("metrics", []string{"document_id", "code", "value", "unit", "qualifier", "text", "period", "evidence_text", "evidence_block"}, rows)

	rows = nil
	for _, e := range r.Events {
		rows = append(rows, []any{id, nullString(e.Date), nullString(e.City), nullString(e.Name), num(e.ProjectsReleased),
			num(e.AmountReleased), num(e.ProjectsSigned), num(e.AmountSigned), evText(e.Evidence), evBlock(e.Evidence)})
	}
	add("events", []string{"document_id", "event_date", "city", "name", "projects_released", "amount_released",
		"projects_signed", "amount_signed", "evidence_text", "evidence_block"}, rows)

	rows = nil
	for _, e := range r.Evaluators {
		rows = append(rows, []any{id, nullString(e.Name), nullString(e.Title), nullString(e.Unit)})
	}
	add("evaluators", []string{"document_id", "name", "title", "unit"}, rows)

	rows = nil
	for _, f := range r.Findings {
		rows = append(rows, []any{id, f.Rule, f.Severity, f.Message, nullString(f.Expected), nullString(f.Found),
			evText(f.Evidence), evBlock(f.Evidence)})
	}
	add("parse_findings", []string{"document_id", "rule", "severity", "message", "expected", "found", "evidence_text", "evidence_block"}, rows)
	return bs
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
