package parse

import (
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"jixiao/etl/cjk"
	"jixiao/etl/number"
	"jixiao/etl/scheme"
	"jixiao/report"
)

// Explained score sheets: a 指标表 whose columns are 一级指标 | 得分 | 二级指标
// | 得分 | 三级指标 | 得分 | 评价标准 | 指标说明 | 得分, flattened from a PDF. Each
// name is followed by its points (the column says 得分, but 投入 16 = 8 + 8:
// the figure after a name is its maximum), an indicator's standard and
// explanation run over several lines, and its score opens the line that
// names the next item ("8 三公经费 变动率"):
//
//	投入
//	16 预算配置
//	16 在职人员控制率
//	8 以100%为标准…
//	每超过一个百分点扣0.5分…比率为95.10%.
//	8 三公经费 变动率
//
// A figure opens a line only when a space follows it ("0,每超过…" is the
// standard's "> 0" broken over two lines). An item followed by its figure and
// then another item is a group (level 1 when the scheme or the common names
// say so, else level 2); one followed by its figure and text is an indicator,
// whose score is the next line-opening figure — taken only when an item or the
// end of the sheet follows it. The reading is all or nothing: a group whose
// points are not the sum of its items', or a score above its maximum, means
// the figures are not what this layout says, and the sheet yields nothing.

// explainedFigureRE is a figure opening a line, a space after it.
var explainedFigureRE = regexp.MustCompile(`^(\d{1,3}(?:\.\d{1,2})?)(?:\s+|$)`)

// explainedValueRE is the value an explanation computes: "比率为95.10%",
// "=98.31%", "预算完成率99.27%"; the standard's "以100%为标准", "≤100%" or
// "低于5%" never match.
var explainedValueRE = regexp.MustCompile(`(?:=|为|率)([+\-]?\d+(?:\.\d+)?)%`)

// explToken is one piece of an explained sheet: a line-opening figure or the
// text after it.
type explToken struct {
	figure *float64
	text   string // as written (light), for evidence and values
	line   int    // index in p.lines
}

// explainedHeader reports whether a line heads an explained sheet and returns
// the text after its last 得分 column (the first item may follow on the line).
func explainedHeader(text string) (string, bool) {
	n := norm(light(text))
	if !cjk.Contains(n, "指标") || cjk.Count(n, "得分") < 2 ||
		!(cjk.Contains(n, "评价标准") || cjk.Contains(n, "指标说明")) {
		return "", false
	}
	k := strings.LastIndex(text, "得分")
	return light(strings.TrimSpace(text[k+len("得分"):])), true
}

// explainedSheets reads every explained sheet outside the form's tables.
func (p *parser) explainedSheets(s *scheme.Scheme) {
	for i := 0; i < len(p.lines); i++ {
		l := p.lines[i]
		if l.inTable() || !cjk.Contains(l.norm, "得分") {
			continue
		}
		tail, ok := explainedHeader(l.text)
		if !ok {
			continue
		}
		toks, next := p.explainedTokens(i, tail)
		p.placeExplained(s, toks)
		i = max(i, next-1)
	}
}

// explainedTokens splits the lines after header line i (its tail first) into
// figures and texts, up to a table or the end; it returns the tokens and the
// index of the first line after them.
func (p *parser) explainedTokens(i int, tail string) ([]explToken, int) {
	var toks []explToken
	// The figure is split off the line as written: light drops the space
	// that tells "8 以100%…" (a figure, then text) from "0,每超过…".
	add := func(text string, li int) {
		text = strings.TrimSpace(strings.ReplaceAll(text, "\u3000", " "))
		if m := explainedFigureRE.FindStringSubmatch(text); m != nil {
			if v, err := number.ParseDecimal(m[1]); err == nil {
				toks = append(toks, explToken{figure: &v, line: li})
				text = strings.TrimSpace(text[len(m[0]):])
			}
		}
		if text = light(text); text != "" {
			toks = append(toks, explToken{text: text, line: li})
		}
	}
	if tail != "" {
		toks = append(toks, explToken{text: tail, line: i})
	}
	j := i + 1
	for ; j < len(p.lines) && !p.lines[j].inTable(); j++ {
		if _, ok := explainedHeader(p.lines[j].text); ok {
			break
		}
		add(p.lines[j].text, j)
	}
	return toks, j
}

