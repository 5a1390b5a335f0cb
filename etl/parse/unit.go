package parse

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"jixiao/etl/cjk"
	"jixiao/report"
)

// regionAliases lists, per canonical region, the spellings reports use.
// Regions of the scheme catalog are recognised too (spelled as in the scheme).
var regionAliases = []struct {
	canonical string
	aliases   []string
}{
	{"湘西州", []string{"湘西土家族苗族自治州", "湘西自治州", "湘西州"}},
	{"四川省", []string{"四川省", "四川"}},
}

var (
	fiscalYearRE = regexp.MustCompile(`(20\d\d)年度`)
	plainYearRE  = regexp.MustCompile(`(20\d\d)年`)
	renameRE     = regexp.MustCompile(`([\p{Han}()]{2,40}?)更名为([\p{Han}()]{2,40})`)
	// unitLabelRE is a labelled unit name, or a signature "部门（单位）（盖章）：X".
	unitLabelRE = regexp.MustCompile(`(?:(?:填报单位|单位名称|部门名称|预算单位|部门\(单位\)名称)(?:\((?:盖章|公章)\))?|(?:部门\(单位\)|单位)\((?:盖章|公章)\)):([^，,。；;:]{2,30})`)
	// titleRE is a report title: "X2022年度部门整体支出绩效自评报告", "关于X
	// 2021年度整体支出绩效自评情况的报告", or a 决算 publication's "X2022年度
	// 部门决算" (单位决算, 决算公开报告). It may end a longer line (a web page's breadcrumb), so it
	// starts after any non-Han character.
	titleRE = regexp.MustCompile(`(?:^|[^\p{Han}])(?:关于)?(\p{Han}{2,30}?)(?:(?:20\d\d年度?)?(?:部门|单位|机关)?(?:整体支出)?绩效(?:单位|部门)?(?:自评|评价)(?:自评)?(?:情况|结果)?(?:的)?报告|20\d\d年度?(?:部门|单位)?决算(?:公开)?(?:说明|报告)?)$`)
	// bareTitleRE is a title without the unit, which then stands on the line
	// before ("石门乡人民政府" / "2022年度整体支出绩效自评报告").
	bareTitleRE = regexp.MustCompile(`^(?:20\d\d年度?)?(?:部门|机关|单位)?(?:整体支出)?绩效(?:自评|评价)(?:自评)?(?:情况|结果)?(?:的)?报告$|^20\d\d年度?(?:部门)?决算(?:公开)?$`)
	parentRE    = regexp.MustCompile(`(?:为|是)(\p{Han}{2,20}?)(?:所属|下属|直属)`)
	orgSuffixRE = regexp.MustCompile(`(?:中心|局|委员会|委|办公室|办|院|所|站|馆|队|厅|处|会|部|署|社|台|团|校|园|行|集团|公司|政府|镇|乡|场|中学|小学|大学)$`)
	// chromeRE marks a web page's links to other articles, whose titles name
	// other units.
	chromeRE = regexp.MustCompile(`^(?:上一篇|下一篇|上一条|下一条|相关链接|相关阅读|相关文章|推荐阅读)`)
)

// fiscalYear is the year the report evaluates: the most frequent "20XX年度"
// (ties: the latest); without any, the most frequent "20XX年".
func (p *parser) fiscalYear() int {
	for _, re := range []*regexp.Regexp{fiscalYearRE, plainYearRE} {
		counts := map[int]int{}
		for _, l := range p.lines {
			if !l.digits || !cjk.Contains(l.norm, "年") {
				continue
			}
			for _, m := range re.FindAllStringSubmatch(l.norm, -1) {
				y, _ := strconv.Atoi(m[1])
				counts[y]++
			}
		}
		best, bestN := 0, 0
		for y, n := range counts {
			if n > bestN || (n == bestN && y > best) {
				best, bestN = y, n
			}
		}
		if best != 0 {
			return best
		}
	}
	return 0
}

