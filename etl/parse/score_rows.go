package parse

import (
	"regexp"
	"strconv"
	"strings"

	"jixiao/etl/cjk"
	"jixiao/etl/scheme"
)

// Numbered score tables exported from a web page with " | " between cells
// spread a row over several lines: the header "序号 | 一级 指标 |" / "二级 指标 |"
// / …, a row "1 | 规划 (15分) |" / "基础信息 (3分) | 基础信息 完整性 | 3 | … |" /
// "3 |" (its score alone on the next line). From a line opening with 序号 to
// the first line without "|", a line that opens with a row number (or 合计)
// starts a row and every other line continues the one before; the joined
// rows are what scoreTables reads. Other lines are rows of their own.

// numberedRowRE opens a row of a numbered table: its number, or a total.
var numberedRowRE = regexp.MustCompile(`^\s*(\d{1,3}|合计|总计|小计)\s*[|｜]`)

// rowStart reports whether line k opens row number next (or a total row):
// "3 |" after row 1 is row 1's score alone on its line, not row 3, and so is
// "2 |" — a row's number is followed by its cells, never by nothing.
func (p *parser) rowStart(k, next int) bool {
	t := p.lines[k].text
	m := numberedRowRE.FindStringSubmatchIndex(t)
	if m == nil {
		return false
	}
	num := t[m[2]:m[3]]
	if !isDigits(num) {
		return true
	}
	return num == strconv.Itoa(next) && hasHan(t[m[1]:])
}

func isDigits(s string) bool { return strings.Trim(s, "0123456789") == "" }

// scoreRowLine is one row for scoreTables: its text, split into cells only
// when a table reads it (most paragraph lines are no table's), and the line
// that opens it, which is its evidence.
type scoreRowLine struct {
	text string
	line int
}

// numberedHeader reports whether line s opens a numbered table's header
// ("序号|…"). norm makes 序 of nothing else, so the many lines without one
// are decided without normalising them.
func numberedHeader(s string) bool {
	if !cjk.Contains(s, "序") {
		return false
	}
	n := norm(s)
	return strings.HasPrefix(n, "序号|") || strings.HasPrefix(n, "序号｜")
}

// scoreLines returns the paragraph lines as score table rows, the rows of
// numbered tables joined.
func (p *parser) scoreLines() []scoreRowLine {
	var out []scoreRowLine
	for i := 0; i < len(p.lines); i++ {
		l := p.lines[i]
		if l.inTable() {
			continue
		}
		if !numberedHeader(l.text) {
			out = append(out, scoreRowLine{l.text, i})
			continue
		}
		j, next := i, 1
		for j < len(p.lines) && !p.lines[j].inTable() && strings.ContainsAny(p.lines[j].text, "|｜") {
			first := p.lines[j]
			text := strings.TrimSpace(first.text)
			k := j + 1
			for ; k < len(p.lines) && !p.lines[k].inTable() && strings.ContainsAny(p.lines[k].text, "|｜") && !p.rowStart(k, next); k++ {
				text += " " + strings.TrimSpace(p.lines[k].text)
			}
			out = append(out, scoreRowLine{text, j})
			if k < len(p.lines) && p.rowStart(k, next) {
				next++
			}
			j = k
		}
		i = j - 1
	}
	return out
}

// rightAligned reads a row whose leading cells were dropped (a merged 序号 or
// level cell) or that has more trailing empty cells than the header: the
// cells are aligned from the right with the header's, the trailing empty
// cells of both left out. It holds only when the weight and
// score cells are points and the name cell a name; leading cells that are
// numbers (a row number shifted into a level column) are no level names.
func rightAligned(fields []string, c scoreCols, header int) (scoreRow, bool) {
	var r scoreRow
	for len(fields) > 0 && strings.TrimSpace(fields[len(fields)-1]) == "" {
		fields = fields[:len(fields)-1]
	}
	shift := header - len(fields)
	if shift < 0 || c.name < 0 || c.name-shift < 0 || c.weight-shift < 0 || c.score-shift < 0 ||
		c.weight >= header || c.score >= header || c.name >= header {
		return r, false
	}
	at := func(col int) string {
		if col < 0 || col-shift < 0 || col-shift >= len(fields) {
			return ""
		}
		return strings.TrimSpace(fields[col-shift])
	}
	w, sc, name := at(c.weight), at(c.score), at(c.name)
	if !isPoints(w) || !isPoints(sc) || !hasHan(name) || isPoints(name) {
		return r, false
	}
	level := func(col int) string {
		if v := at(col); hasHan(v) && !isPoints(v) {
			return cleanIndicatorName(v)
		}
		return ""
	}
	r.level1, r.level2, r.name = level(c.level1), level(c.level2), cleanIndicatorName(name)
	r.weight, r.score = points(w), points(sc)
	return r, true
}

// tableGroup records the group cells of a score table row.
func (p *parser) tableGroup(names ...string) {
	for _, n := range names {
		if n == "" {
			continue
		}
		if p.tableGroups == nil {
			p.tableGroups = map[string]bool{}
		}
		p.tableGroups[scheme.Normalize(n)] = true
	}
}

// tableRow records the code a score table row placed.
func (p *parser) tableRow(s *scheme.Scheme, name string) {
	code := scheme.CustomCode(name)
	if si, ok := p.match(s, name); ok {
		code = si.Code
	}
	if p.tableRows == nil {
		p.tableRows = map[string]bool{}
	}
	p.tableRows[code] = true
}

// dropGroupsReadAsIndicators removes the indicators read from paragraphs
// under a name a score table gives a group ("基础信息 (3分)" heading the row
// of 基础信息完整性): the paragraph reading took the group's points and a
// score from the row's standard ("信息真实完整得3分"), a wrong figure. Scheme
// indicators and the table's own rows stay.
func (p *parser) dropGroupsReadAsIndicators() {
	if len(p.tableGroups) == 0 || len(p.tableRows) == 0 {
		return
	}
	dropped := map[string]bool{}
	kept := p.rep.Indicators[:0]
	for _, ind := range p.rep.Indicators {
		if !ind.InScheme && !p.tableRows[ind.Code] && p.tableGroups[scheme.Normalize(ind.Name)] {
			dropped[ind.Name] = true
			continue
		}
		kept = append(kept, ind)
	}
	if len(dropped) == 0 {
		return
	}
	p.rep.Indicators = kept
	p.codes = map[string]int{}
	for i, ind := range kept {
		p.codes[ind.Code] = i
	}
	fs := p.rep.Findings[:0]
	for _, f := range p.rep.Findings {
		if f.Rule == "indicator_not_in_scheme" && dropped[f.Found] {
			continue
		}
		fs = append(fs, f)
	}
	p.rep.Findings = fs
}
