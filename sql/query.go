package sql

import (
	"context"
	"database/sql/driver"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
	"text/tabwriter"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ErrNotReadOnly is returned for any statement other than one SELECT/WITH/
// DESCRIBE/SHOW/EXPLAIN.
var ErrNotReadOnly = errors.New("only a single SELECT, WITH, DESCRIBE, SHOW or EXPLAIN statement is allowed")

// Result is a query result held in memory (rows capped by the caller).
type Result struct {
	Columns   []string `json:"columns"`
	Rows      [][]any  `json:"rows"`
	Truncated bool     `json:"truncated"`
}

// checkReadOnly prepares the text without running it: the context-free Prepare
// refuses several statements, and the statement type must be a query.
func (w *DB) checkReadOnly(ctx context.Context, q string) (wrap bool, err error) {
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		st, err := c.Prepare(q)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrNotReadOnly, err)
		}
		defer st.Close()
		ds, ok := st.(*duckdb.Stmt)
		if !ok {
			return fmt.Errorf("unexpected driver statement %T", st)
		}
		typ, err := ds.StatementType()
		if err != nil {
			return err
		}
		switch typ {
		case duckdb.STATEMENT_TYPE_SELECT:
			wrap = true
		case duckdb.STATEMENT_TYPE_EXPLAIN:
		default:
			return ErrNotReadOnly
		}
		return nil
	})
	return wrap, err
}

// firstKeyword is the query's first word, upper-cased, after comments.
func firstKeyword(q string) string {
	q = strings.TrimSpace(q)
	for strings.HasPrefix(q, "--") || strings.HasPrefix(q, "/*") {
		if strings.HasPrefix(q, "--") {
			if i := strings.IndexByte(q, '\n'); i >= 0 {
				q = strings.TrimSpace(q[i+1:])
				continue
			}
			return ""
		}
		if i := strings.Index(q, "*/"); i >= 0 {
			q = strings.TrimSpace(q[i+2:])
			continue
		}
		return ""
	}
	end := strings.IndexFunc(q, func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '(' || r == '\r' })
	if end < 0 {
		end = len(q)
	}
	return strings.ToUpper(q[:end])
}

// Query runs one read-only statement and returns at most maxRows rows (0: 10,000);
// Truncated tells whether more existed. The cap is a LIMIT around the query
// because the driver materialises a result before the first row reaches Go.
func (w *DB) Query(ctx context.Context, q string, maxRows int) (*Result, error) {
	if maxRows <= 0 {
		maxRows = 10000
	}
	q = strings.TrimSpace(q)
	q = strings.TrimSuffix(q, ";")
	kw := firstKeyword(q)
	switch kw {
	case "SELECT", "WITH", "DESCRIBE", "SHOW", "EXPLAIN", "FROM", "SUMMARIZE", "VALUES", "TABLE":
	default:
		return nil, ErrNotReadOnly
	}
	wrap, err := w.checkReadOnly(ctx, q)
	if err != nil {
		return nil, err
	}
	run := q
	if wrap && kw != "DESCRIBE" && kw != "SHOW" && kw != "SUMMARIZE" {
		run = fmt.Sprintf("SELECT * FROM (%s\n) AS q LIMIT %d", q, maxRows+1)
	}
	rows, err := w.db.QueryContext(ctx, run)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	res := &Result{Columns: cols, Rows: [][]any{}}
	for rows.Next() {
		if len(res.Rows) == maxRows {
			res.Truncated = true
			break
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			vals[i] = plainValue(v)
		}
		res.Rows = append(res.Rows, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	return res, nil
}

// plainValue turns driver values into JSON- and CSV-friendly Go values.
func plainValue(v any) any {
	switch x := v.(type) {
	case duckdb.Decimal:
		f, _ := new(big.Float).SetInt(x.Value).Float64()
		for range x.Scale {
			f /= 10
		}
		return f
	case *big.Int:
		return x.String()
	case time.Time:
		return x.Format(time.RFC3339)
	case []byte:
		return string(x)
	}
	return v
}

// Write prints the result as table, csv or json.
func (r *Result) Write(w io.Writer, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return enc.Encode(r)
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(r.Columns); err != nil {
			return err
		}
		for _, row := range r.Rows {
			rec := make([]string, len(row))
			for i, v := range row {
				rec[i] = cellText(v)
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	case "table", "":
		tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(r.Columns, "\t"))
		for _, row := range r.Rows {
			rec := make([]string, len(row))
			for i, v := range row {
				rec[i] = cellText(v)
			}
			fmt.Fprintln(tw, strings.Join(rec, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(w, "(%d rows%s)\n", len(r.Rows), map[bool]string{true: ", truncated", false: ""}[r.Truncated])
		return nil
	}
	return fmt.Errorf("unknown format %q: want table, csv or json", format)
}

func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return fmt.Sprintf("%g", x)
	case string:
		return x
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return strings.Trim(string(b), `"`)
}
