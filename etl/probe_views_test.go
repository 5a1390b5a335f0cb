package etl

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/etl/extract"
	"jixiao/export"
	"jixiao/internal/seedfile"
	warehouse "jixiao/sql"
)

// Regression tests for the views' items of the data-layer probe (December
// 2026). Each builds its variants from the seed as the probe's sed commands
// do, runs them through one ETL pass into a real warehouse file and reads the
// views back.

// seedLines reads the seed report as lines (1-based like sed), or skips.
func seedLines(t *testing.T) []string {
	t.Helper()
	dir, err := seedfile.Dir()
	if err != nil {
		t.Skipf("seed report not available (../shared): %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, seedfile.Txt))
	if err != nil {
		t.Skipf("seed report not available: %v", err)
	}
	return strings.Split(string(b), "\n")
}

// seedVariant applies sed-style edits: line number → the line's new text.
func seedVariant(lines []string, edits map[int]string) string {
	out := append([]string(nil), lines...)
	for n, s := range edits {
		out[n-1] = s
	}
	return strings.Join(out, "\n")
}

// etlFiles loads files (name → content) and an optional manifest through one
// ETL pass into a fresh warehouse.
func etlFiles(t *testing.T, files map[string]string, manifest string) *warehouse.DB {
	t.Helper()
	ctx := context.Background()
	layout := NewLayout(filepath.Join(t.TempDir(), "data"), "")
	if err := layout.Ensure(); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(layout.Inbox, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if manifest != "" {
		if err := os.WriteFile(filepath.Join(layout.Inbox, ManifestName), []byte(manifest), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wh, err := warehouse.Open(ctx, layout.WarehousePath(), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { wh.Close() })
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	r := &Runner{WH: wh, Analyzer: an, Layout: layout}
	sum, err := r.RunOnce(ctx, "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Quarantined > 0 {
		t.Fatalf("%d of %d files quarantined", sum.Quarantined, len(files))
	}
	return wh
}

// rows runs q and returns its rows as CSV lines (header dropped).
func rows(t *testing.T, wh *warehouse.DB, q string) []string {
	t.Helper()
	res, err := wh.Query(context.Background(), q, 0)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	var sb strings.Builder
	if _, err := export.CSV(&sb, res.Source(), export.CSVOptions{NoBOM: true}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(sb.String()), "\n")
	return lines[1:]
}

// W10: a filled summary row that contradicts its org rows is an error finding
// naming the table, with the org rows' sum beside the summary's figure.
func TestProbeW10_SummaryVsOrgRows(t *testing.T) {
	seed := seedLines(t)
	tests := []struct {
		name  string
		edits map[int]string
		want  []string
	}{
		{"seed", nil, nil},
		{"sum_zero", map[int]string{233: "\t0", 234: "\t0"}, []string{
			"固定资产：汇总行与各机构行之和不符（在用固定资产）,9.17（各机构行之和）,0（汇总行）",
			"固定资产：汇总行与各机构行之和不符（固定资产合计）,9.17（各机构行之和）,0（汇总行）"}},
		{"sum_20", map[int]string{233: "\t20.00", 234: "\t20.00"}, []string{
			"固定资产：汇总行与各机构行之和不符（在用固定资产）,9.17（各机构行之和）,20（汇总行）",
			"固定资产：汇总行与各机构行之和不符（固定资产合计）,9.17（各机构行之和）,20（汇总行）"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wh := etlFiles(t, map[string]string{tt.name + ".txt": seedVariant(seed, tt.edits)}, "")
			got := rows(t, wh, `SELECT message, expected, found FROM v_findings
				WHERE rule = 'summary_vs_org_rows' AND severity = 'error' ORDER BY message DESC`)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("summary_vs_org_rows findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// W8: 全州合计 compares the units present in both years; one unit missing last
// year never reads as +100 %.
func TestProbeW8_PrefectureLikeForLike(t *testing.T) {
	seed := seedLines(t)
	files := map[string]string{}
	for i := 1; i <= 3; i++ {
		files[fmt.Sprintf("%d.txt", i)] = seedVariant(seed, map[int]string{6: fmt.Sprintf("\t%d", i)})
	}
	wh := etlFiles(t, files, "file,unit,year,region,scheme\n1.txt,湘西州甲单位,2020,湘西州,\n2.txt,湘西州甲单位,2021,湘西州,\n3.txt,湘西州乙单位,2021,湘西州,\n")
	got := rows(t, wh, `SELECT unit, fiscal_year, value, prev_value, delta, delta_pct, units, units_compared
		FROM v_trends WHERE measure = 'income_total' ORDER BY unit, fiscal_year`)
	want := []string{
		"全州合计,2020,146.95,,,,1,0",
		"全州合计,2021,293.9,146.95,0,0,2,1",
		"湘西州乙单位,2021,146.95,,,,1,0",
		"湘西州甲单位,2020,146.95,,,,1,0",
		"湘西州甲单位,2021,146.95,146.95,0,0,1,1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("v_trends income_total:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// W9: v_figures covers current evaluations only, keyed like every v_* view;
// figures_all keeps every document.
func TestProbeW9_FiguresCurrentOnly(t *testing.T) {
	seed := seedLines(t)
	corrected := seedVariant(seed, map[int]string{104: "\t150.00", 105: "\t47.83", 106: "\t102.17"})
	wh := etlFiles(t, map[string]string{"a.txt": seedVariant(seed, nil), "b.txt": corrected}, "")
	got := rows(t, wh, `SELECT (SELECT count(*) FROM v_evaluations), count(DISTINCT evaluation_id), count(DISTINCT unit),
		count(DISTINCT fiscal_year), sum(value) FILTER (WHERE figure = 'fixed_assets_total'),
		(SELECT count(DISTINCT document_id) FROM figures_all) FROM v_figures`)
	if want := "1,1,1,1,9.17,2"; len(got) != 1 || got[0] != want {
		t.Errorf("evaluations, v_figures evaluations/units/years, fixed assets sum, figures_all documents = %v, want %s", got, want)
	}
}

// S4: grade_mismatch falls back to the scheme's grade bands when the report
// prints none.
func TestProbeS4_GradeFallsBackToSchemeBands(t *testing.T) {
	seed := seedLines(t)
	cha := func(edits map[int]string) string {
		return strings.ReplaceAll(seedVariant(seed, edits), "评价结果等次为“优”", "评价结果等次为“差”")
	}
	tests := []struct {
		name, text, want string
	}{
		{"grade_bands", cha(nil), "评价等次与总分不符,优,差"},
		{"grade_nobands", cha(map[int]string{336: "\t备注："}), "评价等次与总分不符（按评分方案的等次划分）,优,差"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wh := etlFiles(t, map[string]string{tt.name + ".txt": tt.text}, "")
			got := rows(t, wh, `SELECT message, expected, found FROM v_findings WHERE rule = 'grade_mismatch'`)
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("grade_mismatch = %v, want [%s]", got, tt.want)
			}
		})
	}
}

// U1: findings name what the form prints and the scheme's Chinese name, never
// internal codes or scheme ids.
func TestProbeU1_MessagesInFormTerms(t *testing.T) {
	seed := seedLines(t)
	var extra []string
	for _, l := range seed {
		if strings.HasPrefix(l, "⑥") {
			extra = append(extra, "⑦重点支出安排率（2分）：重点支出安排合理，根据评分标准得满分2分。")
		}
		extra = append(extra, l)
	}
	wh := etlFiles(t, map[string]string{"seed.txt": seedVariant(seed, nil), "extra.txt": strings.Join(extra, "\n")},
		"file,unit,year,region,scheme\nextra.txt,湘西州乙单位,2021,湘西州,\n")
	got := rows(t, wh, `SELECT rule, message, coalesce(expected, '') FROM v_findings
		WHERE rule IN ('missing_form_cell', 'indicator_not_in_scheme') ORDER BY unit, rule, message`)
	want := []string{
		"indicator_not_in_scheme,指标“重点支出安排率”不在评分方案“湘西州部门整体支出绩效评价指标（2021版）”中，按报告原文载入,湘西州部门整体支出绩效评价指标（2021版）",
		"missing_form_cell,表中必填项为空：绩效自评综合得分,已填写",
		"missing_form_cell,表中必填项为空：评价等次,已填写",
		"missing_form_cell,表中必填项为空：绩效自评综合得分,已填写",
		"missing_form_cell,表中必填项为空：评价等次,已填写",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, l := range rows(t, wh, `SELECT message FROM v_findings`) {
		if strings.Contains(l, "form.") || strings.Contains(l, "hunan-xiangxi") {
			t.Errorf("message shows an internal code: %s", l)
		}
	}
}

// U6: every measure's label is Chinese; narrative metrics take the metrics
// dictionary's label.
func TestProbeU6_MeasureLabelsInChinese(t *testing.T) {
	seed := seedLines(t)
	wh := etlFiles(t, map[string]string{"seed.txt": seedVariant(seed, nil)}, "")
	got := rows(t, wh, `SELECT measure, label FROM v_measures WHERE measure IN ('investment_inflow', 'income_total') ORDER BY measure`)
	if want := "income_total,收入合计\ninvestment_inflow,到位资金"; strings.Join(got, "\n") != want {
		t.Errorf("labels:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	if bad := rows(t, wh, `SELECT DISTINCT measure, label FROM v_measures WHERE NOT regexp_matches(label, '[\x{4e00}-\x{9fff}]')`); len(bad) > 0 {
		t.Errorf("measures without a Chinese label: %v", bad)
	}
}
