package parse

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"jixiao/etl/cjk"
	"jixiao/report"
)

// The report's title and what it says about the document: the evaluated
// year, the unit's full name, whether the document is a corrected version.
// A title decides the fiscal year (DESIGN §3): a narrative copied from the
// previous year keeps the old year in its body, and counting the body's
// years filed a FY2022 report as FY2021, where it replaced the real one.

// maxTitleLines is how far into the document a title may stand (a cover, a
// web page's breadcrumb and date lines come before it).
const maxTitleLines = 15

var (
	// titleEndRE is how a title line ends: a self-evaluation or evaluation
	// report, a 决算 publication, optionally followed by a bracketed marker
	// such as "（修订版）".
	titleEndRE  = regexp.MustCompile(`(?:绩效(?:单位|部门)?(?:自评|评价)(?:自评)?(?:情况|结果)?(?:的)?(?:报告|(?:指标)?评分表|表)|决算(?:公开)?(?:说明|报告)?)(?:\([^()]{1,8}\)|(?:更正|修改|修订|修正|最终)(?:版|稿)|终稿)?$`)
	titleYearRE = regexp.MustCompile(`(20\d\d)年(度)?`)
	// projectTitleRE is a project's title: the unit, the year, the project's
	// name, 项目(支出)绩效自评报告.
	projectTitleRE = regexp.MustCompile(`^(?:关于)?(\p{Han}{2,30}?)20\d\d年度?\p{Han}{1,40}?项目(?:支出)?绩效(?:单位)?(?:自评|评价)`)
	// yearFirstTitleRE is a 决算 publication's title that opens with its
	// year: "2021年度XX中学部门决算", "2020年XX中心决算公开报告".
	// scoreTableTitleRE is a department's score table printed as the
	// document's title: "XX局2022年度部门整体支出绩效评价评分表", "…绩效评价指
	// 标评分表". 整体支出 is required: a 项目 score table names a project.
	scoreTableTitleRE = regexp.MustCompile(`^(\p{Han}{4,30}?)20\d\d年度?(?:部门|单位|机关)整体支出绩效(?:自评|评价)(?:指标)?评分表$`)
	yearFirstTitleRE  = regexp.MustCompile(`^20\d\d年度?(\p{Han}{4,30}?)(?:部门|单位)?决算(?:公开)?(?:说明|报告)?$`)
)

// savedNameExts are the extensions of a saved file's name that a page
// prints as its title ("…决算公开报告.doc").
var savedNameExts = []string{".doc", ".docx", ".xls", ".xlsx", ".pdf", ".wps", ".et"}

// trimSavedName drops a saved file's extension that ends s. (An expression
// for it, `\.(?:docx?|…)$`, was tried at every position of each of the
// first lines, twice per title search; fastpath_test.go keeps it as the
// reference.)
func trimSavedName(s string) string {
	for _, ext := range savedNameExts {
		if strings.HasSuffix(s, ext) {
			return s[:len(s)-len(ext)]
		}
	}
	return s
}

// docTitle is the report's title as found in its first lines.
type docTitle struct {
	line int    // index in p.lines; -1 without a title
	text string // as written (a two-line title joined)
	year int    // the year the title names; 0 for none or several
	unit string // the unit the title names (its full name), "" for none
	ev   *report.Evidence
}

