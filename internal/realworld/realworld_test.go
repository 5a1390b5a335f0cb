package realworld

import (
	"strings"
	"testing"

	"jixiao/report"
)

func TestParseIndexRefusesWhatWouldDropAFigure(t *testing.T) {
	const head = "documents:\n  - {id: a, file: a.txt, source: 'https://x.cn/a', level: city, fiscal_year: 2020, type: department, format: html, families: [title_unit_year]"
	for _, tc := range []struct{ name, yaml, err string }{
		{"ok", head + ", figures: {fiscal_year: '2020', 'indicator[预算执行率]': '5'}}", ""},
		{"unknown field", head + ", figure: {fiscal_year: '2020'}}", "not found"},
		{"unknown key", head + ", figures: {staffing.total: '3'}}", "unknown figure key"},
		{"not a number", head + ", figures: {score.total: '九十'}}", "not a number"},
		{"measured key under recorded", head + ", recorded: {score.total: '90'}}", "measured key"},
		{"unknown family", strings.Replace(head, "title_unit_year", "tables", 1) + "}", "unknown layout family"},
		{"bad level", strings.Replace(head, "city", "town", 1) + "}", "level"},
		{"year disagrees", head + ", figures: {fiscal_year: '2021'}}", "disagrees"},
		{"duplicate id", head + "}\n" + strings.TrimPrefix(head, "documents:\n") + "}", "twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseIndex([]byte(tc.yaml))
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("error %v, want one containing %q", err, tc.err)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	r := &report.Report{
		FiscalYear: 2021,
		Unit:       report.Unit{Name: "县财政局", FullName: "凤凰县财政局"},
		Staffing:   report.Staffing{Authorized: report.Float(12), Actual: report.Float(13)},
		Budget:     report.Budget{ThreePublicActual: report.Float(4.2)},
		ThreePublic: []report.ThreePublicRow{
			{Org: "合计", Summary: true, Total: report.Float(4.2), Reception: report.Float(1)},
		},
		Score:      report.Score{Total: report.Float(91), ByLevel1: map[string]float64{"投入": 12}},
		Indicators: []report.Indicator{{Name: "预算执行率（5分）", DeclaredScore: report.Float(4)}},
	}
	want := Figures{
		"fiscal_year":         "2021",
		"unit":                "凤凰县财政局",
		"staffing.authorized": "12",
		"staffing.actual":     "11", // wrong
		"three_public.actual": "4.2",
		"income.total":        "100", // missed
		"indicator[预算执行率]":    "4",
		"score.total":         "91",
	}
	got := Returned(r)
	o := Compare(want, got, true)
	if o.Expected != 8 || o.Right != 6 || len(o.Missed) != 1 {
		t.Fatalf("expected 8 right 6 missed 1, got %+v", o)
	}
	// Returned: 7 matched keys + reception and level1[投入] not in the text.
	if o.Returned != 9 || len(o.Wrong) != 3 {
		t.Fatalf("returned %d wrong %v, want 9 and 3", o.Returned, o.Wrong)
	}
	if !strings.HasPrefix(o.Wrong[0], "staffing.actual: want 11, got 13") {
		t.Errorf("first wrong %q", o.Wrong[0])
	}
	o = Compare(want, got, false)
	if o.Returned != 7 || len(o.Unverified) != 2 || len(o.Wrong) != 1 {
		t.Fatalf("not exhaustive: returned %d wrong %v unverified %v", o.Returned, o.Wrong, o.Unverified)
	}
	var ts = Tallies{}
	ts.Get("x").Add("doc", o, false)
	if r, p := ts["x"].Recall(), ts["x"].Precision(); r != 6.0/8 || p != 6.0/7 {
		t.Errorf("recall %v precision %v", r, p)
	}
	if tbl := ts.Table("t"); !strings.Contains(tbl, "doc: staffing.actual") {
		t.Errorf("table does not list the wrong figure:\n%s", tbl)
	}
	ts.Get(AllGroup).Add("doc", o, false)
	ts.Get(AllGroup).Add("doc2", Compare(Figures{"indicator[a]": "1", "income.total": "2"}, nil, true), true)
	if got, want := ts[AllGroup].MissedSummary(5), "income.total ×2, indicator[…] ×1"; got != want {
		t.Errorf("missed summary %q, want %q", got, want)
	}
}

func TestNilReportReturnsNothing(t *testing.T) {
	if got := Returned(nil); len(got) != 0 {
		t.Fatalf("got %v", got)
	}
	o := Compare(Figures{"fiscal_year": "2020"}, Returned(nil), true)
	if o.Returned != 0 || o.Right != 0 || len(o.Missed) != 1 {
		t.Fatalf("got %+v", o)
	}
}

// A refused document's missed figures beyond its unit and year are held
// out: still expected (recall), left out of the in-scope recall.
func TestHoldOut(t *testing.T) {
	want := Figures{"fiscal_year": "2021", "unit": "甲县乙局", "staffing.actual": "12", "income.total": "30"}
	o := Compare(want, map[string][]string{"fiscal_year": {"2021"}}, true)
	o.HoldOut()
	if len(o.Missed) != 1 || o.Missed[0] != "unit: want 甲县乙局" {
		t.Errorf("missed %q, want the unit only", o.Missed)
	}
	if len(o.HeldOut) != 2 {
		t.Errorf("held out %q, want staff and income", o.HeldOut)
	}
	var tl Tally
	tl.Add("doc", o, true)
	if tl.Expected != 4 || tl.HeldOut != 2 || tl.Right != 1 {
		t.Fatalf("tally %+v", tl)
	}
	if r, s := tl.Recall(), tl.ScopedRecall(); r != 0.25 || s != 0.5 {
		t.Errorf("recall %.2f in scope %.2f, want 0.25 0.50", r, s)
	}
	if tl.MissedKeys["staffing.actual"] != 0 || tl.MissedKeys["unit"] != 1 {
		t.Errorf("most-missed counts held-out figures: %v", tl.MissedKeys)
	}
}
