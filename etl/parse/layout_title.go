package parse

import (
	"regexp"
	"strconv"
	"strings"

	"jixiao/etl/cjk"
)

// Titles that other templates print differently: broken over lines on a
// cover ("XX市统计局" / "2018年度部门整体支出" / "绩效评价自评报告"), or
// opening with the year ("2018年度XX局部门整体支出绩效自评报告").

// maxTitlePieces bounds the lines a broken title is joined from.
const maxTitlePieces = 3

// maxTitlePieceRunes bounds one piece of a broken title: a cover's line,
// not a sentence.
const maxTitlePieceRunes = 40

// brokenTitle finds a title broken over two or three consecutive lines among
// the first maxTitleLines: short lines outside tables, none a link to another
// article, whose joined text ends as a title does. The title is at the
// first line; its text joins the pieces.
func (p *parser) brokenTitle() docTitle {
	for i := 0; i < len(p.lines) && i < maxTitleLines; i++ {
		var text, s strings.Builder
		for k := i; k < len(p.lines) && k < i+maxTitlePieces; k++ {
			l := p.lines[k]
			if l.inTable() || runeLen(l.norm) > maxTitlePieceRunes || chromeRE.MatchString(l.norm) {
				break
			}
			text.WriteString(strings.TrimSpace(l.text))
			s.WriteString(l.norm)
			if k == i || !titleEndRE.MatchString(s.String()) || runeLen(s.String()) > 80 {
				continue
			}
			t := p.titleAt(i, text.String(), s.String())
			var ev []string
			for _, piece := range p.lines[i : k+1] {
				ev = append(ev, strings.TrimSpace(piece.text))
			}
			t.ev.Text = strings.Join(ev, "\n")
			return t
		}
	}
	return docTitle{line: -1}
}

// brokenTitleEnding joins the title found on line end, which names neither
// year nor unit, with the one or two short lines above it; it returns the
// joined title when that names the year or the unit.
func (p *parser) brokenTitleEnding(end int) docTitle {
	for start := end - 1; start >= 0 && start > end-maxTitlePieces; start-- {
		l := p.lines[start]
		if l.inTable() || runeLen(l.norm) > maxTitlePieceRunes || chromeRE.MatchString(l.norm) || dateLineRE.MatchString(l.norm) {
			break
		}
		var text, s strings.Builder
		var ev []string
		for _, piece := range p.lines[start : end+1] {
			text.WriteString(strings.TrimSpace(piece.text))
			s.WriteString(piece.norm)
			ev = append(ev, strings.TrimSpace(piece.text))
		}
		if t := p.titleAt(start, text.String(), s.String()); t.year != 0 || t.unit != "" {
			if t.ev.Text == strings.TrimSpace(l.text) {
				t.ev.Text = strings.Join(ev, "\n")
			}
			return t
		}
	}
	return docTitle{line: -1}
}

// yearLineRE is a line holding only a year, as a cover prints it under a
// title without one: "（2021年度）", "2021年度".
var yearLineRE = regexp.MustCompile(`^\(?(20\d\d)年度?\)?$`)

// yearUnderTitle gives a title that names no year the year printed alone
// on the line under it.
func (p *parser) yearUnderTitle(t docTitle) docTitle {
	if t.line < 0 || t.line+1 >= len(p.lines) {
		return t
	}
	next := p.lines[t.line+1]
	if m := yearLineRE.FindStringSubmatch(next.norm); m != nil && !next.inTable() {
		t.year, _ = strconv.Atoi(m[1])
		t.text += strings.TrimSpace(next.text)
		// As the title's text, so that a message quoting the title finds it.
		t.ev.Text += strings.TrimSpace(next.text)
	}
	return t
}

// dateLineRE is a line holding a date, never a piece of a title.
var dateLineRE = regexp.MustCompile(`\d月|\d日|\d{4}[-/.]\d`)

// trimYearLead removes the "年度" that titleRE takes into the unit's name
// when the title opens with its year ("2018年度XX局部门整体支出…" gives
// "年度XX局"): no unit's name opens with the word, and s shows the year
// before it.
func trimYearLead(name, s string) string {
	for _, lead := range []string{"年度", "年"} {
		rest, ok := strings.CutPrefix(name, lead)
		if !ok {
			continue
		}
		if i := cjk.Index(s, name); i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
			return rest
		}
	}
	return name
}