// findTitle returns the report's title among the first maxTitleLines lines:
// a line that is not a table cell nor a link to another article, at most 80
// characters, ending as a title does (titleEndRE). A line that is only the
// title wins over one where it ends a breadcrumb ("首页 > … > X2022年度…"),
// of which only the part after the last separator is the title. A title
// without a unit takes the unit from the line above when that line is only
// a unit's name.
func (p *parser) findTitle() docTitle {
	for _, whole := range []bool{true, false} {
		for i, l := range p.lines {
			if i >= maxTitleLines {
				break
			}
			// A web page's table copied as text ends its cells with a bar;
			// a page may title itself with the saved file's name.
			s := trimSavedName(strings.TrimRight(l.norm, "|"))
			if l.inTable() || runeLen(s) > 80 || chromeRE.MatchString(s) || !titleEndRE.MatchString(s) {
				continue
			}
			text := trimSavedName(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(l.text), "|")))
			if k := cjk.LastIndexAny(text, breadcrumbSeps); k >= 0 {
				if whole {
					continue
				}
				_, size := utf8.DecodeRuneInString(text[k:])
				text = strings.TrimSpace(text[k+size:])
				s = p.norm(text)
			}
			t := p.titleAt(i, text, s)
			if t.year == 0 {
				t = p.yearUnderTitle(t)
			}
			if t.year == 0 && t.unit == "" {
				// "绩效评价自评报告" under "XX局" / "2018年度部门整体支出".
				if b := p.brokenTitleEnding(i); b.line >= 0 {
					return b
				}
			}
			return t
		}
	}
	return p.brokenTitle()
}

// breadcrumbSeps separate a web page's breadcrumb ("首页 > 政务公开 > …").
const breadcrumbSeps = ">›»|"

// titleAt reads the title on line i: text as written, s normalised.
func (p *parser) titleAt(i int, text, s string) docTitle {
	l := p.lines[i]
	t := docTitle{line: i, text: text, year: titleYear(s), ev: l.evidence(l.text)}
	if m := titleRE.FindStringSubmatch(stripMarker(s)); m != nil && runeLen(trimYearLead(m[1], s)) >= 4 && orgSuffixRE.MatchString(m[1]) {
		t.unit = trimYearLead(m[1], s)
	} else if m := projectTitleRE.FindStringSubmatch(s); m != nil && runeLen(m[1]) >= 4 && orgSuffixRE.MatchString(m[1]) {
		t.unit = m[1]
	} else if m := yearFirstTitleRE.FindStringSubmatch(stripMarker(s)); m != nil && orgSuffixRE.MatchString(m[1]) {
		t.unit = m[1]
	} else if m := scoreTableTitleRE.FindStringSubmatch(stripMarker(s)); m != nil && orgSuffixRE.MatchString(m[1]) {
		t.unit = m[1]
	} else if i > 0 && bareTitleRE.MatchString(stripMarker(s)) {
		prev := p.lines[i-1]
		if name := prev.norm; !prev.inTable() && runeLen(name) >= 4 && runeLen(name) <= 30 && hanOnly(name) && orgSuffixRE.MatchString(name) {
			t.unit = name
			t.text = strings.TrimSpace(prev.text) + text
			t.ev = prev.evidence(prev.text + "\n" + l.text)
		}
	}
	return t
}

// stripMarker removes a trailing revision marker, so that the title patterns
// of unit.go see the title itself.
func stripMarker(s string) string {
	if m := revisionEndRE.FindStringIndex(s); m != nil {
		return s[:m[0]]
	}
	return s
}

// titleYear is the year a title names: the only one, or the only one written
// as "20XX年度" when there are several; 0 otherwise.
func titleYear(s string) int {
	var all, fiscal []int
	for _, m := range titleYearRE.FindAllStringSubmatch(s, -1) {
		y, _ := strconv.Atoi(m[1])
		all = appendNewInt(all, y)
		if m[2] != "" {
			fiscal = appendNewInt(fiscal, y)
		}
	}
	switch {
	case len(all) == 1:
		return all[0]
	case len(fiscal) == 1:
		return fiscal[0]
	}
	return 0
}

