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
	Sentences    []Sentence    `json:"sentences"` // the narrative, in reading order
	Sources      []ReuseSource `json:"sources"`
}

// Sentence is one narrative sentence; Copied lists the sources it is found in.
type Sentence struct {
	Order  int      `json:"order"`
	Block  int      `json:"block"`
	Text   string   `json:"text"`
	Copied []string `json:"copied,omitempty"` // previous_year, other_unit
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
	// SourceSentences is the source's narrative (in scope only), Copied
	// marking the sentences this evaluation shares with it.
	SourceSentences []Sentence `json:"source_sentences,omitempty"`
}

// ReusePassages is one copied sentence and the source's sentence it matches.
type ReusePassages struct {
	Order       int     `json:"order"`
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
	copied := map[int][]string{}
	srcCopied := make([][]int, len(out.Sources))
	for i := range out.Sources {
		src := &out.Sources[i]
		prows, err := w.db.QueryContext(ctx, `SELECT sentence_order, block, text, source_block, source_text, source_sentence_order
			FROM v_reuse_passages WHERE evaluation_id = ? AND source = ? ORDER BY sentence_order`, id, src.Source)
		if err != nil {
			return nil, fmt.Errorf("reuse of evaluation %d: %w", id, err)
		}
		for prows.Next() {
			var p ReusePassages
			var sb, so int
			var st string
			if err := prows.Scan(&p.Order, &p.Block, &p.Text, &sb, &st, &so); err != nil {
				prows.Close()
				return nil, fmt.Errorf("reuse of evaluation %d: %w", id, err)
			}
			if src.SourceUnit != nil {
				p.SourceBlock, p.SourceText = &sb, &st
			}
			src.Passages = append(src.Passages, p)
			copied[p.Order] = append(copied[p.Order], src.Source)
			if src.SourceUnit != nil {
				srcCopied[i] = append(srcCopied[i], so)
			}
		}
		prows.Close()
		if err := prows.Err(); err != nil {
			return nil, fmt.Errorf("reuse of evaluation %d: %w", id, err)
		}
	}
	if out.Sentences, err = w.sentences(ctx, id, copied); err != nil {
		return nil, err
	}
	for i := range out.Sources {
		src := &out.Sources[i]
		if src.SourceEvaluationID == nil {
			continue
		}
		mark := map[int][]string{}
		for _, o := range srcCopied[i] {
			mark[o] = []string{src.Source}
		}
		if src.SourceSentences, err = w.sentences(ctx, *src.SourceEvaluationID, mark); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// sentences reads document id's narrative sentences, each with the sources
// copied names for its order.
func (w *DB) sentences(ctx context.Context, id int64, copied map[int][]string) ([]Sentence, error) {
	rows, err := w.db.QueryContext(ctx, `SELECT sentence_order, block, text FROM narrative_sentences
		WHERE document_id = ? ORDER BY sentence_order`, id)
	if err != nil {
		return nil, fmt.Errorf("sentences of document %d: %w", id, err)
	}
	defer rows.Close()
	out := []Sentence{}
	for rows.Next() {
		var s Sentence
		if err := rows.Scan(&s.Order, &s.Block, &s.Text); err != nil {
			return nil, fmt.Errorf("sentences of document %d: %w", id, err)
		}
		s.Copied = copied[s.Order]
		out = append(out, s)
	}
	return out, rows.Err()
}
