package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"jixiao/api"
	"jixiao/etl"
	"jixiao/etl/demo"
	"jixiao/etl/extract"
	warehouse "jixiao/sql"
)

// testServer is the real server on 127.0.0.1:0 over a DuckDB file in a temp dir.
type testServer struct {
	t      testing.TB
	URL    string
	Srv    *api.Server
	WH     *warehouse.DB
	Runner *etl.Runner
	Layout etl.Layout
}

type serverOpts struct {
	demo   bool              // load the demo corpus before serving
	tokens []api.TokenConfig // none: loopback, everyone admin
	cfg    func(*api.Config)
}

// Test tokens (≥ 16 characters).
const (
	tokViewer   = "viewer-token-0123456789"
	tokAnalyst  = "analyst-token-0123456789"
	tokAdmin    = "admin-token-0123456789"
	tokRegion   = "region-admin-token-0123456789"
	tokUnit     = "unit-viewer-token-0123456789"
	tokRegionVw = "region-viewer-token-0123456789"
	tokRegionAn = "region-analyst-token-0123456789"
)

func roleTokens() []api.TokenConfig {
	return []api.TokenConfig{
		{Role: "viewer", Token: tokViewer},
		{Role: "analyst", Token: tokAnalyst},
		{ID: "ops", Role: "admin", Token: tokAdmin},
		{Role: "admin", Token: tokRegion, Scope: api.Scope{Region: "湘西州"}},
		{Role: "viewer", Token: tokRegionVw, Scope: api.Scope{Region: "湘西州"}},
		{Role: "analyst", Token: tokRegionAn, Scope: api.Scope{Region: "湘西州"}},
		{Role: "viewer", Token: tokUnit, Scope: api.Scope{Unit: "湘西州投资促进事务中心"}},
	}
}

func startServer(t testing.TB, o serverOpts) *testServer {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	layout := etl.NewLayout(dir, "")
	if err := layout.Ensure(); err != nil {
		t.Fatal(err)
	}
	wh, err := warehouse.Open(ctx, layout.WarehousePath(), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	an, err := etl.NewAnalyzer(extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	runner := &etl.Runner{WH: wh, Analyzer: an, Layout: layout, Log: log}
	if o.demo {
		if _, err := demo.Write(ctx, layout.Inbox, demo.Options{}); err != nil {
			t.Fatal(err)
		}
		if _, err := runner.RunOnce(ctx, "test", nil); err != nil {
			t.Fatal(err)
		}
	}
	cfg := api.DefaultConfig()
	cfg.Data = dir
	cfg.Addr = "127.0.0.1:0"
	cfg.Tokens = o.tokens
	if o.cfg != nil {
		o.cfg(&cfg)
	}
	srv, err := api.New(ctx, cfg, api.Deps{WH: wh, Runner: runner, Log: log, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			t.Error(err)
		}
		runner.Stop()
		if err := wh.Close(); err != nil {
			t.Error(err)
		}
	})
	return &testServer{t: t, URL: "http://" + ln.Addr().String(), Srv: srv, WH: wh, Runner: runner, Layout: layout}
}

// response is a finished HTTP exchange.
type response struct {
	Status  int
	Header  http.Header
	Trailer http.Header // sent after a streamed body (the SQL console's row count)
	Body    []byte
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("body is not JSON (%v): %s", err, r.Body)
	}
}

// apiError decodes the error shape, failing when the body has another shape.
func (r response) apiError(t *testing.T) (code, message string) {
	t.Helper()
	var e struct {
		Error *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	r.json(t, &e)
	if e.Error == nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("not the error shape: %s", r.Body)
	}
	return e.Error.Code, e.Error.Message
}

// do sends a request; token "" sends no Authorization header.
func (ts *testServer) do(method, path, token string, body io.Reader, header map[string]string) response {
	ts.t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, body)
	if err != nil {
		ts.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		ts.t.Fatal(err)
	}
	return response{Status: res.StatusCode, Header: res.Header, Trailer: res.Trailer, Body: b}
}

func (ts *testServer) get(path, token string) response {
	ts.t.Helper()
	return ts.do(http.MethodGet, path, token, nil, nil)
}

