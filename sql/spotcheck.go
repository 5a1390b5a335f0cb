package sql

import (
	"context"
	gosql "database/sql"
	"fmt"
	"time"
)

// The spot-check across reports (sql/views/045_spotcheck.sql) compares each
// current evaluation with others: its unit's previous years and the other
// units of its year. A new report changes the results of reports loaded
// before it (the next year's comparison with its previous year, the same
// year's closest other unit), so unlike the per-document results these are
// recomputed whole at every refresh, after mat_current: a join of sentence
// fingerprints and of per-document figures already stored, linear in the
// number of reports (README, Benchmarks: reuse at 10,000 reports).

// spotcheckTables are the derived tables the refresh rewrites, in order
// (mat_reuse is summed from mat_reuse_passages; the findings read both).
var spotcheckTables = []string{"reuse_passages", "reuse", "cross_findings"}

// refreshSpotcheck rewrites the spot-check tables inside tx.
func refreshSpotcheck(ctx context.Context, tx execer) error {
	for _, t := range spotcheckTables {
		if _, err := tx.ExecContext(ctx, "DELETE FROM mat_"+t); err != nil {
			return fmt.Errorf("spot-check %s: %w", t, err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO mat_"+t+" SELECT * FROM "+t+"_def"); err != nil {
			return fmt.Errorf("spot-check %s: %w", t, err)
		}
	}
	return nil
}

// SpotcheckTiming is what BenchmarkViews reports for the spot-check refresh.
type SpotcheckTiming struct {
	Sentences int64   // narrative sentences of the current evaluations
	Scan      float64 // ms to read them once with their fingerprints (the baseline)
	Reuse     float64 // ms to compute the copied passages and the shares
	Findings  float64 // ms to compute the findings across reports
}

// TimeSpotcheck recomputes the spot-check tables in a transaction it rolls
// back, timing each step beside a plain scan of the sentences (benchmarks).
func (w *DB) TimeSpotcheck(ctx context.Context) (SpotcheckTiming, error) {
	var t SpotcheckTiming
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return t, fmt.Errorf("time spot-check: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // always rolled back
	start := time.Now()
	var sum gosql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT count(*), sum(n.hash % 1000) FROM mat_current c
		JOIN narrative_sentences n ON n.document_id = c.document_id`).Scan(&t.Sentences, &sum); err != nil {
		return t, fmt.Errorf("time spot-check: %w", err)
	}
	t.Scan = ms(time.Since(start))
	steps := []*float64{&t.Reuse, &t.Reuse, &t.Findings}
	for i, name := range spotcheckTables {
		start := time.Now()
		if _, err := tx.ExecContext(ctx, "DELETE FROM mat_"+name); err != nil {
			return t, fmt.Errorf("time spot-check: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO mat_"+name+" SELECT * FROM "+name+"_def"); err != nil {
			return t, fmt.Errorf("time spot-check: %w", err)
		}
		*steps[i] += ms(time.Since(start))
	}
	return t, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
