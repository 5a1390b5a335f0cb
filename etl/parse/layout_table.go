package parse

import (
	"fmt"
	"math"
	"strings"

	"jixiao/etl/cjk"
	"jixiao/etl/extract"
	"jixiao/etl/number"
	"jixiao/report"
)

// Layout families of other templates (issue 9), read by what their labels
// say rather than by one template's cell positions:
//   - a header row of labels followed by a row of values (a 基础数据表 with
//     编制数 / 实际在职人数 / 控制率 over 35 / 33 / 94.3%), with one or two
//     header rows, as a table, as tab- or space-separated runs on a line of
//     text, or with every cell on a line of its own (layout_cover.go);
//   - a cover's label and value on separate lines or cells (layout_cover.go);
//   - key–value pairs inside one line (layout_kv.go).
// Labels are looked up in one dictionary (layout_fields.go); a value is
// taken from the same column as its label. When the column counts of header
// and values differ, a label names one figure twice, a money column states
// no unit, or a value is not what its label counts, the figure stays nil and
// a layout_ambiguous finding says why: a figure read from the wrong column
// is worse than none.

// layoutItem is one row of the document in reading order: a table row, or a
// line of text split into cells at tabs or runs of spaces.
type layoutItem struct {
	cells []string
	src   evSource
	table bool // a table row (else a line of text)
	// form marks a row of the standard form's numeric tables, which readForm
	// reads; the layout readers leave it alone.
	form bool
}

// evSource is where an item's evidence comes from: a table row (its cells
// joined), a line of a flattened cell in a row (text), or a line of text.
// The evidence is built only for the items a figure or finding is taken
// from; building it for every row and line was a tenth of the layout
// readers' time.
type evSource struct {
	row  *gridRow
	line *line
	text string
}

// ev returns the item's evidence, a new one at each call.
func (it layoutItem) ev() *report.Evidence {
	switch src := it.src; {
	case src.line != nil:
		return src.line.evidence(src.line.text)
	case src.text != "":
		return &report.Evidence{Text: src.text, Block: src.row.block, Row: intp(src.row.row)}
	case src.row != nil:
		return src.row.evidence()
	}
	return nil
}

// single reports whether the item holds one non-blank cell, and returns it.
func (it layoutItem) single() (string, bool) {
	s, n := "", 0
	for _, c := range it.cells {
		if strings.TrimSpace(c) != "" {
			s, n = c, n+1
		}
	}
	return strings.TrimSpace(s), n == 1
}

// layoutFigure is one figure a layout reader found.
type layoutFigure struct {
	field string
	label string
	value float64
	year  int // the year the label named, 0 for none
	ev    *report.Evidence
}

// layoutItems lists the document's table rows and paragraph lines in order.
func (p *parser) layoutItems(doc *extract.Document, gs [][]gridRow) []layoutItem {
	formRow := map[[2]int]bool{}
	for _, g := range gs {
		for i, r := range g {
			if isFormKey(r) {
				// A standard form table: its header and rows until the next blank-first row.
				formRow[[2]int{r.block, r.row}] = true
				for _, n := range g[i+1:] {
					formRow[[2]int{n.block, n.row}] = true
					if _, other := tableKey(n); other {
						break
					}
				}
			}
		}
	}
	var items []layoutItem
	gi, ri := 0, 0 // next grid row
	flushTo := func(block int) {
		for gi < len(gs) {
			r := gs[gi][ri]
			if r.block >= block {
				return
			}
			if flattenedRow(r) {
				// Flattened text (.txt): a line that opens with a tab opens
				// a cell that runs over the lines after it, each of which
				// still holds a row's cells at tabs.
				for _, c := range r.cells {
					for _, ln := range strings.Split(c.Text, "\n") {
						if strings.TrimSpace(ln) == "" {
							continue
						}
						// The line's own evidence: the row's whole text would
						// be built again for every line of it.
						src := evSource{row: &gs[gi][ri], text: strings.TrimSpace(ln)}
						items = append(items, layoutItem{cells: splitRuns(ln), src: src, table: true, form: formRow[[2]int{r.block, r.row}]})
					}
				}
				if ri++; ri == len(gs[gi]) {
					gi, ri = gi+1, 0
				}
				continue
			}
			cells := make([]string, 0, len(r.cells))
			for _, c := range r.cells {
				cells = append(cells, c.Text)
				for k := 1; k < c.Span && k < maxLayoutCells; k++ {
					// A merged cell covers the columns under it: they repeat
					// its text, so a group label stands over each of its leaves.
					cells = append(cells, c.Text)
				}
			}
			items = append(items, layoutItem{cells: cells, src: evSource{row: &gs[gi][ri]}, table: true, form: formRow[[2]int{r.block, r.row}]})
			if ri++; ri == len(gs[gi]) {
				gi, ri = gi+1, 0
			}
		}
	}
	for i := range p.lines {
		l := &p.lines[i]
		if l.inTable() || l.block < len(doc.Blocks) && doc.Blocks[l.block].Kind == extract.TableBlock {
			continue
		}
		flushTo(l.block)
		items = append(items, layoutItem{cells: splitRuns(l.text), src: evSource{line: l}})
	}
	flushTo(math.MaxInt)
	return items
}

