package parse

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"jixiao/etl/cjk"
	"jixiao/etl/number"
	"jixiao/etl/scheme"
	"jixiao/report"
)

const gradeWords = `优秀|优|良好|良|中等|中|及格|合格|较差|差|不合格`

var (
	// totalREs are tried in order; the first that matches anywhere wins. The
	// hint is a literal each match contains, to skip other sentences cheaply.
	totalREs = []struct {
		hint string
		re   *regexp.Regexp
	}{
		{"总", regexp.MustCompile(`总(?:绩效|得分|分)(?:为|是|:)*(\d+(?:\.\d+)?)分`)},
		{"综合", regexp.MustCompile(`综合(?:评分|得分|评价得分)(?:为|是|:)*(\d+(?:\.\d+)?)分`)},
		{"自评", regexp.MustCompile(`自评(?:得分|总分|总得分|分数)(?:为|是|:)*(\d+(?:\.\d+)?)分`)},
		{"得分", regexp.MustCompile(`(?:评价|绩效)得分(?:为|是|:)*(\d+(?:\.\d+)?)分`)},
	}
	gradeREs = []*regexp.Regexp{
		regexp.MustCompile(`(?:等次|等级)(?:为|是|:)*(` + gradeWords + `)`),
		regexp.MustCompile(`评(?:定)?为(` + gradeWords + `)(?:等次|等级)`),
		regexp.MustCompile(`(?:评价结果|自评结果|评价结论|自评结论|评定结果)(?:为|是|:)*(` + gradeWords + `)(?:$|[，,。；;)])`),
	}
	levelScoreRE = regexp.MustCompile(`(\p{Han}{2,12}?)(?:类指标|指标)?(?:绩效|得分)(?:得分)?(?:为|是|:)*(\d+(?:\.\d+)?)分`)
	// knownLevelScoreRE reads the subtotals of the common level names first:
	// the generic pattern's shortest name would cut "部门绩效得分42分" at 部门.
	knownLevelScoreRE = regexp.MustCompile(`(` + strings.Join(byLengthDesc(levelNames), "|") + `)(?:类指标|指标)?(?:绩效)?(?:得分)?(?:为|是|:)*(\d+(?:\.\d+)?)分`)
	bandRangeRE       = regexp.MustCompile(`(\d+(?:\.\d+)?)分?(?:\(含\))?[—\-–~～至到]+(\d+(?:\.\d+)?)分?(?:\(含\))?(?:为|是|:)?(` + gradeWords + `)`)
	bandBelowRE       = regexp.MustCompile(`(\d+(?:\.\d+)?)分?以下(?:为|是|:)?(` + gradeWords + `)`)
	bandAboveRE       = regexp.MustCompile(`(\d+(?:\.\d+)?)分?(?:\(含\))?以上(?:为|是|:)?(` + gradeWords + `)`)
	// bandLERE and bandLTRE read legends written as inequalities, "≤" often
	// printed "Q" by OCR (fixOCRLessEqual has put it back): "90≤总分≤100为优",
	// "总分<60为差".
	bandLERE    = regexp.MustCompile(`(\d+(?:\.\d+)?)分?(?:≤|<=|＜=)(?:总分|得分|分数|综合得分)(?:≤|<=|<|＜)\d+(?:\.\d+)?分?(?:为|是|:)?(` + gradeWords + `)`)
	bandLTRE    = regexp.MustCompile(`(?:总分|得分|分数|综合得分)(?:<|＜)\d+(?:\.\d+)?分?(?:为|是|:)?(` + gradeWords + `)`)
	bandHints   = []string{"为优", "为良", "为中", "为差", "为较差", "为合格", "为不合格", "为及格", "以上优", "以下差"}
	cellTotalRE = regexp.MustCompile(`(\d+(?:\.\d+)?)分?`)
	cellGradeRE = regexp.MustCompile(gradeWords)
)

// byLengthDesc returns names longest first, for an alternation that must
// prefer 产出及效率 to 产出.
func byLengthDesc(names []string) []string {
	out := append([]string(nil), names...)
	sort.SliceStable(out, func(i, j int) bool { return runeLen(out[i]) > runeLen(out[j]) })
	return out
}

