package parse

import (
	"fmt"
	"strings"

	"jixiao/etl/cjk"
	"jixiao/etl/extract"
	"jixiao/report"
)

// Layout tables: a PDF's text (pdftotext -layout, see etl/extract) shows the
// form's numeric tables without cell borders. Its rows are lines: a header
// cell that wrapped ("三公经费" / "合计", "公共财" / "政拨款") lands on several
// rows, so neither the key label nor the leaf labels stand in one cell, and a
// row stops at its last figure instead of running to the standard width. The
// extractor has already joined an org name that wrapped ("2、二级机构" / "1")
// and put blank cells where a gap between figures skipped columns.

// maxBareOrg bounds an org name in a row without figures: a longer line in
// that place is the title of the next table or a section heading.
const maxBareOrg = 12

// readLayoutForm reads each numeric table from layout rows when that gives
// more: when readForm found no data rows for it, or found fewer than the
// layout reading and the table shows layout text's mark, a row shorter than
// the standard width (readTable stops at an org row without figures, which
// layout text prints as the name alone). Layout rows: a row whose first cell
// is 机构名称 and whose other cells hold the table's key word (收入, 支出,
// 三公经费, 固定资产: the key label less 合计), header rows whose first cell
// is blank, then org rows until a row that cannot be one. Figures are read
// by position, as in readTable. The header is checked loosely (looseMissing:
// a label may be pieced together from wrapped cells), since layout splits the
// labels; what
// readTable reported about the same rows is withdrawn. A table whose org
// rows hold no figure at all is not taken: that is no evidence of a table.
func (p *parser) readLayoutForm(gs [][]gridRow, fr *formRows) {
	last := ""
	for _, t := range formTables {
		p.readLayoutTable(t, gs, fr, last)
		if u, ok := fr.units[t.name]; ok && u.stated != "" && !u.bad {
			last = u.unit
		}
	}
}

// readLayoutTable reads table t from layout rows; inherited is the money unit
// the table before it stated.
func (p *parser) readLayoutTable(t formTable, gs [][]gridRow, fr *formRows, inherited string) {
	stem := strings.TrimSuffix(t.key, "合计")
	for _, g := range gs {
		for i, key := range g {
			if !layoutKey(key, stem) {
				continue
			}
			rows, headerRows, short := layoutRows(t, g, i)
			if rows == nil {
				continue
			}
			if have := len(fr.rows[t.name]); have > 0 && (!short || len(rows) <= have) {
				return
			}
			p.withdrawFindings(key.block, key.row, rows[len(rows)-1].row)
			var header strings.Builder
			var headerTexts []string
			for _, h := range headerRows {
				header.WriteString(strings.Join(h.labels, ""))
				headerTexts = append(headerTexts, h.text())
			}
			if missing := looseMissing(t.labels, headerRows); len(missing) > 0 {
				p.finding(report.Finding{
					Rule:     "form_header_unexpected",
					Severity: "warning",
					Message:  fmt.Sprintf("%s表的表头与标准表样不符，缺少：%s；数据按标准列序读取", t.title, strings.Join(missing, "、")),
					Expected: strings.Join(t.labels, "、"),
					Found:    header.String(),
					Evidence: key.evidence(),
				})
			}
			u := p.decideUnit(t, p.titleTexts(g, i), headerTexts, inherited, key.evidence())
			fr.units[t.name] = u
			out := make([]formRow, 0, len(rows))
			for _, r := range rows {
				if n := len(r.cells); n < t.cols {
					// Layout text ends a row at its last figure: the rest is blank.
					cells := make([]extract.Cell, t.cols)
					copy(cells, r.cells)
					r.cells = cells
				}
				out = append(out, p.dataRow(t, r, u))
			}
			markSummary(out)
			fr.found[t.name] = true
			fr.rows[t.name] = out
			return
		}
	}
}

// layoutKey reports whether r heads a layout table with key word stem.
func layoutKey(r gridRow, stem string) bool {
	if !isHeaderLabel(r.label(0)) {
		return false
	}
	for i := 1; i < len(r.cells); i++ {
		if l := r.label(i); runeLen(l) <= 12 && strings.HasPrefix(l, stem) {
			return true
		}
	}
	return false
}

// layoutRows returns the org rows after the key row g[start], the header
// rows (the key row and the rows below it with a blank first cell) and
// whether any org row is shorter than the standard width; nil rows when no
// org row holds a figure.
func layoutRows(t formTable, g []gridRow, start int) (rows, header []gridRow, short bool) {
	i := start + 1
	for i < len(g) && g[i].label(0) == "" {
		i++
	}
	header = g[start:i]
	figures := false
	for ; i < len(g); i++ {
		r := g[i]
		first := r.label(0)
		if first == "" || isHeaderLabel(first) || !dataCells(r) {
			break
		}
		if _, other := tableKey(r); other {
			break
		}
		blank := true
		for _, c := range r.cells[1:] {
			blank = blank && strings.TrimSpace(c.Text) == ""
		}
		if blank && runeLen(first) > maxBareOrg {
			break
		}
		figures = figures || !blank
		short = short || len(r.cells) < t.cols
		rows = append(rows, r)
	}
	if !figures {
		return nil, nil, false
	}
	return rows, header, short
}

