package parse

import "testing"

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
