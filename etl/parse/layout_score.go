package parse

import (
	"regexp"
	"strings"

	"jixiao/etl/cjk"
	"jixiao/etl/number"
	"jixiao/report"
)

// A cover's conclusion as label and value: "自评得分" / "91" / "评价等次" /
// "优" on lines (or cells) of their own, or one row "自评得分 | 89 | 评价等次
// | 良". The narrative's "自评得分91分" and the standard form's 绩效自评综合
// 得分及评价等次 row are read elsewhere (score.go); this is the cover that
// prints the label and the figure apart.
//
// Only the labels of the unit's own conclusion are taken — never the bare
// 得分 that heads a score table's column — and a score must read as points
// (0 to 100, "分" allowed) standing alone: a label followed by two figures
// in a row ("自评得分 | 100 | 94", a score table's total row) or by a run of
// figures (a score table whose cells became lines) says nothing certain.

var (
	coverScoreLabelRE = regexp.MustCompile(`^(?:部门整体支出)?(?:绩效)?(?:自评综合得分|自评得分|自评总分|自评总得分|自评分数|综合得分|综合评分|评价得分|评价总分|总得分)(?:\(分\))?:?$`)
	coverGradeLabelRE = regexp.MustCompile(`^(?:绩效)?(?:评价|自评)(?:等次|等级)(?:评定)?:?$|^(?:等次|等级)(?:评定)?:?$`)
	coverScoreValueRE = regexp.MustCompile(`^(\d{1,3}(?:\.\d{1,2})?)分?$`)
	coverGradeValueRE = regexp.MustCompile(`^(` + gradeWords + `)(?:等次|等级|级)?$`)
)

// maxCoverLabelBytes bounds what coverScoreLabelRE and coverGradeLabelRE
// match, and every score label holds 分, every grade label 等
// (TestLiteralPrefilters checks all three): a cell of prose is decided
// without running them (an expression clears state the size of its input
// before failing).
const maxCoverLabelBytes = 64

// labelTooLong reports whether norm(s) is surely longer than
// maxCoverLabelBytes: norm keeps each CJK ideograph as it is, three bytes,
// so the ideographs of s alone make it so. Such a cell is no cover label,
// and is not normalised to be told (most cells holding 分 or 等 are prose).
func labelTooLong(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		if isIdeograph(s, i) {
			if n += 3; n > maxCoverLabelBytes {
				return true
			}
			i += 2
		}
	}
	return false
}

func coverScoreLabel(label string) bool {
	return len(label) <= maxCoverLabelBytes && cjk.Contains(label, "分") && coverScoreLabelRE.MatchString(label)
}

func coverGradeLabel(label string) bool {
	return len(label) <= maxCoverLabelBytes && cjk.Contains(label, "等") && coverGradeLabelRE.MatchString(label)
}

// scoreColumnWords head a score table's columns: a conclusion label right
// after one of them is that table's header, not a cover's field.
var scoreColumnWords = []string{"分值", "权重", "标准分", "满分", "指标", "序号", "评分标准", "扣分"}

// coverScoreValue reads a cover's score cell; ok is false for anything but
// points from 0 to 100.
func coverScoreValue(s string) (float64, bool) {
	m := coverScoreValueRE.FindStringSubmatch(norm(s))
	if m == nil {
		return 0, false
	}
	v, err := number.ParseDecimal(m[1])
	if err != nil || v < 0 || v > 100 {
		return 0, false
	}
	return v, true
}

// coverGradeValue reads a cover's grade cell.
func coverGradeValue(s string) (string, bool) {
	m := coverGradeValueRE.FindStringSubmatch(norm(s))
	if m == nil {
		return "", false
	}
	return m[1], true
}

// coverConclusion reads a conclusion label at items[k] whose value is the
// single item after it; it reports whether it took one.
func (p *parser) coverConclusion(items []layoutItem, k int, label string, cover *coverFacts) bool {
	next, _ := items[k+1].single()
	switch {
	case coverScoreLabel(label):
		v, ok := coverScoreValue(next)
		if !ok {
			return false
		}
		if k > 0 {
			if prev, one := items[k-1].single(); one && cjk.ContainsAny(norm(prev), scoreColumnWords) {
				return false // a score table's header, one cell per line
			}
		}
		if k+2 < len(items) {
			if after, one := items[k+2].single(); one && isValueCell(after) {
				return false // a run of figures: whose is which cannot be told
			}
		}
		cover.setScore(v, joinEvidence(items[k:k+2]))
		return true
	case coverGradeLabel(label):
		g, ok := coverGradeValue(next)
		if !ok {
			return false
		}
		cover.setGrade(g, joinEvidence(items[k:k+2]))
		return true
	}
	return false
}

