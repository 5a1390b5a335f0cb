package parse

import (
	"fmt"
	"strings"
	"testing"
)

func TestSplitGlued(t *testing.T) {
	for _, tt := range []struct {
		glued string
		coef  float64
		want  string // "w/s", or "" when no single split fits
	}{
		{"22", 100, "2/2"},
		{"1010", 100, "10/10"},
		{"109.5", 95, "10/9.5"},
		{"55", 100, "5/5"},
		{"100", 0, "10/0"},
		{"4221", 50, "42/21"},
		{"23", 100, ""},   // 3 ≠ 2 × 100 %: nothing fits
		{"0505", 100, ""}, // leading zeros are no figures
		{"2.52.5", 100, "2.5/2.5"},
		{"1.", 100, ""},
	} {
		w, sc, ok := splitGlued(tt.glued, tt.coef)
		got := ""
		if ok {
			got = fmt.Sprintf("%s/%s", fmtNum(w), fmtNum(sc))
		}
		if got != tt.want {
			t.Errorf("splitGlued(%q, %v) = %q, want %q", tt.glued, tt.coef, got, tt.want)
		}
	}
}

// gluedForm is a 部门整体绩效自评表 whose text extraction ran the cells
// together (our own wording and figures).
func gluedForm(rows string) string {
	return "部门整体绩效自评表（2023年度）\n" +
		"主管部门溪口区环境卫生所自评总分（分）93.5部门联系人李四联系电话\n" +
		"指标名称计量单位指标性质年初指标值调整指标值全年完成值得分系数（%）指标权重（分）指标得分（分）是否核心指标" + rows + "\n"
}

func TestGluedRows(t *testing.T) {
	type ind struct {
		max, score, value string
	}
	for _, tt := range []struct {
		name      string
		rows      string
		want      map[string]ind
		ambiguous []string // names whose weight and score were left nil
	}{
		{"weight and score split by the coefficient, value reached read",
			"财政供养人员控制率%定量指标100%97%100%33否预算完成率%定量指标90%92.5%100%1010是公用经费控制率%定量指标100%96%50%84否\n绩效指标3、管理制度健全性定性指标健全健全100%55否党建活动次数次12次15次100%66是",
			map[string]ind{
				"财政供养人员控制率": {"3", "3", "97"},
				"预算完成率":     {"10", "10", "92.5"},
				"公用经费控制率":   {"8", "4", "96"},
				"管理制度健全性":   {"5", "5", "-"},
			}, nil},
		{"digits no split explains: nil, with a finding",
			"财政供养人员控制率%定量指标100%97%100%23否预算完成率%定量指标90%92.5%100%1010是资金使用合规性定性指标合规合规100%44否",
			map[string]ind{
				"财政供养人员控制率": {"-", "-", "97"},
				"预算完成率":     {"10", "10", "92.5"},
				"资金使用合规性":   {"4", "4", "-"},
			}, []string{"财政供养人员控制率"}},
		{"a glued value cell is no value",
			"预算调整率%3%0100%22否预算完成率%70%76%100%22是结转结余率%2%0100%22是",
			map[string]ind{
				"预算调整率": {"2", "2", "-"},
				"预算完成率": {"2", "2", "76"},
				"结转结余率": {"2", "2", "-"},
			}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := parseText(t, gluedForm(tt.rows), Options{})
			if r.Scheme != "national-2013" {
				t.Errorf("scheme = %q, want national-2013", r.Scheme)
			}
			if r.Score.Total == nil || *r.Score.Total != 93.5 {
				t.Errorf("total = %v, want 93.5", r.Score.Total)
			}
			f := func(v *float64) string {
				if v == nil {
					return "-"
				}
				return fmtNum(*v)
			}
			got := map[string]ind{}
			for _, x := range r.Indicators {
				got[x.Name] = ind{f(x.MaxPoints), f(x.DeclaredScore), f(x.DeclaredValue)}
				if x.Evidence == nil || !strings.Contains(x.Evidence.Text, x.Name) {
					t.Errorf("%s: evidence %+v does not name it", x.Name, x.Evidence)
				}
			}
			if fmt.Sprint(sorted(got)) != fmt.Sprint(sorted(tt.want)) {
				t.Errorf("indicators:\n got %v\nwant %v", sorted(got), sorted(tt.want))
			}
			amb := findingsOf(r, "layout_ambiguous")
			if len(amb) != len(tt.ambiguous) {
				t.Fatalf("layout_ambiguous = %+v, want %d", amb, len(tt.ambiguous))
			}
			for i, a := range amb {
				if !strings.Contains(a.Message, tt.ambiguous[i]) || a.Evidence == nil {
					t.Errorf("layout_ambiguous %+v does not name %s with evidence", a, tt.ambiguous[i])
				}
			}
		})
	}
}
