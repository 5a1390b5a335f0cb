package parse

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"jixiao/etl/cjk"
	"jixiao/etl/number"
	"jixiao/etl/scheme"
	"jixiao/report"
)

// Glued score rows: a 部门整体绩效自评表 (指标名称 | 计量单位 | 指标性质 | 年初指标值
// | 调整指标值 | 全年完成值 | 得分系数(%) | 指标权重(分) | 指标得分(分) | 是否核心指标)
// whose text extraction ran every cell together, so a row reads
// "财政供养人员控制率%定量指标100%96%100%22否": unit, nature, the target and
// the value reached, the coefficient 100 %, then weight and score glued
// ("22" = 2 and 2, "1010" = 10 and 10, "109.5" = 10 and 9.5) and the core
// flag. The form scores weight × coefficient, so a split of the glued digits
// is taken only when exactly one split satisfies score = weight × coefficient
// — never by guessing; otherwise the row's weight and score stay nil with a
// layout_ambiguous finding. A row is taken only under a name of the scheme
// (the names of the department's own indicators have no boundary in the run);
// its value only when the cells before the coefficient are two or three clean
// percentages (target, [adjusted target,] value reached: the last one).

// gluedRowRE ends a row: coefficient %, the glued weight and score, 是/否.
var gluedRowRE = regexp.MustCompile(`((?:[1-9]\d*|0)(?:\.\d+)?)%(\d[\d.]{1,8})(是|否)`)

// gluedValuesRE is the cells between a row's nature and its coefficient when
// they are clean percentages.
var gluedValuesRE = regexp.MustCompile(`^(?:(?:[1-9]\d*|0)(?:\.\d+)?%){2,3}$`)

// gluedHeader reports whether a line's norm heads a glued table.
func gluedHeader(n string) bool {
	return cjk.Contains(n, "得分系数") && cjk.Contains(n, "权重") && cjk.Contains(n, "指标得分")
}

// gluedRun is the text of one glued table: its rows run together.
type gluedRun struct {
	text  string
	first line // the header line, for evidence
}

// gluedRuns finds every glued table outside the form's tables: the run
// starts after the header's last column and goes on over the following
// lines (a PDF breaks them anywhere).
func (p *parser) gluedRuns() []gluedRun {
	var runs []gluedRun
	for i := 0; i < len(p.lines); i++ {
		l := p.lines[i]
		if l.inTable() || !gluedHeader(l.norm) {
			continue
		}
		k := cjk.Index(l.norm, "是否核心指标")
		if k < 0 {
			continue
		}
		run := l.norm[k+len("是否核心指标"):]
		j := i + 1
		for ; j < len(p.lines) && !p.lines[j].inTable() && !gluedHeader(p.lines[j].norm); j++ {
			run += p.lines[j].norm
		}
		runs = append(runs, gluedRun{text: run, first: l})
		i = j - 1
	}
	return runs
}

// gluedTables reads every glued table's rows under the scheme's names.
func (p *parser) gluedTables(s *scheme.Scheme) {
	if s == nil {
		return
	}
	for _, r := range p.gluedRuns() {
		p.placeGlued(s, r.text, r.first)
	}
}

// gluedNamed counts the scheme's indicators that rows of glued tables name;
// scheme detection asks for it when no level names stand in the report
// (glued names stand nowhere: "…22否预算完成率%…").
func (p *parser) gluedNamed(s *scheme.Scheme) int {
	codes := map[string]bool{}
	for _, r := range p.gluedRuns() {
		at := 0
		for _, m := range gluedRowRE.FindAllStringIndex(r.text, -1) {
			if ind, _, _, ok := gluedName(s, r.text[at:m[0]]); ok {
				codes[ind.Code] = true
			}
			at = m[1]
		}
	}
	return len(codes)
}

