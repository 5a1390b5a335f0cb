package sql

import (
	"context"
	gosql "database/sql"
	"errors"
	"fmt"

	"jixiao/report"
)

// What kind of document each loaded one is and how much of it was read
// (migration 006, document_extraction): written with the document, read
// back into the report contract by Evaluation.

// unrecognisedRule is the parser's finding for a document with almost
// nothing read; the run summary counts the documents that carry it.
const unrecognisedRule = "unrecognised_layout"

// Unrecognised reports whether r carries an unrecognised_layout finding.
func Unrecognised(r *report.Report) bool {
	for _, f := range r.Findings {
		if f.Rule == unrecognisedRule {
			return true
		}
	}
	return false
}

// extractionRow is the document_extraction row of a report, nil when the
// report has no document type (a report built by hand, not by the parser).
func extractionRow(id int64, r *report.Report) []any {
	if r.DocumentType == "" {
		return nil
	}
	c := r.Completeness
	missing := append([]string{}, c.Missing...)
	labels := make([]string, len(missing))
	for i, m := range missing {
		labels[i] = report.FieldLabel(m)
	}
	var heading, start, end, endHeading any
	if ex := r.Excerpt; ex != nil {
		heading, start, end, endHeading = ex.Heading, int32(ex.StartBlock), int32(ex.EndBlock), nullString(ex.EndHeading)
	}
	return []any{id, r.DocumentType, int32(c.Found), int32(c.Expected), missing, labels, Unrecognised(r),
		heading, start, end, endHeading}
}

// readExtraction fills the report's document type, completeness and excerpt
// from document_extraction; a document loaded before they were recorded
// keeps an empty type, and its completeness lists the contract fields the
// document lacked.
func (w *DB) readExtraction(ctx context.Context, id int64, r *report.Report) error {
	var (
		typ                  string
		found, expected      int
		missing              any
		heading, endHeading  *string
		startBlock, endBlock *int32
	)
	err := w.db.QueryRowContext(ctx, `SELECT document_type, found, expected, missing, excerpt_heading,
		excerpt_start_block, excerpt_end_block, excerpt_end_heading FROM document_extraction WHERE document_id = ?`, id).
		Scan(&typ, &found, &expected, &missing, &heading, &startBlock, &endBlock, &endHeading)
	if errors.Is(err, gosql.ErrNoRows) {
		r.Completeness.Missing = r.Missing
		return nil
	}
	if err != nil {
		return fmt.Errorf("evaluation %d: document type: %w", id, err)
	}
	r.DocumentType = typ
	r.Completeness = report.Completeness{Found: found, Expected: expected, Missing: stringList(missing)}
	if heading != nil && startBlock != nil && endBlock != nil {
		r.Excerpt = &report.Excerpt{Heading: *heading, StartBlock: int(*startBlock), EndBlock: int(*endBlock), EndHeading: str(endHeading)}
	}
	return nil
}

// stringList is a VARCHAR[] value as scanned ([]any of string).
func stringList(v any) []string {
	out := []string{}
	list, _ := v.([]any)
	for _, m := range list {
		if s, ok := m.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
