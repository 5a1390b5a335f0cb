package parse

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"jixiao/etl/extract"
)

// scored is an indicator paragraph, so that a test document counts as a
// report whatever else it lacks.
var scored = para("①绩效目标合理性（3分）：目标明确，得满分3分。")

func paras(lines ...string) []extract.Block {
	out := []extract.Block{scored}
	for _, l := range lines {
		out = append(out, para(l))
	}
	return out
}

func TestNarrativeRowVariants(t *testing.T) {
	tests := []struct {
		name        string
		lines       []string
		income      []*float64 // total, carryover, fiscal, gov_fund, nontax, other; nil: no row
		expenditure []*float64 // total, basic, personnel, public_use, project, balance_current, balance_cumulative
		findings    []string
	}{
		{"previous year's total is not this year's", []string{"上年收入450万元，本年收入500万元。"},
			[]*float64{f(500), nil, nil, nil, nil, nil}, nil, nil},
		{"budgeted income is not income", []string{"年初预算收入300万元，预算支出280万元。"}, nil, nil, nil},
		{"a part of spending is not the total", []string{"财政拨款支出800万元，“三公”经费支出3万元。"}, nil, nil, nil},
		{"parts on a 其中 line", []string{"2022年度支出合计100万元。", "其中：基本支出60万元，项目支出40万元。"},
			nil, []*float64{f(100), f(60), nil, nil, f(40), nil, nil}, nil},
		{"parts on another line are not the row's", []string{"支出合计100万元。", "基本支出60万元。"},
			nil, []*float64{f(100), nil, nil, nil, nil, nil, nil}, nil},
		{"income parts, 的 and 纳入专户", []string{"收入合计100万元，其中一般公共预算财政拨款收入80万元，政府性基金预算财政拨款收入15万元，纳入专户管理的非税收入5万元。"},
			[]*float64{f(100), nil, f(80), f(15), f(5), nil}, nil, nil},
		{"元 and 亿元", []string{"本单位本年收入合计1,000元；支出总计1.2亿元。"},
			[]*float64{f(0.1), nil, nil, nil, nil, nil}, []*float64{f(12000), nil, nil, nil, nil, nil, nil}, nil},
		{"parts before any total are nobody's", []string{"其中财政拨款收入80万元，项目支出20万元。"}, nil, nil, nil},
		{"parts without a column are skipped", []string{"收入合计100万元，其中事业收入20万元，其他收入80万元。"},
			[]*float64{f(100), nil, nil, nil, nil, f(80)}, nil, nil},
		{"the first statement wins", []string{"收入合计100万元，其中其他收入10万元。", "收入合计120万元，其中其他收入30万元。"},
			[]*float64{f(100), nil, nil, nil, nil, f(10)}, nil, nil},
		{"income and spending in one sentence", []string{"全年收入总计200万元，其中财政拨款190万元、其他收入10万元；支出合计180万元，其中基本支出120万元（人员经费100万元、日常公用经费20万元），项目支出60万元，当年结余20万元。"},
			[]*float64{f(200), nil, f(190), nil, nil, f(10)}, []*float64{f(180), f(120), f(100), f(20), f(60), f(20), nil}, nil},
		{"full-width and half-width mixed", []string{"２．支出：本年支出合计６７０．９０万元,其中:基本支出４１２．３０万元;项目支出２５８．６０万元"},
			nil, []*float64{f(670.9), f(412.3), nil, nil, f(258.6), nil, nil}, nil},
		{"malformed total", []string{"收入合计12.3.4万元，其中财政拨款收入12万元。"},
			[]*float64{nil, nil, f(12), nil, nil, nil}, nil, []string{"malformed_number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, mkdoc(paras(tt.lines...)...), Options{Year: 2022})
			// Figures in 元 or 亿元: the evidence does not quote the 万元 value.
			quoted := !strings.Contains(tt.name, "亿元")
			if tt.income == nil {
				if len(r.Income) != 0 || !slices.Contains(r.Missing, "income") {
					t.Errorf("income %+v missing %v", r.Income, r.Missing)
				}
			} else if len(r.Income) != 1 {
				t.Errorf("income = %+v", r.Income)
			} else {
				in := r.Income[0]
				checkRow(t, "income", in.Org, in.Evidence, quoted, tt.income, in.Total, in.Carryover, in.FiscalAppropriation, in.GovFund, in.SpecialAccountNontax, in.Other)
			}
			if tt.expenditure == nil {
				if len(r.Expenditure) != 0 || !slices.Contains(r.Missing, "expenditure") {
					t.Errorf("expenditure %+v missing %v", r.Expenditure, r.Missing)
				}
			} else if len(r.Expenditure) != 1 {
				t.Errorf("expenditure = %+v", r.Expenditure)
			} else {
				e := r.Expenditure[0]
				checkRow(t, "expenditure", e.Org, e.Evidence, quoted, tt.expenditure, e.Total, e.Basic, e.Personnel, e.PublicUse, e.Project, e.BalanceCurrent, e.BalanceCumulative)
			}
			var rules []string
			for _, x := range contentFindings(r) {
				rules = append(rules, x.Rule)
			}
			if !slices.Equal(rules, tt.findings) {
				t.Errorf("findings = %v, want %v", rules, tt.findings)
			}
		})
	}
}

