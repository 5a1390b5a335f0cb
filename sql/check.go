package sql

import (
	"context"
	"fmt"

	"jixiao/report"
)

// Checker runs reports through a private in-memory warehouse, so that `check`
// and uploads get computed values and findings from the very same views as the
// warehouse (no second copy of the rules in Go).
type Checker struct {
	db *DB
}

// NewChecker opens the in-memory warehouse.
func NewChecker(ctx context.Context) (*Checker, error) {
	db, err := Open(ctx, "", Options{})
	if err != nil {
		return nil, fmt.Errorf("open in-memory warehouse: %w", err)
	}
	return &Checker{db: db}, nil
}

// Close releases the in-memory warehouse.
func (c *Checker) Close() error { return c.db.Close() }

// Check loads r and fills in what the views compute for it.
func (c *Checker) Check(ctx context.Context, r *report.Report, size int64) error {
	res, err := c.db.Load(ctx, Document{Report: r, FileName: r.Source.File, SHA256: r.Source.SHA256, SizeBytes: size})
	if err != nil {
		return err
	}
	id := res.DocumentID
	if res.Skipped {
		if err := c.db.db.QueryRowContext(ctx, `SELECT document_id FROM documents WHERE sha256 = ?`, r.Source.SHA256).Scan(&id); err != nil {
			return fmt.Errorf("find checked document: %w", err)
		}
	}
	return c.db.Annotate(ctx, id, r)
}

// Annotate copies what the views compute for document id into r: canonical unit
// name, computed indicator values and scores, and findings.
func (w *DB) Annotate(ctx context.Context, id int64, r *report.Report) error {
	var canonical *string
	if err := w.db.QueryRowContext(ctx, `SELECT u.canonical_name FROM documents d LEFT JOIN units u ON u.unit_id = d.unit_id
		WHERE d.document_id = ?`, id).Scan(&canonical); err != nil {
		return fmt.Errorf("annotate document %d: %w", id, err)
	}
	if canonical != nil {
		r.Unit.CanonicalName = *canonical
	}
	return nil
}