// region finds the region the report names most often (a unit name that
// starts with a region decides outright). The count is kept: a parser's
// catalog regions are always its catalog's.
func (p *parser) region(name string, catalogRegions []string) string {
	type cand struct {
		canonical string
		spell     []string
	}
	var cands []cand
	known := map[string]bool{}
	for _, r := range regionAliases {
		cands = append(cands, cand{r.canonical, r.aliases})
		known[r.canonical] = true
	}
	for _, r := range catalogRegions {
		if !known[r] {
			cands = append(cands, cand{r, []string{r}})
			known[r] = true
		}
	}
	for _, c := range cands {
		for _, a := range c.spell {
			if name != "" && strings.HasPrefix(name, a) {
				return c.canonical
			}
		}
	}
	if p.namedRegion != nil {
		return *p.namedRegion
	}
	var spells []string
	for _, c := range cands {
		spells = append(spells, c.spell...)
	}
	counts := countEach(p.normText(), spells)
	best, bestN := "", 0
	k := 0
	for _, c := range cands {
		n := 0
		for range c.spell {
			n += counts[k]
			k++
		}
		if n > bestN {
			best, bestN = c.canonical, n
		}
	}
	p.namedRegion = &best
	return best
}

// countEach returns, for each sub of subs, strings.Count summed over the
// lines of text (normText: each line followed by a newline). No spelling
// holds a newline, so one Count over the whole text gives that sum, but for
// the empty sub, which Count also finds once more at the text's end.
func countEach(text string, subs []string) []int {
	counts := make([]int, len(subs))
	for k, sub := range subs {
		counts[k] = cjk.Count(text, sub)
		if sub == "" {
			counts[k]--
		}
	}
	return counts
}

// canonical prefixes a unit name with its region: "州投资促进事务中心" in
// 湘西州 is "湘西州投资促进事务中心", and a long spelling of the region
// ("湘西土家族苗族自治州…") becomes the canonical one.
func canonical(name, region string) string {
	if name == "" || region == "" {
		return name
	}
	for _, r := range regionAliases {
		if r.canonical != region {
			continue
		}
		for _, a := range r.aliases {
			if strings.HasPrefix(name, a) {
				return region + strings.TrimPrefix(name, a)
			}
		}
	}
	if strings.HasPrefix(name, region) {
		return name
	}
	// "州…" in a 州, "市…" in a 市: the name omits its own region.
	last, _ := utf8.DecodeLastRuneInString(region)
	first, size := utf8.DecodeRuneInString(name)
	if first == last && runeLen(name) > 2 {
		return region + name[size:]
	}
	return name
}

// rename is one "A更名为B" statement.
type rename struct {
	from, to string
	ev       *report.Evidence
}

func (p *parser) renames() []rename {
	var out []rename
	// The lines whose norm holds 更名为, found in normText in one search.
	all, last := p.normText(), -1
	for at := 0; ; {
		i := cjk.Index(all[at:], "更名为")
		if i < 0 {
			break
		}
		li := p.lineAt(at + i)
		at += i + len("更名为")
		if li == last {
			continue
		}
		last = li
		l := p.lines[li]
		for _, sent := range l.sents {
			for _, m := range renameRE.FindAllStringSubmatch(sent.norm, -1) {
				to := trimOrgRight(m[2])
				from := trimOrgLeft(m[1], to)
				if runeLen(from) < 3 || runeLen(to) < 3 {
					continue
				}
				out = append(out, rename{from: from, to: to, ev: l.evidence(sent.text)})
			}
		}
	}
	return out
}

// trimOrgLeft cuts what precedes the old name ("…文件精神州投资促进事务局"):
// names before and after a rename usually share their first characters.
func trimOrgLeft(s, to string) string {
	if runeLen(to) >= 2 {
		prefix := string([]rune(to)[:2])
		if i := strings.LastIndex(s, prefix); i >= 0 && runeLen(s[i:]) >= 3 {
			s = s[i:]
		}
	}
	for _, lead := range []string{"根据", "经", "将", "由", "原"} {
		s = strings.TrimPrefix(s, lead)
	}
	return s
}

