package parse

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"jixiao/etl/cjk"
	"jixiao/etl/number"
	"jixiao/etl/scheme"
	"jixiao/report"
)

// Scheme detection. A report names its framework by its level-1 groups far
// more reliably than by its region: a county in one province may use the
// national 投入/过程/产出/效果 framework, a province may publish two lists with
// the same level-1 names. The evidence, in order of weight:
//
//  1. a scheme forced by the caller (manifest or upload `scheme`, `jixiao
//     check --scheme`) — detection does not run;
//  2. the level-1 names: a scheme is a candidate only when every one of its
//     level names stands as a level in the report (a heading "一、投入（20分）",
//     a table row or cell, a subtotal "部门决策得分24分") — never inside a word
//     ("产出及效率" does not name 产出) or a sentence ("从部门决策、综合管理…");
//  3. the points printed beside those names ("投入（13分）"): each level whose
//     printed points equal the scheme's counts for it, each that differs
//     counts against it (an unweighted framework has no points to compare),
//     and a weighted scheme they do not contradict is preferred to an
//     unweighted one of the same names;
//  4. the indicators: the share of the scheme's indicators whose name (or an
//     alias) stands in the report — this tells apart two schemes with the same
//     level names;
//  5. the region and year: the region's scheme for the fiscal year
//     (scheme.Catalog.Detect) wins a tie, and is the answer when no scheme's
//     level names stand in the report at all.
//
// When two candidates remain equally good, or the level names point away from
// the region's own scheme, the report gets a scheme_uncertain note naming
// both, so a reader knows to force the scheme if the guess is wrong.

// levelPointsRE reads the points printed after a level name: "(20分)", "(20)".
var levelPointsRE = regexp.MustCompile(`^\((\d+(?:\.\d+)?)分?\)`)

// levelSuffixes may follow a level name that stands as a level.
var levelSuffixes = []string{"得分", "绩效", "指标", "类", "情况", "部分", "方面"}

// candidate is one scheme the report's level names allow, with its evidence.
type candidate struct {
	s          *scheme.Scheme
	points     int     // levels whose printed points agree, less those that disagree
	named      int     // the scheme's indicators named in the report
	indicators float64 // indicator evidence, 0..1 (see detectScheme)
	region     bool    // the region's scheme for the fiscal year
	shadowed   bool    // unweighted, with a weighted twin the printed points do not contradict
}

func (c candidate) score() float64 {
	s := 2*float64(c.points) + 10*c.indicators
	if c.shadowed {
		s -= 1.5
	}
	if c.region {
		s += 1.5 // breaks a tie; never outweighs the names
	}
	return s
}