// explainedName is a text token that can be an item's name: Han characters
// (spaces and quotes allowed), no digits or sentence punctuation.
func explainedName(t string) bool {
	n := scheme.Normalize(t)
	if n == "" || utf8.RuneCountInString(n) > 20 {
		return false
	}
	for _, r := range n {
		if !isHan(r) {
			return false
		}
	}
	return true
}

// explGroup is a group of an explained sheet being read: its points and the
// sum of its items' so far.
type explGroup struct {
	name      string
	points    float64
	sum       float64
	hasPoints bool
}

// placeExplained reads the tokens of one sheet (see the top of the file) and,
// when every check holds, adds its indicators.
func (p *parser) placeExplained(s *scheme.Scheme, toks []explToken) {
	isName := func(k int) bool {
		return k < len(toks) && toks[k].figure == nil && explainedName(toks[k].text) &&
			k+1 < len(toks) && toks[k+1].figure != nil
	}
	var inds []report.Indicator
	var level1, level2 *explGroup
	closeGroup := func(g *explGroup) bool {
		return g == nil || !g.hasPoints || math.Abs(g.sum-g.points) < 1e-6
	}
	for k := 0; k < len(toks); {
		if !isName(k) {
			return // not this layout, or a name this reading cannot place
		}
		name := cleanIndicatorName(toks[k].text)
		pts := *toks[k+1].figure
		if isName(k + 2) {
			// A group: level 1 when the scheme or the common names say so.
			g := &explGroup{name: name, points: pts, hasPoints: true}
			if p.isLevel1(s, name) {
				if !closeGroup(level2) || !closeGroup(level1) {
					return
				}
				level1, level2 = g, nil
			} else {
				if !closeGroup(level2) {
					return
				}
				if level1 != nil {
					level1.sum += pts
				}
				level2 = g
			}
			k += 2
			continue
		}
		// An indicator: its maximum, text, then its score before the next
		// item or at the end.
		ind := report.Indicator{Name: name, MaxPoints: report.Float(pts)}
		if level1 != nil {
			ind.Level1 = level1.name
		}
		if level2 != nil {
			ind.Level2 = level2.name
			level2.sum += pts
		} else if level1 != nil {
			level1.sum += pts
		}
		first := toks[k]
		var texts []string
		k += 2
		for k < len(toks) && toks[k].figure == nil {
			texts = append(texts, toks[k].text)
			k++
		}
		if k < len(toks) && (k+1 == len(toks) || isName(k+1)) {
			sc := *toks[k].figure
			if sc > pts {
				return
			}
			ind.DeclaredScore = report.Float(sc)
			k++
		} else if k < len(toks) {
			return // a figure inside the text: not this layout
		}
		if len(texts) > 0 {
			joined := strings.Join(texts, "")
			if m := explainedValueRE.FindAllStringSubmatch(norm(fixOCRLessEqual(joined)), -1); m != nil {
				if v, err := number.ParseDecimal(m[len(m)-1][1]); err == nil {
					ind.DeclaredValue = &v
				}
			}
		}
		l := p.lines[first.line]
		ind.Evidence = l.evidence(strings.Join(append([]string{first.text}, texts...), " "))
		inds = append(inds, ind)
	}
	scored := 0
	for _, ind := range inds {
		if ind.DeclaredScore != nil {
			scored++
		}
	}
	if scored < 2 {
		return
	}
	for _, ind := range inds {
		p.placeIndicator(s, ind, true)
	}
}
