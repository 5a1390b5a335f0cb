package parse

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"jixiao/etl/cjk"
	"jixiao/etl/extract"
	"jixiao/report"
)

// line is one line of text of the document with where it came from: a line of
// a paragraph block, or a line of a table cell. The normalised forms are
// computed once, since every pass of the parser matches against them.
type line struct {
	text   string
	norm   string // norm(text)
	digits bool   // norm holds an ASCII digit: passes looking for figures skip other lines
	sents  []sentence
	block  int
	row    int // -1 for paragraphs
	cell   int // -1 for paragraphs
}

// sentence is a sentence of a line, as written and normalised.
type sentence struct {
	text, norm string
	digits     bool
}

func (l line) inTable() bool { return l.row >= 0 }

// evidence points at this line with the given text (a sentence of it, or the
// line itself).
func (l line) evidence(text string) *report.Evidence {
	ev := &report.Evidence{Text: strings.TrimSpace(text), Block: l.block}
	if l.row >= 0 {
		ev.Row = intp(l.row)
		ev.Cell = intp(l.cell)
	}
	return ev
}

func intp(i int) *int { return &i }

// newLine splits t into sentences and normalises it.
func newLine(t string, block, row, cell int) line { return newLineFrom(t, block, row, cell, nil) }

// newLineFrom is newLine with the line's sentences cut from *slab when slab
// is not nil: a report has hundreds of lines, and one allocation for the
// sentences of many of them costs less than one each.
func newLineFrom(t string, block, row, cell int, slab *[]sentence) line {
	l := line{text: t, block: block, row: row, cell: cell}
	// norm maps rune by rune and drops spaces, so the line's norm is the
	// concatenation of its sentences' norms.
	var buf [8]string
	ss := appendSentences(buf[:0], t)
	if len(ss) == 0 {
		return l
	}
	if slab == nil {
		l.sents = make([]sentence, len(ss))
	} else {
		if cap(*slab)-len(*slab) < len(ss) {
			*slab = make([]sentence, 0, max(sentenceSlab, len(ss)))
		}
		k := len(*slab)
		*slab = (*slab)[:k+len(ss)]
		// Capped, so that an append to one line's sentences copies them.
		l.sents = (*slab)[k : k+len(ss) : k+len(ss)]
	}
	if len(ss) == 1 {
		sn := fixOCRLessEqual(norm(ss[0]))
		l.norm = sn
		l.digits = hasDigit(sn) && !contentsEntry(sn) // a page number after a leader is no figure (contents.go)
		l.sents[0] = sentence{text: ss[0], norm: sn, digits: l.digits}
		return l
	}
	// The sentences' norms are written into one string, the line's norm,
	// and cut from it: one allocation for the line instead of one for each
	// sentence and one for their concatenation. norm never lengthens text.
	var n strings.Builder
	n.Grow(len(t))
	var endsBuf [16]int
	ends := endsBuf[:0]
	for _, s := range ss {
		normMap.writeTo(&n, s)
		ends = append(ends, n.Len())
	}
	l.norm = n.String()
	if strings.IndexByte(l.norm, 'Q') >= 0 {
		// A sentence OCR may have misread (fixOCRLessEqual): mapped
		// sentence by sentence, and the line's norm joined from theirs.
		var b strings.Builder
		for i, s := range ss {
			sn := fixOCRLessEqual(norm(s))
			l.sents[i] = sentence{text: s, norm: sn, digits: hasDigit(sn)}
			b.WriteString(sn)
		}
		l.norm = b.String()
	} else {
		start := 0
		for i, s := range ss {
			sn := l.norm[start:ends[i]]
			l.sents[i] = sentence{text: s, norm: sn, digits: hasDigit(sn)}
			start = ends[i]
		}
	}
	for _, s := range l.sents {
		l.digits = l.digits || s.digits
	}
	return l
}

// sentenceSlab is how many sentences lines allocates room for when the room
// it made first is used up.
const sentenceSlab = 64

