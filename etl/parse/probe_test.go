package parse

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"jixiao/etl/extract"
	"jixiao/internal/seedfile"
	"jixiao/report"
)

// Regression tests for the data-layer probe (December 2026). Each builds its
// variant of the seed the way the probe does (sed-style line edits, line
// numbers of the 508-line seed) and skips when ../shared is absent.

// seedLines returns the seed report's lines (without newlines).
func seedLines(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(seedfile.Path(t, seedfile.Txt))
	if err != nil {
		t.Fatalf("read seed: %v", err)
	}
	return strings.Split(string(data), "\n")
}

// variant applies sed-style edits (1-based line number → new line) to the
// seed and prepends head lines.
func variant(t *testing.T, head []string, edits map[int]string) string {
	t.Helper()
	ls := seedLines(t)
	for n, s := range edits {
		ls[n-1] = s
	}
	return strings.Join(append(append([]string(nil), head...), ls...), "\n")
}

// parseText parses text as a .txt file through the real extractor.
func parseText(t *testing.T, text string, opt Options) *report.Report {
	t.Helper()
	doc, err := extract.Extract(context.Background(), "variant.txt", []byte(text), extract.Limits{})
	if err != nil {
		t.Fatalf("extract: %v", err)
	}
	return mustParse(t, doc, opt)
}

// unitTotal is what the warehouse takes as the unit's figure (jx_org_total):
// the summary row's value when filled, else the sum of the org rows; get
// returns a row's figure and its summary flag.
func unitTotal[T any](rows []T, get func(T) (*float64, bool)) *float64 {
	var sum *float64
	for _, r := range rows {
		if v, summary := get(r); summary && v != nil {
			return v
		}
	}
	for _, r := range rows {
		if v, summary := get(r); !summary && v != nil {
			x := *v
			if sum != nil {
				x += *sum
			}
			sum = &x
		}
	}
	return sum
}

func incomeTotal(r *report.Report) *float64 {
	return unitTotal(r.Income, func(x report.IncomeRow) (*float64, bool) { return x.Total, x.Summary })
}

func fixedAssetsTotal(r *report.Report) *float64 {
	return unitTotal(r.FixedAssets, func(x report.FixedAssetRow) (*float64, bool) { return x.Total, x.Summary })
}

func TestProbeW3_SummaryRows(t *testing.T) {
	filled := func(label string) map[int]string {
		return map[int]string{87: "\t" + label, 88: "\t146.95", 89: "\t47.84", 90: "\t99.11"}
	}
	for _, tt := range []struct {
		name   string
		edits  map[int]string
		income float64
		fixed  float64
	}{
		{"seed", nil, 146.95, 9.17},
		{"总计", filled("总计"), 146.95, 9.17},
		{"共计", filled("共计"), 146.95, 9.17},
		{"合计", filled("合计"), 146.95, 9.17},
		{"合 计", filled("合 计"), 146.95, 9.17},
		{"全角空格", filled("合\u3000\u3000计"), 146.95, 9.17},
		{"numbered", filled("一、总计"), 146.95, 9.17},
		{"org named 汇总中心", map[int]string{250: "\t3、统计数据汇总中心", 251: "\t2.00", 252: "\t2.00"}, 146.95, 11.17},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := parseText(t, variant(t, nil, tt.edits), Options{})
			if got := incomeTotal(r); !eqf(got, f(tt.income)) {
				t.Errorf("income total = %s, want %v (rows %+v)", str(got), tt.income, r.Income)
			}
			if got := fixedAssetsTotal(r); !eqf(got, f(tt.fixed)) {
				t.Errorf("fixed assets total = %s, want %v", str(got), tt.fixed)
			}
		})
	}
}

func TestSummaryLabel(t *testing.T) {
	for _, tt := range []struct {
		label string
		edge  bool
		want  bool
	}{
		{"局机关及二级机构汇总", true, true},
		{"局机关及二级机构汇总", false, false},
		{"合计", false, true},
		{"总　计", false, true},
		{" 共 计 ", true, true},
		{"1.合计", false, true},
		{"（一）汇总", false, true},
		{"全局合计", true, true},
		{"3、统计数据汇总中心", true, false},
		{"统计数据汇总中心", true, false},
		{"2、数据汇总", true, false},
		{"局机关", true, false},
		{"小计", true, false},
	} {
		if got := isSummaryLabel(tt.label, tt.edge); got != tt.want {
			t.Errorf("isSummaryLabel(%q, %v) = %v, want %v", tt.label, tt.edge, got, tt.want)
		}
	}
}