// score reads the total, grade, level-1 subtotals and grade bands: first the
// form's 绩效自评综合得分及评价等次 cell, then the narrative ("总绩效为94分",
// "综合评分为92分", "自评得分N分", "等次为“优”").
func (p *parser) score(s *scheme.Scheme, gs [][]gridRow) {
	sc := &p.rep.Score
	formTotal, formGrade, formEv := p.formScore(gs)

	var textTotal *float64
	var textEv *report.Evidence
	var totalSentence string
	var totalLine line
	for _, tr := range totalREs {
		for _, l := range p.lines {
			if !l.digits || !cjk.Contains(l.norm, tr.hint) {
				continue
			}
			for _, sent := range l.sents {
				if m := p.totalMatch(s, tr.re, sent.norm); m != nil {
					v, err := number.ParseDecimal(m[1])
					if err != nil {
						continue
					}
					textTotal, textEv, totalSentence, totalLine = &v, l.evidence(sent.text), sent.norm, l
					break
				}
			}
			if textTotal != nil {
				break
			}
		}
		if textTotal != nil {
			break
		}
	}
	// The form's cell, the narrative, then a score table's 合计 row; a later
	// source that states another total is a finding.
	sources := []struct {
		where string
		v     *float64
		ev    *report.Evidence
	}{{"表中", formTotal, formEv}, {"正文", textTotal, textEv}, {"封面", p.layout.cover.score, p.layout.cover.scoreEv}, {"评分表合计", p.tableTotal, p.tableTotalEv}}
	for _, src := range sources {
		if src.v == nil {
			continue
		}
		if sc.Total == nil {
			sc.Total, sc.Evidence = src.v, src.ev
			continue
		}
		if *src.v != *sc.Total {
			first := sources[0]
			for _, f := range sources {
				if f.v == sc.Total {
					first = f
					break
				}
			}
			p.finding(report.Finding{
				Rule:     "same_quantity_two_values",
				Severity: "warning",
				Message:  fmt.Sprintf("自评总分前后不一致：%s为%s分，%s为%s分", first.where, fmtNum(*sc.Total), src.where, fmtNum(*src.v)),
				Expected: fmtNum(*sc.Total),
				Found:    fmtNum(*src.v),
				Evidence: src.ev,
			})
		}
	}
	if sc.Total == nil {
		p.missing("score.total")
	}

	sc.Grade = formGrade
	if sc.Grade == "" {
		sc.Grade = p.textGrade()
	}
	if sc.Grade == "" {
		sc.Grade = p.layout.cover.grade
	}
	if sc.Grade != "" {
		sc.Grade = canonicalGrade(s, sc.Grade)
	} else {
		p.missing("score.grade")
	}

	sc.ByLevel1, sc.ByLevel1Evidence = p.levelScores(s, totalSentence, totalLine)
	if len(sc.ByLevel1) == 0 {
		sc.ByLevel1, sc.ByLevel1Evidence = p.tableLevels, p.tableLevelsEv
	}
	if len(sc.ByLevel1) == 0 {
		sc.ByLevel1, sc.ByLevel1Evidence = nil, nil
		p.missing("score.by_level1")
	}
	sc.GradeBands = p.gradeBands()
}

