package sql

import (
	"context"
	gosql "database/sql"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Rows streams a query's result row by row, each value already in a plain Go
// form every writer prints the same way (see plainValue). The sandbox and the
// project's own queries both return it.
type Rows struct {
	rows      *gosql.Rows
	names     []string
	types     []string
	vals      []any
	ptrs      []any
	row       []any
	max       int
	n         int
	truncated bool
	err       error
	timeout   time.Duration
	release   func()
}

// newRows reads rows up to maxRows (≤ 0: all). A query the cap could not be
// wrapped around (DESCRIBE, EXPLAIN) is still cut at maxRows here.
func newRows(rows *gosql.Rows, maxRows int) (*Rows, error) {
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	r := &Rows{rows: rows, max: maxRows}
	for _, ct := range cts {
		r.names = append(r.names, ct.Name())
		r.types = append(r.types, ct.DatabaseTypeName())
	}
	r.vals = make([]any, len(cts))
	r.ptrs = make([]any, len(cts))
	r.row = make([]any, len(cts))
	for i := range r.vals {
		r.ptrs[i] = &r.vals[i]
	}
	return r, nil
}

// Columns are the result's column names.
func (r *Rows) Columns() []string { return r.names }

// Types are the result's DuckDB column types (DECIMAL(18,4), VARCHAR, …).
func (r *Rows) Types() []string { return r.types }

// Next advances to the next row; false at the end, at the row cap, or on error.
func (r *Rows) Next() bool {
	if r.err != nil || r.rows == nil {
		return false
	}
	if !r.rows.Next() {
		r.err = r.rows.Err()
		return false
	}
	if r.max > 0 && r.n == r.max {
		r.truncated = true
		return false
	}
	if err := r.rows.Scan(r.ptrs...); err != nil {
		r.err = err
		return false
	}
	for i, v := range r.vals {
		r.row[i] = plainValue(v, r.types[i])
	}
	r.n++
	return true
}

// Row is the current row; it is overwritten by the next call of Next.
func (r *Rows) Row() []any { return r.row }

// Count is the number of rows returned so far.
func (r *Rows) Count() int { return r.n }

// Truncated tells, once Next has returned false, that rows past the cap existed.
func (r *Rows) Truncated() bool { return r.truncated }

// Err is the error that ended the rows, if any, as a *QueryError.
func (r *Rows) Err() error {
	if r.err == nil {
		return nil
	}
	return classify(r.err, r.timeout)
}

// Close releases the rows and their connection.
func (r *Rows) Close() error {
	var err error
	if r.rows != nil {
		err = r.rows.Close()
		r.rows = nil
	}
	if r.release != nil {
		r.release()
		r.release = nil
	}
	return err
}

// plainValue turns a driver value into the form every writer shares: DECIMAL
// and HUGEINT as json.Number holding their exact digits (never a float: 124.94
// would print as 124.94000000000001), dates as text, nested values recursively.
func plainValue(v any, typ string) any {
	switch x := v.(type) {
	case duckdb.Decimal:
		return json.Number(x.String())
	case *big.Int:
		return json.Number(x.String())
	case time.Time:
		switch {
		case typ == "DATE":
			return x.Format(time.DateOnly)
		case typ == "TIME":
			return x.Format(time.TimeOnly)
		case strings.HasPrefix(typ, "TIMESTAMP") && (strings.Contains(typ, "TZ") || strings.Contains(typ, "TIME ZONE")):
			return x.Format(time.RFC3339Nano)
		}
		return x.Format("2006-01-02 15:04:05.999999")
	case []byte:
		return string(x)
	case duckdb.UUID:
		return x.String()
	case duckdb.Interval:
		return fmt.Sprintf("%d months %d days %d µs", x.Months, x.Days, x.Micros)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plainValue(e, "")
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plainValue(e, "")
		}
		return out
	case duckdb.Map:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[fmt.Sprint(plainValue(k, ""))] = plainValue(e, "")
		}
		return out
	}
	return v
}

// Result is a query result held in memory, for the project's own small
// queries and tests.
type Result struct {
	Columns   []string `json:"columns"`
	Rows      [][]any  `json:"rows"`
	Truncated bool     `json:"truncated"`
}

// Query runs one read-only query statement on the warehouse's own connection
// and returns at most maxRows rows (0: DefaultMaxRows). It is for the project's
// code and tests, which trust the text: analysts' SQL goes through a Sandbox,
// which adds the isolation (no file access, locked configuration, memory cap,
// timeout). The statement checks are the sandbox's own.
func (w *DB) Query(ctx context.Context, q string, maxRows int) (*Result, error) {
	if maxRows <= 0 {
		maxRows = DefaultMaxRows
	}
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	p, err := checkQuery(ctx, conn, q, maxRows, false)
	if err != nil {
		return nil, err
	}
	rs, err := conn.QueryContext(ctx, p.text)
	if err != nil {
		return nil, classify(err, 0)
	}
	rows, err := newRows(rs, maxRows)
	if err != nil {
		rs.Close()
		return nil, err
	}
	defer rows.Close()
	res := &Result{Columns: rows.Columns(), Rows: [][]any{}}
	for rows.Next() {
		res.Rows = append(res.Rows, append([]any(nil), rows.Row()...))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	res.Truncated = rows.Truncated()
	return res, nil
}

// Source iterates the held rows for the writers of package export.
func (r *Result) Source() *ResultSource { return &ResultSource{res: r, i: -1} }

// ResultSource is a Result read row by row.
type ResultSource struct {
	res *Result
	i   int
}

func (s *ResultSource) Columns() []string { return s.res.Columns }
func (s *ResultSource) Next() bool        { s.i++; return s.i < len(s.res.Rows) }
func (s *ResultSource) Row() []any        { return s.res.Rows[s.i] }
func (s *ResultSource) Err() error        { return nil }
func (s *ResultSource) Truncated() bool   { return s.res.Truncated }
