package etl

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/etl/demo"
	"jixiao/etl/extract"
	warehouse "jixiao/sql"
)

// TestCorpusGolden pins the whole `check --json` result (report, computed
// values, findings) of every default demo file in testdata/corpus/NAME.json.
// Evidence keeps its position but not its text, to keep the files small.
// Regenerate with `go test ./etl -run TestCorpusGolden -update` after reading
// the diff.
func TestCorpusGolden(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	files, err := demo.Write(ctx, dir, demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	checker, err := warehouse.NewChecker(ctx, an.Schemes)
	if err != nil {
		t.Fatal(err)
	}
	defer checker.Close()
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		r, err := an.Analyze(ctx, f.Name, data, Overrides{})
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if err := checker.Check(ctx, r, int64(len(data))); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		got := corpusGoldenJSON(t, r)
		path := filepath.Join("testdata", "corpus", strings.TrimSuffix(f.Name, filepath.Ext(f.Name))+"."+f.Format+".json")
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./etl -run TestCorpusGolden -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run with -update after checking the diff):\n%s", f.Name, path, firstDiff(string(want), string(got)))
		}
	}
}

// corpusGoldenJSON is the report as indented JSON with evidence texts dropped.
func corpusGoldenJSON(t *testing.T, r any) []byte {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	var strip func(any)
	strip = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			for k, c := range x {
				if k == "evidence" || strings.HasSuffix(k, "_evidence") {
					if m, ok := c.(map[string]any); ok {
						delete(m, "text")
						for _, e := range m {
							if em, ok := e.(map[string]any); ok {
								delete(em, "text")
							}
						}
					}
				}
				strip(c)
			}
		case []any:
			for _, c := range x {
				strip(c)
			}
		}
	}
	strip(v)
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
