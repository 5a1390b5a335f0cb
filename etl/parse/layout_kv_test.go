package parse

import (
	"testing"

	"jixiao/report"
)

// Staffing stated as a head count broken down (inPostStaff) and a title
// naming the 机关's整体支出, in our own wording.
func TestStaffInPost(t *testing.T) {
	for _, tt := range []struct {
		name string
		txt  string
		want layoutWant
	}{
		{name: "breakdown with retirees", txt: layoutTitle + "\n现有编制人员48人。其中，在职30人、退休18人。\n" + scoreLine,
			want: layoutWant{actual: f(30)}},
		{name: "in post beside the posts", txt: layoutTitle + "\n本局核定编制15人，在职14人。\n" + scoreLine,
			want: layoutWant{authorized: f(15), actual: f(14)}},
		{name: "in post in another sentence", txt: layoutTitle + "\n全年组织在职30人参加业务培训。\n" + scoreLine,
			want: layoutWant{}},
		{name: "retirees only", txt: layoutTitle + "\n离退休人员18人。\n" + scoreLine,
			want: layoutWant{}},
		{name: "title of the 机关's spending with a space after the year",
			txt:  "云溪县统计局2021年度 机关整体支出绩效评价报告\n现有编制人员48人。其中，在职30人、退休18人。\n" + scoreLine,
			want: layoutWant{actual: f(30)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkLayout(t, tt.want, parseText(t, tt.txt, Options{}))
		})
	}
}

// Pairs on a heading line with single spaces, and a 三公 paragraph of a
// 决算-style text (shares after each part, a category not spent).
func TestKeyValueLines(t *testing.T) {
	for _, tt := range []struct {
		name string
		txt  string
		want layoutWant
	}{
		{name: "unit among single-spaced pairs",
			txt:  "部门整体支出绩效自评报告（2021年度）\n附件3： 基础数据表 填报单位：云溪县统计局 单位：万元 财政供养人员情况\n" + scoreLine,
			want: layoutWant{year: 2021, yearSource: report.YearFromTitle, unit: "云溪县统计局"}},
		{name: "staffing pairs with single spaces", txt: layoutTitle + "\n编制人数：35人 实有人数：33人\n" + scoreLine,
			want: layoutWant{authorized: f(35), actual: f(33)}},
		{name: "label and value split by a space", txt: layoutTitle + "\n编制人数： 35人 实有人数： 33人\n" + scoreLine,
			want: layoutWant{authorized: f(35), actual: f(33)}},
		{name: "one pair keeps its spaces", txt: "部门整体支出绩效自评报告（2021年度）\n部门（单位）名称：云溪县统计局 （公章）\n" + scoreLine,
			want: layoutWant{year: 2021, yearSource: report.YearFromTitle, unit: "云溪县统计局"}},
		{name: "三公 paragraph with shares and a category not spent",
			txt: layoutTitle + "\n2021年度“三公”经费财政拨款支出预算为20.40万元，2021年实际支出“三公”经费决算为12.30万元。其中公务接待费为4.30万元，占34.96%；公务用车运行维护费为8.00万元，占65.04%。无因公出国（境）费用，公务用车保有量为2辆。\n" + scoreLine,
			want: layoutWant{budget: map[string]float64{"three_public_budget": 20.4, "three_public_actual": 12.3},
				three: map[string]float64{"total": 12.3, "reception": 4.3, "vehicle_operation": 8, "overseas": 0}}},
		{name: "not spent, said of something else", txt: layoutTitle + "\n“三公”经费实际支出5万元，无公务接待费超标情况。\n" + scoreLine,
			want: layoutWant{budget: map[string]float64{"three_public_actual": 5}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkLayout(t, tt.want, parseText(t, tt.txt, Options{}))
		})
	}
}
