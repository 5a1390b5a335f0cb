package parse

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"jixiao/etl/cjk"
	"jixiao/etl/extract"
	"jixiao/report"
)

// A refused document still says what it is and whose it is. A 决算公开
// document without its self-evaluation chapter, a 项目支出 report or a
// report the parser could not read names its unit and year on its title,
// cover or publisher line; the refusal carries them (Identity) so that the
// quarantine lists "XX局 2023年度 部门决算公开文件" rather than a bare file
// name, and a person knows whom to ask for the report. They are read by the
// same rules as a loaded report's (title, cover, labels, body), never
// guessed: what is not stated stays empty.

// Identity is what a document is and whose it is, as read from its title,
// cover and labels: the document's type (report.Document*), its unit and the
// fiscal year it speaks of, each with its evidence.
type Identity struct {
	Type         string
	Unit         report.Unit
	Year         int
	YearSource   string // report.YearFrom*
	YearEvidence *report.Evidence
}

// UnitName is the name to show for the unit: the canonical name, else the
// name as written.
func (id Identity) UnitName() string {
	if id.Unit.CanonicalName != "" {
		return id.Unit.CanonicalName
	}
	return id.Unit.Name
}

// NoContentError is ErrNoContent with what the document is and whose it
// is. errors.Is(err, ErrNoContent) holds; its text is ErrNoContent's.
type NoContentError struct {
	Identity Identity
}

func (e *NoContentError) Error() string { return ErrNoContent.Error() }

// Is makes errors.Is(err, ErrNoContent) hold.
func (e *NoContentError) Is(target error) bool { return target == ErrNoContent }

// RefusedIdentity returns the identity a refusal of Parse carries (a
// TypeError or a NoContentError, wrapped or not); ok is false for any other
// error.
func RefusedIdentity(err error) (Identity, bool) {
	var te *TypeError
	if errors.As(err, &te) {
		id := te.Identity
		id.Type = te.Type
		return id, true
	}
	var ne *NoContentError
	if errors.As(err, &ne) {
		return ne.Identity, true
	}
	return Identity{}, false
}

// readYear sets the fiscal year and its source: the manifest's, else the
// title's, else the cover's, else the body's most frequent.
func (p *parser) readYear(opt Options, title docTitle) {
	r := p.rep
	switch {
	case opt.Year != 0:
		p.year, r.YearSource = opt.Year, report.YearFromManifest
	case title.year != 0:
		p.year, r.YearSource = title.year, report.YearFromTitle
	case p.layout.cover.year != 0:
		// A cover's 评价年度 is stated as plainly as a title's year.
		p.year, r.YearSource = p.layout.cover.year, report.YearFromCover
	default:
		if p.year = p.fiscalYear(); p.year != 0 {
			r.YearSource = report.YearFromBody
		}
	}
	r.FiscalYear = p.year
}

// identity is what the parser has read of the document's identity; a
// 决算公开 document that names its unit nowhere else names it in its first
// part's heading ("第一部分 XX局概况").
func (p *parser) identity(typ string, title docTitle, regions []string) Identity {
	r := p.rep
	p.headingIdentity(typ, regions)
	if r.Unit.Name == "" {
		name, ev := p.labelledUnit()
		if name == "" && typ == report.DocumentFinalAccounts {
			name, ev = p.overviewUnit()
		}
		if name == "" && typ == report.DocumentFinalAccounts {
			name, ev = p.structureUnit(regions)
		}
		if name == "" {
			name, ev = p.openingUnit(regions)
		}
		p.fillUnit(name, ev, regions)
	}
	id := Identity{Type: typ, Unit: r.Unit, Year: r.FiscalYear, YearSource: r.YearSource}
	if typ == report.DocumentOther && r.YearSource == report.YearFromBody && (p.letter || p.addressed()) {
		// A notice to every unit is of no fiscal year its body's most
		// frequent year would name (a notice of 2024 about the 2023
		// evaluation); a unit's table or publication is of its year.
		id.Year, id.YearSource = 0, ""
	}
	switch {
	case p.headingYearEv != nil && id.YearSource == report.YearFromTitle:
		id.YearEvidence = p.headingYearEv
	case id.YearSource == report.YearFromTitle:
		id.YearEvidence = title.ev
	case id.YearSource == report.YearFromCover:
		id.YearEvidence = p.layout.cover.yearEv
	}
	return id
}

// uncutDoc is a 决算公开 document before admit cut it down to its chapter.
type uncutDoc struct {
	doc   *extract.Document
	lines []line
	k     kind
}