// flattenedRow reports whether a table row is flattened text whose cells
// hold tab-separated rows.
func flattenedRow(r gridRow) bool {
	for _, c := range r.cells {
		if strings.ContainsRune(c.Text, '\t') {
			return true
		}
	}
	return false
}

// isFormKey reports whether r heads one of the standard form's numeric
// tables (readForm, readLayoutForm).
func isFormKey(r gridRow) bool {
	if _, ok := standardKey(r); ok {
		return true
	}
	for _, t := range formTables {
		if layoutKey(r, strings.TrimSuffix(t.key, "合计")) {
			return true
		}
	}
	return false
}

// moneyWan converts an amount to 万元, rounded as the form's figures are.
func moneyWan(v float64, unit string) (float64, bool) {
	if unit == "万" || unit == "亿" {
		return 0, false
	}
	w, ok := number.MoneyToWan(v, unit)
	return round(w), ok
}

// maxLayoutCells bounds the cells of one row the layout readers look at.
const maxLayoutCells = 64

// splitRuns splits a line of text into cells: at tabs, else at bars ("| 18
// | 17 |", a web page's table as text), else at runs of two
// or more spaces (an ideographic space counts as a run), else at single
// spaces when every piece is a figure or every piece a dictionary label
// (text copied from a PDF keeps one space between short cells).
func splitRuns(s string) []string {
	t := strings.TrimSpace(s)
	if strings.ContainsRune(t, '\t') {
		return trimAll(strings.Split(t, "\t"))
	}
	if strings.HasSuffix(t, "|") || strings.HasPrefix(t, "|") || cjk.Contains(t, " | ") {
		// A web page's table copied as text: cells between bars.
		return trimAll(strings.Split(t, "|"))
	}
	if cjk.Contains(t, "  ") || strings.ContainsRune(t, '\u3000') {
		return splitWide(strings.ReplaceAll(t, "\u3000", "  "))
	}
	if !cjk.Contains(t, " ") || len(t) > 200 {
		return []string{t}
	}
	parts := strings.Fields(t)
	allValues, allLabels := true, true
	for _, f := range parts {
		allValues = allValues && isValueCell(f)
		_, known := lookupLabel(readHeaderLabel(f).key)
		allLabels = allLabels && known && isLabelCell(f)
	}
	if allValues || allLabels {
		return parts
	}
	// A matrix row: a label, then figures ("公务接待费 3 2.5 83.3%").
	if _, known := lookupLabel(readHeaderLabel(parts[0]).key); known && len(parts) >= 3 {
		rest := true
		for _, f := range parts[1:] {
			rest = rest && isValueCell(f)
		}
		if rest {
			return parts
		}
	}
	return []string{t}
}

// splitWide splits at runs of two or more spaces.
func splitWide(t string) []string {
	var out []string
	start, spaces := 0, 0
	for i := 0; i < len(t); i++ {
		if t[i] == ' ' {
			spaces++
			continue
		}
		if spaces >= 2 {
			out = append(out, strings.TrimSpace(t[start:i-spaces]))
			start = i
		}
		spaces = 0
	}
	return append(out, strings.TrimSpace(t[start:]))
}

func trimAll(xs []string) []string {
	for i := range xs {
		xs[i] = strings.TrimSpace(xs[i])
	}
	// Leading and trailing blank cells are the line's indentation.
	for len(xs) > 1 && xs[len(xs)-1] == "" {
		xs = xs[:len(xs)-1]
	}
	for len(xs) > 1 && xs[0] == "" {
		xs = xs[1:]
	}
	return xs
}

// layoutColumn is one column of a header: its label and what it names.
type layoutColumn struct {
	label string // as written, white space removed
	field layoutField
	known bool
	unit  string
	year  int
}

