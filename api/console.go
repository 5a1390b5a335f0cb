package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"jixiao/export"
	warehouse "jixiao/sql"
)

// The SQL console runs in the sandbox (sql.Sandbox, shared with `jixiao sql`)
// over the newest published snapshot of the warehouse: DuckDB refuses a second
// instance on the file the server holds read-write, and an instance of its own
// with its own memory and thread caps keeps heavy analyst queries from
// starving the dashboards. A snapshot is published after every committed
// change, so the console sees the data of the last committed run or upload.

// consoles holds the sandbox over the current snapshot; queries hold a read
// lock on the one they use, so a replaced sandbox closes once they end.
type consoles struct {
	mu      sync.Mutex
	cur     *console
	version int64
	closed  bool // at shutdown: a sandbox opened later is closed at once
}

type console struct {
	sb *warehouse.Sandbox
	rw sync.RWMutex
}

// acquire returns the current sandbox, held until release.
func (cs *consoles) acquire() (*console, bool) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.cur == nil {
		return nil, false
	}
	cs.cur.rw.RLock()
	return cs.cur, true
}

func (c *console) release() { c.rw.RUnlock() }

// swap installs a sandbox and closes the previous one after its queries end.
func (cs *consoles) swap(next *console, version int64) {
	cs.mu.Lock()
	if cs.closed {
		cs.mu.Unlock()
		_ = next.sb.Close()
		return
	}
	prev := cs.cur
	cs.cur, cs.version = next, version
	cs.mu.Unlock()
	if prev != nil {
		go func() {
			prev.rw.Lock()
			defer prev.rw.Unlock()
			_ = prev.sb.Close()
		}()
	}
}

func (cs *consoles) close() {
	cs.mu.Lock()
	prev := cs.cur
	cs.cur, cs.closed = nil, true
	cs.mu.Unlock()
	if prev != nil {
		prev.rw.Lock()
		_ = prev.sb.Close()
		prev.rw.Unlock()
	}
}

// publishSnapshot publishes a snapshot of the warehouse at the current data
// version (when it has none yet) and opens the console over it. Called with
// the writer held: at start and after every ETL pass or upload.
func (s *Server) publishSnapshot(ctx context.Context) error {
	v := s.dataVersion.Load()
	s.consoles.mu.Lock()
	have := s.consoles.cur != nil && s.consoles.version == v
	s.consoles.mu.Unlock()
	if have {
		return nil
	}
	path, err := s.wh.PublishSnapshot(ctx, filepath.Join(s.runner.Layout.Dir, warehouse.SnapshotDir), v)
	if err != nil {
		return err
	}
	sb, err := warehouse.OpenSandbox(ctx, path, warehouse.SandboxOptions{Timeout: s.cfg.SQLTimeout})
	if err != nil {
		return err
	}
	s.consoles.swap(&console{sb: sb}, v)
	return nil
}

// catchUpConsole republishes the snapshot when the console is behind the
// warehouse's data version and no run or upload holds the writer: a publish
// that failed after a run (a checkpoint or copy error, logged then) must not
// leave the console on old data until the next run.
func (s *Server) catchUpConsole(ctx context.Context) {
	s.consoles.mu.Lock()
	behind := s.consoles.version < s.dataVersion.Load()
	s.consoles.mu.Unlock()
	if !behind {
		return
	}
	s.runner.TryWithWriter(func() {
		if err := s.publishSnapshot(ctx); err != nil {
			s.log.Error("publish snapshot (console catching up)", "err", err)
		}
	})
}

// sqlRequest is POST /sql's body.
type sqlRequest struct {
	SQL    string `json:"sql"`
	Format string `json:"format"`
	Limit  int    `json:"limit"`
}

// maxConsoleRows bounds what one console answer holds.
const maxConsoleRows = 100000

// runSQL answers one read-only query (analyst; refused to scoped tokens by
// the route table: arbitrary SQL cannot be held to a scope).
func (s *Server) runSQL(c *fiber.Ctx) error {
	var req sqlRequest
	if err := DecodeJSON(c, &req); err != nil {
		return err
	}
	SetAuditDetail(c, req.SQL)
	if strings.TrimSpace(req.SQL) == "" {
		return BadRequest("请在请求体的 sql 字段中给出一条查询语句")
	}
	format := strings.ToLower(strings.TrimSpace(req.Format))
	switch format {
	case "", "json":
		format = "json"
	case "csv", "xlsx", "parquet":
	default:
		return BadRequest("format 应为 json、csv、xlsx 或 parquet，而不是 %q", req.Format)
	}
	limit := req.Limit
	if limit == 0 {
		limit = warehouse.DefaultMaxRows
	}
	if limit < 1 || limit > maxConsoleRows {
		return BadRequest("limit 应在 1–%d 之间", maxConsoleRows)
	}
	s.catchUpConsole(c.UserContext())
	con, ok := s.consoles.acquire()
	if !ok {
		return &Error{Status: fiber.StatusServiceUnavailable, Code: CodeUnavailable, Message: "SQL 控制台尚未就绪，请稍后重试"}
	}
	ctx, done, err := s.running.start(c.UserContext(), PrincipalOf(c).TokenID, c.Get(QueryIDHeader))
	if err != nil {
		con.release()
		return err
	}
	if format == "xlsx" || format == "parquet" {
		defer con.release()
		defer done()
		return s.consoleFile(c, ctx, con, req.SQL, limit, format)
	}
	rows, err := con.sb.Query(ctx, req.SQL, warehouse.QueryOptions{MaxRows: limit})
	if err != nil {
		done()
		con.release()
		s.QueryDone(queryOutcome(err))
		return err
	}
	// The first row is read before the status goes out, so a statement that
	// fails while producing it still answers 4xx with the sandbox's message.
	src := &peekedRows{Rows: rows}
	if !src.peek() && rows.Err() != nil {
		err := rows.Err()
		rows.Close()
		done()
		con.release()
		s.QueryDone(queryOutcome(err))
		return err
	}
	s.streamRows(c, src, format, func() {
		rows.Close()
		done()
		con.release()
	})
	return nil
}

