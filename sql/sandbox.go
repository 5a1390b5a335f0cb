package sql

import (
	"context"
	gosql "database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// The analysts' SQL sandbox (DESIGN §10): one implementation behind `jixiao sql`
// and the API console. It is a DuckDB instance of its own, opened read-only on
// the warehouse file with every setting in the connection string — DuckDB
// refuses a SET once lock_configuration is on, so a per-connection init would
// fail — and it runs exactly one query statement per call.

// SandboxOptions bound the sandbox instance.
type SandboxOptions struct {
	// MemoryLimit caps DuckDB's memory, e.g. "512MB" (default DefaultSandboxMemory).
	// Nothing spills to disk: a query that needs more fails instead.
	MemoryLimit string
	// Threads caps DuckDB's worker threads (default DefaultSandboxThreads), so a
	// heavy analyst query leaves cores to the dashboards' own connection.
	Threads int
	// Timeout interrupts a statement that runs longer (default DefaultSandboxTimeout).
	Timeout time.Duration
	// MaxRows is the default row cap of Query (default DefaultMaxRows).
	MaxRows int
}

// Defaults of SandboxOptions.
const (
	DefaultSandboxMemory  = "512MB"
	DefaultSandboxThreads = 2
	DefaultSandboxTimeout = 30 * time.Second
	DefaultMaxRows        = 10000
)

// Sandbox runs analysts' ad-hoc SQL over a warehouse file. It is safe for
// concurrent use.
type Sandbox struct {
	db  *gosql.DB
	opt SandboxOptions
}

// Errors of the sandbox; a *QueryError matches one of them with errors.Is, so a
// caller (the API) maps them to a status without reading the text.
var (
	// ErrRefused: the statement is not allowed at all (not a query, several
	// statements, a function the sandbox withholds, file or network access).
	ErrRefused = errors.New("SQL 沙箱拒绝了这条语句")
	// ErrBadSQL: the statement is allowed but wrong (syntax, unknown view or column).
	ErrBadSQL = errors.New("SQL 语句有错误")
	// ErrTimeout: the statement ran past the time limit and was interrupted.
	ErrTimeout = errors.New("查询超时")
	// ErrTooLarge: the statement needed more memory than the sandbox has.
	ErrTooLarge = errors.New("查询超出内存上限")
)

// QueryError is what the sandbox returns for a query it did not answer: a
// Chinese message for the user, the kind (one of the Err* above) and the cause.
type QueryError struct {
	Kind    error
	Message string
	Cause   error
}

func (e *QueryError) Error() string        { return e.Message }
func (e *QueryError) Is(target error) bool { return target == e.Kind }
func (e *QueryError) Unwrap() error        { return e.Cause }

// OpenSandbox opens the warehouse file at path as a read-only sandbox.
func OpenSandbox(ctx context.Context, path string, opt SandboxOptions) (*Sandbox, error) {
	if path == "" {
		return nil, errors.New("the SQL sandbox needs a warehouse file")
	}
	if opt.MemoryLimit == "" {
		opt.MemoryLimit = DefaultSandboxMemory
	}
	if opt.Threads <= 0 {
		opt.Threads = DefaultSandboxThreads
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultSandboxTimeout
	}
	if opt.MaxRows <= 0 {
		opt.MaxRows = DefaultMaxRows
	}
	params := []string{
		"access_mode=read_only",
		// No file, network or extension access of any kind: read_csv, glob, COPY,
		// ATTACH, INSTALL/LOAD all fail inside DuckDB even if a check here missed one.
		"enable_external_access=false",
		"autoinstall_known_extensions=false",
		"autoload_known_extensions=false",
		// No spilling: the sandbox never writes a file; a query past the memory cap
		// fails. (An empty temp_directory is refused by DuckDB in some option orders,
		// and the driver applies the options in map order.)
		"max_temp_directory_size=0B",
		fmt.Sprintf("threads=%d", opt.Threads),
		"memory_limit=" + opt.MemoryLimit,
		// Nothing above can be changed from inside a query (SET, RESET, PRAGMA).
		"lock_configuration=true",
	}
	db, err := connect(ctx, path, params)
	if err != nil {
		return nil, err
	}
	// The schema check of a read-only warehouse: refuse a file older or newer than
	// this binary instead of answering with missing views.
	if err := (&DB{db: db, path: path, readOnly: true}).migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return &Sandbox{db: db, opt: opt}, nil
}

// connect opens the DuckDB database at path ("" in memory) with the options
// params ("name=value") and checks that it answers.
func connect(ctx context.Context, path string, params []string) (*gosql.DB, error) {
	dsn := path
	if len(params) > 0 {
		dsn += "?" + strings.Join(params, "&")
	}
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, openError(path, err)
	}
	db := gosql.OpenDB(connector)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	return db, nil
}

