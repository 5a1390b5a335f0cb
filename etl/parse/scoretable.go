package parse

import (
	"regexp"
	"slices"
	"strings"

	"jixiao/etl/cjk"
	"jixiao/etl/number"
	"jixiao/etl/scheme"
	"jixiao/report"
)

// Score tables: many reports list their indicators in a table (一级指标,
// 二级指标, 三级指标, 分值, 得分, …) instead of, or beside, a paragraph per
// indicator. In a Word file it is a real table; copied from a web page or a
// PDF it arrives flattened, its cells joined by "|" or by spaces, and cells
// merged down a column (the level names) left blank or dropped. A table is
// recognised by its header (a weight column and a score column); each row
// after it gives an indicator's name, maximum points and declared score, a
// 合计 row the total and a row naming a level-1 group its subtotal.

// scoreCols are the header's column positions (-1: absent).
type scoreCols struct {
	level1, level2, name, weight, score int
	n                                   int // header width
	// level1Score is the score column of the level-1 group when the header
	// gives each level its own 分值/得分 pair (一级指标|分值|得分|二级指标|分值|
	// 得分|三级指标|分值|得分); the indicator's pair is then the one after the
	// name, and a row with its blank cells dropped is read by its last pair.
	level1Score int
	lastPair    bool
	// filled is the header width without its trailing empty cells.
	filled int
}

// numericFieldRE is a cell holding only points: "5", "4.5", "５分".
var numericFieldRE = regexp.MustCompile(`^\d+(?:\.\d+)?分?$`)

// indicatorNumberRE is numbering before a name in a score table row.
var indicatorNumberRE = regexp.MustCompile(`^(?:[①-⑳]|\(\d{1,2}\)|\d{1,2}[.、)]|[一二三四五六七八九十]{1,3}、)`)

// totalNames label a score table's total row.
var totalNames = map[string]bool{"合计": true, "总计": true, "总分": true, "得分合计": true, "总得分": true, "合计得分": true, "综合得分": true}

// scoreHeader recognises a score table header among fields.
func scoreHeader(fields []string) (scoreCols, bool) {
	c := scoreCols{level1: -1, level2: -1, name: -1, weight: -1, score: -1, level1Score: -1, n: len(fields)}
	if len(fields) < 3 {
		return c, false
	}
	lastIndicator := -1
	for i, f := range fields {
		t := norm(f)
		switch {
		case t == "":
		case cjk.Contains(t, "得分") || t == "评分" || t == "自评分" || t == "自评分数" || t == "实际得分":
			if c.score < 0 && !cjk.ContainsAny(t, []string{"原因", "说明", "情况", "标准", "依据", "综合"}) {
				c.score = i
			}
		case cjk.ContainsAny(t, []string{"分值", "权重", "标准分", "满分", "指标分数"}) || t == "分数" || t == "分值(分)":
			if c.weight < 0 {
				c.weight = i
			}
		case cjk.Contains(t, "一级"):
			c.level1 = i
		case cjk.Contains(t, "二级"):
			c.level2 = i
		case cjk.Contains(t, "三级") || t == "指标名称" || t == "具体指标" || t == "评价指标" || t == "考核指标" || t == "绩效指标" || t == "指标":
			if c.name < 0 || cjk.Contains(t, "三级") {
				c.name = i
			}
		case strings.HasSuffix(t, "指标"):
			lastIndicator = i
		}
	}
	if c.name < 0 {
		c.name = lastIndicator
	}
	if c.name < 0 && c.level2 > c.level1 && c.level1 >= 0 {
		// 一级指标 | 二级指标 | 分值 | 得分: the deepest level holds the
		// indicators; reading its rows as the level-1 cell's would take an
		// indicator's score for its group's.
		c.name, c.level2 = c.level2, -1
	}
	for c.filled = len(fields); c.filled > 0 && strings.TrimSpace(fields[c.filled-1]) == ""; c.filled-- {
	}
	levelPairs(&c, fields)
	return c, c.weight >= 0 && c.score >= 0
}

