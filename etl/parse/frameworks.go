package parse

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

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
//     counts against it (an unweighted framework has no points to compare);
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
}

func (c candidate) score() float64 {
	s := 2*float64(c.points) + 10*c.indicators
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
	var cands []candidate
	for _, id := range cat.IDs() {
		s, _ := cat.Scheme(id)
		pts, ok := p.levelEvidence(s)
		if !ok {
			continue
		}
		cands = append(cands, candidate{s: s, points: pts, region: s == region})
	}
	if len(cands) == 0 {
		// No scheme's level names stand in the report: its indicator names
		// may still tell (a table flattened without its level column).
		for _, id := range cat.IDs() {
			s, _ := cat.Scheme(id)
			if n := p.indicatorsNamed(s); n >= minIndicatorsNamed {
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
	// Several schemes fit the report's level names: the indicators decide,
	// by the share of the scheme they cover and their number against the
	// best candidate's (a large scheme of common names must not win on its
	// size, nor a small one on a few names).
	most := 0
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
	all := p.fieldedText()
	found := false
	for at := 0; at < len(all); {
		j := strings.Index(all[at:], name)
		if j < 0 {
			break
		}
		i := at + j
		at = i + len(name)
		if !stands(all, i, name, levelSuffixes) {
			continue
		}
		found = true
		after := strings.TrimPrefix(all[at:min(len(all), at+24)], "|")
		if m := levelPointsRE.FindStringSubmatch(after); m != nil {
			if v, err := number.ParseDecimal(m[1]); err == nil {
				return &v, true
			}
		}
	}
	return nil, found
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
	all := p.fieldedText()
	n := 0
	for _, ind := range s.Indicators {
		for _, name := range append([]string{ind.Name}, ind.Aliases...) {
			if namedAnywhere(all, norm(name)) {
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
		j := strings.Index(text[at:], name)
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
		var b strings.Builder
		for _, l := range p.lines {
			for i, f := range strings.Fields(l.text) {
				if i > 0 {
					b.WriteByte('|')
				}
				b.WriteString(norm(f))
			}
			b.WriteByte('\n')
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
		if i := strings.Index(text, close); i >= 0 {
			r, _ := utf8.DecodeRuneInString(text[i+len(close):])
			return r == '|' || r == '｜' || r == ' ' || r == '\t' || r == '\u3000'
		}
	}
	return false
}
