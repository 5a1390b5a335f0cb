package parse

import (
	"context"
	"os"
	"strings"
	"testing"

	"jixiao/etl/extract"
	"jixiao/internal/seedfile"
	"jixiao/report"
)

// Regression tests for the data-layer probe (December 2026). Each builds its
// variant of the seed the way the probe does (sed-style line edits, line
// numbers of the 508-line seed) and skips when ../shared is absent.

// seedLines returns the seed report's lines (without newlines).
func seedLines(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(seedfile.Path(t, seedfile.Txt))
	if err != nil {
		t.Fatalf("read seed: %v", err)
	}
	return strings.Split(string(data), "\n")
}

// variant applies sed-style edits (1-based line number → new line) to the
// seed and prepends head lines.
func variant(t *testing.T, head []string, edits map[int]string) string {
	t.Helper()
	ls := seedLines(t)
	for n, s := range edits {
		ls[n-1] = s
	}
	return strings.Join(append(append([]string(nil), head...), ls...), "\n")
}

// parseText parses text as a .txt file through the real extractor.
func parseText(t *testing.T, text string, opt Options) *report.Report {
	t.Helper()
	doc, err := extract.Extract(context.Background(), "variant.txt", []byte(text), extract.Limits{})
	if err != nil {
		t.Fatalf("extract: %v", err)
	}
	return mustParse(t, doc, opt)
}

// unitTotal is what the warehouse takes as the unit's figure (jx_org_total):
// the summary row's value when filled, else the sum of the org rows; get
// returns a row's figure and its summary flag.
func unitTotal[T any](rows []T, get func(T) (*float64, bool)) *float64 {
	var sum *float64
	for _, r := range rows {
		if v, summary := get(r); summary && v != nil {
			return v
		}
	}
	for _, r := range rows {
		if v, summary := get(r); !summary && v != nil {
			x := *v
			if sum != nil {
				x += *sum
			}
			sum = &x
		}
	}
	return sum
}

func incomeTotal(r *report.Report) *float64 {
	return unitTotal(r.Income, func(x report.IncomeRow) (*float64, bool) { return x.Total, x.Summary })
}

func fixedAssetsTotal(r *report.Report) *float64 {
	return unitTotal(r.FixedAssets, func(x report.FixedAssetRow) (*float64, bool) { return x.Total, x.Summary })
}

func TestProbeW3_SummaryRows(t *testing.T) {
	filled := func(label string) map[int]string {
		return map[int]string{87: "\t" + label, 88: "\t146.95", 89: "\t47.84", 90: "\t99.11"}
	}
	for _, tt := range []struct {
		name   string
		edits  map[int]string
		income float64
		fixed  float64
	}{
		{"seed", nil, 146.95, 9.17},
		{"总计", filled("总计"), 146.95, 9.17},
		{"共计", filled("共计"), 146.95, 9.17},
		{"合计", filled("合计"), 146.95, 9.17},
		{"合 计", filled("合 计"), 146.95, 9.17},
		{"全角空格", filled("合\u3000\u3000计"), 146.95, 9.17},
		{"numbered", filled("一、总计"), 146.95, 9.17},
		{"org named 汇总中心", map[int]string{250: "\t3、统计数据汇总中心", 251: "\t2.00", 252: "\t2.00"}, 146.95, 11.17},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := parseText(t, variant(t, nil, tt.edits), Options{})
			if got := incomeTotal(r); !eqf(got, f(tt.income)) {
				t.Errorf("income total = %s, want %v (rows %+v)", str(got), tt.income, r.Income)
			}
			if got := fixedAssetsTotal(r); !eqf(got, f(tt.fixed)) {
				t.Errorf("fixed assets total = %s, want %v", str(got), tt.fixed)
			}
		})
	}
}

