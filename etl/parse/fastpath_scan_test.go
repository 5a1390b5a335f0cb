package parse

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"jixiao/etl/extract"
	"jixiao/report"
)

// References for the splitting and scanning fast paths (fields.go,
// levelscan.go, gridRow.text): the plain code they replace.

func spacedRef(s string) string { return strings.Join(strings.Fields(s), " ") }

func fieldedLineRef(s string) string {
	var b strings.Builder
	for i, f := range strings.Fields(s) {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(norm(f))
	}
	b.WriteByte('\n')
	return b.String()
}

func rowTextRef(r gridRow) string {
	var parts []string
	for _, c := range r.cells {
		if t := strings.TrimSpace(c.Text); t != "" {
			parts = append(parts, strings.Join(strings.Fields(t), " "))
		}
	}
	return strings.Join(parts, " | ")
}

// headerLabelRef is readHeaderLabel running every expression.
func headerLabelRef(s string) headerLabel {
	t := strings.TrimRight(norm(s), ":")
	var h headerLabel
	if m := headerUnitRE.FindStringSubmatchIndex(t); m != nil {
		h.unit = t[m[2]:m[3]]
		t = t[:m[0]] + t[m[1]:]
	}
	if m := headerYearRE.FindStringSubmatch(t); m != nil {
		h.year, _ = strconv.Atoi(m[1])
		t = t[len(m[0]):]
	}
	t = labelLeadRE.ReplaceAllString(t, "")
	h.key = strings.TrimRight(t, ":")
	return h
}

// scanNames are level names of the catalog's schemes and names that test
// the edges: one ideograph, a name inside another, repeated ideographs.
var scanNames = []string{"投入", "过程", "产出", "效果", "部门决策", "综合管理", "部门绩效", "部门管理",
	"决策", "产", "出", "出出", "分分", "湘西州"}

// keyValueRef is keyValue normalising the whole clause before it looks
// for the colon.
func (p *parser) keyValueRef(part string, l line, out *[]layoutFigure, cover *coverFacts) {
	n := norm(part)
	i := strings.IndexByte(n, ':')
	if i <= 0 || i == len(n)-1 {
		return
	}
	key, val := n[:i], n[i+1:]
	switch h := readHeaderLabel(key); {
	case coverYearLabelRE.MatchString(key):
		coverYear(val, part, l, cover)
	case key == "单位" || coverUnitLabelRE.MatchString(key):
		coverUnit(val, part, l, cover)
	default:
		if f, ok := lookupLabel(h.key); ok && f.kind == kindCount {
			p.countPair(f, h, key, val, part, l, out)
		}
	}
}

// checkKeyValue compares keyValue with keyValueRef on part: the figures,
// the cover's facts and the findings each leaves.
func checkKeyValue(t *testing.T, part string) {
	t.Helper()
	type result struct {
		out      []layoutFigure
		cover    coverFacts
		findings []report.Finding
	}
	read := func(kv func(p *parser, out *[]layoutFigure, cover *coverFacts)) result {
		p := &parser{rep: &report.Report{}, miss: map[string]bool{}, codes: map[string]int{}}
		var r result
		kv(p, &r.out, &r.cover)
		r.findings = p.rep.Findings
		return r
	}
	l := line{text: part, block: 1, row: -1, cell: -1}
	got := read(func(p *parser, out *[]layoutFigure, cover *coverFacts) { p.keyValue(part, l, out, cover) })
	want := read(func(p *parser, out *[]layoutFigure, cover *coverFacts) { p.keyValueRef(part, l, out, cover) })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("keyValue(%q):\n%+v\nwant\n%+v", part, got, want)
	}
}

// dataCellsRef is dataCells replacing the unit words of every cell.
func dataCellsRef(r gridRow) bool {
	if runeLen(r.label(0)) > 30 {
		return false
	}
	for _, c := range r.cells[1:] {
		for _, ch := range unitWords.Replace(c.Text) {
			if unicode.Is(unicode.Han, ch) {
				return false
			}
		}
	}
	return true
}