// formScore reads the form row 绩效自评综合得分及评价等次: the cells after
// the label (or the rest of the label cell), less the remark with the grade
// bands. When the form has the row but leaves the score or the grade out,
// form.total_score / form.grade are missing (the missing_form_cell finding),
// whatever the narrative says.
func (p *parser) formScore(gs [][]gridRow) (*float64, string, *report.Evidence) {
	for _, g := range gs {
		for _, r := range g {
			label := formScoreLabel(r)
			if label < 0 {
				continue
			}
			var total *float64
			grade := ""
			var ev *report.Evidence
			remark := false
			for i := label; i < len(r.cells) && !remark; i++ {
				t := norm(r.cells[i].Text)
				if i == label {
					// "绩效自评综合得分及评价等次：94分 优" in one cell.
					t = strings.TrimPrefix(afterLabel(t), ":")
				}
				if k := cjk.Index(t, "备注"); k >= 0 {
					// The remark runs to the end of the row: a scan or a
					// layout can cut it into several cells, whose
					// figures (a band's "90") are not the score.
					t, remark = t[:k], true
				}
				t = removeBands(t)
				if t == "" {
					continue
				}
				if m := cellTotalRE.FindStringSubmatch(t); m != nil && total == nil {
					if v, err := number.ParseDecimal(m[1]); err == nil {
						total, ev = &v, r.cellEvidence(i)
					}
				}
				if m := cellGradeRE.FindString(t); m != "" && grade == "" {
					grade = m
					if ev == nil {
						ev = r.cellEvidence(i)
					}
				}
			}
			if total == nil {
				p.missing("form.total_score")
			}
			if grade == "" {
				p.missing("form.grade")
			}
			return total, grade, ev
		}
	}
	return nil, "", nil
}

// formScoreLabel returns the index of the score row's label cell, or -1.
// A score table's header (…|分值|自评得分) or its total row (two figures:
// the maximum and the score) is not the form's score row.
func formScoreLabel(r gridRow) int {
	label := -1
	for i := range r.cells {
		l := r.label(i)
		if !cjk.Contains(l, "得分") && !cjk.Contains(l, "总分") {
			continue // the common case, decided without normalising
		}
		l = norm(l)
		if cjk.Contains(l, "得分") && (cjk.Contains(l, "等次") || cjk.Contains(l, "等级")) ||
			l == "综合得分" || l == "自评得分" || l == "自评综合得分" || l == "绩效自评综合得分" || l == "自评总分" {
			label = i
			break
		}
	}
	if label < 0 {
		return -1
	}
	fields := make([]string, len(r.cells))
	figures := 0
	for i := range r.cells {
		fields[i] = r.label(i)
		if isPoints(fields[i]) {
			figures++
		}
	}
	if _, header := scoreHeader(fields); header || figures >= 2 {
		return -1
	}
	return label
}

// afterLabel returns what follows the score row's label in its own cell.
func afterLabel(t string) string {
	for _, l := range []string{"评价等次", "评价等级", "综合得分", "自评得分"} {
		if k := strings.LastIndex(t, l); k >= 0 {
			return t[k+len(l):]
		}
	}
	return t
}

// removeBands drops grade-band legends ("90(含)—100分为优") from a cell.
func removeBands(t string) string {
	for _, re := range []*regexp.Regexp{bandRangeRE, bandAboveRE, bandBelowRE, bandLERE, bandLTRE} {
		if re.MatchString(t) {
			t = re.ReplaceAllString(t, "")
		}
	}
	return strings.Trim(t, ";；,，。 ")
}

func (p *parser) textGrade() string {
	for _, re := range gradeREs {
		for _, l := range p.lines {
			if !cjk.Contains(l.norm, "等") && !cjk.Contains(l.norm, "评") {
				continue
			}
			if m := re.FindStringSubmatch(l.norm); m != nil {
				return m[1]
			}
		}
	}
	return ""
}

// canonicalGrade keeps a grade the scheme uses as written and otherwise maps
// the long forms to the short ones every Chinese scheme shares (优秀 → 优,
// 良好 → 良, 中等 → 中).
func canonicalGrade(s *scheme.Scheme, g string) string {
	if s != nil {
		for _, x := range s.Grades {
			if x.Grade == g {
				return g
			}
		}
	}
	switch g {
	case "优秀":
		return "优"
	case "良好":
		return "良"
	case "中等":
		return "中"
	}
	return g
}

