package etl

import (
	"regexp"
	"strings"

	"jixiao/etl/extract"
	"jixiao/report"
)

// reportEvidence is a copy of every evidence of a report.
func reportEvidence(r *report.Report) []report.Evidence {
	var out []report.Evidence
	r.EachEvidence(func(_, _ string, e *report.Evidence) { out = append(out, *e) })
	return out
}

// evidenceNumber finds the numbers of an evidence text.
var evidenceNumber = regexp.MustCompile(`[0-9]+(?:\.[0-9]+)?`)

// annotateOCR gives every evidence of a document read by OCR its provenance:
// the words behind its paragraph, row or cell (extract.Block.OCR,
// extract.Cell.OCR), narrowed to the words holding a number of the evidence
// text; page and box of those on the first page they appear on, and their
// lowest confidence. Evidence without OCR words (a goal's text) stays as is.
func annotateOCR(r *report.Report, doc *extract.Document) {
	if doc.OCRPages == 0 {
		return
	}
	r.EachEvidence(func(_, _ string, ev *report.Evidence) {
		words := scopeWords(doc, ev)
		if len(words) == 0 {
			return
		}
		var picked []extract.OCRWord
		for _, n := range evidenceNumber.FindAllString(ev.Text, -1) {
			for _, w := range words {
				if strings.Contains(w.Text, n) {
					picked = append(picked, w)
					break
				}
			}
		}
		if len(picked) == 0 {
			picked = words
		}
		page := picked[0].Page
		box := picked[0].Box
		conf := picked[0].Confidence
		for _, w := range picked[1:] {
			conf = min(conf, w.Confidence)
			if w.Page != page {
				continue
			}
			box = [4]int{min(box[0], w.Box[0]), min(box[1], w.Box[1]), max(box[2], w.Box[2]), max(box[3], w.Box[3])}
		}
		ev.Source = report.SourceOCR
		ev.Page = &page
		ev.Box = box[:]
		ev.Confidence = &conf
	})
}

// scopeWords are the OCR words of an evidence's paragraph, cell, row or table.
func scopeWords(doc *extract.Document, ev *report.Evidence) []extract.OCRWord {
	if ev.Block < 0 || ev.Block >= len(doc.Blocks) {
		return nil
	}
	b := doc.Blocks[ev.Block]
	words := func(t *extract.OCRText) []extract.OCRWord {
		if t == nil {
			return nil
		}
		return t.Words
	}
	if b.Kind != extract.TableBlock || b.Table == nil {
		return words(b.OCR)
	}
	var out []extract.OCRWord
	for ri, row := range b.Table.Rows {
		if ev.Row != nil && *ev.Row != ri {
			continue
		}
		for ci, c := range row.Cells {
			if ev.Cell != nil && *ev.Cell != ci {
				continue
			}
			out = append(out, words(c.OCR)...)
		}
	}
	return out
}
