package parse

import (
	"fmt"
	"strings"

	"jixiao/etl/cjk"
	"jixiao/report"
)

// Tables whose rows ran together: a PDF's text layer without -layout
// prints a 基础数据表 as words separated by single spaces, several rows on
// one line and a row's last cells on the next, and it breaks a figure at
// the line end ("95." / "10%"):
//
//	… 财政供养人员情况 编制数 2018年实际在职人数 控制率
//	143 136 95.
//	10% 经费控制情况 2017年决算数 2018年预算数 2018年决算数 三公经费 29.08 …
//
// The words are read as one stream. A run of dictionary labels naming a
// figure, followed by exactly as many figures, is a header over its values;
// a run of column labels (预算数, 决算数 …) heads a matrix whose rows are a
// label and exactly as many figures. A row with another number of figures
// lost a blank cell somewhere, and which one cannot be told: its figures are
// not taken (layout_ambiguous).

// streamToken is one word of the stream and the line it stands on.
type streamToken struct {
	text string
	line int // index in p.lines
}

// maxStreamBlankRows ends a matrix: this many row labels in a row without
// figures are the text after the table.
const maxStreamBlankRows = 3

// maxStreamLabelRunes bounds a row label; a longer word is prose.
const maxStreamLabelRunes = 20

// readStreams reads every run of consecutive paragraph lines that hold
// single-spaced words and figures.
func (p *parser) readStreams(out *[]layoutFigure) {
	var toks []streamToken
	flush := func() {
		if len(toks) > 0 {
			p.readStream(toks, out)
			toks = toks[:0]
		}
	}
	for i, l := range p.lines {
		if l.inTable() || !cjk.Contains(strings.TrimSpace(l.text), " ") && !(len(toks) > 0 && l.digits) || tabular(l.text) ||
			itemRow(l.text) {
			// Rows the item readers read (layout_table.go).
			flush()
			continue
		}
		fields := strings.Fields(l.text)
		for k, f := range fields {
			// A figure broken at the line end: "95." then "10%".
			if n := len(toks); k == 0 && n > 0 && toks[n-1].line == i-1 && strings.HasSuffix(toks[n-1].text, ".") &&
				isValueCell(strings.TrimSuffix(toks[n-1].text, ".")) && f[0] >= '0' && f[0] <= '9' && isValueCell(toks[n-1].text+f) {
				toks[n-1].text += f
				continue
			}
			toks = append(toks, streamToken{text: f, line: i})
		}
	}
	flush()
}

// itemRow reports whether the item readers read a line as a row of labels
// or a labelled row (splitRuns split it, its first cell a label); a line of
// figures alone may be the rest of a stream's row.
func itemRow(text string) bool {
	cells := splitRuns(text)
	return len(cells) > 1 && isLabelCell(cells[0])
}

// readStream reads one stream of words.
func (p *parser) readStream(toks []streamToken, out *[]layoutFigure) {
	for i := 0; i < len(toks); i++ {
		// A run of known labels.
		// A header's labels stand on one line; the next line may open
		// with a row's label.
		j := i
		for j < len(toks) && toks[j].line == toks[i].line && isLabelCell(toks[j].text) && knownLabel(toks[j].text) {
			j++
		}
		if j-i < 2 {
			continue
		}
		cols := make([]layoutColumn, 0, j-i)
		mapped := 0
		for _, t := range toks[i:j] {
			h := readHeaderLabel(t.text)
			f, _ := lookupLabel(h.key)
			if f.kind == kindName {
				cols = nil
				break
			}
			if figureColumn(layoutColumn{field: f, known: true}) {
				mapped++
			}
			cols = append(cols, layoutColumn{label: h.key, field: f, known: true, unit: h.unit, year: h.year})
		}
		if cols == nil {
			continue
		}
		if last := cols[len(cols)-1]; mapped == 1 && figureColumn(last) && len(cols) >= 3 && j < len(toks) && isValueCell(toks[j].text) {
			// Column labels, then the first row's label and its figures
			// ("… 2018年决算数 三公经费 29.08 …"): a matrix.
			cols, j, mapped = cols[:len(cols)-1], j-1, 0
		}
		unit, conflict := p.streamUnit(toks, i)
		k := j
		for k < len(toks) && isValueCell(toks[k].text) {
			k++
		}
		ev := p.streamEvidence(toks[i:max(k, j)])
		switch {
		case k > j && mapped > 0:
			// A header over its values.
			if k-j != len(cols) {
				p.ambiguous(cols, ev, fmt.Sprintf("表头有%d列而数值有%d个，无法逐列对应", len(cols), k-j), fmt.Sprintf("%d列/%d个", len(cols), k-j))
			} else {
				vals := make([]string, 0, k-j)
				for _, t := range toks[j:k] {
					vals = append(vals, t.text)
				}
				p.columnFigures(cols, vals, unit, conflict, ev, out)
			}
			i = k - 1
		case k == j && mapped == 0:
			i = p.streamMatrix(toks, i, j, cols, unit, conflict, out) - 1
		default:
			i = j - 1
		}
	}
}