func TestNarrativeOnlyReports(t *testing.T) {
	for _, tt := range []struct {
		name  string
		lines []string
		ok    bool
	}{
		{"score in a performance text", []string{"本单位2022年度部门整体支出绩效自评得分为85分。"}, true},
		{"income in a performance text", []string{"2022年度整体支出绩效自评报告", "本年收入合计100万元。"}, true},
		{"income without 绩效 is no report", []string{"本年收入合计100万元，支出合计90万元。"}, false},
		{"a score without 绩效 is no report", []string{"期末考试总分90分。"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var blocks []extract.Block
			for _, l := range tt.lines {
				blocks = append(blocks, para(l))
			}
			_, err := Parse(context.Background(), mkdoc(blocks...), catalog(t), Options{})
			if tt.ok && err != nil || !tt.ok && !errors.Is(err, ErrNoContent) {
				t.Errorf("err = %v", err)
			}
		})
	}
}

func TestNarrativeStaffing(t *testing.T) {
	for _, tt := range []struct {
		text               string
		authorized, actual *float64
	}{
		{"年末实际在职人员88人,占编委核定编制数95人的92.63%。", f(95), f(88)},
		{"核定编制32名，年末实有人员29人。", f(32), f(29)},
		{"本中心编制人数为３０人，实有人数２８人（其中：在编２６人、聘用２人）。", f(30), f(28)},
		{"现有在职职工15人，核定事业编制18名。", f(18), f(15)},
		{"全局干部职工团结协作。", nil, nil},
	} {
		t.Run(tt.text, func(t *testing.T) {
			r := mustParse(t, mkdoc(paras(tt.text)...), Options{})
			if !eqf(r.Staffing.Authorized, tt.authorized) || !eqf(r.Staffing.Actual, tt.actual) {
				t.Errorf("staffing = %s/%s", str(r.Staffing.Authorized), str(r.Staffing.Actual))
			}
			if tt.actual != nil && (r.Staffing.Evidence == nil || r.Staffing.Evidence.Text != tt.text) {
				t.Errorf("evidence = %+v", r.Staffing.Evidence)
			}
		})
	}
}

func TestJoinSplitFigures(t *testing.T) {
	for _, tt := range []struct {
		prev, next string
		join       bool
	}{
		{"支出合计1,001.", "20万元，其中基本支出", true},
		{"综合得分为8", "9.5分，等级为良。", true},
		{"年末结转和结余23.16万", "元。", true},
		{"收入合计498.70", "万元，其中…", true},
		{"我乡核定编制45人,年末在职人员", "43人。设内设机构5个。", true},
		{"一、基本情况", "43人在岗。", false},    // a heading, not a broken sentence
		{"截至2022", "年底全部完成。", false},   // a year, not a figure
		{"详见附件1.", "2022年度决算表", false}, // a list number
		{"第一部分 2022", "名词解释", false},
		{"全部完成。", "20万元用于采购。", false}, // the sentence had ended
	} {
		doc := mkdoc(para(tt.prev), para(tt.next))
		ls := lines(doc)
		if got := len(ls) == 1; got != tt.join {
			t.Errorf("%q + %q: joined %v, want %v", tt.prev, tt.next, got, tt.join)
		}
		if tt.join && (ls[0].text != tt.prev+tt.next || ls[0].block != 0) {
			t.Errorf("joined line = %+v", ls[0])
		}
	}
	// Table cells are never joined.
	if ls := lines(mkdoc(tbl("合计|1,001.", "|20万元"))); len(ls) != 3 {
		t.Errorf("table cells joined: %d lines", len(ls))
	}
}

