package sql

import (
	"context"
	"fmt"

	"jixiao/etl/scheme"
	"jixiao/report"
)

// Checker runs reports through a private in-memory warehouse, so that `check`
// and uploads get computed values and findings from the very same views as the
// warehouse (no second copy of the rules in Go).
type Checker struct {
	db *DB
}

// NewChecker opens the in-memory warehouse scoring with the catalog's schemes.
func NewChecker(ctx context.Context, cat *scheme.Catalog) (*Checker, error) {
	db, err := Open(ctx, "", Options{})
	if err != nil {
		return nil, fmt.Errorf("open in-memory warehouse: %w", err)
	}
	if err := db.SyncSchemes(ctx, cat); err != nil {
		db.Close()
		return nil, err
	}
	return &Checker{db: db}, nil
}

// Close releases the in-memory warehouse.
func (c *Checker) Close() error { return c.db.Close() }

// Check loads r and fills in what the views compute for it.
func (c *Checker) Check(ctx context.Context, r *report.Report, size int64) error {
	res, err := c.db.Load(ctx, Document{Report: r, FileName: r.Source.File, SHA256: r.Source.SHA256, SizeBytes: size, Alone: true})
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
	rows, err := w.db.QueryContext(ctx, `SELECT ind_order, computed_value, computed_score, score_for_declared_value, max_points, in_scheme
		FROM indicator_scores_all WHERE document_id = ? ORDER BY ind_order`, id)
	if err != nil {
		return fmt.Errorf("annotate document %d: indicators: %w", id, err)
	}
	for rows.Next() {
		var order int
		var cv, cs, sd, mx *float64
		var inScheme bool
		if err := rows.Scan(&order, &cv, &cs, &sd, &mx, &inScheme); err != nil {
			rows.Close()
			return fmt.Errorf("annotate document %d: %w", id, err)
		}
		if order >= 1 && order <= len(r.Indicators) {
			ind := &r.Indicators[order-1]
			ind.ComputedValue, ind.ComputedScore, ind.ScoreForDeclaredValue = cv, cs, sd
			ind.InScheme = inScheme
			if ind.MaxPoints == nil {
				ind.MaxPoints = mx
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("annotate document %d: %w", id, err)
	}
	if err := w.annotateTargets(ctx, id, r); err != nil {
		return err
	}
	fs, err := w.Findings(ctx, id)
	if err != nil {
		return err
	}
	r.Findings = fs
	return nil
}

// Findings returns every finding of document id, errors first.
func (w *DB) Findings(ctx context.Context, id int64) ([]report.Finding, error) {
	rows, err := w.db.QueryContext(ctx, `SELECT rule, severity, message, coalesce(expected, ''), coalesce(found, ''),
		evidence_text, evidence_block FROM findings_all WHERE document_id = ?
		ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, rule, evidence_block NULLS LAST, message`, id)
	if err != nil {
		return nil, fmt.Errorf("findings of document %d: %w", id, err)
	}
	defer rows.Close()
	out := []report.Finding{}
	for rows.Next() {
		var f report.Finding
		var text *string
		var block *int
		if err := rows.Scan(&f.Rule, &f.Severity, &f.Message, &f.Expected, &f.Found, &text, &block); err != nil {
			return nil, fmt.Errorf("findings of document %d: %w", id, err)
		}
		if text != nil || block != nil {
			f.Evidence = &report.Evidence{}
			if text != nil {
				f.Evidence.Text = *text
			}
			if block != nil {
				f.Evidence.Block = *block
			}
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// annotateTargets fills each target's actual value and attainment from targets_all.
func (w *DB) annotateTargets(ctx context.Context, id int64, r *report.Report) error {
	rows, err := w.db.QueryContext(ctx, `SELECT code, target_value, actual_value, attainment_pct, met
		FROM targets_all WHERE document_id = ?`, id)
	if err != nil {
		return fmt.Errorf("annotate document %d: targets: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var target, actual, pct *float64
		var met *bool
		if err := rows.Scan(&code, &target, &actual, &pct, &met); err != nil {
			return fmt.Errorf("annotate document %d: targets: %w", id, err)
		}
		for i := range r.Targets {
			t := &r.Targets[i]
			if t.Code == code && t.TargetValue != nil && target != nil && *t.TargetValue == *target {
				t.ActualValue, t.AttainmentPct, t.Met = actual, pct, met
			}
		}
	}
	return rows.Err()
}