func TestProbeW2_TableUnits(t *testing.T) {
	for _, tt := range []struct {
		name   string
		edits  map[int]string
		income *float64
		fiscal *float64
		rule   string // a finding wanted
	}{
		{"header 元", map[int]string{69: "\t年度收入情况（元）", 104: "\t1469500", 105: "\t478400", 106: "\t991100"}, f(146.95), f(99.11), "form_unit_converted"},
		{"cell 元", map[int]string{104: "\t1469500元"}, f(146.95), f(99.11), ""},
		{"header 单位：元", map[int]string{69: "\t年度收入情况（单位：元）", 104: "\t1469500", 105: "\t478400", 106: "\t991100"}, f(146.95), f(99.11), "form_unit_converted"},
		{"亿元", map[int]string{69: "\t年度收入情况（亿元）", 104: "\t0.014695", 105: "\t0.004784", 106: "\t0.009911"}, f(146.95), f(99.11), "form_unit_converted"},
		{"unknown unit", map[int]string{69: "\t年度收入情况（美元）"}, nil, nil, "form_unit_unknown"},
		{"contradictory", map[int]string{69: "\t年度收入情况（万元）（元）"}, nil, nil, "form_unit_conflict"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := parseText(t, variant(t, nil, tt.edits), Options{})
			var row *report.IncomeRow
			for i := range r.Income {
				if r.Income[i].Org == "二级机构1" {
					row = &r.Income[i]
				}
			}
			if row == nil {
				t.Fatalf("no 二级机构1 income row: %+v", r.Income)
			}
			if !eqf(row.Total, tt.income) || !eqf(row.FiscalAppropriation, tt.fiscal) {
				t.Errorf("income = %s fiscal = %s; want %s %s", str(row.Total), str(row.FiscalAppropriation), str(tt.income), str(tt.fiscal))
			}
			if tt.rule != "" {
				fs := findingsOf(r, tt.rule)
				if len(fs) != 1 || !strings.Contains(fs[0].Message, "年度收入情况") {
					t.Errorf("%s findings = %+v", tt.rule, fs)
				}
			}
			// The other tables keep 万元, except after a table that stated 元.
			if len(r.Expenditure) < 3 || !eqf(r.Expenditure[2].Total, f(124.94)) {
				t.Errorf("expenditure = %+v", r.Expenditure)
			}
		})
	}
}

// TestProbeW2_NarrativeUnits: the narrative path converts as it did: the
// seed's 上年结转 written in 元 or 亿元 is the same 47.83 万元.
func TestProbeW2_NarrativeUnits(t *testing.T) {
	line := seedLines(t)[438]
	if !strings.Contains(line, "上年结转47.83万元") {
		t.Fatalf("seed line 439 no longer states 上年结转47.83万元")
	}
	for _, written := range []string{"478300元", "0.004783亿元", "47.83万元"} {
		r := parseText(t, variant(t, nil, map[int]string{439: strings.Replace(line, "47.83万元", written, 1)}), Options{})
		if !eqf(r.Budget.Carryover, f(47.83)) {
			t.Errorf("上年结转%s read as %s 万元, want 47.83", written, str(r.Budget.Carryover))
		}
	}
}

func TestProbeU13_FullWidthCommaCell(t *testing.T) {
	r := parseText(t, variant(t, nil, map[int]string{104: "\t1，146.95"}), Options{})
	if got := r.Income[2].Total; !eqf(got, f(1146.95)) {
		t.Errorf("income total = %s, want 1146.95", str(got))
	}
	if fs := findingsOf(r, "malformed_number"); len(fs) != 0 {
		t.Errorf("malformed_number: %+v", fs)
	}
	r = parseText(t, variant(t, nil, map[int]string{104: "\t1，46.95"}), Options{})
	if got := r.Income[2].Total; got != nil || len(findingsOf(r, "malformed_number")) != 1 {
		t.Errorf("ambiguous 1，46.95 read as %s", str(got))
	}
}

// fy2022 shifts the seed's years by one, as probe W1 (b) does: a genuine
// FY2022 report whose body writes "2022年" and keeps "2021年度" for the
// prior-year comparisons.
func fy2022(t *testing.T) string {
	t.Helper()
	s := strings.Join(seedLines(t), "\n")
	for _, y := range []string{"2021", "2020", "2019"} { // latest first: no year is shifted twice
		next := map[string]string{"2021": "2022", "2020": "2021", "2019": "2020"}[y]
		s = strings.ReplaceAll(s, y, next)
	}
	return strings.ReplaceAll(s, "2022年度", "2022年")
}

const title2022 = "湘西州投资促进事务中心2022年度部门整体支出绩效自评报告"