// Close closes the sandbox instance.
func (s *Sandbox) Close() error { return s.db.Close() }

// Options are the sandbox's effective limits.
func (s *Sandbox) Options() SandboxOptions { return s.opt }

// QueryOptions tune one Query.
type QueryOptions struct {
	// MaxRows caps the rows: 0 takes the sandbox's MaxRows, a negative value
	// means no cap (CSV and Parquet exports stream everything).
	MaxRows int
	// Timeout overrides the sandbox's timeout when positive.
	Timeout time.Duration
}

// withheldFunctions are functions a query may not call although DuckDB would
// answer them read-only: they reveal the server's file paths, settings or
// secrets, or run SQL text built at run time (query('…' || '…') would slip past
// this list). File readers (read_csv, glob, …) need no entry: external access
// is off.
var withheldFunctions = []string{"current_setting", "getvariable", "duckdb_settings", "duckdb_databases", "pragma_database_list",
	"duckdb_extensions", "duckdb_temporary_files", "duckdb_secrets", "which_secret", "duckdb_memory", "duckdb_logs", "duckdb_log_contexts",
	"duckdb_external_file_cache", "pragma_user_agent", "pragma_platform", "query", "query_table",
	// Completes file names from the server's disk when file access is on;
	// withheld so that nothing depends on that switch alone.
	"sql_auto_complete"}

// withheldWord finds a withheld name as a word anywhere: the check of last
// resort for a statement DuckDB cannot show us parsed (EXPLAIN of something
// unusual), where a column called "query" is refused too.
var withheldWord = regexp.MustCompile(`(?i)\b(` + strings.Join(withheldFunctions, "|") + `)\b`)

// fileReaders are DuckDB's file-reading functions. External access off
// refuses every path but one: the database's own file (and its WAL), which
// DuckDB keeps readable — read_blob, read_text and read_duckdb would hand out
// the warehouse file's bytes. They are refused by name, as is a file named in
// place of a table (FROM 'x.duckdb' is read_duckdb, FROM 'x.csv' read_csv).
var fileReaders = []string{"read_blob", "read_text", "read_csv", "read_csv_auto", "sniff_csv", "read_json", "read_json_auto",
	"read_json_objects", "read_json_objects_auto", "read_ndjson", "read_ndjson_auto", "read_ndjson_objects", "read_parquet",
	"parquet_scan", "parquet_metadata", "parquet_file_metadata", "parquet_kv_metadata", "parquet_schema", "parquet_bloom_probe",
	"read_duckdb", "glob", "read_xlsx"}

// withheldCall refuses q when it calls a withheld function or a file reader,
// or names a file in place of a table. DuckDB parses q (json_serialize_sql:
// its own parser, given q as a value, running nothing) and the tree is
// searched for function calls and table references by name — so a column,
// alias or string named "query" passes, while current_setting(…),
// "DuckDB_Settings"(), main.duckdb_settings(), a lambda's call and a table
// function named without parentheses (FROM pragma_database_list) are all
// found. EXPLAIN [ANALYZE] is looked through; text DuckDB will not serialise
// falls back to the whole-word check of the withheld names.
func withheldCall(ctx context.Context, conn *gosql.Conn, q string) error {
	if inner, ok := explained(q); ok {
		q = inner
	}
	var tree string
	err := conn.QueryRowContext(ctx, `SELECT json_serialize_sql(?::VARCHAR)::VARCHAR`, q).Scan(&tree)
	var parsed struct {
		Error      bool `json:"error"`
		Statements []any
	}
	if err != nil || json.Unmarshal([]byte(tree), &parsed) != nil || parsed.Error || len(parsed.Statements) == 0 {
		if m := withheldWord.FindString(q); m != "" {
			return refuseWithheld(strings.ToLower(m))
		}
		return nil
	}
	return findWithheld(parsed.Statements)
}

