package parse

import (
	"strings"
	"testing"

	"jixiao/etl/extract"
	"jixiao/report"
)

// Layout families of other templates (issue 9 item 2), in our own wording
// and figures: a fictional 云溪县统计局 and its neighbours. Each case is a
// document shape; the figures a careful reader finds are listed, and every
// figure not listed must come back nil. Ambiguous shapes must give nil and a
// layout_ambiguous finding naming why.

// layoutWant is what a layout case must read.
type layoutWant struct {
	year       int
	yearSource string
	unit       string
	authorized *float64
	actual     *float64
	income     map[string]float64 // income.* columns of the one row
	expend     map[string]float64
	three      map[string]float64
	budget     map[string]float64
	ambiguous  []string // substrings of layout_ambiguous messages, in order
}

// layoutTitle opens every case that is not about titles, so the year and
// unit are known.
const layoutTitle = "云溪县统计局2021年度部门整体支出绩效自评报告"

// scoreLine gives a case the content a report needs to be accepted.
const scoreLine = "经自评，本局部门整体支出绩效得分为91分，评价等次为优。"

func layoutDoc(blocks ...extract.Block) *extract.Document {
	all := append([]extract.Block{para(layoutTitle)}, blocks...)
	return mkdoc(append(all, para(scoreLine))...)
}

// spanTbl builds a table whose cells carry a gridSpan: "text^2" spans two columns.
func spanTbl(rows ...string) extract.Block {
	t := &extract.Table{}
	for _, r := range rows {
		var row extract.Row
		for _, c := range strings.Split(r, "|") {
			span := 1
			if i := strings.Index(c, "^"); i >= 0 {
				span = int(c[i+1] - '0')
				c = c[:i]
			}
			row.Cells = append(row.Cells, extract.Cell{Text: c, Span: span})
		}
		t.Rows = append(t.Rows, row)
	}
	return extract.Block{Kind: extract.TableBlock, Table: t}
}

