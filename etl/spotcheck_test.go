package etl

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"testing"

	"jixiao/etl/demo"
	warehouse "jixiao/sql"
)

// crossRules are the findings across reports (sql/views/045_spotcheck.sql).
var crossRules = []string{
	"text_reused_from_previous_year", "text_shared_with_other_unit", "figure_unchanged",
	"target_never_raised", "prior_year_mismatch", "score_inflated", "rate_always_full",
}

// TestCrossFindingsWherePlanted loads the whole demo corpus and checks that
// every rule across reports fires on exactly the unit-years the corpus plants
// it in (demo.File.CrossPlanted) and nowhere else, each naming the other report.
func TestCrossFindingsWherePlanted(t *testing.T) {
	wh, files := loadDemo(t)
	want := map[string]bool{}
	for _, f := range files {
		for _, r := range f.CrossPlanted {
			want[fmt.Sprintf("%s/%s/%d", r, f.CurrentName, f.Year)] = true
		}
	}
	for _, rule := range crossRules {
		if !slices.ContainsFunc(files, func(f demo.File) bool { return slices.Contains(f.CrossPlanted, rule) }) {
			t.Errorf("rule %s is planted nowhere in the demo corpus", rule)
		}
	}
	res, err := wh.Query(context.Background(), `SELECT rule, unit, fiscal_year, message, related_evaluation_id FROM v_findings
		WHERE rule IN ('text_reused_from_previous_year', 'text_shared_with_other_unit', 'figure_unchanged',
		               'target_never_raised', 'prior_year_mismatch', 'score_inflated', 'rate_always_full')`, 1000)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range res.Rows {
		key := fmt.Sprintf("%s/%s/%d", r[0], r[1], r[2])
		if got[key] {
			t.Errorf("%s raised twice", key)
		}
		got[key] = true
		if r[0] != "score_inflated" && r[4] == nil {
			t.Errorf("%s: %s does not name the report it compares with", key, r[3])
		}
	}
	var missing, extra []string
	for k := range want {
		if !got[k] {
			missing = append(missing, k)
		}
	}
	for k := range got {
		if !want[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 || len(extra) > 0 {
		t.Errorf("planted but not raised: %v\nraised but not planted: %v", missing, extra)
	}
}

// TestReusePassages checks the copied passages behind the reuse finding: the
// unit that pasted its previous year's narrative has most of its sentences
// listed beside the same sentences of last year's report.
func TestReusePassages(t *testing.T) {
	wh, _ := loadDemo(t)
	res, err := wh.Query(context.Background(), `SELECT r.share_pct, count(p.text), count(*) FILTER (WHERE p.source_text IS NULL)
		FROM v_reuse r JOIN v_reuse_passages p USING (evaluation_id, source)
		WHERE r.unit = '湘西州文化旅游局' AND r.fiscal_year = 2022 AND r.source = 'previous_year'
		GROUP BY r.share_pct`, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 {
		t.Fatalf("want one reuse row for 湘西州文化旅游局 2022, got %v", res.Rows)
	}
	share, _ := res.Rows[0][0].(float64)
	n, _ := res.Rows[0][1].(int64)
	if share < 80 || n < 40 || res.Rows[0][2] != int64(0) {
		t.Errorf("whly 2022: share %v%%, %v passages (%v without their source); want ≥ 80%%, ≥ 40, 0", share, n, res.Rows[0][2])
	}
}

// TestPeerOutliers checks v_peer_outliers on the demo corpus: 州投资促进事务中心
// fills 4–9 of its 13 posts (its profile), far below its peers' staff control
// rates every year.
func TestPeerOutliers(t *testing.T) {
	wh, _ := loadDemo(t)
	res, err := wh.Query(context.Background(), `SELECT fiscal_year, robust_z, peers FROM v_peer_outliers
		WHERE unit = '湘西州投资促进事务中心' AND code = 'staff_control_rate' ORDER BY fiscal_year`, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 5 {
		t.Fatalf("want 5 years of staff_control_rate outliers for 湘西州投资促进事务中心, got %v", res.Rows)
	}
	for _, r := range res.Rows {
		if z, _ := r[1].(float64); z > -3.5 {
			t.Errorf("%v: robust z %v, want < -3.5", r[0], z)
		}
	}
}

// TestCompareCountsCrossFindings: the comparison export's 发现问题数 counts
// every finding of v_findings, those across reports included, and reads 0
// for a unit-year without any.
func TestCompareCountsCrossFindings(t *testing.T) {
	wh, _ := loadDemo(t)
	ctx := context.Background()
	res, err := wh.Query(ctx, `SELECT e.unit, e.fiscal_year, count(f.rule), count(f.related_evaluation_id)
		FROM v_evaluations e LEFT JOIN v_findings f USING (evaluation_id)
		GROUP BY ALL ORDER BY count(f.related_evaluation_id) DESC, e.unit, e.fiscal_year`, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) == 0 || fmt.Sprint(res.Rows[0][3]) == "0" {
		t.Fatalf("no evaluation with findings across reports in the demo corpus: %v", res.Rows)
	}
	unit, year := res.Rows[0][0].(string), int(res.Rows[0][1].(int32))
	want := fmt.Sprint(res.Rows[0][2])
	rows, err := wh.Compare(ctx, warehouse.CompareFilter{Units: []string{unit}, Years: []int{year}})
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got string
	for rows.Next() {
		r := rows.Row()
		if r[2] == "发现问题数" {
			got = fmt.Sprint(r[4])
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s %d: 发现问题数 %s", unit, year, got)
	if got != want && got != want+".0000" {
		t.Errorf("%s %d: 发现问题数 %q in the comparison, v_findings holds %s", unit, year, got, want)
	}
}
