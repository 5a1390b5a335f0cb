package kpi

import (
	"math"
	"strings"
	"testing"

	"jixiao/etl/extract"
	"jixiao/report"
)

// fuzzDoc builds a Document from fuzz strings: para is a paragraph; each line of
// grid is a table row whose cells are separated by "|", after a row labelled as
// a targets section holding task.
func fuzzDoc(para, grid, task string) *extract.Document {
	t := &extract.Table{Rows: []extract.Row{{Cells: []extract.Cell{{Text: "年度主要工作内容"}, {Text: task}}}}}
	for _, line := range strings.Split(grid, "\n") {
		var row extract.Row
		for i, c := range strings.Split(line, "|") {
			row.Cells = append(row.Cells, extract.Cell{Text: c, Span: 1, Merged: i == 3})
		}
		t.Rows = append(t.Rows, row)
	}
	return &extract.Document{Blocks: []extract.Block{
		{Kind: extract.Paragraph, Text: para},
		{Kind: extract.TableBlock, Table: t},
		{Kind: extract.TableBlock}, // a table block without a table
		{Kind: extract.Paragraph, Text: grid + para},
	}}
}

func FuzzExtract(f *testing.F) {
	f.Add("全年到位资金65.4亿元，同比下降5.2%。", "满意度分别为：服务对象为97%|社会公众为95%", "任务1：新引进“三类500强”项目共3个", 2022)
	f.Add("3月15日，在杭州市举办2022某市（杭州）招商推介会。会上发布项目45个，总投资230.5亿元；签约项目12个，签约68亿元，其中5个。", "投资额12.5.万元|（查预算数）|XX万元", "任务2：资金增长10%以上", 2022)
	f.Add("本单位2021年预算追加12万元，100%＜100%", "2018-2020年州级签约项目履约率71.2%，资金到位率16.9%", "", 0)
	f.Add("２月３０日，博览会《第十届推介会》", "\xff\xfe|\u3000|", "目标1：接待游客不少于300万人次", -5)
	f.Add("", "", "", 1)
	d := mustDict(f)
	f.Fuzz(func(t *testing.T, para, grid, task string, year int) {
		doc := fuzzDoc(para, grid, task)
		r := d.Extract(doc, year)
		check := func(what string, ev *report.Evidence) {
			if ev == nil {
				t.Fatalf("%s without evidence", what)
			}
			if ev.Block < 0 || ev.Block >= len(doc.Blocks) {
				t.Fatalf("%s evidence block %d out of range", what, ev.Block)
			}
		}
		finite := func(what string, p *float64) {
			if p != nil && (math.IsNaN(*p) || math.IsInf(*p, 0)) {
				t.Fatalf("%s = %v", what, *p)
			}
		}
		for _, m := range r.Metrics {
			check("metric "+m.Code, m.Evidence)
			finite(m.Code, m.Value)
			if m.Value == nil || m.Text == "" {
				t.Fatalf("metric without value or text: %+v", m)
			}
		}
		for _, g := range r.Targets {
			check("target "+g.Code, g.Evidence)
			finite(g.Code, g.TargetValue)
		}
		for _, e := range r.Events {
			check("event "+e.Name, e.Evidence)
			for _, p := range []*float64{e.ProjectsReleased, e.AmountReleased, e.ProjectsSigned, e.AmountSigned} {
				finite("event", p)
			}
		}
		for _, fd := range r.Findings {
			check("finding "+fd.Rule, fd.Evidence)
			if fd.Message == "" || fd.Severity == "" {
				t.Fatalf("incomplete finding %+v", fd)
			}
		}
	})
}