func TestFixOCRLessEqual(t *testing.T) {
	for in, want := range map[string]string{
		"=92.86%Q100%,得满分":    "=92.86%≤100%,得满分",
		"=-7.69%Q0,得满分":       "=-7.69%≤0,得满分",
		"90Q总分Q100为优":         "90≤总分≤100为优",
		"QQ群:联系我们":            "QQ群:联系我们",
		"预算调整率=3.2%Q10%":      "预算调整率=3.2%≤10%",
		"没有字母的文字":             "没有字母的文字",
		"ISO9001质量认证,Q/GDW标准": "ISO9001质量认证,Q/GDW标准",
	} {
		if got := fixOCRLessEqual(in); got != want {
			t.Errorf("fixOCRLessEqual(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTitleVariants(t *testing.T) {
	for _, tt := range []struct {
		name  string
		lines []string
		unit  string
	}{
		{"关于…的报告", []string{"关于龙潭街道办事处2021年度整体支出绩效自评情况的报告"}, "龙潭街道办事处"},
		{"breadcrumb", []string{"首页 > 政务公开 > 云溪县农业农村局2022年度部门整体支出绩效自评报告", "发布时间：2023-04-12"}, "云溪县农业农村局"},
		{"whole-line title before breadcrumb", []string{"首页 > 云溪县教育局2022年度部门整体支出绩效自评报告", "云溪县农业农村局2022年度部门整体支出绩效自评报告"}, "云溪县农业农村局"},
		{"links to other articles", []string{"下一篇：云溪县卫生健康局2022年度部门整体支出绩效自评报告"}, ""},
		{"two-line title", []string{"石门乡人民政府", "2022年度整体支出绩效自评报告"}, "石门乡人民政府"},
		{"决算 publication", []string{"溪口镇人民政府2022年度部门决算", "第四部分 部门整体支出绩效自评情况", "自评得分91分，评价等次为优。"}, "溪口镇人民政府"},
		{"title without a unit", []string{"2022年度部门整体支出绩效自评报告"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, mkdoc(paras(tt.lines...)...), Options{})
			if r.Unit.Name != tt.unit {
				t.Errorf("unit = %q, want %q", r.Unit.Name, tt.unit)
			}
			if tt.unit != "" && (r.Unit.Evidence == nil || !strings.Contains(r.Unit.Evidence.Text, tt.unit)) {
				t.Errorf("evidence = %+v", r.Unit.Evidence)
			}
		})
	}
}

func TestSchemeByLevelNames(t *testing.T) {
	sichuan := []string{"一、部门决策（25分）", "二、综合管理（30分）", "三、部门绩效（45分）"}
	hunan := []string{"1、投入", "2、过程", "3、产出及效率"}
	for _, tt := range []struct {
		name   string
		lines  []string
		scheme string
		level1 string // of the indicator 绩效目标合理性
	}{
		{"Sichuan levels, unknown region", append([]string{"某县某局2023年度自评"}, sichuan...), "sichuan-generic-2022", "部门决策"},
		{"Sichuan region, no levels", []string{"四川某县某局2023年度自评"}, "sichuan-generic-2022", "部门决策"},
		{"湘西州 with Hunan levels", append([]string{"湘西州某局2023年度自评"}, hunan...), "hunan-xiangxi-2021", "投入"},
		{"湘西州 with Sichuan levels", append([]string{"湘西州某局2023年度自评"}, sichuan...), "sichuan-generic-2022", "部门决策"},
		{"Sichuan levels in a score table", []string{"某局2023年度自评", "一级指标|三级指标|分值|得分", "部门决策|重点支出安排率|5|5",
			"综合管理|支付进度|8|8", "部门绩效|固定资产利用率|5|5"}, "sichuan-generic-2022", "部门决策"},
		{"two of three level names", append([]string{"某县某局2023年度自评"}, sichuan[:2]...), "", ""},
		{"names in prose only", []string{"某县某局2023年度自评", "我局从部门决策、综合管理、部门绩效三个方面开展了全面深入细致的自评工作，取得了较好效果，现将情况报告如下。"}, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, mkdoc(paras(tt.lines...)...), Options{})
			if r.Scheme != tt.scheme {
				t.Errorf("scheme = %q, want %q", r.Scheme, tt.scheme)
			}
			if tt.scheme == "" && !slices.Contains(r.Missing, "scheme") {
				t.Errorf("Missing %v lacks scheme", r.Missing)
			}
			if r.Indicators[0].Level1 != tt.level1 {
				t.Errorf("level1 = %q, want %q", r.Indicators[0].Level1, tt.level1)
			}
		})
	}
}

