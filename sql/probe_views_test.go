package sql

import (
	"context"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"jixiao/report"
)

// W3 (views): a form table's figure for the unit uses the row the parser
// flagged as the summary row (report_items.flag, the is_summary column), and
// nothing in the views decides by a substring of the org's name: a row labelled
// 总计 flagged summary is not summed with the org rows, and an org named
// "…汇总中心" that is not flagged is summed like any org.
func TestProbeW3_ViewsDecideSummaryByFlag(t *testing.T) {
	ctx := context.Background()
	db := engineDB(t)
	f := report.Float
	r := seedLikeReport()
	r.Income = []report.IncomeRow{{Org: "总计", Total: f(146.95)}, {Org: "二级机构1", Total: f(146.95)}}
	r.FixedAssets = []report.FixedAssetRow{{Org: "3、统计数据汇总中心", Total: f(2), InUse: f(2)}, {Org: "二级机构1", Total: f(9.17), InUse: f(9.17)}}
	res, err := db.Load(ctx, Document{Report: r, FileName: "w3.txt", SHA256: "w3"})
	if err != nil {
		t.Fatal(err)
	}
	// The parser's decision, whatever the name says.
	if _, err := db.db.ExecContext(ctx, `UPDATE report_items SET flag = (name = '总计')
		WHERE document_id = ? AND kind IN ('income', 'fixed_assets')`, res.DocumentID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RefreshAggregates(ctx); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		q    string
		want float64
	}{
		{`SELECT value FROM v_measures WHERE measure = 'income_total'`, 146.95},
		{`SELECT value FROM v_measures WHERE measure = 'fixed_assets_total'`, 11.17},
		{`SELECT value FROM v_figures WHERE figure = 'fixed_assets_total'`, 11.17},
		{`SELECT value FROM v_figures WHERE figure = 'fixed_assets_in_use'`, 11.17},
	} {
		var got float64
		if err := db.db.QueryRowContext(ctx, tt.q).Scan(&got); err != nil {
			t.Fatalf("%s: %v", tt.q, err)
		}
		if got < tt.want-1e-9 || got > tt.want+1e-9 {
			t.Errorf("%s = %v, want %v", tt.q, got, tt.want)
		}
	}
	// No view matches an org name against 汇总/合计/总计/共计: only level1 = '合计'
	// (the total row of the level scores, a name the views write themselves).
	byName := regexp.MustCompile(`(?i)(org|name)\s*(LIKE|=|~|SIMILAR)[^\n]*(汇总|合计|总计|共计)|(contains|strpos|position|instr)\s*\([^\n]*(汇总|合计|总计|共计)`)
	err = fs.WalkDir(viewFS, "views", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".sql") {
			return err
		}
		b, err := viewFS.ReadFile(path)
		if err != nil {
			return err
		}
		if m := byName.Find(b); m != nil {
			t.Errorf("%s decides a summary row by its name: %s", path, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
