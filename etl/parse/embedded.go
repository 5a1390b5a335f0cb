package parse

import (
	"regexp"
	"strings"

	"jixiao/etl/cjk"
	"jixiao/etl/extract"
	"jixiao/report"
)

// The self-evaluation chapter of a 决算公开 document. Such a document states
// the unit's final accounts (收入支出决算总表, 情况说明) and, in one chapter,
// its 部门整体支出 self-evaluation. Only that chapter is read: the final
// accounts' own totals, staff numbers and tables are another publication's
// figures, and filed as the self-evaluation's they would be figures the
// self-evaluation never stated. The chapter runs from its heading to the
// next heading of the same or a higher rank; the table of contents, which
// lists the same headings, is passed over.

// headingRE is a numbered heading, normalised: 第X部分 / 第X章, X、, (X),
// 附件N / 附表N.
var headingRE = regexp.MustCompile(`^(?:第([一二三四五六七八九十]{1,3})(?:部分|章)|([一二三四五六七八九十]{1,3})、|\(([一二三四五六七八九十]{1,3})\)|(?:附件|附表)(\d{0,2}))`)

// Heading ranks: a part or chapter, a numbered section, a bracketed one; an
// attachment; a heading without a number (the embedded report's own title).
const (
	rankPart = iota + 1
	rankSection
	rankSub
	rankAnnex
	rankTitle
)

// heading is a heading line: its rank and number (0 when it has none).
type heading struct {
	line, rank, num int
}

// maxSectionRunes bounds a section heading's length: a longer line is a sentence.
const maxSectionRunes = 50

// headingAt reads line i as a heading.
func (p *parser) headingAt(i int) (heading, bool) {
	l := p.lines[i]
	if l.inTable() || runeLen(l.norm) > maxSectionRunes || strings.HasSuffix(l.norm, "。") || contentsEntry(l.norm) {
		return heading{}, false
	}
	m := headingRE.FindStringSubmatch(l.norm)
	switch {
	case m == nil:
		return heading{}, false
	case m[1] != "":
		return heading{i, rankPart, hanNumber(m[1])}, true
	case m[2] != "":
		return heading{i, rankSection, hanNumber(m[2])}, true
	case m[3] != "":
		return heading{i, rankSub, hanNumber(m[3])}, true
	}
	return heading{i, rankAnnex, 0}, true
}

// selfEvaluationHeading reports whether a heading (normalised) names the
// department's self-evaluation: 绩效 with 自评 or 评价, of the 部门 / 单位 /
// 整体, not of a project.
func selfEvaluationHeading(s string) bool {
	if !cjk.Contains(s, "绩效") || !cjk.Contains(s, "自评") && !cjk.Contains(s, "评价") {
		return false
	}
	if cjk.Contains(s, "项目") && !cjk.Contains(s, "整体") {
		return false
	}
	return cjk.Contains(s, "整体") || cjk.Contains(s, "部门") || cjk.Contains(s, "单位")
}

// excerpt finds the self-evaluation chapter of a 决算公开 document and
// returns the document cut down to it, and to the title (t) and what stands
// above the title, which name the unit and the year. Blocks outside are
// emptied, not removed, so that evidence keeps the block numbers of the
// document as extracted. ok is false when no chapter is found.
func (p *parser) excerpt(doc *extract.Document, t docTitle) (*extract.Document, *report.Excerpt, bool) {
	toc := p.tableOfContents()
	start := heading{line: -1}
	for i, l := range p.lines {
		if toc[i] || i == t.line || !selfEvaluationHeading(l.norm) {
			continue
		}
		if h, ok := p.headingAt(i); ok {
			start = h
			break
		}
		// An embedded report under its own title, without a number.
		if !l.inTable() && runeLen(l.norm) <= maxSectionRunes && titleEndRE.MatchString(l.norm) {
			start = heading{i, rankTitle, 0}
			break
		}
	}
	if start.line < 0 {
		return nil, nil, false
	}
	end := len(p.lines)
	for i := start.line + 1; i < len(p.lines); i++ {
		if h, ok := p.headingAt(i); ok && !toc[i] && ends(start, h) {
			end = i
			break
		}
	}
	first, last := p.lines[start.line].block, len(doc.Blocks)-1
	ex := &report.Excerpt{Heading: strings.TrimSpace(p.lines[start.line].text), StartBlock: first}
	if end < len(p.lines) {
		ex.EndHeading = strings.TrimSpace(p.lines[end].text)
		// A paragraph holding both headings (a PDF's) is kept whole.
		last = max(first, p.lines[end].block-1)
	}
	ex.EndBlock = last
	keepTo := -1 // the title and what stands above it
	if t.line >= 0 && t.line < start.line {
		keepTo = p.lines[t.line].block
	}
	cut := *doc
	cut.Blocks = make([]extract.Block, len(doc.Blocks))
	for i, b := range doc.Blocks {
		if i <= keepTo || i >= first && i <= last {
			cut.Blocks[i] = b
		} else {
			cut.Blocks[i] = extract.Block{Kind: extract.Paragraph}
		}
	}
	return &cut, ex, true
}

// ends reports whether heading h ends the chapter opened by start: a part
// ends at the next part or attachment, an attachment at the next
// attachment, a section at the next section numbered after it or a higher
// heading, a bracketed section likewise; an embedded report's title at the
// next part or attachment.
func ends(start, h heading) bool {
	switch start.rank {
	case rankPart, rankTitle:
		return h.rank == rankPart || h.rank == rankAnnex
	case rankAnnex:
		return h.rank == rankAnnex
	case rankSection:
		return h.rank == rankPart || h.rank == rankAnnex || h.rank == rankSection && h.num > start.num
	}
	return h.rank == rankPart || h.rank == rankAnnex || h.rank == rankSection || h.rank == rankSub && h.num > start.num
}

// tableOfContents marks the lines of a table of contents: after a line
// 目录 / 目次, the headings that follow it, up to the first line that is not
// a heading or a heading the contents already listed (the body's first).
func (p *parser) tableOfContents() map[int]bool {
	toc := map[int]bool{}
	for i, l := range p.lines {
		if l.inTable() || l.norm != "目录" && l.norm != "目次" {
			continue
		}
		seen := map[string]bool{}
		for j := i + 1; j < len(p.lines); j++ {
			entry := strings.TrimRight(strings.TrimRight(p.lines[j].norm, "0123456789"), ".…·-")
			if _, ok := p.headingAt(j); !ok && !contentsEntry(p.lines[j].norm) || seen[entry] {
				break
			}
			seen[entry] = true
			toc[j] = true
		}
		break
	}
	return toc
}
