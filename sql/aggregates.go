package sql

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// RefreshAggregates stores the per-document results of the documents loaded
// since the last refresh (see materialise.go), rebuilds the per-year aggregates
// the leadership dashboards read and bumps the warehouse data version, in one
// transaction; caches key on the version, so they drop exactly when new data
// commits.
func (w *DB) RefreshAggregates(ctx context.Context) (int64, error) {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("refresh aggregates: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after commit
	if err := refreshMaterialised(ctx, tx); err != nil {
		return 0, fmt.Errorf("refresh aggregates: %w", err)
	}
	var version int64
	if err := tx.QueryRowContext(ctx,
		`UPDATE warehouse_meta SET value = value + 1 WHERE key = 'data_version' RETURNING value`).Scan(&version); err != nil {
		return 0, fmt.Errorf("bump data version: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM agg_yearly`); err != nil {
		return 0, fmt.Errorf("refresh aggregates: %w", err)
	}
	// BY NAME: migration 019 appended the 中 and other-grade columns.
	if _, err := tx.ExecContext(ctx, `INSERT INTO agg_yearly BY NAME `+aggYearly); err != nil {
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

// Checkpoint writes the WAL into the database file. The ETL calls it at the
// end of each run, so the run's last rows and its refreshed results are in
// the file (commits checkpoint on their own only every checkpointThreshold of
// WAL, see Open) before the snapshot the SQL console reads. DuckDB refuses a CHECKPOINT
// while another write transaction is open — with the server, an audit-log
// insert of a concurrent request — so it is retried until they end (they are
// single-row inserts), for at most 10 s. Refusing outright made the snapshot
// publish after an upload fail now and then, leaving the SQL console on old
// data until the next run.
func (w *DB) Checkpoint(ctx context.Context) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := w.db.ExecContext(ctx, "CHECKPOINT")
		if err == nil {
			return nil
		}
		if !strings.Contains(err.Error(), "other write transactions active") || time.Now().After(deadline) {
			return fmt.Errorf("checkpoint: %w", err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("checkpoint: %w", ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// aggYearly computes agg_yearly's rows from the views: RefreshAggregates
// stores it for the whole warehouse, and a panel whose caller or filter is
// narrower than that runs it over the scoped and filtered views (the stored
// table sums every region). The data version is read from warehouse_meta,
// which the refresh bumps first in its transaction.
const aggYearly = `SELECT e.fiscal_year, count(*)::INTEGER AS units,
	avg(e.total_score)::DOUBLE AS avg_score, min(e.total_score)::DOUBLE AS min_score, max(e.total_score)::DOUBLE AS max_score,
	count(*) FILTER (WHERE e.grade = '优')::INTEGER AS grade_you, count(*) FILTER (WHERE e.grade = '良')::INTEGER AS grade_liang,
	count(*) FILTER (WHERE e.grade = '较差')::INTEGER AS grade_jiaocha, count(*) FILTER (WHERE e.grade = '差')::INTEGER AS grade_cha,
	sum(m.income_total) AS income_total, sum(m.expenditure_total) AS expenditure_total, sum(m.three_public_total) AS three_public_total,
	coalesce(any_value(f.errors), 0)::INTEGER AS findings_error, coalesce(any_value(f.warnings), 0)::INTEGER AS findings_warning,
	current_timestamp::TIMESTAMP AS refreshed_at, (SELECT value FROM main.warehouse_meta WHERE key = 'data_version') AS data_version,
	count(*) FILTER (WHERE e.grade = '中')::INTEGER AS grade_zhong,
	count(*) FILTER (WHERE e.grade NOT IN ('优', '良', '中', '较差', '差'))::INTEGER AS grade_other
FROM v_evaluations e
LEFT JOIN (SELECT evaluation_id,
		first(value) FILTER (WHERE measure = 'income_total') AS income_total,
		first(value) FILTER (WHERE measure = 'expenditure_total') AS expenditure_total,
		first(value) FILTER (WHERE measure = 'three_public_total') AS three_public_total
	FROM v_measures WHERE measure IN ('income_total', 'expenditure_total', 'three_public_total')
	GROUP BY evaluation_id) m ON m.evaluation_id = e.evaluation_id
LEFT JOIN (SELECT fiscal_year, count(*) FILTER (WHERE severity = 'error') AS errors,
		count(*) FILTER (WHERE severity = 'warning') AS warnings
	FROM v_findings GROUP BY fiscal_year) f ON f.fiscal_year = e.fiscal_year
GROUP BY e.fiscal_year`
