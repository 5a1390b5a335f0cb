package etl

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"jixiao/etl/extract"
	warehouse "jixiao/sql"
)

// viewBench is a documented view and its baseline: the same rows computed from
// the definitions (the *_all views, the engine run at query time), which is
// what the view cost before its per-document results were materialised.
// An empty baseline means the view reads the live tables either way.
var viewBench = []struct{ view, baseline string }{
	{"v_evaluations", ""},
	{"v_figures", `SELECT e.evaluation_id, e.unit, e.fiscal_year, f.figure, f.value
		FROM figures_all f JOIN v_evaluations e ON e.evaluation_id = f.document_id`},
	{"v_indicator_scores", `SELECT e.evaluation_id, e.unit, e.fiscal_year, s.* EXCLUDE (document_id)
		FROM indicator_scores_all s JOIN v_evaluations e ON e.evaluation_id = s.document_id`},
	{"v_level_scores", `SELECT e.evaluation_id, e.unit, e.fiscal_year, l.* EXCLUDE (document_id)
		FROM level_scores_all l JOIN v_evaluations e ON e.evaluation_id = l.document_id`},
	{"v_findings", `SELECT e.evaluation_id, e.unit, e.fiscal_year, f.* EXCLUDE (document_id)
		FROM findings_all f JOIN v_evaluations e ON e.evaluation_id = f.document_id`},
	{"v_measures", `SELECT e.evaluation_id, e.unit_id, e.unit, e.fiscal_year, m.* EXCLUDE (document_id)
		FROM measures_all m JOIN v_evaluations e ON e.evaluation_id = m.document_id`},
	// v_trends before: a window over the measures of the whole prefecture.
	{"v_trends", `WITH m AS MATERIALIZED (SELECT e.unit_id, e.unit, e.fiscal_year, m.* EXCLUDE (document_id)
		    FROM measures_all m JOIN v_evaluations e ON e.evaluation_id = m.document_id),
		series AS (SELECT unit_id, unit, measure, fiscal_year, value FROM m
		    UNION ALL SELECT NULL, '全州合计', measure, fiscal_year, sum(value) FROM m WHERE additive GROUP BY ALL)
		SELECT *, lag(value) OVER (PARTITION BY coalesce(unit_id, -1), measure ORDER BY fiscal_year) AS prev_value FROM series`},
	{"v_targets", `SELECT e.evaluation_id, e.unit, e.fiscal_year, t.* EXCLUDE (document_id)
		FROM targets_all t JOIN v_evaluations e ON e.evaluation_id = t.document_id`},
	{"v_coverage", ""},
}

// BenchmarkViews loads N generated reports (JIXIAO_BENCH_N, n/5 units × 5
// years) through the ETL, then times every documented view filtered to one
// unit and scanned whole, each beside its baseline. scripts/bench.sh prints
// the "view-ms" lines as a table; the budget is 100 ms per unit query at
// 10,000 reports (DESIGN §12, probe P1).
func BenchmarkViews(b *testing.B) {
	n := benchN(b)
	ctx := context.Background()
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	layout := NewLayout(filepath.Join(b.TempDir(), "data"), "")
	writeCorpus(b, layout.Inbox, n)
	wh, err := warehouse.Open(ctx, layout.WarehousePath(), warehouse.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer wh.Close()
	r := &Runner{WH: wh, Analyzer: an, Layout: layout}
	if _, err := r.RunOnce(ctx, "bench", nil); err != nil {
		b.Fatal(err)
	}
	unit := fmt.Sprintf("湘西州基准测试单位%05d", n/10)
	// median of three runs, in ms; fails the benchmark on an error or an
	// empty answer (a fast empty result proves nothing).
	timeQuery := func(q string) float64 {
		var ms []float64
		for range 3 {
			t := time.Now()
			res, err := wh.Query(ctx, q, 0)
			if err != nil {
				b.Fatalf("%s: %v", q, err)
			}
			ms = append(ms, float64(time.Since(t).Microseconds())/1000)
			if len(res.Rows) == 0 {
				b.Fatalf("%s: no rows", q)
			}
		}
		sort.Float64s(ms)
		return ms[1]
	}
	b.ResetTimer()
	for range b.N {
		// The spot-check across reports, recomputed whole at every refresh
		// (text reuse by fingerprint join, findings across years and units),
		// beside one scan of the sentences it reads.
		st, err := wh.TimeSpotcheck(ctx)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Printf("spotcheck-ms %d %d %.0f %.0f %.0f\n", n, st.Sentences, st.Reuse, st.Findings, st.Scan)
		for _, v := range viewBench {
			unitQ := fmt.Sprintf("SELECT * FROM %s WHERE unit = '%s'", v.view, unit)
			scanQ := fmt.Sprintf("SELECT count(*) FROM %s", v.view)
			u, s := timeQuery(unitQ), timeQuery(scanQ)
			bu, bs := "-", "-"
			if v.baseline != "" {
				bu = fmt.Sprintf("%.0f", timeQuery(fmt.Sprintf("SELECT * FROM (%s) WHERE unit = '%s'", v.baseline, unit)))
				bs = fmt.Sprintf("%.0f", timeQuery(fmt.Sprintf("SELECT count(*) FROM (%s)", v.baseline)))
			}
			fmt.Printf("view-ms %s %d %.0f %s %.0f %s\n", v.view, n, u, bu, s, bs)
			if u > 100 && n <= 10000 {
				b.Errorf("%s for one unit took %.0f ms at %d reports (budget 100 ms)", v.view, u, n)
			}
		}
	}
}
