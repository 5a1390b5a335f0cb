package etl

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFrameworksLoadIntoWarehouse loads a report of each shipped framework
// (testdata/frameworks, our own wording and figures) into a real DuckDB file:
// each is scored by the scheme its level names and indicators choose (one by
// the manifest's scheme column), its indicators and level scores appear in
// v_indicator_scores and v_level_scores, and the score checks fire where the
// report's own figures disagree.
func TestFrameworksLoadIntoWarehouse(t *testing.T) {
	r, layout := newRunner(t)
	ctx := context.Background()
	files, err := filepath.Glob("testdata/frameworks/*.txt")
	if err != nil || len(files) != 4 {
		t.Fatalf("fixtures = %v, %v", files, err)
	}
	for _, f := range files {
		copyFile(t, f, filepath.Join(layout.Inbox, filepath.Base(f)))
	}
	manifest := "file,unit,year,region,scheme\nforced_xikou_national_2022.txt,,,,national-2013\n"
	if err := os.WriteFile(filepath.Join(layout.Inbox, ManifestName), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := r.RunOnce(ctx, "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Loaded != 4 {
		t.Fatalf("summary = %+v, want 4 loaded", sum)
	}
	query := func(q string) [][]any {
		t.Helper()
		res, err := r.WH.Query(ctx, q, 0)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return res.Rows
	}
	for _, tt := range []struct {
		file, scheme string
		indicators   int64
		inScheme     int64
		total        float64
		levels       map[string]float64
		findings     []string // score findings expected, sorted
	}{
		{"national_qingya_2022.txt", "national-2013", 17, 17, 93.5,
			map[string]float64{"投入": 18, "过程": 38, "产出": 19, "效果": 18.5}, []string{"score_over_max"}},
		{"sichuan_xiqiao_2023.txt", "sichuan-2017", 29, 27, 91.5,
			map[string]float64{"部门决策": 23, "综合管理": 28, "部门绩效": 41.5}, []string{"level_sum", "total_vs_levels"}},
		{"hunan_xikou_2022.txt", "hunan-xiangxi-2021", 21, 21, 91,
			map[string]float64{"投入": 12, "过程": 55, "产出及效率": 24}, nil},
		{"forced_xikou_national_2022.txt", "national-2013", 4, 4, 93, nil, nil},
	} {
		t.Run(tt.file, func(t *testing.T) {
			where := fmt.Sprintf("e.file_name = '%s'", tt.file)
			ev := query(`SELECT e.evaluation_id, e.scheme, e.total_score FROM v_evaluations e WHERE ` + where)
			if len(ev) != 1 {
				t.Fatalf("v_evaluations rows = %v", ev)
			}
			if ev[0][1] != tt.scheme || fmt.Sprint(ev[0][2]) != fmt.Sprint(tt.total) {
				t.Errorf("scheme, total = %v %v; want %s %v", ev[0][1], ev[0][2], tt.scheme, tt.total)
			}
			id := fmt.Sprint(ev[0][0])
			inds := query(`SELECT count(*), count(*) FILTER (WHERE in_scheme), count(DISTINCT scheme), any_value(scheme)
				FROM v_indicator_scores WHERE evaluation_id = ` + id)
			if inds[0][0] != tt.indicators || inds[0][1] != tt.inScheme || inds[0][2] != int64(1) || inds[0][3] != tt.scheme {
				t.Errorf("v_indicator_scores: %v; want %d indicators, %d in %s", inds[0], tt.indicators, tt.inScheme, tt.scheme)
			}
			for level, want := range tt.levels {
				got := query(fmt.Sprintf(`SELECT declared_score FROM v_level_scores WHERE evaluation_id = %s AND level1 = '%s'`, id, level))
				if len(got) != 1 || fmt.Sprint(got[0][0]) != fmt.Sprint(want) {
					t.Errorf("v_level_scores %s = %v, want %v", level, got, want)
				}
			}
			var rules []string
			for _, row := range query(`SELECT DISTINCT rule FROM v_findings WHERE evaluation_id = ` + id +
				` AND rule IN ('level_sum', 'total_vs_levels', 'score_over_max', 'scheme_uncertain') ORDER BY rule`) {
				rules = append(rules, fmt.Sprint(row[0]))
			}
			if !slices.Equal(rules, tt.findings) {
				t.Errorf("score findings = %v, want %v", rules, tt.findings)
			}
		})
	}
	// The unweighted framework's points are NULL in the scheme tables: the
	// report's own 分值 is every indicator's maximum.
	pts := query(`SELECT count(*) FILTER (WHERE max_points IS NOT NULL), count(*) FROM scheme_indicators WHERE scheme_id = 'national-2013'`)
	if pts[0][0] != int64(0) || pts[0][1] == int64(0) {
		t.Errorf("national-2013 scheme points = %v, want all NULL", pts[0])
	}
	over := query(`SELECT s.max_points, s.declared_score FROM v_indicator_scores s JOIN v_evaluations e USING (evaluation_id)
		WHERE e.file_name = 'national_qingya_2022.txt' AND s.code = 'public_exp_ctrl'`)
	if len(over) != 1 || fmt.Sprint(over[0]) != "[5 6]" {
		t.Errorf("公用经费控制率 max, score = %v, want [5 6] (the report's own points)", over)
	}
}

// A province's form with more indicator rows than the scheme names (a
// Chongqing-style 部门整体绩效自评表: the scheme's common indicators, then the
// department's own output rows, then a budget-execution score outside the
// indicators) has its total well above the sum of the indicators the parser
// read. That gap is the parser's, not the unit's: no 总分与各指标得分之和不符
// error. Sums above a declared score, and sums below it when the indicators
// read carry the level's whole maximum, still fire (the Sichuan report in
// TestFrameworksLoadIntoWarehouse has one of each).
func TestPartialScoreTableNoSumError(t *testing.T) {
	text, err := os.ReadFile("testdata/partialscores/form_more_rows_than_scheme.txt")
	if err != nil {
		t.Fatal(err)
	}
	wh := etlFiles(t, map[string]string{"form.txt": string(text)}, "file,unit,year\nform.txt,青崖区融媒体中心,2023\n")
	got := rows(t, wh, `SELECT count(*) FILTER (WHERE rule IN ('level_sum', 'total_vs_levels')), count(*) FROM v_findings`)
	ind := rows(t, wh, `SELECT count(*), sum(declared_score) FROM v_indicator_scores`)
	if len(got) != 1 || !strings.HasPrefix(got[0], "0,") || ind[0] != "7,18" {
		t.Errorf("sum findings, all findings = %v; indicators read, their sum = %v; want no sum finding over 7 indicators worth 18", got, ind)
	}
}