// trimOrgRight cuts what follows the new name ("…中心为州商务局所属").
func trimOrgRight(s string) string {
	if i := cjk.Index(s, "("); i > 0 {
		s = s[:i]
	}
	r := []rune(s)
	for i := 4; i < len(r); i++ {
		if r[i] == '为' && orgSuffixRE.MatchString(string(r[:i])) {
			return string(r[:i])
		}
	}
	return s
}

// unit fills report.Unit: the name from options, the 评价人员 table, a label
// such as 填报单位, the title line, or the target of a rename; the full name
// from the title; region, canonical name, former names and parent from the
// text. It sets p.area, the region whose scheme applies (regionOf).
func (p *parser) unit(override string, catalogRegions []string, title docTitle) {
	u := &p.rep.Unit
	rens := p.renames()
	switch {
	case override != "":
		u.Name = strings.TrimSpace(override)
	default:
		u.Name, u.Evidence = p.unitName(rens)
		if u.Name == "" && title.unit != "" {
			u.Name, u.Evidence = title.unit, title.ev
		}
	}
	u.FullName = title.unit
	p.area = p.region(u.Name, catalogRegions)
	u.Region = p.unitRegion(u.FullName, u.Name, catalogRegions)
	u.CanonicalName = canonical(u.Name, u.Region)
	if u.Name == "" {
		p.missing("unit.name")
	}
	if u.Region == "" {
		p.missing("unit.region")
	}
	canon := func(name string) string {
		if c := canonical(name, u.Region); c != name {
			return c
		}
		return canonical(name, p.area)
	}
	seen := map[string]bool{}
	for _, r := range rens {
		if u.Name == "" || canon(r.to) != u.CanonicalName {
			continue
		}
		if f := canon(r.from); !seen[f] && f != u.CanonicalName {
			seen[f] = true
			u.FormerNames = append(u.FormerNames, f)
		}
	}
	for _, l := range p.lines {
		s := l.norm
		if u.Name == "" || !cjk.Contains(s, "属") || !(cjk.Contains(s, u.Name) || cjk.Contains(s, "本单位")) {
			continue
		}
		if m := parentRE.FindStringSubmatch(s); m != nil {
			if parent := canon(m[1]); parent != u.CanonicalName && orgSuffixRE.MatchString(parent) {
				u.Parent = parent
				break
			}
		}
	}
}

// regionPrefixRE is a place name opening a unit's name: two or three
// characters (a minority name and 自治 may follow) and 省/州/市/县/区/旗.
var regionPrefixRE = regexp.MustCompile(`^(\p{Han}{2,3}?(?:(?:土家族|苗族|侗族|瑶族|壮族|彝族|藏族|羌族|白族|回族)*自治)?(?:省|州|市|县|区|旗))`)

// notRegion are names regionPrefixRE takes for a place but that are not one
// ("开发区管委会", "农贸市场服务中心").
var notRegion = []string{"开发区", "高新区", "新区", "园区", "景区", "社区", "片区", "城区", "辖区", "库区", "矿区", "林区", "保护区", "示范区", "试验区", "实验区", "功能区", "产业区"}

// regionOf returns the region a unit's name opens with, in its canonical
// spelling ("湘西土家族苗族自治州…" is 湘西州): a known region, or a place name
// ("凤凰县财政局" → 凤凰县, "怀化市商务局" → 怀化市); "" when the name opens
// with none ("县财政局", "州投资促进事务中心", "统计数据汇总中心").
func regionOf(name string, catalogRegions []string) string {
	for _, r := range regionAliases {
		for _, a := range r.aliases {
			if strings.HasPrefix(name, a) && name != a {
				return r.canonical
			}
		}
	}
	for _, r := range catalogRegions {
		if strings.HasPrefix(name, r) && name != r {
			return r
		}
	}
	m := regionPrefixRE.FindString(name)
	if m == "" || m == name {
		return ""
	}
	for _, w := range notRegion {
		if strings.HasSuffix(m, w) {
			return ""
		}
	}
	// "…市场", "…市民", "…县级": the character after is part of a word.
	if next := strings.TrimPrefix(name, m); strings.HasPrefix(next, "场") || strings.HasPrefix(next, "民") || strings.HasPrefix(next, "级") {
		return ""
	}
	return m
}

