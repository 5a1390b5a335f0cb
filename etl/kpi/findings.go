package kpi

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"jixiao/etl/cjk"
	"jixiao/etl/number"
	"jixiao/report"
)

// comparisonSigns are the signs comparisonRE reads.
var comparisonSigns = []string{"<", ">", "＜", "＞", "≤", "≥", "⩽", "⩾"}

// comparisonRE is "a ＜ b" between two numbers, each with an optional unit.
var comparisonRE = regexp.MustCompile(`(` + numberRE + `)\s*(%|万元|亿元|元)?\s*(<=|>=|≤|≥|⩽|⩾|＜|<|＞|>)\s*(` + numberRE + `)\s*(%|万元|亿元|元)?`)

func (s *scanner) textFindings(se *sentence, loc location) {
	if se.digit {
		s.malformed(se, loc)
		s.falseComparison(se, loc)
		s.yearMismatch(se, loc)
		s.componentExceedsTotal(se, loc)
	}
	s.templateResidue(se, loc)
}

// malformed reports numbers that cannot be read as written ("40.3.亿元"). Only
// numbers with a unit count: "3.1.2" without one is a section number.
func (s *scanner) malformed(se *sentence, loc location) {
	if !se.dot || !maybeMalformed(se.norm) {
		return
	}
	for _, q := range number.Find(se.norm) {
		if !q.Malformed || q.OrigUnit == "" || listNumber(se.norm, q.Start) {
			continue
		}
		found := se.origText(q.Start, q.End)
		s.addFinding(report.Finding{
			Rule:     "malformed_number",
			Severity: "error",
			Message:  fmt.Sprintf("数字“%s”格式错误，无法读取，未计入任何数值，请更正", found),
			Expected: "格式正确的数字（如 12.5亿元）",
			Found:    found,
			Evidence: loc.evidence(excerpt(se, q.Start, q.End)),
		})
	}
}

// listNumber reports whether the number at start opens its sentence as an
// integer and one dot: a list item's number such as "2．项目推介科：…", whose
// first character happens to be a unit (项), not an amount like "40.亿元".
func listNumber(norm string, start int) bool {
	if strings.TrimLeft(norm[:start], " \t") != "" {
		return false
	}
	i := start
	for i < len(norm) && norm[i] >= '0' && norm[i] <= '9' {
		i++
	}
	return i > start && i < len(norm) && norm[i] == '.' && (i+1 == len(norm) || norm[i+1] < '0' || norm[i+1] > '9')
}

// maybeMalformed is the cheap pre-check for malformed: a digit and a dot,
// followed by a second dot after more digits ("40.3.") or directly by a unit
// ("40.亿元"); list numbers such as "1.突出…" do not pass.
func maybeMalformed(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] != '.' || s[i-1] < '0' || s[i-1] > '9' {
			continue
		}
		j := i + 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j < len(s) && s[j] == '.' {
			return true
		}
		if j == i+1 && startsWithUnit(s[j:]) {
			return true
		}
	}
	return false
}

// malformedUnits are the first runes of the units number.Find reads.
const malformedUnits = "亿万千元%个家人名份门场次项"

func startsWithUnit(s string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(s, " "))
	return strings.ContainsRune(malformedUnits, r)
}

// templateResidue reports placeholders of the report template left in the text.
func (s *scanner) templateResidue(se *sentence, loc location) {
	if !maybe(s.d.residueKey, se.lits) {
		return
	}
	for _, r := range s.d.residue {
		if !r.gate.open(se.lits) {
			continue
		}
		for _, m := range r.find.FindAll(se.norm) {
			found := se.origText(m[0], m[1])
			msg := fmt.Sprintf("报告中残留模板占位文字“%s”，应填写实际内容", found)
			if r.label != "" {
				msg = fmt.Sprintf("报告中残留模板占位文字“%s”（%s），应填写实际内容", found, r.label)
			}
			s.addFinding(report.Finding{
				Rule:     "template_residue",
				Severity: "warning",
				Message:  msg,
				Expected: "实际内容",
				Found:    found,
				Evidence: loc.evidence(excerpt(se, m[0], m[1])),
			})
		}
	}
}

