package etl

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"jixiao/etl/demo"
	"jixiao/etl/extract"
	"jixiao/report"
	warehouse "jixiao/sql"
)

// The conformance test: every file of the demo corpus goes through Analyze and
// the result is compared with the file's ground truth (demo.File.Truth) field
// by field. Truth holds the printed figures only; computed values, findings,
// evidence and the scheme id are not part of it and are not compared here.
// Every planted defect (demo.File.Planted) must be reported, by Analyze itself
// or, for rules the warehouse views compute, after loading the report into the
// in-memory checker.

// corpusDiffs collects the differences of one file as "path: want …, got …".
type corpusDiffs struct {
	list []string
}

func (d *corpusDiffs) add(path string, want, got any) {
	d.list = append(d.list, fmt.Sprintf("%s: want %s, got %s", path, corpusShow(want), corpusShow(got)))
}

// corpusShow prints a value for a failure message: nil pointers as "null",
// floats without float noise, strings quoted.
func corpusShow(v any) string {
	switch x := v.(type) {
	case *float64:
		if x == nil {
			return "null"
		}
		return strconv.FormatFloat(*x, 'f', -1, 64)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return strconv.Quote(x)
	case nil:
		return "(absent)"
	}
	return fmt.Sprint(v)
}

// corpusNear compares two figures: money converted from 亿元 may carry float
// noise in the last bits, nothing more.
func corpusNear(a, b float64) bool {
	return math.Abs(a-b) <= 1e-6*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func (d *corpusDiffs) num(path string, want, got *float64) {
	switch {
	case want == nil && got == nil:
	case want == nil || got == nil || !corpusNear(*want, *got):
		d.add(path, want, got)
	}
}

func (d *corpusDiffs) str(path, want, got string) {
	if want != got {
		d.add(path, want, got)
	}
}

// corpusCompare compares a parsed report with the truth, field by field.
func corpusCompare(want, got *report.Report) []string {
	d := &corpusDiffs{}
	d.str("source.file", want.Source.File, got.Source.File)
	d.str("source.sha256", want.Source.SHA256, got.Source.SHA256)
	d.str("source.format", want.Source.Format, got.Source.Format)

	d.str("unit.name", want.Unit.Name, got.Unit.Name)
	d.str("unit.canonical_name", want.Unit.CanonicalName, got.Unit.CanonicalName)
	// A parent the truth leaves empty is not compared: 州档案馆 states that it is
	// "中共湘西州委直属" and the parser rightly reads that as its parent, while
	// the demo's profile gives it none.
	if want.Unit.Parent != "" {
		d.str("unit.parent", want.Unit.Parent, got.Unit.Parent)
	}
	d.str("unit.region", want.Unit.Region, got.Unit.Region)
	d.str("unit.former_names", strings.Join(want.Unit.FormerNames, "、"), strings.Join(got.Unit.FormerNames, "、"))
	if want.FiscalYear != got.FiscalYear {
		d.add("fiscal_year", want.FiscalYear, got.FiscalYear)
	}
	d.str("contact.name", want.Contact.Name, got.Contact.Name)
	d.str("contact.phone", want.Contact.Phone, got.Contact.Phone)
	d.num("staffing.authorized", want.Staffing.Authorized, got.Staffing.Authorized)
	d.num("staffing.actual", want.Staffing.Actual, got.Staffing.Actual)

	corpusRows(d, "income", want.Income, got.Income, func(r report.IncomeRow) (string, []corpusField) {
		return r.Org, []corpusField{{"total", r.Total}, {"carryover", r.Carryover}, {"fiscal_appropriation", r.FiscalAppropriation},
			{"gov_fund", r.GovFund}, {"special_account_nontax", r.SpecialAccountNontax}, {"other", r.Other}}
	})
	corpusRows(d, "expenditure", want.Expenditure, got.Expenditure, func(r report.ExpenditureRow) (string, []corpusField) {
		return r.Org, []corpusField{{"total", r.Total}, {"basic", r.Basic}, {"personnel", r.Personnel}, {"public_use", r.PublicUse},
			{"project", r.Project}, {"balance_current", r.BalanceCurrent}, {"balance_cumulative", r.BalanceCumulative}}
	})
	corpusRows(d, "three_public", want.ThreePublic, got.ThreePublic, func(r report.ThreePublicRow) (string, []corpusField) {
		return r.Org, []corpusField{{"total", r.Total}, {"reception", r.Reception}, {"vehicle_operation", r.VehicleOperation},
			{"vehicle_purchase", r.VehiclePurchase}, {"overseas", r.Overseas}}
	})
	corpusRows(d, "fixed_assets", want.FixedAssets, got.FixedAssets, func(r report.FixedAssetRow) (string, []corpusField) {
		return r.Org, []corpusField{{"total", r.Total}, {"in_use", r.InUse}, {"leased", r.Leased}, {"other", r.Other}}
	})

	wb, gb := want.Budget, got.Budget
	for _, f := range []struct {
		name      string
		want, got *float64
	}{
		{"carryover", wb.Carryover, gb.Carryover},
		{"initial", wb.Initial, gb.Initial},
		{"supplementary", wb.Supplementary, gb.Supplementary},
		{"year_end_balance", wb.YearEndBalance, gb.YearEndBalance},
		{"adjustment", wb.Adjustment, gb.Adjustment},
		{"public_use_budget", wb.PublicUseBudget, gb.PublicUseBudget},
		{"public_use_actual", wb.PublicUseActual, gb.PublicUseActual},
		{"three_public_budget", wb.ThreePublicBudget, gb.ThreePublicBudget},
		{"three_public_actual", wb.ThreePublicActual, gb.ThreePublicActual},
		{"three_public_budget_prev", wb.ThreePublicBudgetPrev, gb.ThreePublicBudgetPrev},
		{"procurement_budget", wb.ProcurementBudget, gb.ProcurementBudget},
		{"procurement_actual", wb.ProcurementActual, gb.ProcurementActual},
	} {
		d.num("budget."+f.name, f.want, f.got)
	}

	wx, gx := want.ExpenditureDetail, got.ExpenditureDetail
	d.num("expenditure_detail.wages_welfare", wx.WagesWelfare, gx.WagesWelfare)
	d.num("expenditure_detail.goods_services", wx.GoodsServices, gx.GoodsServices)
	d.num("expenditure_detail.family_subsidies", wx.FamilySubsidies, gx.FamilySubsidies)
	d.num("expenditure_detail.capital_other", wx.CapitalOther, gx.CapitalOther)
	for i := range max(len(wx.Projects), len(gx.Projects)) {
		p := fmt.Sprintf("expenditure_detail.projects[%d]", i)
		switch {
		case i >= len(gx.Projects):
			d.add(p, wx.Projects[i].Name, nil)
		case i >= len(wx.Projects):
			d.add(p, nil, gx.Projects[i].Name)
		default:
			d.str(p+".name", wx.Projects[i].Name, gx.Projects[i].Name)
			d.num(p+".amount", wx.Projects[i].Amount, gx.Projects[i].Amount)
		}
	}

	corpusIndicators(d, want.Indicators, got.Indicators)

	d.num("score.total", want.Score.Total, got.Score.Total)
	d.str("score.grade", want.Score.Grade, got.Score.Grade)
	for _, l1 := range corpusKeys(want.Score.ByLevel1, got.Score.ByLevel1) {
		w, wok := want.Score.ByLevel1[l1]
		g, gok := got.Score.ByLevel1[l1]
		d.num("score.by_level1."+l1, corpusOpt(w, wok), corpusOpt(g, gok))
	}
	d.str("score.grade_bands", corpusBands(want.Score.GradeBands), corpusBands(got.Score.GradeBands))

	corpusMetrics(d, want.Metrics, got.Metrics)
	corpusTargets(d, want.Targets, got.Targets)
	corpusEvents(d, want.Events, got.Events)

	for i := range max(len(want.Evaluators), len(got.Evaluators)) {
		p := fmt.Sprintf("evaluators[%d]", i)
		switch {
		case i >= len(got.Evaluators):
			d.add(p, want.Evaluators[i], nil)
		case i >= len(want.Evaluators):
			d.add(p, nil, got.Evaluators[i])
		case want.Evaluators[i] != got.Evaluators[i]:
			d.add(p, want.Evaluators[i], got.Evaluators[i])
		}
	}
	return d.list
}

// corpusField is one numeric column of a form row.
type corpusField struct {
	name string
	v    *float64
}

// corpusRows compares form rows by org. A row the parser did not return
// counts as all-blank: the truth lists blank org rows with nil cells.
func corpusRows[R any](d *corpusDiffs, table string, want, got []R, fields func(R) (string, []corpusField)) {
	type row struct {
		fields []corpusField
		seen   bool
	}
	gotRows := map[string]*row{}
	var gotOrder []string
	for _, r := range got {
		org, fs := fields(r)
		if _, dup := gotRows[org]; dup {
			d.add(fmt.Sprintf("%s[%s]", table, org), "one row", "a second row")
			continue
		}
		gotRows[org] = &row{fields: fs}
		gotOrder = append(gotOrder, org)
	}
	for _, r := range want {
		org, wfs := fields(r)
		g := gotRows[org]
		for i, wf := range wfs {
			var gv *float64
			if g != nil {
				gv = g.fields[i].v
			}
			d.num(fmt.Sprintf("%s[%s].%s", table, org, wf.name), wf.v, gv)
		}
		if g != nil {
			g.seen = true
		}
	}
	for _, org := range gotOrder {
		if g := gotRows[org]; !g.seen {
			for _, f := range g.fields {
				d.num(fmt.Sprintf("%s[%s].%s", table, org, f.name), nil, f.v)
			}
		}
	}
}

func corpusIndicators(d *corpusDiffs, want, got []report.Indicator) {
	byCode := map[string]*report.Indicator{}
	for i := range got {
		byCode[got[i].Code] = &got[i]
	}
	seen := map[string]bool{}
	for _, w := range want {
		p := "indicators[" + w.Code + "]"
		g := byCode[w.Code]
		seen[w.Code] = true
		if g == nil {
			d.add(p, w.Name, nil)
			continue
		}
		// The name is not compared: the parser keeps the heading as printed
		// (“三公经费”变动率, 绩效目标的合理性), the truth the scheme's name;
		// the code above already says the heading matched the scheme's name.
		d.str(p+".level1", w.Level1, g.Level1)
		d.str(p+".level2", w.Level2, g.Level2)
		d.num(p+".max_points", w.MaxPoints, g.MaxPoints)
		d.num(p+".declared_value", w.DeclaredValue, g.DeclaredValue)
		d.num(p+".declared_score", w.DeclaredScore, g.DeclaredScore)
		if w.InScheme != g.InScheme {
			d.add(p+".in_scheme", w.InScheme, g.InScheme)
		}
	}
	for _, g := range got {
		if !seen[g.Code] {
			d.add("indicators["+g.Code+"]", nil, g.Name)
		}
	}
	if len(want) == len(got) {
		for i := range want {
			if want[i].Code != got[i].Code {
				d.add(fmt.Sprintf("indicators order [%d]", i), want[i].Code, got[i].Code)
				break
			}
		}
	}
}

// corpusMetricKey identifies a metric: its code and, for programme rates, its period.
func corpusMetricKey(m report.Metric) string {
	if m.Period != "" {
		return m.Code + "@" + m.Period
	}
	return m.Code
}

func corpusMetrics(d *corpusDiffs, want, got []report.Metric) {
	gotBy := map[string][]report.Metric{}
	for _, m := range got {
		gotBy[corpusMetricKey(m)] = append(gotBy[corpusMetricKey(m)], m)
	}
	wantKeys := map[string]bool{}
	for _, w := range want {
		k := corpusMetricKey(w)
		wantKeys[k] = true
		p := "metrics[" + k + "]"
		gs := gotBy[k]
		if len(gs) == 0 {
			d.add(p, corpusShow(w.Value)+w.Unit, nil)
			continue
		}
		if len(gs) > 1 {
			var vals []string
			for _, g := range gs {
				vals = append(vals, corpusShow(g.Value)+g.Unit)
			}
			d.add(p, "one value", strings.Join(vals, ", "))
		}
		g := gs[0]
		d.num(p+".value", w.Value, g.Value)
		d.str(p+".unit", w.Unit, g.Unit)
		d.str(p+".qualifier", w.Qualifier, g.Qualifier)
		d.str(p+".text", w.Text, g.Text)
	}
	for _, g := range got {
		if k := corpusMetricKey(g); !wantKeys[k] {
			d.add("metrics["+k+"]", nil, corpusShow(g.Value)+g.Unit+" from "+corpusEvidence(g.Evidence))
		}
	}
}

func corpusTargets(d *corpusDiffs, want, got []report.Target) {
	gotBy := map[string][]report.Target{}
	for _, t := range got {
		gotBy[t.Code] = append(gotBy[t.Code], t)
	}
	wantCodes := map[string]bool{}
	for _, w := range want {
		wantCodes[w.Code] = true
		p := "targets[" + w.Code + "]"
		gs := gotBy[w.Code]
		if len(gs) == 0 {
			d.add(p, w.Comparator+" "+corpusShow(w.TargetValue)+w.Unit, nil)
			continue
		}
		if len(gs) > 1 {
			d.add(p, "one target", fmt.Sprintf("%d targets", len(gs)))
		}
		g := gs[0]
		d.num(p+".target_value", w.TargetValue, g.TargetValue)
		d.str(p+".unit", w.Unit, g.Unit)
		d.str(p+".comparator", w.Comparator, g.Comparator)
	}
	for _, g := range got {
		if !wantCodes[g.Code] {
			d.add("targets["+g.Code+"]", nil, g.Comparator+" "+corpusShow(g.TargetValue)+g.Unit+" from "+corpusEvidence(g.Evidence))
		}
	}
}

func corpusEvents(d *corpusDiffs, want, got []report.Event) {
	for i := range max(len(want), len(got)) {
		p := fmt.Sprintf("events[%d]", i)
		switch {
		case i >= len(got):
			d.add(p, want[i].Date+" "+want[i].Name, nil)
			continue
		case i >= len(want):
			d.add(p, nil, got[i].Date+" "+got[i].Name)
			continue
		}
		w, g := want[i], got[i]
		d.str(p+".date", w.Date, g.Date)
		d.str(p+".city", w.City, g.City)
		d.str(p+".name", w.Name, g.Name)
		d.num(p+".projects_released", w.ProjectsReleased, g.ProjectsReleased)
		d.num(p+".amount_released", w.AmountReleased, g.AmountReleased)
		d.num(p+".projects_signed", w.ProjectsSigned, g.ProjectsSigned)
		d.num(p+".amount_signed", w.AmountSigned, g.AmountSigned)
	}
}

func corpusEvidence(e *report.Evidence) string {
	if e == nil {
		return "(no evidence)"
	}
	t := []rune(e.Text)
	if len(t) > 60 {
		t = append(t[:60], '…')
	}
	return strconv.Quote(string(t))
}

func corpusBands(bs []report.GradeBand) string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Grade+"≥"+corpusShow(b.Min))
	}
	return strings.Join(out, " ")
}