func TestScoreTableVariants(t *testing.T) {
	type ind struct {
		name, level1, level2 string
		max, score           *float64
	}
	tests := []struct {
		name       string
		blocks     []extract.Block
		inds       []ind
		total      *float64
		levels     map[string]float64
		findings   []string
		noIndicate bool
	}{
		{
			name: "score column before weight",
			blocks: []extract.Block{para("指标名称 得分 分值"), para("人才培养完成率 4 5"), para("课题结项率 3 3"),
				para("合计 7 8")},
			inds:  []ind{{"人才培养完成率", "", "", f(5), f(4)}, {"课题结项率", "", "", f(3), f(3)}},
			total: f(7),
		},
		{
			name: "subtotal rows and numbering",
			blocks: []extract.Block{para("一级指标|二级指标|三级指标|分值|得分"), para("投入|||20|18|"),
				para("|目标设定|1.人才培养完成率（10分）|10|9|"), para("|预算配置|(2)课题结项率|10|9|"), para("小计|||20|18|"),
				para("产出|||80|70|"), para("|产出数量|成果转化数|80|70|")},
			inds: []ind{{"人才培养完成率", "投入", "目标设定", f(10), f(9)}, {"课题结项率", "投入", "预算配置", f(10), f(9)},
				{"成果转化数", "产出", "产出数量", f(80), f(70)}},
			levels: map[string]float64{"投入": 18, "产出": 70},
		},
		{
			name: "the table ends at the first line that is not a row",
			blocks: []extract.Block{para("三级指标 分值 得分"), para("人才培养完成率 5 5"), para("说明：以上为自评结果。"),
				para("课题结项率 3 3")},
			inds: []ind{{"人才培养完成率", "", "", f(5), f(5)}},
		},
		{
			name: "Word table with merged level cells",
			blocks: []extract.Block{tbl("一级指标|二级指标|三级指标|分值|自评得分|扣分原因", "产出|数量|成果转化数|6|5|少1项",
				"||课题结项率|4|4|", "合计|||10|9|")},
			inds:  []ind{{"成果转化数", "产出", "数量", f(6), f(5)}, {"课题结项率", "产出", "数量", f(4), f(4)}},
			total: f(9),
		},
		{
			name:       "no header, no table",
			blocks:     []extract.Block{para("人才培养完成率 5 5"), para("课题结项率|3|3")},
			noIndicate: true,
		},
		{
			name: "a row restating a paragraph's indicator completes it",
			blocks: []extract.Block{para("①人才培养完成率（5分）：完成率＝80%。"), para("三级指标|分值|得分"),
				para("人才培养完成率|5|4"), para("课题结项率|3|3")},
			inds: []ind{{"人才培养完成率", "", "", f(5), f(4)}, {"课题结项率", "", "", f(3), f(3)}},
		},
		{
			name: "a row contradicting a paragraph",
			blocks: []extract.Block{para("①人才培养完成率（5分）：完成率＝80%，得3分。"), para("三级指标|分值|得分"),
				para("人才培养完成率|6|4")},
			inds:     []ind{{"人才培养完成率", "", "", f(5), f(3)}},
			findings: []string{"same_quantity_two_values", "same_quantity_two_values"},
		},
		{
			name:     "table total against the text",
			blocks:   []extract.Block{para("三级指标|分值|得分"), para("人才培养完成率|5|4"), para("合计|5|4"), para("本单位自评得分为5分。")},
			inds:     []ind{{"人才培养完成率", "", "", f(5), f(4)}},
			total:    f(5),
			findings: []string{"same_quantity_two_values"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := append([]extract.Block{para("某研究院2023年度绩效自评")}, tt.blocks...)
			if tt.noIndicate {
				blocks = append(blocks, scored)
			}
			r := mustParse(t, mkdoc(blocks...), Options{})
			var got []ind
			for _, x := range r.Indicators {
				if x.Name == "绩效目标合理性" { // the paragraph that makes the document a report
					continue
				}
				got = append(got, ind{x.Name, x.Level1, x.Level2, x.MaxPoints, x.DeclaredScore})
				if x.Evidence == nil || !strings.Contains(x.Evidence.Text, strings.TrimSpace(x.Name)) {
					t.Errorf("%s evidence = %+v", x.Name, x.Evidence)
				}
			}
			if len(got) != len(tt.inds) {
				t.Fatalf("indicators = %+v, want %+v", got, tt.inds)
			}
			for i, w := range tt.inds {
				g := got[i]
				if g.name != w.name || g.level1 != w.level1 || g.level2 != w.level2 || !eqf(g.max, w.max) || !eqf(g.score, w.score) {
					t.Errorf("indicator %d = %s %s/%s %s %s, want %s %s/%s %s %s", i, g.name, g.level1, g.level2, str(g.max), str(g.score),
						w.name, w.level1, w.level2, str(w.max), str(w.score))
				}
			}
			if !eqf(r.Score.Total, tt.total) {
				t.Errorf("total = %s, want %s", str(r.Score.Total), str(tt.total))
			}
			if tt.levels != nil && !mapsEqual(r.Score.ByLevel1, tt.levels) {
				t.Errorf("by_level1 = %v, want %v", r.Score.ByLevel1, tt.levels)
			}
			var rules []string
			for _, x := range contentFindings(r) {
				if x.Rule != "indicator_not_in_scheme" {
					rules = append(rules, x.Rule)
				}
			}
			if !slices.Equal(rules, tt.findings) {
				t.Errorf("findings = %v, want %v", rules, tt.findings)
			}
		})
	}
}

