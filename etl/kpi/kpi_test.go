package kpi

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/etl/extract"
	"jixiao/report"
)

func mustDict(t testing.TB) *Dictionary {
	t.Helper()
	d, err := LoadDictionary()
	if err != nil {
		t.Fatalf("LoadDictionary: %v", err)
	}
	return d
}

// paras builds a Document of paragraphs.
func paras(texts ...string) *extract.Document {
	doc := &extract.Document{Format: "txt"}
	for _, s := range texts {
		doc.Blocks = append(doc.Blocks, extract.Block{Kind: extract.Paragraph, Text: s})
	}
	return doc
}

// formRow builds a Document holding one table row: a label cell and a content cell.
func formRow(label, content string) *extract.Document {
	return &extract.Document{Format: "docx", Blocks: []extract.Block{{
		Kind: extract.TableBlock,
		Table: &extract.Table{Rows: []extract.Row{
			{Cells: []extract.Cell{{Text: "单位名称", Span: 1}, {Text: "某市投资促进服务中心", Span: 1}}},
			{Cells: []extract.Cell{{Text: label, Span: 1}, {Text: content, Span: 3}}},
		}},
	}}}
}

func metricsByCode(r Result, code string) []report.Metric {
	var out []report.Metric
	for _, m := range r.Metrics {
		if m.Code == code {
			out = append(out, m)
		}
	}
	return out
}