// falseComparison reports "a ＜ b" written between two numbers that is false as
// written, such as 100%＜100%. Operands with different kinds of unit are not
// compared.
func (s *scanner) falseComparison(se *sentence, loc location) {
	if !se.lits.anyOf(s.d.signIDs) {
		return
	}
	for _, m := range comparisons(se.norm) {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return se.norm[m[2*i]:m[2*i+1]]
		}
		a, errA := strconv.ParseFloat(strings.ReplaceAll(g(1), ",", ""), 64)
		b, errB := strconv.ParseFloat(strings.ReplaceAll(g(4), ",", ""), 64)
		if errA != nil || errB != nil {
			continue
		}
		ua, ub := g(2), g(5)
		if ua != ub {
			wa, okA := number.MoneyToWan(a, ua)
			wb, okB := number.MoneyToWan(b, ub)
			if !okA || !okB {
				continue // 10%＜10 or 5%＜3万元: nothing to compare
			}
			a, b = wa, wb
		}
		if compare(a, g(3), b) {
			continue
		}
		found := se.origText(m[0], m[1])
		expected := se.origText(m[2], operandEnd(m, 2)) + " " + relation(a, b) + " " + se.origText(m[8], operandEnd(m, 5))
		s.addFinding(report.Finding{
			Rule:     "false_comparison",
			Severity: "warning",
			Message:  fmt.Sprintf("比较关系“%s”按所写数值不成立，实际应为 %s", found, expected),
			Expected: expected,
			Found:    found,
			Evidence: loc.evidence(excerpt(se, m[0], m[1])),
		})
	}
}

// comparisonRunes are the runes a comparisonRE match is made of.
const comparisonRunes = "0123456789,.+- \t\n\f\r%万亿元<>=≤≥⩽⩾＜＞"

// comparisons returns the comparisonRE matches of s. The expression has no
// literal to search for, so it is run only on the stretches of s made of the
// runes a match consists of and holding a sign ("88.18%＜100%"), not on the
// whole sentence: a match never leaves such a stretch, and the expression looks
// at nothing around it, so the matches are the same.
func comparisons(s string) [][]int {
	var out [][]int
	for from := 0; from < len(s); {
		i := indexSign(s[from:])
		if i < 0 {
			break
		}
		a, b := from+i, from+i
		for a > 0 {
			r, n := utf8.DecodeLastRuneInString(s[:a])
			if !strings.ContainsRune(comparisonRunes, r) {
				break
			}
			a -= n
		}
		for b < len(s) {
			r, n := utf8.DecodeRuneInString(s[b:])
			if !strings.ContainsRune(comparisonRunes, r) {
				break
			}
			b += n
		}
		for _, m := range comparisonRE.FindAllStringSubmatchIndex(s[a:b], -1) {
			for k := range m {
				if m[k] >= 0 {
					m[k] += a
				}
			}
			out = append(out, m)
		}
		from = max(b, from+i+1)
	}
	return out
}

// indexSign returns the offset of the first comparison sign in s, or -1.
func indexSign(s string) int {
	best := -1
	for _, sign := range comparisonSigns {
		if i := cjk.Index(s, sign); i >= 0 && (best < 0 || i < best) {
			best = i
			s = s[:i] // later signs only need to be searched before it
		}
	}
	return best
}

// operandEnd is the end of an operand: its unit when written, else its number.
func operandEnd(m []int, unitGroup int) int {
	if m[2*unitGroup] >= 0 {
		return m[2*unitGroup+1]
	}
	return m[2*(unitGroup-1)+1]
}

func compare(a float64, op string, b float64) bool {
	switch op {
	case "<", "＜":
		return a < b
	case ">", "＞":
		return a > b
	case "<=", "≤", "⩽":
		return a <= b
	case ">=", "≥", "⩾":
		return a >= b
	}
	return true
}