// consoleFile answers XLSX and Parquet, which are built whole (a workbook and
// a Parquet file are written at their end) and carry X-Truncated as a header.
func (s *Server) consoleFile(c *fiber.Ctx, ctx context.Context, con *console, q string, limit int, format string) error {
	var buf bytes.Buffer
	var sum export.Summary
	var err error
	if format == "parquet" {
		sum, err = con.sb.QueryParquet(ctx, &buf, q, warehouse.QueryOptions{MaxRows: limit})
	} else {
		var rows *warehouse.Rows
		if rows, err = con.sb.Query(ctx, q, warehouse.QueryOptions{MaxRows: limit}); err == nil {
			sum, err = consoleXLSX(&buf, rows, q)
			rows.Close()
		}
	}
	if err != nil {
		s.QueryDone(queryOutcome(err))
		return err
	}
	s.QueryDone("ok")
	SetAuditRows(c, int64(sum.Rows))
	c.Set("X-Truncated", strconv.FormatBool(sum.Truncated))
	c.Set(fiber.HeaderContentType, compareFormats[format])
	setAttachment(c, "query."+format, "查询结果."+format)
	return c.Send(buf.Bytes())
}

// streamRows sends a query's rows as they are read (chunked), so a 100,000-row
// answer is never held in memory; release runs when the last row is sent (it
// closes the rows, ends the cancel registration and frees the sandbox). The
// row count and the truncated flag are known only at the end: JSON writes
// them after the rows, and both formats send them as the HTTP trailers
// X-Row-Count and X-Truncated. A failure after the status went out (the time
// limit passing while a slow client reads, a cancel) ends JSON with an "error"
// member and cuts a CSV download off without its final chunk, so a client sees
// a failed transfer, never a short file that looks complete.
func (s *Server) streamRows(c *fiber.Ctx, src export.Source, format string, release func()) {
	resp := c.Response()
	c.Set(fiber.HeaderContentType, compareFormats[format])
	if format == "csv" {
		setAttachment(c, "query.csv", "查询结果.csv")
	}
	_ = resp.Header.SetTrailer("X-Row-Count, X-Truncated") // both names are allowed trailers
	audit := DeferAudit(c)
	pr, pw := io.Pipe()
	go func() {
		defer release()
		var sum export.Summary
		var err error
		if format == "csv" {
			sum, err = export.CSV(pw, src, export.CSVOptions{})
		} else {
			sum, err = export.JSON(pw, src)
		}
		// Set before the pipe closes: the server reads the trailers after the
		// body's end, and it has written the header long before (every write
		// above waited for it to read).
		resp.Header.Set("X-Row-Count", strconv.Itoa(sum.Rows))
		resp.Header.Set("X-Truncated", strconv.FormatBool(sum.Truncated))
		if err != nil {
			s.QueryDone(queryOutcome(err))
			s.log.Warn("SQL console answer ended early", "rows", sum.Rows, "err", err)
		} else {
			s.QueryDone("ok")
		}
		audit(int64(sum.Rows), err)
		if err != nil && format == "csv" {
			pw.CloseWithError(err)
			return
		}
		pw.Close()
	}()
	// The server closes pr when the answer is sent or the client went away;
	// a write after that fails, which ends the goroutine and frees the sandbox.
	resp.SetBodyStream(pr, -1)
}

// peekedRows is a query's rows with the first one read ahead.
type peekedRows struct {
	*warehouse.Rows
	state int // 0: not peeked; 1: the peeked row is pending; 2: consumed
	has   bool
}

func (p *peekedRows) peek() bool {
	p.has, p.state = p.Rows.Next(), 1
	return p.has
}

func (p *peekedRows) Next() bool {
	if p.state == 1 {
		p.state = 2
		return p.has
	}
	return p.Rows.Next()
}

func queryOutcome(err error) string {
	switch {
	case errors.Is(err, warehouse.ErrTimeout):
		return "timeout"
	case errors.Is(err, warehouse.ErrRefused):
		return "refused"
	case errors.Is(err, warehouse.ErrBadSQL):
		return "bad_sql"
	}
	return "failed"
}

// DecodeJSON reads the request body strictly into v: malformed JSON, an
// unknown field or trailing data answers 400 with a Chinese message.
func DecodeJSON(c *fiber.Ctx, v any) error {
	body := c.Body()
	if len(bytes.TrimSpace(body)) == 0 {
		return BadRequest("请求体为空：应为 JSON 对象")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return BadRequest("请求体不是有效的 JSON（第 %d 个字节附近）", se.Offset)
		case errors.As(err, &te):
			return BadRequest("请求体字段 %s 的类型不对：应为 %s", te.Field, jsonType(te.Type.Kind().String()))
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return BadRequest("请求体中有未知字段 %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
		case errors.Is(err, io.ErrUnexpectedEOF):
			return BadRequest("请求体 JSON 不完整")
		}
		return BadRequest("请求体不是有效的 JSON 对象")
	}
	if dec.More() {
		return BadRequest("请求体只能包含一个 JSON 对象")
	}
	return nil
}

func jsonType(kind string) string {
	switch kind {
	case "string":
		return "字符串"
	case "int", "int64", "float64":
		return "数字"
	case "bool":
		return "true 或 false"
	}
	return kind
}
