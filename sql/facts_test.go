package sql

import (
	"testing"

	"jixiao/report"
)

// TestProbeW3_SummaryFlag: is_summary is the parser's decision, not a word
// inside the org name: a 总计 row is the summary, an org named …汇总中心 is not.
func TestProbeW3_SummaryFlag(t *testing.T) {
	v := 1.0
	r := &report.Report{
		Income:      []report.IncomeRow{{Org: "总计", Summary: true, Total: &v}, {Org: "局机关", Total: &v}},
		FixedAssets: []report.FixedAssetRow{{Org: "局机关", Total: &v}, {Org: "统计数据汇总中心", Total: &v}},
	}
	want := []struct {
		kind, name string
		summary    bool
	}{{"income", "总计", true}, {"income", "局机关", false}, {"fixed_assets", "局机关", false}, {"fixed_assets", "统计数据汇总中心", false}}
	rows := itemRows(1, r)
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		// Columns: document_id, kind, ord, code, name, …, flag (index 19).
		if rows[i][1] != w.kind || rows[i][4] != w.name || rows[i][19] != w.summary {
			t.Errorf("row %d = kind %v name %v flag %v; want %+v", i, rows[i][1], rows[i][4], rows[i][19], w)
		}
	}
}
