package export

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/mattn/go-runewidth"
	"github.com/xuri/excelize/v2"
)

// Column says how an XLSX column is formatted.
type Column struct {
	Name string
	// Kind: "text"; "value" and "delta" (a figure in the row's unit, formatted by
	// that unit); "percent" (a change in percent: 34.73 is written as 0.3473 and
	// shown as 34.73%).
	Kind string
}

// XLSXOptions tune XLSX.
type XLSXOptions struct {
	// Sheet is the sheet's name (default 对比表).
	Sheet string
	// Title is the first row, above the header (e.g. the scope and the years).
	Title string
	// Columns describe src's columns, in order.
	Columns []Column
	// UnitColumn is the index of the column holding a row's unit of measure
	// (万元, %, 分, 人, …), which picks the number format of its figures; -1: none.
	UnitColumn int
}

// numberFormats by unit of measure; other units get fmtPlain.
var numberFormats = map[string]string{
	"万元": "#,##0.00", "元": "#,##0.00", "亿元": "#,##0.00",
	"%": `0.00"%"`, "分": "0.00",
	"人": "#,##0", "个": "#,##0", "家": "#,##0", "条": "#,##0", "项": "#,##0", "次": "#,##0",
}

const (
	fmtPlain   = "#,##0.####"
	fmtPercent = "0.00%"
)

// XLSX writes src as one worksheet with excelize's StreamWriter (rows go to a
// temporary file, not memory): a title row, a frozen bold header row, column
// widths fitted to the header and first rows, text as text and every figure a
// real number with a number format — 万元 with thousands separators, percent
// changes as percentages, scores with two decimals.
func XLSX(w io.Writer, src Source, opt XLSXOptions) (Summary, error) {
	cols := src.Columns()
	if len(opt.Columns) != len(cols) {
		return Summary{}, fmt.Errorf("xlsx: %d column formats for %d columns", len(opt.Columns), len(cols))
	}
	if opt.Sheet == "" {
		opt.Sheet = "对比表"
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", opt.Sheet); err != nil {
		return Summary{}, err
	}
	styles := map[string]int{}
	style := func(numFmt string) (int, error) {
		if id, ok := styles[numFmt]; ok {
			return id, nil
		}
		s := numFmt
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &s})
		styles[numFmt] = id
		return id, err
	}
	titleStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return Summary{}, err
	}
	headStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return Summary{}, err
	}
	sw, err := f.NewStreamWriter(opt.Sheet)
	if err != nil {
		return Summary{}, err
	}
	// Widths must precede the rows in a stream: fit them to the header, with room
	// for a 万元 figure with separators; text columns to their longest early cell.
	for i, c := range opt.Columns {
		width := float64(runewidth.StringWidth(c.Name)) + 2
		switch c.Kind {
		case "text":
			width = max(width, 10)
		default:
			width = max(min(width, 16), 14)
		}
		if i == 2 {
			width = max(width, 28) // 项目: indicator names run long
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return Summary{}, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return Summary{}, err
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: titleStyle, Value: opt.Title}}, excelize.RowOpts{Height: 24}); err != nil {
		return Summary{}, err
	}
	last, _ := excelize.CoordinatesToCellName(len(cols), 1)
	if err := sw.MergeCell("A1", last); err != nil {
		return Summary{}, err
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: headStyle, Value: c}
	}
	if err := sw.SetRow("A2", head, excelize.RowOpts{Height: 32}); err != nil {
		return Summary{}, err
	}
	var sum Summary
	cells := make([]any, len(cols))
	for src.Next() {
		row := src.Row()
		unitFmt := fmtPlain
		if opt.UnitColumn >= 0 && opt.UnitColumn < len(row) {
			if u, ok := row[opt.UnitColumn].(string); ok && numberFormats[u] != "" {
				unitFmt = numberFormats[u]
			}
		}
		for i, v := range row {
			kind := opt.Columns[i].Kind
			if kind == "text" {
				cells[i] = Text(v)
				continue
			}
			nf, shift := unitFmt, ""
			if kind == "percent" {
				// 34.73 (percent) is the fraction 0.3473: parsed from the decimal
				// text, so the cell holds the double nearest 0.3473, not 34.73/100.
				nf, shift = fmtPercent, "e-2"
			}
			x, ok := number(v, shift)
			if !ok {
				cells[i] = nil
				continue
			}
			id, err := style(nf)
			if err != nil {
				return sum, err
			}
			cells[i] = excelize.Cell{StyleID: id, Value: x}
		}
		cell, _ := excelize.CoordinatesToCellName(1, sum.Rows+3)
		if err := sw.SetRow(cell, cells); err != nil {
			return sum, err
		}
		sum.Rows++
	}
	if err := src.Err(); err != nil {
		return sum, err
	}
	sum.Truncated = src.Truncated()
	if err := sw.Flush(); err != nil {
		return sum, err
	}
	if _, err := f.WriteTo(w); err != nil {
		return sum, err
	}
	return sum, nil
}

// number reads a figure as a float64 for a spreadsheet cell (whose numbers are
// doubles anyway) from its decimal text, scaled by exp ("e-2" or ""); NULL,
// ±Inf, NaN and non-numbers are not figures.
func number(v any, exp string) (float64, bool) {
	switch v.(type) {
	case json.Number, float64, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
	default:
		return 0, false
	}
	f, err := strconv.ParseFloat(Text(v)+exp, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}
