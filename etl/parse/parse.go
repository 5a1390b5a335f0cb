// Package parse turns an extracted Document into a typed report.Report (the
// DESIGN §4 contract): unit and fiscal year, contact and staffing, the four
// numeric tables of the self-evaluation form, the budget figures and the
// expenditure breakdown quoted in the narrative, the scored indicators matched
// against a scoring scheme, the total score and grade. Every figure keeps its
// evidence (block, row, cell and text). Narrative metrics, targets, events and
// text-level findings belong to etl/kpi; recomputing indicators belongs to the
// warehouse views. The package knows no database and no HTTP.
//
// Decisions where the design is silent:
//   - Fiscal year (title.go): Options.Year (the manifest), else the year of
//     the title ("…2022年度部门整体支出绩效自评报告", one of the first 15
//     lines), else the most frequent "20XX年度" (ties: the latest), else the
//     most frequent "20XX年". A body that names another year at least 3
//     times and more than twice as often as the title's raises
//     year_title_body_mismatch (error). No year: year_unknown (error).
//   - Unit: the 评价人员 table's 单位, else a 填报单位/单位名称 label, else the
//     title line, else the target of "A更名为B". FullName is the unit the
//     title names. Region is the place the full name, else the name, opens
//     with (凤凰县财政局 → 凤凰县; 湘西土家族苗族自治州… → 湘西州), else the
//     region the report names most — but never for a bare county-level name
//     ("县财政局"), which every county's unit signs. A name starting with the
//     region's last character ("州…" in 湘西州, "县…" in 凤凰县) is prefixed
//     with the region in canonical_name; renamed-from names and the parent
//     are canonicalised the same way. No unit: unit_unknown (error).
//   - ReportDate (date.go): a labelled date (报告日期：…), else a signature
//     line ending in a date among the last 30 lines. Revision: a version
//     marker in the title or a short opening heading ("（修订版）", "更正稿",
//     "(V2)"), never a word inside a sentence.
//   - DocumentType and Completeness (meta.go): the title's words, else what
//     the document holds; figures found of those its type should give;
//     unrecognised_layout when fewer than 2 (and 10 %) of the content
//     figures were read.
//   - Scheme (frameworks.go): Options.Scheme, else the schemes whose every
//     level-1 name stands as a level in the report, ranked by the level points
//     printed beside them, by their indicator names the report uses and, for
//     a tie, the region's scheme for the year (scheme.Catalog.Detect(area,
//     year), the area being the region the report names most: a county's
//     report is scored by its prefecture's scheme); no level names: indicator
//     names alone, else the region's scheme. An uncertain choice adds a
//     scheme_uncertain note.
//   - Form tables are found by their 合计 header label and read by the
//     standard form's column order; missing header labels and rows of another
//     width are reported as warnings (form_header_unexpected, form_row_shape),
//     unreadable cells as errors (malformed_number) with a nil value.
//   - Summary rows (summary.go) are decided by the row's whole label and its
//     place (first or last), never by a word inside an org name; money units
//     of the tables (tableunit.go) are read from titles, headers and cells
//     and converted to 万元, an unknown or contradictory unit leaving nil.
//   - Narrative figures: the first statement of a quantity wins; a later
//     statement of the same quantity with another value adds a
//     same_quantity_two_values finding. Table-versus-text differences are left
//     to the warehouse views.
//   - An indicator paragraph runs until its score ("得…分"), the next indicator
//     or heading; its declared value is the last "＝N%", its score the last
//     "得满分N分"/"得N分"/"不得分" (else the maximum less "扣N分"). Indicators the
//     scheme does not know keep a derived code (scheme.CustomCode) and an
//     indicator_not_in_scheme info finding.
//   - Missing lists absent contract fields by JSON path ("income",
//     "budget.carryover", "score.total", …). When the form has its
//     绩效自评综合得分及评价等次 row but leaves the score or the grade out,
//     "form.total_score" / "form.grade" are listed (the warehouse turns
//     "form.*" entries into missing_form_cell findings) while score.total and
//     score.grade still come from the narrative; a filled cell ("94分 优",
//     "94分（优）") is read and wins over the narrative.
//   - Reports without the form (narrative.go): the year's income and
//     expenditure stated in sentences ("收入:512.40万元", "本年支出合计…，其中：
//     基本支出…") become one row with Org "合计": a total opens the
//     statement, the parts after it on the line (or on a next line starting
//     with 其中) fill the row; parts the contract has no column for (事业收入)
//     are skipped, never summed. Such a report, or one stating only its total
//     score, is accepted when its text speaks of 绩效.
//   - Score tables (scoretable.go), real or flattened with "|" or spaces,
//     are found by their header (a weight and a score column); rows give
//     indicators (a row restating a paragraph's indicator completes it, a
//     different score is a same_quantity_two_values finding), 合计 the total
//     (after the form cell and the narrative) and level-1 rows subtotals.
//   - Other templates' layouts (layout_*.go): a header row over a value
//     row (a table, tab/space runs, cells as lines, a two-row header), a
//     cover's labels and values on lines of their own, key–value clauses.
//     Labels are looked up in one dictionary (layout_fields.go) and the value
//     is taken from the label's column; counts that differ, a label named
//     twice, a money column without a unit or a value unlike its label leave
//     the figure nil with a layout_ambiguous finding. Layout figures fill what
//     the form left nil (a summary row Org 合计 per table, staffing, budget
//     figures the narrative does not state). A cover's 评价年度 gives the
//     year when the title names none (year_source "cover"); a title broken
//     over cover lines is joined.
//   - Readings (prepared.go): Prepare reads what no Options change (lines,
//     form tables, layout figures) once; each Prepared.Parse reads the rest
//     on a copy, and Prepared.Own only the unit and year a report states
//     itself when nothing read later can refuse it — the ETL reads a report
//     with a manifest's unit and year, then for its own.
//   - Text damage: a paragraph line that breaks inside a figure is joined to
//     the next ("1,001." / "20万元"); OCR's "Q" for "≤" between figures is
//     read as "≤" in matching (evidence keeps the text as written); a title
//     may follow web-page chrome or stand under a line with the unit's name.
package parse

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"jixiao/etl/cjk"
	"jixiao/etl/extract"
	"jixiao/etl/scheme"
	"jixiao/report"
)

