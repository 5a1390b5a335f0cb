package etl

import (
	"context"
	"testing"

	"jixiao/etl/extract"
)

// TestProbeU12_SeedPDFHeader: the seed as PDF (LibreOffice, then pdftotext)
// reads its form headers without form_header_unexpected, whatever fonts lay
// the wrapped header cells out; skipped without soffice/pdftotext or ../shared.
func TestProbeU12_SeedPDFHeader(t *testing.T) {
	_, docx := seedSources(t)
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		font func(t *testing.T) string
	}{
		{"machine fonts", func(*testing.T) string { return "" }},
		{"Noto CJK only", cjkOnlyFontConfig},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pdf := pdfFromDocxWith(t, docx, tt.font(t))
			r, err := an.Analyze(context.Background(), "seed.pdf", pdf, Overrides{})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range r.Findings {
				if f.Rule == "form_header_unexpected" {
					t.Errorf("%s: %s (found %q)", f.Rule, f.Message, f.Found)
				}
			}
			if len(r.Income) == 0 || len(r.ThreePublic) == 0 {
				t.Errorf("form tables not read: income %d rows, three_public %d rows", len(r.Income), len(r.ThreePublic))
			}
		})
	}
}
