package parse

import (
	"context"
	"testing"

	"jixiao/report"
)

// TestProbeU1_MissingFieldsHaveChineseLabels: every field the parser can list
// as missing has a Chinese label, so `check` never shows a field path.
func TestProbeU1_MissingFieldsHaveChineseLabels(t *testing.T) {
	names := map[string]bool{}
	for _, want := range expected {
		for _, n := range want {
			names[n] = true
		}
	}
	r, err := Parse(context.Background(), mkdoc(para("①绩效目标合理性（3分）：得满分3分。")), catalog(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Missing) < 10 {
		t.Fatalf("a one-indicator document should miss most fields, missing %v", r.Missing)
	}
	for _, n := range r.Missing {
		names[n] = true
	}
	for n := range names {
		if report.FieldLabel(n) == n {
			t.Errorf("no Chinese label for missing field %q", n)
		}
	}
}
