package parse

import (
	"testing"

	"jixiao/etl/extract"
	"jixiao/report"
)

func goalDoc(rows ...[]string) *extract.Document {
	t := &extract.Table{}
	for _, r := range rows {
		var row extract.Row
		for _, c := range r {
			row.Cells = append(row.Cells, extract.Cell{Text: c, Span: 1})
		}
		t.Rows = append(t.Rows, row)
	}
	return &extract.Document{Format: "docx", Blocks: []extract.Block{{Kind: extract.TableBlock, Table: t}}}
}

func TestGoals(t *testing.T) {
	p := &parser{miss: map[string]bool{}, rep: &report.Report{}}
	doc := goalDoc(
		[]string{"整体支出绩效定性目标及实施计划完成情况", "预期目标", "实际完成"},
		[]string{"", "目标1：修订档案管理办法目标2：完成馆藏数字化\n目标3：开展档案宣传", "管理办法已印发\n2、数字化完成八成\n3、举办展览两次"},
		[]string{"整体支出绩效定量目标及实施计划完成情况", "评价内容", "", "绩效目标", "完成情况"},
		[]string{"", "产出目标（部门工作实绩）", "数量、质量、时效、成本指标"},
		[]string{"指标1：", "数字化档案两万卷", "完成"},
		[]string{"", "", "", "指标2：", "库房改造", "未完成"},
		[]string{"", "", "", "……", "", ""},
		[]string{"", "效益目标（预期实现的效益）", "社会、经济、生态效益", "指标1："},
		[]string{"方便群众查档"},
		[]string{"完成"},
		[]string{"", "", "社会公众或服务对象满意度", "指标1："},
		[]string{"查档群众满意度调查", "完成"},
		[]string{"绩效自评综合得分及评价等次", "备注"},
	)
	p.goals(grids(doc))
	want := []report.Goal{
		{Kind: "定性", Label: "目标1", Target: "修订档案管理办法", Actual: "管理办法已印发"},
		{Kind: "定性", Label: "目标2", Target: "完成馆藏数字化", Actual: "数字化完成八成"},
		{Kind: "定性", Label: "目标3", Target: "开展档案宣传", Actual: "举办展览两次"},
		{Kind: "定量", Category: "产出目标", Label: "指标1", Target: "数字化档案两万卷", Actual: "完成"},
		{Kind: "定量", Category: "产出目标", Label: "指标2", Target: "库房改造", Actual: "未完成"},
		{Kind: "定量", Category: "效益目标", Label: "指标1", Target: "方便群众查档", Actual: "完成"},
		{Kind: "定量", Category: "满意度", Label: "指标1", Target: "查档群众满意度调查", Actual: "完成"},
	}
	got := p.rep.Goals
	if len(got) != len(want) {
		t.Fatalf("goals = %d %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		g := got[i]
		g.Evidence = nil
		if g != want[i] {
			t.Errorf("goal %d = %+v, want %+v", i, g, want[i])
		}
	}
	if len(p.rep.Missing) != 0 {
		t.Errorf("missing = %v", p.rep.Missing)
	}
	// A form without goal rows lists them as missing.
	q := &parser{miss: map[string]bool{}, rep: &report.Report{}}
	q.goals(grids(goalDoc([]string{"联系人", "张三"})))
	if len(q.rep.Goals) != 0 || len(q.rep.Missing) != 1 || q.rep.Missing[0] != "goals" {
		t.Errorf("no goals: %+v %v", q.rep.Goals, q.rep.Missing)
	}
}