// scratch is a parser over p's lines whose reading leaves p as it was:
// identify fills the unit, year and layouts of the report it reads.
func (p *parser) scratch() *parser {
	return &parser{lines: p.lines, trad: p.trad, miss: map[string]bool{}, codes: map[string]int{}, rep: &report.Report{}}
}

// noContent is the refusal of a document nothing was read of: a project
// form found only now (its heading behind file metadata) is refused as the
// project report it is, anything else with ErrNoContent; both carry the
// document's identity.
func (p *parser) noContent(title docTitle, regions []string) error {
	id := p.noContentIdentity(title, regions)
	if id.Type == report.DocumentProject {
		if _, heading, ev, ok := p.projectHeading(); ok {
			// The heading itself, not its line's opening: a form saved as
			// one line opens with file metadata (author, dates, ids).
			return &TypeError{Type: report.DocumentProject, Project: p.projectName(), Why: heading, Evidence: ev, Identity: id}
		}
	}
	return &NoContentError{Identity: id}
}

// noContentIdentity is the identity of a document nothing was read of: a
// 决算公开 document's whole (its chapter named nothing), else what the
// parser read, typed by refusedType.
func (p *parser) noContentIdentity(title docTitle, regions []string) Identity {
	if u := p.uncut; u != nil {
		q := p.scratch()
		q.lines = u.lines
		return q.identify(u.doc, u.k, regions)
	}
	return p.identity(p.refusedType(title), title, regions)
}

// identify reads the identity of a document refused before its figures are
// read (admit): its title, cover, labels and body, as Parse would; a
// project form's 实施单位; the heading that decided the refusal (k.why: a
// budget publication's "XX中心2019年部门预算…说明", a one-line form's
// "项目支出绩效自评表（2022年度）") when no title names the unit or year.
func (p *parser) identify(doc *extract.Document, k kind, regions []string) Identity {
	p.layout = p.readLayouts(doc, grids(doc))
	title := p.findTitle()
	why := p.norm(k.why)
	p.letter = k.what == correspondence
	if k.typ == report.DocumentOther && k.what != budgetPublication {
		// A notice's heading names the year of the work it orders, and
		// its sender: neither is a report's unit or fiscal year.
		why = ""
	}
	if title.year == 0 && why != "" {
		if y := titleYear(why); y != 0 {
			title.year, title.ev = y, k.ev
		}
	}
	p.readYear(Options{}, title)
	name, ev := "", (*report.Evidence)(nil)
	if k.typ == report.DocumentProject {
		name, ev = p.projectUnit()
	}
	if name == "" && title.unit == "" {
		if m := headingUnitRE.FindStringSubmatch(why); m != nil && orgSuffixRE.MatchString(m[1]) {
			name, ev = m[1], k.ev
		}
	}
	p.unit(name, regions, title)
	if name != "" {
		p.rep.Unit.Evidence = ev
	}
	return p.identity(k.typ, title, regions)
}

// headingUnitRE is the unit opening a heading that names a year: "XX中心
// 2019年部门预算…说明".
var headingUnitRE = regexp.MustCompile(`^(?:关于)?(\p{Han}{4,30}?)20\d\d年`)

// projectUnit is the unit a project form names: its 实施单位 (the unit
// that spent the money and signs the form), else its 主管部门, without a
// leading budget code ("305001-") or a trailing 本级 / 部门; "" when the
// form names none.
func (p *parser) projectUnit() (string, *report.Evidence) {
	for _, label := range []string{"实施单位", "主管部门"} {
		for i, l := range p.lines {
			at := cjk.Index(l.norm, label)
			if at < 0 {
				continue
			}
			rest := strings.TrimPrefix(strings.TrimPrefix(l.norm[at+len(label):], "(盖章)"), "(公章)")
			rest = strings.Trim(rest, ":|")
			ev := l.evidence(l.text)
			if rest == "" && i+1 < len(p.lines) {
				next := p.lines[i+1]
				rest, ev = strings.Trim(next.norm, ":|"), next.evidence(l.text+"\n"+next.text)
			}
			for _, end := range projectUnitEnds {
				if k := cjk.Index(rest, end); k > 0 {
					rest = rest[:k]
				}
			}
			rest = projectCodeRE.ReplaceAllString(rest, "")
			for _, suffix := range []string{"本级", "部门"} {
				if cut := strings.TrimSuffix(rest, suffix); cut != rest && orgSuffixRE.MatchString(cut) {
					rest = cut
				}
			}
			if n := runeLen(rest); n >= 4 && n <= 30 && hanOnly(rest) && orgSuffixRE.MatchString(rest) {
				return rest, ev
			}
		}
	}
	return "", nil
}

