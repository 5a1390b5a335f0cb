package parse

import (
	"strings"
	"testing"
)

// A cover's conclusion printed as label and value apart (layout_score.go),
// in our own wording: a fictional 云溪县统计局. incomeLine gives a case
// whose score is not taken the content a report needs to be accepted.
const incomeLine = "本年收入合计500万元。"

func TestCoverConclusion(t *testing.T) {
	for _, tt := range []struct {
		name    string
		txt     string
		total   *float64
		grade   string
		differs bool // a same_quantity_two_values finding about the total
	}{
		{name: "label and value on lines", txt: "自评得分\n91\n评价等次\n优", total: f(91), grade: "优"},
		{name: "blank lines between", txt: "三、自评结论\n\n自评得分\n\n88.5\n\n评价等级\n\n良\n", total: f(88.5), grade: "良"},
		{name: "cells ending in bars", txt: "自评得分 |\n94 |\n评价等次 |\n优 |", total: f(94), grade: "优"},
		{name: "one row of tab cells", txt: "自评得分\t89\t评价等次\t良", total: f(89), grade: "良"},
		{name: "colon and 分", txt: "绩效自评综合得分：\n92.5分\n等级：\n优秀", total: f(92.5), grade: "优"},
		{name: "pairs beside staffing", txt: "人员编制\t14\t实有人数\t16\n自评得分\t86\t评价等次\t良", total: f(86), grade: "良"},

		{name: "cells run together after a bracketed unit", txt: "部门整体绩效自评表主管部门财政处室自评总分(分)97.6部门联系人张三联系电话", total: f(97.6)},
		{name: "run together, full-width brackets", txt: "自评得分（分）88联系人李四", total: f(88)},

		{name: "sentence broken after the label", txt: "本局对2021年整体支出开展绩效自评，自评得分\n90 分，存在的问题：一是预算编制不够精准。", total: f(90)},
		{name: "label alone, value with 分 on the next line", txt: "自评得分：\n92.5分", total: f(92.5)},

		// Nothing certain: no figure.
		{name: "score table header as lines", txt: "指标\n分值\n自评得分\n10\n9\n" + incomeLine},
		{name: "label over a run of figures", txt: "自评得分\n100\n94\n" + incomeLine},
		{name: "score table total row", txt: "自评得分\t100\t94\n" + incomeLine},
		{name: "score table header row", txt: "序号\t指标\t分值\t自评得分\n1\t预算执行率\t10\t9\n" + incomeLine},
		{name: "above 100", txt: "自评得分\n120\n" + incomeLine},
		{name: "bare 得分 heads a column", txt: "得分\n90\n" + incomeLine},
		{name: "run together with a longer number", txt: "自评总分(分)1000.5部门\n" + incomeLine},
		{name: "run together with a percentage", txt: "自评得分(分)97.6%\n" + incomeLine},
		{name: "broken after another year's label", txt: "本局上年度自评得分\n85分，今年继续改进。\n" + incomeLine},
		{name: "broken before a figure that is no score", txt: "各项指标按标准评分，自评得分\n100%完成。\n" + incomeLine},
		{name: "grade that is no grade", txt: "评价等次\n待定\n" + incomeLine},

		// The narrative's statement comes first; a cover stating another is a finding.
		{name: "narrative and cover differ", txt: "经自评，本局自评得分为93分。\n自评得分\n91", total: f(93), differs: true},
		{name: "narrative and cover agree", txt: "经自评，本局自评得分为93分。\n自评得分\n93", total: f(93)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := parseText(t, layoutTitle+"\n"+tt.txt+"\n", Options{})
			if !eqf(r.Score.Total, tt.total) {
				t.Errorf("score.total = %s, want %s", str(r.Score.Total), str(tt.total))
			}
			if tt.total != nil && (r.Score.Evidence == nil || r.Score.Evidence.Text == "") {
				t.Error("score without evidence")
			}
			if r.Score.Grade != tt.grade {
				t.Errorf("score.grade = %q, want %q", r.Score.Grade, tt.grade)
			}
			differs := false
			for _, fd := range findingsOf(r, "same_quantity_two_values") {
				differs = differs || strings.Contains(fd.Message, "自评总分")
			}
			if differs != tt.differs {
				t.Errorf("total stated twice differently: finding %v, want %v (%+v)", differs, tt.differs, r.Findings)
			}
		})
	}
}