// detectScheme picks the scoring scheme when the caller named none (see the
// order of evidence above).
func (p *parser) detectScheme(cat *scheme.Catalog) *scheme.Scheme {
	var region *scheme.Scheme
	if id, ok := cat.Detect(p.area, p.rep.FiscalYear); ok {
		region, _ = cat.Scheme(id)
	}
	p.scanLevels(cat)
	var cands []candidate
	for _, id := range cat.IDs() {
		s, _ := cat.Scheme(id)
		pts, ok := p.levelEvidence(s)
		if !ok {
			continue
		}
		cands = append(cands, candidate{s: s, points: pts, region: s == region})
	}
	byNames := len(cands) == 0
	if byNames {
		// No scheme's level names stand in the report: its indicator names
		// may still tell (a table flattened without its level column).
		var all []*scheme.Scheme
		for _, id := range cat.IDs() {
			s, _ := cat.Scheme(id)
			all = append(all, s)
		}
		p.lookForNames(all...)
		for _, s := range all {
			if n := max(p.indicatorsNamed(s), p.gluedNamed(s)); n >= minIndicatorsNamed {
				cands = append(cands, candidate{s: s, named: n, region: s == region})
			}
		}
	}
	switch len(cands) {
	case 0:
		return region
	case 1:
		c := cands[0]
		if region != nil && c.s.Region != region.Region {
			p.schemeNote(c.s, region, fmt.Sprintf("报告的一级指标（%s）属于“%s”，而非本地区方案“%s”", strings.Join(c.s.Level1Names(), "、"), c.s.Name, region.Name))
		}
		return c.s
	}
	if byNames {
		markWeightedTwins(cands)
	} else {
		markTwins(cands)
	}
	// Several schemes fit the report's level names: the indicators decide,
	// by the share of the scheme they cover and their number against the
	// best candidate's (a large scheme of common names must not win on its
	// size, nor a small one on a few names).
	most := 0
	var unnamed []*scheme.Scheme
	for _, c := range cands {
		if c.named == 0 {
			unnamed = append(unnamed, c.s)
		}
	}
	p.lookForNames(unnamed...)
	for i := range cands {
		if cands[i].named == 0 {
			cands[i].named = p.indicatorsNamed(cands[i].s)
		}
		most = max(most, cands[i].named)
	}
	for i := range cands {
		c := &cands[i]
		if most > 0 && len(c.s.Indicators) > 0 {
			c.indicators = (float64(c.named)/float64(len(c.s.Indicators)) + float64(c.named)/float64(most)) / 2
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score() > cands[j].score() })
	best, next := cands[0], cands[1]
	switch {
	case best.score()-next.score() < 1:
		p.schemeNote(best.s, next.s, fmt.Sprintf("“%s”与“%s”同样符合报告的一级指标和指标名称", best.s.Name, next.s.Name))
	case region != nil && best.s.Region != region.Region:
		p.schemeNote(best.s, region, fmt.Sprintf("报告的一级指标和指标名称更符合“%s”，而非本地区方案“%s”", best.s.Name, region.Name))
	}
	return best.s
}

// markTwins marks the unweighted candidates shadowed by a weighted one of
// the same level names (hunan-local beside hunan-xiangxi-2021): points the
// report does not contradict are evidence the unweighted twin lacks, so it
// wins only where the printed points differ — in the weighted scheme's own
// region only where most of them do (a misprinted level stays the region's
// scheme). Candidates of other level names are not affected.
func markTwins(cands []candidate) {
	for i := range cands {
		if !cands[i].s.Unweighted {
			continue
		}
		for _, w := range cands {
			if !w.s.Unweighted && sameLevels(w.s, cands[i].s) && (w.points >= 0 || w.region) {
				cands[i].shadowed = true
				break
			}
		}
	}
}

// markWeightedTwins is markTwins' reverse for a report whose level names do
// not stand (its scheme found by indicator names alone): nothing says the
// weighted scheme's points apply — a 规划/执行/效果 sheet names 湘西州's
// indicators under its own points — so the unweighted twin, which takes the
// report's printed maxima, is preferred, except in the weighted scheme's own
// region (a table flattened without its level column).
func markWeightedTwins(cands []candidate) {
	for i := range cands {
		w := cands[i]
		if w.s.Unweighted || w.region {
			continue
		}
		for _, u := range cands {
			if u.s.Unweighted && sameLevels(u.s, w.s) {
				cands[i].shadowed = true
				break
			}
		}
	}
}

// sameLevels: two schemes have the same level-1 names in the same order (twins).
func sameLevels(a, b *scheme.Scheme) bool {
	return slices.Equal(a.Level1Names(), b.Level1Names())
}

// schemeNote records that the scheme was chosen on uncertain evidence.
func (p *parser) schemeNote(chosen, other *scheme.Scheme, why string) {
	p.finding(report.Finding{
		Rule:     "scheme_uncertain",
		Severity: "info",
		Message:  fmt.Sprintf("评分方案判断不确定：%s；按“%s”评分，如有误请在清单或上传时指定评分方案", why, chosen.Name),
		Expected: other.Name,
		Found:    chosen.Name,
	})
}

