package api_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"jixiao/api"
)

// TestSQLConsoleStreams: a 100,000-row answer is sent chunked as it is read
// (no Content-Length), with the row count and truncated flag after the rows
// (in the JSON and as trailers), and its audit entry counts the rows sent.
func TestSQLConsoleStreams(t *testing.T) {
	ts := startServer(t, serverOpts{tokens: roleTokens()})
	q := `SELECT i AS id, 'unit-' || i AS unit, i * 1.25 AS amount FROM range(100000) t(i)`
	for _, c := range []struct {
		format, limit string
		rows          int
		truncated     string
	}{
		{"json", "100000", 100000, "false"},
		{"csv", "100000", 100000, "false"},
		{"json", "99999", 99999, "true"},
		{"csv", "500", 500, "true"},
	} {
		body, _ := json.Marshal(map[string]any{"sql": q, "format": c.format, "limit": json.Number(c.limit)})
		r := ts.sql(tokAnalyst, string(body))
		if r.Status != 200 || r.Header.Get("Content-Length") != "" {
			t.Fatalf("%s limit %s: status %d, Content-Length %q (want a chunked stream)", c.format, c.limit, r.Status, r.Header.Get("Content-Length"))
		}
		if r.Trailer.Get("X-Row-Count") != itoa(c.rows) || r.Trailer.Get("X-Truncated") != c.truncated {
			t.Errorf("%s limit %s: trailers %v, want %d rows, truncated %s", c.format, c.limit, r.Trailer, c.rows, c.truncated)
		}
		if c.format == "json" {
			var a sqlAnswer
			r.json(t, &a)
			if len(a.Rows) != c.rows || a.RowCount != c.rows || itoaBool(a.Truncated) != c.truncated {
				t.Errorf("json limit %s: %d rows, row_count %d, truncated %v", c.limit, len(a.Rows), a.RowCount, a.Truncated)
			}
			if last := a.Rows[len(a.Rows)-1]; last[1] != "unit-"+itoa(c.rows-1) {
				t.Errorf("json limit %s: last row %v", c.limit, last)
			}
		} else if lines := strings.Count(string(r.Body), "\n"); lines != c.rows+1 {
			t.Errorf("csv limit %s: %d lines, want header + %d", c.limit, lines, c.rows)
		}
	}

	// The audit log records each streamed answer once its last row went out.
	var audit struct {
		Entries []struct {
			Rows    *int64 `json:"rows"`
			Outcome string `json:"outcome"`
			Status  int    `json:"status"`
		} `json:"entries"`
	}
	ts.get("/api/v1/audit?action=sql&limit=4", tokAdmin).json(t, &audit)
	var got []int64
	for _, e := range audit.Entries {
		if e.Rows == nil || e.Outcome != "ok" || e.Status != 200 {
			t.Errorf("audit entry %+v", e)
			continue
		}
		got = append(got, *e.Rows)
	}
	if len(got) != 4 || got[0] != 500 || got[1] != 99999 || got[2] != 100000 || got[3] != 100000 {
		t.Errorf("audited rows (newest first) = %v, want [500 99999 100000 100000]", got)
	}

	// A statement that fails while producing its first row answers 4xx in the
	// error shape, as before streaming.
	r := ts.sql(tokAnalyst, `{"sql":"SELECT CAST(s AS INTEGER) FROM (VALUES ('1'), ('x')) t(s)"}`)
	if code, msg := r.apiError(t); r.Status != 400 || code != "bad_request" || !strings.Contains(msg, "SQL 错误") {
		t.Errorf("failing statement: %d %s %q", r.Status, code, msg)
	}
}

// TestSQLConsoleFailsMidStream: the time limit passes while a slow client
// reads. JSON ends with an "error" member after the rows sent; a CSV download
// is cut off without its final chunk, so the client sees a failed transfer
// rather than a complete-looking short file. The server stays healthy.
func TestSQLConsoleFailsMidStream(t *testing.T) {
	ts := startServer(t, serverOpts{tokens: roleTokens(), cfg: func(c *api.Config) { c.SQLTimeout = 3 * time.Second }})
	// ≈ 50 MB: more than loopback socket buffers hold, so the server must wait for the reader.
	q := `SELECT i, repeat('x', 500) AS pad FROM range(100000) t(i)`
	slow := func(format string) (string, error) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"sql": q, "format": format, "limit": 100000})
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/sql", strings.NewReader(string(body)))
		req.Header.Set("Authorization", "Bearer "+tokAnalyst)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", format, res.StatusCode)
		}
		br := bufio.NewReader(res.Body)
		head := make([]byte, 1024)
		if _, err := io.ReadFull(br, head); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Second)
		rest, err := io.ReadAll(br)
		return string(head) + string(rest), err
	}

	out, err := slow("json")
	if err != nil {
		t.Fatalf("json: the transfer failed (%v); want a complete object naming the error", err)
	}
	var a struct {
		Rows     [][]any `json:"rows"`
		RowCount int     `json:"row_count"`
		Error    string  `json:"error"`
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("json: %v (ends %q)", err, out[max(0, len(out)-200):])
	}
	if a.RowCount >= 100000 || a.RowCount != len(a.Rows) || !strings.Contains(a.Error, "时间限制") {
		t.Errorf("json: row_count %d of %d rows, error %q", a.RowCount, len(a.Rows), a.Error)
	}

	out, err = slow("csv")
	if err == nil {
		t.Errorf("csv: the transfer completed with %d lines; want it cut off", strings.Count(out, "\n"))
	}
	if r := ts.get("/healthz", ""); r.Status != 200 {
		t.Fatalf("healthz after the failed streams: %d", r.Status)
	}
	if r := ts.sql(tokAnalyst, `{"sql":"SELECT 42 AS n"}`); r.Status != 200 || !strings.Contains(string(r.Body), "42") {
		t.Fatalf("console after the failed streams: %d %s", r.Status, r.Body)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func itoaBool(b bool) string { return strconv.FormatBool(b) }
