package sql

import (
	"context"
	gosql "database/sql"
	"fmt"
	"hash/fnv"

	"jixiao/etl/kpi"
	"jixiao/etl/scheme"
)

// The per-document results of the views are materialised: the *_all views
// (figures, indicator scores, level scores, findings, measures, targets) are
// the definitions, and mat_<name> holds their rows for every document listed
// in mat_documents. The analysts' v_* views read those tables joined to the
// current evaluations of the last refresh (mat_current), so a query filtered
// to one unit reads that unit's stored rows instead of running the engine over
// the whole prefecture (probe P1: 1.5–1.7 s per unit at 5,000 reports).
//
// The refresh runs in RefreshAggregates' transaction at the end of every ETL
// run that loaded something, for the documents not yet materialised (a run's
// new documents have consecutive ids, so they are computed as one id range,
// a filter DuckDB pushes into the scans) and those the loader has added rows
// to since they were stored (a version_conflict finding on the version that
// stays current). Readers see the old state or the new
// one, never a mix. Documents committed but not materialised (a crash between
// a group's commit and the refresh, or a refresh that failed) are found on the
// next read-write open and at the start of the next run, and materialised then.
// When the views' text, the schemes or the metric labels change, the stored
// results are stale: they are dropped (views) or marked pending (schemes,
// labels) and recomputed the same way.

// materialised lists the definitions whose rows are stored as mat_<name>, in
// the order the refresh computes them.
var materialised = []string{"figures", "indicator_scores", "level_scores", "findings", "measures", "targets"}

// refreshSource is what the refresh computes mat_<name> from: <name>_all, but
// the level scores, findings and measures from the rows stored just before
// them (the same jx_level_scores, jx_findings and jx_measures definitions as
// level_scores_all, findings_all and measures_all): the indicator engine runs
// once per refresh instead of four times, which was two thirds of the
// refresh's CPU (docs/decisions.md, "ETL CPU per report").
func refreshSource(name string) string {
	switch name {
	case "level_scores":
		return "jx_level_scores('mat_indicator_scores')"
	case "findings":
		return "jx_findings('mat_indicator_scores', 'mat_level_scores')"
	case "measures":
		return "jx_measures('mat_level_scores', 'mat_indicator_scores', 'mat_findings')"
	}
	return name + "_all"
}

// Keys of warehouse_meta holding what the stored results were computed with.
const (
	stampViews   = "views_stamp"
	stampSchemes = "schemes_stamp"
	stampLabels  = "metric_labels_stamp"
)

// stamp is a 63-bit FNV hash of parts (warehouse_meta holds BIGINT values).
func stamp(parts ...string) int64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return int64(h.Sum64() >> 1)
}

// execer is a transaction or the pool.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (gosql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *gosql.Row
}

// querier is an execer that also returns rows.
type querier interface {
	execer
	QueryContext(ctx context.Context, query string, args ...any) (*gosql.Rows, error)
}

// stampDiffers reports whether warehouse_meta holds another value (or none) under key.
func stampDiffers(ctx context.Context, x execer, key string, value int64) (bool, error) {
	var old gosql.NullInt64
	if err := x.QueryRowContext(ctx, `SELECT max(value) FROM warehouse_meta WHERE key = ?`, key).Scan(&old); err != nil {
		return false, fmt.Errorf("read %s: %w", key, err)
	}
	return !old.Valid || old.Int64 != value, nil
}

// writeStamp stores value under key.
func writeStamp(ctx context.Context, x execer, key string, value int64) error {
	if _, err := x.ExecContext(ctx, `INSERT OR REPLACE INTO warehouse_meta VALUES (?, ?)`, key, value); err != nil {
		return fmt.Errorf("write %s: %w", key, err)
	}
	return nil
}

// swapStamp stores value under key and reports whether it differed; in a
// transaction with the work the change calls for.
func swapStamp(ctx context.Context, x execer, key string, value int64) (bool, error) {
	changed, err := stampDiffers(ctx, x, key, value)
	if err != nil || !changed {
		return false, err
	}
	return true, writeStamp(ctx, x, key, value)
}

// dropMaterialised drops the materialised tables (before the view files
// re-create them in the new views' shape).
func dropMaterialised(ctx context.Context, x execer) error {
	for _, t := range append(append([]string{"documents", "current"}, materialised...), spotcheckTables...) {
		if _, err := x.ExecContext(ctx, "DROP TABLE IF EXISTS mat_"+t); err != nil {
			return fmt.Errorf("drop mat_%s: %w", t, err)
		}
	}
	return nil
}

// invalidateMaterialised marks every document's stored results stale.
func invalidateMaterialised(ctx context.Context, x execer) error {
	if _, err := x.ExecContext(ctx, `DELETE FROM mat_documents`); err != nil {
		return fmt.Errorf("invalidate materialised results: %w", err)
	}
	return nil
}

// staleDocuments selects, in id order, the documents whose results are not
// stored as they are now: never stored, or stored when the document had a
// different number of report_items rows (the loader appends findings to an
// earlier document, e.g. version_conflict on the version that stays current).
const staleDocuments = `WITH n AS (SELECT document_id, count(*) AS items FROM report_items GROUP BY document_id)
	SELECT d.document_id FROM documents d
	LEFT JOIN n ON n.document_id = d.document_id
	LEFT JOIN mat_documents m ON m.document_id = d.document_id
	WHERE m.document_id IS NULL OR m.items <> coalesce(n.items, 0)`