func TestProbeW1_TitleYear(t *testing.T) {
	for _, tt := range []struct {
		name     string
		text     string
		opt      Options
		year     int
		source   string
		mismatch bool
	}{
		{"(a) 2022 title over a 2021 body", title2022 + "\n\n" + variant(t, nil, nil), Options{}, 2022, report.YearFromTitle, true},
		{"(b) genuine FY2022 report", title2022 + "\n\n" + fy2022(t), Options{}, 2022, report.YearFromTitle, false},
		{"no title: the body decides", variant(t, nil, nil), Options{}, 2021, report.YearFromBody, false},
		{"manifest", title2022 + "\n\n" + fy2022(t), Options{Year: 2020}, 2020, report.YearFromManifest, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := parseText(t, tt.text, tt.opt)
			if r.FiscalYear != tt.year || r.YearSource != tt.source {
				t.Errorf("fiscal year %d from %q, want %d from %q", r.FiscalYear, r.YearSource, tt.year, tt.source)
			}
			if strings.HasPrefix(tt.text, title2022) && r.Title != title2022 {
				t.Errorf("title = %q", r.Title)
			}
			fs := findingsOf(r, "year_title_body_mismatch")
			if (len(fs) == 1) != tt.mismatch || len(fs) > 1 {
				t.Fatalf("year_title_body_mismatch = %+v, want %v", fs, tt.mismatch)
			}
			if tt.mismatch {
				f := fs[0]
				if f.Severity != "error" || f.Expected != "2022年" || f.Found != "2021年" || f.Evidence == nil ||
					!strings.Contains(f.Message, "标题写明评价2022年度") || !strings.Contains(f.Message, "正文却多处写2021年") {
					t.Errorf("finding = %+v", f)
				}
			}
		})
	}
}

func TestTitleYear(t *testing.T) {
	for _, tt := range []struct {
		title string
		want  int
	}{
		{"X单位2022年度部门整体支出绩效自评报告", 2022},
		{"X单位2022年部门整体支出绩效评价报告", 2022},
		{"X单位2021年—2022年度项目支出绩效自评报告", 2022},
		{"X单位2021年—2022年项目支出绩效自评报告", 0},
		{"部门整体支出绩效自评报告", 0},
	} {
		if got := titleYear(norm(tt.title)); got != tt.want {
			t.Errorf("titleYear(%q) = %d, want %d", tt.title, got, tt.want)
		}
	}
}

func TestProbeW4_ReportDateAndRevision(t *testing.T) {
	for _, tt := range []struct {
		name   string
		lines  []string
		date   string
		marker string
	}{
		{"signature date", []string{title2022, "①绩效目标合理性（3分）：得满分3分。", "湘西州投资促进事务中心", "2022年3月15日"}, "2022-03-15", ""},
		{"signature and date on one line", []string{title2022, "①绩效目标合理性（3分）：得满分3分。", "湘西州投资促进事务中心  2022年3月5日"}, "2022-03-05", ""},
		{"Chinese numerals", []string{title2022, "①绩效目标合理性（3分）：得满分3分。", "二〇二二年三月十五日"}, "2022-03-15", ""},
		{"labelled", []string{title2022, "报告日期：2022.4.1", "①绩效目标合理性（3分）：得满分3分。"}, "2022-04-01", ""},
		{"a date in a sentence is an event", []string{title2022, "①绩效目标合理性（3分）：得满分3分。", "2022年3月15日，我中心召开会议。"}, "", ""},
		{"no calendar date", []string{title2022, "①绩效目标合理性（3分）：得满分3分。", "2022年2月30日"}, "", ""},
		{"title marker", []string{title2022 + "（修订版）", "①绩效目标合理性（3分）：得满分3分。"}, "", "修订版"},
		{"title ends with 更正稿", []string{title2022 + "更正稿", "①绩效目标合理性（3分）：得满分3分。"}, "", "更正稿"},
		{"heading", []string{"（更正）", title2022, "①绩效目标合理性（3分）：得满分3分。"}, "", "更正"},
		{"v2", []string{title2022 + "(V2)", "①绩效目标合理性（3分）：得满分3分。"}, "", "V2"},
		{"第二版", []string{title2022 + "（第二版）", "①绩效目标合理性（3分）：得满分3分。"}, "", "第二版"},
		{"修改 in a sentence", []string{title2022, "我单位修改完善制度三项，修订内控手册。", "①绩效目标合理性（3分）：得满分3分。"}, "", ""},
		{"修改 in a late heading", append(append([]string{title2022}, strings.Split(strings.Repeat("①绩效目标合理性（3分）：得满分3分。\n", 16), "\n")...), "修改版"), "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, mkdoc(paras(tt.lines...)...), Options{})
			if r.ReportDate != tt.date {
				t.Errorf("report date = %q, want %q", r.ReportDate, tt.date)
			}
			switch {
			case tt.marker == "" && r.Revision != nil:
				t.Errorf("revision = %+v, want none", *r.Revision)
			case tt.marker != "" && (r.Revision == nil || r.Revision.Marker != tt.marker || r.Revision.Where != "text"):
				t.Errorf("revision = %+v, want %q in text", r.Revision, tt.marker)
			}
			if tt.marker != "" && (r.FiscalYear != 2022 || r.Unit.FullName != "湘西州投资促进事务中心") {
				t.Errorf("a marked title still gives year and unit: %d %q", r.FiscalYear, r.Unit.FullName)
			}
		})
	}
}