// levelEvidence reports whether every level name of s stands as a level in
// the report, and how many of the points printed beside them agree with the
// scheme's (less those that disagree).
func (p *parser) levelEvidence(s *scheme.Scheme) (int, bool) {
	if len(s.Levels) == 0 {
		return 0, false
	}
	points := 0
	for _, l := range s.Levels {
		printed, ok := p.standingLevel(l.Name)
		if !ok {
			return 0, false
		}
		if printed != nil && !s.Unweighted {
			if *printed == l.Max {
				points++
			} else {
				points--
			}
		}
	}
	return points, true
}

// standingLevel finds name standing as a level: not preceded by a Han
// character, and followed by the end of the line, a non-Han character or one
// of levelSuffixes. It returns the points printed right after the first such
// occurrence that has them ("投入（20分）").
func (p *parser) standingLevel(name string) (*float64, bool) {
	h, ok := p.levelHits[name] // scanLevels
	if !ok {
		h = standingIn(p.fieldedText(), name)
	}
	return h.points, h.found
}

// standingIn is the plain scan of text for one level name standing (see
// standingLevel); scanLevels does every name in one pass and is checked
// against it.
func standingIn(all, name string) levelHit {
	var h levelHit
	for at := 0; at < len(all); {
		j := cjk.Index(all[at:], name)
		if j < 0 {
			break
		}
		i := at + j
		at = i + len(name)
		if !stands(all, i, name, levelSuffixes) {
			continue
		}
		h.found = true
		if v := pointsAfter(all, at); v != nil {
			h.points = v
			break
		}
	}
	return h
}

// stands reports whether the occurrence of name at byte i of text stands on
// its own: the rune before is not Han (or the line starts there), the rune
// after is not Han, or the text continues with one of suffixes.
func stands(text string, i int, name string, suffixes []string) bool {
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:i])
		if isHan(r) {
			return false
		}
	}
	rest := text[i+len(name):]
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	if !isHan(r) {
		return true
	}
	for _, s := range suffixes {
		if strings.HasPrefix(rest, s) {
			return true
		}
	}
	return false
}

func isHan(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }

// minIndicatorsNamed is how many of a scheme's indicators a report without
// its level names must name for the scheme to be considered.
const minIndicatorsNamed = 3

// indicatorsNamed counts s's indicators whose name or an alias stands in the
// report (not as the tail of a longer name: "合理性" inside "绩效目标合理性" is
// not the indicator 合理性).
func (p *parser) indicatorsNamed(s *scheme.Scheme) int {
	named := p.namedWhole(s) // namedAnywhere, one pass for the scheme
	n := 0
	for _, ind := range s.Indicators {
		for _, name := range append([]string{ind.Name}, ind.Aliases...) {
			if named(norm(name)) {
				n++
				break
			}
		}
	}
	return n
}

// namedAnywhere reports whether name occurs in text not preceded by a Han
// character (a whole name, not the tail of a longer one).
func namedAnywhere(text, name string) bool {
	if name == "" {
		return false
	}
	for at := 0; at < len(text); {
		j := cjk.Index(text[at:], name)
		if j < 0 {
			return false
		}
		i := at + j
		if i == 0 {
			return true
		}
		if r, _ := utf8.DecodeLastRuneInString(text[:i]); !isHan(r) {
			return true
		}
		at = i + len(name)
	}
	return false
}

// fieldedText is the document's text for telling a name that stands on its
// own from part of a longer word: each line normalised (norm) field by field,
// the fields joined by "|" and the lines by newlines. norm drops white space,
// which in a table flattened with spaces is all that separates its cells
// ("部门决策    目标设定" is two cells, not the word 部门决策目标设定).
func (p *parser) fieldedText() string {
	if p.fielded == "" && len(p.lines) > 0 {
		size := 0
		for _, l := range p.lines {
			size += len(l.text) + 1
		}
		var b strings.Builder
		b.Grow(size)
		for _, l := range p.lines {
			appendFielded(&b, l.text)
		}
		p.fielded = b.String()
	}
	return p.fielded
}

// levelSubtotal returns the level a subtotal row names ("投入小计",
// "部门决策合计", "过程得分"), or "".
func (p *parser) levelSubtotal(s *scheme.Scheme, name string) string {
	for _, suffix := range []string{"小计", "合计", "得分", "得分小计"} {
		if l, ok := strings.CutSuffix(name, suffix); ok && l != "" && p.isLevel1(s, l) {
			return l
		}
	}
	return ""
}