// headerColumns reads a row as a header: every non-blank cell a label, at
// least two of them besides a first cell that titles the row, at most one
// of those unknown, and at least one naming a figure. group is the row above it when that is a header row of the same
// width (a group label over its leaves, "三公经费" over "预算数"): a leaf is
// looked up with its group first ("三公经费预算数"), then alone.
func headerColumns(it layoutItem, group []string) ([]layoutColumn, bool) {
	if it.form || len(it.cells) < 2 || len(it.cells) > maxLayoutCells {
		return nil, false
	}
	cols := make([]layoutColumn, len(it.cells))
	labels, known, mapped := 0, 0, 0
	for i, c := range it.cells {
		if strings.TrimSpace(c) == "" {
			continue
		}
		h, label := labelCell(c)
		if !label {
			return nil, false
		}
		labels++
		col := layoutColumn{label: compact(c), unit: h.unit, year: h.year}
		if group != nil && i < len(group) {
			g := readHeaderLabel(group[i])
			if f, ok := lookupLabel(g.key + h.key); ok && g.key != h.key {
				col.field, col.known = f, true
				if col.unit == "" {
					col.unit = g.unit
				}
				if col.year == 0 {
					col.year = g.year
				}
			}
		}
		if !col.known {
			col.field, col.known = lookupLabel(h.key)
		}
		if col.known {
			known++
			if col.field.kind == kindCount || col.field.kind == kindMoney {
				mapped++
			}
		}
		cols[i] = col
	}
	// The first cell may title the row ("财政供养人员情况") besides one
	// unknown label among the others.
	if !cols[0].known && strings.TrimSpace(it.cells[0]) != "" {
		labels--
	}
	return cols, labels >= 2 && known >= labels-1 && mapped >= 1
}

// tableUnitOf returns the money unit of the table whose header is
// items[at]: stated in a header cell ("收入合计（万元）" is the column's own,
// "单位：万元" the table's), else the nearest statement above it among the
// items of the same table region (a 基础数据表 states "单位：万元" once, by
// its title) — rows and short lines, up to a paragraph of prose — else 万元,
// as the form prints it. conflict reports two units stated in one place.
func tableUnitOf(items []layoutItem, at int, header []string) (unit string, conflict bool) {
	var tableWide []string
	for _, c := range header {
		if h := readHeaderLabel(c); h.unit == "" || h.key == "" {
			tableWide = append(tableWide, c) // "单位：万元", not "支出合计（元）"
		}
	}
	if stated := unitStatements(tableWide); len(stated) > 0 {
		return stated[0], len(stated) > 1
	}
	for k := at - 1; k >= 0 && k >= at-maxUnitLookBack; k-- {
		t := strings.Join(items[k].cells, " ")
		if _, one := items[k].single(); one && runeLen(t) > maxTitleRunes {
			break // prose: the table region ends
		}
		if stated := unitStatements([]string{t}); len(stated) > 0 {
			return stated[0], len(stated) > 1
		}
	}
	return "万元", false
}

// maxUnitLookBack bounds how far above a header its table's unit statement
// is looked for.
const maxUnitLookBack = 40

// readHeaderValues reads the header row items[at] (and a header row under
// it) with the value row below; it returns the index of the last item used.
func (p *parser) readHeaderValues(items []layoutItem, at int, out *[]layoutFigure) int {
	cols, ok := headerColumns(items[at], nil)
	if !ok {
		return at
	}
	hdr := []layoutItem{items[at]}
	next := at + 1
	// A second header row: its leaves under the first row's groups.
	if next < len(items) {
		if leaves, ok2 := headerColumns(items[next], groupOf(items[at], items[next])); ok2 {
			cols, hdr, next = leaves, append(hdr, items[next]), next+1
		} else if leaves, ok3 := leafRow(items[next], items[at]); ok3 {
			cols, hdr, next = leaves, append(hdr, items[next]), next+1
		}
	}
	var headerText []string
	for _, h := range hdr {
		headerText = append(headerText, h.cells...)
	}
	tableUnit, unitConflict := tableUnitOf(items, at, headerText)
	ev := joinEvidence(hdr)

	// The values: the next row, or as many single-cell items as there are columns.
	var values []string
	var vev *report.Evidence
	last := next - 1
	switch {
	case next < len(items) && len(items[next].cells) >= 2 && valueRow(items[next], cols):
		rows := []int{next}
		for k := next + 1; k < len(items) && len(items[k].cells) >= 2 && valueRow(items[k], cols) && !items[k].form; k++ {
			rows = append(rows, k)
		}
		pick := rows[0]
		if len(rows) > 1 {
			pick = summaryRow(items, rows, cols)
			if pick < 0 {
				// Categories in rows, kinds of figure in columns.
				n := len(*out)
				if j := p.readMatrix(items, at, out); len(*out) > n {
					return j
				}
				p.ambiguous(cols, ev, "表头下有多行数值，无法判断哪一行是本单位的合计", fmt.Sprintf("%d行", len(rows)))
				return rows[len(rows)-1]
			}
		}
		values, vev, last = items[pick].cells, items[pick].ev(), rows[len(rows)-1]
	case next < len(items):
		// Cells as lines: one value per item.
		k := next
		for k < len(items) {
			s, one := items[k].single()
			if !one || !isValueCell(s) {
				break
			}
			values = append(values, s)
			k++
		}
		if len(values) == 0 {
			return last
		}
		vev, last = joinEvidence(items[next:k]), k-1
	default:
		return last
	}
	values = trimAll(append([]string(nil), values...))
	if len(values) == len(cols)-1 && len(cols) > 2 {
		// The header's first cell titles the row ("财政供养人员情况 | 编制数 |
		// …") and the value row leaves it out (or blank).
		cols = groupTitled(cols)
	}
	if len(values) != len(cols) {
		p.ambiguous(cols, ev, fmt.Sprintf("表头有%d列而数值有%d个，无法逐列对应", len(cols), len(values)),
			fmt.Sprintf("%d列/%d个", len(cols), len(values)))
		return last
	}
	fev := &report.Evidence{Text: ev.Text + "\n" + vev.Text, Block: ev.Block, Row: ev.Row}
	p.columnFigures(cols, values, tableUnit, unitConflict, fev, out)
	return last
}

