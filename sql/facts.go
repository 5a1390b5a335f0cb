package sql

import (
	"sort"
	"time"

	"jixiao/report"
)

func evBlock(e *report.Evidence) any {
	if e == nil {
		return nil
	}
	return int32(e.Block)
}

func evRow(e *report.Evidence) any {
	if e == nil || e.Row == nil {
		return nil
	}
	return int32(*e.Row)
}

func evText(e *report.Evidence) any {
	if e == nil || e.Text == "" {
		return nil
	}
	return e.Text
}

// documentRow is the documents row of a report: file metadata and every scalar figure.
func documentRow(id int64, d Document, unitID int64, now time.Time) []any {
	r := d.Report
	var year any
	if r.FiscalYear > 0 {
		year = int32(r.FiscalYear)
	}
	var missing any
	if len(r.Missing) > 0 {
		missing = append([]string(nil), r.Missing...)
	}
	b, x, s := r.Budget, r.ExpenditureDetail, r.Score
	var scoreBlock any
	if s.Evidence != nil {
		scoreBlock = int32(s.Evidence.Block)
	}
	return []any{
		id, d.SHA256, d.FileName, r.Source.Format, nullString(r.Source.Encoding), d.SizeBytes,
		nullID(unitID), nullString(r.Unit.Name), nullString(r.Unit.Region), year, nullString(r.Scheme),
		r.Source.ParserVersion, nullString(d.ArchivePath), nullID(d.RunID), now, nil,
		nullString(r.Contact.Name), nullString(r.Contact.Phone), missing,
		num(r.Staffing.Authorized), num(r.Staffing.Actual),
		num(b.Carryover), num(b.Initial), num(b.Supplementary), num(b.YearEndBalance), num(b.Adjustment),
		num(b.PublicUseBudget), num(b.PublicUseActual), num(b.ThreePublicBudget), num(b.ThreePublicActual),
		num(b.ThreePublicBudgetPrev), num(b.ProcurementBudget), num(b.ProcurementActual),
		num(x.WagesWelfare), num(x.GoodsServices), num(x.FamilySubsidies), num(x.CapitalOther),
		num(s.Total), nullString(s.Grade), evText(s.Evidence), scoreBlock,
	}
}

// item is one report_items row before it becomes appender values.
type item struct {
	kind, code, name, text, level1, level2, unit, s1, s2, s3 string
	n                                                        [7]*float64
	flag                                                     any
	ev                                                       *report.Evidence
}

