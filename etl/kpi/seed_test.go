package kpi

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"jixiao/etl/extract"

	"jixiao/internal/seedfile"
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
	d, _ := seedfile.Dir() // "" when absent
	return d
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
