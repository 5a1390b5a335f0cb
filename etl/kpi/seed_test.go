package kpi

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"jixiao/etl/extract"
)

// The real report, as text export and as Word document (DESIGN §3: every
// format must give the same figures).
var seedFiles = []string{
	filepath.Join("seeds", "000_6b3f55403a0e915c.txt"),
	filepath.Join("fixtures", "000_6b3f55403a0e915c.docx"),
}

// sharedDir returns ../shared next to the module root, or "" when it is absent.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(shared); err != nil {
		return ""
	}
	return shared
}

// seedDoc extracts one of the seed files from ../shared, or skips.
func seedDoc(t testing.TB, rel string) *extract.Document {
	t.Helper()
	shared := sharedDir(t)
	if shared == "" {
		t.Skip("seed report not available: ../shared is absent in this checkout")
	}
	p := filepath.Join(shared, rel)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Skipf("seed report not available (%v): ../shared is incomplete in this checkout", err)
	}
	doc, err := extract.Extract(context.Background(), p, data, extract.Limits{})
	if err != nil {
		t.Fatalf("extract %s: %v", rel, err)
	}
	return doc
}