// hasDigit reports whether s holds an ASCII digit.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// lines flattens the document into lines in reading order. Paragraph blocks
// and table cells are split at newlines, since extractors differ in whether a
// paragraph holds one line or several. Paragraph lines that break inside a
// figure are joined again (see joinSplitFigures).
func lines(doc *extract.Document) []line {
	// Count the lines first: a line is large, and growing the slice by
	// doubling would copy every one of them several times.
	n := 0
	for _, b := range doc.Blocks {
		switch {
		case b.Kind == extract.Paragraph:
			n += cjk.Count(b.Text, "\n") + 1
		case b.Kind == extract.TableBlock && b.Table != nil:
			for _, r := range b.Table.Rows {
				for _, c := range r.Cells {
					n += cjk.Count(c.Text, "\n") + 1
				}
			}
		}
	}
	out := make([]line, 0, n)
	// Most lines are one sentence: room for one each, then for more as
	// needed.
	slab := make([]sentence, 0, n)
	add := func(text string, block, row, cell int) {
		for {
			t, rest, more := strings.Cut(text, "\n")
			if strings.TrimSpace(t) != "" {
				out = append(out, newLineFrom(t, block, row, cell, &slab))
			}
			if !more {
				break
			}
			text = rest
		}
	}
	for bi, b := range doc.Blocks {
		switch {
		case b.Kind == extract.Paragraph:
			add(b.Text, bi, -1, -1)
		case b.Kind == extract.TableBlock && b.Table != nil:
			for ri, r := range b.Table.Rows {
				for ci, c := range r.Cells {
					add(c.Text, bi, ri, ci)
				}
			}
		}
	}
	return joinSplitFigures(out)
}

// joinSplitFigures joins a paragraph line to the next one when the break
// falls inside a figure, as text copied from PDF or a web page often does:
// "支出合计1,001." + "20万元", "综合得分为8" + "9.5分", "23.16万" + "元",
// "年末在职人员" + "43人". Only breaks that leave the next line starting with
// the rest of a number or its unit are joined, so headings and list items
// stay apart. The joined line keeps the first line's position.
func joinSplitFigures(ls []line) []line {
	out := ls[:0]
	for _, l := range ls {
		if n := len(out); n > 0 && !l.inTable() && !out[n-1].inTable() && splitFigure(out[n-1].norm, l.norm) && !tabular(l.text) && !tabular(out[n-1].text) && !isValueCell(out[n-1].text) && !spacedFigure(out[n-1].text) {
			prev := out[n-1]
			out[n-1] = newLine(strings.TrimRight(prev.text, " \t\u3000")+strings.TrimLeft(l.text, " \t\u3000"), prev.block, prev.row, prev.cell)
			continue
		}
		out = append(out, l)
	}
	return out
}

// tabular reports whether a line of text is a table row whose cells became
// tab- or space-separated runs (layout_table.go): a row of values under a
// header row is not the rest of the header's figure.
func tabular(s string) bool {
	t := strings.TrimSpace(s)
	return strings.ContainsRune(t, '\t') || cjk.Contains(t, "  ") || strings.ContainsRune(t, '\u3000')
}

// spacedFigure reports whether a line ends with a whole figure set apart by a
// space, as a PDF's words-and-figures rows do ("3、公务接待 17.22" over "22
// 4.99 …"): the next line's figures are other cells, not its digits.
func spacedFigure(s string) bool {
	t := strings.TrimSpace(s)
	i := cjk.LastIndexAny(t, " \t\u3000")
	return i >= 0 && isValueCell(t[i+1:])
}

var (
	// restOfNumberRE is the start of a line that continues a number broken
	// at its end: more digits (possibly after the decimal point), then a unit.
	restOfNumberRE = regexp.MustCompile(`^(?:\.?\d[\d,]*(?:\.\d+)?(?:万元|亿元|元|分|%|人|名|个|家|项)|万元|亿元|元|%)`)
	// figureAfterLabelRE is a line that starts with a whole figure and its unit.
	figureAfterLabelRE = regexp.MustCompile(`^\d[\d,]*(?:\.\d+)?(?:万元|亿元|元|分|%|人|名)`)
)

