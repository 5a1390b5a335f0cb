// Package export writes results for people and their tools: a query's rows as
// an aligned table, CSV or JSON, and the yearly comparison (对比表) as CSV or
// XLSX. It streams from a row source and knows neither DuckDB nor HTTP, so the
// command line and the API print the very same bytes.
package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"
)

// Source is a stream of rows (the warehouse's *sql.Rows is one). Values are
// the warehouse's plain forms: nil, bool, integers, float64, json.Number (exact
// DECIMAL digits), string, []any and map[string]any.
type Source interface {
	Columns() []string
	Next() bool
	Row() []any
	Err() error
	Truncated() bool
}

// Summary says what a writer wrote.
type Summary struct {
	Rows      int  `json:"rows"`
	Truncated bool `json:"truncated"`
}

// BOM starts every CSV file: Excel on Chinese Windows reads a CSV without it as
// GBK and garbles every Chinese name.
const BOM = "\uFEFF"

// CSVOptions tune CSV.
type CSVOptions struct {
	// NoBOM leaves the byte-order mark out (for tools that do not expect one).
	NoBOM bool
	// Null is written for NULL (default: an empty field).
	Null string
}

// CSV streams src as CSV: a header row, then one record per row as it arrives.
func CSV(w io.Writer, src Source, opt CSVOptions) (Summary, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	if !opt.NoBOM {
		if _, err := bw.WriteString(BOM); err != nil {
			return Summary{}, err
		}
	}
	cw := csv.NewWriter(bw)
	if err := cw.Write(src.Columns()); err != nil {
		return Summary{}, err
	}
	var sum Summary
	rec := make([]string, len(src.Columns()))
	for src.Next() {
		for i, v := range src.Row() {
			if v == nil {
				rec[i] = opt.Null
				continue
			}
			rec[i] = Text(v)
		}
		if err := cw.Write(rec); err != nil {
			return sum, err
		}
		sum.Rows++
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return sum, err
	}
	if err := bw.Flush(); err != nil {
		return sum, err
	}
	sum.Truncated = src.Truncated()
	return sum, src.Err()
}

// JSON streams src as {"columns": […], "rows": [[…], …], "truncated": …,
// "row_count": n}; ±Inf and NaN are null (JSON has no such numbers), DECIMAL
// values keep their exact digits. An error after the first row still closes
// the object, with "error" holding the message.
func JSON(w io.Writer, src Source) (Summary, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	cols, err := json.Marshal(src.Columns())
	if err != nil {
		return Summary{}, err
	}
	bw.WriteString(`{"columns":`)
	bw.Write(cols)
	bw.WriteString(`,"rows":[`)
	var sum Summary
	for src.Next() {
		if sum.Rows > 0 {
			bw.WriteByte(',')
		}
		if err := writeJSONValue(bw, src.Row()); err != nil {
			return sum, err
		}
		bw.WriteByte('\n')
		sum.Rows++
	}
	sum.Truncated = src.Truncated()
	fmt.Fprintf(bw, `],"truncated":%t,"row_count":%d`, sum.Truncated, sum.Rows)
	srcErr := src.Err()
	if srcErr != nil {
		msg, _ := json.Marshal(srcErr.Error())
		bw.WriteString(`,"error":`)
		bw.Write(msg)
	}
	bw.WriteString("}\n")
	if err := bw.Flush(); err != nil {
		return sum, err
	}
	return sum, srcErr
}

// writeJSONValue writes v as JSON with the rules of JSON above.
func writeJSONValue(w *bufio.Writer, v any) error {
	switch x := v.(type) {
	case float64:
		w.WriteString(numberText(x, 64, "null"))
		return nil
	case float32:
		w.WriteString(numberText(float64(x), 32, "null"))
		return nil
	case []any:
		w.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				w.WriteByte(',')
			}
			if err := writeJSONValue(w, e); err != nil {
				return err
			}
		}
		w.WriteByte(']')
		return nil
	case map[string]any:
		// encoding/json sorts keys; floats inside maps are rare enough to take its
		// rules after the non-finite ones are nulled.
		clean := make(map[string]any, len(x))
		for k, e := range x {
			clean[k] = jsonSafe(e)
		}
		v = clean
	}
	// Results are data, not markup: no HTML escaping of <, > and &.
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	w.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	return nil
}