// levelScores reads "投入绩效为13分，过程绩效为55分…" from the sentence with the
// total, or else from the first sentence naming at least two levels.
func (p *parser) levelScores(s *scheme.Scheme, totalSentence string, totalLine line) (map[string]float64, map[string]report.Evidence) {
	// Every subtotal of one statement has that statement's evidence.
	withEvidence := func(out map[string]float64, ev *report.Evidence) (map[string]float64, map[string]report.Evidence) {
		evs := make(map[string]report.Evidence, len(out))
		for k := range out {
			evs[k] = *ev
		}
		return out, evs
	}
	parse := func(sent string) map[string]float64 {
		out := map[string]float64{}
		for _, m := range knownLevelScoreRE.FindAllStringSubmatch(sent, -1) {
			if !cjk.Contains(m[0], "得分") && !cjk.Contains(m[0], "绩效") {
				continue // "投入(13分)" is a maximum, not a subtotal
			}
			if v, err := number.ParseDecimal(m[2]); err == nil {
				if _, dup := out[m[1]]; !dup {
					out[m[1]] = v
				}
			}
		}
		for _, m := range levelScoreRE.FindAllStringSubmatch(sent, -1) {
			name := levelOf(s, m[1])
			if name == "" {
				continue
			}
			v, err := number.ParseDecimal(m[2])
			if err != nil {
				continue
			}
			if _, dup := out[name]; !dup {
				out[name] = v
			}
		}
		return out
	}
	if totalSentence != "" {
		if out := parse(totalSentence); len(out) > 0 {
			for _, sent := range totalLine.sents {
				if sent.norm == totalSentence {
					return withEvidence(out, totalLine.evidence(sent.text))
				}
			}
			return withEvidence(out, totalLine.evidence(totalLine.text))
		}
	}
	for _, l := range p.lines {
		if !l.digits || !cjk.Contains(l.norm, "分") {
			continue
		}
		for _, sent := range l.sents {
			if out := parse(sent.norm); len(out) >= 2 {
				return withEvidence(out, l.evidence(sent.text))
			}
		}
	}
	return nil, nil
}

// levelOf resolves a captured level name ("本单位投入" → "投入"): the longest
// scheme or common level name it ends with, else the name without the usual
// lead-ins; "" for totals.
func levelOf(s *scheme.Scheme, raw string) string {
	best := ""
	for _, l := range append(s.Level1Names(), levelNames...) {
		if strings.HasSuffix(raw, l) && runeLen(l) > runeLen(best) {
			best = l
		}
	}
	if best != "" {
		return best
	}
	for _, lead := range []string{"本单位", "本部门", "部门", "单位", "其中"} {
		raw = strings.TrimPrefix(raw, lead)
	}
	for _, total := range []string{"总", "综合", "自评", "评价", "整体"} {
		if strings.HasPrefix(raw, total) {
			return ""
		}
	}
	if n := runeLen(raw); n < 2 || n > 6 {
		return ""
	}
	return raw
}

// gradeBands reads the printed grade bands ("90（含）—100分为优；…60分以下为差"),
// best first; at least two bands on one line make a credible legend.
func (p *parser) gradeBands() []report.GradeBand {
	for _, l := range p.lines {
		t := l.norm
		if !l.digits || !cjk.Contains(t, "分") || !cjk.ContainsAny(t, bandHints) {
			continue
		}
		var bands []report.GradeBand
		seen := map[string]bool{}
		add := func(g, min string) {
			v, err := number.ParseDecimal(min)
			if err != nil || seen[g] {
				return
			}
			seen[g] = true
			bands = append(bands, report.GradeBand{Grade: g, Min: v, Evidence: l.evidence(l.text)})
		}
		for _, m := range bandRangeRE.FindAllStringSubmatch(t, -1) {
			add(m[3], m[1])
		}
		for _, m := range bandAboveRE.FindAllStringSubmatch(t, -1) {
			add(m[2], m[1])
		}
		for _, m := range bandBelowRE.FindAllStringSubmatch(t, -1) {
			add(m[2], "0")
		}
		for _, m := range bandLERE.FindAllStringSubmatch(t, -1) {
			add(m[2], m[1])
		}
		for _, m := range bandLTRE.FindAllStringSubmatch(t, -1) {
			add(m[1], "0")
		}
		if len(bands) >= 2 {
			sort.SliceStable(bands, func(i, j int) bool { return bands[i].Min > bands[j].Min })
			return bands
		}
	}
	return nil
}