func TestFormScoreCell(t *testing.T) {
	text := para("经综合评价，本单位总得分为91分，等次为优。")
	for _, tt := range []struct {
		name    string
		row     string
		total   float64
		grade   string
		missing []string
		inForm  bool
	}{
		{"value and grade", "绩效自评综合得分及评价等次|91分 优|备注：90分以上为优", 91, "优", nil, true},
		{"full-width parentheses", "绩效自评综合得分及评价等次|91分（优）", 91, "优", nil, true},
		{"grade first", "绩效自评综合得分及评价等次|优秀（91分）", 91, "优", nil, true},
		{"in the label cell", "绩效自评综合得分及评价等次：91分，优", 91, "优", nil, true},
		{"score only", "绩效自评综合得分及评价等次|91", 91, "优", []string{"form.grade"}, true},
		{"grade only", "绩效自评综合得分及评价等次|优|备注：60分以下为差", 91, "优", []string{"form.total_score"}, false},
		{"remark only", "绩效自评综合得分及评价等次|备注：90（含）—100分为优；60分以下为差。", 91, "优", []string{"form.total_score", "form.grade"}, false},
		{"blank cell", "绩效自评综合得分及评价等次| |", 91, "优", []string{"form.total_score", "form.grade"}, false},
		// A scan cuts the remark into cells and misreads its （含）: the
		// band's figures after 备注 are still the remark.
		{"remark cut into cells", "绩效自评综合得分及评价等次|备注：90 (&)|—100分为优：80 (含)|—90分为良", 91, "优", []string{"form.total_score", "form.grade"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, mkdoc(tbl(tt.row), scored, text), Options{})
			if !eqf(r.Score.Total, f(tt.total)) || r.Score.Grade != tt.grade {
				t.Errorf("score = %s %q", str(r.Score.Total), r.Score.Grade)
			}
			var form []string
			for _, m := range r.Missing {
				if strings.HasPrefix(m, "form.") {
					form = append(form, m)
				}
			}
			if !slices.Equal(form, tt.missing) {
				t.Errorf("missing form cells = %v, want %v", form, tt.missing)
			}
			if inForm := r.Score.Evidence != nil && r.Score.Evidence.Row != nil; inForm != tt.inForm {
				t.Errorf("score evidence = %+v", r.Score.Evidence)
			}
			if fs := contentFindings(r); len(fs) != 0 {
				t.Errorf("findings = %+v", fs)
			}
		})
	}
	// A score table's header or total row is not the form's score row.
	r := mustParse(t, mkdoc(tbl("三级指标|分值|自评得分", "人才培养完成率|5|4", "综合得分|5|4"), text), Options{})
	if slices.ContainsFunc(r.Missing, func(m string) bool { return strings.HasPrefix(m, "form.") }) {
		t.Errorf("missing = %v", r.Missing)
	}
}
