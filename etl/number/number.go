// Package number reads the numbers written in Chinese government reports:
// full-width digits, thousands separators, money in 元/万元/亿元 (normalised to
// 万元), percentages, counts with measure words ("13个", "1000余家") and
// malformed numbers such as "40.3.亿元", which are reported, never silently read.
package number

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrMalformed marks a number that cannot be read as written (e.g. "40.3.").
var ErrMalformed = errors.New("malformed number")

// Normalize maps full-width digits, letters and common punctuation to their ASCII
// forms and turns the ideographic space into a plain space. Invalid UTF-8
// becomes U+FFFD. Text that needs no change is returned as is, without a copy.
func Normalize(s string) string {
	if !needsNormalize(s) {
		return s
	}
	return strings.Map(normalizeRune, s)
}

// normalizeRune maps one full-width digit or sign to ASCII.
func normalizeRune(r rune) rune {
	switch {
	case r >= '０' && r <= '９':
		return r - '０' + '0'
	case r == '．':
		return '.'
	case r == '％':
		return '%'
	case r == '－':
		return '-'
	case r == '＋':
		return '+'
	case r == '\u3000':
		return ' '
	}
	return r
}

// needsNormalize reports whether Normalize would change s: it holds one of the
// mapped runes (０-９ ． ％ － ＋ are EF BC xx, the ideographic space is E3 80
// 80) or invalid UTF-8, which strings.Map replaces. One pass over the bytes:
// Normalize runs on every sentence, and most hold none of them.
func needsNormalize(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		// The common case, a valid three-byte rune (E0 and ED have narrower
		// second bytes and take the slow path).
		if c >= 0xE1 && c <= 0xEF && c != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			switch {
			case c == 0xEF && s[i+1] == 0xBC:
				if d := s[i+2]; (d >= 0x90 && d <= 0x99) || d == 0x8E || d == 0x85 || d == 0x8D || d == 0x8B {
					return true
				}
			case c == 0xE3 && s[i+1] == 0x80 && s[i+2] == 0x80:
				return true
			}
			i += 3
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return true
		}
		i += n
	}
	return false
}

// ParseDecimal reads a plain decimal such as "1,234.50", "９.１７", "-3" or "+66.67".
// A full-width comma is a thousands separator only where it has that shape
// ("1，146.95": one to three digits, then groups of exactly three); elsewhere
// ("5，6") it is a clause break typed inside a figure and the text is malformed.
// Blank input is an error; so is a second decimal point ("40.3.").
func ParseDecimal(s string) (float64, error) {
	t := strings.TrimSpace(Normalize(s))
	if t == "" {
		return 0, fmt.Errorf("empty number")
	}
	if strings.Contains(t, "，") {
		if !fullWidthGrouped(t) {
			return 0, fmt.Errorf("%q: %w", s, ErrMalformed)
		}
		t = strings.ReplaceAll(t, "，", "")
	}
	if strings.Count(t, ".") > 1 || strings.HasSuffix(t, ".") || strings.HasPrefix(t, ".") {
		return 0, fmt.Errorf("%q: %w", s, ErrMalformed)
	}
	t = strings.ReplaceAll(t, ",", "")
	v, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, fmt.Errorf("%q: %w", s, ErrMalformed)
	}
	return v, nil
}

// fullWidthGrouped reports whether the integer part of t (normalised, signed
// or not) is digits grouped by "，" in thousands: 1-3 digits, then groups of 3.
func fullWidthGrouped(t string) bool {
	t = strings.TrimLeft(t, "+-")
	if i := strings.IndexByte(t, '.'); i >= 0 {
		t = t[:i]
	}
	groups := strings.Split(t, "，")
	for i, g := range groups {
		if g == "" || len(g) > 3 || (i > 0 && len(g) != 3) {
			return false
		}
		for j := 0; j < len(g); j++ {
			if g[j] < '0' || g[j] > '9' {
				return false
			}
		}
	}
	return len(groups) > 1
}

// cellUnits are the money units a table cell may carry after its figure,
// longest first so that 万元 is not read as 元.
var cellUnits = []string{"万元", "亿元", "千元", "元"}

// MoneyCell reads a money table cell as written: the figure and the money unit
// written after it ("1469500元" gives 1469500 and "元"; "146.95" gives 146.95
// and ""). Blank (or a dash placeholder) is nil, never 0. The caller converts
// with MoneyToWan, using the table's unit when the cell names none.
func MoneyCell(s string) (*float64, string, error) {
	t := strings.TrimSpace(Normalize(s))
	switch t {
	case "", "-", "—", "/", "／", "无":
		return nil, "", nil
	}
	unit := ""
	for _, u := range cellUnits {
		if strings.HasSuffix(t, u) {
			unit, t = u, strings.TrimSpace(strings.TrimSuffix(t, u))
			break
		}
	}
	v, err := ParseDecimal(t)
	if err != nil {
		return nil, unit, err
	}
	return &v, unit, nil
}