func TestProbeW5_FullNameAndRegion(t *testing.T) {
	county := func(c string) string {
		s := strings.Join(seedLines(t), "\n")
		s = strings.ReplaceAll(s, "州投资促进事务局更名为州投资促进事务中心", "本单位")
		s = strings.ReplaceAll(s, "州投资促进事务中心", "县财政局")
		return c + "财政局2021年度部门整体支出绩效自评报告\n\n" + s
	}
	for _, tt := range []struct {
		name, text                            string
		unit, full, region, canonical, scheme string
	}{
		{"凤凰县", county("凤凰县"), "县财政局", "凤凰县财政局", "凤凰县", "凤凰县财政局", "hunan-xiangxi-2021"},
		{"泸溪县", county("泸溪县"), "县财政局", "泸溪县财政局", "泸溪县", "泸溪县财政局", "hunan-xiangxi-2021"},
		{"no title: no region invented for a bare 县 name", strings.SplitN(county("凤凰县"), "\n\n", 2)[1], "县财政局", "", "", "县财政局", "hunan-xiangxi-2021"},
		{"prefecture spelled out", "湘西土家族苗族自治州投资促进事务中心2021年度部门整体支出绩效自评报告\n\n" + variant(t, nil, nil),
			"州投资促进事务中心", "湘西土家族苗族自治州投资促进事务中心", "湘西州", "湘西州投资促进事务中心", "hunan-xiangxi-2021"},
		{"seed", variant(t, nil, nil), "州投资促进事务中心", "", "湘西州", "湘西州投资促进事务中心", "hunan-xiangxi-2021"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := parseText(t, tt.text, Options{})
			u := r.Unit
			if u.Name != tt.unit || u.FullName != tt.full || u.Region != tt.region || u.CanonicalName != tt.canonical || r.Scheme != tt.scheme {
				t.Errorf("unit = %+v, scheme %q", u, r.Scheme)
			}
		})
	}
}

