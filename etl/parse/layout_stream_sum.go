package parse

import (
	"math"
	"strings"
)

// A matrix row that lost a blank cell is ambiguous in general: "公车购置
// 29.46 29.46" under three columns may miss any one of them. But a row
// opening a breakdown ("其中:公车购置") is one of two parts of the row above
// it, and the other part is the row after it (or, for the second part, the
// row before it): the parent's figure minus the sibling's in each column is
// this row's figure there. When those differences are, column by column,
// either nothing (a blank cell) or exactly the row's next figure — using
// every figure of the row, in order — the row's cells are placed by the
// table's own arithmetic. Anything else (a third part, a negative
// difference, a figure left over, a parent or sibling not full) keeps the
// row ambiguous, as before.

// streamRow is one row of a stream's matrix: its label, the label's key,
// and its words (the label first, then its figures).
type streamRow struct {
	label, key string
	toks       []streamToken
}

// values are the row's figures as written.
func (r streamRow) values() []string {
	out := make([]string, 0, len(r.toks))
	for _, t := range r.toks[1:] {
		out = append(out, t.text)
	}
	return out
}

// opensBreakdown reports whether the row is the first part of a breakdown:
// "其中:公车购置", "其中公车购置".
func (r streamRow) opensBreakdown() bool {
	return strings.HasPrefix(norm(r.label), "其中")
}

// amounts are the row's figures as numbers when it has exactly n of them,
// each a plain number (no percentage or head count).
func (r streamRow) amounts(n int) ([]float64, bool) {
	vals := r.values()
	if len(vals) != n {
		return nil, false
	}
	out := make([]float64, n)
	for i, s := range vals {
		lv, ok := readValue(s)
		if !ok || lv.v == nil || (lv.unit != "" && lv.unit != "万元" && lv.unit != "元") {
			return nil, false
		}
		out[i] = *lv.v
	}
	return out, true
}

// sumTolerance is how far a difference may be from a written figure: the
// figures carry two decimals.
const sumTolerance = 0.005

// streamRowBySum places the figures of rows[r] (fewer than n) in the n
// columns by the breakdown's arithmetic; "" is a blank cell.
func streamRowBySum(rows []streamRow, r, n int) ([]string, bool) {
	var parent, sibling int
	switch {
	case rows[r].opensBreakdown() && r >= 1 && r+1 < len(rows):
		parent, sibling = r-1, r+1
	case r >= 2 && rows[r-1].opensBreakdown() && !rows[r].opensBreakdown():
		parent, sibling = r-2, r-1
	default:
		return nil, false
	}
	if r+1 < len(rows) && sibling == r-1 && !rows[r+1].opensBreakdown() && len(rows[r+1].values()) > 0 && !strings.HasPrefix(norm(rows[r+1].label), "其他") {
		// A further row after the second part may be a third part: the
		// breakdown's end cannot be told, so the second part is not placed.
		// (A first part's check needs no such care: its sibling follows it,
		// and a third part would make the differences disagree.)
		return nil, false
	}
	pv, ok := rows[parent].amounts(n)
	if !ok {
		return nil, false
	}
	sv, ok := rows[sibling].amounts(n)
	if !ok {
		return nil, false
	}
	vals := rows[r].values()
	rv := make([]float64, len(vals))
	for i, s := range vals {
		lv, ok := readValue(s)
		if !ok || lv.v == nil {
			return nil, false
		}
		rv[i] = *lv.v
	}
	out := make([]string, n)
	next := 0
	for c := 0; c < n; c++ {
		d := pv[c] - sv[c]
		switch {
		case math.Abs(d) < sumTolerance:
			// A blank cell.
		case d < 0 || next == len(rv) || math.Abs(d-rv[next]) >= sumTolerance:
			return nil, false
		default:
			out[c] = vals[next]
			next++
		}
	}
	if next != len(rv) {
		return nil, false
	}
	return out, true
}