// itemRows maps every list of a report onto report_items; the views of
// sql/views/005_base.sql give each kind its named columns back.
func itemRows(id int64, r *report.Report) [][]any {
	var items []item
	// The parser decides which row is the summary row (report.IncomeRow.Summary …);
	// it becomes is_summary in the views.
	org := func(kind, name string, summary bool, ev *report.Evidence, cols ...*float64) item {
		it := item{kind: kind, name: name, flag: summary, ev: ev}
		copy(it.n[:], cols)
		return it
	}
	for _, x := range r.Income {
		items = append(items, org("income", x.Org, x.Summary, x.Evidence, x.Total, x.Carryover, x.FiscalAppropriation, x.GovFund, x.SpecialAccountNontax, x.Other))
	}
	for _, x := range r.Expenditure {
		items = append(items, org("expenditure", x.Org, x.Summary, x.Evidence, x.Total, x.Basic, x.Personnel, x.PublicUse, x.Project, x.BalanceCurrent, x.BalanceCumulative))
	}
	for _, x := range r.ThreePublic {
		items = append(items, org("three_public", x.Org, x.Summary, x.Evidence, x.Total, x.Reception, x.VehicleOperation, x.VehiclePurchase, x.Overseas))
	}
	for _, x := range r.FixedAssets {
		items = append(items, org("fixed_assets", x.Org, x.Summary, x.Evidence, x.Total, x.InUse, x.Leased, x.Other))
	}
	for _, x := range r.Indicators {
		items = append(items, item{kind: "indicator", code: x.Code, name: x.Name, text: x.Formula, level1: x.Level1, level2: x.Level2,
			n: [7]*float64{x.MaxPoints, x.DeclaredValue, x.DeclaredScore, x.WrittenValue}, flag: x.InScheme, ev: x.Evidence})
	}
	for _, k := range sortedKeys(r.Score.ByLevel1) {
		v := r.Score.ByLevel1[k]
		var ev *report.Evidence
		if e, ok := r.Score.ByLevel1Evidence[k]; ok {
			ev = &e
		}
		items = append(items, item{kind: "level_score", name: k, n: [7]*float64{&v}, ev: ev})
	}
	for _, g := range r.Score.GradeBands {
		m := g.Min
		items = append(items, item{kind: "grade_band", name: g.Grade, n: [7]*float64{&m}, ev: g.Evidence})
	}
	for _, p := range r.ExpenditureDetail.Projects {
		items = append(items, item{kind: "project", name: p.Name, n: [7]*float64{p.Amount}, ev: p.Evidence})
	}
	for _, m := range r.Metrics {
		items = append(items, item{kind: "metric", code: m.Code, n: [7]*float64{m.Value}, unit: m.Unit, s1: m.Qualifier, text: m.Text, s2: m.Period, ev: m.Evidence})
	}
	for _, t := range r.Targets {
		items = append(items, item{kind: "target", code: t.Code, text: t.Text, n: [7]*float64{t.TargetValue}, unit: t.Unit, s1: t.Comparator, ev: t.Evidence})
	}
	for _, e := range r.Events {
		items = append(items, item{kind: "event", name: e.Name, s1: e.Date, s2: e.City,
			n: [7]*float64{e.ProjectsReleased, e.AmountReleased, e.ProjectsSigned, e.AmountSigned}, ev: e.Evidence})
	}
	for _, g := range r.Goals {
		items = append(items, item{kind: "goal", s1: g.Kind, s2: g.Category, name: g.Label, text: g.Target, s3: g.Actual, ev: g.Evidence})
	}
	for _, e := range r.Evaluators {
		items = append(items, item{kind: "evaluator", name: e.Name, s1: e.Title, s2: e.Unit})
	}
	for _, f := range r.Findings {
		items = append(items, item{kind: "finding", code: f.Rule, s1: f.Severity, text: f.Message, s2: f.Expected, s3: f.Found, ev: f.Evidence})
	}
	for _, k := range sortedKeys(r.Budget.Evidence) {
		e := r.Budget.Evidence[k]
		items = append(items, item{kind: "evidence", code: "budget." + k, ev: &e})
	}
	for _, k := range sortedKeys(r.ExpenditureDetail.Evidence) {
		e := r.ExpenditureDetail.Evidence[k]
		items = append(items, item{kind: "evidence", code: "expenditure_detail." + k, ev: &e})
	}
	rows := make([][]any, 0, len(items))
	ord := map[string]int32{}
	for _, it := range items {
		ord[it.kind]++
		rows = append(rows, []any{id, it.kind, ord[it.kind], nullString(it.code), nullString(it.name), nullString(it.text),
			nullString(it.level1), nullString(it.level2), nullString(it.unit), nullString(it.s1), nullString(it.s2), nullString(it.s3),
			num(it.n[0]), num(it.n[1]), num(it.n[2]), num(it.n[3]), num(it.n[4]), num(it.n[5]), num(it.n[6]),
			it.flag, evText(it.ev), evBlock(it.ev), evRow(it.ev)})
	}
	return rows
}

// sentenceRows maps the narrative's sentences onto report_sentences.
func sentenceRows(id int64, r *report.Report) [][]any {
	rows := make([][]any, len(r.Sentences))
	for i, x := range r.Sentences {
		rows[i] = []any{id, int32(i + 1), int32(x.Block), x.Hash, x.Text}
	}
	return rows
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