func TestLayoutFamilies(t *testing.T) {
	for _, tt := range []struct {
		name string
		doc  *extract.Document
		txt  string // parsed through the .txt extractor instead of doc
		want layoutWant
	}{
		// Header row over a value row.
		{name: "table header then values", doc: layoutDoc(para("基础数据表"),
			tbl("编制数|实际在职人数|控制率", "35|33|94.3%")),
			want: layoutWant{authorized: f(35), actual: f(33)}},
		{name: "tab-separated lines", txt: layoutTitle + "\n基础数据表\n编制数\t2021年实际在职人数\t控制率\n35\t33\t94.3%\n" + scoreLine,
			want: layoutWant{authorized: f(35), actual: f(33)}},
		{name: "space runs from a PDF", txt: layoutTitle + "\n  编制数      实际在职人数      控制率\n   28          27            96.43%\n" + scoreLine,
			want: layoutWant{authorized: f(28), actual: f(27)}},
		{name: "single spaces", txt: layoutTitle + "\n核定编制 在职人数 控制率\n14 12 85.71%\n" + scoreLine,
			want: layoutWant{authorized: f(14), actual: f(12)}},
		{name: "cells as lines", txt: layoutTitle + "\n编制数\n实际在职人数\n控制率\n41\n40\n97.56%\n" + scoreLine,
			want: layoutWant{authorized: f(41), actual: f(40)}},
		{name: "header in cells, values on one line", txt: layoutTitle + "\n人员编制\n实有人数\n19\t17\n" + scoreLine,
			want: layoutWant{authorized: f(19), actual: f(17)}},
		{name: "full-width digits", doc: layoutDoc(tbl("编制人数|实有人员", "３５|３３")),
			want: layoutWant{authorized: f(35), actual: f(33)}},
		{name: "three_public header with unit in the title", doc: layoutDoc(para("表3 “三公”经费支出情况（单位：万元）"),
			tbl("三公经费合计|其中：公务接待费|公务用车运行维护费|公务用车购置费|因公出国（境）费", "12.5|3.2|9.3|0|—")),
			want: layoutWant{three: map[string]float64{"total": 12.5, "reception": 3.2, "vehicle_operation": 9.3, "vehicle_purchase": 0}}},
		{name: "budget row, thousands separators", doc: layoutDoc(para("金额单位：万元"),
			tbl("年初预算数|全年预算数|全年执行数|预算执行率", "1,200.00|1,350.50|1,298.35|96.14%")),
			want: layoutWant{budget: map[string]float64{"initial": 1200}}},
		{name: "income in 元 per column header", doc: layoutDoc(
			tbl("收入合计（元）|财政拨款（元）|其他收入（元）", "1,234,500|1,200,000|34,500")),
			want: layoutWant{income: map[string]float64{"total": 123.45, "fiscal_appropriation": 120, "other": 3.45}}},
		{name: "expenditure in 亿元 per cell", doc: layoutDoc(
			tbl("支出合计|基本支出|项目支出", "1.2亿元|0.45亿元|0.75亿元")),
			want: layoutWant{expend: map[string]float64{"total": 12000, "basic": 4500, "project": 7500}}},
		{name: "negative in brackets", doc: layoutDoc(para("单位：万元"),
			tbl("支出合计|当年结余", "530.2|(12.50)")),
			want: layoutWant{expend: map[string]float64{"total": 530.2, "balance_current": -12.5}}},
		{name: "two-row header, merged groups", doc: layoutDoc(para("经费控制情况（单位：万元）"),
			spanTbl("三公经费^2|公用经费^2", "预算数|决算数|预算数|决算数", "8.0|6.45|52|49.8")),
			want: layoutWant{budget: map[string]float64{"three_public_budget": 8, "three_public_actual": 6.45,
				"public_use_budget": 52, "public_use_actual": 49.8}}},
		{name: "two-row header, groups lost", txt: layoutTitle + "\n单位：万元\n三公经费\t公用经费\n预算数\t决算数\t预算数\t决算数\n8.0\t6.45\t52\t49.8\n" + scoreLine,
			want: layoutWant{}},
		{name: "several orgs with a summary row", doc: layoutDoc(
			tbl("单位名称|编制数|实有人数", "局机关|20|18", "统计调查中心|10|9", "合计|30|27")),
			want: layoutWant{authorized: f(30), actual: f(27)}},
		{name: "header year of another year", doc: layoutDoc(para("单位：万元"),
			tbl("2020年决算数|2021年年初预算数", "300|320")),
			want: layoutWant{budget: map[string]float64{"initial": 320}}},

		// Matrices: categories in rows, kinds of figure in columns.
		{name: "matrix", doc: layoutDoc(para("经费控制情况（单位：万元）"),
			tbl("项目|预算数|决算数|执行率", "三公经费|10|8|80%", "其中：公务接待费|3|2.5|83.3%",
				"公务用车运行维护费|7|5.5|78.6%", "公用经费|60|58|96.7%")),
			want: layoutWant{budget: map[string]float64{"three_public_budget": 10, "three_public_actual": 8,
				"public_use_budget": 60, "public_use_actual": 58},
				three: map[string]float64{"total": 8, "reception": 2.5, "vehicle_operation": 5.5}}},
		{name: "matrix with years", txt: layoutTitle + "\n金额单位：万元\n经费控制情况\t2020年决算数\t2021年预算数\t2021年决算数\n三公经费\t9\t10\t8\n" + scoreLine,
			want: layoutWant{budget: map[string]float64{"three_public_budget": 10, "three_public_actual": 8}}},
		{name: "matrix in single spaces", txt: layoutTitle + "\n单位：万元\n项目 预算数 决算数 执行率\n公用经费 52 49.8 95.77%\n" + scoreLine,
			want: layoutWant{budget: map[string]float64{"public_use_budget": 52, "public_use_actual": 49.8}}},
		{name: "budget rows with a total row", doc: layoutDoc(para("单位：万元"),
			tbl("项目|年初预算数|全年预算数|全年执行数", "基本支出|100|120|118", "项目支出|50|60|55", "合计|150|180|173")),
			want: layoutWant{budget: map[string]float64{"initial": 150}}},

		// A web page's table as text: cells between bars.
		{name: "bar cells", txt: "部门整体支出绩效自评表(2021年度) |\n部门名称 |\n云溪县统计局 |\n人员编制 |\n21 |\n实有人数 |\n20 |\n年初预算 |\n执行率 |\n1,080.00 |\n96.5% |\n" + scoreLine,
			want: layoutWant{authorized: f(21), actual: f(20), budget: map[string]float64{"initial": 1080}}},
		{name: "label/value pairs in one line", txt: layoutTitle + "\n人员编制\t14\t实有人数\t16\n" + scoreLine,
			want: layoutWant{authorized: f(14), actual: f(16)}},

		// Rows run together, as a PDF's text layer prints them.
		{name: "rows run together", txt: layoutTitle + "\n附件2: 基础数据表 填报单位: 单位:万元 财政供养人员情况 编制数 2021年实际在职人数 控制率\n" +
			"52 50 96.\n15% 经费控制情况 2020年决算数 2021年预算数 2021年决算数 三公经费 8.10 9.00 7.25\n" +
			"其中:公车购置 3.00 3.00 公车运行维护 2.10\n2.50 2.05\n3、公务接待 3.00\n3.50 2.20 政府采购金额 12.00 15.00 14.10\n" + scoreLine,
			want: layoutWant{authorized: f(52), actual: f(50),
				budget:    map[string]float64{"three_public_budget": 9, "three_public_actual": 7.25, "procurement_budget": 15, "procurement_actual": 14.1},
				three:     map[string]float64{"total": 7.25, "vehicle_operation": 2.05, "reception": 2.2},
				ambiguous: []string{"“公车购置”一行有2个数值而表头有3列"}}},

		// Ambiguous header/value shapes: nil and a reason.
		{name: "column counts differ", doc: layoutDoc(tbl("编制数|实际在职人数|控制率", "35|94.3%")),
			want: layoutWant{ambiguous: []string{"表头有3列而数值有2个"}}},
		{name: "label twice", doc: layoutDoc(tbl("编制数|在职人数|核定编制", "35|33|36")),
			want: layoutWant{actual: f(33), ambiguous: []string{"“编制数”在表头中出现2次"}}},
		{name: "money without a unit is in 万元, as the form prints", doc: layoutDoc(tbl("收入合计|支出合计", "500|480")),
			want: layoutWant{income: map[string]float64{"total": 500}, expend: map[string]float64{"total": 480}}},
		{name: "unit stated at the top of the data sheet", txt: layoutTitle + "\n基础数据表\n填报单位：云溪县统计局\t\t单位：元\n编制数\t实有人数\n12\t11\n经费控制情况\t预算数\t决算数\n三公经费\t80,000\t64,500\n" + scoreLine,
			want: layoutWant{authorized: f(12), actual: f(11), budget: map[string]float64{"three_public_budget": 8, "three_public_actual": 6.45}}},
		{name: "two units stated for one table", doc: layoutDoc(para("金额单位：万元；单位：元"), tbl("收入合计|支出合计（元）", "500|4,800,000")),
			want: layoutWant{expend: map[string]float64{"total": 480}, ambiguous: []string{"“收入合计”所在表格的金额单位前后矛盾"}}},
		{name: "row title over values without it", txt: layoutTitle + "\n财政供养人员情况\t编制数\t2021年实际在职人数\t控制率\n\t36\t33\t91.67%\n" + scoreLine,
			want: layoutWant{authorized: f(36), actual: f(33)}},
		{name: "percentage under a count", doc: layoutDoc(tbl("编制数|实有人数", "94.3%|33")),
			want: layoutWant{actual: f(33), ambiguous: []string{"“编制数”应为人数"}}},
		{name: "several rows, none a summary", doc: layoutDoc(
			tbl("单位名称|编制数|实有人数", "局机关|20|18", "统计调查中心|10|9")),
			want: layoutWant{ambiguous: []string{"表头下有多行数值"}}},
		{name: "cells as lines, a value missing", txt: layoutTitle + "\n编制数\n实际在职人数\n控制率\n41\n97.56%\n" + scoreLine,
			want: layoutWant{ambiguous: []string{"3个标签后有2个数值"}}},

		// Cover forms: label and value on separate lines or cells.
		{name: "cover pairs", txt: layoutTitle + "\n人员编制\n36\n实有人数\n31\n" + scoreLine,
			want: layoutWant{authorized: f(36), actual: f(31)}},
		{name: "cover pairs with colons and units", txt: layoutTitle + "\n人员编制：\n36人\n实有人数：\n31人\n" + scoreLine,
			want: layoutWant{authorized: f(36), actual: f(31)}},
		{name: "cover pairs in one-cell rows", doc: layoutDoc(tbl("人员编制", "24", "实有人数", "22")),
			want: layoutWant{authorized: f(24), actual: f(22)}},
		{name: "cover value left blank", txt: layoutTitle + "\n人员编制\n实有人数\n31\n" + scoreLine,
			want: layoutWant{ambiguous: []string{"2个标签后有1个数值"}}},
		{name: "document number is no value", txt: layoutTitle + "\n依据文件\n财预2013 53号\n人员编制\n20\n" + scoreLine,
			want: layoutWant{authorized: f(20)}},
		{name: "cover unit and year", txt: "部门整体支出绩效自评报告\n部门（单位）名称\n云溪县文化馆\n评价年度\n2019年度\n" + scoreLine,
			want: layoutWant{year: 2019, yearSource: report.YearFromCover, unit: "云溪县文化馆"}},

		// Key–value pairs inside one line.
		{name: "kv staffing", txt: layoutTitle + "\n编制人数：35人，实有人数：33人。\n" + scoreLine,
			want: layoutWant{authorized: f(35), actual: f(33)}},
		{name: "kv without units", txt: layoutTitle + "\n核定编制：12；实有人员：11\n" + scoreLine,
			want: layoutWant{authorized: f(12), actual: f(11)}},
		{name: "kv unit and year without a title", txt: "绩效自评情况\n部门(单位)名称：溪口县财政局\n评价年度：2020年\n" + scoreLine + "\n2019年完成了2019年的任务，2019年。",
			want: layoutWant{year: 2020, yearSource: report.YearFromCover, unit: "溪口县财政局"}},
		{name: "kv year under a title (title decides)", txt: "溪口县财政局2021年度部门整体支出绩效自评报告\n评价年度：2020年\n" + scoreLine,
			want: layoutWant{year: 2021, yearSource: report.YearFromTitle, unit: "溪口县财政局"}},
		{name: "kv bare 单位", txt: "云溪市2018年度部门整体支出绩效评价自评报告\n单位：云溪市统计局\n金额单位：万元\n" + scoreLine,
			want: layoutWant{year: 2018, yearSource: report.YearFromTitle, unit: "云溪市统计局"}},

		{name: "kv full name with a seal mark", txt: "部门整体支出绩效评价自评报告\n（2020年度）\n部门（单位）全称：云溪县档案馆 （公章）\n填报日期 2021年 3月2日\n" + scoreLine,
			want: layoutWant{year: 2020, yearSource: report.YearFromTitle, unit: "云溪县档案馆"}},
		{name: "三公 parts in a sentence", txt: layoutTitle + "\n“三公”经费年初预算9.6万元，实际支出7.4万元，其中公务接待费2.1万元，公务用车运行维护费5.3万元。\n" + scoreLine,
			want: layoutWant{budget: map[string]float64{"three_public_budget": 9.6, "three_public_actual": 7.4},
				three: map[string]float64{"total": 7.4, "reception": 2.1, "vehicle_operation": 5.3}}},

		// Titles.
		{name: "city title 绩效评价自评报告", txt: "云溪市水利局2018年度部门整体支出绩效评价自评报告\n" + scoreLine,
			want: layoutWant{year: 2018, yearSource: report.YearFromTitle, unit: "云溪市水利局"}},
		{name: "title over three lines", txt: "云溪市水利局\n2018年度部门整体支出\n绩效评价自评报告\n一、基本情况\n2017年工作，2017年度，2017年。\n" + scoreLine,
			want: layoutWant{year: 2018, yearSource: report.YearFromTitle, unit: "云溪市水利局"}},
		{name: "title opening with the year", txt: "2020年度云溪县农业农村局部门整体支出绩效自评报告\n" + scoreLine,
			want: layoutWant{year: 2020, yearSource: report.YearFromTitle, unit: "云溪县农业农村局"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var r *report.Report
			if tt.txt != "" {
				r = parseText(t, tt.txt, Options{})
			} else {
				r = mustParse(t, tt.doc, Options{})
			}
			checkLayout(t, tt.want, r)
		})
	}
}