// Cell reads a table cell: blank (or a dash placeholder) is nil, never 0. A
// figure written with a money unit is converted to 万元 ("1469500元" is
// 146.95), so a cell in 元 is never taken for 万元.
func Cell(s string) (*float64, error) {
	v, unit, err := MoneyCell(s)
	if err != nil || v == nil || unit == "" {
		return v, err
	}
	w, _ := MoneyToWan(*v, unit)
	return &w, nil
}

// Quantity is a number with its unit as written in a sentence.
type Quantity struct {
	Value float64 `json:"value"`
	// Unit is the normalised unit: money is always 万元; % for percentages; else
	// the measure word as written (个, 家, 人, 名, 份, 门, 场, 次).
	Unit string `json:"unit"`
	// OrigUnit is the unit as written (元, 万元, 亿元, …).
	OrigUnit  string `json:"orig_unit"`
	Qualifier string `json:"qualifier,omitempty"` // 余, 多, 以上, 以下, 近, 约
	Text      string `json:"text"`                // the matched text
	Start     int    `json:"start"`               // byte offset in the searched text
	End       int    `json:"end"`
	Malformed bool   `json:"malformed,omitempty"`
}

// MoneyToWan converts an amount in unit (元, 万元, 亿元, 千元) to 万元.
func MoneyToWan(v float64, unit string) (float64, bool) {
	switch unit {
	case "万元", "万":
		return v, true
	case "亿元", "亿":
		return v * 10000, true
	case "元":
		return v / 10000, true
	case "千元":
		return v / 10, true
	}
	return 0, false
}

// Find returns every number in text with its unit and qualifier: an optional
// qualifier before it (约 近 超过 超), a sign, digits (ASCII or full-width) with
// points and commas, then optionally 余/多, a unit and 以上/以下/以内, spaces
// allowed between number, 余/多 and unit. Commas are dropped when the number is
// read; a number such as "40.3." is returned with Malformed set. A Chinese
// comma inside the digits ends the number, and what was read after it is
// dropped with it ("5，6个" gives only 5).
//
// Find is a hand-written scanner rather than a regular expression: it runs on
// every sentence of every report, and a single pass over the bytes costs a
// fraction of a backtracking match.
func Find(text string) []Quantity {
	var out []Quantity
	for from := 0; ; {
		d := nextDigit(text, from)
		if d == len(text) {
			return out
		}
		m := matchDigit(text, from, d)
		out = append(out, m.quantity(text))
		from = m.end
	}
}

// span is a half-open byte range; a < 0 means absent.
type span struct{ a, b int }

func (s span) in(text string) string {
	if s.a < 0 {
		return ""
	}
	return text[s.a:s.b]
}

var none = span{-1, -1}

// rawMatch is one match before it is read: the spans of its parts and the end
// where the scan resumes (after trailing spaces).
type rawMatch struct {
	start                int
	pre, num, post, unit span
	qual                 span
	end                  int
}

// Masks of the word-at-a-time scan in nextDigit, one byte repeated eight times.
const (
	ones     = 0x0101010101010101
	highBits = 0x8080808080808080
	low7Bits = 0x7F7F7F7F7F7F7F7F
	efBytes  = 0xEFEFEFEFEFEFEFEF // 0xEF starts the full-width digits
)

// nextDigit returns the offset of the first digit (ASCII or full-width) at or
// after i, or len(text). A match holds a digit, so the scan looks for digits and
// reads the sign and qualifier before them. It reads eight bytes at a time and
// stops only at ASCII digits and at 0xEF, the first byte of the full-width
// digits. Digit bytes are never UTF-8 continuation bytes, so the offset is a
// rune boundary even in invalid UTF-8.
func nextDigit(text string, i int) int {
	for i+8 <= len(text) {
		w := binary.LittleEndian.Uint64([]byte(text[i : i+8]))
		x := w & low7Bits
		// The high bit of each byte of w that is an ASCII digit: x+0x50 reaches
		// 0x80 from '0' on, x+0x46 from ':' on; no byte carries into the next.
		digits := (x + 0x5050505050505050) &^ (x + 0x4646464646464646) &^ w & highBits
		e := w ^ efBytes
		// The lowest set bit is the first 0xEF byte (the usual zero-byte test).
		ef := (e - ones) &^ e & highBits
		c := digits | ef
		if c == 0 {
			i += 8
			continue
		}
		i += bits.TrailingZeros64(c) / 8
		if digitLen(text, i) > 0 {
			return i
		}
		i++
	}
	for ; i < len(text); i++ {
		if digitLen(text, i) > 0 {
			return i
		}
	}
	return len(text)
}

