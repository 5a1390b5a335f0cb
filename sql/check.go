package sql

import (
	"context"
	gosql "database/sql"
	"fmt"
	"strings"

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

// CheckAgainst checks r like Check, and compares it with the unit's earlier
// reports in the warehouse file at path (jixiao check --data): the unit's
// current documents of earlier years are copied into the private warehouse
// first, so the rules across years (sql/views/045_spotcheck.sql) run on the
// very same SQL. The comparison with other units of the same year needs the
// whole year and stays with the warehouse's own refresh. It reports whether
// the warehouse knew the unit. Use a fresh Checker for each report.
func (c *Checker) CheckAgainst(ctx context.Context, r *report.Report, size int64, path string) (bool, error) {
	db := c.db.db
	if _, err := db.ExecContext(ctx, `ATTACH `+quoteLiteral(path)+` AS hist (READ_ONLY)`); err != nil {
		return false, fmt.Errorf("open warehouse %s: %w", path, err)
	}
	defer db.ExecContext(ctx, `DETACH hist`) //nolint:errcheck // the in-memory warehouse is dropped after
	var unitID gosql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT min(a.unit_id) FROM hist.unit_aliases a JOIN hist.units u ON u.unit_id = a.unit_id
		WHERE a.alias IN (?, ?) AND (? = '' OR u.region IS NULL OR u.region = ?)`,
		r.Unit.Name, r.Unit.CanonicalName, r.Unit.Region, r.Unit.Region).Scan(&unitID); err != nil {
		return false, fmt.Errorf("find unit in warehouse: %w", err)
	}
	known := unitID.Valid && r.FiscalYear > 0
	if known {
		var hasSentenceTable bool
		if err := db.QueryRowContext(ctx, `SELECT count(*) > 0 FROM duckdb_tables() WHERE database_name = 'hist' AND table_name = 'report_sentences'`).Scan(&hasSentenceTable); err != nil {
			return false, fmt.Errorf("inspect warehouse %s: %w", path, err)
		}
		docs := `SELECT document_id FROM hist.documents WHERE unit_id = $1 AND fiscal_year < $2 AND superseded_by IS NULL`
		for _, q := range []string{
			`INSERT INTO units BY NAME SELECT * FROM hist.units WHERE unit_id = $1`,
			`INSERT INTO unit_aliases BY NAME SELECT * FROM hist.unit_aliases WHERE unit_id = $1`,
			`INSERT INTO documents BY NAME SELECT * FROM hist.documents WHERE document_id IN (` + docs + `)`,
			`INSERT INTO report_items BY NAME SELECT * FROM hist.report_items WHERE kind <> 'sentence' AND document_id IN (` + docs + `)`,
			copySentences(hasSentenceTable, docs),
		} {
			args := []any{unitID.Int64}
			if strings.Contains(q, "$2") {
				args = append(args, r.FiscalYear)
			}
			if _, err := db.ExecContext(ctx, q, args...); err != nil {
				return false, fmt.Errorf("copy the unit's earlier reports: %w", err)
			}
		}
	}
	res, err := c.db.Load(ctx, Document{Report: r, FileName: r.Source.File, SHA256: r.Source.SHA256, SizeBytes: size, Alone: true})
	if err != nil {
		return known, err
	}
	id := res.DocumentID
	if res.Skipped {
		if err := db.QueryRowContext(ctx, `SELECT document_id FROM documents WHERE sha256 = ?`, r.Source.SHA256).Scan(&id); err != nil {
			return known, fmt.Errorf("find checked document: %w", err)
		}
	}
	if _, err := c.db.RefreshAggregates(ctx); err != nil {
		return known, err
	}
	return known, c.db.Annotate(ctx, id, r)
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
	// The per-document findings and, when the document is a current
	// evaluation, those across reports stored by the last refresh.
	rows, err := w.db.QueryContext(ctx, `SELECT rule, severity, message, coalesce(expected, ''), coalesce(found, ''),
		evidence_text, evidence_block FROM (
		    SELECT rule, severity, message, expected, found, evidence_text, evidence_block FROM findings_all WHERE document_id = $1
		    UNION ALL
		    SELECT rule, severity, message, expected, found, evidence_text, evidence_block FROM mat_cross_findings WHERE document_id = $1)
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

// copySentences copies the narrative sentences of the documents docs selects
// from the warehouse attached as hist: from report_sentences, or from
// report_items in a file that no read-write open has migrated past 020 yet
// (check attaches it read-only).
func copySentences(hasTable bool, docs string) string {
	if hasTable {
		return `INSERT INTO report_sentences SELECT document_id, sentence_order, block, hash, text
			FROM hist.report_sentences WHERE document_id IN (` + docs + `)`
	}
	return `INSERT INTO report_sentences SELECT document_id, ord, evidence_block, n1::BIGINT, text
		FROM hist.report_items WHERE kind = 'sentence' AND document_id IN (` + docs + `)`
}
