package kpi

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"jixiao/etl/extract"
)

// BenchmarkExtract measures one report's extraction: the package's own test
// report and, when ../shared is present, the real seed report. The ETL budget
// is 10,000 seed-sized reports parsed and loaded in 30 s on 2 cores.
func BenchmarkExtract(b *testing.B) {
	for _, bc := range []struct {
		name string
		doc  func(testing.TB) *extract.Document
	}{
		{"testdata", testdataDoc},
		{"seed", func(tb testing.TB) *extract.Document { return seedDoc(tb, seedFiles[0]) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			doc := bc.doc(b)
			d := mustDict(b)
			b.ReportAllocs()
			for b.Loop() {
				d.Extract(doc, 2021)
			}
		})
	}
}

// testdataDoc extracts testdata/report.txt.
func testdataDoc(tb testing.TB) *extract.Document {
	tb.Helper()
	p := filepath.Join("testdata", "report.txt")
	data, err := os.ReadFile(p)
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := extract.Extract(context.Background(), p, data, extract.Limits{})
	if err != nil {
		tb.Fatalf("extract %s: %v", p, err)
	}
	return doc
}
