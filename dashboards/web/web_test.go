package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"strings"
	"testing"
)

// TestBundleFresh fails when src/, build.mjs or the lock file changed after
// the committed bundle was built: run `make assets` and commit dist/.
func TestBundleFresh(t *testing.T) {
	m, err := ReadManifest()
	if err != nil {
		t.Fatal(err)
	}
	got, err := SourceHash(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	if got != m.SourceHash {
		t.Fatalf("the committed bundle (dist/) was built from other sources: manifest %s, sources now %s — run `make assets` and commit dist/", m.SourceHash[:12], got[:12])
	}
	for name, a := range m.Files {
		b, err := fs.ReadFile(Assets(), name)
		if err != nil {
			t.Fatalf("%s listed in the manifest: %v", name, err)
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != a.SHA256 {
			t.Errorf("dist/%s differs from the build that wrote the manifest — run `make assets`", name)
		}
	}
	entries, err := fs.ReadDir(Assets(), ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := m.Files[e.Name()]; !ok && e.Name() != "manifest.json" {
			t.Errorf("dist/%s is not from the last build — run `make assets`", e.Name())
		}
	}
}

// TestBundleSize keeps every page's script within 400 KB gzipped (DESIGN §12).
// Each page loads exactly one script (dist/<page>.js, no shared chunks).
func TestBundleSize(t *testing.T) {
	const limit = 400 << 10
	m, err := ReadManifest()
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for name := range m.Files {
		if !strings.HasSuffix(name, ".js") {
			continue
		}
		pages++
		b, err := fs.ReadFile(Assets(), name)
		if err != nil {
			t.Fatal(err)
		}
		var z bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
		zw.Write(b)
		zw.Close()
		t.Logf("%-14s %7d B, gzip %7d B", name, len(b), z.Len())
		if z.Len() > limit {
			t.Errorf("%s is %d KB gzipped, over the %d KB a page may ship", name, z.Len()>>10, limit>>10)
		}
	}
	if pages < 6 {
		t.Errorf("%d page scripts in dist/, want one per page (6)", pages)
	}
}

// TestPagesParse checks the page template names every script it may load.
func TestPagesParse(t *testing.T) {
	b, err := fs.ReadFile(Pages(), "pages/page.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/assets/{{.Script}}.js", "/assets/style.css", `lang="zh-CN"`, "evidence-dialog", "token-dialog"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("page.html lacks %q", want)
		}
	}
}

// TestFindingRulesHaveChineseLabels: every finding rule the analysts' contract
// (sql/views/README.md) documents reads in Chinese on the charts, never as its
// code (version_conflict once showed as "version_con…").
func TestFindingRulesHaveChineseLabels(t *testing.T) {
	doc, err := os.ReadFile("../../sql/views/README.md")
	if err != nil {
		t.Fatal(err)
	}
	labels, err := os.ReadFile("src/labels.js")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(doc), "## Findings rules")
	if !ok {
		t.Fatal("sql/views/README.md has no findings rules table")
	}
	if i := strings.Index(table, "\n## "); i >= 0 {
		table = table[:i]
	}
	rules := 0
	for _, line := range strings.Split(table, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		first := strings.SplitN(line, "|", 3)[1]
		for _, part := range strings.Split(first, "`")[1:] {
			code, _, _ := strings.Cut(part, "`")
			if code == "" || strings.ContainsAny(code, " ,…()") {
				continue
			}
			rules++
			if !strings.Contains(string(labels), "\n  "+code+": '") && !strings.Contains(string(labels), " "+code+": '") {
				t.Errorf("finding rule %s has no Chinese label in src/labels.js", code)
			}
		}
	}
	if rules < 30 {
		t.Fatalf("read only %d rules from the findings table", rules)
	}
}