// A header whose first cell titles its leaves (layout_group.go): the leaf
// 合计 is the group's total, and the title's unit its leaves'.
func TestLayoutGroupTitle(t *testing.T) {
	for _, tt := range []struct {
		name string
		doc  [][]string
		want layoutWant
	}{
		{name: "income group with 合计", doc: [][]string{{"年度收入（万元）|合计|财政拨款|其他收入", "|688.40|650.00|38.40"}},
			want: layoutWant{income: map[string]float64{"total": 688.4, "fiscal_appropriation": 650, "other": 38.4}}},
		{name: "expenditure group in 元", doc: [][]string{{"本年支出（元）|合计|基本支出|项目支出", "|1,200,000|800,000|400,000"}},
			want: layoutWant{expend: map[string]float64{"total": 120, "basic": 80, "project": 40}}},
		{name: "三公 group", doc: [][]string{{"三公经费（万元）|合计|公务接待费|公务用车运行维护费", "|6.5|2.5|4"}},
			want: layoutWant{three: map[string]float64{"total": 6.5, "reception": 2.5, "vehicle_operation": 4}}},
		{name: "a title that names no figure keeps 合计 unread", doc: [][]string{{"人员情况|合计|编制数|实有人数", "|3|35|33"}},
			want: layoutWant{authorized: f(35), actual: f(33)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, layoutDoc(tbl(tt.doc[0]...)), Options{})
			checkLayout(t, tt.want, r)
		})
	}
}

// A total stated twice — in the overview, then with its parts in its own
// chapter — is one row with those parts; a total stated again with another
// amount keeps its parts out.
func TestNarrativeRestatedTotal(t *testing.T) {
	for _, tt := range []struct {
		name string
		txt  string
		want layoutWant
	}{
		{name: "same totals, parts with shares and separators",
			txt: "一、总体情况\n2021年度收入总计1,260.30万元，支出总计1,244.80万元。\n二、收入情况\n本年收入合计1,260.30万元，其中：财政拨款收入1,200.30万元，占95.24%；其他收入60万元，占4.76%。\n" +
				"三、支出情况\n本年支出合计1,244.80万元，其中：基本支出344.80万元，占27.7%；项目支出900万元，占72.3%。\n" + scoreLine,
			want: layoutWant{income: map[string]float64{"total": 1260.3, "fiscal_appropriation": 1200.3, "other": 60},
				expend: map[string]float64{"total": 1244.8, "basic": 344.8, "project": 900}}},
		{name: "another total's parts stay out",
			txt:  "2021年度收入总计1,260.30万元。\n上年收入合计1,100万元，其中：财政拨款收入1,000万元，其他收入100万元。\n" + scoreLine,
			want: layoutWant{income: map[string]float64{"total": 1260.3}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkLayout(t, tt.want, parseText(t, layoutTitle+"\n"+tt.txt, Options{}))
		})
	}
}

// FuzzLayoutLines: the cover, key–value and 三公 line readers never panic;
// a score is always points from 0 to 100 with evidence, and a 三公 row has
// evidence.
func FuzzLayoutLines(f *testing.F) {
	for _, s := range []string{
		"自评得分\n91\n评价等次\n优",
		"自评得分\t89\t评价等次\t良",
		"自评得分 |\n94 |\n等级 |\n优秀 |",
		"分值\n自评得分\n10\n9",
		"年度收入（万元）\t合计\t财政拨款\n\t688.40\t650",
		"自评总分(分)97.6部门联系人",
		"附件3： 基础数据表 填报单位：云溪县统计局 单位：万元 编制人数： 35人 实有人数：33人",
		"“三公”经费实际支出5万元，其中公务接待费为4.30万元，占34.96%；无因公出国（境）费用。",
		"现有编制人员48人。其中，在职30人、退休18人。",
	} {
		f.Add(s)
	}
	cat := catalog(f)
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(t.Context(), fuzzDoc(layoutTitle+"\n"+s+"\n"+incomeLine), cat, Options{})
		if err != nil {
			return
		}
		if sc := r.Score; sc.Total != nil && (*sc.Total < 0 || sc.Evidence == nil) {
			t.Fatalf("score %v without evidence or below 0: %q", *sc.Total, s)
		}
		for _, tp := range r.ThreePublic {
			if tp.Evidence == nil {
				t.Fatalf("三公 row without evidence: %q", s)
			}
		}
	})
}