func relation(a, b float64) string {
	switch {
	case a < b:
		return "<"
	case a > b:
		return ">"
	}
	return "="
}

// yearMismatch reports a year other than the fiscal year written directly before
// a money word ("2020年预算追加…" in a 2021 report). Periods (2019-2021年),
// sentences that compare years on purpose (变动率, 上年, 同比) and history
// (以来, 累计) are left alone.
func (s *scanner) yearMismatch(se *sentence, loc location) {
	y := &s.d.years
	if s.year <= 0 || len(y.moneyWords) == 0 || !se.lits.anyOf(s.d.yearIDs) {
		return
	}
	for _, m := range yearTokens(se.norm) {
		year, _ := strconv.Atoi(se.norm[m[0] : m[0]+4])
		if year == s.year || partOfPeriod(se.norm, m[0], m[1]) {
			continue
		}
		after := se.norm[m[1]:]
		word, at := firstWordWithin(after, y.moneyWords, y.window)
		if word == "" || cjk.ContainsAny(after[:at], y.historyWords) || cjk.ContainsAny(after[:at], clauseBreaks) ||
			cjk.ContainsAny(se.norm, y.comparisonWords) {
			continue
		}
		end := m[1] + at + len(word)
		found := se.origText(m[0], end)
		s.addFinding(report.Finding{
			Rule:     "year_mismatch",
			Severity: "warning",
			Message:  fmt.Sprintf("本报告评价%d年度，“%s”中的年份与评价年度不符，请核实是否笔误", s.year, found),
			Expected: strconv.Itoa(s.year) + "年",
			Found:    found,
			Evidence: loc.evidence(excerpt(se, m[0], end)),
		})
	}
}

// yearTokens returns the spans of year tokens such as 2020年 and 2020年度
// (19xx or 20xx, not part of a longer number). A byte scan: a regular
// expression without a literal prefix costs a pass over every sentence.
func yearTokens(s string) [][2]int {
	var out [][2]int
	for from := 0; ; {
		i := cjk.Index(s[from:], "年")
		if i < 0 {
			return out
		}
		i += from
		from = i + len("年")
		d := i
		for d > 0 && s[d-1] == ' ' {
			d--
		}
		if d < 4 || !isDigits(s[d-4:d]) || (s[d-4:d-2] != "19" && s[d-4:d-2] != "20") ||
			(d > 4 && s[d-5] >= '0' && s[d-5] <= '9') {
			continue
		}
		end := from
		if strings.HasPrefix(s[end:], "度") {
			end += len("度")
		}
		out = append(out, [2]int{d - 4, end})
	}
}

// clauseBreaks between a year and a money word mean they are not one phrase.
var clauseBreaks = []string{"，", ",", "、", "：", ":"}

// partOfPeriod tells a year that belongs to a range (2019-2021年, 2020至2021年).
func partOfPeriod(norm string, start, end int) bool {
	before := strings.TrimRight(norm[:start], " ")
	if r, _ := utf8.DecodeLastRuneInString(before); strings.ContainsRune("-—–~～至到", r) && before != "" {
		return true
	}
	after := strings.TrimLeft(norm[end:], " ")
	r, _ := utf8.DecodeRuneInString(after)
	return after != "" && strings.ContainsRune("-—–~～至到", r) && !strings.HasPrefix(after, "到位")
}

// firstWordWithin finds the earliest of words starting within window runes of
// the start of s; it returns the word and its byte offset.
func firstWordWithin(s string, words []string, window int) (string, int) {
	limit := len(s)
	n := 0
	for i := range s {
		if n > window {
			limit = i
			break
		}
		n++
	}
	best, at := "", -1
	for _, w := range words {
		// A word that starts before limit ends before limit+len(w): search
		// no further, whatever the length of the sentence.
		i := cjk.Index(s[:min(len(s), limit+len(w))], w)
		if i < 0 || i >= limit {
			continue
		}
		if at < 0 || i < at || (i == at && len(w) > len(best)) {
			best, at = w, i
		}
	}
	return best, at
}