// readPairs reads a row whose cells alternate label and value ("人员编制 |
// 14 | 实有人数 | 16"): each dictionary label takes the cell after it, when
// that cell is a figure.
func (p *parser) readPairs(it layoutItem, out *[]layoutFigure) {
	if it.form || len(it.cells) < 2 {
		return
	}
	for i := 0; i+1 < len(it.cells); i++ {
		h := readHeaderLabel(it.cells[i])
		f, ok := lookupLabel(h.key)
		if !ok || !figureColumn(layoutColumn{field: f, known: true}) || !isValueCell(it.cells[i+1]) {
			continue
		}
		lv, _ := readValue(it.cells[i+1])
		v, why := columnValue(f, layoutColumn{label: h.key, field: f, known: true, unit: h.unit}, lv, "万元", false)
		if why != "" {
			p.ambiguousField(f, it.ev(), why, lv.raw)
			continue
		}
		*out = append(*out, layoutFigure{field: f.field, label: f.label, value: v, year: h.year, ev: it.ev()})
		i++
	}
}

// figureColumn reports whether a column names a figure (count or money).
func figureColumn(c layoutColumn) bool {
	return c.known && (c.field.kind == kindCount || c.field.kind == kindMoney)
}

// groupOf returns the group labels of a two-row header when the rows have
// the same width, else nil (the leaves are then read alone).
func groupOf(top, leaves layoutItem) []string {
	if len(top.cells) != len(leaves.cells) {
		return nil
	}
	return top.cells
}

// leafRow reads a second header row whose labels all stand under a wider
// first row's groups: a row of labels where the first row is a header too
// but of another width (merged group cells that the text lost). Leaves are
// then read alone, and a leaf that needs its group ("预算数") names nothing.
func leafRow(it, top layoutItem) ([]layoutColumn, bool) {
	if len(it.cells) < 2 || len(it.cells) == len(top.cells) {
		return nil, false
	}
	for _, c := range it.cells {
		if strings.TrimSpace(c) != "" && !isLabelCell(c) {
			return nil, false
		}
	}
	cols, ok := headerColumns(it, nil)
	return cols, ok
}

// valueRow reports whether a row holds the values of header cols: the same
// width (or wider only by blank cells), every figure column a value or
// blank, name columns anything, and at least one figure.
func valueRow(it layoutItem, cols []layoutColumn) bool {
	if it.form {
		return false
	}
	cells := trimAll(append([]string(nil), it.cells...))
	any := false
	for i, c := range cells {
		if i < len(cols) && cols[i].known && cols[i].field.kind == kindName {
			continue
		}
		if isValueCell(c) {
			any = true
			continue
		}
		if lv, ok := readValue(c); !ok || !lv.blank {
			return false
		}
	}
	return any
}

// summaryRow picks the row among several value rows whose name column reads
// as the unit's summary (合计, 汇总); -1 when there is none or more than one.
func summaryRow(items []layoutItem, rows []int, cols []layoutColumn) int {
	name := -1
	for i, c := range cols {
		if c.known && c.field.kind == kindName {
			name = i
			break
		}
	}
	if name < 0 {
		return -1
	}
	pick := -1
	for k, r := range rows {
		cells := items[r].cells
		if name < len(cells) && isSummaryLabel(cells[name], k == 0 || k == len(rows)-1) {
			if pick >= 0 {
				return -1
			}
			pick = r
		}
	}
	return pick
}