// totalMatch is re's first match in sent that states the total: "部门绩效得分
// 41.5分" is the subtotal of the level 部门绩效, not a 绩效得分 (total).
func (p *parser) totalMatch(s *scheme.Scheme, re *regexp.Regexp, sent string) []string {
	for _, ix := range re.FindAllStringSubmatchIndex(sent, -1) {
		if p.levelEndsAt(s, sent, ix[0]) {
			continue
		}
		m := make([]string, len(ix)/2)
		for k := range m {
			if ix[2*k] >= 0 {
				m[k] = sent[ix[2*k]:ix[2*k+1]]
			}
		}
		return m
	}
	return nil
}

// levelEndsAt reports whether a level name of the scheme ends inside the word
// starting at byte i of text: the level 部门绩效 before "得分" when a total
// pattern starts at its 绩效. Only the scheme's own levels count: in a report
// scored by 投入/过程/产出, "本部门绩效得分92分" states the total.
func (p *parser) levelEndsAt(s *scheme.Scheme, text string, i int) bool {
	for _, l := range s.Level1Names() {
		for k := 0; k < len(l); {
			_, size := utf8.DecodeRuneInString(l[k:])
			k += size
			// l = head + tail, text has head before i and tail from i.
			if k < len(l) && strings.HasSuffix(text[:i], l[:k]) && strings.HasPrefix(text[i:], l[k:]) {
				return true
			}
		}
	}
	return false
}

// pointsEndCell reports whether the first "(N分)" of a line ends a cell of a
// flattened table: "部门决策（25分）|目标任务|…" or "部门决策（25分）  目标任务 …".
func pointsEndCell(text string) bool {
	for _, close := range []string{"分)", "分）"} {
		if i := cjk.Index(text, close); i >= 0 {
			r, _ := utf8.DecodeRuneInString(text[i+len(close):])
			return r == '|' || r == '｜' || r == ' ' || r == '\t' || r == '\u3000'
		}
	}
	return false
}

// levelPairs moves c's weight and score to the pair after the name column when
// the header gives the levels their own 分值/得分 pairs before it, and keeps the
// level-1 group's score column for its subtotal.
func levelPairs(c *scoreCols, fields []string) {
	if c.name < 0 || c.weight < 0 || c.score < 0 || max(c.weight, c.score) > c.name {
		return
	}
	w, sc := -1, -1
	for i := c.name + 1; i < len(fields); i++ {
		t := norm(fields[i])
		switch {
		case w < 0 && (cjk.Contains(t, "分值") || cjk.Contains(t, "权重") || cjk.Contains(t, "满分")):
			w = i
		case sc < 0 && cjk.Contains(t, "得分"):
			sc = i
		}
	}
	if w < 0 || sc < 0 {
		return
	}
	if c.level1 >= 0 && c.score > c.level1 && (c.level2 < 0 || c.score < c.level2) {
		c.level1Score = c.score
	}
	c.weight, c.score, c.lastPair = w, sc, true
}

// levelPairScore is the level-1 group's own score in a row of a table whose
// levels have their own 分值/得分 pairs, or nil.
func levelPairScore(fields []string, c scoreCols) *float64 {
	if c.level1Score < 0 || c.level1Score >= len(fields) || !isPoints(fields[c.level1Score]) {
		return nil
	}
	return points(fields[c.level1Score])
}

// Score sheets without a 分值 column print each item's points in brackets
// after its name and its score after that: "部门决策(25分)|目标任务(15分)|
// 相关性(5分)|5". Flattened from a PDF they become a stream, the score at the
// start of the next line ("相关性(5 分)" / "5 明确性(5 分)" / "4 …").
var (
	// A name may hold a bracketed part without digits: 重点改革(重点工作)完成情况.
	streamItemRE  = regexp.MustCompile(`^((?:[^()\d|:;,，。；：]|\([^()\d]{1,20}\)){1,40}?)\((\d+(?:\.\d+)?)分\)`)
	streamScoreRE = regexp.MustCompile(`^(\d+(?:\.\d+)?)(?:分)?`)
)

