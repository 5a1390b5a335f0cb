package parse

import (
	"fmt"
	"testing"
)

// numberedTable is a web table exported with " | " between cells, each row
// spread over lines, merged 序号 and group cells dropped (our own wording).
const numberedTable = `2023年度部门整体支出绩效评价自评表
单位 | 溪口县档案馆 ||||||
序号 | 一级 指标 |
二级 指标 |
三级 指标 |
指标分值 | 指标解释 | 评分标准 | 自评得分 |
1 | 规划 (12分) |
基础信息 (4分) | 基础信息 完整性 | 4 | 预算基础信息是否完整。 | 完整真实得4分。 |
2 |
2 | 工作计划 (8分) | 年度工作 计划完整性 | 4 | 工作计划是否完整。 | 完整得4分 | 4 | |
3 | 年度工作 计划明确性 | 4 | 工作计划是否明确。 | 明确得4分 | 2.5 | ||
4 | 效果 (88分) | 履职效果 (88分) | 重点任务完成率 | 88 | 重点任务完成情况。 | 按比例计分 | 80 | |
合计 | | | | 100 | | | 88.5 |
`

func TestNumberedTableRows(t *testing.T) {
	r := parseText(t, numberedTable, Options{})
	got := map[string]string{}
	for _, x := range r.Indicators {
		got[x.Name] = fmt.Sprintf("%s/%s", fmtNum(*x.MaxPoints), fmtNum(*x.DeclaredScore))
	}
	want := map[string]string{
		// A score alone on the line after its row ("2 |") is that row's,
		// not row 2; the group 基础信息 (4分) is no indicator.
		"基础信息完整性":   "4/2",
		"年度工作计划完整性": "4/4",
		"年度工作计划明确性": "4/2.5",
		"重点任务完成率":   "88/80",
	}
	if fmt.Sprint(sorted(got)) != fmt.Sprint(sorted(want)) {
		t.Errorf("indicators:\n got %v\nwant %v", sorted(got), sorted(want))
	}
	if r.Score.Total == nil || *r.Score.Total != 88.5 {
		t.Errorf("total = %v, want 88.5 (the 合计 row)", r.Score.Total)
	}
	for _, f := range findingsOf(r, "indicator_not_in_scheme") {
		if f.Found == "基础信息" {
			t.Errorf("finding for the dropped group: %+v", f)
		}
	}
}

func TestRightAligned(t *testing.T) {
	c, ok := scoreHeader([]string{"序号", "一级指标", "二级指标", "三级指标", "分值", "解释", "标准", "得分", ""})
	if !ok {
		t.Fatal("header not recognised")
	}
	for _, tt := range []struct {
		fields []string
		want   string // "level1/level2/name/weight/score", "" = not read
	}{
		{[]string{"2", "工作计划(6分)", "计划完整性", "3", "解释", "标准", "3", "", ""}, "/工作计划/计划完整性/3/3"},
		{[]string{"3", "计划明确性", "3", "解释", "标准", "2", "", ""}, "//计划明确性/3/2"},
		// A trailing cell dropped instead: the score column holds text.
		{[]string{"3", "计划明确性", "3", "解释", "标准"}, ""},
		// The name column holds points: not a row.
		{[]string{"3", "5", "3", "解释", "标准", "2"}, ""},
	} {
		r, ok := rightAligned(tt.fields, c, c.filled)
		got := ""
		if ok {
			got = fmt.Sprintf("%s/%s/%s/%s/%s", r.level1, r.level2, r.name, fmtNum(*r.weight), fmtNum(*r.score))
		}
		if got != tt.want {
			t.Errorf("rightAligned(%q) = %q, want %q", tt.fields, got, tt.want)
		}
	}
}
