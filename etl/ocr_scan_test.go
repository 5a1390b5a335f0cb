package etl

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"jixiao/report"
)

// scanCount is how a report read by OCR compares with the seed text's
// figures: equal values, figures that differ but are marked as read with a
// low OCR confidence (the warehouse raises ocr_low_confidence for them), and
// wrong ones — a figure that differs and is trusted, which must never be.
type scanCount struct {
	want    int // non-null figures of the text
	equal   int // of those, read with the same value
	flagged []string
	wrong   []string
}

// compareScan counts the scan's figures against the text's (see scanCount).
// A null figure of the scan is never wrong: it was not read.
func compareScan(want map[string]string, scan *report.Report) scanCount {
	got := figures(scan)
	var c scanCount
	for k, w := range want {
		if w != "null" {
			c.want++
			if got[k] == w {
				c.equal++
			}
		}
	}
	for _, k := range sortedKeys(got) {
		g := got[k]
		if g == "null" || g == "" || g == want[k] {
			continue
		}
		line := fmt.Sprintf("%s: %s → %s", k, want[k], g)
		if conf := figureConfidence(scan, k); conf != nil && *conf < report.OCRLowConfidence {
			c.flagged = append(c.flagged, fmt.Sprintf("%s (confidence %.0f)", line, *conf))
			continue
		}
		c.wrong = append(c.wrong, line)
	}
	return c
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// figureConfidence is the OCR confidence of the evidence behind a figure
// path of figures(), nil when it has none. The path's section and bracketed
// name are matched to report.EachEvidence's figure and label.
func figureConfidence(r *report.Report, path string) *float64 {
	path, _, _ = strings.Cut(path, "#")
	section, rest, bracketed := strings.Cut(path, "[")
	name, field, _ := strings.Cut(rest, "]")
	if !bracketed { // "budget.carryover", "staffing.actual", "score.total"
		section, field, _ = strings.Cut(path, ".")
	}
	if section == "score.by_level1" {
		if e, ok := r.Score.ByLevel1Evidence[name]; ok {
			return e.Confidence
		}
		return nil
	}
	var conf *float64
	r.EachEvidence(func(figure, label string, e *report.Evidence) {
		match := false
		switch section {
		case "staffing":
			match = figure == "staffing"
		case "score":
			match = figure == "score.total"
		case "budget":
			match = figure == "budget."+field
		case "expenditure_detail":
			match = figure == "expenditure_detail."+field
		case "expenditure_detail.projects":
			match = figure == "project" && label == name
		case "income", "expenditure", "three_public", "fixed_assets":
			match = figure == section && label == name
		case "targets", "events":
			match = figure == strings.TrimSuffix(section, "s") && label == name
		case "indicators":
			match = figure == "indicator" && strings.HasPrefix(label, name+" ")
		case "metrics":
			code, _, _ := strings.Cut(name, " ")
			match = figure == "metric" && label == code
		}
		if match && conf == nil {
			conf = e.Confidence
		}
	})
	return conf
}

// logScan logs how the scan's figures compare with the text's, and fails on
// a wrong one.
func logScan(t *testing.T, want map[string]string, got *report.Report) scanCount {
	t.Helper()
	c := compareScan(want, got)
	t.Logf("scan: %d of %d figures equal the text's (%d of %d figure paths, nulls included); %d differ but are marked low-confidence, %d wrong",
		c.equal, c.want, matchCount(want, figures(got)), len(want), len(c.flagged), len(c.wrong))
	for _, f := range c.flagged {
		t.Logf("flagged %s", f)
	}
	for _, w := range c.wrong {
		t.Errorf("wrong %s", w)
	}
	if d := figureDiff(want, figures(got)); len(d) > 0 && testing.Verbose() {
		t.Logf("differences:\n  %s", strings.Join(d, "\n  "))
	}
	return c
}

// seedScanFloor is the least number of the seed text's (non-null) figures
// the whole seed read as a scan must give with the text's values.
const seedScanFloor = 90

// TestSeedScanOCR reads the whole seed as a scanned PDF: its pages rendered
// to JPEG at 300 dpi, grey, and wrapped without a text layer. Every figure
// must equal the text's, be null, or be marked low-confidence (the
// warehouse raises ocr_low_confidence for it); at least seedScanFloor equal.
func TestSeedScanOCR(t *testing.T) {
	needOCR(t)
	txt, docx := seedSources(t)
	const dpi = 300
	scan := imagePDF(t, renderPages(t, pdfFromDocx(t, docx), dpi), dpi)
	assertNoTextLayer(t, scan)
	an, ref := seedReference(t, txt)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	start := time.Now()
	got, err := an.Analyze(ctx, "scan.pdf", scan, Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("OCR and parse of the scan: %v", time.Since(start).Round(time.Millisecond))
	want := figures(ref)
	c := logScan(t, want, got)
	if c.equal < seedScanFloor {
		t.Errorf("%d of the text's %d figures read from the scan, want at least %d", c.equal, c.want, seedScanFloor)
	}
}

// matchCount is the number of want's paths, null ones included, that got
// has with the same value.
func matchCount(want, got map[string]string) int {
	n := 0
	for k, w := range want {
		if g, ok := got[k]; ok && g == w {
			n++
		}
	}
	return n
}