// findWithheld walks a parse tree for a function_name or table_name that is
// withheld or reads files (DuckDB folds unquoted names to lower case; quoted
// ones keep theirs), and for a table named by a file path.
func findWithheld(node any) error {
	switch n := node.(type) {
	case []any:
		for _, c := range n {
			if err := findWithheld(c); err != nil {
				return err
			}
		}
	case map[string]any:
		for _, key := range []string{"function_name", "table_name"} {
			name, ok := n[key].(string)
			if !ok {
				continue
			}
			lower := strings.ToLower(name)
			switch {
			case slices.Contains(withheldFunctions, lower):
				return refuseWithheld(lower)
			case slices.Contains(fileReaders, lower):
				return &QueryError{Kind: ErrRefused, Message: fileRefusal + "：不提供 " + lower}
			case key == "table_name" && strings.ContainsAny(name, "./\\:"):
				// Catalog and schema are fields of their own: a dot, slash or colon in
				// the table's name is a file (or URL) for a replacement scan.
				return &QueryError{Kind: ErrRefused, Message: fileRefusal + "：不能把文件当作表读取"}
			}
		}
		for _, c := range n {
			if err := findWithheld(c); err != nil {
				return err
			}
		}
	}
	return nil
}

// fileRefusal starts every refusal of file, network or extension access.
const fileRefusal = "SQL 沙箱不允许访问文件、网络或扩展（read_csv、read_text、glob、COPY、ATTACH 等）"

// explained strips a leading EXPLAIN [ANALYZE] (after comments) from q.
func explained(q string) (string, bool) {
	rest := strings.TrimSpace(q)
	for {
		switch {
		case strings.HasPrefix(rest, "--"):
			i := strings.IndexByte(rest, '\n')
			if i < 0 {
				return q, false
			}
			rest = strings.TrimSpace(rest[i+1:])
			continue
		case strings.HasPrefix(rest, "/*"):
			i := strings.Index(rest, "*/")
			if i < 0 {
				return q, false
			}
			rest = strings.TrimSpace(rest[i+2:])
			continue
		}
		break
	}
	if firstKeyword(rest) != "EXPLAIN" {
		return q, false
	}
	rest = strings.TrimSpace(rest[len("EXPLAIN"):])
	if firstKeyword(rest) == "ANALYZE" {
		rest = strings.TrimSpace(rest[len("ANALYZE"):])
	}
	return rest, true
}

// prepared is a statement checked without running anything: exactly one
// statement, a query, calling nothing withheld.
type prepared struct {
	text string // the text to run: the user's, or wrapped in a LIMIT of the cap + 1
}

// check runs the sandbox's refusals over q, in the order that blames what is
// wrong: one statement first, then DuckDB's own parse and bind (keeping its
// "Did you mean" hints), then the statement type and withheld functions.
//
// withheld: refuse withheld functions and file readers (the sandbox); the
// warehouse's own Query trusts its text and reads files in tests.
func checkQuery(ctx context.Context, conn *gosql.Conn, q string, maxRows int, withheld bool) (prepared, error) {
	q = strings.TrimSpace(q)
	for strings.HasSuffix(q, ";") {
		q = strings.TrimSpace(strings.TrimSuffix(q, ";"))
	}
	if q == "" {
		return prepared{}, &QueryError{Kind: ErrRefused, Message: "没有要执行的语句"}
	}
	typ, err := statementType(conn, q)
	if err != nil {
		return prepared{}, err
	}
	p := prepared{text: q}
	switch typ {
	case duckdb.STATEMENT_TYPE_SELECT:
		// DuckDB rewrites most PRAGMAs into a SELECT of a table function
		// (PRAGMA database_list is pragma_database_list(), which shows file
		// paths), so the type alone would let them through unnamed.
		if firstKeyword(q) == "PRAGMA" {
			return prepared{}, &QueryError{Kind: ErrRefused, Message: refusedTypeMessage(duckdb.STATEMENT_TYPE_PRAGMA)}
		}
		if withheld {
			if err := withheldCall(ctx, conn, q); err != nil {
				return prepared{}, err
			}
		}
		// DESCRIBE, SHOW and SUMMARIZE are SELECT statements that cannot be a
		// subquery; they return few rows anyway.
		switch firstKeyword(q) {
		case "DESCRIBE", "SHOW", "SUMMARIZE":
			return p, nil
		}
		if maxRows > 0 {
			// The driver materialises the whole result before the first row reaches
			// Go, so the cap must be a LIMIT inside DuckDB. The newline ends a
			// trailing line comment.
			p.text = fmt.Sprintf("SELECT * FROM (%s\n) AS q LIMIT %d", q, maxRows+1)
			// The wrapped text is checked as well: it must still be one query.
			if typ, err := statementType(conn, p.text); err != nil || typ != duckdb.STATEMENT_TYPE_SELECT {
				return prepared{}, &QueryError{Kind: ErrRefused, Message: "SQL 沙箱无法为这条语句加行数上限，请检查括号和注释", Cause: err}
			}
		}
		return p, nil
	case duckdb.STATEMENT_TYPE_EXPLAIN:
		if withheld {
			if err := withheldCall(ctx, conn, q); err != nil {
				return prepared{}, err
			}
		}
		return p, nil
	}
	return prepared{}, &QueryError{Kind: ErrRefused, Message: refusedTypeMessage(typ)}
}

