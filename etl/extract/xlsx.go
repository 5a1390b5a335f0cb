package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"
)

// extractXlsx turns each sheet's used range into one table, in sheet order.
// Cell text is the formatted value (as Excel shows it). A merged range keeps
// its text in its top-left cell with Span = merged columns; the other cells of
// its first row are dropped, and in each row below, the range's first column
// becomes a Merged cell with the same Span (like docx vMerge). Rows that are
// entirely blank are dropped; so are blank columns left of the used range.
// Sheet names are not emitted.
func extractXlsx(ctx context.Context, data []byte, lim Limits) (doc *Document, err error) {
	fail := func(where, reason string, err error) *Error {
		return &Error{Stage: stage, Format: "xlsx", Where: where, Reason: reason, Err: err}
	}
	if bytes.HasPrefix(data, oleMagic) {
		return nil, fail("", "file is an OLE compound document (a legacy .xls or a password-protected workbook), not an xlsx", nil)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fail("zip", "not a readable zip archive (truncated, or not an xlsx)", err)
	}
	if name, ok := declaredSizeOK(zr, lim.MaxDocxUncompressed); !ok {
		return nil, fail(name, fmt.Sprintf("uncompressed content exceeds the %d-byte limit (zip bomb guard)", lim.MaxDocxUncompressed), errLimit)
	}
	if !hasWorkbookPart(zr) {
		return nil, fail("xl/workbook.xml", "no workbook part (a zip, but not an xlsx workbook)", nil)
	}
	// excelize is a large third-party parser; a panic on hostile input must
	// still become a clear error for the quarantine, not a crashed ETL run.
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fail("", "spreadsheet library failed on malformed input", fmt.Errorf("panic: %v", r))
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    lim.MaxDocxUncompressed,
		UnzipXMLSizeLimit: min(lim.MaxDocxUncompressed, 16<<20),
	})
	if err != nil {
		return nil, fail("", "cannot open workbook (truncated or corrupt?)", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fail("xl/workbook.xml", "workbook has no worksheets (not an xlsx?)", nil)
	}
	doc = &Document{Format: "xlsx"}
	for _, name := range sheets {
		t, err := sheetTable(ctx, f, name)
		if err != nil {
			if ctx.Err() != nil {
				return nil, cancelled("xlsx", "sheet "+name, ctx.Err())
			}
			return nil, fail("sheet "+name, "cannot read worksheet", err)
		}
		if t != nil {
			doc.Blocks = append(doc.Blocks, Block{Kind: TableBlock, Table: t})
		}
	}
	return doc, nil
}

// hasWorkbookPart reports whether the zip holds a workbook part; the name is
// normally xl/workbook.xml, but only the base name is checked, as excelize
// follows the package relationships.
func hasWorkbookPart(zr *zip.Reader) bool {
	for _, f := range zr.File {
		if strings.EqualFold(path.Base(f.Name), "workbook.xml") {
			return true
		}
	}
	return false
}

// mergeRange is a merged range in 1-based coordinates.
type mergeRange struct{ r1, c1, r2, c2 int }

func sheetTable(ctx context.Context, f *excelize.File, sheet string) (*Table, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var (
		idx     []int      // 1-based numbers of the kept rows, ascending
		vals    [][]string // their values from column A
		minCol  = 0        // leftmost non-blank column (1-based), 0 = none yet
		maxCol  = 0        // rightmost non-blank column (1-based)
		rowNum  = 0
		nonZero = false
	)
	for rows.Next() {
		rowNum++
		if rowNum%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		cols, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", rowNum, err)
		}
		first, last := 0, 0
		for i, v := range cols {
			if strings.TrimSpace(v) != "" {
				if first == 0 {
					first = i + 1
				}
				last = i + 1
			}
		}
		if first == 0 {
			continue
		}
		if !nonZero || first < minCol {
			minCol = first
		}
		nonZero = true
		maxCol = max(maxCol, last)
		idx = append(idx, rowNum)
		vals = append(vals, cols)
	}
	if err := rows.Error(); err != nil {
		return nil, err
	}
	if len(idx) == 0 {
		return nil, nil
	}
	merges, err := sheetMerges(f, sheet)
	if err != nil {
		return nil, err
	}
	// A merged range whose top-left text is kept widens the table to its end.
	byRow := make(map[int][]mergeRange)
	for _, m := range merges {
		k := sort.SearchInts(idx, m.r1)
		if k < len(idx) && idx[k] == m.r1 && cellValue(vals[k], m.c1) != "" {
			maxCol = max(maxCol, m.c2)
		}
		for ; k < len(idx) && idx[k] <= m.r2; k++ {
			byRow[idx[k]] = append(byRow[idx[k]], m)
		}
	}
	t := &Table{Rows: make([]Row, 0, len(idx))}
	for k, r := range idx {
		if k%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		var cells []Cell
		for c := minCol; c <= maxCol; c++ {
			m, in := findMerge(byRow[r], c)
			if !in {
				cells = append(cells, Cell{Text: cellValue(vals[k], c), Span: 1})
				continue
			}
			sc, ec := max(m.c1, minCol), min(m.c2, maxCol)
			if c != sc {
				continue // covered horizontally: dropped
			}
			if r == m.r1 {
				cells = append(cells, Cell{Text: cellValue(vals[k], m.c1), Span: ec - sc + 1})
			} else {
				cells = append(cells, Cell{Span: ec - sc + 1, Merged: true})
			}
		}
		t.Rows = append(t.Rows, Row{Cells: cells})
	}
	return t, nil
}

func cellValue(row []string, col int) string {
	if col >= 1 && col <= len(row) {
		return row[col-1]
	}
	return ""
}

func findMerge(ms []mergeRange, col int) (mergeRange, bool) {
	for _, m := range ms {
		if col >= m.c1 && col <= m.c2 {
			return m, true
		}
	}
	return mergeRange{}, false
}

func sheetMerges(f *excelize.File, sheet string) ([]mergeRange, error) {
	mcs, err := f.GetMergeCells(sheet, true)
	if err != nil {
		return nil, err
	}
	out := make([]mergeRange, 0, len(mcs))
	for _, mc := range mcs {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("merged range %s:%s: %w", mc.GetStartAxis(), mc.GetEndAxis(), err)
		}
		if r2 < r1 {
			r1, r2 = r2, r1
		}
		if c2 < c1 {
			c1, c2 = c2, c1
		}
		out = append(out, mergeRange{r1: r1, c1: c1, r2: r2, c2: c2})
	}
	return out, nil
}
