package sql

import (
	"context"
	gosql "database/sql"
	"errors"
	"fmt"
)

// Reuse is what GET /api/v1/evaluations/{id}/reuse answers: how much of one
// current evaluation's narrative is copied from the unit's previous year and
// from the closest other unit of the same year, with the sentences side by side.
type Reuse struct {
	EvaluationID int64         `json:"evaluation_id"`
	Unit         string        `json:"unit"`
	FiscalYear   int           `json:"fiscal_year"`
	Sources      []ReuseSource `json:"sources"`
}

// ReuseSource is one compared report. A source outside the caller's scope
// (another unit's report for a unit-scoped token) is named by its share only:
// its unit, id and sentences are left out.
type ReuseSource struct {
	Source             string          `json:"source"` // previous_year | other_unit
	SourceEvaluationID *int64          `json:"source_evaluation_id"`
	SourceUnit         *string         `json:"source_unit"`
	SourceFiscalYear   int             `json:"source_fiscal_year"`
	Sentences          int             `json:"sentences"`
	CopiedSentences    int             `json:"copied_sentences"`
	SharePct           float64         `json:"share_pct"`
	Passages           []ReusePassages `json:"passages"`
}

// ReusePassages is one copied sentence and the source's sentence it matches.
type ReusePassages struct {
	Block       int     `json:"block"`
	Text        string  `json:"text"`
	SourceBlock *int    `json:"source_block"`
	SourceText  *string `json:"source_text"`
}

// EvaluationReuse reads the reuse of current evaluation id inside the scope;
// ErrNotFound when there is no such current evaluation or it lies outside.
func (w *DB) EvaluationReuse(ctx context.Context, id int64, s Scope) (*Reuse, error) {
	cond, args := scopeCond(s, "unit")
	out := &Reuse{EvaluationID: id, Sources: []ReuseSource{}}
	err := w.db.QueryRowContext(ctx, `SELECT unit, fiscal_year FROM v_evaluations WHERE evaluation_id = ? AND `+cond,
		append([]any{id}, args...)...).Scan(&out.Unit, &out.FiscalYear)
	if err != nil {
		if errors.Is(err, gosql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("reuse of evaluation %d: %w", id, err)
	}
	srcCond, srcArgs := scopeCond(s, "source_unit")
	rows, err := w.db.QueryContext(ctx, `SELECT source, source_evaluation_id, source_unit, source_fiscal_year, sentences,
		copied_sentences, share_pct, `+srcCond+` AS visible
		FROM v_reuse WHERE evaluation_id = ? ORDER BY source DESC`, append(srcArgs, id)...)
	if err != nil {
		return nil, fmt.Errorf("reuse of evaluation %d: %w", id, err)
	}
	for rows.Next() {
		var r ReuseSource
		var srcID int64
		var unit string
		var visible bool
		if err := rows.Scan(&r.Source, &srcID, &unit, &r.SourceFiscalYear, &r.Sentences, &r.CopiedSentences, &r.SharePct, &visible); err != nil {
			rows.Close()
			return nil, fmt.Errorf("reuse of evaluation %d: %w", id, err)
		}
		if visible {
			r.SourceEvaluationID, r.SourceUnit = &srcID, &unit
		}
		out.Sources = append(out.Sources, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reuse of evaluation %d: %w", id, err)
	}
	for i := range out.Sources {
		src := &out.Sources[i]
		prows, err := w.db.QueryContext(ctx, `SELECT block, text, source_block, source_text FROM v_reuse_passages
			WHERE evaluation_id = ? AND source = ? ORDER BY sentence_order`, id, src.Source)
		if err != nil {
			return nil, fmt.Errorf("reuse of evaluation %d: %w", id, err)
		}
		for prows.Next() {
			var p ReusePassages
			var sb int
			var st string
			if err := prows.Scan(&p.Block, &p.Text, &sb, &st); err != nil {
				prows.Close()
				return nil, fmt.Errorf("reuse of evaluation %d: %w", id, err)
			}
			if src.SourceUnit != nil {
				p.SourceBlock, p.SourceText = &sb, &st
			}
			src.Passages = append(src.Passages, p)
		}
		prows.Close()
		if err := prows.Err(); err != nil {
			return nil, fmt.Errorf("reuse of evaluation %d: %w", id, err)
		}
	}
	return out, nil
}