func checkLayout(t *testing.T, w layoutWant, r *report.Report) {
	t.Helper()
	if w.year == 0 {
		w.year, w.yearSource, w.unit = 2021, report.YearFromTitle, "云溪县统计局"
	}
	if r.FiscalYear != w.year || r.YearSource != w.yearSource {
		t.Errorf("year = %d (%s), want %d (%s)", r.FiscalYear, r.YearSource, w.year, w.yearSource)
	}
	if r.Unit.Name != w.unit {
		t.Errorf("unit = %q, want %q", r.Unit.Name, w.unit)
	}
	if !eqf(r.Staffing.Authorized, w.authorized) || !eqf(r.Staffing.Actual, w.actual) {
		t.Errorf("staffing = %s/%s, want %s/%s", str(r.Staffing.Authorized), str(r.Staffing.Actual), str(w.authorized), str(w.actual))
	}
	if (w.authorized != nil || w.actual != nil) && r.Staffing.Evidence == nil {
		t.Error("staffing without evidence")
	}
	rowCheck := func(what string, n int, want map[string]float64, cols map[string]*float64, ev *report.Evidence) {
		if len(want) == 0 {
			if n != 0 {
				t.Errorf("%s: %d rows, want none", what, n)
			}
			return
		}
		if n != 1 {
			t.Errorf("%s: %d rows, want 1", what, n)
			return
		}
		for col, v := range cols {
			wv, ok := want[col]
			if ok && !eqf(v, f(wv)) || !ok && v != nil {
				t.Errorf("%s.%s = %s, want %v (listed: %v)", what, col, str(v), wv, ok)
			}
		}
		if ev == nil || ev.Text == "" {
			t.Errorf("%s row without evidence", what)
		}
	}
	var in report.IncomeRow
	if len(r.Income) > 0 {
		in = r.Income[0]
	}
	rowCheck("income", len(r.Income), w.income, map[string]*float64{"total": in.Total, "carryover": in.Carryover,
		"fiscal_appropriation": in.FiscalAppropriation, "gov_fund": in.GovFund, "special_account_nontax": in.SpecialAccountNontax, "other": in.Other}, in.Evidence)
	var ex report.ExpenditureRow
	if len(r.Expenditure) > 0 {
		ex = r.Expenditure[0]
	}
	rowCheck("expenditure", len(r.Expenditure), w.expend, map[string]*float64{"total": ex.Total, "basic": ex.Basic, "personnel": ex.Personnel,
		"public_use": ex.PublicUse, "project": ex.Project, "balance_current": ex.BalanceCurrent, "balance_cumulative": ex.BalanceCumulative}, ex.Evidence)
	var tp report.ThreePublicRow
	if len(r.ThreePublic) > 0 {
		tp = r.ThreePublic[0]
	}
	rowCheck("three_public", len(r.ThreePublic), w.three, map[string]*float64{"total": tp.Total, "reception": tp.Reception,
		"vehicle_operation": tp.VehicleOperation, "vehicle_purchase": tp.VehiclePurchase, "overseas": tp.Overseas}, tp.Evidence)
	b := r.Budget
	budget := map[string]*float64{"carryover": b.Carryover, "initial": b.Initial, "supplementary": b.Supplementary,
		"year_end_balance": b.YearEndBalance, "adjustment": b.Adjustment, "public_use_budget": b.PublicUseBudget,
		"public_use_actual": b.PublicUseActual, "three_public_budget": b.ThreePublicBudget, "three_public_actual": b.ThreePublicActual,
		"three_public_budget_prev": b.ThreePublicBudgetPrev, "procurement_budget": b.ProcurementBudget, "procurement_actual": b.ProcurementActual}
	for field, v := range budget {
		wv, ok := w.budget[field]
		if ok && !eqf(v, f(wv)) || !ok && v != nil {
			t.Errorf("budget.%s = %s, want %v (listed: %v)", field, str(v), wv, ok)
		}
		if ok {
			if _, has := b.Evidence[field]; !has {
				t.Errorf("budget.%s without evidence", field)
			}
			for _, m := range r.Missing {
				if m == "budget."+field {
					t.Errorf("budget.%s read but listed missing", field)
				}
			}
		}
	}
	amb := findingsOf(r, "layout_ambiguous")
	if len(amb) != len(w.ambiguous) {
		var got []string
		for _, a := range amb {
			got = append(got, a.Message)
		}
		t.Errorf("layout_ambiguous = %q, want %d like %q", got, len(w.ambiguous), w.ambiguous)
		return
	}
	for i, a := range amb {
		if !strings.Contains(a.Message, w.ambiguous[i]) || a.Evidence == nil || a.Severity != "warning" {
			t.Errorf("layout_ambiguous[%d] = %+v, want a warning with evidence saying %q", i, a, w.ambiguous[i])
		}
	}
	for _, fd := range r.Findings {
		if fd.Rule == "malformed_number" {
			t.Errorf("malformed_number on a layout: %+v", fd)
		}
	}
}