// splitFields splits a flattened table line into its cells: at "|" when it
// has any (empty cells kept, they carry positions), else at white space.
func splitFields(text string) []string {
	t := strings.TrimSpace(strings.ReplaceAll(text, "｜", "|"))
	if cjk.Contains(t, "|") {
		parts := strings.Split(t, "|")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		return parts
	}
	return strings.Fields(t)
}

func isPoints(f string) bool { return numericFieldRE.MatchString(norm(f)) }

func points(f string) *float64 {
	t := strings.TrimSuffix(norm(f), "分")
	if t == "" {
		return nil
	}
	v, err := number.ParseDecimal(t)
	if err != nil {
		return nil
	}
	return &v
}

// scoreRow is one data row of a score table, as read.
type scoreRow struct {
	level1, level2, name string
	weight, score        *float64
}

// readScoreRow reads fields under header c. ok is false for a line that is
// not a row of the table (the table has ended).
func readScoreRow(fields []string, c scoreCols) (scoreRow, bool) {
	var r scoreRow
	nonEmpty := func(i int) string {
		if i < 0 || i >= len(fields) {
			return ""
		}
		return strings.TrimSpace(fields[i])
	}
	wAt, sAt := -1, -1
	if len(fields) == c.n && (isPoints(nonEmpty(c.weight)) || isPoints(nonEmpty(c.score))) &&
		(nonEmpty(c.weight) == "" || isPoints(nonEmpty(c.weight))) && (nonEmpty(c.score) == "" || isPoints(nonEmpty(c.score))) {
		// Every cell in its place: read by position.
		wAt, sAt = c.weight, c.score
		r.level1, r.level2, r.name = nonEmpty(c.level1), nonEmpty(c.level2), nonEmpty(c.name)
	} else {
		// Blank cells dropped: the weight and the score stand side by side,
		// in the header's order; the name is the cell before them and the
		// level names the cells before that.
		for i := 0; i+1 < len(fields); i++ {
			if isPoints(fields[i]) && isPoints(fields[i+1]) {
				wAt, sAt = i, i+1
				if c.score < c.weight {
					wAt, sAt = i+1, i
				}
				if !c.lastPair {
					break
				}
			}
		}
		if wAt < 0 {
			return rightAligned(fields, c, c.filled)
		}
		var before []string
		for _, f := range fields[:min(wAt, sAt)] {
			if f = strings.TrimSpace(f); f != "" && !isPoints(f) {
				before = append(before, f)
			}
		}
		switch len(before) {
		case 0:
		case 1:
			r.name = before[0]
		case 2:
			r.level2, r.name = before[0], before[1]
		default:
			r.level1, r.level2, r.name = before[len(before)-3], before[len(before)-2], before[len(before)-1]
		}
	}
	r.weight, r.score = points(nonEmpty(wAt)), points(nonEmpty(sAt))
	if r.name == "" {
		// A subtotal or total row names itself in the first filled cell.
		for i := 0; i < min(wAt, sAt); i++ {
			if f := nonEmpty(i); f != "" {
				r.name = f
				break
			}
		}
	}
	r.name = cleanIndicatorName(r.name)
	if r.name == "" || runeLen(r.name) > 40 || !hasHan(r.name) {
		return r, false
	}
	return r, true
}

// cleanIndicatorName drops numbering and a trailing "(N分)" from a cell.
func cleanIndicatorName(s string) string {
	s = strings.TrimSpace(light(s))
	s = indicatorNumberRE.ReplaceAllString(s, "")
	if i := strings.LastIndex(s, "("); i > 0 && strings.HasSuffix(s, "分)") {
		s = s[:i]
	}
	return strings.TrimRight(s, ":")
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF {
			return true
		}
	}
	return false
}

// scoreTableState follows one score table from its header to its last row.
type scoreTableState struct {
	cols           scoreCols
	level1, level2 string
}