// unitRegion is report.Unit.Region, part of the unit's identity: the region
// the title's full name opens with, else the one the name opens with, else
// the report's area (the region it names most) — unless the name opens with
// a bare county-level word ("县财政局", "市教育局"): every county's unit signs
// so, and the prefecture would merge them, so the region stays unknown.
func (p *parser) unitRegion(full, name string, catalogRegions []string) string {
	if r := regionOf(full, catalogRegions); r != "" {
		return r
	}
	if r := regionOf(name, catalogRegions); r != "" {
		return r
	}
	for _, bare := range []string{"县", "市", "区", "旗", "乡", "镇"} {
		if strings.HasPrefix(name, bare) && !strings.HasSuffix(p.area, bare) {
			return ""
		}
	}
	return p.area
}

func (p *parser) unitName(rens []rename) (string, *report.Evidence) {
	// The evaluators' unit: the people who signed the evaluation.
	counts := map[string]int{}
	var order []string
	for _, e := range p.rep.Evaluators {
		if e.Unit == "" {
			continue
		}
		if counts[e.Unit] == 0 {
			order = append(order, e.Unit)
		}
		counts[e.Unit]++
	}
	best := ""
	for _, n := range order {
		if counts[n] > counts[best] {
			best = n
		}
	}
	if best != "" {
		for _, l := range p.lines {
			// compact only drops: a shorter cell cannot spell best.
			if l.inTable() && len(l.text) >= len(best) && compact(l.text) == best {
				return best, l.evidence(l.text)
			}
		}
		return best, nil
	}
	for _, l := range p.lines {
		s := l.norm
		if !cjk.Contains(s, "名称") && !cjk.Contains(s, "单位") {
			continue
		}
		if m := unitLabelRE.FindStringSubmatch(s); m != nil && orgSuffixRE.MatchString(m[1]) {
			return m[1], l.evidence(l.text)
		}
	}
	if c := p.layout.cover; c.unit != "" {
		// A cover's 部门（单位）名称 with the name on the next line.
		return c.unit, c.unitEv
	}
	if name, ev := p.titleUnit(); name != "" {
		return name, ev
	}
	if len(rens) > 0 {
		return rens[0].to, rens[0].ev
	}
	return "", nil
}

// titleUnit reads the unit from the report's title: a line that is the
// whole title first, then a title ending a longer line (a breadcrumb), then a
// bare title under a line holding only the unit's name.
func (p *parser) titleUnit() (string, *report.Evidence) {
	title := func(l line) bool {
		s := l.norm
		return !l.inTable() && runeLen(s) <= 80 && (strings.HasSuffix(s, "报告") || cjk.Contains(s, "决算")) && !chromeRE.MatchString(s)
	}
	for _, whole := range []bool{true, false} {
		for _, l := range p.lines {
			if !title(l) {
				continue
			}
			m := titleRE.FindStringSubmatchIndex(l.norm)
			if m == nil || whole && m[0] != 0 {
				continue
			}
			name := trimYearLead(l.norm[m[2]:m[3]], l.norm)
			if runeLen(name) >= 4 && orgSuffixRE.MatchString(name) {
				return name, l.evidence(l.text)
			}
		}
	}
	for i, l := range p.lines {
		if i == 0 || !title(l) || !bareTitleRE.MatchString(l.norm) {
			continue
		}
		prev := p.lines[i-1]
		name := prev.norm
		if !prev.inTable() && runeLen(name) >= 4 && runeLen(name) <= 30 && hanOnly(name) && orgSuffixRE.MatchString(name) {
			return name, prev.evidence(prev.text + "\n" + l.text)
		}
	}
	return "", nil
}

func hanOnly(s string) bool {
	for _, r := range s {
		if r < 0x4E00 || r > 0x9FFF {
			return false
		}
	}
	return s != ""
}
