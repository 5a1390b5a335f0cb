package parse

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"jixiao/etl/cjk"
	"jixiao/etl/number"
	"jixiao/etl/scheme"
	"jixiao/report"
)

// light normalises a line for structure patterns but keeps quotes, so that an
// indicator name is kept as written (“三公经费”变动率): number.Normalize's
// mapping, then ASCII colon, parentheses, "=" and ".", and no white space.
func light(s string) string { return lightMap.apply(s) }

var lightMap = newRuneMap(lightRune, false)

// lightRune maps one rune for light: number.Normalize's mapping (full-width
// digits and signs, the ideographic space) followed by light's own.
func lightRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r' || r == ' ' {
			return -1
		}
		return r
	case r >= 0x4E00 && r <= 0x9FFF: // CJK ideographs never change
		return r
	case r >= '０' && r <= '９':
		return r - '０' + '0'
	}
	switch r {
	case '．':
		return '.'
	case '％':
		return '%'
	case '－':
		return '-'
	case '＋':
		return '+'
	case '（':
		return '('
	case '）':
		return ')'
	case '：':
		return ':'
	case '＝':
		return '='
	}
	if unicode.IsSpace(r) {
		return -1
	}
	return r
}

var (
	// indicatorRE is a scored indicator opening a paragraph: optional
	// numbering (①, (1), 1., 1、, 一、), the name, "(N分)", optional colon.
	// What follows the colon is the rest of the line: light text holds no
	// newline, so the match never depends on it.
	indicatorRE = regexp.MustCompile(`^(?:[①-⑳]|\(\d{1,2}\)|\d{1,2}[.、)]|[一二三四五六七八九十]{1,3}、)?([^()（）:：，,。；;|｜]{2,40}?)\((\d+(?:\.\d+)?)分\)(:?)`)
	level1RE    = regexp.MustCompile(`^(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.]([^，,。；;:()]{2,12}?)(?:\((\d+(?:\.\d+)?)分\))?:?$`)
	level2RE    = regexp.MustCompile(`^\((?:\d{1,2}|[一二三四五六七八九十]{1,3})\)([^，,。；;:()]{2,12}?)(?:\((\d+(?:\.\d+)?)分\))?:?$`)
	// scoreRE is tried only where 得 or 扣 occurs (see scoreMatches): an
	// unanchored alternation would scan every position of long paragraphs.
	scoreRE = regexp.MustCompile(`^(?:得满分(?:(\d+(?:\.\d+)?)分)?|得(?:分为|分是|分)?:?(\d+(?:\.\d+)?)分|扣(?:除)?(\d+(?:\.\d+)?)分)`)
	valueRE = regexp.MustCompile(`=([+\-]?\d+(?:\.\d+)?)%`)
	// chapterRE opens a chapter of a longer publication (a 决算 with the
	// self-evaluation as one chapter).
	chapterRE = regexp.MustCompile(`^第[一二三四五六七八九十\d]{1,3}(?:部分|章|篇)`)
)

// levelNames are level-1 names common to Chinese schemes; with the scheme's
// own level names they tell a level heading "投入（13分）：" from an indicator.
var levelNames = []string{"投入", "过程", "产出", "效益", "产出及效率", "产出及效益", "部门决策", "部门管理", "综合管理", "部门绩效"}

// openIndicator is an indicator whose paragraphs are still being read.
type openIndicator struct {
	name   string
	max    *float64
	level1 string
	level2 string
	first  line
	text   []string
	norms  []string // norm of each line of text
	scored bool
}