func jsonSafe(v any) any {
	switch x := v.(type) {
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return nil
		}
		return json.Number(numberText(x, 64, ""))
	case float32:
		return jsonSafe(float64(x))
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonSafe(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonSafe(e)
		}
		return out
	}
	return v
}

// numberText prints a float in plain decimal, never e-notation (1808800, not
// 1.8088e+06): the shortest digits that read back as the same float.
// nonFinite stands for ±Inf and NaN when not empty.
func numberText(f float64, bits int, nonFinite string) string {
	switch {
	case nonFinite != "" && (math.IsInf(f, 0) || math.IsNaN(f)):
		return nonFinite
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	return strconv.FormatFloat(f, 'f', -1, bits)
}

// Text is a value as a table or CSV cell: NULL is empty, numbers in plain
// decimal (DECIMAL with every digit), nested values as JSON.
func Text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return string(x)
	case float64:
		return numberText(x, 64, "")
	case float32:
		return numberText(float64(x), 32, "")
	case bool:
		return strconv.FormatBool(x)
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return fmt.Sprint(x)
	}
	b, err := json.Marshal(jsonSafe(v))
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// isNumber tells a value that a table right-aligns.
func isNumber(v any) bool {
	switch v.(type) {
	case json.Number, float64, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return true
	}
	return false
}

// Table writes src as columns aligned by display width — a Chinese character
// takes two cells of a terminal, so padding by rune count (text/tabwriter)
// misaligns every column after a unit name — numbers right-aligned, a cell of
// several lines (an EXPLAIN plan) on lines of its own, then a line with the row
// count. The rows are held to measure them: callers cap them.
func Table(w io.Writer, src Source) (Summary, error) {
	cols := src.Columns()
	cells := [][][]string{} // row, column, line
	numeric := make([]bool, len(cols))
	for i := range numeric {
		numeric[i] = true
	}
	seen := make([]bool, len(cols))
	for src.Next() {
		rec := make([][]string, len(cols))
		for i, v := range src.Row() {
			rec[i] = lines(Text(v))
			if v != nil {
				seen[i] = true
				numeric[i] = numeric[i] && isNumber(v)
			}
		}
		cells = append(cells, rec)
	}
	sum := Summary{Rows: len(cells), Truncated: src.Truncated()}
	if err := src.Err(); err != nil {
		return sum, err
	}
	widths := make([]int, len(cols))
	for i, c := range cols {
		widths[i] = runewidth.StringWidth(c)
	}
	for _, rec := range cells {
		for i, c := range rec {
			for _, l := range c {
				widths[i] = max(widths[i], runewidth.StringWidth(l))
			}
		}
	}
	bw := bufio.NewWriter(w)
	line := func(rec []string, header bool) {
		var b strings.Builder
		for i, c := range rec {
			pad := strings.Repeat(" ", widths[i]-runewidth.StringWidth(c))
			if numeric[i] && seen[i] && !header {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
			if i < len(rec)-1 {
				b.WriteString("  ")
			}
		}
		bw.WriteString(strings.TrimRight(b.String(), " ") + "\n")
	}
	line(cols, true)
	for _, rec := range cells {
		height := 1
		for _, c := range rec {
			height = max(height, len(c))
		}
		for k := range height {
			out := make([]string, len(rec))
			for i, c := range rec {
				if k < len(c) {
					out[i] = c[k]
				}
			}
			line(out, false)
		}
	}
	if sum.Truncated {
		fmt.Fprintf(bw, "(前 %d 行；结果已截断，还有更多行)\n", sum.Rows)
	} else {
		fmt.Fprintf(bw, "(%d 行)\n", sum.Rows)
	}
	return sum, bw.Flush()
}

// lines splits a cell into its lines; tabs become spaces.
func lines(s string) []string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", "    ").Replace(s)
	return strings.Split(s, "\n")
}

// Slice is a Source over rows held in memory.
func Slice(columns []string, rows [][]any) Source { return &slice{cols: columns, rows: rows, i: -1} }

type slice struct {
	cols []string
	rows [][]any
	i    int
}

func (s *slice) Columns() []string { return s.cols }
func (s *slice) Next() bool        { s.i++; return s.i < len(s.rows) }
func (s *slice) Row() []any        { return s.rows[s.i] }
func (s *slice) Err() error        { return nil }
func (s *slice) Truncated() bool   { return false }