func refusedTypeMessage(typ duckdb.StmtType) string {
	return fmt.Sprintf("SQL 沙箱只执行查询（SELECT、WITH、FROM、VALUES、DESCRIBE、SHOW、SUMMARIZE、EXPLAIN），不执行%s语句", statementName(typ))
}

func refuseWithheld(name string) error {
	return &QueryError{Kind: ErrRefused,
		Message: fmt.Sprintf("SQL 沙箱不提供函数 %s：它会暴露服务器的设置、文件路径或动态执行语句", name)}
}

// statementType prepares q with the driver's context-free Prepare, which
// refuses text holding several statements without running any of them
// (PrepareContext would execute all but the last).
func statementType(conn *gosql.Conn, q string) (duckdb.StmtType, error) {
	var typ duckdb.StmtType
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		st, err := c.Prepare(q)
		if err != nil {
			return err
		}
		defer st.Close()
		ds, ok := st.(*duckdb.Stmt)
		if !ok {
			return fmt.Errorf("unexpected driver statement %T", st)
		}
		typ, err = ds.StatementType()
		return err
	})
	if err != nil {
		return 0, withoutServerPaths(classify(err, 0), q)
	}
	return typ, nil
}

var statementNames = map[duckdb.StmtType]string{
	duckdb.STATEMENT_TYPE_INSERT: " INSERT ", duckdb.STATEMENT_TYPE_UPDATE: " UPDATE ",
	duckdb.STATEMENT_TYPE_DELETE: " DELETE ", duckdb.STATEMENT_TYPE_CREATE: "建表、建视图等 CREATE ",
	duckdb.STATEMENT_TYPE_DROP: " DROP ", duckdb.STATEMENT_TYPE_ALTER: " ALTER ",
	duckdb.STATEMENT_TYPE_COPY: " COPY ", duckdb.STATEMENT_TYPE_EXPORT: " EXPORT DATABASE ",
	duckdb.STATEMENT_TYPE_ATTACH: " ATTACH ", duckdb.STATEMENT_TYPE_DETACH: " DETACH ",
	duckdb.STATEMENT_TYPE_LOAD: " INSTALL/LOAD ", duckdb.STATEMENT_TYPE_SET: " SET/RESET ",
	duckdb.STATEMENT_TYPE_VARIABLE_SET: " SET VARIABLE ", duckdb.STATEMENT_TYPE_PRAGMA: " PRAGMA ",
	duckdb.STATEMENT_TYPE_CALL: " CALL ", duckdb.STATEMENT_TYPE_TRANSACTION: "事务（BEGIN/COMMIT）",
	duckdb.STATEMENT_TYPE_PREPARE: " PREPARE ", duckdb.STATEMENT_TYPE_EXECUTE: " EXECUTE ",
	duckdb.STATEMENT_TYPE_VACUUM: " VACUUM ", duckdb.STATEMENT_TYPE_ANALYZE: " ANALYZE ",
	duckdb.STATEMENT_TYPE_CREATE_FUNC: "建函数（CREATE MACRO）", duckdb.STATEMENT_TYPE_EXTENSION: "扩展",
}

func statementName(t duckdb.StmtType) string {
	if n, ok := statementNames[t]; ok {
		return n
	}
	return "这类"
}