// streamItem is a name with its points and, for a scored item, its score.
type streamItem struct {
	name   string
	max    float64
	score  *float64
	line   int // index in p.lines of the line holding the score (or the name)
	scored bool
}

// scoreStreams reads score sheets whose items carry their points in
// brackets, after a header with 指标 and 得分 but no 分值 column (scoreTables
// reads those with one). An item followed by a number is an indicator with
// its score; an item followed by another item is a group (level 1 when the
// scheme or the common names say so, else level 2). A stream with fewer than
// two scored items is not a sheet and yields nothing.
func (p *parser) scoreStreams(s *scheme.Scheme) {
	for i := 0; i < len(p.lines); i++ {
		l := p.lines[i]
		if l.inTable() || !cjk.Contains(l.norm, "得分") || !cjk.Contains(l.norm, "指标") {
			continue
		}
		if _, ok := scoreHeader(splitFields(l.text)); ok {
			continue
		}
		k := strings.LastIndex(l.norm, "得分")
		items, next := p.streamItems(i, l.norm[k+len("得分"):])
		p.placeStream(s, items)
		i = max(i, next-1)
	}
}

// streamItems tokenises the stream that starts with rest (the header line's
// tail, line i) and continues on the following lines; it returns the items
// and the index of the first line after the stream.
func (p *parser) streamItems(i int, rest string) ([]streamItem, int) {
	var items []streamItem
	li := i
	for {
		rest = strings.TrimLeft(rest, "|")
		switch {
		case rest == "":
			if li+1 >= len(p.lines) || p.lines[li+1].inTable() {
				return items, li + 1
			}
			n := p.lines[li+1].norm
			if !streamScoreRE.MatchString(n) && !streamItemRE.MatchString(n) {
				return items, li + 1
			}
			li++
			rest = n
		case len(items) > 0 && !items[len(items)-1].scored && streamScoreRE.MatchString(rest):
			m := streamScoreRE.FindStringSubmatch(rest)
			v, err := number.ParseDecimal(m[1])
			if err != nil {
				return items, li + 1
			}
			it := &items[len(items)-1]
			it.score, it.scored, it.line = &v, true, li
			rest = rest[len(m[0]):]
		default:
			m := streamItemRE.FindStringSubmatch(rest)
			if m == nil {
				return items, li + 1
			}
			v, err := number.ParseDecimal(m[2])
			if err != nil {
				return items, li + 1
			}
			items = append(items, streamItem{name: cleanIndicatorName(m[1]), max: v, line: li})
			rest = rest[len(m[0]):]
		}
	}
}

// placeStream adds a stream's scored items as indicators under the groups
// before them.
func (p *parser) placeStream(s *scheme.Scheme, items []streamItem) {
	scored := 0
	for _, it := range items {
		if it.scored {
			scored++
		}
	}
	if scored < 2 {
		return
	}
	var level1, level2 string
	for _, it := range items {
		if !it.scored {
			if p.isLevel1(s, it.name) {
				level1, level2 = it.name, ""
			} else {
				level2 = it.name
			}
			continue
		}
		l := p.lines[it.line]
		p.placeIndicator(s, report.Indicator{
			Name: it.name, Level1: level1, Level2: level2,
			MaxPoints: report.Float(it.max), DeclaredScore: it.score,
			Evidence: l.evidence(l.text),
		}, true)
	}
}

// streamResidue reports whether a name read before "(N分)" is a piece of a
// flattened score sheet rather than an indicator opening a paragraph: the
// previous item's score glued before it ("5明确性") or the sheet's header
// ("一级指标二级指标三级指标得分部门决策").
func streamResidue(name string) bool {
	if name != "" && name[0] >= '0' && name[0] <= '9' {
		return true
	}
	return cjk.Contains(name, "三级指标") || cjk.Contains(name, "一级指标")
}