// ErrNoContent means the document holds neither the self-evaluation form
// tables nor scored indicators; the loader quarantines such a file. Parse
// returns it as a NoContentError (which carries the document's identity and
// whose text is this one) and its text is the user's message, whole: the
// caller prints it once, without a stage prefix of this package's.
var ErrNoContent = errors.New("未找到自评内容：既无自评表也无评分指标")

// Options override what Parse would otherwise read from the document (an
// inbox manifest or upload parameters know better than the text).
type Options struct {
	Scheme string // scheme id; "" = detect from region and year
	Unit   string // unit name; "" = detect
	Year   int    // fiscal year; 0 = detect
}

// parser carries one Parse call's state; it is never shared.
type parser struct {
	lines []line
	year  int
	area  string // the region whose scheme applies (unit.go)
	rep   *report.Report
	miss  map[string]bool
	codes map[string]int // indicator codes already read: index in rep.Indicators

	// What score tables (scoretable.go) state about the total and levels;
	// the narrative and the form take precedence.
	tableTotal   *float64
	tableTotalEv *report.Evidence
	tableLevels  map[string]float64
	// tableLevelsEv is where each of tableLevels was read.
	tableLevelsEv map[string]report.Evidence
	// tableGroups are the group cells of score table rows (normName), and
	// tableRows the codes those rows placed (score_rows.go).
	tableGroups, tableRows map[string]bool

	// Caches: the level-1 names of level1Of, normalised (isLevel1), and
	// scheme matches by indicator name (match).
	level1Of  *scheme.Scheme
	level1    map[string]bool
	matches   map[matchKey]matchResult
	allNorm   string          // normText
	fielded   string          // fieldedText (frameworks.go)
	lineStart []int           // offset of each line in normText
	money     []moneySentence // moneySentences

	// What the layout readers (layout_*.go) found.
	layout layoutRead

	// Where each scheme's level names stand (scanLevels, levelscan.go), and
	// which indicator names the text names (namedWhole).
	levelHits  map[string]levelHit
	wholeNames map[string]bool
	// namedRegion is the region the text names most (region), once counted.
	namedRegion *string

	// trad: the document is written in traditional characters, which
	// matching folds to simplified ones (traditional.go).
	trad bool
	// dashYear: a traditional document whose converter turned every 年
	// into "-" (traditional_year.go).
	dashYear bool
	// uncut is the whole 决算公开 document that admit cut down to its
	// self-evaluation chapter: a chapter nothing is read of is refused with
	// the whole document's identity (identity.go).
	uncut *uncutDoc
	// headingYearEv is where a refused document's heading named its year;
	// letter: its heading made it correspondence (a notice, minutes).
	headingYearEv *report.Evidence
	letter        bool
}