// knownLabel reports whether a word is a dictionary label.
func knownLabel(s string) bool {
	_, ok := lookupLabel(readHeaderLabel(s).key)
	return ok
}

// streamMatrix reads the rows after the column labels toks[i:j]; it returns
// the index of the first word after the matrix.
func (p *parser) streamMatrix(toks []streamToken, i, j int, cols []layoutColumn, unit string, conflict bool, out *[]layoutFigure) int {
	header := toks[i:j]
	blank := 0
	k := j
	var rows []streamRow
	for k < len(toks) && blank < maxStreamBlankRows {
		label := toks[k].text
		if !isLabelCell(label) || runeLen(label) > maxStreamLabelRunes {
			k++
			continue
		}
		// A new header ends the matrix.
		if k+1 < len(toks) && columnLabel(label) && columnLabel(toks[k+1].text) {
			break
		}
		v := k + 1
		for v < len(toks) && isValueCell(toks[v].text) {
			v++
		}
		if v == k+1 {
			// A row without figures still stands between its neighbours:
			// the sums of streamRowBySum take only adjacent rows.
			rows = append(rows, streamRow{label: label, key: readHeaderLabel(label).key, toks: toks[k : k+1]})
			blank++
			k++
			continue
		}
		blank = 0
		rows = append(rows, streamRow{label: label, key: readHeaderLabel(label).key, toks: toks[k:v]})
		k = v
	}
	for r, row := range rows {
		p.streamMatrixRow(header, rows, r, row, cols, unit, conflict, out)
	}
	return k
}

// streamMatrixRow reads one row of a stream's matrix: its figures in the
// columns that name a figure with the row's label. A row with another
// number of figures than columns is read only when the table's own sums
// place its figures (streamRowBySum); otherwise nothing of it is taken and
// a layout_ambiguous finding says why.
func (p *parser) streamMatrixRow(header []streamToken, rows []streamRow, r int, row streamRow, cols []layoutColumn, unit string, conflict bool, out *[]layoutFigure) {
	var fields []layoutField
	for _, c := range cols {
		if f, ok := lookupLabel(row.key + c.label); ok && f.field != "" {
			fields = append(fields, f)
		}
	}
	if len(fields) == 0 {
		return
	}
	vals := row.values()
	if len(vals) == 0 {
		return
	}
	ev := p.streamEvidence(append(append([]streamToken(nil), header...), row.toks...))
	if len(vals) != len(cols) {
		placed, ok := streamRowBySum(rows, r, len(cols))
		if !ok {
			var names []string
			for _, f := range fields {
				names = appendNew(names, f.label)
			}
			p.layoutFinding(strings.Join(names, "、"), ev, fmt.Sprintf("“%s”一行有%d个数值而表头有%d列，无法判断缺了哪一格", row.key, len(vals), len(cols)),
				fmt.Sprintf("%d个/%d列", len(vals), len(cols)))
			return
		}
		vals = placed
	}
	for ci, c := range cols {
		f, ok := lookupLabel(row.key + c.label)
		if !ok || f.field == "" {
			continue
		}
		lv, _ := readValue(vals[ci])
		if lv.blank {
			continue
		}
		val, why := columnValue(f, layoutColumn{label: row.key + c.label, field: f, known: true, unit: c.unit}, lv, unit, conflict)
		if why != "" {
			p.ambiguousField(f, ev, why, lv.raw)
			continue
		}
		*out = append(*out, layoutFigure{field: f.field, label: f.label, value: val, year: c.year, ev: ev})
	}
}

// columnLabel reports whether a word names a kind of figure (预算数,
// 年初预算数, 执行率) rather than a category a row lists (三公经费, 公务接待).
func columnLabel(s string) bool {
	if !isLabelCell(s) {
		return false
	}
	f, ok := lookupLabel(readHeaderLabel(s).key)
	return ok && (f.kind == kindNone || strings.HasPrefix(f.field, "budget."))
}

func appendNew(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// streamUnit is the money unit stated before toks[at] in its stream
// ("单位:万元"), else 万元.
func (p *parser) streamUnit(toks []streamToken, at int) (string, bool) {
	for k := at - 1; k >= 0; k-- {
		if stated := unitStatements([]string{toks[k].text}); len(stated) > 0 {
			return stated[0], len(stated) > 1
		}
	}
	return "万元", false
}

// streamEvidence points at the first word's line with the words as text.
func (p *parser) streamEvidence(toks []streamToken) *report.Evidence {
	var words []string
	for _, t := range toks {
		words = append(words, t.text)
	}
	return p.lines[toks[0].line].evidence(strings.Join(words, " "))
}
