package sql

import (
	"context"
	"fmt"
)

// RefreshAggregates rebuilds the per-year aggregates the leadership dashboards
// read and bumps the warehouse data version, in one transaction; caches key on
// the version, so they drop exactly when new data commits.
func (w *DB) RefreshAggregates(ctx context.Context) (int64, error) {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("refresh aggregates: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after commit
	var version int64
	if err := tx.QueryRowContext(ctx,
		`UPDATE warehouse_meta SET value = value + 1 WHERE key = 'data_version' RETURNING value`).Scan(&version); err != nil {
		return 0, fmt.Errorf("bump data version: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM agg_yearly`); err != nil {
		return 0, fmt.Errorf("refresh aggregates: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO agg_yearly
		SELECT e.fiscal_year, count(*)::INTEGER,
		       avg(e.total_score), min(e.total_score), max(e.total_score),
		       count(*) FILTER (WHERE e.grade = '优'), count(*) FILTER (WHERE e.grade = '良'),
		       count(*) FILTER (WHERE e.grade = '较差'), count(*) FILTER (WHERE e.grade = '差'),
		       sum(m.income_total), sum(m.expenditure_total), sum(m.three_public_total),
		       (SELECT count(*) FROM v_findings f WHERE f.fiscal_year = e.fiscal_year AND f.severity = 'error'),
		       (SELECT count(*) FROM v_findings f WHERE f.fiscal_year = e.fiscal_year AND f.severity = 'warning'),
		       current_timestamp, ?
		FROM v_evaluations e
		LEFT JOIN (PIVOT (SELECT evaluation_id, measure, value FROM v_measures
		                  WHERE measure IN ('income_total', 'expenditure_total', 'three_public_total'))
		           ON measure IN ('income_total', 'expenditure_total', 'three_public_total') USING first(value)) m
		       ON m.evaluation_id = e.evaluation_id
		GROUP BY e.fiscal_year`, version); err != nil {
		return 0, fmt.Errorf("refresh aggregates: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("refresh aggregates: %w", err)
	}
	return version, nil
}

// DataVersion is the warehouse data version (bumped by every refresh).
func (w *DB) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := w.db.QueryRowContext(ctx, `SELECT value FROM warehouse_meta WHERE key = 'data_version'`).Scan(&v); err != nil {
		return 0, fmt.Errorf("data version: %w", err)
	}
	return v, nil
}

// Checkpoint writes the WAL into the database file. The ETL calls it once per
// run: automatic checkpoints are raised to 1 GB of WAL (see Open) so that a run
// does not rewrite its growing tables every 16 MB.
func (w *DB) Checkpoint(ctx context.Context) error {
	if _, err := w.db.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}
