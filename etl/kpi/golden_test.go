package kpi

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"jixiao/etl/extract"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestGolden runs the whole extraction over a report written for this package
// (testdata/report.txt, our own wording and figures, in the tab-flattened form
// layout) and compares the Result with testdata/report.golden.json. Run
// `go test ./etl/kpi -run TestGolden -update` after an intended change and
// review the diff.
func TestGolden(t *testing.T) {
	in := filepath.Join("testdata", "report.txt")
	data, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := extract.Extract(context.Background(), in, data, extract.Limits{})
	if err != nil {
		t.Fatalf("extract: %v", err)
	}
	got := marshal(t, mustDict(t).Extract(doc, 2022))
	golden := filepath.Join("testdata", "report.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("result differs from %s (run with -update and review the diff):\n%s", golden, got)
	}
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := encode(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// encode is indented JSON with Chinese and <>& left readable.
func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return buf.Bytes(), err
}

// TestConcurrentExtract checks that one Dictionary serves many goroutines (run
// with -race).
func TestConcurrentExtract(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "report.txt"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := extract.Extract(context.Background(), "report.txt", data, extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	d := mustDict(t)
	want := marshal(t, d.Extract(doc, 2022))
	results := make(chan []byte, 8)
	for range 8 {
		go func() {
			b, _ := encode(d.Extract(doc, 2022))
			results <- b
		}()
	}
	for range 8 {
		if got := <-results; !bytes.Equal(got, want) {
			t.Errorf("concurrent result differs:\n%s", got)
		}
	}
}
