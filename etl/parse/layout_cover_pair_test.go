package parse

import (
	"strings"
	"testing"

	"jixiao/report"
)

// A row of label–value cells names the unit when a unit label is followed
// by a cell that reads as a unit's name.
func TestCoverUnitPair(t *testing.T) {
	for _, tt := range []struct {
		name  string
		cells []string
		form  bool
		want  string
	}{
		{"bare 单位 heading a web table", []string{"单位", "颍川县供销合作社联合社", "", ""}, false, "颍川县供销合作社联合社"},
		{"labelled name and contact", []string{"部门（单位）名称", "青石县林业局", "联系人", "王五"}, false, "青石县林业局"},
		{"money unit", []string{"单位", "万元"}, false, ""},
		{"a column header", []string{"序号", "单位", "人数"}, false, ""},
		{"the form's own rows", []string{"单位", "青石县林业局"}, true, ""},
		{"no unit label", []string{"主管部门", "青石县林业局"}, false, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var cover coverFacts
			p := &parser{rep: &report.Report{}}
			p.coverUnitPair(layoutItem{cells: tt.cells, form: tt.form, src: evSource{text: "x", row: &gridRow{}}}, &cover)
			if cover.unit != tt.want {
				t.Fatalf("unit %q, want %q", cover.unit, tt.want)
			}
			if tt.want != "" && cover.unitEv == nil {
				t.Errorf("no evidence")
			}
		})
	}
}

func FuzzCoverUnitPair(f *testing.F) {
	f.Add("单位|颍川县供销合作社联合社||")
	f.Add("部门（单位）名称|青石县林业局（公章）|联系人")
	f.Add("单位|万元")
	f.Fuzz(func(t *testing.T, row string) {
		var cover coverFacts
		p := &parser{rep: &report.Report{}}
		p.coverUnitPair(layoutItem{cells: strings.Split(row, "|"), src: evSource{text: row, row: &gridRow{}}}, &cover)
		if cover.unit != "" && (!orgSuffixRE.MatchString(cover.unit) || cover.unitEv == nil) {
			t.Fatalf("unit %q from %q", cover.unit, row)
		}
	})
}