// splitFigure tells whether a line break between prev and next (both
// normalised) falls inside a figure.
func splitFigure(prev, next string) bool {
	if prev == "" || next == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(prev)
	switch {
	case last >= '0' && last <= '9' || last == '.' && len(prev) > 1 && prev[len(prev)-2] >= '0' && prev[len(prev)-2] <= '9':
		// "…1,001." / "…8" then "20万元" / "9.5分" / "万元".
		return restOfNumberRE.MatchString(next) && (last != '.' || next[0] >= '0' && next[0] <= '9')
	case last == '万' || last == '亿':
		// "23.16万" then "元".
		p := strings.TrimSuffix(strings.TrimSuffix(prev, "万"), "亿")
		return strings.HasPrefix(next, "元") && p != "" && p[len(p)-1] >= '0' && p[len(p)-1] <= '9'
	case unicode.Is(unicode.Han, last):
		// A label broken from its figure: "年末在职人员" then "43人。". The
		// label line must be prose (not a short heading) that has not ended.
		return runeLen(prev) >= 12 && !numbered(prev) && figureAfterLabelRE.MatchString(next)
	}
	return false
}

// ocrLessEqualRE finds "Q" where bad OCR printed it for "≤": between figures
// ("92.86%Q100%", "3.2%Q10%", "Q0") or around the word 总分 in a grade legend
// ("90Q总分Q100").
var ocrLessEqualRE = regexp.MustCompile(`([\d%分])Q|Q([\d总得])`)

// fixOCRLessEqual puts "≤" back where OCR printed "Q"; Chinese report text
// has no other use for a capital Q between figures.
func fixOCRLessEqual(s string) string {
	if strings.IndexByte(s, 'Q') < 0 {
		return s
	}
	return ocrLessEqualRE.ReplaceAllStringFunc(s, func(m string) string {
		return strings.Replace(m, "Q", "≤", 1)
	})
}

// sentences splits a line at sentence ends (。；;！？!?), keeping the
// terminator with its sentence.
func sentences(s string) []string {
	return appendSentences(nil, s)
}

// sentenceLead marks the bytes a sentence end starts with: ; ! ? and the
// lead bytes of 。 (E3) and of ；！？ (EF).
var sentenceLead = [256]bool{';': true, '!': true, '?': true, 0xE3: true, 0xEF: true}

// appendSentences appends the sentences of s to dst (see sentences).
func appendSentences(dst []string, s string) []string {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !sentenceLead[c] {
			continue
		}
		end := 0
		switch {
		case c == ';' || c == '!' || c == '?':
			end = i + 1
		case c == 0xE3 && strings.HasPrefix(s[i:], "。"):
			end = i + len("。")
		case c == 0xEF && (strings.HasPrefix(s[i:], "；") || strings.HasPrefix(s[i:], "！") || strings.HasPrefix(s[i:], "？")):
			end = i + len("；")
		default:
			continue
		}
		if t := strings.TrimSpace(s[start:end]); t != "" {
			dst = append(dst, t)
		}
		start = end
		i = end - 1
	}
	if t := strings.TrimSpace(s[start:]); t != "" {
		dst = append(dst, t)
	}
	return dst
}

// norm prepares text for pattern matching: ASCII digits and signs (as
// number.Normalize, in the same single pass), "=" for ＝, ASCII colon and
// parentheses, no quotes and no spaces (the ideographic space included), so
// patterns need not spell out every variant a report writer might type.
// Invalid bytes stay as they are.
func norm(s string) string { return normMap.apply(s) }

// normMap is norm's mapping, and compactMap compact's.
var (
	normMap    = newRuneMap(normRune, true)
	compactMap = newRuneMap(dropSpace, false)
)

