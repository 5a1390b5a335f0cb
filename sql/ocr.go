package sql

import "jixiao/report"

// ocrRows are the ocr_evidence rows of a report (migration 008): one per
// evidence read by OCR, with its page, box and confidence.
func ocrRows(id int64, r *report.Report) [][]any {
	var rows [][]any
	r.EachEvidence(func(figure, label string, e *report.Evidence) {
		if e.Source != report.SourceOCR || e.Page == nil || e.Confidence == nil || len(e.Box) != 4 {
			return
		}
		var cell any
		if e.Cell != nil {
			cell = int32(*e.Cell)
		}
		rows = append(rows, []any{id, int32(len(rows) + 1), figure, nullString(label), evText(e), evBlock(e), evRow(e), cell,
			int32(*e.Page), int32(e.Box[0]), int32(e.Box[1]), int32(e.Box[2]), int32(e.Box[3]), *e.Confidence})
	})
	return rows
}