func appendNewInt(xs []int, x int) []int {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// yearCounts counts the "20XX年" tokens ("20XX年度" included) of every line
// but skip.
func (p *parser) yearCounts(skip int) map[int]int {
	counts := map[int]int{}
	for i, l := range p.lines {
		if i == skip || !l.digits || !cjk.Contains(l.norm, "年") {
			continue
		}
		for _, m := range plainYearRE.FindAllStringSubmatch(l.norm, -1) {
			y, _ := strconv.Atoi(m[1])
			counts[y]++
		}
	}
	return counts
}

// minBodyYears is how often the body must name another year, and how many
// times more often than the title's, before title and body are said to
// disagree: a report names next year's plans and last year's comparisons.
const minBodyYears = 3

// checkTitleYear raises year_title_body_mismatch when the body speaks of
// another year far more often than of the title's: the narrative copied from
// another year's report, or a title left from one.
func (p *parser) checkTitleYear(t docTitle) {
	if t.year == 0 {
		return
	}
	counts := p.yearCounts(t.line)
	body, n := 0, 0
	for y, c := range counts {
		if c > n || c == n && y == t.year {
			body, n = y, c
		}
	}
	if body == 0 || body == t.year || n < minBodyYears || n <= 2*counts[t.year] {
		return
	}
	p.finding(report.Finding{
		Rule:     "year_title_body_mismatch",
		Severity: "error",
		Message: fmt.Sprintf("标题写明评价%d年度，正文却多处写%d年（%d处，%d年仅%d处），请核实是否沿用了其他年度的报告内容；评价年度按标题取%d年",
			t.year, body, n, t.year, counts[t.year], t.year),
		Expected: strconv.Itoa(t.year) + "年",
		Found:    strconv.Itoa(body) + "年",
		Evidence: t.ev,
	})
}

// revisionMarkRE finds a revision marker in brackets: "（修订版）", "【更正】",
// "(v2)", "（第二版）". revisionEndRE finds one ending a title or standing as a
// short heading: "…报告修订稿", "更正版", "终稿", "…V2". Ordinary sentences
// ("修改完善制度") never match: the word must be a version's name.
var (
	revisionMarkRE = regexp.MustCompile(`[(\[【〔]((?:更正|修改|修订|修正|最终)(?:版|稿|后|本)?|终稿|定稿|第[二三四五六七八九十2-9]版|[vV][2-9]\d?)[)\]】〕]`)
	revisionEndRE  = regexp.MustCompile(`(?:\((?:更正|修改|修订|修正|最终)(?:版|稿|后|本)?\)|\(终稿\)|\(第[二三四五六七八九十2-9]版\)|\([vV][2-9]\d?\)|(?:更正|修改|修订|修正|最终)(?:版|稿)|终稿|第[二三四五六七八九十2-9]版|[vV][2-9]\d?)$`)
)

// mayMarkRevision reports whether s can hold a match of revisionMarkRE: every
// match opens with a bracket.
func mayMarkRevision(s string) bool { return cjk.IndexAny(s, "([【〔") >= 0 }

// mayEndRevision reports whether s can end with a match of revisionEndRE:
// every match ends with ")", 版, 稿 or a digit.
func mayEndRevision(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == ')' || r == '版' || r == '稿' || r >= '0' && r <= '9'
}

// maxHeadingRunes bounds an opening line that may carry a revision marker
// without being the title: a heading, not a sentence.
const maxHeadingRunes = 30

// revision returns the marker that makes the document a corrected version:
// in its title, or in a heading-level line among its first lines.
func (p *parser) revision(t docTitle) *report.Revision {
	for i, l := range p.lines {
		if i >= maxTitleLines {
			break
		}
		s := l.norm
		if i != t.line && (runeLen(s) > maxHeadingRunes || l.inTable() && runeLen(s) > 12) {
			continue
		}
		if !mayMarkRevision(s) && !mayEndRevision(s) {
			continue // most opening lines: neither expression can match
		}
		if m := revisionMarkRE.FindStringSubmatch(s); m != nil {
			return &report.Revision{Marker: m[1], Where: "text"}
		}
		if m := revisionEndRE.FindString(s); m != "" && (i == t.line || runeLen(s) <= 12) {
			return &report.Revision{Marker: strings.Trim(m, "()"), Where: "text"}
		}
	}
	return nil
}
