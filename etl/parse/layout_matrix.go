package parse

import (
	"fmt"
	"strings"
)

// Matrices: a 基础数据表's 经费控制情况 lists categories in rows and kinds of
// figure in columns —
//
//	项目            | 预算数 | 决算数 | 执行率
//	三公经费        | 10     | 8      | 80%
//	其中：公务接待费 | 3      | 2.5    | 83.3%
//	公用经费        | 60     | 58     | 96.7%
//
// A cell's figure is named by its row and column labels together
// ("公务接待费" + "决算数" → 三公经费's 公务接待费), looked up in the same
// dictionary as any header. Rows and columns naming nothing the contract
// holds are passed over; a column naming another year than the fiscal
// year is skipped when the figures are applied.

// matrixHeader reads a row as the column header of a matrix: a blank,
// name or unknown first cell, then at least two labels, every one known.
func matrixHeader(it layoutItem) ([]layoutColumn, bool) {
	if it.form || len(it.cells) < 3 || len(it.cells) > maxLayoutCells {
		return nil, false
	}
	first := strings.TrimSpace(it.cells[0])
	if first != "" && !isLabelCell(first) {
		return nil, false
	}
	cols := make([]layoutColumn, len(it.cells))
	n := 0
	for i, c := range it.cells[1:] {
		if strings.TrimSpace(c) == "" {
			continue
		}
		h, label := labelCell(c)
		if !label {
			return nil, false
		}
		f, known := lookupLabel(h.key)
		if !known || f.kind == kindName {
			return nil, false
		}
		cols[i+1] = layoutColumn{label: h.key, field: f, known: true, unit: h.unit, year: h.year}
		n++
	}
	return cols, n >= 2
}

// matrixRow is a row of a matrix: a label, then values or blanks.
func matrixRow(it layoutItem, width int) (string, bool) {
	if it.form || len(it.cells) < 2 {
		return "", false
	}
	cells := trimAll(append([]string(nil), it.cells...))
	if len(cells) > width || !isLabelCell(cells[0]) {
		return "", false
	}
	for _, c := range cells[1:] {
		if _, ok := readValue(c); !ok {
			return "", false
		}
	}
	return readHeaderLabel(cells[0]).key, true
}

// readMatrix reads the matrix whose column header is items[at]; it returns
// the index of the last item used (at when items[at] heads none).
func (p *parser) readMatrix(items []layoutItem, at int, out *[]layoutFigure) int {
	cols, ok := matrixHeader(items[at])
	if !ok {
		return at
	}
	tableUnit, conflict := tableUnitOf(items, at, items[at].cells)
	type cell struct {
		f   layoutFigure
		why string
		raw string
	}
	var cells []cell
	// Cells naming one figure of one year: more than one is ambiguous.
	type key struct {
		field string
		year  int
	}
	count := map[key]int{}
	last := at
	for k := at + 1; k < len(items); k++ {
		rowKey, ok := matrixRow(items[k], len(cols))
		if !ok {
			break
		}
		last = k
		values := trimAll(append([]string(nil), items[k].cells...))
		for j := 1; j < len(values) && j < len(cols); j++ {
			c := cols[j]
			if !c.known {
				continue
			}
			f, known := lookupLabel(rowKey + c.label)
			if !known {
				f, known = lookupLabel(c.label + rowKey)
			}
			if !known || f.field == "" {
				continue
			}
			lv, _ := readValue(values[j])
			if lv.blank {
				continue
			}
			ev := joinEvidence([]layoutItem{items[at], items[k]})
			v, why := columnValue(f, layoutColumn{label: rowKey + c.label, field: f, known: true, unit: c.unit}, lv, tableUnit, conflict)
			count[key{f.field, c.year}]++
			cells = append(cells, cell{f: layoutFigure{field: f.field, label: f.label, value: v, year: c.year, ev: ev}, why: why, raw: lv.raw})
		}
	}
	for _, c := range cells {
		k := key{c.f.field, c.f.year}
		switch n := count[k]; {
		case n > 1:
			// 预算数 and 年初预算数 in one table, or a category listed twice.
			p.ambiguousField(layoutField{field: c.f.field, label: c.f.label}, c.f.ev,
				fmt.Sprintf("“%s”在表中出现%d次，无法判断取哪一格", c.f.label, n), c.raw)
			count[k] = -1
		case n < 0:
		case c.why != "":
			p.ambiguousField(layoutField{field: c.f.field, label: c.f.label}, c.f.ev, c.why, c.raw)
		default:
			*out = append(*out, c.f)
		}
	}
	return last
}