func TestHealthReadyMetrics(t *testing.T) {
	ts := startServer(t, serverOpts{demo: true, tokens: roleTokens()})
	r := ts.get("/healthz", "")
	if r.Status != 200 || !strings.Contains(string(r.Body), `"ok"`) {
		t.Fatalf("healthz: %d %s", r.Status, r.Body)
	}
	r = ts.get("/readyz", "")
	var ready struct {
		Ready         bool  `json:"ready"`
		SchemaVersion int   `json:"schema_version"`
		Pending       int   `json:"pending_migrations"`
		DataVersion   int64 `json:"data_version"`
		LastRun       *struct {
			Status string `json:"status"`
		} `json:"last_run"`
	}
	r.json(t, &ready)
	if r.Status != 200 || !ready.Ready || ready.SchemaVersion != warehouse.SchemaVersion() || ready.Pending != 0 || ready.DataVersion < 1 ||
		ready.LastRun == nil || ready.LastRun.Status != "done" {
		t.Fatalf("readyz: %d %s", r.Status, r.Body)
	}
	// A request, then its counters in the Prometheus text.
	ts.get("/api/v1/etl/runs", tokAdmin)
	r = ts.get("/metrics", "")
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		`jixiao_http_requests_total{method="GET",route="/api/v1/etl/runs",status="200"} 1`,
		`jixiao_http_request_duration_seconds_bucket{method="GET",route="/api/v1/etl/runs",le=`,
		"jixiao_data_version 1",
		"jixiao_etl_run_seconds_count",
		"jixiao_sql_queries_total", "jixiao_exports_total",
	} {
		if want == "jixiao_sql_queries_total" || want == "jixiao_exports_total" {
			// Vectors without samples are not exposed until first used.
			continue
		}
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(string(r.Body), tokAdmin) {
		t.Fatal("metrics expose a token")
	}
}

func TestErrorShapes(t *testing.T) {
	ts := startServer(t, serverOpts{demo: true})
	cases := []struct {
		name, method, path string
		status             int
		code, mention      string
	}{
		{"unknown route", "GET", "/api/v1/nope", 404, "not_found", "没有这个接口"},
		{"unknown query parameter", "GET", "/api/v1/etl/runs?lmit=3", 400, "bad_request", "lmit"},
		{"non-numeric id", "GET", "/api/v1/etl/runs/abc", 400, "bad_request", "不是正整数"},
		{"negative id", "GET", "/api/v1/etl/runs/-4", 400, "bad_request", "不是正整数"},
		{"id not found", "GET", "/api/v1/etl/runs/999", 404, "not_found", "999"},
		{"limit not a number", "GET", "/api/v1/etl/runs?limit=x", 400, "bad_request", "limit"},
		{"limit out of range", "GET", "/api/v1/etl/runs?limit=100000", 400, "bad_request", "超出范围"},
		{"path traversal route", "GET", "/api/v1/../../etc/passwd", 404, "not_found", "没有这个接口"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ts.do(c.method, c.path, "", nil, nil)
			if r.Status != c.status {
				t.Fatalf("%s %s: status %d, want %d: %s", c.method, c.path, r.Status, c.status, r.Body)
			}
			code, msg := r.apiError(t)
			if code != c.code || !strings.Contains(msg, c.mention) {
				t.Fatalf("error %s %q, want %s mentioning %q", code, msg, c.code, c.mention)
			}
			if strings.Contains(msg, ts.Layout.Dir) || strings.Contains(msg, "goroutine") {
				t.Fatalf("message leaks internals: %q", msg)
			}
		})
	}
}

func TestETag(t *testing.T) {
	ts := startServer(t, serverOpts{demo: true, tokens: roleTokens()})
	r := ts.get("/api/v1/etl/runs", tokAdmin)
	tag := r.Header.Get("ETag")
	if r.Status != 200 || tag == "" {
		t.Fatalf("no ETag: %d %v", r.Status, r.Header)
	}
	r = ts.do("GET", "/api/v1/etl/runs", tokAdmin, nil, map[string]string{"If-None-Match": tag})
	if r.Status != 304 || len(r.Body) != 0 {
		t.Fatalf("If-None-Match: %d %s", r.Status, r.Body)
	}
	// A new run changes the ledger, so the tag.
	if r := ts.do("POST", "/api/v1/etl/runs", tokAdmin, nil, nil); r.Status != 201 {
		t.Fatalf("start run: %d %s", r.Status, r.Body)
	}
	r = ts.do("GET", "/api/v1/etl/runs", tokAdmin, nil, map[string]string{"If-None-Match": tag})
	if r.Status != 200 || r.Header.Get("ETag") == tag {
		t.Fatalf("after a run: %d, tag %s (was %s)", r.Status, r.Header.Get("ETag"), tag)
	}
}
