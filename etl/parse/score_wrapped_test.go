package parse

import (
	"testing"
)

func TestWrappedTotal(t *testing.T) {
	const income = "本年收入合计 120.5 万元，本年支出合计 118.2 万元。\n"
	f := func(v float64) *float64 { return &v }
	for _, tt := range []struct {
		name string
		text string
		want *float64
	}{
		{"label ends the line, points open the next", "本局对2019年整体支出开展绩效自评,自评得分\n88.5 分,存在的问题:一是…\n" + income, f(88.5)},
		{"综合评分为 broken after 为", "经评价，综合评分为\n92分。\n" + income, f(92)},
		{"最终自评得分", "我馆对年度整体支出进行了自评，最终自评得分\n91 分。\n" + income, f(91)},
		{"a table header ending in 自评得分 is no sentence", "三级指标 分值 自评得分\n90 分\n" + income, nil},
		{"points without 分 are no total", "开展绩效自评,自评得分\n90\n" + income, nil},
		{"above 100", "开展绩效自评,自评得分\n190 分,\n" + income, nil},
		{"a percentage is no score", "开展绩效自评,自评得分\n90 分%\n" + income, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := parseText(t, "溪口县档案馆2019年度部门整体支出绩效自评报告\n"+tt.text, Options{})
			if !eqf(r.Score.Total, tt.want) {
				t.Errorf("total = %v, want %v", fmtp(r.Score.Total), fmtp(tt.want))
			}
			if tt.want != nil && (r.Score.Evidence == nil || r.Score.Evidence.Text == "") {
				t.Error("no evidence for the total")
			}
		})
	}
}

func fmtp(v *float64) string {
	if v == nil {
		return "nil"
	}
	return fmtNum(*v)
}
