package sql

import (
	"context"
	"fmt"
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