// scoreTables reads every score table, in Word tables and in flattened
// paragraph lines; rows become indicators (merged with those read from
// paragraphs), the 合计 row the table total and level rows subtotals.
func (p *parser) scoreTables(s *scheme.Scheme, gs [][]gridRow) {
	for _, g := range gs {
		var st *scoreTableState
		for _, row := range g {
			// Outside a table only a header matters, and a header has 分
			// (分值, 得分); most rows of the form are skipped here.
			if st == nil && !slices.ContainsFunc(row.labels, func(l string) bool { return cjk.Contains(l, "分") }) {
				continue
			}
			st = p.scoreTableLine(s, st, row.labels, row.evidence)
		}
	}
	var st *scoreTableState
	for _, row := range p.scoreLines() {
		// Outside a table only a header matters, and a header has 分 in a
		// cell: in the row's text, which the cells are cut from without
		// touching an ideograph.
		if st == nil && !cjk.Contains(row.text, "分") {
			continue
		}
		l := p.lines[row.line]
		st = p.scoreTableLine(s, st, splitFields(row.text), func() *report.Evidence { return l.evidence(row.text) })
	}
	p.dropGroupsReadAsIndicators()
}

// scoreTableLine feeds one row or line to the table state machine and
// returns the new state (nil outside a table). ev gives the row's evidence.
func (p *parser) scoreTableLine(s *scheme.Scheme, st *scoreTableState, fields []string, ev func() *report.Evidence) *scoreTableState {
	if c, ok := scoreHeader(fields); ok {
		return &scoreTableState{cols: c}
	}
	if st == nil {
		return nil
	}
	if ruleLine(fields) {
		return st // "|---|---|" under a Markdown header
	}
	r, ok := readScoreRow(fields, st.cols)
	if !ok {
		return nil
	}
	// Level cells may carry their points: "部门决策（25分）".
	r.level1, r.level2 = cleanIndicatorName(r.level1), cleanIndicatorName(r.level2)
	p.tableGroup(r.level1, r.level2)
	if r.level1 != "" {
		st.level1, st.level2 = r.level1, ""
		if v := levelPairScore(fields, st.cols); v != nil && len(fields) == st.cols.n {
			p.tableLevel(r.level1, *v, ev())
		}
	}
	if r.level2 != "" {
		if p.isLevel1(s, r.level2) && r.level1 == "" {
			// A single level cell naming a level-1 group.
			st.level1, st.level2 = r.level2, ""
		} else {
			st.level2 = r.level2
		}
	}
	name := scheme.Normalize(r.name)
	switch {
	case totalNames[name]:
		if p.tableTotal == nil && r.score != nil {
			p.tableTotal, p.tableTotalEv = r.score, ev()
		}
		return st
	case name == "小计":
		if st.level1 != "" && r.score != nil {
			p.tableLevel(st.level1, *r.score, ev())
		}
		return st
	case p.levelSubtotal(s, name) != "":
		// "投入小计", "部门决策合计": a level's subtotal below its rows.
		if r.score != nil {
			p.tableLevel(p.levelSubtotal(s, name), *r.score, ev())
		}
		return st
	case p.isLevel1(s, r.name):
		st.level1, st.level2 = r.name, ""
		if r.score != nil {
			p.tableLevel(r.name, *r.score, ev())
		}
		return st
	}
	ind := report.Indicator{
		Name:          r.name,
		Level1:        st.level1,
		Level2:        st.level2,
		MaxPoints:     r.weight,
		DeclaredScore: r.score,
		Evidence:      ev(),
	}
	p.placeIndicator(s, ind, true)
	p.tableRow(s, ind.Name)
	return st
}

// tableLevel records a level-1 subtotal of a score table; the first one wins.
func (p *parser) tableLevel(name string, v float64, ev *report.Evidence) {
	if p.tableLevels == nil {
		p.tableLevels, p.tableLevelsEv = map[string]float64{}, map[string]report.Evidence{}
	}
	if _, dup := p.tableLevels[name]; !dup {
		p.tableLevels[name] = v
		if ev != nil {
			p.tableLevelsEv[name] = *ev
		}
	}
}

// ruleLine reports whether fields are a text table's rule ("---", ":--:").
func ruleLine(fields []string) bool {
	rule := false
	for _, f := range fields {
		if strings.Trim(f, "-:—=+ ") != "" {
			return false
		}
		rule = rule || f != ""
	}
	return rule
}
