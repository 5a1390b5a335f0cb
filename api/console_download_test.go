package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestSQLConsoleDownloads: the console answers CSV, XLSX (numbers as typed
// number cells) and Parquet, each a download with a Chinese file name.
func TestSQLConsoleDownloads(t *testing.T) {
	ts := startServer(t, serverOpts{demo: true, tokens: roleTokens()})
	q := `SELECT unit, fiscal_year, total_score, 12345678901234567890::HUGEINT AS big, 1.5::DECIMAL(18,3) AS dec FROM v_evaluations ORDER BY unit, fiscal_year`
	body := func(format string, limit int) string {
		b, _ := json.Marshal(map[string]any{"sql": "-- 得分\n" + q, "format": format, "limit": limit})
		return string(b)
	}
	cases := []struct {
		format, ctype, magic string
	}{
		{"csv", "text/csv", "\uFEFFunit,"},
		{"xlsx", "spreadsheetml", "PK"},
		{"parquet", "parquet", "PAR1"},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			r := ts.sql(tokAnalyst, body(c.format, 5))
			if r.Status != 200 {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
			if !strings.Contains(r.Header.Get("Content-Type"), c.ctype) || !bytes.HasPrefix(r.Body, []byte(c.magic)) {
				t.Fatalf("content type %q, starts %q", r.Header.Get("Content-Type"), r.Body[:min(8, len(r.Body))])
			}
			if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") ||
				!strings.Contains(cd, "filename*=UTF-8''%E6%9F%A5%E8%AF%A2%E7%BB%93%E6%9E%9C."+c.format) {
				t.Fatalf("Content-Disposition %q", cd)
			}
			// CSV is streamed: its X-Truncated comes after the rows, as a trailer.
			if r.Header.Get("X-Truncated") != "true" && r.Trailer.Get("X-Truncated") != "true" {
				t.Fatalf("5 of more rows: X-Truncated %q, trailer %q", r.Header.Get("X-Truncated"), r.Trailer.Get("X-Truncated"))
			}
			if c.format != "xlsx" {
				return
			}
			f, err := excelize.OpenReader(bytes.NewReader(r.Body))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheet := f.GetSheetList()[0]
			if title, _ := f.GetCellValue(sheet, "A1"); !strings.HasPrefix(title, "SELECT unit") {
				t.Fatalf("title %q (the query's first line that is no comment)", title)
			}
			for _, cell := range []string{"B3", "C3", "D3", "E3"} {
				typ, _ := f.GetCellType(sheet, cell)
				v, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
				if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || v == "" {
					t.Errorf("%s = %q is not a number cell (type %v)", cell, v, typ)
				}
			}
			if v, _ := f.GetCellValue(sheet, "E3", excelize.Options{RawCellValue: true}); v != "1.5" {
				t.Errorf("DECIMAL cell %q, want 1.5", v)
			}
			if typ, _ := f.GetCellType(sheet, "A3"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
				t.Errorf("unit column is not text (type %v)", typ)
			}
		})
	}
}

// TestSQLConsoleCancel: DELETE /sql/{qid} ends the named query on the server
// at once (its request answers 查询已取消 long before the time limit), only
// the token that runs it can cancel it, and the console answers next.
func TestSQLConsoleCancel(t *testing.T) {
	ts := startServer(t, serverOpts{demo: true, tokens: roleTokens()})
	long := `{"sql":"SELECT count(*) FROM range(1000000000000) a, range(1000) b"}`
	hdr := map[string]string{"Content-Type": "application/json", "X-Query-Id": "q-1"}
	var wg sync.WaitGroup
	var r response
	start := time.Now()
	var took time.Duration
	wg.Add(1)
	go func() {
		defer wg.Done()
		r = ts.do("POST", "/api/v1/sql", tokAnalyst, strings.NewReader(long), hdr)
		took = time.Since(start)
	}()
	// Cancel once the query runs: 404 until it has started.
	deadline := time.Now().Add(20 * time.Second)
	for {
		if d := ts.do("DELETE", "/api/v1/sql/q-1", tokAdmin, nil, nil); d.Status != 404 {
			t.Fatalf("another token cancelled the query: %d %s", d.Status, d.Body)
		}
		d := ts.do("DELETE", "/api/v1/sql/q-1", tokAnalyst, nil, nil)
		if d.Status == 204 {
			break
		}
		if d.Status != 404 || time.Now().After(deadline) {
			t.Fatalf("cancel: %d %s", d.Status, d.Body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancelled := time.Since(start)
	wg.Wait()
	if r.Status < 400 {
		t.Fatalf("the cancelled query answered %d", r.Status)
	}
	if _, msg := r.apiError(t); !strings.Contains(msg, "取消") {
		t.Fatalf("message %q", msg)
	}
	// The sandbox's limit is 30 s; a cancelled query ends within a few.
	if took-cancelled > 5*time.Second {
		t.Fatalf("the query ended %v after its cancel", took-cancelled)
	}
	a := ts.sql(tokAnalyst, `{"sql":"SELECT 42 AS n"}`)
	if a.Status != 200 || !strings.Contains(string(a.Body), "42") {
		t.Fatalf("console after cancel: %d %s", a.Status, a.Body)
	}
	for _, c := range []struct {
		method, path, token string
		header              map[string]string
		status              int
	}{
		{"DELETE", "/api/v1/sql/q-1", tokAnalyst, nil, 404},                              // ended
		{"DELETE", "/api/v1/sql/a%20b", tokAnalyst, nil, 400},                            // not a name
		{"DELETE", "/api/v1/sql/q-1", tokViewer, nil, 403},                               // below analyst
		{"DELETE", "/api/v1/sql/q-1", "", nil, 401},                                      // no token
		{"POST", "/api/v1/sql", tokAnalyst, map[string]string{"X-Query-Id": "x y"}, 400}, // bad name
	} {
		t.Run(fmt.Sprint(c.method, c.path, c.status), func(t *testing.T) {
			h := map[string]string{"Content-Type": "application/json"}
			for k, v := range c.header {
				h[k] = v
			}
			var b *strings.Reader
			if c.method == "POST" {
				b = strings.NewReader(`{"sql":"SELECT 1"}`)
			} else {
				b = strings.NewReader("")
			}
			if got := ts.do(c.method, c.path, c.token, b, h); got.Status != c.status {
				t.Fatalf("%d, want %d: %s", got.Status, c.status, got.Body)
			}
		})
	}
}