// columnFigures takes each mapped column's value: the same column of the
// value row. A label that names its figure twice leaves it nil; so does a
// money column whose unit is unknown, and a value that is not what the
// column counts.
func (p *parser) columnFigures(cols []layoutColumn, values []string, tableUnit string, unitConflict bool, ev *report.Evidence, out *[]layoutFigure) {
	seen := map[string]int{}
	for _, c := range cols {
		if c.known && c.field.field != "" {
			seen[c.field.field]++
		}
	}
	for i, c := range cols {
		f := c.field
		if !c.known || f.field == "" {
			continue
		}
		if seen[f.field] > 1 {
			p.ambiguousField(f, ev, fmt.Sprintf("“%s”在表头中出现%d次，无法判断取哪一列", f.label, seen[f.field]), values[i])
			seen[f.field] = -1 // once
			continue
		}
		if seen[f.field] < 0 {
			continue
		}
		lv, ok := readValue(values[i])
		if !ok {
			p.ambiguousField(f, ev, fmt.Sprintf("“%s”一列的“%s”不是数字", c.label, values[i]), values[i])
			continue
		}
		if lv.blank {
			continue
		}
		v, why := columnValue(f, c, lv, tableUnit, unitConflict)
		if why != "" {
			p.ambiguousField(f, ev, why, lv.raw)
			continue
		}
		*out = append(*out, layoutFigure{field: f.field, label: f.label, value: v, year: c.year, ev: ev})
	}
}

// columnValue checks and converts one value of a column; why is the reason
// it cannot be taken.
func columnValue(f layoutField, c layoutColumn, lv layoutValue, tableUnit string, unitConflict bool) (float64, string) {
	v := *lv.v
	switch f.kind {
	case kindCount:
		if lv.unit != "" && lv.unit != "人" && lv.unit != "名" || c.unit != "" && c.unit != "人" && c.unit != "名" {
			return 0, fmt.Sprintf("“%s”应为人数，却写作“%s”，疑似错列", f.label, lv.raw)
		}
		if v < 0 || v != math.Trunc(v) {
			return 0, fmt.Sprintf("“%s”应为整数人数，却是“%s”，疑似错列", f.label, lv.raw)
		}
		return v, ""
	case kindMoney:
		unit := lv.unit
		switch {
		case unit == "":
			unit = c.unit
		case unit == "人" || unit == "名" || unit == "个" || unit == "%":
			return 0, fmt.Sprintf("“%s”应为金额，却写作“%s”，疑似错列", f.label, lv.raw)
		}
		if unit == "" {
			if unitConflict {
				return 0, fmt.Sprintf("“%s”所在表格的金额单位前后矛盾", f.label)
			}
			unit = tableUnit
		}
		if unit == "" {
			return 0, fmt.Sprintf("“%s”未注明金额单位（万元或元）", f.label)
		}
		w, ok := moneyWan(v, unit)
		if !ok {
			return 0, fmt.Sprintf("“%s”的金额单位“%s”无法识别", f.label, unit)
		}
		return w, ""
	}
	return 0, "此列不是数字"
}

// joinEvidence is the evidence of consecutive items: the first's position,
// their texts on lines.
func joinEvidence(its []layoutItem) *report.Evidence {
	ev := *its[0].ev()
	texts := []string{ev.Text}
	for _, it := range its[1:] {
		texts = append(texts, it.ev().Text)
	}
	ev.Text = strings.Join(texts, "\n")
	return &ev
}

// ambiguous raises layout_ambiguous for every figure the header's columns name.
func (p *parser) ambiguous(cols []layoutColumn, ev *report.Evidence, why, found string) {
	var names []string
	for _, c := range cols {
		if c.known && c.field.field != "" {
			names = append(names, c.field.label)
		}
	}
	if len(names) == 0 {
		return
	}
	p.layoutFinding(strings.Join(names, "、"), ev, why, found)
}

func (p *parser) ambiguousField(f layoutField, ev *report.Evidence, why, found string) {
	p.layoutFinding(f.label, ev, why, found)
}

// layoutFinding records why figures a layout shows were not taken.
func (p *parser) layoutFinding(names string, ev *report.Evidence, why, found string) {
	p.finding(report.Finding{
		Rule:     "layout_ambiguous",
		Severity: "warning",
		Message:  fmt.Sprintf("%s，%s未采用，请核对原文", why, names),
		Expected: "表头与数值逐列对应",
		Found:    found,
		Evidence: ev,
	})
}