// projectUnitEnds are the labels that follow a project form's unit on a
// form flattened to one line.
var projectUnitEnds = []string{"项目资金", "项目负责人", "实施单位", "主管部门", "项目基本情况", "|"}

// refusedType is the type of a document that gave no self-evaluation
// content: the title's, else a 决算公开 document when its headings name the
// final accounts' tables or publication, else a department's report when an
// opening heading names its self-evaluation, else something else (a notice
// about the evaluation speaks of 部门整体支出 too, in sentences).
func (p *parser) refusedType(title docTitle) string {
	if title.line >= 0 {
		if t := titleType(p.norm(title.text)); t != "" {
			return t
		}
	}
	if _, _, _, ok := p.projectHeading(); ok {
		return report.DocumentProject
	}
	if _, _, _, ok := p.openingTitle(); ok || p.finalAccountsHeadings() >= minFinalAccountsHeadings {
		return report.DocumentFinalAccounts
	}
	for i, l := range p.lines {
		// A heading naming the department's self-evaluation (its form:
		// 部门整体支出绩效评价指标表), not a sentence of a notice.
		if i >= maxTitleLines {
			break
		}
		if s := l.norm; runeLen(s) <= maxHeadingLine && (cjk.Contains(s, "整体支出") || cjk.Contains(s, "部门整体")) && cjk.Contains(s, "绩效") && !strings.ContainsAny(s, "，。,") {
			return report.DocumentDepartment
		}
	}
	return report.DocumentOther
}

// maxHeadingLine bounds a heading that names a document's kind.
const maxHeadingLine = 40

// minFinalAccountsHeadings is how many headings naming the final accounts
// (收入支出决算总表, 部门决算情况说明 …) make a document a 决算公开 one: its
// table of contents alone lists more, a self-evaluation quoting its unit's
// final accounts names one or two.
const minFinalAccountsHeadings = 3

// finalAccountsHeadings counts the short lines that name the final accounts.
func (p *parser) finalAccountsHeadings() int {
	n := 0
	for _, l := range p.lines {
		if !l.inTable() && runeLen(l.norm) <= maxSectionRunes && cjk.Contains(l.norm, "决算") && !strings.HasSuffix(l.norm, "。") {
			n++
		}
	}
	return n
}

// overviewRE is the heading of a 决算公开 document's first part, which names
// the unit: "第一部分 XX局概况", "第一部分：XX中心（原XX处）部门概况".
var overviewRE = regexp.MustCompile(`^第一部分:?(\p{Han}{4,30}?)(?:\(原[^()]{2,30}\))?(?:部门|单位)?(?:基本)?概况$`)

// overviewUnit is the unit named by the first part's heading (outside the
// table of contents too: both print it alike).
func (p *parser) overviewUnit() (string, *report.Evidence) {
	for _, l := range p.lines {
		if l.inTable() || !strings.HasPrefix(l.norm, "第一部分") {
			continue
		}
		if m := overviewRE.FindStringSubmatch(l.norm); m != nil && orgSuffixRE.MatchString(m[1]) {
			return m[1], l.evidence(l.text)
		}
	}
	return "", nil
}

// unitTextLabelRE is a unit's name after its label on a form flattened to
// text, read on the text as written (its spaces end the name): "部门:XX院
// 收入 …", "部门(单位)全称:XX院 (公章)".
var unitTextLabelRE = regexp.MustCompile(`(?:^|\s)(?:部门|单位|填报单位|单位名称|部门名称|单位全称|部门[(（]单位[)）](?:名称|全称))\s*[:：]\s*(\p{Han}{4,30})(?:\s|[(（]|$)`)

// labelledUnit is a unit's name a label gives on a flattened form, which
// the labels of unit.go (read on normalised text, whose spaces are gone)
// run into the next cell.
func (p *parser) labelledUnit() (string, *report.Evidence) {
	for _, l := range p.lines {
		if !cjk.Contains(l.text, "部门") && !cjk.Contains(l.text, "单位") && !p.trad {
			continue
		}
		m := unitTextLabelRE.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		if name := p.norm(m[1]); orgSuffixRE.MatchString(name) {
			return name, l.evidence(l.text)
		}
	}
	return "", nil
}

