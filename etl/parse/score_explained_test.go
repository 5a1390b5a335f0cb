package parse

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"jixiao/etl/extract"
)

// explainedSheet is an explained 指标表 as a PDF's text layer prints it (our
// own wording and figures): the figure after each name is its maximum, the
// score opens the line that names the next item.
func explainedSheet(lines ...string) string {
	head := []string{
		"溪口县档案馆2019年度部门整体支出绩效评价报告",
		"附件：部门整体支出绩效评价指标表",
		"一级指标 得分 二级指标 得分 三级指标 得分 评价标准 指标说明 得分 投入",
	}
	return strings.Join(append(head, lines...), "\n") + "\n"
}

var explainedOK = []string{
	"12 预算配置",
	"12 在职人员控制率",
	"6 以100%为标准.在职人员控制率≤100%,计6分;",
	"每超过一个百分点扣0.5分. 本馆年末在职人员19人,编制20人,控制率为95.00%.",
	"6 三公经费 变动率",
	"6 三公经费变动率≤0,计6分;三公经费>",
	"0,每超过一个百分点扣0.6分. 本年三公经费预算4万元,上年5万元,变动率=(4-5)÷5=-20.00%",
	"5 过程",
	"18 预算执行",
	"18 预算完成率",
	"9 100%计满分,每低于5%扣2分. 预算完成率97.50%.",
	"7 预算调整率",
	"9 预算调整率=0计9分;0-10%(含)计7分. 本年调整率=4.00%",
	"7 产出",
	"20 职责履行",
	"20 实际完成率",
	"20 全部完成计满分. 全年完成计划的95%",
	"18",
}

func TestExplainedSheet(t *testing.T) {
	type ind struct {
		level1, level2 string
		max, score     float64
		value          string // "" = none
	}
	for _, tt := range []struct {
		name  string
		lines []string
		want  map[string]ind
	}{
		{"every item, its maximum, score and computed value", explainedOK, map[string]ind{
			"在职人员控制率": {"投入", "预算配置", 6, 6, "95"},
			"三公经费变动率": {"投入", "预算配置", 6, 5, "-20"},
			"预算完成率":   {"过程", "预算执行", 9, 7, "97.5"},
			"预算调整率":   {"过程", "预算执行", 9, 7, "4"},
			// "完成计划的95%" is no computed value (no = / 为 / 率 before it).
			"实际完成率": {"产出", "职责履行", 20, 18, ""},
		}},
		{"a group whose points are not its items' sum: nothing", replaceLine(explainedOK, "18 预算完成率", "16 预算完成率"), nil},
		{"a score above its maximum: nothing", replaceLine(explainedOK, "7 预算调整率", "12 预算调整率"), nil},
		{"the last item's score cut off: read up to it", explainedOK[:len(explainedOK)-1], map[string]ind{
			"在职人员控制率": {"投入", "预算配置", 6, 6, "95"},
			"三公经费变动率": {"投入", "预算配置", 6, 5, "-20"},
			"预算完成率":   {"过程", "预算执行", 9, 7, "97.5"},
			"预算调整率":   {"过程", "预算执行", 9, 7, "4"},
			"实际完成率":   {"产出", "职责履行", 20, -1, ""},
		}},
		{"one scored item is no sheet", explainedOK[:6], nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := extract.Extract(context.Background(), "e.txt", []byte(explainedSheet(tt.lines...)), extract.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			r, err := Parse(context.Background(), doc, catalog(t), Options{})
			if err != nil {
				if tt.want == nil && errors.Is(err, ErrNoContent) {
					return
				}
				t.Fatal(err)
			}
			got := map[string]ind{}
			for _, x := range r.Indicators {
				g := ind{level1: x.Level1, level2: x.Level2, score: -1}
				if x.MaxPoints != nil {
					g.max = *x.MaxPoints
				}
				if x.DeclaredScore != nil {
					g.score = *x.DeclaredScore
				}
				if x.DeclaredValue != nil {
					g.value = fmt.Sprint(*x.DeclaredValue)
				}
				got[x.Name] = g
				if x.Evidence == nil || x.Evidence.Text == "" {
					t.Errorf("%s: no evidence", x.Name)
				}
			}
			if fmt.Sprint(sorted(got)) != fmt.Sprint(sorted(tt.want)) {
				t.Errorf("indicators:\n got %v\nwant %v", sorted(got), sorted(tt.want))
			}
		})
	}
}

func replaceLine(lines []string, old, new string) []string {
	out := append([]string(nil), lines...)
	for i, l := range out {
		if l == old {
			out[i] = new
		}
	}
	return out
}

func sorted[V any](m map[string]V) []string {
	var out []string
	for k, v := range m {
		out = append(out, fmt.Sprintf("%s=%+v", k, v))
	}
	sort.Strings(out)
	return out
}