// coverPairs reads the conclusion labels of a row of cells, each followed by
// its value in the next cell.
func (p *parser) coverPairs(it layoutItem, cover *coverFacts) {
	if it.form || len(it.cells) < 2 || len(it.cells) > maxLayoutCells {
		return
	}
	for i := 0; i+1 < len(it.cells); i++ {
		if c := it.cells[i]; !cjk.Contains(c, "分") && !cjk.Contains(c, "等") || labelTooLong(c) {
			continue // the common case, decided without normalising
		}
		label := strings.TrimRight(norm(it.cells[i]), ":")
		switch {
		case coverScoreLabel(label):
			v, ok := coverScoreValue(it.cells[i+1])
			if !ok || i+2 < len(it.cells) && isValueCell(it.cells[i+2]) {
				continue
			}
			if i > 0 && cjk.ContainsAny(norm(it.cells[i-1]), scoreColumnWords) {
				continue
			}
			cover.setScore(v, it.ev())
			i++
		case coverGradeLabel(label):
			if g, ok := coverGradeValue(it.cells[i+1]); ok {
				cover.setGrade(g, it.ev())
				i++
			}
		}
	}
}

// setScore keeps the first score a cover states.
func (c *coverFacts) setScore(v float64, ev *report.Evidence) {
	if c.score == nil {
		c.score, c.scoreEv = &v, ev
	}
}

// setGrade keeps the first grade a cover states.
func (c *coverFacts) setGrade(g string, ev *report.Evidence) {
	if c.grade == "" {
		c.grade, c.gradeEv = g, ev
	}
}

// gluedScoreRE is a score label stating its unit in brackets, the value run
// on after it as a form's cells do when text extraction joins them ("自评
// 总分(分)97.6部门联系人…"): the bracketed 分 ends the label, so the figure
// after it is the label's, and a figure ends at the first character that
// cannot continue it.
var gluedScoreRE = regexp.MustCompile(`(?:自评总分|自评得分|自评综合得分|综合得分)\(分\):?(\d{1,3}(?:\.\d{1,2})?)(?:$|[^\d.%])`)

// readGluedScores reads a score label and its value run together in a line.
func (p *parser) readGluedScores(cover *coverFacts) {
	for _, l := range p.lines {
		if cover.score != nil {
			return
		}
		if !l.digits || !cjk.Contains(l.norm, "(分)") {
			continue
		}
		for _, sent := range l.sents {
			m := gluedScoreRE.FindStringSubmatch(sent.norm)
			if m == nil {
				continue
			}
			if v, ok := coverScoreValue(m[1]); ok {
				text := sent.text
				if k := cjk.Index(text, m[0][:cjk.Index(m[0], "(")]); k >= 0 {
					text = text[k:] // from the label on, as written
				}
				cover.setScore(v, l.evidence(clip(text, maxGluedEvidence)))
				break
			}
		}
	}
}

// maxGluedEvidence bounds the evidence of a glued score: the cells joined
// with it may run over pages.
const maxGluedEvidence = 200

// clip returns at most n runes of s.
func clip(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k] + "…"
		}
		i++
	}
	return s
}

// A sentence broken after its score label: "…开展绩效自评，自评得分" / "90
// 分，存在的问题…" (a PDF's text layer breaks lines anywhere). The label ends
// its line after a clause boundary and the next line opens with points and
// 分: that is the label's value.
var (
	splitScoreLabelRE = regexp.MustCompile(`(?:^|[,，;；。:])(?:自评得分|自评总分|自评综合得分|综合得分|综合评分|评价得分|绩效评价得分)(?:为|是|:)?$`)
	splitScoreValueRE = regexp.MustCompile(`^(\d{1,3}(?:\.\d{1,2})?)分(?:$|[^\d])`)
)

// readSplitScores reads a score label ending a paragraph line with its value
// opening the next.
func (p *parser) readSplitScores(cover *coverFacts) {
	for i := 0; i+1 < len(p.lines) && cover.score == nil; i++ {
		l, next := p.lines[i], p.lines[i+1]
		if l.inTable() || next.inTable() || !next.digits || !strings.HasSuffix(l.norm, "分") && !strings.HasSuffix(l.norm, ":") &&
			!strings.HasSuffix(l.norm, "为") && !strings.HasSuffix(l.norm, "是") {
			continue
		}
		if !splitScoreLabelRE.MatchString(l.norm) {
			continue
		}
		m := splitScoreValueRE.FindStringSubmatch(next.norm)
		if m == nil {
			continue
		}
		if v, ok := coverScoreValue(m[1]); ok {
			cover.setScore(v, l.evidence(strings.TrimSpace(l.text)+"\n"+clip(strings.TrimSpace(next.text), maxGluedEvidence)))
		}
	}
}
