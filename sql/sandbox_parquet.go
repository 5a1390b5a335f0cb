package sql

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"jixiao/export"
)

// parquetTypes are the column types a Parquet export keeps; any other (nested,
// INTERVAL, time zones, …) is written as its text.
var parquetTypes = regexp.MustCompile(`^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\)|DATE|TIME|TIMESTAMP|VARCHAR|UUID)$`)

// parquetNull marks NULL in the staging CSV (an empty field would also turn
// every empty string into NULL).
const parquetNull = `\N`

// QueryParquet runs q like Query and writes its rows to out as one Parquet
// file with the result's column types. The sandbox itself has no file access,
// so the rows are staged as CSV in a private temporary directory and a second,
// in-memory DuckDB instance — which never runs user text — converts them with
// COPY; both files are removed. Memory stays bounded by both instances' limits.
func (s *Sandbox) QueryParquet(ctx context.Context, out io.Writer, q string, opt QueryOptions) (export.Summary, error) {
	rows, err := s.Query(ctx, q, opt)
	if err != nil {
		return export.Summary{}, err
	}
	defer rows.Close()
	dir, err := os.MkdirTemp("", "jixiao-parquet-")
	if err != nil {
		return export.Summary{}, fmt.Errorf("parquet: %w", err)
	}
	defer os.RemoveAll(dir)
	staged := filepath.Join(dir, "rows.csv")
	file, err := os.Create(staged)
	if err != nil {
		return export.Summary{}, fmt.Errorf("parquet: %w", err)
	}
	sum, err := export.CSV(file, rows, export.CSVOptions{NoBOM: true, Null: parquetNull})
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return sum, err
	}
	cols := make([]string, len(rows.Columns()))
	seen := map[string]int{}
	for i, name := range rows.Columns() {
		// read_csv's columns struct needs distinct names.
		if seen[name]++; seen[name] > 1 {
			name = fmt.Sprintf("%s_%d", name, seen[name])
		}
		typ := rows.Types()[i]
		if !parquetTypes.MatchString(typ) {
			typ = "VARCHAR"
		}
		cols[i] = fmt.Sprintf("%s: '%s'", quoteLiteral(name), typ)
	}
	conv, err := connect(ctx, "", []string{"threads=1", "memory_limit=256MB",
		"autoinstall_known_extensions=false", "autoload_known_extensions=false",
		"temp_directory=" + filepath.Join(dir, "tmp")})
	if err != nil {
		return sum, fmt.Errorf("parquet: %w", err)
	}
	defer conv.Close()
	target := filepath.Join(dir, "rows.parquet")
	copySQL := fmt.Sprintf(`COPY (SELECT * FROM read_csv(%s, header = true, delim = ',', quote = '"', escape = '"',
		nullstr = %s, columns = {%s})) TO %s (FORMAT parquet, COMPRESSION zstd)`,
		quoteLiteral(staged), quoteLiteral(parquetNull), strings.Join(cols, ", "), quoteLiteral(target))
	if _, err := conv.ExecContext(ctx, copySQL); err != nil {
		return sum, fmt.Errorf("parquet: %w", err)
	}
	pq, err := os.Open(target)
	if err != nil {
		return sum, fmt.Errorf("parquet: %w", err)
	}
	defer pq.Close()
	if _, err := io.Copy(out, pq); err != nil {
		return sum, fmt.Errorf("parquet: %w", err)
	}
	return sum, nil
}

// quoteLiteral is s as a SQL string literal.
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
