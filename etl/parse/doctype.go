package parse

import (
	"fmt"
	"regexp"
	"strings"

	"jixiao/etl/cjk"
	"jixiao/etl/extract"
	"jixiao/report"
)

// Which kind of document a file is, decided before any figure is read
// (DESIGN §3, docs/decisions.md "Document types"): a 部门整体支出
// self-evaluation is read whole; a 决算公开 document is cut down to its
// self-evaluation chapter (embedded.go); a 项目支出 self-evaluation and a
// document that is plainly something else (预算公开, 通知 …) are refused with
// a TypeError, never read as a department's report — a project's budget and
// indicator figures filed as the department's would be wrong figures.

// TypeError says a document is not one the warehouse loads: a 项目支出
// self-evaluation, a 决算公开 document without a self-evaluation chapter, or
// something else. Its text is the user's message (Chinese), whole.
type TypeError struct {
	// Type is report.DocumentProject, DocumentFinalAccounts or DocumentOther.
	Type string
	// What the document is, as users name it (部门预算公开文件, 通知 …).
	What string
	// Project is a project report's project name, when it gives one.
	Project string
	// Why is the text that decided (a title, a form label), as written.
	Why      string
	Evidence *report.Evidence
	// Identity is the unit and year the document names (its Type is
	// Type's): a refused document still says whose it is.
	Identity Identity
}

func (e *TypeError) Error() string {
	why := ""
	if e.Why != "" {
		why = "（依据：“" + e.Why + "”）"
	}
	switch e.Type {
	case report.DocumentProject:
		name := ""
		if e.Project != "" {
			name = "“" + e.Project + "”的"
		}
		return fmt.Sprintf("这是%s项目支出绩效自评报告，不是部门整体支出绩效自评报告，未入库：项目的预算和绩效指标不是部门整体的数据，请提交本单位的部门整体支出绩效自评报告%s", name, why)
	case report.DocumentFinalAccounts:
		return "这是部门决算公开文件，其中没有找到部门整体支出绩效自评部分（按“部门整体支出绩效自评”等章节标题查找），未入库；请单独提交部门整体支出绩效自评报告" + why
	}
	what := e.What
	if what == "" {
		what = "其他文件"
	}
	return fmt.Sprintf("这不是部门整体支出绩效自评报告（看来是%s），未入库%s", what, why)
}

// kind is what admit decided and why.
type kind struct {
	typ     string
	what    string
	project string
	why     string
	ev      *report.Evidence
}

func (k kind) err() *TypeError {
	return &TypeError{Type: k.typ, What: k.what, Project: k.project, Why: k.why, Evidence: k.ev}
}

var (
	// projectNameRE is a project's name in a project report's title: after
	// the year, up to 项目.
	projectNameRE = regexp.MustCompile(`20\d\d年度?(?:部门)?(\p{Han}{1,40}?项目)(?:支出)?(?:绩效|资金)`)
	// projectFormRE heads the project self-evaluation form.
	projectFormRE = regexp.MustCompile(`项目(?:支出)?绩效(?:自评|目标自评|评价)表`)
	// finalAccountsHeadingRE heads a 决算公开 document whose title the
	// title patterns missed (a cover line: 2022年部门决算公开).
	finalAccountsHeadingRE = regexp.MustCompile(`^[^预]{0,30}决算(?:信息)?(?:公开)?(?:说明|报告)?$`)
	// budgetHeadingRE heads a budget publication (部门预算公开说明).
	budgetHeadingRE = regexp.MustCompile(`(?:部门|单位)预算|预算(?:信息)?公开`)
)

// noticeEnds end the headings of official correspondence about the
// evaluation (a notice to carry it out, rules, a reply); a letter sending a
// report (报送, 上报) is not one.
var noticeEnds = []string{"通知", "公告", "通报", "批复", "办法", "细则", "方案", "指南", "意见", "纪要", "函"}