// indicators reads every scored-indicator paragraph. An indicator runs from
// its heading line to its score ("得满分N分", "得N分"), the next indicator or
// the next heading, whichever comes first, so a paragraph that continues on
// a second line keeps its score.
func (p *parser) indicators(s *scheme.Scheme) {
	isLevel := map[string]bool{}
	for _, n := range levelNames {
		isLevel[scheme.Normalize(n)] = true
	}
	if s != nil {
		for _, l := range s.Levels {
			isLevel[scheme.Normalize(l.Name)] = true
		}
		for _, ind := range s.Indicators {
			isLevel[scheme.Normalize(ind.Level2)] = true
		}
	}
	var level1, level2 string
	var cur *openIndicator
	closeCur := func() {
		if cur != nil {
			p.addIndicator(s, cur)
			cur = nil
		}
	}
	for li := range p.lines {
		l := &p.lines[li]
		if !l.inTable() && chapterRE.MatchString(l.norm) {
			// A new chapter ("第四部分 绩效自评情况") starts outside any level.
			closeCur()
			level1, level2 = "", ""
			continue
		}
		kind, name, max := p.classify(l, s, isLevel)
		switch kind {
		case level1Heading:
			closeCur()
			level1, level2 = name, ""
			continue
		case level2Heading:
			closeCur()
			level2 = name
			continue
		case indicatorStart:
			closeCur()
			cur = &openIndicator{name: name, max: max, level1: level1, level2: level2, first: *l,
				text: []string{strings.TrimSpace(l.text)}, norms: []string{l.norm}, scored: hasScore(l.norm)}
			continue
		}
		if cur == nil {
			continue
		}
		// A continuation line belongs to the same paragraph kind and, in a
		// table, to the same cell.
		same := l.inTable() == cur.first.inTable() &&
			(!l.inTable() || (l.block == cur.first.block && l.row == cur.first.row && l.cell == cur.first.cell))
		if cur.scored || !same || newFlatRow(cur.first.norm, l.norm) {
			closeCur()
			continue
		}
		cur.text = append(cur.text, strings.TrimSpace(l.text))
		cur.norms = append(cur.norms, l.norm)
		cur.scored = hasScore(l.norm)
	}
	closeCur()
}

// minFlatRowCells is how many cell separators make a line a row of a table
// flattened to text ("序号 | 指标 | 分值 | 解释 | 标准 | 得分 |").
const minFlatRowCells = 3

// newFlatRow reports whether line n starts another row of the flattened
// table whose row opened the indicator (first): the indicator's paragraph
// ends there. Read on, it took a later row's scoring rule ("未设置绩效目标，
// 不得分") as this row's score, a wrong figure; a cell wrapped onto its own
// line ("3 |") stays the row's.
func newFlatRow(first, n string) bool {
	return cjk.Count(first, "|") >= minFlatRowCells && cjk.Count(n, "|") >= minFlatRowCells
}

type lineKind int

const (
	plainLine lineKind = iota
	level1Heading
	level2Heading
	indicatorStart
)

// classify tells level headings ("1、投入", "（1）目标设定情况", "投入（13分）：")
// and indicator openings from other lines, returning the level or indicator
// name and, for an indicator, its maximum points.
func (p *parser) classify(l *line, s *scheme.Scheme, isLevel map[string]bool) (lineKind, string, *float64) {
	// Level headings are short and numbered; indicator openings carry "(N分)".
	short := len(l.text) <= 40*3 && numbered(l.text) && runeLen(l.text) <= 40
	scored := pointsInParens(l.text)
	if !short && !scored {
		return plainLine, "", nil
	}
	t := light(l.text)
	if short {
		// level1RE starts with a numeral, level2RE with "(": one of them
		// is tried.
		if !strings.HasPrefix(t, "(") {
			if m := level1Match(t); m != nil {
				return level1Heading, levelName(m[1]), nil
			}
		} else if m := level2RE.FindStringSubmatch(t); m != nil {
			// "（一）部门决策（20分）" numbers level-1 groups like level-2 ones.
			if name := levelName(m[1]); p.isLevel1(s, name) {
				return level1Heading, name, nil
			}
			return level2Heading, levelName(m[1]), nil
		}
	}
	if !scored {
		return plainLine, "", nil
	}
	m := indicatorRE.FindStringSubmatch(t)
	if m == nil {
		return plainLine, "", nil
	}
	name := m[1]
	if streamResidue(name) {
		return plainLine, "", nil
	}
	if (len(m[0]) == len(t) || pointsEndCell(l.text)) && isLevel[scheme.Normalize(name)] {
		// "投入（13分）：" on its own line, or as the first cell of a
		// flattened score table row, is a level heading.
		if p.isLevel1(s, name) {
			return level1Heading, name, nil
		}
		return level2Heading, name, nil
	}
	var max *float64
	if v, err := number.ParseDecimal(m[2]); err == nil {
		max = &v
	}
	return indicatorStart, name, max
}