// normRune maps one rune for norm; -1 drops it.
func normRune(r rune) rune {
	switch r {
	case ' ', '\t', '\r', '\n', '\v', '\f', '"', '\'':
		return -1
	case '．':
		return '.'
	case '％':
		return '%'
	case '－':
		return '-'
	case '＋':
		return '+'
	case '＝':
		return '='
	case '：':
		return ':'
	case '（':
		return '('
	case '）':
		return ')'
	case '“', '”', '‘', '’', '「', '」', '『', '』':
		return -1
	}
	switch {
	case r < utf8.RuneSelf:
		return r
	case r >= '０' && r <= '９':
		return r - '０' + '0'
	case unicode.IsSpace(r):
		return -1
	}
	return r
}

// compact removes all white space; table labels wrap inside cells ("公共财\n政拨款").
func compact(s string) string { return compactMap.apply(s) }

func dropSpace(r rune) rune {
	if unicode.IsSpace(r) {
		return -1
	}
	return r
}

// runeMap is a mapping of runes f, applied as strings.Map(f, s) is but made
// cheap for report text, which every line goes through several times: CJK
// ideographs (U+4E00–U+9FFF), which no mapping here changes, are stepped over
// three bytes at a time without decoding, and so are the ASCII bytes f leaves
// alone, told by a table built once (after the ideographs, digits, letters
// and points are most of a report, and a look-up is cheaper than a call of f);
// runs that f leaves alone are copied whole, and s itself is returned when
// nothing changes. An invalid byte is passed to f as utf8.RuneError and, as
// strings.Map does, written as U+FFFD; with keepInvalid it is kept as it is
// instead (norm's way).
type runeMap struct {
	f           func(rune) rune
	keepInvalid bool
	same        [utf8.RuneSelf]bool // f(c) == c
}

func newRuneMap(f func(rune) rune, keepInvalid bool) *runeMap {
	m := &runeMap{f: f, keepInvalid: keepInvalid}
	for c := range utf8.RuneSelf {
		m.same[c] = f(rune(c)) == rune(c)
	}
	return m
}

// apply returns s mapped.
func (m *runeMap) apply(s string) string {
	i, out, size := m.next(s)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	m.write(&b, s, i, out, size)
	return b.String()
}

// writeTo writes s mapped to b.
func (m *runeMap) writeTo(b *strings.Builder, s string) {
	i, out, size := m.next(s)
	m.write(b, s, i, out, size)
}

// write writes s mapped to b, given next's answer for s.
func (m *runeMap) write(b *strings.Builder, s string, i int, out rune, size int) {
	for i < len(s) {
		b.WriteString(s[:i])
		if out >= 0 {
			b.WriteRune(out)
		}
		s = s[i+size:]
		i, out, size = m.next(s)
	}
	b.WriteString(s)
}

// next finds the first rune of s that the mapping changes: its offset, what
// it becomes (-1: dropped) and its size; i is len(s) when there is none.
func (m *runeMap) next(s string) (i int, out rune, size int) {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf && m.same[c] {
			i++
			continue
		}
		if c >= 0xE4 && c <= 0xE9 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 &&
			(c > 0xE4 || s[i+1] >= 0xB8) {
			i += 3 // U+4E00–U+9FFF
			continue
		}
		r, size := rune(c), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		invalid := r == utf8.RuneError && size == 1
		if invalid && m.keepInvalid {
			i++
			continue
		}
		if out := m.f(r); out != r || invalid {
			return i, out, size
		}
		i += size
	}
	return len(s), 0, 0
}

// runeLen counts runes.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// maxClause bounds how far back clauseBefore looks; a label's context is
// near it, and the bound keeps a pathological sentence linear.
const maxClause = 240

// clauseBefore returns the clause of s that ends at byte offset i: the text
// after the last comma, semicolon or full stop before i (at most maxClause
// bytes back).
func clauseBefore(s string, i int) string {
	head := s[:i]
	for j := len(head); j > 0 && len(head)-j < maxClause; {
		r, size := utf8.DecodeLastRuneInString(head[:j])
		switch r {
		case '，', ',', '；', ';', '。', '、':
			return head[j:]
		}
		j -= size
	}
	if len(head) > maxClause {
		// Cut at a rune boundary.
		k := len(head) - maxClause
		for k < len(head) && !utf8.RuneStart(head[k]) {
			k++
		}
		return head[k:]
	}
	return head
}