func corpusOpt(v float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return &v
}

func corpusKeys(a, b map[string]float64) []string {
	var ks []string
	for k := range a {
		ks = append(ks, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			ks = append(ks, k)
		}
	}
	sort.Strings(ks)
	return ks
}

func corpusRules(fs []report.Finding) []string {
	var out []string
	for _, f := range fs {
		if !slices.Contains(out, f.Rule) {
			out = append(out, f.Rule)
		}
	}
	sort.Strings(out)
	return out
}

// corpusRuleIDs are the rules the corpus plants; each is planted in exactly one
// unit-year and must not be reported for any other file.
var corpusRuleIDs = []string{
	demo.RuleIncomeSum, demo.RuleExpenditureSum, demo.RuleScoreRuleMismatch, demo.RuleLevelSum,
	demo.RuleSameQuantityTwoValues, demo.RuleMalformedNumber, demo.RuleFullMarksClaim,
	demo.RuleTemplateResidue, demo.RuleYearMismatch, demo.RuleMissingFormCell, demo.RuleRatioMismatch,
	demo.RuleComponentOverTotal, demo.RuleFalseComparison, demo.RuleAllFullMarks, demo.RuleGradeMismatch,
}

// TestCorpusConformance runs Analyze over every file of the demo corpus (all
// unit profiles, so that every KPI family is covered) and compares the result
// with the file's truth; planted defects must be reported, unplanted ones not.
func TestCorpusConformance(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	files, err := demo.Write(ctx, dir, demo.Options{Units: demo.MaxUnits()})
	if err != nil {
		t.Fatal(err)
	}
	// Guard against a vacuous pass: every corpus rule is planted somewhere.
	planted := map[string]bool{}
	for _, f := range files {
		for _, rule := range f.Planted {
			planted[rule] = true
		}
	}
	for _, rule := range corpusRuleIDs {
		if !planted[rule] {
			t.Errorf("rule %s is planted in no file of the corpus (%d files)", rule, len(files))
		}
	}
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var checker *warehouse.Checker
	defer func() {
		if checker != nil {
			checker.Close()
		}
	}()
	for _, f := range files {
		t.Run(f.Name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, f.Name))
			if err != nil {
				t.Fatal(err)
			}
			r, err := an.Analyze(ctx, f.Name, data, Overrides{})
			if err != nil {
				t.Fatalf("%s: analyze: %v", f.Name, err)
			}
			truth := f.Truth
			for _, msg := range corpusCompare(&truth, r) {
				t.Errorf("%s: %s", f.Name, msg)
			}
			// A corpus rule Analyze reports for a file it is not planted in
			// is a false alarm (the views' rules are covered by the
			// v_findings golden of TestViewGoldens).
			for _, fd := range r.Findings {
				if slices.Contains(corpusRuleIDs, fd.Rule) && !slices.Contains(f.Planted, fd.Rule) {
					t.Errorf("%s: %s reported but not planted: %s (found %q in %s)", f.Name, fd.Rule, fd.Message, fd.Found, corpusEvidence(fd.Evidence))
				}
			}
			// Planted defects: reported by Analyze, or else by the views.
			got := corpusRules(r.Findings)
			var missing []string
			for _, rule := range f.Planted {
				if !slices.Contains(got, rule) {
					missing = append(missing, rule)
				}
			}
			if len(missing) == 0 {
				return
			}
			if checker == nil {
				if checker, err = warehouse.NewChecker(ctx, an.Schemes); err != nil {
					t.Fatal(err)
				}
			}
			if err := checker.Check(ctx, r, int64(len(data))); err != nil {
				t.Fatalf("%s: check: %v", f.Name, err)
			}
			viewRules := corpusRules(r.Findings)
			for _, rule := range missing {
				if !slices.Contains(viewRules, rule) {
					t.Errorf("%s: planted %s not reported (analyze: %v; with the views: %v)", f.Name, rule, got, viewRules)
				}
			}
		})
	}
}