// maxRanges bounds the id ranges one refresh computes: each costs the
// planning of every definition (≈ 1 s), so distant stale documents are
// merged into one range (recomputing stored documents between them is
// harmless).
const maxRanges = 4

// idRanges groups sorted ids into at most maxRanges [lo, hi] ranges, merging
// across the smallest gaps first.
func idRanges(ids []int64) [][2]int64 {
	var rs [][2]int64
	for _, id := range ids {
		if n := len(rs); n > 0 && id == rs[n-1][1]+1 {
			rs[n-1][1] = id
			continue
		}
		rs = append(rs, [2]int64{id, id})
	}
	for len(rs) > maxRanges {
		best := 0
		for i := 1; i < len(rs)-1; i++ {
			if rs[i+1][0]-rs[i][1] < rs[best+1][0]-rs[best][1] {
				best = i
			}
		}
		rs[best][1] = rs[best+1][1]
		rs = append(rs[:best+1], rs[best+2:]...)
	}
	return rs
}

// refreshMaterialised stores the results of the stale documents and
// snapshots the current evaluations, inside tx.
func refreshMaterialised(ctx context.Context, tx querier) error {
	rows, err := tx.QueryContext(ctx, staleDocuments+` ORDER BY 1`)
	if err != nil {
		return fmt.Errorf("materialise: stale documents: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("materialise: stale documents: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("materialise: stale documents: %w", err)
	}
	for _, r := range idRanges(ids) {
		// Literal bounds (not parameters): DuckDB pushes a constant range
		// through the definitions into the scans of documents and report_items.
		where := fmt.Sprintf("document_id BETWEEN %d AND %d", r[0], r[1])
		for _, t := range materialised {
			if _, err := tx.ExecContext(ctx, "DELETE FROM mat_"+t+" WHERE "+where); err != nil {
				return fmt.Errorf("materialise %s: %w", t, err)
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO mat_"+t+" SELECT * FROM "+refreshSource(t)+" WHERE "+where); err != nil {
				return fmt.Errorf("materialise %s: %w", t, err)
			}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM mat_documents WHERE "+where); err != nil {
			return fmt.Errorf("materialise: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO mat_documents
			SELECT d.document_id, (SELECT count(*) FROM report_items i WHERE i.document_id = d.document_id)
			FROM documents d WHERE d.`+where); err != nil {
			return fmt.Errorf("materialise: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM mat_current`); err != nil {
		return fmt.Errorf("materialise current evaluations: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO mat_current
		SELECT e.document_id, e.unit_id, e.fiscal_year, d.scheme FROM evaluations e JOIN documents d USING (document_id)`); err != nil {
		return fmt.Errorf("materialise current evaluations: %w", err)
	}
	return refreshSpotcheck(ctx, tx)
}

// repairMaterialised refreshes (with the aggregates and a new data version)
// when some document's results are not stored as it is now: after a crash
// between a commit and the refresh, or after the views, schemes or labels
// changed.
func (w *DB) repairMaterialised(ctx context.Context) error {
	var stale bool
	if err := w.db.QueryRowContext(ctx, `SELECT EXISTS (`+staleDocuments+`)`).Scan(&stale); err != nil {
		return fmt.Errorf("materialise: stale documents: %w", err)
	}
	if !stale {
		return nil
	}
	_, err := w.RefreshAggregates(ctx)
	return err
}

// SyncMetricLabels replaces metric_labels with the dictionary's Chinese label
// of every metric code (v_measures.label of narrative metrics), and
// recomputes the stored measures when the labels changed.
func (w *DB) SyncMetricLabels(ctx context.Context, dict *kpi.Dictionary) error {
	entries := dict.Entries()
	rows := make([][]any, 0, len(entries))
	parts := make([]string, 0, 3*len(entries))
	for _, e := range entries {
		rows = append(rows, []any{e.Code, e.Label, nullString(e.Unit)})
		parts = append(parts, e.Code, e.Label, e.Unit)
	}
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sync metric labels: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after commit
	changed, err := swapStamp(ctx, tx, stampLabels, stamp(parts...))
	if err != nil {
		return fmt.Errorf("sync metric labels: %w", err)
	}
	if !changed {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM metric_labels`); err != nil {
		return fmt.Errorf("sync metric labels: %w", err)
	}
	if err := insertRows(ctx, tx, batch{"metric_labels", []string{"code", "label", "unit"}, rows}); err != nil {
		return fmt.Errorf("sync metric labels: %w", err)
	}
	if err := invalidateMaterialised(ctx, tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sync metric labels: %w", err)
	}
	return w.repairMaterialised(ctx)
}

// SyncReference brings the warehouse's copies of the binary's reference data
// up to date at the start of an ETL run: the scoring schemes and the metric
// labels.
func (w *DB) SyncReference(ctx context.Context, cat *scheme.Catalog, dict *kpi.Dictionary) error {
	if err := w.SyncSchemes(ctx, cat); err != nil {
		return err
	}
	return w.SyncMetricLabels(ctx, dict)
}
