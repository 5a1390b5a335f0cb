package parse

import (
	"context"
	"testing"
)

// TestTwoLevelScoreTable: in "一级指标 | 二级指标 | 分值 | 得分" the 二级 column
// holds the indicators. Read with the 一级 cell as the row's name, every row
// gave its indicator's score to the level-1 group (产出 = 19, an indicator's
// score) and the indicators were lost, so the sum checks fired on nothing.
func TestTwoLevelScoreTable(t *testing.T) {
	doc := mkdoc(plain(
		"云溪县林业局2023年度部门整体支出绩效自评报告",
		"本单位按自定评分表开展自评，自评得分92分，评价等次为优。",
		"一级指标 | 二级指标 | 分值 | 得分",
		"产出 | 造林完成率 | 20 | 19",
		"产出 | 森林防火巡查次数 | 10 | 10",
		"效益 | 森林覆盖率提升 | 30 | 27",
		"效益 | 林业产值增长 | 20 | 18",
		"群众满意 | 林农满意度 | 20 | 18",
		"合计 |  | 100 | 92",
	)...)
	r, err := Parse(context.Background(), doc, catalog(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		level1, name string
		max, score   float64
	}{
		{"产出", "造林完成率", 20, 19},
		{"产出", "森林防火巡查次数", 10, 10},
		{"效益", "森林覆盖率提升", 30, 27},
		{"效益", "林业产值增长", 20, 18},
		{"群众满意", "林农满意度", 20, 18},
	}
	if len(r.Indicators) != len(want) {
		t.Fatalf("%d indicators, want %d: %+v", len(r.Indicators), len(want), r.Indicators)
	}
	for i, w := range want {
		got := r.Indicators[i]
		if got.Name != w.name || got.Level1 != w.level1 || got.DeclaredScore == nil || *got.DeclaredScore != w.score ||
			got.MaxPoints == nil || *got.MaxPoints != w.max {
			t.Errorf("indicator %d = %s/%s max %v score %v; want %s/%s %v %v", i, got.Level1, got.Name,
				str(got.MaxPoints), str(got.DeclaredScore), w.level1, w.name, w.max, w.score)
		}
	}
	if len(r.Score.ByLevel1) != 0 {
		t.Errorf("level-1 scores %v read from indicator rows; the table prints none", r.Score.ByLevel1)
	}
	if r.Score.Total == nil || *r.Score.Total != 92 {
		t.Errorf("total %s, want 92", str(r.Score.Total))
	}
}