// level1Match is level1RE.FindStringSubmatch(t), run only when t opens as
// its match must: one or two digits or up to three Chinese numerals, then 、
// or a point. Short numbered lines are mostly not headings ("2021年…").
func level1Match(t string) []string {
	i := 0
	for i < len(t) && i < 2 && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == 0 {
		for n := 0; n < 3; n++ {
			r, size := utf8.DecodeRuneInString(t[i:])
			if !strings.ContainsRune(chineseNumerals, r) {
				break
			}
			i += size
		}
	}
	if i == 0 || !strings.HasPrefix(t[i:], "、") && !strings.HasPrefix(t[i:], ".") {
		return nil
	}
	return level1RE.FindStringSubmatch(t)
}

// chineseNumerals are the numerals level1RE and level2RE number headings with.
const chineseNumerals = "一二三四五六七八九十"

// numbered reports whether s starts like a numbered heading: a digit, a
// Chinese numeral or an opening parenthesis.
func numbered(s string) bool {
	s = strings.TrimLeft(s, " \t\u3000")
	r, _ := utf8.DecodeRuneInString(s)
	return (r >= '0' && r <= '9') || (r >= '０' && r <= '９') || r == '(' || r == '（' ||
		strings.ContainsRune(chineseNumerals, r)
}

// isLevel1 tells a level-1 name (of the scheme, or a common one) from a level-2 name.
// hasScore reports whether a line awards points.
func hasScore(n string) bool {
	return len(scoreMatches(n, 1)) > 0
}

// scoreMatches returns up to limit (< 0: all) awards of points in n, in order:
// "不得分" as {"不得分"}, else scoreRE's submatches.
func scoreMatches(n string, limit int) [][]string {
	var out [][]string
	for i := 0; i < len(n) && (limit < 0 || len(out) < limit); {
		k := nextOf(n, i, "得", "扣")
		if k < 0 {
			break
		}
		if strings.HasPrefix(n[k:], "得分") && strings.HasSuffix(n[:k], "不") {
			out = append(out, []string{"不得分", "", "", ""})
			i = k + len("得分")
			continue
		}
		if m := scoreRE.FindStringSubmatch(n[k:]); m != nil {
			out = append(out, m)
			i = k + len(m[0])
			continue
		}
		i = k + len("得")
	}
	return out
}

// nextOf returns the first index at or after i of any of subs, or -1.
func nextOf(s string, i int, subs ...string) int {
	best := -1
	for _, sub := range subs {
		if j := cjk.Index(s[i:], sub); j >= 0 && (best < 0 || i+j < best) {
			best = i + j
		}
	}
	return best
}

func (p *parser) isLevel1(s *scheme.Scheme, name string) bool {
	if p.level1 == nil || p.level1Of != s {
		// Built once per scheme: the parser asks for every heading.
		p.level1Of = s
		p.level1 = map[string]bool{}
		for _, l := range append(s.Level1Names(), levelNames...) {
			p.level1[scheme.Normalize(l)] = true
		}
	}
	return p.level1[scheme.Normalize(name)]
}

// pointsInParens reports whether s holds "分）" or "分)", the end of a "(N分)".
func pointsInParens(s string) bool {
	for {
		i := cjk.Index(s, "分")
		if i < 0 {
			return false
		}
		s = s[i+len("分"):]
		if strings.HasPrefix(s, "）") || strings.HasPrefix(s, ")") {
			return true
		}
	}
}

