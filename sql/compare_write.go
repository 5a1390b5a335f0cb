package sql

import (
	"context"
	"io"

	"jixiao/export"
)

// WriteCompare writes the comparison of f in format (csv, xlsx or parquet) to
// w and returns its rows (0 for Parquet, which DuckDB writes). `jixiao export`
// and GET /api/v1/compare write through it, so both give the same bytes.
func (w *DB) WriteCompare(ctx context.Context, out io.Writer, f CompareFilter, format string) (int, error) {
	if format == "parquet" {
		_, err := w.CompareParquet(ctx, out, f)
		return 0, err
	}
	rows, err := w.Compare(ctx, f)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var sum export.Summary
	switch format {
	case "csv":
		sum, err = export.CSV(out, rows, export.CSVOptions{})
		return sum.Rows, err
	case "json":
		sum, err = export.JSON(out, rows)
		return sum.Rows, err
	}
	if err := f.Validate(); err != nil {
		return 0, err
	}
	var cols []export.Column
	for _, c := range CompareColumns(f.Years) {
		cols = append(cols, export.Column{Name: c.Name, Kind: c.Kind})
	}
	sum, err = export.XLSX(out, rows, export.XLSXOptions{Title: f.Title(), Columns: cols, UnitColumn: 3})
	return sum.Rows, err
}