func TestReadValue(t *testing.T) {
	for _, tt := range []struct {
		in    string
		ok    bool
		blank bool
		v     float64
		unit  string
	}{
		{"35", true, false, 35, ""},
		{"３５人", true, false, 35, "人"},
		{"1,234.50", true, false, 1234.5, ""},
		{"1，234.50万元", true, false, 1234.5, "万元"},
		{"(12.50)", true, false, -12.5, ""},
		{"（3）", true, false, -3, ""},
		{"94.3%", true, false, 94.3, "%"},
		{"0.75亿元", true, false, 0.75, "亿元"},
		{"—", true, true, 0, ""},
		{"", true, true, 0, ""},
		{"财预2013 53号", false, false, 0, ""},
		{"〔2013〕53号", false, false, 0, ""},
		{"2021-03-01", false, false, 0, ""},
		{"40.3.", false, false, 0, ""},
		{"(-3)", false, false, 0, ""},
		{"编制数", false, false, 0, ""},
	} {
		lv, ok := readValue(tt.in)
		if ok != tt.ok || lv.blank != tt.blank || ok && !lv.blank && (*lv.v != tt.v || lv.unit != tt.unit) {
			t.Errorf("readValue(%q) = %+v (v %s), %v; want %v %v %v %q", tt.in, lv, str(lv.v), ok, tt.ok, tt.blank, tt.v, tt.unit)
		}
	}
}