// projectHeadingRE is a project form's heading with its year, anywhere in
// a line (a form saved as one line opens with file metadata):
// "项目支出绩效自评表 (2022年度)".
var projectHeadingRE = regexp.MustCompile(`项目(?:支出)?绩效(?:自评|目标自评|评价)表\(?(20\d\d)年度?\)?`)

// projectHeading finds a project form's heading and year among the
// opening lines (a notice naming 《项目支出绩效自评表》 gives no year), and
// the heading as the normalised line has it.
func (p *parser) projectHeading() (int, string, *report.Evidence, bool) {
	for i, l := range p.lines {
		if i >= maxTitleLines {
			break
		}
		if m := projectHeadingRE.FindStringSubmatch(l.norm); m != nil {
			y, _ := strconv.Atoi(m[1])
			return y, m[0], l.evidence(l.text), true
		}
	}
	return 0, "", nil, false
}

// openingTitleRE is a 决算公开 title opening a line that runs on (a PDF
// flattened to one line: "XX处 2021 年度决算公开说明 (目录) 第一部分…").
var openingTitleRE = regexp.MustCompile(`^(\p{Han}{4,30}?)(20\d\d)年度?(?:部门|单位)?决算(?:公开)?(?:说明|报告)?`)

// openingTitle finds such a title among the opening lines: the unit, the
// year and the line's evidence.
func (p *parser) openingTitle() (string, int, *report.Evidence, bool) {
	for i, l := range p.lines {
		if i >= maxTitleLines {
			break
		}
		if m := openingTitleRE.FindStringSubmatch(l.norm); m != nil && orgSuffixRE.MatchString(m[1]) {
			y, _ := strconv.Atoi(m[2])
			return m[1], y, l.evidence(l.text), true
		}
	}
	return "", 0, nil, false
}

// headingIdentity fills the unit and year a refused document's headings
// give where the title gave none: a project form's 实施单位 and heading
// year, a 决算公开 title opening a run-on line.
func (p *parser) headingIdentity(typ string, regions []string) {
	r := p.rep
	setUnit := func(name string, ev *report.Evidence) { p.fillUnit(name, ev, regions) }
	setYear := func(y int, ev *report.Evidence) {
		if y != 0 && (r.FiscalYear == 0 || r.YearSource == report.YearFromBody) {
			r.FiscalYear, r.YearSource, p.headingYearEv = y, report.YearFromTitle, ev
		}
	}
	switch typ {
	case report.DocumentProject:
		setUnit(p.projectUnit())
		if y, _, ev, ok := p.projectHeading(); ok {
			setYear(y, ev)
		}
	case report.DocumentFinalAccounts:
		if name, y, ev, ok := p.openingTitle(); ok {
			setUnit(name, ev)
			setYear(y, ev)
		}
	}
}

// fillUnit sets the report's unit to name (with its region and canonical
// name) when it has none.
func (p *parser) fillUnit(name string, ev *report.Evidence, regions []string) {
	if p.rep.Unit.Name != "" || name == "" {
		return
	}
	region := regionOf(name, regions)
	p.rep.Unit = report.Unit{Name: name, CanonicalName: canonical(name, region), Region: region, Evidence: ev}
}

// maxAddressLine is how far down a letter's salutation may stand (under
// its heading).
const maxAddressLine = 3

// addressed reports whether the document opens as a letter to its
// recipients ("各乡镇人民政府，县直各单位："): a notice, not a unit's report.
func (p *parser) addressed() bool {
	for i, l := range p.lines {
		if i >= maxAddressLine {
			break
		}
		if strings.HasPrefix(l.norm, "各") && strings.HasSuffix(l.norm, ":") {
			return true
		}
	}
	return false
}

// openingUnitRE is a unit's name opening a statement of its year's figures:
// "XX市水务局2018年用一般公共预算…".
var openingUnitRE = regexp.MustCompile(`^(\p{Han}{4,30}?)20\d\d年`)

// openingUnit is the unit whose name opens the document's first line, when
// the name opens with a place (XX市, XX县 …) and ends as a unit's does: a
// sentence opening with "本单位" or "全县" names no unit.
func (p *parser) openingUnit(regions []string) (string, *report.Evidence) {
	if len(p.lines) == 0 {
		return "", nil
	}
	l := p.lines[0]
	m := openingUnitRE.FindStringSubmatch(l.norm)
	if m == nil || !orgSuffixRE.MatchString(m[1]) || regionOf(m[1], regions) == "" {
		return "", nil
	}
	return m[1], l.evidence(l.text)
}
