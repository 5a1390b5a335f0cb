package sql

import (
	"context"
	"fmt"
	"math"
	"testing"

	"jixiao/etl/scheme"
	"jixiao/report"
)

func engineDB(t *testing.T) *DB {
	t.Helper()
	db := openTemp(t)
	cat, err := scheme.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SyncSchemes(context.Background(), cat); err != nil {
		t.Fatal(err)
	}
	return db
}

// ladderSteps is scheme indicator i's ladder as indicator_scores_all's
// ladders CTE hands it to jx_rule_score.
const ladderSteps = `(SELECT list(struct_pack(op, limit_value, points) ORDER BY step_no) FROM scheme_rule_steps s
	WHERE s.scheme_id = i.scheme_id AND s.code = i.code)`

// Every rule type, evaluated by the SQL engine against the shipped scheme.
func TestRuleTypes(t *testing.T) {
	db := engineDB(t)
	tests := []struct {
		code  string
		value float64
		want  float64
	}{
		// deduction: ≤ 0 full, 0.4 points per percentage point over
		{"sangong_change_rate", -10, 4}, {"sangong_change_rate", 0, 4}, {"sangong_change_rate", 5, 2}, {"sangong_change_rate", 66.67, 0},
		{"staff_control_rate", 30.77, 3}, {"staff_control_rate", 105, 1.5},
		// ladder: first matching step wins
		{"budget_adjust_rate", 1.14, 5}, {"budget_adjust_rate", 9.99, 5}, {"budget_adjust_rate", 10, 3},
		{"budget_adjust_rate", 19.9, 3}, {"budget_adjust_rate", 25, 0},
		{"budget_completion_rate", 100, 5}, {"budget_completion_rate", 96, 4}, {"budget_completion_rate", 85.02, 0},
		// threshold
		{"satisfaction", 96.1, 6}, {"satisfaction", 90, 0}, {"gov_procurement_exec", 100, 6}, {"gov_procurement_exec", 99, 0},
	}
	for _, tt := range tests {
		var got *float64
		err := db.db.QueryRowContext(context.Background(), `SELECT jx_rule_score(?, rule_type, rule_op,
			rule_limit, rule_per_point, rule_else, max_points, `+ladderSteps+`)::DOUBLE FROM scheme_indicators i
			WHERE scheme_id = 'hunan-xiangxi-2021' AND code = ?`, tt.value, tt.code).Scan(&got)
		if err != nil {
			t.Fatalf("%s: %v", tt.code, err)
		}
		if got == nil || math.Abs(*got-tt.want) > 1e-9 {
			t.Errorf("%s(%v) = %v, want %v", tt.code, tt.value, got, tt.want)
		}
	}
	var got *float64
	if err := db.db.QueryRowContext(context.Background(), `SELECT jx_rule_score(1.0, rule_type, rule_op,
		rule_limit, rule_per_point, rule_else, max_points, `+ladderSteps+`)::DOUBLE FROM scheme_indicators i
		WHERE scheme_id = 'hunan-xiangxi-2021' AND code = 'admin_efficiency'`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != nil {
		t.Errorf("declared rule scored %v, want NULL", *got)
	}
}

func seedLikeReport() *report.Report {
	f := report.Float
	ind := func(code string, declared, score float64) report.Indicator {
		return report.Indicator{Code: code, Name: code, DeclaredValue: f(declared), DeclaredScore: f(score)}
	}
	return &report.Report{
		Source:     report.Source{Format: "txt", ParserVersion: report.ParserVersion},
		Unit:       report.Unit{Name: "州测试中心", CanonicalName: "湘西州测试中心", Region: "湘西州"},
		FiscalYear: 2021,
		Scheme:     "hunan-xiangxi-2021",
		Staffing:   report.Staffing{Authorized: f(13), Actual: f(4)},
		FixedAssets: []report.FixedAssetRow{
			{Org: "局机关及二级机构汇总", Summary: true}, {Org: "二级机构1", Total: f(9.17), InUse: f(9.17)},
		},
		Budget: report.Budget{Carryover: f(47.83), Initial: f(68.16), Supplementary: f(30.95), YearEndBalance: f(22.01),
			Adjustment: f(0.78), PublicUseBudget: f(11.59), PublicUseActual: f(10.22), ThreePublicBudget: f(1),
			ThreePublicActual: f(1), ThreePublicBudgetPrev: f(1), ProcurementBudget: f(1.12), ProcurementActual: f(1.12)},
		Metrics: []report.Metric{
			{Code: "satisfaction_service_target", Value: f(96.2), Unit: "%"},
			{Code: "satisfaction_public", Value: f(96), Unit: "%"},
			{Code: "satisfaction_staff", Value: f(96), Unit: "%"},
		},
		Indicators: []report.Indicator{
			ind("staff_control_rate", 30.77, 3), ind("sangong_change_rate", 66.67, 4), ind("budget_completion_rate", 85.02, 0),
			ind("budget_adjust_rate", 1.14, 4), ind("public_exp_ctrl", 88.18, 8), ind("sangong_ctrl", 100, 8),
			ind("gov_procurement_exec", 100, 6), ind("fixed_asset_utilization", 100, 3), ind("satisfaction", 96.1, 6),
			{Code: "admin_efficiency", Name: "行政效能", DeclaredScore: f(6)},
		},
	}
}

// The seed's figures recomputed by the views (DESIGN / issue values).
func TestRecomputeSeedFigures(t *testing.T) {
	ctx := context.Background()
	db := engineDB(t)
	res, err := db.Load(ctx, Document{Report: seedLikeReport(), FileName: "seed-like.txt", SHA256: "seedlike"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]any{
		"staff_control_rate":      {30.77, 3.0},
		"sangong_change_rate":     {0.0, 4.0},
		"budget_completion_rate":  {85.02, 0.0},
		"budget_adjust_rate":      {1.14, 5.0},
		"public_exp_ctrl":         {88.18, 8.0},
		"sangong_ctrl":            {100.0, 8.0},
		"gov_procurement_exec":    {100.0, 6.0},
		"fixed_asset_utilization": {100.0, 3.0},
		"satisfaction":            {96.1, 6.0},
		"admin_efficiency":        {nil, nil},
	}
	rows, err := db.db.QueryContext(ctx, `SELECT code, computed_value, computed_score FROM indicator_scores_all WHERE document_id = ?`, res.DocumentID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var code string
		var v, s *float64
		if err := rows.Scan(&code, &v, &s); err != nil {
			t.Fatal(err)
		}
		w, ok := want[code]
		if !ok {
			t.Errorf("unexpected indicator %s", code)
			continue
		}
		seen++
		for i, got := range []*float64{v, s} {
			switch exp := w[i].(type) {
			case nil:
				if got != nil {
					t.Errorf("%s[%d] = %v, want NULL", code, i, *got)
				}
			case float64:
				if got == nil || math.Abs(*got-exp) > 0.005 {
					t.Errorf("%s[%d] = %v, want %v", code, i, got, exp)
				}
			}
		}
	}
	if seen != len(want) {
		t.Errorf("saw %d indicators, want %d", seen, len(want))
	}
}

// A missing figure or a zero denominator leaves the value NULL, never 0.
func TestRecomputeMissingFigures(t *testing.T) {
	ctx := context.Background()
	db := engineDB(t)
	r := seedLikeReport()
	r.Staffing = report.Staffing{Authorized: report.Float(0), Actual: report.Float(4)}
	r.Budget.Initial = nil
	res, err := db.Load(ctx, Document{Report: r, FileName: "gaps.txt", SHA256: "gaps"})
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"staff_control_rate", "budget_completion_rate"} {
		var v *float64
		if err := db.db.QueryRowContext(ctx, `SELECT computed_value FROM indicator_scores_all WHERE document_id = ? AND code = ?`,
			res.DocumentID, code).Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v != nil {
			t.Errorf("%s computed %v from missing/zero figures, want NULL", code, *v)
		}
	}
}

// TestFullMarksClaimIsAClaim: "得满分" stated of the unit's own result with
// fewer points is a finding; a scoring standard in a table row's text
// ("执行率100%得满分", "完成的得满分") and a maximum ("（满分8分）") are not claims.
func TestFullMarksClaimIsAClaim(t *testing.T) {
	cases := []struct {
		text string
		want bool
	}{
		{"①绩效目标合理性（3分）：目标明确，根据评分标准，该指标得满分3分。", true},
		{"预算调整率为1.2%＜10%，得满分。", true},
		{"预算执行率 | 8 | 执行率100%得满分，每低1%扣0.5分 | 6", false},
		{"重点工作完成率 | 10 | 全部完成的得满分，否则按比例扣分 | 8", false},
		{"公用经费控制率（满分8分）：控制率为97%，得6分。", false},
	}
	for i, tc := range cases {
		db := openTemp(t)
		r := sampleReport("州丙局", 2022)
		r.Indicators = []report.Indicator{{Name: "某指标", Level1: "投入", MaxPoints: report.Float(8), DeclaredScore: report.Float(6),
			Evidence: &report.Evidence{Text: tc.text, Block: 1}}}
		if _, err := db.Load(context.Background(), Document{Report: r, FileName: "a.txt", SHA256: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
		got := count(t, db, `SELECT count(*) FROM findings_all WHERE rule = 'full_marks_claim'`) > 0
		if got != tc.want {
			t.Errorf("%q: full_marks_claim %v, want %v", tc.text, got, tc.want)
		}
	}
}