// maxOtherHeadingLine is how far into the document a heading saying it is
// something else may stand: a title, not a section of a report.
const maxOtherHeadingLine = 5

// otherHeading names what a document headed by s (normalised) is when it is
// plainly not a self-evaluation ("" otherwise): a notice, rules or a reply
// about the evaluation, or a budget publication of a year.
func otherHeading(s string) string {
	if runeLen(s) < 4 || cjk.Contains(s, "报送") || cjk.Contains(s, "上报") || cjk.Contains(s, "报告") {
		return ""
	}
	for _, e := range noticeEnds {
		if strings.HasSuffix(s, e) {
			return correspondence
		}
	}
	if budgetHeadingRE.MatchString(s) && titleYearRE.MatchString(s) && !cjk.Contains(s, "决算") && !cjk.Contains(s, "绩效") {
		return budgetPublication
	}
	return ""
}

// correspondence is what a notice, rules, minutes or a reply is called: a
// document of no fiscal year, whatever years it names.
const correspondence = "通知、纪要等公文"

// budgetPublication is what a year's 部门预算公开 document is called; its
// heading names the unit and the budget's year, which the refusal carries.
const budgetPublication = "部门预算公开文件"

// projectSignals are labels of the project form that a department report
// does not carry beside 项目名称.
var projectSignals = []string{"项目资金", "实施单位", "项目负责人", "年度指标值", "项目实施"}

// admit decides, before any figure is read, how doc is read: it refuses a
// 项目支出 self-evaluation and a document that is plainly something else
// (TypeError), and cuts a 决算公开 document down to its self-evaluation
// chapter, recorded as Report.Excerpt (p.lines then hold the cut). It
// returns the document to read. A refusal carries the unit and year the
// document names (regions: the scheme catalog's, for the unit's region).
func (p *parser) admit(doc *extract.Document, regions []string) (*extract.Document, error) {
	t := p.findTitle()
	k := p.kindOf(t)
	refuse := func() error {
		e := k.err()
		e.Identity = p.scratch().identify(doc, k, regions)
		return e
	}
	switch k.typ {
	case report.DocumentProject, report.DocumentOther:
		return nil, refuse()
	case report.DocumentFinalAccounts:
		cut, ex, ok := p.excerpt(doc, t)
		if !ok {
			return nil, refuse()
		}
		p.uncut = &uncutDoc{doc: doc, lines: p.lines, k: k}
		p.setLines(lines(flowText(cut)))
		p.rep.Excerpt = ex
		return cut, nil
	}
	return doc, nil
}

// setLines replaces the lines read and forgets what was cached of them.
func (p *parser) setLines(ls []line) {
	p.lines, p.allNorm, p.lineStart, p.money = p.fold(ls), "", nil, nil
}

