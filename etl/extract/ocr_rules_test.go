package extract

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// ruledForm draws a 2×2 table of 2-pixel rules on a white page, with a
// short dark stroke (a character's) inside the first cell.
func ruledForm() *pageImage {
	p := &pageImage{w: 1000, h: 600, pix: bytes.Repeat([]byte{255}, 1000*600)}
	set := func(x, y int, v byte) { p.pix[y*p.w+x] = v }
	for _, y := range []int{100, 300, 500} {
		for x := 100; x <= 900; x++ {
			set(x, y, 0)
			set(x, y+1, 90) // a grey, anti-aliased edge
		}
	}
	for _, x := range []int{100, 400, 900} {
		for y := 100; y <= 500; y++ {
			set(x, y, 0)
			set(x+1, y, 120)
		}
	}
	for x := 150; x < 190; x++ { // a stroke of 40 pixels: no rule
		set(x, 200, 0)
	}
	return p
}

// The rules of a form are found in both directions, thick lines as one,
// and erased; a character's stroke is neither found nor erased.
func TestRemoveRules(t *testing.T) {
	p := ruledForm()
	r := removeRules(p)
	if len(r.across) != 3 || len(r.down) != 3 {
		t.Fatalf("rules across %v down %v, want 3 and 3", r.across, r.down)
	}
	if a := r.across[1]; a.pos != 300 || a.from != 100 || a.to != 901 {
		t.Errorf("middle horizontal rule = %+v", a)
	}
	if d := r.down[1]; d.pos != 400 || d.from != 100 || d.to != 501 {
		t.Errorf("middle vertical rule = %+v", d)
	}
	for _, xy := range [][2]int{{500, 100}, {500, 101}, {400, 200}, {401, 400}} {
		if v := p.pix[xy[1]*p.w+xy[0]]; v != 255 {
			t.Errorf("pixel %v = %d after erasing, want white", xy, v)
		}
	}
	if v := p.pix[200*p.w+160]; v != 0 {
		t.Errorf("the stroke was erased (%d)", v)
	}
}

// A greymap as pdftoppm -gray writes it is read back; a broken one is an
// error, never a panic.
func TestReadPGM(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("P5\n# comment\n3 2\n255\n")
	b.Write([]byte{0, 1, 2, 3, 4, 5})
	p, err := readPGM(&b)
	if err != nil || p.w != 3 || p.h != 2 || p.pix[5] != 5 {
		t.Fatalf("readPGM = %+v, %v", p, err)
	}
	for _, bad := range []string{"P6\n1 1\n255\nx", "P5\n1 1\n65535\nxx", "P5\n2 2\n255\nx", "P5\n99999999 99999999\n255\n", "P5 -1"} {
		if _, err := readPGM(strings.NewReader(bad)); err == nil {
			t.Errorf("readPGM(%q) gave no error", bad)
		}
	}
}

