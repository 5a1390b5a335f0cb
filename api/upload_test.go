package api_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/api"
	"jixiao/etl/demo"
)

// multipartBody builds a form with one file (when name != "") and fields.
func multipartBody(t testing.TB, field, name string, data []byte, fields map[string]string) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if name != "" {
		fw, err := mw.CreateFormFile(field, name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf, mw.FormDataContentType()
}

func (ts *testServer) upload(token, name string, data []byte, fields map[string]string) response {
	ts.t.Helper()
	body, ct := multipartBody(ts.t, "file", name, data, fields)
	return ts.do("POST", "/api/v1/documents", token, body, map[string]string{"Content-Type": ct})
}

type uploadAnswer struct {
	Status               string  `json:"status"`
	RunID                int64   `json:"run_id"`
	FileName             string  `json:"file_name"`
	DocumentID           int64   `json:"document_id"`
	SupersededDocumentID *int64  `json:"superseded_document_id"`
	Seconds              float64 `json:"seconds"`
	Report               *struct {
		FiscalYear int `json:"fiscal_year"`
		Unit       struct {
			CanonicalName string `json:"canonical_name"`
			Region        string `json:"region"`
		} `json:"unit"`
		Contact struct {
			Phone string `json:"phone"`
		} `json:"contact"`
		Indicators []struct {
			ComputedValue *float64 `json:"computed_value"`
		} `json:"indicators"`
		Findings []json.RawMessage `json:"findings"`
	} `json:"report"`
}

func TestUploadRoundTrip(t *testing.T) {
	ts := startServer(t, serverOpts{tokens: roleTokens()})
	name, data := demo.Generate(1) // txt
	r := ts.upload(tokAdmin, name, data, nil)
	if r.Status != 201 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	var a uploadAnswer
	r.json(t, &a)
	if a.Status != "loaded" || a.DocumentID == 0 || a.FileName != name || a.Report == nil {
		t.Fatalf("answer: %s", r.Body)
	}
	computed := 0
	for _, ind := range a.Report.Indicators {
		if ind.ComputedValue != nil {
			computed++
		}
	}
	if len(a.Report.Indicators) == 0 || computed == 0 || a.Report.Unit.CanonicalName == "" || a.Report.FiscalYear == 0 {
		t.Fatalf("report lacks indicators, computed values or unit: %s", r.Body)
	}
	t.Logf("upload answered in %.3f s (%d indicators, %d computed, %d findings)", a.Seconds, len(a.Report.Indicators), computed, len(a.Report.Findings))
	if _, err := os.Stat(filepath.Join(ts.Layout.Inbox, name)); !os.IsNotExist(err) {
		t.Fatal("the uploaded file stayed in the inbox")
	}
	if n := countDir(t, ts.Layout.Archive); n != 1 {
		t.Fatalf("archive holds %d files, want 1", n)
	}

	// The same bytes again: a duplicate of the same document.
	r = ts.upload(tokAdmin, "again-"+name, data, nil)
	var dup uploadAnswer
	r.json(t, &dup)
	if r.Status != 200 || dup.Status != "duplicate" || dup.DocumentID != a.DocumentID {
		t.Fatalf("duplicate: %d %s", r.Status, r.Body)
	}

	// A new version of the same unit-year supersedes the first.
	r = ts.upload(tokAdmin, "corrected-"+name, append(append([]byte{}, data...), "\n"...), nil)
	var sup uploadAnswer
	r.json(t, &sup)
	if r.Status != 201 || sup.Status != "superseded" || sup.SupersededDocumentID == nil || *sup.SupersededDocumentID != a.DocumentID {
		t.Fatalf("supersede: %d %s", r.Status, r.Body)
	}

	// The runs are in the ledger, each with its file.
	r = ts.get("/api/v1/etl/runs", tokAdmin)
	if !strings.Contains(string(r.Body), `"trigger":"upload"`) {
		t.Fatalf("ledger lacks upload runs: %s", r.Body)
	}
}

func TestUploadBadInput(t *testing.T) {
	ts := startServer(t, serverOpts{tokens: roleTokens()})
	// A broken file: 422 with the reason the quarantine file records.
	r := ts.upload(tokAdmin, "broken.docx", []byte("this is not a zip archive"), nil)
	if r.Status != 422 {
		t.Fatalf("broken: %d %s", r.Status, r.Body)
	}
	code, msg := r.apiError(t)
	var info struct {
		Reason string `json:"reason"`
	}
	b, err := os.ReadFile(filepath.Join(ts.Layout.Quarantine, "broken.docx.error.json"))
	if err != nil {
		t.Fatalf("no quarantine error file: %v", err)
	}
	if err := json.Unmarshal(b, &info); err != nil {
		t.Fatal(err)
	}
	if code != "unprocessable" || info.Reason == "" || !strings.Contains(msg, info.Reason) || strings.Contains(msg, ts.Layout.Dir) {
		t.Fatalf("422 message %q, quarantine reason %q", msg, info.Reason)
	}

	// Client names are never paths.
	name, data := demo.Generate(3)
	for i, evil := range []string{"../../" + name, `..\..\` + name, "/etc/" + name, "." + name} {
		body := append(append([]byte{}, data...), bytes.Repeat([]byte("\n"), i+1)...)
		r := ts.upload(tokAdmin, evil, body, nil)
		var a uploadAnswer
		r.json(t, &a)
		if r.Status != 201 || strings.ContainsAny(a.FileName, `/\`) || strings.HasPrefix(a.FileName, ".") {
			t.Fatalf("%q: %d %s", evil, r.Status, r.Body)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(ts.Layout.Dir), name)); !os.IsNotExist(err) {
		t.Fatal("an upload escaped the data dir")
	}

	cases := []struct {
		name    string
		body    func() (*bytes.Buffer, string)
		status  int
		mention string
	}{
		{"no file", func() (*bytes.Buffer, string) {
			return multipartBody(t, "file", "", nil, map[string]string{"unit": "x"})
		}, 400, "file"},
		{"wrong field", func() (*bytes.Buffer, string) { return multipartBody(t, "upload", "a.txt", data, nil) }, 400, "upload"},
		{"unknown field", func() (*bytes.Buffer, string) {
			return multipartBody(t, "file", "a.txt", data, map[string]string{"yaer": "2021"})
		}, 400, "yaer"},
		{"bad year", func() (*bytes.Buffer, string) {
			return multipartBody(t, "file", "a.txt", data, map[string]string{"year": "二〇二一"})
		}, 400, "year"},
		{"not multipart", func() (*bytes.Buffer, string) { return bytes.NewBufferString(`{"file":"x"}`), "application/json" }, 400, "multipart"},
	}
	for _, c := range cases {
		body, ct := c.body()
		r := ts.do("POST", "/api/v1/documents", tokAdmin, body, map[string]string{"Content-Type": ct})
		if r.Status != c.status {
			t.Fatalf("%s: %d %s", c.name, r.Status, r.Body)
		}
		if _, msg := r.apiError(t); !strings.Contains(msg, c.mention) {
			t.Fatalf("%s: %q lacks %q", c.name, msg, c.mention)
		}
	}
}

func TestUploadTooLarge(t *testing.T) {
	ts := startServer(t, serverOpts{cfg: func(c *api.Config) { c.UploadMaxMB = 1 }})
	// Over the limit but within the request size Fiber reads (larger bodies
	// are cut off at the connection with a 413 before the handler runs).
	r := ts.upload("", "big.txt", bytes.Repeat([]byte("a"), 1<<20+10), nil)
	if r.Status != 413 {
		t.Fatalf("big upload: %d %s", r.Status, r.Body)
	}
	r.apiError(t)
}

func TestUploadScopesAndAudit(t *testing.T) {
	tokens := append(roleTokens(),
		api.TokenConfig{ID: "changsha", Role: "admin", Token: "changsha-admin-token-0123456789", Scope: api.Scope{Region: "长沙市"}},
		api.TokenConfig{ID: "tzcj", Role: "admin", Token: "unit-admin-token-0123456789", Scope: api.Scope{Unit: "湘西州投资促进事务中心"}})
	ts := startServer(t, serverOpts{tokens: tokens})
	name, data := demo.Generate(5)
	// Viewers and analysts may not upload.
	for _, tok := range []string{tokViewer, tokAnalyst} {
		if r := ts.upload(tok, name, data, nil); r.Status != 403 {
			t.Fatalf("below admin: %d %s", r.Status, r.Body)
		}
	}
	// Another region's admin: refused, nothing kept.
	r := ts.upload("changsha-admin-token-0123456789", name, data, nil)
	if r.Status != 403 {
		t.Fatalf("out of scope: %d %s", r.Status, r.Body)
	}
	if _, msg := r.apiError(t); !strings.Contains(msg, "长沙市") {
		t.Fatalf("message %q", msg)
	}
	if n := countDir(t, ts.Layout.Inbox) + countDir(t, ts.Layout.Archive); n != 0 {
		t.Fatalf("a refused upload left %d files", n)
	}
	// A region override does not get around the scope: the 湘西州 admin may
	// not file a report under 长沙市.
	if r := ts.upload(tokRegion, name, data, map[string]string{"region": "长沙市"}); r.Status != 403 {
		t.Fatalf("override out of scope: %d %s", r.Status, r.Body)
	}
	r = ts.upload(tokRegion, name, data, nil)
	if r.Status != 201 {
		t.Fatalf("in scope: %d %s", r.Status, r.Body)
	}
	var a uploadAnswer
	r.json(t, &a)
	if a.Report.Unit.Region != "湘西州" {
		t.Fatalf("region %q", a.Report.Unit.Region)
	}
	if a.Report.Unit.CanonicalName != "湘西州投资促进事务中心" {
		// The unit-scoped admin of another unit is refused.
		if r := ts.upload("unit-admin-token-0123456789", "other-"+name, append(data, '\n'), nil); r.Status != 403 {
			t.Fatalf("other unit: %d %s", r.Status, r.Body)
		}
	}

	// The audit log: every upload, by token id, never the token.
	r = ts.get("/api/v1/audit?action=upload", tokAdmin)
	var log struct {
		Entries []struct {
			TokenID string  `json:"token_id"`
			Role    string  `json:"role"`
			Scope   *string `json:"scope"`
			Action  string  `json:"action"`
			Outcome string  `json:"outcome"`
			Status  int     `json:"status"`
			Rows    *int64  `json:"rows"`
		} `json:"entries"`
	}
	r.json(t, &log)
	if r.Status != 200 || len(log.Entries) < 4 {
		t.Fatalf("audit: %d %s", r.Status, r.Body)
	}
	var ok, refused int
	for _, e := range log.Entries {
		switch e.Outcome {
		case "ok":
			ok++
			if e.Rows == nil || *e.Rows != 1 || e.Scope == nil || *e.Scope != "region=湘西州" {
				t.Errorf("ok entry %+v", e)
			}
		case "refused":
			refused++
		}
	}
	if ok != 1 || refused < 3 {
		t.Fatalf("audit outcomes ok=%d refused=%d: %s", ok, refused, r.Body)
	}
	if strings.Contains(string(r.Body), "token-0123456789") {
		t.Fatal("the audit log holds a token")
	}
	// A scoped admin sees its own scope's entries only.
	r = ts.get("/api/v1/audit", "changsha-admin-token-0123456789")
	r.json(t, &log)
	for _, e := range log.Entries {
		if e.Scope == nil || *e.Scope != "region=长沙市" {
			t.Fatalf("scoped audit shows %+v", e)
		}
	}
	// Below admin: no audit log.
	if r := ts.get("/api/v1/audit", tokAnalyst); r.Status != 403 {
		t.Fatalf("analyst audit: %d", r.Status)
	}
}

func countDir(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(_ string, e os.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
