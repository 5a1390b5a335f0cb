package parse

import (
	"testing"

	"jixiao/etl/extract"
)

// A traditional page whose converter turned every 年 into "-" gets its
// years back in the normalised text; ranges, dates, and pages that still
// write 年 anywhere are left as they are.
func TestRestoreDashYear(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		lost       bool
		line0      string // the first line's norm after folding
	}{
		{"title and column head", "青嶺縣2019-“三公”經費匯總決算表\n項目 | 本-決算數 |\n合計 | 12 |", true, "青岭县2019年三公经费汇总决算表"},
		{"a year before a word", "東溪鎮2021-部門決算說明\n單位:萬元", true, "东溪镇2021年部门决算说明"},
		{"a date is no year", "東溪鎮統計報表 2021-03-31\n單位:萬元", false, "东溪镇统计报表2021-03-31"},
		{"a range is no year", "東溪鎮2019-2021規劃匯總表\n單位:萬元", false, "东溪镇2019-2021规划汇总表"},
		{"a page that writes 年", "東溪鎮2021-部門決算說明\n2021年度收入合計 | 3 |", false, "东溪镇2021-部门决算说明"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := &parser{lines: lines(&extract.Document{Blocks: []extract.Block{{Kind: extract.Paragraph, Text: tt.text}}})}
			p.trad = traditional(p.lines)
			if !p.trad {
				t.Fatalf("test text not detected as traditional")
			}
			p.lines = p.fold(p.lines)
			if p.dashYear != tt.lost {
				t.Errorf("dashYear = %v, want %v", p.dashYear, tt.lost)
			}
			if got := p.lines[0].norm; got != tt.line0 {
				t.Errorf("line 0 = %q, want %q", got, tt.line0)
			}
		})
	}
}

func FuzzRestoreNian(f *testing.F) {
	for _, s := range []string{"2015-“三公”", "本-預算數", "2019-07-07", "2019-2021", "x2020-(", "1999-年"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := restoreNian(s)
		// Only a dash becomes 年, and only after a year: every other byte
		// stays, so removing the 年s the repair put in gives back the input
		// with those dashes removed.
		if len(out) < len(s) {
			t.Fatalf("restoreNian(%q) = %q is shorter", s, out)
		}
		if !dashYearRE.MatchString(s) && out != s {
			t.Fatalf("restoreNian(%q) = %q changed text holding no dashed year", s, out)
		}
	})
}