func TestRegionOf(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"凤凰县财政局", "凤凰县"},
		{"怀化市商务局", "怀化市"},
		{"湘西州统计局", "湘西州"},
		{"湘西土家族苗族自治州统计局", "湘西州"},
		{"长沙市岳麓区教育局", "长沙市"},
		{"新晃侗族自治县财政局", "新晃侗族自治县"},
		{"湖南省财政厅", "湖南省"},
		{"县财政局", ""},
		{"州投资促进事务中心", ""},
		{"统计数据汇总中心", ""},
		{"城市管理局", ""},
		{"农贸市场服务中心", ""},
		{"经济开发区管委会", ""},
		{"凤凰县", ""},
	} {
		if got := regionOf(tt.name, nil); got != tt.want {
			t.Errorf("regionOf(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestProbeU11_DocumentTypeAndCompleteness(t *testing.T) {
	ind := "①绩效目标合理性（3分）：得满分3分。"
	for _, tt := range []struct {
		name, text string
		typ        string
		found      int
		layout     bool
	}{
		{"seed", variant(t, nil, nil), report.DocumentDepartment, 21, false},
		// A project report and a 决算 publication without a self-evaluation
		// chapter are refused (TestDocumentTypeRefused).
		{"决算 publication", "溪口镇人民政府2022年度部门决算\n第四部分 部门整体支出绩效自评情况\n" + ind, report.DocumentFinalAccounts, 3, true},
		{"one indicator, nothing else", "某县某局2022年度部门整体支出绩效自评报告\n" + ind, report.DocumentDepartment, 3, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := parseText(t, tt.text, Options{})
			c := r.Completeness
			if r.DocumentType != tt.typ || c.Found != tt.found || c.Expected != len(expected[tt.typ]) || c.Found+len(c.Missing) != c.Expected {
				t.Errorf("type %q completeness %+v; want %q with %d found", r.DocumentType, c, tt.typ, tt.found)
			}
			fs := findingsOf(r, "unrecognised_layout")
			if (len(fs) == 1) != tt.layout {
				t.Errorf("unrecognised_layout = %+v, want %v", fs, tt.layout)
			}
			if tt.layout && (len(fs) != 1 || !strings.Contains(fs[0].Message, "未能识别文件版式")) {
				t.Errorf("message = %+v", fs)
			}
		})
	}
}

func TestProbeS2_UnknownYearAndUnit(t *testing.T) {
	noYear := strings.Join(seedLines(t), "\n")
	for _, y := range []string{"2019", "2020", "2021", "2022"} {
		for _, after := range []string{"年", "—", "-", "〕"} {
			noYear = strings.ReplaceAll(noYear, y+after, after)
		}
	}
	r := parseText(t, noYear, Options{})
	if r.FiscalYear != 0 || r.YearSource != "" || len(findingsOf(r, "year_unknown")) != 1 ||
		findingsOf(r, "year_unknown")[0].Message != "无法确定评价年度，请在 manifest.csv 中指定" {
		t.Errorf("no year: fiscal year %d (%q), findings %+v", r.FiscalYear, r.YearSource, findingsOf(r, "year_unknown"))
	}
	if r = parseText(t, noYear, Options{Year: 2021}); r.FiscalYear != 2021 || len(findingsOf(r, "year_unknown")) != 0 {
		t.Errorf("manifest year: %d, %+v", r.FiscalYear, findingsOf(r, "year_unknown"))
	}
	noUnit := strings.Join(seedLines(t), "\n")
	noUnit = strings.ReplaceAll(noUnit, "州投资促进事务中心", "")
	noUnit = strings.ReplaceAll(noUnit, "州投资促进事务局", "")
	r = parseText(t, noUnit, Options{})
	if fs := findingsOf(r, "unit_unknown"); r.Unit.Name != "" || len(fs) != 1 || fs[0].Message != "无法确定评价单位，请在 manifest.csv 中指定" {
		t.Errorf("no unit: %q, findings %+v", r.Unit.Name, fs)
	}
}

func TestProbeU1_NoContentMessage(t *testing.T) {
	_, err := Parse(context.Background(), mkdoc(para("会议通知：请各单位于周五前报送材料。")), catalog(t), Options{})
	if !errors.Is(err, ErrNoContent) || err.Error() != "未找到自评内容：既无自评表也无评分指标" {
		t.Errorf("err = %v", err)
	}
}

// TestProbeU12_LayoutHeader: layout text's wrapped, interleaved header cells
// (as pdftotext prints the seed's form) spell every label; a header of
// another template still lacks the label it does not have.
func TestProbeU12_LayoutHeader(t *testing.T) {
	rows := func(cells ...[]string) []gridRow {
		var out []gridRow
		for _, c := range cells {
			out = append(out, gridRow{labels: c})
		}
		return out
	}
	income := formTables[0]
	threePublic := formTables[2]
	for _, tt := range []struct {
		name    string
		t       formTable
		header  []gridRow
		missing []string
	}{
		{"income as pdftotext wraps it", income, rows(
			[]string{"机构名称", "收入合计", "其中："},
			[]string{"", "上年结转", "公共财", "政府基金", "纳入专户", "其他"},
			[]string{"", "拨款", "管理的非"},
			[]string{"", "政拨款", "税收入拨", "收入"},
			[]string{"", "款"}), nil},
		{"三公经费 as pdftotext wraps it", threePublic, rows(
			[]string{"机构名称", "三公经费", "其中："},
			[]string{"", "合计"},
			[]string{"", "公务接待", "公务用车", "公务用车", "因公出国（境）费用"},
			[]string{"", "费", "运行维护", "购置费"},
			[]string{"", "费"}), nil},
		{"another template's column", income, rows(
			[]string{"机构名称", "收入合计", "其中："},
			[]string{"", "上年结转", "公共财", "政府基金", "事业收入", "其他"},
			[]string{"", "拨款", "政拨款", "收入"}), []string{"非税收入"}},
		{"pieces out of order", threePublic, rows(
			[]string{"机构名称", "三公经费合计", "其中："},
			[]string{"", "费", "公务接待", "公务用车运行维护费", "公务用车购置费", "因公出国"}), []string{"公务接待费"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := looseMissing(tt.t.labels, tt.header); !slices.Equal(got, tt.missing) {
				t.Errorf("missing = %v, want %v", got, tt.missing)
			}
		})
	}
}