// checkScanFastPaths compares the fast paths with their references on s,
// both as one line and as a document's text.
func checkScanFastPaths(t *testing.T, s string, names []string) {
	t.Helper()
	if got, want := slices.Collect(fields(s)), strings.Fields(s); !slices.Equal(got, want) {
		t.Errorf("fields(%q) = %q, want %q", s, got, want)
	}
	if got, want := slices.Collect(clauses(s)), strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(kvSeps, r) }); !slices.Equal(got, want) {
		t.Errorf("clauses(%q) = %q, want %q", s, got, want)
	}
	var withColon []string
	for c := range clauses(s) {
		if strings.ContainsAny(c, ":：") {
			withColon = append(withColon, c)
		}
	}
	if got := slices.Collect(colonClauses(s)); !slices.Equal(got, withColon) {
		t.Errorf("colonClauses(%q) = %q, want %q", s, got, withColon)
	}
	var b strings.Builder
	appendSpaced(&b, s)
	if got, want := b.String(), spacedRef(s); got != want {
		t.Errorf("appendSpaced(%q) = %q, want %q", s, got, want)
	}
	b.Reset()
	appendFielded(&b, s)
	if got, want := b.String(), fieldedLineRef(s); got != want {
		t.Errorf("appendFielded(%q) = %q, want %q", s, got, want)
	}
	for _, c := range append(strings.Fields(s), s) {
		if got, want := readHeaderLabel(c), headerLabelRef(c); got != want {
			t.Errorf("readHeaderLabel(%q) = %+v, want %+v", c, got, want)
		}
	}
	for clause := range colonClauses(s) {
		checkKeyValue(t, clause)
	}
	for _, part := range []string{s, "编制人数：" + s, s + ":35人", "评价年度:" + s, "填报单位（盖章）：" + s} {
		checkKeyValue(t, part)
	}
	for _, cell := range []string{s, s + "万元", "元" + s, "1,146.95"} {
		r := gridRow{cells: []extract.Cell{{Text: "合计"}, {Text: "12.5"}, {Text: cell}}}
		if got, want := dataCells(r), dataCellsRef(r); got != want {
			t.Errorf("dataCells with %q = %v, want %v", cell, got, want)
		}
	}
	r := gridRow{cells: []extract.Cell{{Text: s}, {Text: " "}, {Text: s + "\t" + s}}}
	if got, want := r.text(), rowTextRef(r); got != want {
		t.Errorf("row text of %q = %q, want %q", s, got, want)
	}
	var all strings.Builder
	for _, l := range strings.Split(s, "\n") {
		appendFielded(&all, l)
	}
	checkStanding(t, all.String(), names)
}

// checkStanding compares standingNames with the scan per name on text.
func checkStanding(t *testing.T, text string, names []string) {
	t.Helper()
	hits := standingNames(text, names)
	whole := wholeNames(text, names)
	for _, n := range names {
		if allIdeographs(n) && whole[n] != namedAnywhere(text, n) {
			t.Errorf("named %q in %q: got %v, want %v", n, text, whole[n], !whole[n])
		}
		got, want := hits[n], standingIn(text, n)
		if got.found != want.found || (got.points == nil) != (want.points == nil) ||
			got.points != nil && *got.points != *want.points {
			t.Errorf("standing %q in %q: got %v %v, want %v %v", n, text, got.found, got.points, want.found, want.points)
		}
	}
}

var scanSeeds = []string{
	"一、投入（20分）", "投入产出效果", "（一）部门决策 （20分）|综合管理", "产出出出（5）出出", "产产出（3分）产出(4)",
	"部门决策得分24分，部门绩效得分41.5分", "  投入\t过程 　产出\u00a0效果  ", "bad\xe4\xb8投入\xff产出(1分)",
	"\xe4投入", "投入\xe4\xb8", "2019年度实际在职人数（人）", "（二）其中：编制数(人)", "十一、收入合计（万元）",
	"其中公用经费", "12.支出", "编制人数：35人，实有人数：33人;；。\t|a|", "20", "三公经费（单位：元）", "(一)", "：a：b，:；c:\xef\xbc|:", "\xe4\xbc：，\xef:\xbc\x8c:x", "单位：万元 |填报：甲\t审核:乙。", "分分分分（2分）", "湘西州湘西州(1)", "1投入(9.5分)\n投入(8分)",
}

func TestScanFastPaths(t *testing.T) {
	texts := append(slices.Clone(scanSeeds), fastPathSeeds...)
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*.txt"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, strings.Split(string(data), "\n")...)
		texts = append(texts, string(data)) // the whole text, lines and all
	}
	names := catalogLevelNames(t)
	for _, s := range texts {
		checkScanFastPaths(t, s, names)
	}
}

// catalogLevelNames is scanNames, the catalog's level names and its
// indicator names (normalised, as indicatorsNamed looks for them).
func catalogLevelNames(t testing.TB) []string {
	names := slices.Clone(scanNames)
	cat := catalog(t)
	for _, id := range cat.IDs() {
		s, _ := cat.Scheme(id)
		for _, l := range s.Levels {
			names = append(names, l.Name)
		}
		for _, ind := range s.Indicators {
			for _, n := range append([]string{ind.Name}, ind.Aliases...) {
				names = append(names, norm(n))
			}
		}
	}
	return names
}

func FuzzScanFastPaths(f *testing.F) {
	for _, s := range append(slices.Clone(scanSeeds), fastPathSeeds...) {
		f.Add(s)
	}
	names := catalogLevelNames(f)
	f.Fuzz(func(t *testing.T, s string) { checkScanFastPaths(t, s, names) })
}