func TestSplitRuns(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"编制数\t实际在职人数\t控制率", []string{"编制数", "实际在职人数", "控制率"}},
		{"\t35\t\t94.3%\t", []string{"35", "", "94.3%"}},
		{"  编制数    实际在职人数  控制率", []string{"编制数", "实际在职人数", "控制率"}},
		{"编制数\u3000实有人数", []string{"编制数", "实有人数"}},
		{"14 12 85.71%", []string{"14", "12", "85.71%"}},
		{"核定编制 在职人数", []string{"核定编制", "在职人数"}},
		{"财预2013 53号", []string{"财预2013 53号"}},
		{"本局 共有 35 人", []string{"本局 共有 35 人"}},
	} {
		if got := splitRuns(tt.in); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("splitRuns(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzLayoutText: the layout readers never panic and never take a figure
// without evidence, whatever lines they are given.
func FuzzLayoutText(f *testing.F) {
	for _, s := range []string{
		"编制数\t实际在职人数\t控制率\n35\t33\t94.3%",
		"人员编制\n36\n实有人数\n31",
		"编制人数：35人，实有人数：33人",
		"三公经费\t公用经费\n预算数\t决算数\t预算数\t决算数\n8\t6\t52\t49",
		"单位：万元\n收入合计  支出合计\n(1,2)  ３５",
	} {
		f.Add(s)
	}
	cat := catalog(f)
	f.Fuzz(func(t *testing.T, s string) {
		doc := fuzzDoc(layoutTitle + "\n" + s + "\n" + scoreLine)
		r, err := Parse(t.Context(), doc, cat, Options{})
		if err != nil {
			return
		}
		if (r.Staffing.Authorized != nil || r.Staffing.Actual != nil) && r.Staffing.Evidence == nil {
			t.Fatalf("staffing without evidence: %q", s)
		}
	})
}
