package parse

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

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
func newLine(t string, block, row, cell int) line {
	l := line{text: t, block: block, row: row, cell: cell}
	// norm maps rune by rune and drops spaces, so the line's norm is the
	// concatenation of its sentences' norms.
	var n strings.Builder
	for _, s := range sentences(t) {
		sn := fixOCRLessEqual(norm(s))
		d := strings.ContainsAny(sn, "0123456789")
		l.sents = append(l.sents, sentence{text: s, norm: sn, digits: d})
		l.digits = l.digits || d
		n.WriteString(sn)
	}
	l.norm = n.String()
	return l
}

// lines flattens the document into lines in reading order. Paragraph blocks
// and table cells are split at newlines, since extractors differ in whether a
// paragraph holds one line or several. Paragraph lines that break inside a
// figure are joined again (see joinSplitFigures).
func lines(doc *extract.Document) []line {
	var out []line
	add := func(text string, block, row, cell int) {
		for _, t := range strings.Split(text, "\n") {
			if strings.TrimSpace(t) == "" {
				continue
			}
			out = append(out, newLine(t, block, row, cell))
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
		if n := len(out); n > 0 && !l.inTable() && !out[n-1].inTable() && splitFigure(out[n-1].norm, l.norm) {
			prev := out[n-1]
			out[n-1] = newLine(strings.TrimRight(prev.text, " \t\u3000")+strings.TrimLeft(l.text, " \t\u3000"), prev.block, prev.row, prev.cell)
			continue
		}
		out = append(out, l)
	}
	return out
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
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		end := 0
		switch c := s[i]; {
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
			out = append(out, t)
		}
		start = end
		i = end - 1
	}
	if t := strings.TrimSpace(s[start:]); t != "" {
		out = append(out, t)
	}
	return out
}

// norm prepares text for pattern matching: ASCII digits and signs (as
// number.Normalize, in the same single pass), "=" for ＝, ASCII colon and
// parentheses, no quotes and no spaces (the ideographic space included), so
// patterns need not spell out every variant a report writer might type.
func norm(s string) string {
	var b strings.Builder
	done := 0 // s[:done] is written; unchanged runs are copied in one piece
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' || c == '"' || c == '\'' {
				if done == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[done:i])
				i++
				done = i
				continue
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x4E00 && r <= 0x9FFF { // CJK ideographs never change
			i += size
			continue
		}
		out, keep := normRune(r)
		if keep && out == r {
			i += size
			continue
		}
		if done == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[done:i])
		if keep {
			b.WriteRune(out)
		}
		i += size
		done = i
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// normRune maps one non-ASCII rune for norm; keep is false for runes dropped.
func normRune(r rune) (out rune, keep bool) {
	switch r {
	case '．':
		return '.', true
	case '％':
		return '%', true
	case '－':
		return '-', true
	case '＋':
		return '+', true
	case '＝':
		return '=', true
	case '：':
		return ':', true
	case '（':
		return '(', true
	case '）':
		return ')', true
	case '“', '”', '‘', '’', '「', '」', '『', '』':
		return 0, false
	}
	if r >= '０' && r <= '９' {
		return r - '０' + '0', true
	}
	if unicode.IsSpace(r) {
		return 0, false
	}
	return r, true
}

// compact removes all white space; table labels wrap inside cells ("公共财\n政拨款").
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
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
