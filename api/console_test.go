package api_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jixiao/etl/demo"
)

func (ts *testServer) sql(token, body string) response {
	ts.t.Helper()
	return ts.do("POST", "/api/v1/sql", token, strings.NewReader(body), map[string]string{"Content-Type": "application/json"})
}

type sqlAnswer struct {
	Columns   []string `json:"columns"`
	Rows      [][]any  `json:"rows"`
	Truncated bool     `json:"truncated"`
	RowCount  int      `json:"row_count"`
}

func TestSQLConsole(t *testing.T) {
	ts := startServer(t, serverOpts{demo: true, tokens: roleTokens()})
	r := ts.sql(tokAnalyst, `{"sql":"SELECT count(*) AS n FROM v_evaluations"}`)
	var a sqlAnswer
	r.json(t, &a)
	if r.Status != 200 || len(a.Rows) != 1 || a.Columns[0] != "n" {
		t.Fatalf("count: %d %s", r.Status, r.Body)
	}
	before := a.Rows[0][0].(float64)

	r = ts.sql(tokAnalyst, `{"sql":"SELECT * FROM range(100)","limit":10}`)
	r.json(t, &a)
	if len(a.Rows) != 10 || !a.Truncated || a.RowCount != 10 || r.Trailer.Get("X-Truncated") != "true" || r.Trailer.Get("X-Row-Count") != "10" {
		t.Fatalf("row cap: %s, trailers %v", r.Body, r.Trailer)
	}
	r = ts.sql(tokAnalyst, `{"sql":"SELECT 1 AS 一, '湘西州' AS 地区","format":"csv"}`)
	if r.Status != 200 || !strings.HasPrefix(string(r.Body), "\uFEFF") || !strings.Contains(string(r.Body), "湘西州") ||
		!strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || r.Trailer.Get("X-Row-Count") != "1" || r.Trailer.Get("X-Truncated") != "false" {
		t.Fatalf("csv: %d %q, trailers %v", r.Status, r.Body, r.Trailer)
	}

	cases := []struct {
		name, token, body string
		status            int
		mention           string
	}{
		{"viewer", tokViewer, `{"sql":"SELECT 1"}`, 403, "分析员"},
		{"scoped analyst", tokRegionAn, `{"sql":"SELECT 1"}`, 403, "范围"},
		{"no token", "", `{"sql":"SELECT 1"}`, 401, "令牌"},
		{"malformed JSON", tokAnalyst, `{"sql": "SELECT 1"`, 400, "JSON"},
		{"not an object", tokAnalyst, `"SELECT 1"`, 400, "类型"},
		{"unknown field", tokAnalyst, `{"sql":"SELECT 1","query":"x"}`, 400, "query"},
		{"empty body", tokAnalyst, ``, 400, "请求体为空"},
		{"two objects", tokAnalyst, `{"sql":"SELECT 1"}{"sql":"SELECT 2"}`, 400, "一个"},
		{"empty sql", tokAnalyst, `{"sql":"  "}`, 400, "sql"},
		{"bad format", tokAnalyst, `{"sql":"SELECT 1","format":"xml"}`, 400, "format"},
		{"limit too large", tokAnalyst, `{"sql":"SELECT 1","limit":1000000}`, 400, "limit"},
		{"syntax", tokAnalyst, `{"sql":"SELEC 1"}`, 400, "SQL 错误"},
		// The attack list runs in TestSQLConsoleAttackList.
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ts.sql(c.token, c.body)
			if r.Status != c.status {
				t.Fatalf("status %d, want %d: %s", r.Status, c.status, r.Body)
			}
			_, msg := r.apiError(t)
			if !strings.Contains(msg, c.mention) || strings.Contains(msg, ts.Layout.Dir) {
				t.Fatalf("message %q (want %q, no paths)", msg, c.mention)
			}
		})
	}

	// An upload commits a new document; the console sees it once the
	// snapshot is republished (right after the upload's aggregate refresh).
	name, data := demo.Generate(11)
	if r := ts.upload(tokAdmin, "new-"+name, append(data, "\n\n"...), nil); r.Status != 201 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	// Generous: under -race on a busy machine the refresh and the copy take long.
	deadline := time.Now().Add(2 * time.Minute)
	var docs float64
	for time.Now().Before(deadline) {
		r = ts.sql(tokAnalyst, `{"sql":"SELECT count(*) FROM documents"}`)
		r.json(t, &a)
		if docs = a.Rows[0][0].(float64); docs > 0 {
			r = ts.sql(tokAnalyst, `{"sql":"SELECT count(*) FROM documents WHERE file_name = 'new-`+name+`'"}`)
			r.json(t, &a)
			if a.Rows[0][0].(float64) == 1 {
				break
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	if a.Rows[0][0].(float64) != 1 {
		t.Fatalf("the console never saw the uploaded document (evaluations before: %v)", before)
	}
	// Snapshots are pruned to the newest two.
	snaps, _ := filepath.Glob(filepath.Join(ts.Layout.Dir, "snapshot", "jixiao-v*.duckdb"))
	if len(snaps) == 0 || len(snaps) > 2 {
		t.Fatalf("snapshots: %v", snaps)
	}

	// Every query is in the audit log with its text and rows.
	r = ts.get("/api/v1/audit?action=sql&limit=1000", tokAdmin)
	var log struct {
		Entries []struct {
			Detail  string `json:"detail"`
			Rows    *int64 `json:"rows"`
			Outcome string `json:"outcome"`
			TokenID string `json:"token_id"`
		} `json:"entries"`
	}
	r.json(t, &log)
	var okCount, refused int
	for _, e := range log.Entries {
		switch e.Outcome {
		case "ok":
			okCount++
		case "refused":
			refused++
		}
		if strings.Contains(e.Detail, "/etc/passwd") && e.Outcome != "refused" {
			t.Errorf("attack recorded as %s", e.Outcome)
		}
	}
	if okCount < 4 || refused < 9 {
		b, _ := json.Marshal(log)
		t.Fatalf("audit ok=%d refused=%d: %s", okCount, refused, b)
	}
}
