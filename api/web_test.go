package api_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestWebPages: every page frame is public HTML in Chinese naming its script,
// with no warehouse data in it, and its assets are served (gzipped when asked).
func TestWebPages(t *testing.T) {
	ts := startServer(t, serverOpts{tokens: roleTokens()})
	pages := map[string]string{"/": "home", "/d/overview?from=2020": "dashboard", "/e/1?hl=x": "evidence",
		"/sql": "sql", "/compare?years=2021,2022": "compare", "/upload": "upload"}
	for path, script := range pages {
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		body := string(b)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d %s", path, res.StatusCode, body)
			continue
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("GET %s: Content-Type %q", path, ct)
		}
		for _, want := range []string{`lang="zh-CN"`, `/assets/` + script + `.js?v=`, "数据版本", "最近入库"} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s lacks %q", path, want)
			}
		}
		if res.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("GET %s: no Content-Security-Policy", path)
		}
	}

	// Unknown query parameters are refused like everywhere else.
	if res, err := http.Get(ts.URL + "/d/overview?yaer=2021"); err != nil {
		t.Fatal(err)
	} else if res.Body.Close(); res.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown page parameter: %d, want 400", res.StatusCode)
	}

	// The dashboard script, gzipped, with a long cache for the versioned URL.
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/assets/dashboard.js", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("dashboard.js: %d, Content-Encoding %q", res.StatusCode, res.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	js, err := io.ReadAll(zr)
	res.Body.Close()
	if err != nil || len(js) < 1000 || !strings.Contains(res.Header.Get("Content-Type"), "javascript") {
		t.Fatalf("dashboard.js: %d bytes, %v, %q", len(js), err, res.Header.Get("Content-Type"))
	}
	etag := res.Header.Get("ETag")
	req, _ = http.NewRequest(http.MethodGet, ts.URL+"/assets/dashboard.js", nil)
	req.Header.Set("If-None-Match", etag)
	if res, err := http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	} else if res.Body.Close(); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match on an asset: %d, want 304", res.StatusCode)
	}
	for _, p := range []string{"/assets/manifest.json", "/assets/../web.go", "/assets/nothing.js"} {
		res, err := http.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, res.StatusCode)
		}
	}
}
