package etl

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"jixiao/etl/demo"
	"jixiao/etl/extract"
	"jixiao/export"
	warehouse "jixiao/sql"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// demoWarehouse loads the demo corpus once per test binary.
var demoOnce struct {
	sync.Once
	wh    *warehouse.DB
	files []demo.File
	err   error
}

func loadDemo(t *testing.T) (*warehouse.DB, []demo.File) {
	t.Helper()
	demoOnce.Do(func() {
		ctx := context.Background()
		dir, err := os.MkdirTemp("", "jixiao-demo-*")
		if err != nil {
			demoOnce.err = err
			return
		}
		layout := NewLayout(filepath.Join(dir, "data"), "")
		if err := layout.Ensure(); err != nil {
			demoOnce.err = err
			return
		}
		files, err := demo.Write(ctx, layout.Inbox, demo.Options{})
		if err != nil {
			demoOnce.err = err
			return
		}
		wh, err := warehouse.Open(ctx, layout.WarehousePath(), warehouse.Options{})
		if err != nil {
			demoOnce.err = err
			return
		}
		an, err := NewAnalyzer(extract.Limits{})
		if err != nil {
			demoOnce.err = err
			return
		}
		r := &Runner{WH: wh, Analyzer: an, Layout: layout}
		sum, err := r.RunOnce(ctx, "test", nil)
		if err == nil && sum.Quarantined > 0 {
			err = fmt.Errorf("demo corpus: %d files quarantined", sum.Quarantined)
		}
		demoOnce.wh, demoOnce.files, demoOnce.err = wh, files, err
	})
	if demoOnce.err != nil {
		t.Fatal(demoOnce.err)
	}
	return demoOnce.wh, demoOnce.files
}

// viewGoldens are the documented views, each with a stable ordering. Columns that
// change from run to run (timestamps, file paths) are left out.
var viewGoldens = map[string]string{
	"v_figures":          `SELECT e.unit, e.fiscal_year, f.figure, round(f.value, 4) AS value FROM v_figures f JOIN v_evaluations e USING (evaluation_id) ORDER BY e.unit, e.fiscal_year, f.figure`,
	"v_measures":         `SELECT unit, fiscal_year, measure, label, measure_unit, additive, round(value, 4) AS value FROM v_measures ORDER BY unit, measure, fiscal_year`,
	"v_evaluations":      `SELECT unit, unit_name_in_report, region, fiscal_year, scheme, file_name, format, total_score, grade, staff_authorized, staff_actual FROM v_evaluations ORDER BY unit, fiscal_year`,
	"v_indicator_scores": `SELECT unit, fiscal_year, code, max_points, declared_value, computed_value, written_value, declared_score, computed_score, score_for_declared_value, score_basis FROM v_indicator_scores ORDER BY unit, fiscal_year, code`,
	"v_level_scores":     `SELECT unit, fiscal_year, level1, max_points, declared_score, indicator_declared_sum, recomputed_score, recomputed_grade FROM v_level_scores ORDER BY unit, fiscal_year, level1`,
	"v_findings":         `SELECT unit, fiscal_year, rule, severity, message, expected, found FROM v_findings ORDER BY unit, fiscal_year, rule, message, expected, found`,
	"v_trends":           `SELECT unit, measure, fiscal_year, value, prev_value, delta, delta_pct, units, units_compared FROM v_trends ORDER BY unit, measure, fiscal_year`,
	"v_targets":          `SELECT unit, fiscal_year, code, target_value, comparator, actual_value, attainment_pct, met FROM v_targets ORDER BY unit, fiscal_year, code`,
	"v_coverage":         `SELECT unit, fiscal_year, status, file_name, superseded_versions FROM v_coverage ORDER BY unit, fiscal_year`,
	"agg_yearly":         `SELECT fiscal_year, units, round(avg_score, 2), min_score, max_score, grade_you, grade_liang, grade_jiaocha, grade_cha, round(income_total, 2), round(expenditure_total, 2), round(three_public_total, 2), findings_error, findings_warning FROM agg_yearly ORDER BY fiscal_year`,
}

func TestViewGoldens(t *testing.T) {
	wh, _ := loadDemo(t)
	ctx := context.Background()
	for name, q := range viewGoldens {
		t.Run(name, func(t *testing.T) {
			res, err := wh.Query(ctx, q, 100000)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Rows) == 0 {
				t.Fatalf("%s returned no rows over the demo corpus", name)
			}
			var sb strings.Builder
			if _, err := export.CSV(&sb, res.Source(), export.CSVOptions{NoBOM: true}); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "views", name+".csv")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(sb.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./etl -run TestViewGoldens -update)", err)
			}
			if sb.String() != string(want) {
				t.Errorf("%s differs from %s (run with -update after checking the diff):\n%s", name, golden, firstDiff(string(want), sb.String()))
			}
		})
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant %s\ngot  %s", i+1, w, g)
		}
	}
	return ""
}

// Trends follow the investment-promotion unit through its rename (事务局 → 事务中心).
func TestTrendAcrossRename(t *testing.T) {
	wh, files := loadDemo(t)
	ctx := context.Background()
	var renamed string
	for _, f := range files {
		if f.CurrentName != "" && f.Unit != "" && !strings.HasSuffix(f.CurrentName, f.Unit) {
			renamed = f.CurrentName
		}
	}
	if renamed == "" {
		t.Fatal("the demo corpus has no renamed unit")
	}
	res, err := wh.Query(ctx, fmt.Sprintf(`SELECT fiscal_year, value, prev_value, delta_pct FROM v_trends
		WHERE unit LIKE '%%%s' AND measure = 'total_score' ORDER BY fiscal_year`, strings.TrimPrefix(renamed, "湘西")), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 5 {
		t.Fatalf("total_score trend of %s has %d years, want 5 (2019-2023 across the rename): %v", renamed, len(res.Rows), res.Rows)
	}
	for i, row := range res.Rows[1:] {
		if row[2] == nil {
			t.Errorf("year %v has no previous value: the trend broke at the rename (row %d)", row[0], i+1)
		}
	}
	units, err := wh.Query(ctx, `SELECT count(*) FROM units`, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(len(demo.UnitKeys()[:6])); units.Rows[0][0] != want {
		t.Errorf("units = %v, want %d (one per demo unit, renames merged)", units.Rows[0][0], want)
	}
	years, err := wh.Query(ctx, `SELECT unit, count(DISTINCT fiscal_year) FROM v_trends WHERE unit <> '全州合计' GROUP BY unit HAVING count(DISTINCT fiscal_year) < 3`, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(years.Rows) > 0 {
		t.Errorf("units with trends over fewer than 3 years: %v", years.Rows)
	}
}

// Every documented view returns rows over the demo corpus.
func TestEveryViewHasRows(t *testing.T) {
	wh, _ := loadDemo(t)
	for _, v := range []string{"v_evaluations", "v_figures", "v_indicator_scores", "v_level_scores", "v_findings",
		"v_measures", "v_trends", "v_targets", "v_coverage"} {
		res, err := wh.Query(context.Background(), "SELECT count(*) FROM "+v, 0)
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		if n, _ := res.Rows[0][0].(int64); n == 0 {
			t.Errorf("%s has no rows", v)
		}
	}
}