// matchDigit reads the match around the first digit d at or after from: the
// sign and the qualifier (约 近 超过 超) before it, but not before from, where
// the previous match ended; then the number, 余/多, the unit and 以上/以下/以内.
// Every part after the digits is optional and taken when present, which is
// what the leftmost-first regular expression the scanner replaced did.
func matchDigit(text string, from, d int) rawMatch {
	m := rawMatch{start: d, pre: none, post: none, unit: none, qual: none}
	if d-1 >= from && (text[d-1] == '+' || text[d-1] == '-') {
		m.start = d - 1
	}
	ns := m.start
	switch {
	case ns-6 >= from && text[ns-6:ns] == "超过":
		m.pre = span{ns - 6, ns}
	case ns-3 >= from && (text[ns-3:ns] == "约" || text[ns-3:ns] == "近" || text[ns-3:ns] == "超"):
		m.pre = span{ns - 3, ns}
	}
	if m.pre.a >= 0 {
		m.start = m.pre.a
	}
	m.num.a = ns
	j := d + digitLen(text, d)
	for n := numberCharLen(text, j); n > 0; n = numberCharLen(text, j) {
		j += n
	}
	m.num.b = j
	j = skipSpace(text, j)
	if r, n := utf8.DecodeRuneInString(text[j:]); r == '余' || r == '多' {
		m.post = span{j, j + n}
		j = skipSpace(text, j+n)
	}
	if n := unitLen(text[j:]); n > 0 {
		m.unit = span{j, j + n}
		j += n
	}
	if strings.HasPrefix(text[j:], "以") {
		if r, n := utf8.DecodeRuneInString(text[j+len("以"):]); r == '上' || r == '下' || r == '内' {
			m.qual = span{j, j + len("以") + n}
			j = m.qual.b
		}
	}
	m.end = j
	return m
}

// unitLen is the byte length of the unit s starts with, or 0. The units are
// 亿元 万元 千元 元 万人 % ％ 个 家 人 名 份 门 场 次 项 亿 万: a longer spelling wins
// (万元 over 万人 over 万).
func unitLen(s string) int {
	r, n := utf8.DecodeRuneInString(s)
	switch r {
	case '亿', '万', '千':
		next, m := utf8.DecodeRuneInString(s[n:])
		switch {
		case next == '元', next == '人' && r == '万':
			return n + m
		case r == '千':
			return 0
		}
		return n
	case '元', '%', '％', '个', '家', '人', '名', '份', '门', '场', '次', '项':
		return n
	}
	return 0
}

// digitLen is the byte length of the digit (ASCII or full-width) at i, or 0.
func digitLen(text string, i int) int {
	if i >= len(text) {
		return 0
	}
	if c := text[i]; c >= '0' && c <= '9' {
		return 1
	}
	// ０-９ are U+FF10..U+FF19: EF BC 90..99.
	if i+2 < len(text) && text[i] == 0xEF && text[i+1] == 0xBC && text[i+2] >= 0x90 && text[i+2] <= 0x99 {
		return 3
	}
	return 0
}

// numberCharLen is the byte length of a digit or separator at i (digits, ",",
// "，", ".", "．"), or 0.
func numberCharLen(text string, i int) int {
	if n := digitLen(text, i); n > 0 {
		return n
	}
	if i >= len(text) {
		return 0
	}
	switch text[i] {
	case ',', '.':
		return 1
	case 0xEF: // ， U+FF0C is EF BC 8C, ． U+FF0E is EF BC 8E.
		if i+2 < len(text) && text[i+1] == 0xBC && (text[i+2] == 0x8C || text[i+2] == 0x8E) {
			return 3
		}
	}
	return 0
}

// skipSpace skips the ASCII white space a regular expression's \s matches.
func skipSpace(text string, i int) int {
	for i < len(text) {
		switch text[i] {
		case ' ', '\t', '\n', '\f', '\r':
			i++
			continue
		}
		break
	}
	return i
}

// quantity reads a match.
func (m rawMatch) quantity(text string) Quantity {
	// A Chinese comma after a number ends the clause; never a separator. What
	// the match read after it (余, unit, qualifier) goes with it.
	if i := strings.Index(text[m.num.a:m.num.b], "，"); i >= 0 {
		m.num.b = m.num.a + i
		m.post, m.unit, m.qual = none, none, none
	}
	q := Quantity{Start: m.start, End: m.num.b}
	for _, s := range [...]span{m.pre, m.post, m.qual} {
		if s.a >= 0 {
			q.Qualifier = s.in(text)
		}
	}
	unit := ""
	if m.unit.a >= 0 {
		unit = m.unit.in(text)
		if unit == "％" {
			unit = "%"
		}
		q.End = m.unit.b
	}
	if m.qual.a >= 0 {
		q.End = m.qual.b
	}
	num := Normalize(m.num.in(text))
	// A trailing dot directly before the unit ("40.3.亿元") is a typo to flag;
	// a trailing dot at a sentence end ("共4.") is just punctuation.
	if strings.HasSuffix(num, ".") && unit == "" {
		num = strings.TrimSuffix(num, ".")
	}
	num = strings.TrimSuffix(num, ",")
	v, err := ParseDecimal(num)
	if err != nil {
		q.Malformed = true
	}
	q.OrigUnit = unit
	q.Unit = unit
	if w, ok := MoneyToWan(v, unit); ok && unit != "万" && unit != "亿" {
		v, q.Unit = w, "万元"
	}
	q.Value = v
	q.Text = text[q.Start:q.End]
	return q
}