// Words beside the rules of a scanned form: a quote tesseract invents next
// to a rule is dropped, two words close together but on either side of a
// rule are two cells, a label wrapped over three lines is one cell beside
// its row's figures, and a wide cell of running text keeps its lines.
func TestOCRRuledRows(t *testing.T) {
	h := 40
	across := []rule{{90, 100, 1500}, {300, 100, 1500}, {600, 100, 1500}}
	down := []rule{{400, 90, 600}, {700, 90, 600}}
	word := func(x, y int, text string) OCRWord {
		return OCRWord{Text: text, Page: 1, Box: [4]int{x, y, x + len([]rune(text))*h, y + h}, Confidence: 95}
	}
	words := []OCRWord{
		// Row 1: a label over three lines, two figures on its first.
		word(110, 100, "局机关及"), word(420, 100, "“146.95"), word(720, 100, "47.84"),
		word(110, 160, "二级机构"),
		word(110, 220, "汇总"),
		// Row 2: running text over five lines, wider than a label.
		word(110, 310, "项目"), word(720, 310, "第一行文字很长很长很长很长很长"),
		word(720, 370, "第二行文字很长很长很长很长很长"),
		word(720, 430, "第三行文字很长很长很长很长很长"),
	}
	words[1].Box[0] = 405 // the invented quote widens the word's box to the rule
	words = dropPhantoms(words, down)
	if words[1].Text != "146.95" {
		t.Fatalf("phantom quote kept: %q", words[1].Text)
	}
	text := layoutWords(words, across, down)
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) < 4 {
		t.Fatalf("layout:\n%s", text)
	}
	if f := strings.Fields(lines[0]); len(f) != 3 || f[0] != "局机关及二级机构汇总" || f[1] != "146.95" || f[2] != "47.84" {
		t.Errorf("row 1 = %q", lines[0])
	}
	if !strings.Contains(text, "第二行") || strings.Contains(lines[1], "第二行") {
		t.Errorf("running text joined:\n%s", text)
	}
	blocks, err := layoutBlocks(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) == 0 || blocks[0].Kind != TableBlock || blocks[0].Table.Rows[0].Cells[0].Text != "局机关及二级机构汇总" {
		t.Errorf("blocks = %s", blocksJSON(t, blocks))
	}
}

// Misread marks are corrected only where they cannot be meant.
func TestOCRTextFixes(t *testing.T) {
	for in, want := range map[string]string{
		"x100%三1.14%，":              "x100%=1.14%，",
		"三公经费100%三公":                "三公经费100%三公",
		"部门《单位)收支":                  "部门（单位）收支",
		"《湖南日报》(头版)":                "《湖南日报》(头版)",
		"王100%":                     "王100%",
		"(4+13)王30.77%":             "(4+13)=30.77%",
		"绩效指标的明确性(359) :本单位":        "绩效指标的明确性（3分） :本单位",
		"预决算信息公开性(55):":             "预决算信息公开性（5分）:",
		"投入绩效为(155):":               "投入绩效为(155):",
		"总投资(35)亿元":                 "总投资(35)亿元",
		"Sst: 90 (&)_100分为优:80 (&)": "Sst: 90（含）—100分为优:80（含）",
		"一90分为良; 60 (&)—80分为较差":     "—90分为良; 60（含）—80分为较差",
		"统一90分为":                    "统一90分为",
		"A&B (&)":                   "A&B (&)",
	} {
		if got := fixOCRLine(in); got != want {
			t.Errorf("fixOCRLine(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"〈3分)": "（3分)", "１２．５％": "12.5%", "“〈": "（", "“三": "“三",
		"1O.22": "10.22", "l46.95": "146.95", "2O2l": "2021", "96|%": "961%", "9|%": "9|%", "IO": "IO", "Oo1": "Oo1", "LED": "LED", "10lx": "10lx"} {
		if got := fixOCRWord(in); got != want {
			t.Errorf("fixOCRWord(%q) = %q, want %q", in, got, want)
		}
	}
	w := func(s string) OCRWord { return OCRWord{Text: s, Box: [4]int{0, 0, 10, 10}} }
	for _, c := range []struct {
		in   []OCRWord
		want string
	}{
		{[]OCRWord{w("©绩效"), w("目标")}, "绩效"},
		{[]OCRWord{w("@@"), w("政府")}, "政府"},
		{[]OCRWord{w("@)资产")}, "资产"},
		{[]OCRWord{w("GD资产")}, "资产"},
		{[]OCRWord{w("G)"), w("固定")}, "固定"},
		{[]OCRWord{w("@"), w("123")}, "@"},
		{[]OCRWord{w("@example")}, "@example"},
	} {
		if got := dropLeadingMark(c.in); got[0].Text != c.want {
			t.Errorf("dropLeadingMark(%v) starts %q, want %q", c.in, got[0].Text, c.want)
		}
	}
}
