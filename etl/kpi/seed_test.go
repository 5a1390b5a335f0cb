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

// seedDoc extracts one of the seed files from ../shared, or skips.
func seedDoc(t testing.TB, rel string) *extract.Document {
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
			t.Skip("go.mod not found above the package; cannot locate ../shared")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", rel)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Skipf("seed report not available (%v): ../shared is absent in this checkout", err)
	}
	doc, err := extract.Extract(context.Background(), p, data, extract.Limits{})
	if err != nil {
		t.Fatalf("extract %s: %v", rel, err)
	}
	return doc
}