// Parse reads doc into a Report. Content that is partly absent is listed in
// Report.Missing; a document with no report content at all returns a
// NoContentError (errors.Is ErrNoContent), a document of another type a
// TypeError, both carrying what the document is and whose (Identity); an unknown Options.Scheme is an error. Source.File and
// Source.SHA256 are left for the caller, which knows the file.
func Parse(ctx context.Context, doc *extract.Document, cat *scheme.Catalog, opt Options) (*report.Report, error) {
	pd, err := Prepare(ctx, doc, cat)
	if err != nil {
		return nil, err
	}
	return pd.read(ctx, opt, false)
}

// finish reads what the Options change, on a parser that Prepare has read
// the lines, the form and the layouts into: identity, scheme, narrative
// figures, indicators and score. sch is the forced scheme, or nil.
func (p *parser) finish(ctx context.Context, cat *scheme.Catalog, sch *scheme.Scheme, opt Options, gs [][]gridRow, formFound bool) (*report.Report, error) {
	r := p.rep
	title := p.readIdentity(cat, opt)
	if sch == nil {
		sch = p.detectScheme(cat)
	}
	if sch != nil {
		r.Scheme = sch.ID
	} else {
		p.missing("scheme")
	}
	layoutFound := p.applyLayouts(&p.layout)
	p.staffingFromText()
	narrative := p.narrativeRows(len(r.Income) == 0, len(r.Expenditure) == 0) || layoutFound
	p.missingTables()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}

	r.Budget = p.budget()
	p.completeThreePublic()
	r.ExpenditureDetail = p.expenditureDetail()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}

	p.indicators(sch)
	p.scoreTables(sch, gs)
	p.scoreStreams(sch)
	p.explainedSheets(sch)
	p.gluedTables(sch)
	if len(r.Indicators) == 0 {
		p.missing("indicators")
	}
	p.score(sch, gs)
	// A report without the form and without scored indicators still counts
	// when it states its score (or a score table's level subtotals) or its
	// income and expenditure in a text about performance (绩效); anything
	// else is not a self-evaluation report.
	if !formFound && len(r.Indicators) == 0 && !((narrative || r.Score.Total != nil || len(r.Score.ByLevel1) > 0) && p.mentions("绩效")) {
		return nil, p.noContent(title, cat.Regions())
	}
	if err := p.classifyDocument(title, formFound); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	return r, nil
}

// readIdentity reads the title, the fiscal year, the report's date and
// revision and the unit: nothing read after them changes them.
func (p *parser) readIdentity(cat *scheme.Catalog, opt Options) docTitle {
	r := p.rep
	title := p.findTitle()
	r.Title = title.text
	p.readYear(opt, title)
	p.checkTitleYear(title)
	r.ReportDate = p.reportDate()
	r.Revision = p.revision(title)
	p.unit(opt.Unit, cat.Regions(), title)
	p.unknownYearOrUnit()
	return title
}

// mentions reports whether any line contains word (which holds no newline:
// normText's newlines keep an occurrence within a line).
func (p *parser) mentions(word string) bool {
	return cjk.Contains(p.normText(), word)
}

// normText returns the norm of every line, one line after another with a
// newline between them (norm holds none), so that a count or search over
// the document is one call instead of one per line.
func (p *parser) normText() string {
	if p.allNorm == "" && len(p.lines) > 0 {
		size := 0
		for _, l := range p.lines {
			size += len(l.norm) + 1
		}
		var b strings.Builder
		b.Grow(size)
		p.lineStart = make([]int, len(p.lines))
		for i, l := range p.lines {
			p.lineStart[i] = b.Len()
			b.WriteString(l.norm)
			b.WriteByte('\n')
		}
		p.allNorm = b.String()
	}
	return p.allNorm
}

// lineAt returns the line whose norm holds byte offset i of normText.
func (p *parser) lineAt(i int) int {
	li, found := slices.BinarySearch(p.lineStart, i)
	if !found {
		li--
	}
	return li
}

// missing records a contract field the document did not provide, once.
func (p *parser) missing(field string) {
	if !p.miss[field] {
		p.miss[field] = true
		p.rep.Missing = append(p.rep.Missing, field)
	}
}

func (p *parser) finding(f report.Finding) {
	p.rep.Findings = append(p.rep.Findings, f)
}

// malformed records a number that cannot be read as written; the figure stays
// nil, never a guess.
func (p *parser) malformed(raw, what string, ev *report.Evidence) {
	p.finding(report.Finding{
		Rule:     "malformed_number",
		Severity: "error",
		Message:  fmt.Sprintf("数字格式错误，无法识别：%s“%s”", what, raw),
		Expected: "数字",
		Found:    raw,
		Evidence: ev,
	})
}
