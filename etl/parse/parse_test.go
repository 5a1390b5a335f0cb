package parse

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"jixiao/etl/extract"
	"jixiao/etl/scheme"
	"jixiao/report"
)

func catalog(t testing.TB) *scheme.Catalog {
	t.Helper()
	c, err := scheme.LoadCatalog()
	if err != nil {
		t.Fatalf("LoadCatalog: %v", err)
	}
	return c
}

func mustParse(t *testing.T, doc *extract.Document, opt Options) *report.Report {
	t.Helper()
	r, err := Parse(context.Background(), doc, catalog(t), opt)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return r
}

// eqf compares an optional figure with a wanted value; want nil means absent.
func eqf(got, want *float64) bool {
	if got == nil || want == nil {
		return got == nil && want == nil
	}
	d := *got - *want
	return d < 1e-9 && d > -1e-9
}

func f(v float64) *float64 { return &v }

func str(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmtNum(*p)
}

// documentRules are the findings about a document as a whole (year, unit,
// layout); a test of a fragment of a report looks past them.
var documentRules = map[string]bool{"year_unknown": true, "unit_unknown": true, "unrecognised_layout": true}

// contentFindings returns r's findings but the documentRules.
func contentFindings(r *report.Report) []report.Finding {
	var out []report.Finding
	for _, x := range r.Findings {
		if !documentRules[x.Rule] {
			out = append(out, x)
		}
	}
	return out
}

func findingsOf(r *report.Report, rule string) []report.Finding {
	var out []report.Finding
	for _, x := range r.Findings {
		if x.Rule == rule {
			out = append(out, x)
		}
	}
	return out
}

