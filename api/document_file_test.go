package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"jixiao/api"
	warehouse "jixiao/sql"
)

// TestDocumentFile: GET /documents/{id}/file streams the archived original,
// byte for byte, under its Chinese name (RFC 5987), to admins inside their
// scope only, and records the download in the audit log.
func TestDocumentFile(t *testing.T) {
	const (
		tokUnitAdmin  = "unit-admin-token-0123456789"
		tokOtherAdmin = "other-region-admin-token-0123456789"
		unit          = "湘西州投资促进事务中心"
	)
	tokens := append(roleTokens(),
		api.TokenConfig{ID: "owner", Role: "admin", Token: tokUnitAdmin, Scope: api.Scope{Unit: unit}},
		api.TokenConfig{Role: "admin", Token: tokOtherAdmin, Scope: api.Scope{Region: "长沙市"}})
	ts := startServer(t, serverOpts{demo: true, tokens: tokens})
	ctx := t.Context()

	var list struct {
		Items []struct {
			ID   int64  `json:"evaluation_id"`
			Unit string `json:"unit"`
			File string `json:"file_name"`
		} `json:"items"`
	}
	ts.get("/api/v1/evaluations?per_page=100", tokAdmin).json(t, &list)
	var own, other int64
	var ownFile string
	for _, it := range list.Items {
		if it.Unit == unit && own == 0 {
			own, ownFile = it.ID, it.File
		} else if it.Unit != unit && other == 0 {
			other = it.ID
		}
	}
	if own == 0 || other == 0 {
		t.Fatalf("demo corpus lacks documents of %s and of another unit: %+v", unit, list.Items)
	}
	path := func(id int64) string { return "/api/v1/documents/" + strconv.FormatInt(id, 10) + "/file" }

	r := ts.get(path(own), tokUnitAdmin)
	if r.Status != 200 {
		t.Fatalf("own document: %d %s", r.Status, r.Body)
	}
	f, err := ts.WH.DocumentFile(ctx, own, warehouse.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(r.Body)
	if hex.EncodeToString(sum[:]) != f.SHA256 {
		t.Fatalf("the download is not the archived original (sha256 %x, want %s)", sum, f.SHA256)
	}
	cd := r.Header.Get("Content-Disposition")
	if !strings.HasPrefix(cd, "attachment; filename=\"report-") || !strings.Contains(cd, "filename*=UTF-8''"+rfc5987Want(ownFile)) {
		t.Fatalf("Content-Disposition %q for %q", cd, ownFile)
	}
	if r.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatal("no nosniff")
	}

	cases := []struct {
		name, token string
		id          int64
		raw         string
		status      int
	}{
		{"no token", "", own, "", 401},
		{"viewer", tokViewer, own, "", 403},
		{"analyst", tokAnalyst, own, "", 403},
		{"unit viewer, own unit", tokUnit, own, "", 403},
		{"unit admin, other unit", tokUnitAdmin, other, "", 404},
		{"admin of another region", tokOtherAdmin, own, "", 404},
		{"no such document", tokAdmin, 999999, "", 404},
		{"not a number", tokAdmin, 0, "/api/v1/documents/abc/file", 400},
		{"admin", tokAdmin, other, "", 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := c.raw
			if p == "" {
				p = path(c.id)
			}
			r := ts.get(p, c.token)
			if r.Status != c.status {
				t.Fatalf("%d, want %d: %s", r.Status, c.status, r.Body)
			}
			if c.status >= 400 {
				if _, msg := r.apiError(t); strings.Contains(msg, ts.Layout.Dir) {
					t.Fatalf("message reveals a path: %q", msg)
				}
			}
		})
	}

	// A file gone from the archive answers 404 with the report's name.
	if err := os.Remove(f.ArchivePath); err != nil {
		t.Fatal(err)
	}
	r = ts.get(path(own), tokAdmin)
	if _, msg := r.apiError(t); r.Status != 404 || !strings.Contains(msg, "归档") {
		t.Fatalf("missing file: %d %s", r.Status, r.Body)
	}

	// Downloads are audited with the document and file name.
	var audit struct {
		Entries []struct {
			TokenID string `json:"token_id"`
			Detail  string `json:"detail"`
			Outcome string `json:"outcome"`
		} `json:"entries"`
	}
	ts.get("/api/v1/audit?action=download&limit=100", tokAdmin).json(t, &audit)
	var seen bool
	for _, e := range audit.Entries {
		if e.TokenID == "owner" && strings.Contains(e.Detail, ownFile) {
			seen = true
		}
	}
	if !seen {
		t.Fatalf("the owner's download is not in the audit log: %+v", audit.Entries)
	}
}

// rfc5987Want is the filename* value a name must have: percent-encoded UTF-8
// where every byte outside attr-char is escaped.
func rfc5987Want(name string) string {
	var b bytes.Buffer
	for _, c := range []byte(name) {
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
		} else {
			b.WriteString(strings.ToUpper(url.QueryEscape(string([]byte{c}))))
		}
	}
	return b.String()
}
