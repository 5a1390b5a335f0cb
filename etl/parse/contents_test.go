package parse

import "testing"

func TestContentsEntry(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"第一部分 部门概况................................4", true},
		{"一、部门概况……3", true},
		{"七、“三公”经费财政拨款支出决算情况说明··········16", true},
		{"四、部门整体支出绩效自评情况------------18", true},
		{"附件1..........................................26", true},
		{"一、部门概况", false},
		{"收入合计1,860.45万元", false},
		{"预算完成率...99.27", false},
		{"得分为9.5", false},
	} {
		if got := contentsEntry(norm(tt.in)); got != tt.want {
			t.Errorf("contentsEntry(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// A table of contents with leaders and page numbers, with or without a 目录
// line over it, neither opens the self-evaluation chapter nor gives its page
// numbers as figures: the chapter is the body's.
func TestContentsLeadersAreNoChapter(t *testing.T) {
	for _, tt := range []struct {
		name  string
		lines []string
	}{
		{"under 目录", []string{"甲乡2022年度部门决算", "目录", "第一部分 部门概况..........3", "第二部分 部门整体支出绩效自评情况..........12",
			"第三部分 名词解释..........20", "第一部分 部门概况", "编制10人。", "第二部分 部门整体支出绩效自评情况", "自评得分90分。", "第三部分 名词解释", "略。"}},
		{"without 目录", []string{"甲乡2022年度部门决算", "一、部门概况……3", "二、部门整体支出绩效自评情况……12", "三、名词解释……20",
			"一、部门概况", "编制10人。", "二、部门整体支出绩效自评情况", "自评得分90分。", "三、名词解释", "略。"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, mkdoc(plain(tt.lines...)...), Options{})
			if r.Excerpt == nil || r.Excerpt.Heading != tt.lines[len(tt.lines)-4] {
				t.Fatalf("excerpt = %+v, want the body's chapter %q", r.Excerpt, tt.lines[len(tt.lines)-4])
			}
			if !eqf(r.Score.Total, f(90)) {
				t.Errorf("score = %s, want 90", str(r.Score.Total))
			}
		})
	}
}
