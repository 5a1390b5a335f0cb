package sql

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sandboxOver loads one sample report into a warehouse file, closes it and
// opens the file in the sandbox.
func sandboxOver(t testing.TB, opt SandboxOptions) *Sandbox {
	t.Helper()
	sb, _ := sandboxAt(t, opt)
	return sb
}

// sandboxAt is sandboxOver that also returns the warehouse file's path.
func sandboxAt(t testing.TB, opt SandboxOptions) (*Sandbox, string) {
	t.Helper()
	ctx := context.Background()
	db := openTemp(t)
	if _, err := db.Load(ctx, Document{Report: sampleReport("州甲局", 2021), FileName: "a.txt", SHA256: "aaa"}); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	sb, err := OpenSandbox(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	return sb, path
}

func collect(t *testing.T, rows *Rows) [][]any {
	t.Helper()
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		out = append(out, append([]any(nil), rows.Row()...))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestProbeSEC_SandboxKinds: one sandbox instance answers refusals with the
// right kind, is interrupted by its timeout within a fraction of a second, and
// keeps answering afterwards.
func TestProbeSEC_SandboxKinds(t *testing.T) {
	ctx := context.Background()
	sb := sandboxOver(t, SandboxOptions{Timeout: 300 * time.Millisecond, MaxRows: 5})
	for q, kind := range map[string]error{
		"SELECT * FROM read_csv('/etc/passwd')":                                ErrRefused,
		"SELECT 1; SELECT 2":                                                   ErrRefused,
		"DROP TABLE documents":                                                 ErrRefused,
		"SELECT * FROM duckdb_settings()":                                      ErrRefused,
		"SELECT * FROM v_evaluation":                                           ErrBadSQL,
		"SELECT count(*) FROM range(1000000) a, range(1000000) b":              ErrTimeout,
		"SELECT length(string_agg(repeat('x', 10000000), '')) FROM range(100)": ErrTooLarge,
	} {
		opt := QueryOptions{}
		if kind == ErrTooLarge {
			opt.Timeout = 30 * time.Second
		}
		start := time.Now()
		rows, err := sb.Query(ctx, q, opt)
		if err == nil {
			collect(t, rows)
			t.Errorf("%q answered", q)
			continue
		}
		var qe *QueryError
		if !errors.Is(err, kind) || !errors.As(err, &qe) || qe.Message == "" {
			t.Errorf("%q: %v, want kind %v", q, err, kind)
		}
		if kind == ErrTimeout {
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("the 300 ms timeout stopped the query after %s", d)
			} else {
				t.Logf("timeout 300ms: query stopped after %s", d.Round(time.Millisecond))
			}
		}
	}
	// The sandbox's 300 ms limit is for the runaway queries above; on a loaded
	// machine planning the view alone can take longer.
	rows, err := sb.Query(ctx, "SELECT unit, total_score FROM v_evaluations", QueryOptions{Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if got := collect(t, rows); len(got) != 1 || got[0][1] != json.Number("94") {
		t.Errorf("after the refusals: %v", got)
	}
	rows, err = sb.Query(ctx, "SELECT * FROM range(100)", QueryOptions{Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if got := collect(t, rows); len(got) != 5 || !rows.Truncated() {
		t.Errorf("row cap 5: %d rows, truncated %v", len(got), rows.Truncated())
	}
	rows, err = sb.Query(ctx, "SELECT * FROM range(100)", QueryOptions{MaxRows: -1, Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if got := collect(t, rows); len(got) != 100 || rows.Truncated() {
		t.Errorf("no cap: %d rows, truncated %v", len(got), rows.Truncated())
	}
}

// TestSandboxWithheldCallsOnly: a withheld function is refused where it is
// called or named as a table function, however spelled; the same name as a
// column, alias, string or comment is an ordinary query.
func TestSandboxWithheldCallsOnly(t *testing.T) {
	ctx := context.Background()
	sb, path := sandboxAt(t, SandboxOptions{})
	for _, c := range []struct {
		q       string
		refused string // the withheld name the refusal names; "" = answers
	}{
		{"SELECT 1 AS query", ""},
		{"SELECT query FROM (SELECT 2 AS query) AS t", ""},
		{`SELECT "query", t.query_table FROM (SELECT 1 AS query, 2 AS query_table) t`, ""},
		{"SELECT 'current_setting(''memory_limit'')' AS s", ""},
		{"SELECT 1 AS x -- current_setting('memory_limit')", ""},
		{"SELECT /* duckdb_settings() */ 1", ""},
		{"SELECT unit AS duckdb_databases FROM v_evaluations", ""},
		{"EXPLAIN SELECT 1 AS query", ""},
		{"DESCRIBE SELECT 1 AS query", ""},
		{"SELECT current_setting('memory_limit')", "current_setting"},
		{`SELECT "Current_Setting"('memory_limit')`, "current_setting"},
		{"SELECT current_setting /* c */ ('memory_limit')", "current_setting"},
		{"SELECT ('memory_limit').current_setting()", "current_setting"},
		{"SELECT list_transform([1], x -> current_setting('threads'))", "current_setting"},
		{"SELECT (SELECT path FROM duckdb_databases() LIMIT 1)", "duckdb_databases"},
		{"SELECT * FROM pragma_database_list", "pragma_database_list"},
		{"SELECT * FROM main.pragma_database_list", "pragma_database_list"},
		{`SELECT * FROM "PRAGMA_DATABASE_LIST"`, "pragma_database_list"},
		{"SELECT * FROM system.main.duckdb_settings()", "duckdb_settings"},
		{"SELECT * FROM v_evaluations, duckdb_settings()", "duckdb_settings"},
		{"WITH s AS (SELECT * FROM duckdb_settings()) SELECT * FROM s", "duckdb_settings"},
		{"SELECT * FROM (WITH pragma_database_list AS (SELECT 1) SELECT 1), pragma_database_list", "pragma_database_list"},
		{"SELECT * FROM query('SELECT 1')", "query"},
		{"SELECT * FROM query_table('documents')", "query_table"},
		{"EXPLAIN SELECT current_setting('threads')", "current_setting"},
		{"EXPLAIN ANALYZE SELECT * FROM duckdb_settings()", "duckdb_settings"},
		{"/* x */ EXPLAIN SELECT getvariable('x')", "getvariable"},
		{"DESCRIBE SELECT current_setting('threads')", "current_setting"},
		{"SUMMARIZE SELECT * FROM duckdb_settings()", "duckdb_settings"},
	} {
		rows, err := sb.Query(ctx, c.q, QueryOptions{})
		if c.refused == "" {
			if err != nil {
				t.Errorf("%q refused: %v", c.q, err)
				continue
			}
			collect(t, rows)
			continue
		}
		if err == nil {
			got := collect(t, rows)
			t.Errorf("%q answered %v", c.q, got)
			continue
		}
		if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "不提供函数 "+c.refused) {
			t.Errorf("%q: %v, want the refusal of %s", c.q, err, c.refused)
		}
	}
	// DuckDB keeps the database's own file readable with external access off;
	// its readers are refused by name, and a file in place of a table too.
	for _, q := range []string{"SELECT size FROM read_blob('%s')", "SELECT size FROM READ_TEXT('%s')", "SELECT * FROM glob('%s')",
		"SELECT * FROM read_duckdb('%s', table_name = 'documents')", "SELECT * FROM read_blob('%s.wal')",
		"DESCRIBE SELECT * FROM read_blob('%s')", "EXPLAIN ANALYZE SELECT * FROM read_blob('%s')"} {
		q = fmt.Sprintf(q, path)
		rows, err := sb.Query(ctx, q, QueryOptions{})
		if err == nil {
			t.Errorf("%q answered %v", q, collect(t, rows))
		} else if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "不允许访问文件") {
			t.Errorf("%q: %v", q, err)
		}
	}
	// DuckDB rewrites these PRAGMAs into SELECTs of withheld table functions;
	// they are refused also without a row cap (CSV and Parquet exports), where
	// no LIMIT wrapper would fail on them.
	for _, q := range []string{"PRAGMA database_list", "pragma platform", "/* x */ PRAGMA user_agent"} {
		rows, err := sb.Query(ctx, q, QueryOptions{MaxRows: -1})
		if err == nil {
			t.Errorf("%q answered %v", q, collect(t, rows))
		} else if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "PRAGMA") {
			t.Errorf("%q: %v", q, err)
		}
	}
}

// TestProbeW7_DecimalValues: DECIMAL and HUGEINT reach writers as their exact digits.
func TestProbeW7_DecimalValues(t *testing.T) {
	sb := sandboxOver(t, SandboxOptions{})
	rows, err := sb.Query(context.Background(), `SELECT 124.94::DECIMAL(18,4), 22.01::DECIMAL(18,4), -0.0001::DECIMAL(18,4),
		0::DECIMAL(18,4), 12345678901234.5678::DECIMAL(18,4), 99999999999999999999::HUGEINT, DATE '2021-12-31'`, QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := collect(t, rows)[0]
	want := []any{json.Number("124.94"), json.Number("22.01"), json.Number("-0.0001"), json.Number("0"),
		json.Number("12345678901234.5678"), json.Number("99999999999999999999"), "2021-12-31"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("column %d = %#v, want %#v", i, got[i], want[i])
		}
	}
}

// TestSandboxParquet: a sandbox query written as Parquet keeps its column
// types, exact decimals, NULL apart from the empty string, and Chinese text.
func TestSandboxParquet(t *testing.T) {
	ctx := context.Background()
	sb := sandboxOver(t, SandboxOptions{})
	var buf bytes.Buffer
	sum, err := sb.QueryParquet(ctx, &buf, `SELECT unit, total_score, fiscal_year, 12345678901234.5678::DECIMAL(18,4) AS big,
		'' AS empty, NULL::VARCHAR AS nothing, 'inf'::DOUBLE AS r, DATE '2021-12-31' AS d, [1, 2] AS l, 'a,"b"
c' AS tricky, 1 AS "it's" FROM v_evaluations`, QueryOptions{})
	if err != nil || sum.Rows != 1 || !bytes.HasPrefix(buf.Bytes(), []byte("PAR1")) {
		t.Fatalf("parquet: %+v, %v", sum, err)
	}
	path := filepath.Join(t.TempDir(), "q.parquet")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Query(ctx, fmt.Sprintf(`SELECT string_agg(column_name || ' ' || column_type, '|') FROM (DESCRIBE SELECT * FROM '%s')`, path), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := "unit VARCHAR|total_score DECIMAL(18,4)|fiscal_year INTEGER|big DECIMAL(18,4)|empty VARCHAR|nothing VARCHAR|r DOUBLE|d DATE|l VARCHAR|tricky VARCHAR|it's INTEGER"
	if res.Rows[0][0] != want {
		t.Errorf("types\n got %v\nwant %s", res.Rows[0][0], want)
	}
	res, err = db.Query(ctx, fmt.Sprintf(`SELECT unit, total_score, big, empty = '', nothing IS NULL, r, d, l, tricky FROM '%s'`, path), 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%q", res.Rows[0]); got != `["湘西州甲局" "94" "12345678901234.5678" %!q(bool=true) %!q(bool=true) %!q(float64=+Inf) "2021-12-31" "[1,2]" "a,\"b\"\nc"]` {
		t.Errorf("values %s", got)
	}
	// A refused query writes nothing.
	buf.Reset()
	if _, err := sb.QueryParquet(ctx, &buf, "SELECT * FROM read_csv('/etc/passwd')", QueryOptions{}); !errors.Is(err, ErrRefused) || buf.Len() != 0 {
		t.Errorf("refused query: %v, %d bytes", err, buf.Len())
	}
}

// FuzzSandboxQuery: whatever text arrives, the sandbox answers rows or a
// *QueryError with a message of its own (no driver text, no panic), and the
// warehouse file is unchanged.
func FuzzSandboxQuery(f *testing.F) {
	for _, s := range []string{"SELECT 1", "SELECT 1; SELECT 2", "DROP TABLE documents; SELECT 1", "/* x */ SELECT * FROM v_evaluations --",
		"SELECT * FROM read_csv('/etc/passwd')", "COPY documents TO 'x.csv'", "SET threads = 1", "SELECT 1) AS q; DROP TABLE documents; SELECT (1",
		"WITH t AS (SELECT 1) SELECT * FROM t;;", "DESCRIBE v_evaluations", "EXPLAIN SELECT 1", "SELECT '\x00'", "",
		"SELECT 1 AS query", "SELECT path FROM duckdb_databases()", "SELECT * FROM pragma_database_list", `SELECT * FROM "Duckdb_Databases"()`,
		"SELECT current_setting /**/ ('temp_directory')", "EXPLAIN ANALYZE SELECT * FROM pragma_database_list", "SELECT 'x'.current_setting()",
		"SELECT * FROM query('SELECT * FROM pragma_database_list')", "SELECT list_transform(['temp_directory'], x -> current_setting(x))"} {
		f.Add(s)
	}
	// A short timeout: an input still running when -fuzztime ends fails the
	// run without a crasher ("context deadline exceeded").
	sb, path := sandboxAt(f, SandboxOptions{Timeout: 500 * time.Millisecond, MaxRows: 10})
	// The warehouse's folder: what the withheld functions would reveal.
	dir := filepath.Dir(path)
	f.Fuzz(func(t *testing.T, q string) {
		rows, err := sb.Query(context.Background(), q, QueryOptions{})
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) || qe.Message == "" || strings.Contains(qe.Message, "PrepareContext") {
				t.Fatalf("%q: %v (%T)", q, err, err)
			}
			if strings.Contains(qe.Message, dir) {
				t.Fatalf("%q: the message names the server's folder: %s", q, qe.Message)
			}
			return
		}
		for rows.Next() {
			for _, v := range rows.Row() {
				if s := fmt.Sprint(v); strings.Contains(s, dir) && !strings.Contains(q, dir) {
					t.Fatalf("%q answered the server's folder: %s", q, s)
				}
			}
		}
		rows.Close()
		if n := rows.Count(); n > 10 {
			t.Fatalf("%q: %d rows past the cap", q, n)
		}
	})
}
