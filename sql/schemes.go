package sql

import (
	"context"
	"fmt"

	"jixiao/etl/scheme"
)

// SyncSchemes replaces the scheme tables with the catalog's schemes in one
// transaction, so the SQL indicator engine scores with exactly the YAML this
// binary embeds. When the schemes differ from those the stored results were
// computed with, the results are recomputed; so are any a crash left behind.
func (w *DB) SyncSchemes(ctx context.Context, cat *scheme.Catalog) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sync schemes: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after commit
	for _, t := range []string{"schemes", "scheme_levels", "scheme_grades", "scheme_indicators", "scheme_formula_terms", "scheme_rule_steps"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return fmt.Errorf("sync schemes: clear %s: %w", t, err)
		}
	}
	var schemes, levels, grades, inds, terms, steps [][]any
	for _, id := range cat.IDs() {
		s, _ := cat.Scheme(id)
		schemes = append(schemes, []any{s.ID, s.Name, nullString(s.Region), nullString(s.Source), s.Unweighted})
		// An unweighted scheme's points are NULL, never 0: the engine then
		// takes the maximum the report states.
		points := func(v float64) any {
			if s.Unweighted {
				return nil
			}
			return v
		}
		for _, l := range s.Levels {
			levels = append(levels, []any{s.ID, l.Name, points(l.Max)})
		}
		for _, g := range s.Grades {
			grades = append(grades, []any{s.ID, g.Grade, g.Min})
		}
		for _, ind := range s.Indicators {
			var text, scale any
			if f := ind.Formula; f != nil {
				text, scale = f.Text, f.Scale
				if f.Scale == 0 {
					scale = 1.0
				}
				for _, t := range f.Numerator {
					terms = append(terms, []any{s.ID, ind.Code, "num", t.Figure, termWeight(t)})
				}
				for _, t := range f.Denominator {
					terms = append(terms, []any{s.ID, ind.Code, "den", t.Figure, termWeight(t)})
				}
			}
			r := ind.Rule
			inds = append(inds, []any{s.ID, ind.Code, ind.Name, ind.Level1, nullString(ind.Level2), points(ind.Max), text, scale,
				r.Type, nullString(r.Op), num(r.Limit), r.PerPoint, num(r.Else)})
			for i, st := range r.Steps {
				steps = append(steps, []any{s.ID, ind.Code, i + 1, st.Op, st.Limit, st.Points})
			}
		}
	}
	changed, err := swapStamp(ctx, tx, stampSchemes, stamp(fmt.Sprint(schemes, levels, grades, inds, terms, steps)))
	if err != nil {
		return fmt.Errorf("sync schemes: %w", err)
	}
	if changed {
		if err := invalidateMaterialised(ctx, tx); err != nil {
			return err
		}
	}
	for _, b := range []batch{
		{"schemes", []string{"scheme_id", "name", "region", "source", "unweighted"}, schemes},
		{"scheme_levels", []string{"scheme_id", "level1", "max_points"}, levels},
		{"scheme_grades", []string{"scheme_id", "grade", "min_score"}, grades},
		{"scheme_indicators", []string{"scheme_id", "code", "name", "level1", "level2", "max_points", "formula_text", "scale",
			"rule_type", "rule_op", "rule_limit", "rule_per_point", "rule_else"}, inds},
		{"scheme_formula_terms", []string{"scheme_id", "code", "part", "figure", "weight"}, terms},
		{"scheme_rule_steps", []string{"scheme_id", "code", "step_no", "op", "limit_value", "points"}, steps},
	} {
		if err := insertRows(ctx, tx, b); err != nil {
			return fmt.Errorf("sync schemes: %s: %w", b.table, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sync schemes: %w", err)
	}
	return w.repairMaterialised(ctx)
}

// termWeight is a term's weight; omitted (0) means 1.
func termWeight(t scheme.Term) float64 {
	if t.Weight == 0 {
		return 1
	}
	return t.Weight
}