func TestParseSample(t *testing.T) {
	r := mustParse(t, sampleDoc(), Options{})
	if r.Unit.Name != "州数据示范中心" || r.Unit.CanonicalName != "湘西州数据示范中心" || r.Unit.Region != "湘西州" {
		t.Errorf("unit = %+v", r.Unit)
	}
	if !slices.Equal(r.Unit.FormerNames, []string{"湘西州数据服务站"}) || r.Unit.Parent != "湘西州发改委" {
		t.Errorf("former names %v parent %q", r.Unit.FormerNames, r.Unit.Parent)
	}
	if r.FiscalYear != 2023 || r.Scheme != "hunan-xiangxi-2021" {
		t.Errorf("year %d scheme %s", r.FiscalYear, r.Scheme)
	}
	if r.Contact != (report.Contact{Name: "李四海", Phone: "0743-1234567"}) {
		t.Errorf("contact = %+v", r.Contact)
	}
	if !eqf(r.Staffing.Authorized, f(20)) || !eqf(r.Staffing.Actual, f(16)) || r.Staffing.Evidence == nil {
		t.Errorf("staffing = %+v", r.Staffing)
	}
	if len(r.Income) != 3 || r.Income[1].Org != "局机关" || !eqf(r.Income[1].Total, f(210.5)) ||
		!eqf(r.Income[1].Carryover, f(10.5)) || !eqf(r.Income[1].FiscalAppropriation, f(200)) || r.Income[1].GovFund != nil {
		t.Errorf("income = %+v", r.Income)
	}
	if r.Income[0].Org != "局机关及二级机构汇总" || r.Income[0].Total != nil {
		t.Errorf("blank summary row read as %+v", r.Income[0])
	}
	e := r.Expenditure[1]
	if len(r.Expenditure) != 2 || !eqf(e.Total, f(190.5)) || !eqf(e.Basic, f(150)) || !eqf(e.Personnel, f(120)) ||
		!eqf(e.PublicUse, f(30)) || !eqf(e.Project, f(40.5)) || !eqf(e.BalanceCurrent, f(20)) || !eqf(e.BalanceCumulative, f(25)) {
		t.Errorf("expenditure = %+v", r.Expenditure)
	}
	tp := r.ThreePublic[1]
	if !eqf(tp.Total, f(6)) || !eqf(tp.Reception, f(2)) || !eqf(tp.VehicleOperation, f(4)) || !eqf(tp.VehiclePurchase, f(0)) || tp.Overseas != nil {
		t.Errorf("three_public = %+v", tp)
	}
	fa := r.FixedAssets[1]
	if !eqf(fa.Total, f(55.2)) || !eqf(fa.InUse, f(50)) || !eqf(fa.Leased, f(5)) || !eqf(fa.Other, f(0.2)) {
		t.Errorf("fixed_assets = %+v", fa)
	}
	if ev := r.Income[1].Evidence; ev == nil || ev.Block != 0 || ev.Row == nil || *ev.Row != 6 || !strings.Contains(ev.Text, "210.5") {
		t.Errorf("income evidence = %+v", ev)
	}
	b := r.Budget
	for name, c := range map[string][2]*float64{
		"carryover": {b.Carryover, f(10.5)}, "initial": {b.Initial, f(200)}, "supplementary": {b.Supplementary, f(0)},
		"year_end_balance": {b.YearEndBalance, f(20)}, "adjustment": {b.Adjustment, f(0)},
		"public_use_budget": {b.PublicUseBudget, f(32)}, "public_use_actual": {b.PublicUseActual, f(30)},
		"three_public_budget": {b.ThreePublicBudget, f(8)}, "three_public_actual": {b.ThreePublicActual, f(6)},
		"three_public_budget_prev": {b.ThreePublicBudgetPrev, f(9)},
		"procurement_budget":       {b.ProcurementBudget, f(12)}, "procurement_actual": {b.ProcurementActual, f(12)},
	} {
		if !eqf(c[0], c[1]) {
			t.Errorf("budget.%s = %s, want %s", name, str(c[0]), str(c[1]))
		}
		if _, ok := b.Evidence[name]; !ok {
			t.Errorf("budget.%s has no evidence", name)
		}
	}
	d := r.ExpenditureDetail
	if !eqf(d.WagesWelfare, f(100)) || !eqf(d.GoodsServices, f(30)) || !eqf(d.FamilySubsidies, f(20)) || !eqf(d.CapitalOther, f(0)) {
		t.Errorf("expenditure_detail = %+v", d)
	}
	if len(d.Projects) != 2 || d.Projects[0].Name != "数据采集" || !eqf(d.Projects[0].Amount, f(25.5)) ||
		d.Projects[1].Name != "平台运维" || !eqf(d.Projects[1].Amount, f(15)) {
		t.Errorf("projects = %+v", d.Projects)
	}
	if len(r.Indicators) != 9 {
		t.Fatalf("indicators = %d, want 9", len(r.Indicators))
	}
	var sum float64
	for _, ind := range r.Indicators {
		if ind.DeclaredScore == nil {
			t.Errorf("%s has no declared score", ind.Name)
			continue
		}
		sum += *ind.DeclaredScore
	}
	if sum != 48 {
		t.Errorf("declared scores add up to %v, want 48", sum)
	}
	if !eqf(r.Score.Total, f(48)) || r.Score.Grade != "差" {
		t.Errorf("score = %s %s", str(r.Score.Total), r.Score.Grade)
	}
	want := map[string]float64{"投入": 8, "过程": 29, "产出及效率": 11}
	if len(r.Score.ByLevel1) != 3 {
		t.Errorf("by_level1 = %v", r.Score.ByLevel1)
	}
	for k, v := range want {
		if r.Score.ByLevel1[k] != v {
			t.Errorf("by_level1[%s] = %v, want %v", k, r.Score.ByLevel1[k], v)
		}
	}
	wantBands := []report.GradeBand{{Grade: "优", Min: 90}, {Grade: "良", Min: 75}, {Grade: "中", Min: 60}, {Grade: "差", Min: 0}}
	if !slices.EqualFunc(r.Score.GradeBands, wantBands, sameBand) {
		t.Errorf("grade bands = %v", r.Score.GradeBands)
	}
	if len(r.Evaluators) != 2 || r.Evaluators[1] != (report.Evaluator{Name: "赵六", Title: "会计", Unit: "州数据示范中心"}) {
		t.Errorf("evaluators = %+v", r.Evaluators)
	}
	// The form's score row carries only the band remark, and the sample form
	// has no performance-goal rows.
	if !slices.Equal(r.Missing, []string{"goals", "form.total_score", "form.grade"}) || len(r.Findings) != 1 || r.Findings[0].Rule != "indicator_not_in_scheme" || r.Findings[0].Found != "数据共享完成率" {
		t.Errorf("missing %v findings %+v", r.Missing, r.Findings)
	}
	custom := r.Indicators[7]
	if custom.InScheme || custom.Level1 != "产出及效率" || custom.Level2 != "职责履行" || !eqf(custom.DeclaredScore, f(5)) || !eqf(custom.DeclaredValue, f(95)) {
		t.Errorf("custom indicator = %+v", custom)
	}
	if r.Source.Format != "txt" || r.Source.Encoding != "utf-8" || r.Source.ParserVersion != report.ParserVersion {
		t.Errorf("source = %+v", r.Source)
	}
}