func TestSummaryLabel(t *testing.T) {
	for _, tt := range []struct {
		label string
		edge  bool
		want  bool
	}{
		{"局机关及二级机构汇总", true, true},
		{"局机关及二级机构汇总", false, false},
		{"合计", false, true},
		{"总　计", false, true},
		{" 共 计 ", true, true},
		{"1.合计", false, true},
		{"（一）汇总", false, true},
		{"全局合计", true, true},
		{"3、统计数据汇总中心", true, false},
		{"统计数据汇总中心", true, false},
		{"2、数据汇总", true, false},
		{"局机关", true, false},
		{"小计", true, false},
	} {
		if got := isSummaryLabel(tt.label, tt.edge); got != tt.want {
			t.Errorf("isSummaryLabel(%q, %v) = %v, want %v", tt.label, tt.edge, got, tt.want)
		}
	}
}

func TestProbeW2_TableUnits(t *testing.T) {
	for _, tt := range []struct {
		name   string
		edits  map[int]string
		income *float64
		fiscal *float64
		rule   string // a finding wanted
	}{
		{"header 元", map[int]string{69: "\t年度收入情况（元）", 104: "\t1469500", 105: "\t478400", 106: "\t991100"}, f(146.95), f(99.11), "form_unit_converted"},
		{"cell 元", map[int]string{104: "\t1469500元"}, f(146.95), f(99.11), ""},
		{"header 单位：元", map[int]string{69: "\t年度收入情况（单位：元）", 104: "\t1469500", 105: "\t478400", 106: "\t991100"}, f(146.95), f(99.11), "form_unit_converted"},
		{"亿元", map[int]string{69: "\t年度收入情况（亿元）", 104: "\t0.014695", 105: "\t0.004784", 106: "\t0.009911"}, f(146.95), f(99.11), "form_unit_converted"},
		{"unknown unit", map[int]string{69: "\t年度收入情况（美元）"}, nil, nil, "form_unit_unknown"},
		{"contradictory", map[int]string{69: "\t年度收入情况（万元）（元）"}, nil, nil, "form_unit_conflict"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := parseText(t, variant(t, nil, tt.edits), Options{})
			var row *report.IncomeRow
			for i := range r.Income {
				if r.Income[i].Org == "二级机构1" {
					row = &r.Income[i]
				}
			}
			if row == nil {
				t.Fatalf("no 二级机构1 income row: %+v", r.Income)
			}
			if !eqf(row.Total, tt.income) || !eqf(row.FiscalAppropriation, tt.fiscal) {
				t.Errorf("income = %s fiscal = %s; want %s %s", str(row.Total), str(row.FiscalAppropriation), str(tt.income), str(tt.fiscal))
			}
			if tt.rule != "" {
				fs := findingsOf(r, tt.rule)
				if len(fs) != 1 || !strings.Contains(fs[0].Message, "年度收入情况") {
					t.Errorf("%s findings = %+v", tt.rule, fs)
				}
			}
			// The other tables keep 万元, except after a table that stated 元.
			if len(r.Expenditure) < 3 || !eqf(r.Expenditure[2].Total, f(124.94)) {
				t.Errorf("expenditure = %+v", r.Expenditure)
			}
		})
	}
}

func TestProbeU13_FullWidthCommaCell(t *testing.T) {
	r := parseText(t, variant(t, nil, map[int]string{104: "\t1，146.95"}), Options{})
	if got := r.Income[2].Total; !eqf(got, f(1146.95)) {
		t.Errorf("income total = %s, want 1146.95", str(got))
	}
	if fs := findingsOf(r, "malformed_number"); len(fs) != 0 {
		t.Errorf("malformed_number: %+v", fs)
	}
	r = parseText(t, variant(t, nil, map[int]string{104: "\t1，46.95"}), Options{})
	if got := r.Income[2].Total; got != nil || len(findingsOf(r, "malformed_number")) != 1 {
		t.Errorf("ambiguous 1，46.95 read as %s", str(got))
	}
}
