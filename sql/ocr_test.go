package sql

import (
	"context"
	"strings"
	"testing"

	"jixiao/report"
)

// A figure read by OCR keeps its page, box and confidence in ocr_evidence,
// and one under report.OCRLowConfidence raises ocr_low_confidence naming the
// table row and the page; a confident figure and a text-layer figure do not.
func TestOCRLowConfidenceFinding(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	r := sampleReport("州甲局", 2021)
	r.Source.Format = "pdf"
	ocr := func(conf float64, page int) *report.Evidence {
		c, p := conf, page
		return &report.Evidence{Text: "2、二级机构1 | 146.95 | 47.84", Block: 3, Row: new(int), Source: report.SourceOCR,
			Page: &p, Box: []int{120, 840, 1900, 900}, Confidence: &c}
	}
	r.Income[1].Evidence = ocr(41.5, 2)
	r.Staffing.Evidence = ocr(96, 1)
	r.Score.Evidence = &report.Evidence{Text: "自评得分94分", Block: 9}
	if _, err := db.Load(ctx, Document{Report: r, FileName: "scan.pdf", SHA256: "ocr1"}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM ocr_evidence`); n != 2 {
		t.Errorf("ocr_evidence rows = %d, want 2", n)
	}
	if n := count(t, db, `SELECT count(*) FROM ocr_evidence WHERE figure = 'income' AND label = '2、二级机构1'
		AND page = 2 AND box_left = 120 AND box_bottom = 900 AND confidence = 41.5`); n != 1 {
		t.Error("income row's OCR provenance not stored as given")
	}
	got := strs(t, db, `SELECT message || ' / ' || found FROM findings_all WHERE rule = 'ocr_low_confidence'`)
	if strings.Count(got, " / ") != 1 || !strings.Contains(got, "收入情况表（2、二级机构1）") || !strings.Contains(got, "第 2 页") || !strings.HasSuffix(got, " / 42") {
		t.Errorf("ocr_low_confidence findings = %q", got)
	}
}