// classify turns a driver error into a QueryError naming what was wrong.
func classify(err error, timeout time.Duration) error {
	var qe *QueryError
	if errors.As(err, &qe) {
		return err
	}
	msg := err.Error()
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return &QueryError{Kind: ErrTimeout, Cause: err,
			Message: fmt.Sprintf("查询超过 %s 的时间限制，已中止；请缩小范围或加筛选条件", timeout)}
	case errors.Is(err, context.Canceled):
		return &QueryError{Kind: ErrTimeout, Cause: err, Message: "查询已取消"}
	case strings.Contains(msg, "multi-statement"):
		return &QueryError{Kind: ErrRefused, Cause: err, Message: "只允许一条语句：请去掉分号后的其他语句，一次只执行一条查询"}
	case strings.Contains(msg, "Permission Error") || strings.Contains(msg, "disabled by configuration"):
		return &QueryError{Kind: ErrRefused, Cause: err,
			Message: fileRefusal + "：" + duckMessage(msg)}
	case strings.Contains(msg, "configuration has been locked"):
		return &QueryError{Kind: ErrRefused, Cause: err, Message: "SQL 沙箱的设置不能修改"}
	case strings.Contains(msg, "Out of Memory") || strings.Contains(msg, "out of memory"):
		return &QueryError{Kind: ErrTooLarge, Cause: err,
			Message: "查询超出 SQL 沙箱的内存上限，已中止；请缩小范围、加筛选条件或减少列：" + duckMessage(msg)}
	case strings.Contains(msg, "INTERRUPT") || strings.Contains(msg, "Interrupted"):
		return &QueryError{Kind: ErrTimeout, Cause: err, Message: fmt.Sprintf("查询超过 %s 的时间限制，已中止", timeout)}
	}
	return &QueryError{Kind: ErrBadSQL, Cause: err, Message: "SQL 错误：" + duckMessage(msg)}
}

// quotedPath is a double-quoted name with a slash in DuckDB's messages.
var quotedPath = regexp.MustCompile(`"[^"\n]*/[^"\n]*"`)

// withoutServerPaths removes from a refusal the paths DuckDB named that the
// query did not: CREATE SECRET, for one, fails naming the server's home
// directory (~/.duckdb/stored_secrets). A path the analyst wrote stays.
func withoutServerPaths(err error, q string) error {
	var qe *QueryError
	if !errors.As(err, &qe) {
		return err
	}
	msg := quotedPath.ReplaceAllStringFunc(qe.Message, func(m string) string {
		if strings.Contains(q, strings.Trim(m, `"`)) {
			return m
		}
		return "（服务器上的路径）"
	})
	if msg == qe.Message {
		return err
	}
	return &QueryError{Kind: qe.Kind, Message: msg, Cause: qe.Cause}
}

// duckMessage is DuckDB's own text without the driver's prefixes; DuckDB's
// position marker and "Did you mean" hint stay, its advice to change settings
// (which the sandbox locks) goes.
func duckMessage(msg string) string {
	for _, p := range []string{"database/sql/driver: ", "could not prepare query: "} {
		msg = strings.ReplaceAll(msg, p, "")
	}
	if i := strings.Index(msg, "\n\nPossible solutions"); i >= 0 {
		msg = msg[:i]
	}
	return strings.TrimSpace(msg)
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

// Query checks q and starts it. The caller must Close the Rows; the statement's
// timeout runs until then, so a slow reader is bounded too.
func (s *Sandbox) Query(ctx context.Context, q string, opt QueryOptions) (*Rows, error) {
	maxRows := opt.MaxRows
	if maxRows == 0 {
		maxRows = s.opt.MaxRows
	}
	timeout := opt.Timeout
	if timeout <= 0 {
		timeout = s.opt.Timeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	conn, err := s.db.Conn(ctx)
	if err != nil {
		cancel()
		return nil, classify(err, timeout)
	}
	p, err := checkQuery(ctx, conn, q, maxRows, true)
	if err != nil {
		conn.Close()
		cancel()
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, p.text)
	if err != nil {
		conn.Close()
		cancel()
		return nil, withoutServerPaths(classify(err, timeout), q)
	}
	r, err := newRows(rows, maxRows)
	if err != nil {
		rows.Close()
		conn.Close()
		cancel()
		return nil, classify(err, timeout)
	}
	r.timeout = timeout
	r.release = func() { conn.Close(); cancel() }
	return r, nil
}