func TestFormTables(t *testing.T) {
	spanned := tbl(formIncome...)
	// Word merges header cells: the header row has fewer cells than the data rows.
	spanned.Table.Rows[1].Cells[2].Span = 5
	spanned.Table.Rows[4].Cells[6].Span = 2
	splitTables := []extract.Block{tbl(formIncome[:3]...), para(""), tbl(formIncome[3:]...)}

	tests := []struct {
		name     string
		blocks   []extract.Block
		check    func(t *testing.T, r *report.Report)
		missing  []string
		findings []string
	}{
		{
			name:    "income only",
			blocks:  []extract.Block{tbl(formIncome...)},
			missing: []string{"expenditure", "three_public", "fixed_assets"},
			check: func(t *testing.T, r *report.Report) {
				if len(r.Income) != 3 || !eqf(r.Income[1].Total, f(210.5)) {
					t.Errorf("income = %+v", r.Income)
				}
			},
		},
		{
			name:   "spans do not move data cells",
			blocks: []extract.Block{spanned},
			check: func(t *testing.T, r *report.Report) {
				if !eqf(r.Income[1].FiscalAppropriation, f(200)) || r.Income[1].Other != nil {
					t.Errorf("income = %+v", r.Income[1])
				}
			},
		},
		{
			name:   "form split over two tables",
			blocks: splitTables,
			check: func(t *testing.T, r *report.Report) {
				if len(r.Income) != 3 || !eqf(r.Income[1].Carryover, f(10.5)) || r.Income[1].Evidence.Block != 2 {
					t.Errorf("income = %+v", r.Income)
				}
			},
		},
		{
			name:   "every org row kept, blank summary row is nil",
			blocks: []extract.Block{tbl(formExpenditure...)},
			check: func(t *testing.T, r *report.Report) {
				if len(r.Expenditure) != 2 || r.Expenditure[0].Total != nil || r.Expenditure[0].BalanceCumulative != nil {
					t.Errorf("expenditure = %+v", r.Expenditure)
				}
			},
		},
		{
			name:     "malformed cell",
			blocks:   []extract.Block{tbl(formRowsOf(formThreePublic[:3], []string{"1、局机关|6.0.1|2|4||"})...)},
			findings: []string{"malformed_number"},
			check: func(t *testing.T, r *report.Report) {
				if r.ThreePublic[1].Total != nil || !eqf(r.ThreePublic[1].Reception, f(2)) {
					t.Errorf("three_public = %+v", r.ThreePublic[1])
				}
				fd := findingsOf(r, "malformed_number")[0]
				if fd.Severity != "error" || fd.Found != "6.0.1" || fd.Evidence == nil || *fd.Evidence.Cell != 1 || *fd.Evidence.Row != 3 {
					t.Errorf("finding = %+v", fd)
				}
			},
		},
		{
			name:     "unexpected header",
			blocks:   []extract.Block{tbl("机构名称|固定资产合计|其中：", "||在用资产|出租固定资产|其他", "1、局机关|5|5||")},
			findings: []string{"form_header_unexpected"},
			check: func(t *testing.T, r *report.Report) {
				if !eqf(r.FixedAssets[0].InUse, f(5)) {
					t.Errorf("fixed_assets = %+v", r.FixedAssets)
				}
			},
		},
		{
			name:     "short data row",
			blocks:   []extract.Block{tbl(formRowsOf(formFixedAssets[:2], []string{"1、局机关|8|8"})...)},
			findings: []string{"form_row_shape"},
			check: func(t *testing.T, r *report.Report) {
				if !eqf(r.FixedAssets[0].Total, f(8)) || r.FixedAssets[0].Leased != nil {
					t.Errorf("fixed_assets = %+v", r.FixedAssets)
				}
			},
		},
		{
			name:   "contact and staffing only",
			blocks: []extract.Block{tbl(formContact...)},
			check: func(t *testing.T, r *report.Report) {
				if r.Contact.Phone != "0743-1234567" || !eqf(r.Staffing.Actual, f(16)) {
					t.Errorf("contact %+v staffing %+v", r.Contact, r.Staffing)
				}
			},
			missing: []string{"income", "indicators", "score.total"},
		},
		{
			name:     "malformed staffing",
			blocks:   []extract.Block{tbl("人员编制|2o|实有人数|16")},
			findings: []string{"malformed_number"},
			missing:  []string{"staffing.authorized"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, mkdoc(tt.blocks...), Options{})
			for _, m := range tt.missing {
				if !slices.Contains(r.Missing, m) {
					t.Errorf("Missing %v lacks %s", r.Missing, m)
				}
			}
			for _, rule := range tt.findings {
				if len(findingsOf(r, rule)) == 0 {
					t.Errorf("no %s finding in %+v", rule, r.Findings)
				}
			}
			if fs := contentFindings(r); tt.findings == nil && len(fs) > 0 {
				t.Errorf("unexpected findings %+v", fs)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

func TestNoContent(t *testing.T) {
	for name, doc := range map[string]*extract.Document{
		"empty":            mkdoc(),
		"prose only":       mkdoc(para("本单位2023年度工作总结。"), para("全年完成各项任务。")),
		"unrelated table":  mkdoc(tbl("序号|名称", "1|电脑")),
		"nil table":        {Blocks: []extract.Block{{Kind: extract.TableBlock}}},
		"heading no score": mkdoc(para("1、投入（20分）"), para("（1）目标设定")),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(context.Background(), doc, catalog(t), Options{})
			if !errors.Is(err, ErrNoContent) {
				t.Fatalf("err = %v, want ErrNoContent", err)
			}
			if err.Error() != "未找到自评内容：既无自评表也无评分指标" {
				t.Errorf("message %q", err)
			}
		})
	}
}

func TestMissingSections(t *testing.T) {
	r := mustParse(t, mkdoc(para("①绩效目标合理性（3分）：目标明确，得满分3分。")), Options{})
	for _, m := range []string{"income", "expenditure", "three_public", "fixed_assets", "staffing.authorized", "staffing.actual",
		"contact", "evaluators", "unit.name", "unit.region", "fiscal_year", "scheme", "budget.carryover",
		"budget.procurement_actual", "expenditure_detail.wages_welfare", "expenditure_detail.projects",
		"score.total", "score.grade", "score.by_level1"} {
		if !slices.Contains(r.Missing, m) {
			t.Errorf("Missing %v lacks %s", r.Missing, m)
		}
	}
	if slices.Contains(r.Missing, "indicators") {
		t.Error("indicators reported missing")
	}
	// Without a scheme the indicator is still loaded, with a derived code.
	if len(r.Indicators) != 1 || r.Indicators[0].InScheme || r.Indicators[0].Code != scheme.CustomCode("绩效目标合理性") {
		t.Errorf("indicators = %+v", r.Indicators)
	}
}

func TestIndicatorVariants(t *testing.T) {
	tests := []struct {
		line       string
		name, code string
		max, score *float64
		value      *float64
	}{
		{"①在职人员控制率（3分）：在职人员控制率＝（在职人数÷编制数）×100%＝（9÷10）×100%＝90%，得满分3分。", "在职人员控制率", "staff_control_rate", f(3), f(3), f(90)},
		{"(1)预算完成率(5分)：完成率＝70.5%，得0分。", "预算完成率", "budget_completion_rate", f(5), f(0), f(70.5)},
		{"（2）预算调整率（5分）:预算调整率＝（2÷40）×100%＝5%＜10%，得4分", "预算调整率", "budget_adjust_rate", f(5), f(4), f(5)},
		{"1.公用经费控制率（8分）：得满分8分。", "公用经费控制率", "public_exp_ctrl", f(8), f(8), nil},
		{"1、政府采购执行率（6分）：全部按预算执行，得满分。", "政府采购执行率", "gov_procurement_exec", f(6), f(6), nil},
		{"重点工作实际完成率（8分）：全年重点工作均已完成，得满分8分。", "重点工作实际完成率", "key_task_completion", f(8), f(8), nil},
		{"一、行政效能（6分）：未建立制度，不得分。", "行政效能", "admin_efficiency", f(6), f(0), nil},
		{"\u3000③固定资产利用率（３分）：利用率＝９５％，扣1分。", "固定资产利用率", "fixed_asset_utilization", f(3), f(2), f(95)},
		{"②绩效指标的明确性 （3分）： 指标较清晰，得分为2.5分。", "绩效指标的明确性", "indicator_clarity", f(3), f(2.5), nil},
		{"②“三公经费”变动率（4分）：变动率＝（2-4）÷4×100%＝-50%，得满分4分。", "“三公经费”变动率", "sangong_change_rate", f(4), f(4), f(-50)},
		{"⑥预决算信息公开性（5分）：按时公开。", "预决算信息公开性", "budget_disclosure", f(5), nil, nil},
		{"③社会公众或服务对象满意度（6分）：综合满意度＝（95×50%+92×40%+90×10%）＝93.3%，大于90%，得满分6分。", "社会公众或服务对象满意度", "satisfaction", f(6), f(6), f(93.3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, mkdoc(para("湘西州某单位2023年度自评"), para(tt.line)), Options{})
			if len(r.Indicators) != 1 {
				t.Fatalf("indicators = %+v", r.Indicators)
			}
			ind := r.Indicators[0]
			if ind.Name != tt.name || ind.Code != tt.code || !ind.InScheme {
				t.Errorf("name %q code %q in_scheme %v", ind.Name, ind.Code, ind.InScheme)
			}
			if !eqf(ind.MaxPoints, tt.max) || !eqf(ind.DeclaredScore, tt.score) || !eqf(ind.DeclaredValue, tt.value) {
				t.Errorf("max %s score %s value %s", str(ind.MaxPoints), str(ind.DeclaredScore), str(ind.DeclaredValue))
			}
			if ind.Evidence == nil || ind.Evidence.Block != 1 || ind.Evidence.Text != strings.TrimSpace(tt.line) {
				t.Errorf("evidence = %+v", ind.Evidence)
			}
		})
	}
}

func TestIndicatorStructure(t *testing.T) {
	doc := mkdoc(
		para("湘西州某单位2023年度自评"),
		para("1、投入（13分）"),
		para("（1）目标设定情况"),
		para("①人才引进计划完成率（4分）：计划引进5人，"),
		para("实际引进5人，完成率＝100%，"),
		para("得满分4分。"),
		para("本段是总结，不属于指标。"),
		para("②绩效目标合理性（3分）："),
		para("目标合理，得满分3分。"),
		para("2、过程"),
		para("（2）履行效益"),
		para("①经济效益和社会效益（6分）：效益明显，得5分。"),
		para("②经济效益和社会效益（6分）：重复段落，得6分。"),
		para("产出（20分）："),
		para("数字化服务覆盖率（5分）：覆盖全部乡镇，得满分5分。"),
	)
	r := mustParse(t, doc, Options{})
	if len(r.Indicators) != 4 {
		t.Fatalf("indicators = %+v", r.Indicators)
	}
	custom := r.Indicators[0]
	if custom.InScheme || custom.Code != scheme.CustomCode("人才引进计划完成率") || custom.Level1 != "投入" || custom.Level2 != "目标设定" {
		t.Errorf("custom indicator = %+v", custom)
	}
	if !eqf(custom.DeclaredScore, f(4)) || !eqf(custom.DeclaredValue, f(100)) || strings.Contains(custom.Evidence.Text, "总结") ||
		strings.Count(custom.Evidence.Text, "\n") != 2 {
		t.Errorf("continuation: score %s value %s evidence %q", str(custom.DeclaredScore), str(custom.DeclaredValue), custom.Evidence.Text)
	}
	if g := r.Indicators[1]; g.Code != "goal_reasonableness" || g.Level1 != "投入" || g.Level2 != "目标设定" || !eqf(g.DeclaredScore, f(3)) {
		t.Errorf("goal = %+v", g)
	}
	if e := r.Indicators[2]; e.Code != "econ_social_benefit" || e.Level2 != "履职效益" || !eqf(e.DeclaredScore, f(5)) {
		t.Errorf("benefit = %+v", e)
	}
	if len(findingsOf(r, "duplicate_indicator")) != 1 {
		t.Errorf("findings = %+v", r.Findings)
	}
	// "产出（20分）：" alone is a level heading, so the next indicator is under 产出.
	if c := r.Indicators[3]; c.InScheme || c.Level1 != "产出" || c.Level2 != "" {
		t.Errorf("coverage = %+v", c)
	}
}

func TestFormulaText(t *testing.T) {
	for in, want := range map[string]string{
		"在职人员控制率＝（在职人数÷编制数）×100%＝（4÷5）×100%＝80%":    "在职人员控制率＝（在职人数÷编制数）×100%",
		"经测算，本单位公用经费控制率=实际数÷预算数×100%＝（3万元÷4万元）＝75%": "公用经费控制率=实际数÷预算数×100%",
		"控制率＝（3万元÷4万元）×100%＝75%":                    "",
		"该指标为定性指标，得满分。":                             "",
	} {
		if got := formulaText(in); got != want {
			t.Errorf("formulaText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScoreVariants(t *testing.T) {
	ind := para("①绩效目标合理性（3分）：得满分3分。")
	tests := []struct {
		name   string
		blocks []extract.Block
		total  *float64
		grade  string
		levels map[string]float64
		rule   string
	}{
		{"综合评分", []extract.Block{ind, para("经综合评价，本单位综合评分为92分，评价等级为良。")}, f(92), "良", nil, ""},
		{"自评得分", []extract.Block{ind, para("本单位自评得分88.5分，等次：优秀。")}, f(88.5), "优", nil, ""},
		{"评定为", []extract.Block{ind, para("评价得分为81分，评定为良好等次。")}, f(81), "良", nil, ""},
		{"form cell", []extract.Block{tbl("绩效自评综合得分及评价等次|91分|优"), ind}, f(91), "优", nil, ""},
		{"form and text differ", []extract.Block{tbl("绩效自评综合得分及评价等次|91|优"), ind, para("总得分为90分。")}, f(91), "优", nil, "same_quantity_two_values"},
		{"levels in another sentence", []extract.Block{ind, para("投入类指标得分12分，过程指标得分50分，产出及效率得分25分。"), para("总分87分。")},
			f(87), "", map[string]float64{"投入": 12, "过程": 50, "产出及效率": 25}, ""},
		{"none", []extract.Block{ind}, nil, "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, mkdoc(tt.blocks...), Options{})
			if !eqf(r.Score.Total, tt.total) || r.Score.Grade != tt.grade {
				t.Errorf("score = %s %q, want %s %q", str(r.Score.Total), r.Score.Grade, str(tt.total), tt.grade)
			}
			if tt.levels != nil && !mapsEqual(r.Score.ByLevel1, tt.levels) {
				t.Errorf("by_level1 = %v, want %v", r.Score.ByLevel1, tt.levels)
			}
			if tt.total != nil && r.Score.Evidence == nil {
				t.Error("no score evidence")
			}
			if tt.rule != "" && len(findingsOf(r, tt.rule)) != 1 {
				t.Errorf("findings = %+v", r.Findings)
			}
			if tt.total == nil && !slices.Contains(r.Missing, "score.total") {
				t.Errorf("Missing = %v", r.Missing)
			}
		})
	}
}

func mapsEqual(a, b map[string]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestBudgetVariants(t *testing.T) {
	tests := []struct {
		name  string
		text  []string
		field string
		want  *float64
		rule  string
	}{
		{"的为colon", []string{"本单位上年结转的资金为：12.5万元。"}, "carryover", f(12.5), ""},
		{"spaces and thousands", []string{"年初预算是 1,200 万元。"}, "initial", f(1200), ""},
		{"full width", []string{"本年追加预算１０．５万元。"}, "supplementary", f(10.5), ""},
		{"yuan to wan", []string{"年末结余5000元。"}, "year_end_balance", f(0.5), ""},
		{"sangong budget is not the unit budget", []string{"“三公经费”年初预算数3万元。"}, "initial", nil, ""},
		{"sangong budget", []string{"“三公经费”年初预算数3万元。"}, "three_public_budget", f(3), ""},
		{"previous year by 上年度", []string{"上年度“三公经费”预算数为2万元。"}, "three_public_budget_prev", f(2), ""},
		{"previous year by year", []string{"2023年度预算安排的“三公经费”总额为5万元，2022年度预算安排的“三公经费”总额为4万元。"}, "three_public_budget_prev", f(4), ""},
		{"current year by year", []string{"2023年度预算安排的“三公经费”总额为5万元，2022年度预算安排的“三公经费”总额为4万元。"}, "three_public_budget", f(5), ""},
		{"other year ignored", []string{"2019年度预算安排的三公经费总额为7万元。"}, "three_public_budget", nil, ""},
		{"template residue", []string{"年初政府采购预算为3.4（待核实）万元。"}, "procurement_budget", f(3.4), ""},
		{"adjustment", []string{"剔除政策性追加后，实际追加预算为1.5万元。"}, "adjustment", f(1.5), ""},
		{"malformed", []string{"上年结转47.8.3万元。"}, "carryover", nil, "malformed_number"},
		{"two values", []string{"上年结转10万元。", "经核对，上年结转12万元。"}, "carryover", f(10), "same_quantity_two_values"},
		{"same value twice", []string{"上年结转10万元。", "上年结转10万元。"}, "carryover", f(10), ""},
		{"formula has no figures", []string{"完成率＝（上年结转+年初预算-年末结余）÷（上年结转+年初预算）。"}, "carryover", nil, ""},
		{"年初结余 is the carry-over", []string{"本单位年初结余6.4万元。"}, "carryover", f(6.4), ""},
		{"typo 未 for 为 before the figure", []string{"年初结余未6.4万元；"}, "carryover", f(6.4), ""},
		{"未 before a verb reads nothing", []string{"年初结余未使用资金6.4万元。"}, "carryover", nil, ""},
		{"a project's 年初结余 is not the unit's", []string{"项目资金年初结余3万元。"}, "carryover", nil, ""},
		{"typo 年未 for 年末", []string{"年未结余数6.4万元。"}, "year_end_balance", f(6.4), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := []extract.Block{para("①绩效目标合理性（3分）：得满分3分。")}
			for _, s := range tt.text {
				blocks = append(blocks, para(s))
			}
			r := mustParse(t, mkdoc(blocks...), Options{Year: 2023})
			b := r.Budget
			got := map[string]*float64{
				"carryover": b.Carryover, "initial": b.Initial, "supplementary": b.Supplementary, "year_end_balance": b.YearEndBalance,
				"adjustment": b.Adjustment, "three_public_budget": b.ThreePublicBudget, "three_public_budget_prev": b.ThreePublicBudgetPrev,
				"procurement_budget": b.ProcurementBudget,
			}[tt.field]
			if !eqf(got, tt.want) {
				t.Errorf("%s = %s, want %s", tt.field, str(got), str(tt.want))
			}
			if fs := contentFindings(r); tt.rule == "" && len(fs) > 0 {
				t.Errorf("findings = %+v", fs)
			}
			if tt.rule != "" {
				fs := findingsOf(r, tt.rule)
				if len(fs) != 1 || fs[0].Evidence == nil || fs[0].Evidence.Text == "" {
					t.Fatalf("findings = %+v", r.Findings)
				}
				if tt.rule == "same_quantity_two_values" && (fs[0].Expected != "10" || fs[0].Found != "12" || fs[0].Evidence.Block != 2) {
					t.Errorf("finding = %+v", fs[0])
				}
			}
		})
	}
}

func TestUnitAndYear(t *testing.T) {
	ind := para("①绩效目标合理性（3分）：得满分3分。")
	tests := []struct {
		name            string
		blocks          []extract.Block
		opt             Options
		unit, canonical string
		region          string
		former          []string
		year            int
	}{
		{"label", []extract.Block{para("填报单位：湘西土家族苗族自治州示范局"), para("2022年度自评"), ind}, Options{},
			"湘西土家族苗族自治州示范局", "湘西州示范局", "湘西州", nil, 2022},
		{"signature", []extract.Block{para("2022年度湘西州某项工作报告"), ind, para("部门（单位）（盖章）：州示范局")}, Options{},
			"州示范局", "湘西州示范局", "湘西州", nil, 2022},
		{"title", []extract.Block{para("州示范局2021年度部门整体支出绩效自评报告"), para("本单位属湘西自治州。"), ind}, Options{},
			"州示范局", "湘西州示范局", "湘西州", nil, 2021},
		{"rename", []extract.Block{para("根据湘西州文件，原州甲乙站更名为州甲乙中心。"), para("2020年度、2021年度、2021年度工作。"), ind}, Options{},
			"州甲乙中心", "湘西州甲乙中心", "湘西州", []string{"湘西州甲乙站"}, 2021},
		{"year tie takes the latest", []extract.Block{para("州示范局2021年度部门整体支出绩效自评报告"), para("对比2020年度。湘西州。"), ind}, Options{},
			"州示范局", "湘西州示范局", "湘西州", nil, 2021},
		{"overrides", []extract.Block{para("填报单位：州示范局"), para("湘西州2022年度"), ind}, Options{Unit: "州新名称中心", Year: 2019},
			"州新名称中心", "湘西州新名称中心", "湘西州", nil, 2019},
		{"other region", []extract.Block{para("填报单位：成都市示范局"), para("四川省2022年度报告"), ind}, Options{},
			"成都市示范局", "成都市示范局", "成都市", nil, 2022},
		{"score table as title", []extract.Block{para("成都市示范局2022年度部门整体支出绩效评价指标评分表"), para("对比2021年度、2021年度。"), ind}, Options{},
			"成都市示范局", "成都市示范局", "成都市", nil, 2022},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, mkdoc(tt.blocks...), tt.opt)
			u := r.Unit
			if u.Name != tt.unit || u.CanonicalName != tt.canonical || u.Region != tt.region || !slices.Equal(u.FormerNames, tt.former) {
				t.Errorf("unit = %+v", u)
			}
			if r.FiscalYear != tt.year {
				t.Errorf("year = %d, want %d", r.FiscalYear, tt.year)
			}
		})
	}
}