// kindOf decides the document's kind from its title, else its first
// headings and its form labels. department means "read it": the figures
// read decide later whether it is one (classifyDocument).
func (p *parser) kindOf(t docTitle) kind {
	if t.line >= 0 {
		s := p.norm(t.text)
		switch titleType(s) {
		case report.DocumentProject:
			k := kind{typ: report.DocumentProject, why: t.text, ev: t.ev}
			// A name starting with 度 is the expression backtracking over
			// "20XX年度项目支出…": a unit's report on all its projects, no name.
			if m := projectNameRE.FindStringSubmatch(s); m != nil && !strings.HasPrefix(m[1], "度") {
				k.project = m[1]
			} else {
				k.project = p.projectName()
			}
			return k
		case report.DocumentFinalAccounts:
			return kind{typ: report.DocumentFinalAccounts, why: t.text, ev: t.ev}
		}
		return kind{typ: report.DocumentDepartment}
	}
	whole := p.mentions("整体支出") || p.mentions("部门整体")
	for i, l := range p.lines {
		if i >= maxTitleLines {
			break
		}
		if l.inTable() {
			continue
		}
		// A form saved as one line opens with its heading.
		if projectFormRE.MatchString(truncRunes(l.norm, 40)) && !whole {
			return kind{typ: report.DocumentProject, why: truncRunes(strings.TrimSpace(l.text), 60), ev: l.evidence(l.text), project: p.projectName()}
		}
		if runeLen(l.norm) > 60 {
			continue
		}
		if projectFormRE.MatchString(l.norm) && !whole {
			return kind{typ: report.DocumentProject, why: strings.TrimSpace(l.text), ev: l.evidence(l.text), project: p.projectName()}
		}
		if finalAccountsHeadingRE.MatchString(stripMarker(l.norm)) {
			return kind{typ: report.DocumentFinalAccounts, why: strings.TrimSpace(l.text), ev: l.evidence(l.text)}
		}
		if i >= maxOtherHeadingLine {
			continue
		}
		if what := otherHeading(stripMarker(l.norm)); what != "" {
			return kind{typ: report.DocumentOther, what: what, why: strings.TrimSpace(l.text), ev: l.evidence(l.text)}
		}
	}
	if !whole {
		if l, ok := p.projectLabel(); ok {
			return kind{typ: report.DocumentProject, why: strings.TrimSpace(l.text), ev: l.evidence(l.text), project: p.projectName()}
		}
	}
	return kind{typ: report.DocumentDepartment}
}

// titleType is the type a title's words give (s normalised): 项目 … 绩效
// without 整体 is a project's, 决算 a 决算公开 document, 整体支出 or 部门 …
// 绩效 a department's; "" when the title does not say.
func titleType(s string) string {
	switch {
	case cjk.Contains(s, "项目") && cjk.Contains(s, "绩效") && !cjk.Contains(s, "整体"):
		return report.DocumentProject
	case cjk.Contains(s, "决算"):
		return report.DocumentFinalAccounts
	case cjk.Contains(s, "整体支出") || cjk.Contains(s, "部门") && cjk.Contains(s, "绩效"):
		return report.DocumentDepartment
	}
	return ""
}

// projectLabel finds the project form without its heading: a 项目名称 label
// and another label only the project form has (项目资金, 实施单位 …).
func (p *parser) projectLabel() (line, bool) {
	at := -1
	for i, l := range p.lines {
		if strings.HasPrefix(l.norm, "项目名称") && runeLen(l.norm) <= 40 {
			at = i
			break
		}
	}
	if at < 0 {
		return line{}, false
	}
	for _, l := range p.lines {
		for _, s := range projectSignals {
			if strings.HasPrefix(l.norm, s) {
				return p.lines[at], true
			}
		}
	}
	return line{}, false
}

// projectName is the name a project form gives: "项目名称：X" (up to the
// next label), or the cell or line after a 项目名称 label, without a leading
// project code ("51000022R0000031207-"); "" when it gives none.
func (p *parser) projectName() string {
	for i, l := range p.lines {
		at := cjk.Index(l.norm, "项目名称")
		if at < 0 || at > 3*40 {
			continue
		}
		rest := strings.Trim(l.norm[at+len("项目名称"):], ":|")
		if rest == "" && i+1 < len(p.lines) {
			rest = strings.Trim(p.lines[i+1].norm, ":|")
		}
		for _, label := range projectNameEnds {
			if k := cjk.Index(rest, label); k >= 0 {
				rest = rest[:k]
			}
		}
		rest = projectCodeRE.ReplaceAllString(rest, "")
		if runeLen(rest) < 2 || runeLen(rest) > 40 {
			return ""
		}
		return rest
	}
	return ""
}

// projectNameEnds are the labels that follow the project's name on a form
// flattened to one line.
var projectNameEnds = []string{"主管部门", "实施单位", "项目资金", "项目负责人", "|"}

// projectCodeRE is the budget code a project's name may start with.
var projectCodeRE = regexp.MustCompile(`^[0-9A-Za-z]{4,}[-—_]`)

// truncRunes cuts s to at most n runes.
func truncRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