// looseMissing returns the labels the layout header rows do not spell. Layout
// text wraps a header cell over lines and interleaves its pieces with those
// of the columns beside it, so a label is spelled when it lies inside one
// cell or is pieced together from cells of successive rows, top to bottom:
// "公务接待" + "费", "公务用车" + "运行维护" + "费", "纳入专户" + "管理的非" +
// "税收入拨" + "款" (which holds 非税收入). Rows may be skipped, since a cell's
// lines are centred in it and a short one starts lower ("公共财" … "政拨款").
// A header of another template ("事业收入" where the form has 非税收入) still
// lacks the label.
func looseMissing(labels []string, header []gridRow) []string {
	if len(header) > maxHeaderRows {
		header = header[:maxHeaderRows]
	}
	var missing []string
	for _, l := range labels {
		if !spelled(header, l) {
			missing = append(missing, l)
		}
	}
	return missing
}

// maxHeaderRows bounds the rows a layout header is spelled from: the form's
// deepest header wraps over five lines; more blank-first rows are not a header.
const maxHeaderRows = 8

// spelled reports whether label lies in one cell of rows or starts with the
// end of a cell and continues with cells of later rows (pieced).
func spelled(rows []gridRow, label string) bool {
	pc := piecer{rows: rows, label: label, memo: map[[2]int]bool{}}
	for ri, r := range rows {
		for _, c := range r.labels {
			if c == "" {
				continue
			}
			if cjk.Contains(c, label) {
				return true
			}
			// Every end of c (c itself included) that starts label.
			for k := range c {
				if strings.HasPrefix(label, c[k:]) && pc.pieced(ri, len(c)-k) {
					return true
				}
			}
		}
	}
	return false
}

// piecer answers whether label[at:] is spelled by cells of rows after a
// row: whole cells, the last of which may run on past the label. Answers
// are kept by (row, at), so many short cells cannot make the search
// exponential.
type piecer struct {
	rows  []gridRow
	label string
	memo  map[[2]int]bool
}

func (pc piecer) pieced(row, at int) bool {
	rest := pc.label[at:]
	if rest == "" {
		return true
	}
	key := [2]int{row, at}
	if v, ok := pc.memo[key]; ok {
		return v
	}
	found := false
	for ri := row + 1; ri < len(pc.rows) && !found; ri++ {
		for _, c := range pc.rows[ri].labels {
			if c == "" {
				continue
			}
			if strings.HasPrefix(c, rest) || strings.HasPrefix(rest, c) && pc.pieced(ri, at+len(c)) {
				found = true
				break
			}
		}
	}
	pc.memo[key] = found
	return found
}

// formRules are the findings readTable raises about a table's rows.
var formRules = map[string]bool{"form_header_unexpected": true, "form_row_shape": true, "malformed_number": true,
	"form_unit_conflict": true, "form_unit_unknown": true, "form_unit_converted": true}

// withdrawFindings drops what readTable reported about rows first..last of
// block: the layout reading replaces its reading of them.
func (p *parser) withdrawFindings(block, first, last int) {
	fs := p.rep.Findings[:0]
	for _, f := range p.rep.Findings {
		ev := f.Evidence
		if formRules[f.Rule] && ev != nil && ev.Block == block && ev.Row != nil && *ev.Row >= first && *ev.Row <= last {
			continue
		}
		fs = append(fs, f)
	}
	p.rep.Findings = fs
}

// flowText returns doc with every table that is only a column of text — each
// row holding one non-blank cell, and some cell long enough to be prose —
// turned into a paragraph block of its rows, one line each. A workbook keeps
// a report's narrative that way, a paragraph per row; read as table cells,
// an indicator whose text runs over two rows would lose its score line.
// Block indices stay as they are, so evidence still points into doc.
func flowText(doc *extract.Document) *extract.Document {
	var out *extract.Document
	for bi, b := range doc.Blocks {
		text, ok := textColumn(b)
		if !ok {
			continue
		}
		if out == nil {
			cp := *doc
			cp.Blocks = append([]extract.Block(nil), doc.Blocks...)
			out = &cp
		}
		out.Blocks[bi] = extract.Block{Kind: extract.Paragraph, Text: text}
	}
	if out == nil {
		return doc
	}
	return out
}

// minProseRunes is the length from which a single cell reads as prose.
const minProseRunes = 40

// textColumn returns the text of a one-column table of prose, a line per row.
func textColumn(b extract.Block) (string, bool) {
	if b.Kind != extract.TableBlock || b.Table == nil || len(b.Table.Rows) < 2 {
		return "", false
	}
	var lines []string
	prose := false
	for _, r := range b.Table.Rows {
		text := ""
		for _, c := range r.Cells {
			if strings.TrimSpace(c.Text) == "" {
				continue
			}
			if text != "" {
				return "", false
			}
			text = c.Text
		}
		prose = prose || runeLen(text) >= minProseRunes
		lines = append(lines, text)
	}
	return strings.Join(lines, "\n"), prose
}