// levelName trims a heading to its level name: "目标设定情况" → "目标设定".
func levelName(s string) string {
	s = strings.TrimSpace(s)
	if t := strings.TrimSuffix(s, "情况"); runeLen(t) >= 2 {
		s = t
	}
	return s
}

func (p *parser) addIndicator(s *scheme.Scheme, o *openIndicator) {
	text := strings.Join(o.text, "\n")
	n := strings.Join(o.norms, "")
	ind := report.Indicator{
		Name:      o.name,
		Level1:    o.level1,
		Level2:    o.level2,
		MaxPoints: o.max,
		Formula:   formulaText(text),
		Evidence:  o.first.evidence(text),
	}
	if m := valueRE.FindAllStringSubmatch(n, -1); m != nil {
		if v, err := number.ParseDecimal(m[len(m)-1][1]); err == nil {
			ind.DeclaredValue = &v
		}
	}
	if si, ok := p.match(s, o.name); ok && ind.MaxPoints == nil && si.Max > 0 { // 0: unweighted scheme
		m := si.Max
		ind.MaxPoints = &m
	}
	ind.DeclaredScore = declaredScore(n, ind.MaxPoints)
	p.placeIndicator(s, ind, false)
}

// placeIndicator matches ind against the scheme and adds it. An indicator
// read again is a duplicate_indicator finding when both statements are
// paragraphs; a score table row (fromTable) restating a paragraph's indicator
// completes it instead, and a different score or maximum is a
// same_quantity_two_values finding.
func (p *parser) placeIndicator(s *scheme.Scheme, ind report.Indicator, fromTable bool) {
	si, inScheme := p.match(s, ind.Name)
	if inScheme {
		ind.Code, ind.Level1, ind.Level2, ind.InScheme = si.Code, si.Level1, si.Level2, true
		if ind.MaxPoints == nil && si.Max > 0 { // 0: unweighted scheme
			m := si.Max
			ind.MaxPoints = &m
		}
	} else {
		ind.Code = scheme.CustomCode(ind.Name)
	}
	if i, seen := p.codes[ind.Code]; seen {
		if fromTable {
			p.completeIndicator(&p.rep.Indicators[i], ind)
			return
		}
		p.finding(report.Finding{
			Rule:     "duplicate_indicator",
			Severity: "warning",
			Message:  fmt.Sprintf("指标“%s”重复出现，仅采用第一次的内容", ind.Name),
			Expected: "每个指标出现一次",
			Found:    ind.Name,
			Evidence: ind.Evidence,
		})
		return
	}
	if !inScheme && s != nil {
		p.finding(report.Finding{
			Rule:     "indicator_not_in_scheme",
			Severity: "info",
			Message:  fmt.Sprintf("指标“%s”不在评分方案“%s”中，按报告原文载入", ind.Name, s.Name),
			Expected: s.Name,
			Found:    ind.Name,
			Evidence: ind.Evidence,
		})
	}
	p.codes[ind.Code] = len(p.rep.Indicators)
	p.rep.Indicators = append(p.rep.Indicators, ind)
}

// completeIndicator fills what the first statement of an indicator lacked
// from a score table row, and reports figures the two state differently.
func (p *parser) completeIndicator(dst *report.Indicator, row report.Indicator) {
	for _, x := range []struct {
		what     string
		dst, row **float64
	}{{"得分", &dst.DeclaredScore, &row.DeclaredScore}, {"分值", &dst.MaxPoints, &row.MaxPoints}} {
		switch {
		case *x.row == nil:
		case *x.dst == nil:
			*x.dst = *x.row
		case math.Abs(**x.dst-**x.row) > 1e-9:
			p.finding(report.Finding{
				Rule:     "same_quantity_two_values",
				Severity: "warning",
				Message:  fmt.Sprintf("指标“%s”的%s前后不一致：正文为%s分，评分表为%s分", dst.Name, x.what, fmtNum(**x.dst), fmtNum(**x.row)),
				Expected: fmtNum(**x.dst),
				Found:    fmtNum(**x.row),
				Evidence: row.Evidence,
			})
		}
	}
	if dst.Level1 == "" {
		dst.Level1 = row.Level1
	}
	if dst.Level2 == "" {
		dst.Level2 = row.Level2
	}
}