// placeGlued reads the rows of one run.
func (p *parser) placeGlued(s *scheme.Scheme, run string, first line) {
	at := 0
	for _, m := range gluedRowRE.FindAllStringSubmatchIndex(run, -1) {
		seg := run[at:m[0]]
		row := run[at:m[1]]
		at = m[1]
		_, name, rest, ok := gluedName(s, seg)
		if !ok {
			continue
		}
		coef, err := number.ParseDecimal(run[m[2]:m[3]])
		if err != nil {
			continue
		}
		out := report.Indicator{Name: name, Evidence: first.evidence(row)}
		glued := run[m[4]:m[5]]
		if w, sc, ok := splitGlued(glued, coef); ok {
			out.MaxPoints, out.DeclaredScore = report.Float(w), report.Float(sc)
		} else {
			p.layoutFinding(fmt.Sprintf("指标“%s”的权重和得分", name), out.Evidence,
				fmt.Sprintf("权重与得分的数字连在一起（“%s”），按“得分＝权重×得分系数（%s%%）”不能唯一拆分", glued, fmtNum(coef)), glued)
		}
		if v, ok := gluedValue(rest); ok {
			out.DeclaredValue = &v
		}
		if out.DeclaredScore != nil || out.DeclaredValue != nil {
			p.placeIndicator(s, out, true)
		}
	}
}

// gluedName finds the scheme indicator a row segment names: the earliest
// name (or alias) not preceded by a Han character — 人员控制率 inside
// 财政供养人员控制率 is not that name — and the longest at that place. It
// returns the indicator, the name as the row writes it and the text after.
func gluedName(s *scheme.Scheme, seg string) (*scheme.Indicator, string, string, bool) {
	best, bestAt, bestLen := (*scheme.Indicator)(nil), -1, 0
	for i := range s.Indicators {
		ind := &s.Indicators[i]
		for _, n := range append([]string{ind.Name}, ind.Aliases...) {
			n = norm(scheme.Normalize(n))
			j := standingIndex(seg, n)
			if j < 0 {
				continue
			}
			if bestAt < 0 || j < bestAt || (j == bestAt && len(n) > bestLen) {
				best, bestAt, bestLen = ind, j, len(n)
			}
		}
	}
	if best == nil {
		return nil, "", "", false
	}
	return best, seg[bestAt : bestAt+bestLen], seg[bestAt+bestLen:], true
}

// standingIndex is the first index of name in text not preceded by a Han
// character, or -1.
func standingIndex(text, name string) int {
	for at := 0; at < len(text); {
		j := cjk.Index(text[at:], name)
		if j < 0 {
			return -1
		}
		i := at + j
		if r, _ := utf8.DecodeLastRuneInString(text[:i]); i == 0 || !isHan(r) {
			return i
		}
		at = i + len(name)
	}
	return -1
}

// gluedValue reads the value reached from the cells after a percentage
// row's name: "%定量指标100%96%" → 96.
func gluedValue(rest string) (float64, bool) {
	r, ok := strings.CutPrefix(rest, "%")
	if !ok {
		return 0, false
	}
	r = strings.TrimPrefix(r, "定量指标")
	if !gluedValuesRE.MatchString(r) {
		return 0, false
	}
	cells := strings.Split(strings.TrimSuffix(r, "%"), "%")
	v, err := number.ParseDecimal(cells[len(cells)-1])
	return v, err == nil
}

// splitGlued splits glued weight and score digits at the one place where
// score = weight × coefficient ÷ 100 (to the form's two decimals), the
// weight positive and the score not above it.
func splitGlued(glued string, coef float64) (w, sc float64, ok bool) {
	found := 0
	for k := 1; k < len(glued); k++ {
		a, b := glued[:k], glued[k:]
		if !cleanNumber(a) || !cleanNumber(b) {
			continue
		}
		wa, err1 := number.ParseDecimal(a)
		sb, err2 := number.ParseDecimal(b)
		if err1 != nil || err2 != nil || wa <= 0 || sb > wa {
			continue
		}
		if math.Abs(sb-wa*coef/100) < 0.005+1e-9 {
			w, sc = wa, sb
			found++
		}
	}
	return w, sc, found == 1
}

// cleanNumber is a number as a form prints it: no leading zero (but "0" and
// "0.5"), at most one point, not at either end.
func cleanNumber(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || cjk.Count(s, ".") > 1 {
		return false
	}
	if len(s) > 1 && s[0] == '0' && s[1] != '.' {
		return false
	}
	return true
}