func findingsByRule(r Result, rule string) []report.Finding {
	var out []report.Finding
	for _, f := range r.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestMetrics(t *testing.T) {
	d := mustDict(t)
	tests := []struct {
		name      string
		text      string
		code      string
		value     float64
		unit      string
		qualifier string
		orig      string
		period    string
	}{
		{"inflow 亿元", "全年到位资金65.4亿元，创五年来新高。", "investment_inflow", 654000, "万元", "", "65.4亿元", ""},
		{"inflow 万元 full-width", "实际到位资金为３２５０万元。", "investment_inflow", 3250, "万元", "", "３２５０万元", ""},
		{"inflow 元 with separators and 约", "当年到位资金约8,500,000元。", "investment_inflow", 850, "万元", "约", "约8,500,000元", ""},
		{"inflow after a comma", "今年到位资金再创新高，累计达到12.75亿元。", "investment_inflow", 127500, "万元", "", "12.75亿元", ""},
		{"yoy growth", "引进省外资金52.1亿元，同比增长9.6%。", "investment_inflow_yoy", 9.6, "%", "", "9.6%", ""},
		{"yoy decline is negative", "到位资金41亿元，同比下降5.2%。", "investment_inflow_yoy", -5.2, "%", "", "5.2%", ""},
		{"yoy full-width percent", "到位资金同比增长１５．３％。", "investment_inflow_yoy", 15.3, "%", "", "１５．３％", ""},
		{"target completion", "全市完成市定目标任务的103.5%。", "investment_target_completion", 103.5, "%", "", "103.5%", ""},
		{"projects", "全年共实施市外境内招商引资项目６２个。", "investment_projects", 62, "个", "", "６２个", ""},
		{"top500 new projects", "当年新引进“三类500强”企业投资项目7个。", "top500_new_projects", 7, "个", "", "7个", ""},
		{"top500 new projects plain quotes", "新引进三类500强项目3个，均已开工。", "top500_new_projects", 3, "个", "", "3个", ""},
		{"top500 task completion", "“三类500强”项目9个，完成年度任务（6个）的150%。", "top500_task_completion", 150, "%", "", "150%", ""},
		{"top500 fulfilment with period", "2020—2022年“三类500强”项目履约率为91.2%。", "top500_fulfilment_rate", 91.2, "%", "", "91.2%", "2020-2022"},
		{"top500 funds without period", "“三类500强”项目资金到位率达23.5%。", "top500_funds_rate", 23.5, "%", "", "23.5%", ""},
		{"provincial fulfilment", "省级签约项目履约率98%。", "provincial_signed_fulfilment_rate", 98, "%", "", "98%", ""},
		{"provincial funds", "省级以上签约项目履约率90%，资金到位率为31%。", "provincial_signed_funds_rate", 31, "%", "", "31%", ""},
		{"prefecture fulfilment 市级", "2021-2023年市级签约项目履约率80.5%。", "prefecture_signed_fulfilment_rate", 80.5, "%", "", "80.5%", "2021-2023"},
		{"prefecture funds", "州级签约项目履约率88%，资金到位率20.4%。", "prefecture_signed_funds_rate", 20.4, "%", "", "20.4%", ""},
		{"investor database 余", "新建客商资源库，收录长三角等地目标企业1500余家。", "investor_database_firms", 1500, "家", "余", "1500余家", ""},
		{"investor database count first", "收集整理粤港澳地区目标企业约800家，充实客商资源库。", "investor_database_firms", 800, "家", "约", "约800家", ""},
		{"satisfaction list service", "经测评，满意度分别为：服务对象为97.5%、社会公众为95%、内部职工为99%。", "satisfaction_service_target", 97.5, "%", "", "97.5%", ""},
		{"satisfaction list public", "经测评，满意度分别为：服务对象为97.5%、社会公众为95%、内部职工为99%。", "satisfaction_public", 95, "%", "", "95%", ""},
		{"satisfaction list staff", "经测评，满意度分别为：服务对象为97.5%、社会公众为95%、内部职工为99%。", "satisfaction_staff", 99, "%", "", "99%", ""},
		{"satisfaction service direct", "服务对象满意度为93.4%。", "satisfaction_service_target", 93.4, "%", "", "93.4%", ""},
		{"satisfaction public 达到", "社会公众满意度达到90%以上。", "satisfaction_public", 90, "%", "以上", "90%以上", ""},
		{"satisfaction overall formula", "综合满意度＝（服务对象×50%+社会公众×40%+员工×10%）＝95.3%。", "satisfaction_overall", 95.3, "%", "", "95.3%", ""},
		{"visitors (other unit kind)", "全年接待游客1280.5万人次，同比持平。", "visitors", 1280.5, "万人次", "", "1280.5万人次", ""},
		{"tourism revenue", "实现旅游总收入126.3亿元。", "tourism_revenue", 1263000, "万元", "", "126.3亿元", ""},
		{"satisfaction overall after the last ＝", "综合满意度＝97.5%×50%＋95%×40%＋99%×10%＝96.65%，高于90%。", "satisfaction_overall", 96.65, "%", "", "96.65%", ""},
		{"satisfaction overall stated", "社会公众或服务对象综合满意度为94.2%。", "satisfaction_overall", 94.2, "%", "", "94.2%", ""},
		{"tourism revenue yoy", "旅游综合收入88.4亿元，同比增长12.06%。", "tourism_revenue_yoy", 12.06, "%", "", "12.06%", ""},
		{"tourism revenue yoy decline", "全市旅游总收入52亿元，同比下降18.5%。", "tourism_revenue_yoy", -18.5, "%", "", "18.5%", ""},
		{"retail sales", "全市社会消费品零售总额达到212.6亿元，同比增长7.1%。", "retail_sales", 2126000, "万元", "", "212.6亿元", ""},
		{"retail sales yoy decline", "社会消费品零售总额190.3亿元，同比下降2.4%。", "retail_sales_yoy", -2.4, "%", "", "2.4%", ""},
		{"foreign trade", "完成外贸进出口总额9.85亿元，同比增长15.2%。", "foreign_trade", 98500, "万元", "", "9.85亿元", ""},
		{"foreign trade yoy", "外贸进出口总额9.85亿元，同比增长15.2%。", "foreign_trade_yoy", 15.2, "%", "", "15.2%", ""},
		{"new above-quota firms", "全年新增限额以上商贸企业48家。", "new_above_quota_firms", 48, "家", "", "48家", ""},
		{"grain area", "全市粮食播种面积188.6万亩，粮食总产量70.2万吨。", "grain_area", 188.6, "万亩", "", "188.6万亩", ""},
		{"grain output", "全市粮食播种面积188.6万亩，粮食总产量70.2万吨。", "grain_output", 70.2, "万吨", "", "70.2万吨", ""},
		{"rural income 元 with separators", "农村居民人均可支配收入13,408元，同比增长9.2%。", "rural_income_per_capita", 1.3408, "万元", "", "13,408元", ""},
		{"rural income 元 plain", "农村居民人均可支配收入11950元。", "rural_income_per_capita", 1.195, "万元", "", "11950元", ""},
		{"rural income yoy", "农村居民人均可支配收入13,408元，同比增长9.2%。", "rural_income_yoy", 9.2, "%", "", "9.2%", ""},
		{"survey tasks", "全年完成各级下达的统计调查任务96项。", "survey_tasks", 96, "项", "", "96项", ""},
		{"forest coverage", "全市森林覆盖率达到66.3%。", "forest_coverage", 66.3, "%", "", "66.3%", ""},
		{"afforestation", "全年完成人工造林12.4万亩。", "afforestation", 12.4, "万亩", "", "12.4万亩", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := d.Extract(paras(tt.text), 2022)
			ms := metricsByCode(r, tt.code)
			if len(ms) != 1 {
				t.Fatalf("%s: got %d metrics %+v, want 1", tt.code, len(ms), r.Metrics)
			}
			m := ms[0]
			if m.Value == nil || !near(*m.Value, tt.value) || m.Unit != tt.unit || m.Qualifier != tt.qualifier || m.Text != tt.orig || m.Period != tt.period {
				t.Errorf("got value %v unit %q qualifier %q text %q period %q; want %v %q %q %q %q",
					deref(m.Value), m.Unit, m.Qualifier, m.Text, m.Period, tt.value, tt.unit, tt.qualifier, tt.orig, tt.period)
			}
			if m.Evidence == nil || m.Evidence.Block != 0 || m.Evidence.Row != nil || !strings.Contains(m.Evidence.Text, m.Text) {
				t.Errorf("evidence = %+v", m.Evidence)
			}
		})
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestMetricsNegative lists sentences that look close to a pattern but must not
// give the metric.
func TestMetricsNegative(t *testing.T) {
	d := mustDict(t)
	tests := []struct {
		name, text, code string
	}{
		{"funds rate is no inflow", "资金到位率为45%。", "investment_inflow"},
		{"inflow rank is no amount", "到位资金增幅连续两年列全市第2名。", "investment_inflow"},
		{"unrelated yoy", "税收收入同比增长8%。", "investment_inflow_yoy"},
		{"released projects are not implemented projects", "对外发布招商引资项目127个。", "investment_projects"},
		{"fulfilment rate is no project count", "新引进“三类500强”项目履约率85%。", "top500_new_projects"},
		{"satisfaction weights", "综合满意度＝服务对象满意度×50%+社会公众满意度×40%。", "satisfaction_service_target"},
		{"satisfaction weights public", "综合满意度＝服务对象满意度×50%+社会公众满意度×40%。", "satisfaction_public"},
		{"malformed amount is never read", "到位资金40.3.亿元。", "investment_inflow"},
		{"sentence end stops the window", "到位资金创新高。全年支出12亿元。", "investment_inflow"},
		{"provincial is not prefecture", "省级以上签约项目履约率100%。", "prefecture_signed_fulfilment_rate"},
		{"satisfaction overall weighted operand", "综合满意度＝97.5%×50%＋95%×40%＋99%×10%。", "satisfaction_overall"},
		{"retail yoy needs 同比", "社会消费品零售总额212.6亿元，占全省的3.1%。", "retail_sales_yoy"},
		{"trade yoy is not retail yoy", "外贸进出口总额9.85亿元，同比增长15.2%。", "retail_sales_yoy"},
		{"rural income growth is no amount", "农村居民人均可支配收入增长8.5%。", "rural_income_per_capita"},
		{"grain task without figure", "层层落实粮食播种面积任务，推广良种良法。", "grain_area"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := d.Extract(paras(tt.text), 2022)
			if ms := metricsByCode(r, tt.code); len(ms) != 0 {
				t.Errorf("%q gave %s = %v (%s), want none", tt.text, tt.code, deref(ms[0].Value), ms[0].Text)
			}
		})
	}
}

func TestMetricsInTableCellsKeepCellEvidence(t *testing.T) {
	d := mustDict(t)
	r := d.Extract(formRow("年度部门（单位）总体运行情况", "一、概况\n全年到位资金8.2亿元。"), 2022)
	ms := metricsByCode(r, "investment_inflow")
	if len(ms) != 1 || *ms[0].Value != 82000 {
		t.Fatalf("metrics = %+v", r.Metrics)
	}
	ev := ms[0].Evidence
	if ev.Block != 0 || ev.Row == nil || *ev.Row != 1 || ev.Cell == nil || *ev.Cell != 1 || ev.Text != "全年到位资金8.2亿元" {
		t.Errorf("evidence = %+v row %v cell %v", ev, deref2(ev.Row), deref2(ev.Cell))
	}
}

func deref2(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestMetricsDeduplicated(t *testing.T) {
	d := mustDict(t)
	doc := paras("全年到位资金8.2亿元。", "（重复一遍）全年到位资金8.2亿元。")
	r := d.Extract(doc, 2022)
	if ms := metricsByCode(r, "investment_inflow"); len(ms) != 1 || ms[0].Evidence.Block != 0 {
		t.Errorf("want one metric from block 0, got %+v", ms)
	}
	if fs := findingsByRule(r, "same_quantity_two_values"); len(fs) != 0 {
		t.Errorf("same value twice is no finding: %+v", fs)
	}
}

func TestTargets(t *testing.T) {
	d := mustDict(t)
	content := "任务1：做好驻点招商工作。\n" +
		"任务2：配合全市新引进世界500强、中国500强等“三类500强”企业投资项目共6个。\n" +
		"任务3：全年引进市外境内资金增长不低于10%。\n" +
		"任务4：2022—2023年市级招商签约项目履约率达到75%以上。"
	r := d.Extract(formRow("年度主要\n\n工作内容", content), 2022)
	want := []struct {
		code string
		val  float64
		unit string
		cmp  string
	}{
		{"top500_new_projects", 6, "个", ">="},
		{"investment_inflow_yoy", 10, "%", ">="},
		{"prefecture_signed_fulfilment_rate", 75, "%", ">="},
	}
	if len(r.Targets) != len(want) {
		t.Fatalf("targets = %+v", r.Targets)
	}
	for i, w := range want {
		g := r.Targets[i]
		if g.Code != w.code || g.TargetValue == nil || *g.TargetValue != w.val || g.Unit != w.unit || g.Comparator != w.cmp {
			t.Errorf("target %d = %s %v %s %s, want %+v", i, g.Code, deref(g.TargetValue), g.Unit, g.Comparator, w)
		}
		if g.Evidence == nil || g.Evidence.Cell == nil || *g.Evidence.Cell != 1 || !strings.HasPrefix(g.Text, "任务") {
			t.Errorf("target %d evidence = %+v text %q", i, g.Evidence, g.Text)
		}
	}
	// Target text is never read as an actual.
	if len(r.Metrics) != 0 {
		t.Errorf("target lines gave metrics: %+v", r.Metrics)
	}
}

// TestTargetsOtherUnitKinds covers the targets of the commerce, tourism,
// agriculture and forestry entries, written as 年度主要工作内容 lines.
func TestTargetsOtherUnitKinds(t *testing.T) {
	d := mustDict(t)
	tests := []struct {
		line string
		code string
		val  float64
		unit string
		cmp  string
	}{
		{"任务2：推动全市社会消费品零售总额增长7%以上。", "retail_sales_yoy", 7, "%", ">="},
		{"任务3：新增限额以上商贸企业40家以上。", "new_above_quota_firms", 40, "家", ">="},
		{"任务2：推动全市外贸进出口总额增长5%以上。", "foreign_trade_yoy", 5, "%", ">="},
		{"任务4：推动全市旅游总收入增长9%以上。", "tourism_revenue_yoy", 9, "%", ">="},
		{"任务2：全市粮食播种面积稳定在180万亩以上。", "grain_area", 180, "万亩", ">="},
		{"任务3：粮食总产量稳定在65万吨以上。", "grain_output", 65, "万吨", ">="},
		{"任务4：推动农村居民人均可支配收入增长7.5%以上。", "rural_income_yoy", 7.5, "%", ">="},
		{"目标1：全年完成人工造林10万亩以上。", "afforestation", 10, "万亩", ">="},
		{"目标2：森林覆盖率稳定在66%以上。", "forest_coverage", 66, "%", ">="},
	}
	for _, tt := range tests {
		r := d.Extract(paras(tt.line), 2022)
		if len(r.Targets) != 1 {
			t.Errorf("%s: targets = %+v, want one %s", tt.line, r.Targets, tt.code)
			continue
		}
		g := r.Targets[0]
		if g.Code != tt.code || g.TargetValue == nil || !near(*g.TargetValue, tt.val) || g.Unit != tt.unit || g.Comparator != tt.cmp {
			t.Errorf("%s: target = %s %v %s %s, want %s %v %s %s", tt.line, g.Code, deref(g.TargetValue), g.Unit, g.Comparator, tt.code, tt.val, tt.unit, tt.cmp)
		}
		if len(r.Metrics) != 0 {
			t.Errorf("%s: target line gave metrics %+v", tt.line, r.Metrics)
		}
	}
}

func TestTargetComparators(t *testing.T) {
	d := mustDict(t)
	tests := []struct {
		line string
		val  float64
		cmp  string
	}{
		{"目标1：接待游客不少于300万人次", 300, ">="},
		{"目标2：接待游客控制在500万人次以内", 500, "<="},
		{"目标3：接待游客不超过450万人次", 450, "<="},
		{"目标4：接待游客不低于320万人次", 320, ">="}, // 不低于 is not 低于
		{"目标5：接待游客400万人次", 400, ">="},    // the entry's default
	}
	for _, tt := range tests {
		r := d.Extract(paras(tt.line), 2022)
		if len(r.Targets) != 1 || *r.Targets[0].TargetValue != tt.val || r.Targets[0].Comparator != tt.cmp {
			t.Errorf("%s: targets = %+v, want %v %s", tt.line, r.Targets, tt.val, tt.cmp)
		}
	}
}

// TestCustomDictionary shows a unit kind adding entries as data only, and the
// "=" comparator when neither the text nor the entry says otherwise.
func TestCustomDictionary(t *testing.T) {
	fsys := mapFS(map[string]string{
		"dict/water.yaml": `
metrics:
  - code: water_quality_rate
    label: 水质达标率
    unit: "%"
    patterns:
      - keywords: [水质达标率]
        window: 3
    targets:
      - keywords: [水质达标率]
        window: 3
  - code: pipes_km
    label: 新建管网
    unit: 公里
    patterns:
      - regex: '新建{any}{0,6}?管网{value}'
target_scope:
  line_markers: ['^任务']
`,
	})
	d, err := LoadFS(fsys, "dict")
	if err != nil {
		t.Fatal(err)
	}
	r := d.Extract(paras("任务：水质达标率98%", "全年水质达标率为99.1%，新建供水管网12.5公里。"), 2022)
	if len(r.Targets) != 1 || r.Targets[0].Comparator != "=" || *r.Targets[0].TargetValue != 98 {
		t.Errorf("targets = %+v", r.Targets)
	}
	if len(r.Metrics) != 2 || r.Metrics[0].Code != "water_quality_rate" || *r.Metrics[0].Value != 99.1 ||
		r.Metrics[1].Code != "pipes_km" || *r.Metrics[1].Value != 12.5 || r.Metrics[1].Unit != "公里" {
		t.Errorf("metrics = %+v", r.Metrics)
	}
}

func TestEvents(t *testing.T) {
	d := mustDict(t)
	text := "3月15日，我局在杭州市成功举办2022某某市（杭州）文旅产业招商推介会。会上发布招商项目45个，总投资230.5亿元；" +
		"现场签约项目12个，签约金额68亿元，其中工业项目5个，投资额20亿元。另有3家企业达成意向。" +
		"11月3日，我局承办了2022某某市“云上招商”重点项目签约仪式，成功签约项目9个，总投资15.6亿元。二是做好服务。"
	doc := paras(text, "（同一段落在正文中重复）"+text)
	r := d.Extract(doc, 2022)
	if len(r.Events) != 2 {
		t.Fatalf("events = %+v", r.Events)
	}
	e := r.Events[0]
	if e.Date != "2022-03-15" || e.City != "杭州" || e.Name != "2022某某市（杭州）文旅产业招商推介会" ||
		!eq(e.ProjectsReleased, 45) || !eq(e.AmountReleased, 2305000) || !eq(e.ProjectsSigned, 12) || !eq(e.AmountSigned, 680000) {
		t.Errorf("event 0 = %+v released %v/%v signed %v/%v", e, deref(e.ProjectsReleased), deref(e.AmountReleased), deref(e.ProjectsSigned), deref(e.AmountSigned))
	}
	if e.Evidence == nil || e.Evidence.Block != 0 || !strings.Contains(e.Evidence.Text, "签约金额68亿元") || strings.Contains(e.Evidence.Text, "11月3日") {
		t.Errorf("event 0 evidence = %+v", e.Evidence)
	}
	e = r.Events[1]
	if e.Date != "2022-11-03" || e.City != "" || e.Name != "2022某某市“云上招商”重点项目签约仪式" ||
		e.ProjectsReleased != nil || !eq(e.ProjectsSigned, 9) || !eq(e.AmountSigned, 156000) {
		t.Errorf("event 1 = %+v signed %v/%v", e, deref(e.ProjectsSigned), deref(e.AmountSigned))
	}
}

func eq(p *float64, v float64) bool { return p != nil && near(*p, v) }

func TestEventVariants(t *testing.T) {
	d := mustDict(t)
	tests := []struct {
		name, text string
		year       int
		want       *report.Event // nil: no event
	}{
		{"explicit year wins", "2023年1月8日，第五届中国（成都）国际农业博览会在蓉开幕。", 2022,
			&report.Event{Date: "2023-01-08", City: "成都", Name: "第五届中国（成都）国际农业博览会"}},
		{"city from 在…举行", "6月2日至5日，第三届沿江经贸洽谈会在九江举行。", 2022,
			&report.Event{Date: "2022-06-02", City: "九江", Name: "第三届沿江经贸洽谈会"}},
		{"province and city", "9月9日，我局组团在广东省佛山市举办的家居产业博览会上签约项目4个，总投资3.2亿元。", 2022,
			&report.Event{Date: "2022-09-09", City: "佛山", Name: "家居产业博览会", ProjectsSigned: report.Float(4), AmountSigned: report.Float(32000)}},
		{"unknown fiscal year leaves the date empty", "5月6日，在南昌市举办招商推介会。", 0,
			&report.Event{Date: "", City: "南昌", Name: "招商推介会"}},
		{"no date, no event", "积极组织企业参加线上博览会。", 2022, nil},
		{"impossible date", "2月30日，在长春市举办招商推介会。", 2022, nil},
		{"title of an article", "8月1日，发表了《我市参加第十届汽车博览会》等报道。", 2022, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := d.Extract(paras(tt.text), tt.year)
			if tt.want == nil {
				if len(r.Events) != 0 {
					t.Errorf("events = %+v, want none", r.Events)
				}
				return
			}
			if len(r.Events) != 1 {
				t.Fatalf("events = %+v", r.Events)
			}
			g, w := r.Events[0], tt.want
			if g.Date != w.Date || g.City != w.City || g.Name != w.Name || deref(g.ProjectsSigned) != deref(w.ProjectsSigned) || deref(g.AmountSigned) != deref(w.AmountSigned) {
				t.Errorf("event = %+v signed %v/%v, want %+v", g, deref(g.ProjectsSigned), deref(g.AmountSigned), w)
			}
		})
	}
}

func TestMalformedNumber(t *testing.T) {
	d := mustDict(t)
	tests := []struct {
		text  string
		found string // "" for no finding
	}{
		{"其中物流项目8个，投资额12.5.万元。", "12.5.万元"},
		{"合同引资２６．４．亿元。", "２６．４．亿元"},
		{"详见第3.1.2节。", ""},
		{"共建成项目4.", ""},
		{"投资额12.5万元。", ""},
		// A list item whose name starts with a unit character is no amount.
		{"2．项目推介科：负责招商项目的宣传推介。", ""},
		{"组织机构如下。3.项目科：负责项目管理。", ""},
		{"全年投资40.亿元。", "40.亿元"},
		{"12.5.亿元的项目已落地。", "12.5.亿元"},
	}
	for _, tt := range tests {
		r := d.Extract(paras(tt.text), 2022)
		fs := findingsByRule(r, "malformed_number")
		if tt.found == "" {
			if len(fs) != 0 {
				t.Errorf("%s: findings = %+v, want none", tt.text, fs)
			}
			continue
		}
		if len(fs) != 1 || fs[0].Found != tt.found || fs[0].Severity != "error" || fs[0].Evidence == nil {
			t.Errorf("%s: findings = %+v, want found %q", tt.text, fs, tt.found)
		}
		for _, m := range r.Metrics {
			if strings.Contains(m.Text, tt.found) {
				t.Errorf("malformed number read as metric %+v", m)
			}
		}
	}
}

func TestTemplateResidue(t *testing.T) {
	d := mustDict(t)
	tests := []struct {
		text  string
		found []string
	}{
		{"年初预算为3.5（查决算数）万元。", []string{"（查决算数）"}},
		{"采购预算(填写采购预算数)万元。", []string{"(填写采购预算数)"}},
		{"完成投资XX万元，同比增长xx%。", []string{"XX万元", "xx%"}},
		{"于××年××月完成。", []string{"××年", "××月"}},
		{"【待补充】", []string{"【待补充】"}},
		{"（一）综合科。（查看附件）详见附表。", nil},
		{"控制率＝（4÷13）×100%＝30.77%。", nil},
	}
	for _, tt := range tests {
		r := d.Extract(paras(tt.text), 2022)
		fs := findingsByRule(r, "template_residue")
		var got []string
		for _, f := range fs {
			got = append(got, f.Found)
		}
		if strings.Join(got, "|") != strings.Join(tt.found, "|") {
			t.Errorf("%s: found %q, want %q", tt.text, got, tt.found)
		}
	}
}

func TestFalseComparison(t *testing.T) {
	d := mustDict(t)
	tests := []struct {
		text     string
		found    string
		expected string
	}{
		{"执行率＝（2万元÷2万元）×100%＝100%＜100%，得满分。", "100%＜100%", "100% = 100%"},
		{"调整率为12.5%<10%，得满分。", "12.5%<10%", "12.5% > 10%"},
		{"指标值３＞５。", "３＞５", "３ < ５"},
		{"实际支出5万元≤4万元。", "5万元≤4万元", "5万元 > 4万元"},
		{"调整率1.2%＜10%，得满分。", "", ""},
		{"控制率88.1%≤100%。", "", ""},
		{"支出1亿元>5000万元。", "", ""}, // units converted before comparing
		{"完成率100%≥100%。", "", ""},
		{"比例10%＜8。", "", ""}, // % against a bare number is not compared
	}
	for _, tt := range tests {
		r := d.Extract(paras(tt.text), 2022)
		fs := findingsByRule(r, "false_comparison")
		if tt.found == "" {
			if len(fs) != 0 {
				t.Errorf("%s: findings = %+v, want none", tt.text, fs)
			}
			continue
		}
		if len(fs) != 1 || fs[0].Found != tt.found || fs[0].Expected != tt.expected {
			t.Errorf("%s: findings = %+v, want found %q expected %q", tt.text, fs, tt.found, tt.expected)
		}
	}
}

func TestComponentExceedsTotal(t *testing.T) {
	d := mustDict(t)
	tests := []struct {
		name     string
		text     string
		found    string // "" for no finding
		expected string
	}{
		{"parts exceed the total", "本年度会议费预算2万元（差旅费1.5万元、培训费0.8万元）。", "2.3万元 > 2万元", "分项之和 ≤ 2万元"},
		{"comma before the bracket", "项目支出合计3.5万元，（其中设备购置2万元、维修费2万元）。", "4万元 > 3.5万元", "分项之和 ≤ 3.5万元"},
		{"one part", "印刷费0.5万元（宣传册印制0.6万元）。", "0.6万元 > 0.5万元", "分项之和 ≤ 0.5万元"},
		{"parts in 元, total in 万元", "专项资金1万元（其中劳务费6000元、材料费5000元）。", "1.1万元 > 1万元", "分项之和 ≤ 1万元"},
		{"all in 元", "办公费8000元（印刷费5000元、邮电费4000元）。", "9000元 > 8000元", "分项之和 ≤ 8000元"},
		{"full-width digits", "维修费１万元（材料费０．８万元、人工费０．５万元）。", "1.3万元 > １万元", "分项之和 ≤ １万元"},
		{"ASCII brackets", "差旅费2万元(国内差旅1万元、国外差旅1.5万元)。", "2.5万元 > 2万元", "分项之和 ≤ 2万元"},
		{"parts equal the total", "全年实际支出4万元，（会议费3万元、培训费1万元）。", "", ""},
		{"parts below the total", "预算安排6万元（其中会议费2万元、培训费3万元）。", "", ""},
		{"float sums are rounded", "预算0.3万元（甲0.1万元、乙0.2万元）。", "", ""},
		{"bracket without money", "支出3万元（详见附表）。", "", ""},
		{"bracket with a bare number", "支出3万元（详见附表2及说明4万元）。", "", ""},
		{"percentage total", "执行率95%（预算数2万元、执行数1.9万元）。", "", ""},
		{"percentage part", "支出2万元（占总支出的60%）。", "", ""},
		{"larger sum in the bracket", "其中公用经费1万元（全年支出合计5万元）。", "", ""},
		{"breakdown ending with its sum", "支出3万元（会议费1万元、培训费2万元，合计3万元）。", "", ""},
		{"formula", "控制率＝（1万元÷1万元）×100%＝100%。", "", ""},
		{"difference", "差额为1万元（5万元-4万元）。", "", ""},
		{"change against last year", "支出2万元（比上年增加3万元）。", "", ""},
		{"approximate total", "支出约2万元（会议费3万元）。", "", ""},
		{"nested brackets", "支出2万元（会议费（含场租）3万元）。", "", ""},
		{"unclosed bracket", "支出2万元（会议费3万元", "", ""},
		{"year in the bracket", "支出2万元（2021年结转3万元）。", "", ""},
		{"count total", "项目5个（投资3万元、6万元）。", "", ""},
		{"semicolon ends the sentence", "支出2万元（会议费3万元；培训费1万元）。", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := d.Extract(paras(tt.text), 2022)
			fs := findingsByRule(r, "component_exceeds_total")
			if tt.found == "" {
				if len(fs) != 0 {
					t.Errorf("findings = %+v, want none", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Found != tt.found || fs[0].Expected != tt.expected || fs[0].Severity != "error" ||
				fs[0].Evidence == nil || fs[0].Evidence.Block != 0 || !strings.Contains(fs[0].Message, "分项") {
				t.Errorf("findings = %+v, want found %q expected %q", fs, tt.found, tt.expected)
			}
		})
	}
}

func TestYearMismatch(t *testing.T) {
	d := mustDict(t)
	tests := []struct {
		name  string
		text  string
		year  int
		found string
	}{
		{"previous-year budget supplement", "本单位2021年预算追加12万元，均为政策性追加。", 2022, "2021年预算"},
		{"previous-year procurement", "2022年采购预算为3万元，2021年实际政府采购金额为3万元。", 2022, "2021年实际政府采购"},
		{"next year is flagged too", "2023年度支出合计80万元。", 2022, "2023年度支出"},
		{"fiscal year", "2022年预算追加5万元。", 2022, ""},
		{"period", "2020-2022年累计支出资金300万元。", 2022, ""},
		{"comparison on purpose", "2022年度三公经费预算2万元，2021年度预算2万元，变动率为0。", 2022, ""},
		{"history", "2019年以来累计投入资金1.2亿元。", 2022, ""},
		{"no money word", "2021年组织召开培训会两次。", 2022, ""},
		{"document number", "依据某财发〔2021〕5号文件拨付资金。", 2022, ""},
		{"comma between", "2021年，本单位支出80万元。", 2022, ""},
		{"unknown fiscal year", "本单位2021年预算追加12万元。", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := d.Extract(paras(tt.text), tt.year)
			fs := findingsByRule(r, "year_mismatch")
			if tt.found == "" {
				if len(fs) != 0 {
					t.Errorf("findings = %+v, want none", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Found != tt.found || fs[0].Expected != "2022年" || !strings.Contains(fs[0].Message, "2022") {
				t.Errorf("findings = %+v, want found %q", fs, tt.found)
			}
		})
	}
}

func TestSameQuantityTwoValues(t *testing.T) {
	d := mustDict(t)
	r := d.Extract(paras(
		"建立客商资源库，收录目标企业600家。",
		"整理完善投资商资源库，汇集目标企业900余家。",
		"全年到位资金8.2亿元。",
	), 2022)
	ms := metricsByCode(r, "investor_database_firms")
	if len(ms) != 2 || *ms[0].Value != 600 || *ms[1].Value != 900 || ms[1].Qualifier != "余" {
		t.Fatalf("metrics = %+v", ms)
	}
	fs := findingsByRule(r, "same_quantity_two_values")
	if len(fs) != 1 || fs[0].Expected != "600家" || fs[0].Found != "900余家" || fs[0].Evidence == nil || fs[0].Evidence.Block != 1 ||
		!strings.Contains(fs[0].Message, "客商资源库目标企业") {
		t.Errorf("findings = %+v", fs)
	}
	// Different periods are different quantities.
	r = d.Extract(paras("2019-2021年州级签约项目履约率75%。", "2020-2022年州级签约项目履约率81%。"), 2022)
	if fs := findingsByRule(r, "same_quantity_two_values"); len(fs) != 0 {
		t.Errorf("periods differ, findings = %+v", fs)
	}
}

func TestNilInputs(t *testing.T) {
	var d *Dictionary
	r := d.Extract(paras("到位资金1亿元"), 2022)
	if len(r.Metrics) != 0 || r.Metrics == nil {
		t.Errorf("nil dictionary: %+v", r)
	}
	r = mustDict(t).Extract(nil, 2022)
	if r.Findings == nil || len(r.Findings) != 0 {
		t.Errorf("nil document: %+v", r)
	}
	doc := &extract.Document{Blocks: []extract.Block{
		{Kind: extract.TableBlock},         // table block without a table
		{Kind: "unknown", Text: "到位资金2亿元"}, // unknown kinds are read as text
		{Kind: extract.TableBlock, Table: &extract.Table{Rows: []extract.Row{{}, {Cells: []extract.Cell{{Merged: true, Text: "到位资金9亿元"}}}}}},
		{Kind: extract.Paragraph, Text: "到位资金\xff\xfe3亿元"},
	}}
	r = mustDict(t).Extract(doc, 2022)
	// Merged cells are skipped; invalid UTF-8 is read as U+FFFD.
	if ms := metricsByCode(r, "investment_inflow"); len(ms) != 2 || *ms[0].Value != 20000 || ms[0].Evidence.Block != 1 ||
		*ms[1].Value != 30000 || ms[1].Evidence.Block != 3 || !strings.Contains(ms[1].Evidence.Text, "\uFFFD") {
		t.Errorf("metrics = %+v", r.Metrics)
	}
}

func TestSeed(t *testing.T) {
	for _, file := range seedFiles {
		t.Run(filepath.Ext(file)[1:], func(t *testing.T) {
			testSeed(t, mustDict(t).Extract(seedDoc(t, file), 2021))
		})
	}
}

func testSeed(t *testing.T, r Result) {

	wantMetrics := []struct {
		code      string
		value     float64
		unit      string
		qualifier string
		period    string
		text      string
	}{
		{"investment_inflow", 1808800, "万元", "", "", "180.88亿元"},
		{"investment_inflow_yoy", 34.73, "%", "", "", "34.73%"},
		{"investment_target_completion", 120.59, "%", "", "", "120.59%"},
		{"investment_projects", 174, "个", "", "", "174个"},
		{"top500_new_projects", 13, "个", "", "", "13个"},
		{"top500_task_completion", 325, "%", "", "", "325%"},
		{"top500_fulfilment_rate", 85.7, "%", "", "2019-2021", "85.7%"},
		{"top500_funds_rate", 19.8, "%", "", "2019-2021", "19.8%"},
		{"provincial_signed_fulfilment_rate", 100, "%", "", "2019-2021", "100%"},
		{"provincial_signed_funds_rate", 17.8, "%", "", "2019-2021", "17.8%"},
		{"prefecture_signed_fulfilment_rate", 75.5, "%", "", "2019-2021", "75.5%"},
		{"prefecture_signed_funds_rate", 16.9, "%", "", "2019-2021", "16.9%"},
		{"investor_database_firms", 1000, "家", "余", "", "1000余家"},
		{"investor_database_firms", 2000, "家", "余", "", "2000余家"},
		{"satisfaction_service_target", 96.2, "%", "", "", "96.2%"},
		{"satisfaction_public", 96, "%", "", "", "96%"},
		{"satisfaction_staff", 96, "%", "", "", "96%"},
	}
	for _, w := range wantMetrics {
		found := false
		for _, m := range metricsByCode(r, w.code) {
			if m.Value != nil && near(*m.Value, w.value) {
				found = true
				if m.Unit != w.unit || m.Qualifier != w.qualifier || m.Period != w.period || m.Text != w.text || m.Evidence == nil {
					t.Errorf("%s: got %+v, want %+v", w.code, m, w)
				}
			}
		}
		if !found {
			t.Errorf("%s = %v missing; got %+v", w.code, w.value, metricsByCode(r, w.code))
		}
	}
	// Apart from 客商资源库, each code has one value.
	for _, m := range r.Metrics {
		if n := len(metricsByCode(r, m.Code)); n != 1 && m.Code != "investor_database_firms" {
			t.Errorf("%s has %d values: %+v", m.Code, n, metricsByCode(r, m.Code))
		}
	}

	wantTargets := map[string]struct {
		val  float64
		unit string
	}{
		"top500_new_projects":               {4, "个"},
		"investment_inflow_yoy":             {12, "%"},
		"prefecture_signed_fulfilment_rate": {70, "%"},
	}
	if len(r.Targets) != len(wantTargets) {
		t.Errorf("targets = %+v", r.Targets)
	}
	for _, g := range r.Targets {
		w, ok := wantTargets[g.Code]
		if !ok || g.TargetValue == nil || *g.TargetValue != w.val || g.Unit != w.unit || g.Comparator != ">=" || g.Evidence == nil || g.Evidence.Cell == nil {
			t.Errorf("target %+v, want %+v", g, w)
		}
	}

	var changsha *report.Event
	names := map[string]bool{}
	for i, e := range r.Events {
		if names[e.Date+e.Name] {
			t.Errorf("duplicate event %+v", e)
		}
		names[e.Date+e.Name] = true
		if e.City == "长沙" {
			changsha = &r.Events[i]
		}
	}
	if changsha == nil {
		t.Fatalf("no Changsha event in %+v", r.Events)
	}
	if changsha.Date != "2021-04-29" || changsha.Name != "2021湘西自治州（长沙）农业和商贸物流招商推介会" ||
		!eq(changsha.ProjectsReleased, 100) || !eq(changsha.AmountReleased, 6068000) ||
		!eq(changsha.ProjectsSigned, 30) || !eq(changsha.AmountSigned, 1523000) {
		t.Errorf("Changsha event = %+v", *changsha)
	}
	signed := map[string][2]float64{"深圳": {28, 2048900}, "吉首": {22, 917800}}
	for _, e := range r.Events {
		if w, ok := signed[e.City]; ok {
			if !eq(e.ProjectsSigned, w[0]) || !eq(e.AmountSigned, w[1]) {
				t.Errorf("%s event = %+v", e.City, e)
			}
			delete(signed, e.City)
		}
	}
	if len(signed) != 0 {
		t.Errorf("events missing for %v", signed)
	}

	count := map[string]int{}
	for _, f := range r.Findings {
		count[f.Rule]++
		if f.Message == "" || f.Evidence == nil || f.Severity == "" {
			t.Errorf("incomplete finding %+v", f)
		}
	}
	for rule, n := range map[string]int{"malformed_number": 1, "template_residue": 1, "false_comparison": 1, "year_mismatch": 2, "same_quantity_two_values": 1, "component_exceeds_total": 1} {
		if count[rule] != n {
			t.Errorf("%s: %d findings, want %d (all: %+v)", rule, count[rule], n, r.Findings)
		}
	}
	for _, f := range findingsByRule(r, "malformed_number") {
		if f.Found != "40.3.亿元" || f.Severity != "error" {
			t.Errorf("malformed = %+v", f)
		}
	}
	for _, f := range findingsByRule(r, "same_quantity_two_values") {
		if !strings.Contains(f.Message, "客商资源库") || f.Expected != "1000余家" || f.Found != "2000余家" {
			t.Errorf("same quantity = %+v", f)
		}
	}
	// The 年初预算数 of the 三公经费 is smaller than its parts (found 3 > 1);
	// the 实际支出 (1 = 1, after a comma) and the 政府采购 breakdown (1.12 =
	// 1.12) are right, which the count of one above checks.
	for _, f := range findingsByRule(r, "component_exceeds_total") {
		if f.Found != "3万元 > 1万元" || f.Expected != "分项之和 ≤ 1万元" || f.Severity != "error" ||
			!strings.Contains(f.Evidence.Text, "年初预算数1万元（公务接待费3万元") || !strings.Contains(f.Message, "（3万元 + 0万元）") {
			t.Errorf("component_exceeds_total = %+v", f)
		}
	}
	var years []string
	for _, f := range findingsByRule(r, "year_mismatch") {
		years = append(years, f.Found)
	}
	if strings.Join(years, "|") != "2020年预算|2020年实际政府采购" {
		t.Errorf("year_mismatch found %q", years)
	}
}

func TestLongSentenceEvidenceIsAnExcerpt(t *testing.T) {
	d := mustDict(t)
	filler := strings.Repeat("推进各项工作落实", 100) // 800 runes, no sentence end
	r := d.Extract(paras(filler+"，全年到位资金3.3亿元，"+filler), 2022)
	ms := metricsByCode(r, "investment_inflow")
	if len(ms) != 1 {
		t.Fatalf("metrics = %d", len(ms))
	}
	ev := ms[0].Evidence.Text
	if n := len([]rune(ev)); n > maxEvidenceRunes+20 || !strings.Contains(ev, "3.3亿元") {
		t.Errorf("evidence has %d runes, contains value: %v", n, strings.Contains(ev, "3.3亿元"))
	}
}