// declaredScore reads the awarded points: the last "得满分N分", "得N分",
// "得分为N分" or "不得分" of the paragraph ("得满分" without a number is the
// maximum); with none, the maximum less any "扣N分".
func declaredScore(n string, max *float64) *float64 {
	ms := scoreMatches(n, -1)
	var deducted float64
	var anyDeduction bool
	for i := len(ms) - 1; i >= 0; i-- {
		m := ms[i]
		switch {
		case m[0] == "不得分":
			return report.Float(0)
		case strings.HasPrefix(m[0], "得满分"):
			if m[1] != "" {
				if v, err := number.ParseDecimal(m[1]); err == nil {
					return &v
				}
			}
			if max != nil {
				return report.Float(*max)
			}
		case m[2] != "":
			if v, err := number.ParseDecimal(m[2]); err == nil {
				return &v
			}
		case m[3] != "":
			if v, err := number.ParseDecimal(m[3]); err == nil {
				deducted += v
				anyDeduction = true
			}
		}
	}
	if anyDeduction && max != nil {
		return report.Float(*max - deducted)
	}
	return nil
}

// formulaText returns the defining formula of an indicator paragraph: the
// first "X＝…" whose right-hand side is written in words, up to the first
// computed figure ("在职人员控制率＝（在职人数÷编制数）×100%").
func formulaText(text string) string {
	i := indexEquals(text)
	if i < 0 {
		return ""
	}
	if !utf8.ValidString(text) {
		return formulaRunes(text)
	}
	c, size := utf8.DecodeRuneInString(text[i:])
	start := 0
	if j := cjk.LastIndexAny(text[:i], "，,。：:；;、\n"); j >= 0 {
		_, n := utf8.DecodeRuneInString(text[j:])
		start = j + n
	}
	end := len(text)
	if j := cjk.IndexAny(text[i+size:], "=＝，,。；;\n"); j >= 0 {
		end = i + size + j
	}
	return formula(text[start:i], c, text[i+size:end])
}

// indexEquals returns the offset of the first "=" or "＝" in s, or -1.
func indexEquals(s string) int {
	i := strings.IndexByte(s, '=')
	if i < 0 {
		return cjk.Index(s, "＝")
	}
	if j := cjk.Index(s[:i], "＝"); j >= 0 {
		return j
	}
	return i
}

// formulaRunes is formulaText for invalid UTF-8, read rune by rune so that
// bad bytes become U+FFFD as they always have.
func formulaRunes(text string) string {
	r := []rune(text)
	for i, c := range r {
		if c != '=' && c != '＝' {
			continue
		}
		start := i
		for start > 0 && !strings.ContainsRune("，,。：:；;、\n", r[start-1]) {
			start--
		}
		end := i + 1
		for end < len(r) && !strings.ContainsRune("=＝，,。；;\n", r[end]) {
			end++
		}
		return formula(string(r[start:i]), c, string(r[i+1:end]))
	}
	return ""
}

// formula joins the two sides of the first "=" of an indicator paragraph
// when the right-hand side is written in words.
func formula(lhs string, eq rune, rhs string) string {
	lhs = strings.TrimSpace(lhs)
	rhs = strings.TrimSpace(rhs)
	if lhs == "" || !wordy(rhs) {
		return ""
	}
	for _, p := range []string{"本单位", "本部门", "单位"} {
		lhs = strings.TrimPrefix(lhs, p)
	}
	return lhs + string(eq) + rhs
}

// wordy reports whether a formula side is written in words rather than
// figures (units such as 万元 do not count as words).
func wordy(s string) bool {
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "万元"), strings.HasPrefix(s[i:], "亿元"):
			i += len("万元")
			continue
		case strings.HasPrefix(s[i:], "元"):
			i += len("元")
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if unicode.Is(unicode.Han, c) {
			return true
		}
		i += size
	}
	return false
}