func TestSchemeSelection(t *testing.T) {
	doc := mkdoc(para("湘西州2023年度"), para("①绩效目标合理性（3分）：得满分3分。"), para("支付进度（8分）：得满分8分。"))
	r := mustParse(t, doc, Options{})
	if r.Scheme != "hunan-xiangxi-2021" || r.Indicators[1].InScheme {
		t.Errorf("detected %s, 支付进度 in scheme %v", r.Scheme, r.Indicators[1].InScheme)
	}
	r = mustParse(t, doc, Options{Scheme: "sichuan-generic-2022"})
	if r.Scheme != "sichuan-generic-2022" || !r.Indicators[1].InScheme || r.Indicators[1].Code != "payment_progress" || r.Indicators[0].Level1 != "部门决策" {
		t.Errorf("override: %s %+v", r.Scheme, r.Indicators)
	}
	_, err := Parse(context.Background(), doc, catalog(t), Options{Scheme: "nope"})
	if err == nil || !strings.Contains(err.Error(), `unknown scheme "nope"`) {
		t.Errorf("unknown scheme: %v", err)
	}
}

func TestBadInput(t *testing.T) {
	cat := catalog(t)
	if _, err := Parse(context.Background(), nil, cat, Options{}); err == nil {
		t.Error("nil document accepted")
	}
	if _, err := Parse(context.Background(), sampleDoc(), nil, Options{}); err == nil {
		t.Error("nil catalog accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Parse(ctx, sampleDoc(), cat, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

// TestLargeDocument checks that a document far larger than any report (thousands
// of repeated indicators and table rows, a 20,000-sentence paragraph) parses
// completely: every row kept, every duplicate reported. How its time grows is
// measured by BenchmarkLargeDocument, not here: a timed unit test fails on a
// busy machine, not on a slow parser.
func TestLargeDocument(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	r := mustParse(t, largeDocument(2000), Options{})
	if len(r.Indicators) != 1 || len(r.Income) != 2000 || len(findingsOf(r, "duplicate_indicator")) != 1999 {
		t.Errorf("indicators %d income rows %d findings %d", len(r.Indicators), len(r.Income), len(r.Findings))
	}
}

// BenchmarkLargeDocument parses the large document at two sizes: ns/op growing
// about 4× from n=2000 to n=8000 is linear; 16× would be a quadratic path.
func BenchmarkLargeDocument(b *testing.B) {
	for _, n := range []int{2000, 8000} {
		doc := largeDocument(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			cat := catalog(b)
			for b.Loop() {
				if _, err := Parse(context.Background(), doc, cat, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// largeDocument repeats one indicator and one income row n times and ends with a
// paragraph of 10n figures.
func largeDocument(n int) *extract.Document {
	var blocks []extract.Block
	rows := formRowsOf(formIncome[:3])
	for i := 0; i < n; i++ {
		rows = append(rows, "1、局机关|1|1|||||")
		blocks = append(blocks, para("①绩效目标合理性（3分）：得满分3分。"))
	}
	blocks = append(blocks, tbl(rows...), para(strings.Repeat("上年结转1万元", 10*n)))
	return mkdoc(blocks...)
}

func BenchmarkParseSample(b *testing.B) {
	doc, cat := sampleDoc(), catalog(b)
	for b.Loop() {
		if _, err := Parse(context.Background(), doc, cat, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// sameBand compares a grade band read with the one wanted, which has no
// evidence: the band read must have its own.
func sameBand(got, want report.GradeBand) bool {
	return got.Grade == want.Grade && got.Min == want.Min && got.Evidence != nil && got.Evidence.Text != ""
}
