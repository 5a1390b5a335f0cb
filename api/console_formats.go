package api

import (
	"encoding/json"
	"io"
	"regexp"
	"strings"

	"jixiao/export"
	warehouse "jixiao/sql"
)

// numericType are the DuckDB column types an XLSX download writes as numbers.
var numericType = regexp.MustCompile(`^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\))$`)

// consoleXLSX writes a console result as one worksheet: numeric columns as
// numbers (typed cells a spreadsheet sums), every other column as text.
func consoleXLSX(w io.Writer, rows *warehouse.Rows, sql string) (export.Summary, error) {
	types := rows.Types()
	cols := make([]export.Column, len(rows.Columns()))
	numeric := make([]bool, len(cols))
	for i, name := range rows.Columns() {
		cols[i] = export.Column{Name: name, Kind: "text"}
		if i < len(types) && numericType.MatchString(types[i]) {
			cols[i].Kind, numeric[i] = "value", true
		}
	}
	return export.XLSX(w, &numberCells{Source: rows, numeric: numeric},
		export.XLSXOptions{Sheet: "查询结果", Title: firstLine(sql), Columns: cols, UnitColumn: -1})
}

// numberCells hands a numeric column's values that are no Go number (a
// HUGEINT, a wide DECIMAL) to the writer as their decimal text, so no figure
// is dropped as "not a number".
type numberCells struct {
	export.Source
	numeric []bool
	row     []any
}

func (n *numberCells) Row() []any {
	src := n.Source.Row()
	n.row = append(n.row[:0], src...)
	for i, v := range n.row {
		if i >= len(n.numeric) || !n.numeric[i] || v == nil {
			continue
		}
		switch v.(type) {
		case json.Number, float64, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		default:
			n.row[i] = json.Number(export.Text(v))
		}
	}
	return n.row
}

// firstLine is the query as the sheet's title: its first line that is not a
// comment, cut to fit a title row.
func firstLine(sql string) string {
	for _, l := range strings.Split(sql, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "--") {
			continue
		}
		if r := []rune(l); len(r) > 80 {
			return string(r[:80]) + "…"
		}
		return l
	}
	return "SQL 查询结果"
}
