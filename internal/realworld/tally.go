package realworld

import (
	"fmt"
	"sort"
	"strings"
)

// Tally adds up outcomes per group (a layout family, a format).
type Tally struct {
	Docs                      int
	Expected, Returned, Right int
	// HeldOut counts expected figures of documents refused by decision
	// that such a document never returns (Outcome.HoldOut).
	HeldOut int
	// Wrong lists "document: key: want …, got …" for every wrong figure.
	Wrong []string
	// Failed counts documents the pipeline refused (no figures returned).
	Failed int
	// MissedKeys counts, per figure key (a bracketed name folded to its
	// kind: "indicator[…]"), how often an expected figure was not returned.
	MissedKeys map[string]int
}

// Add counts one document's outcome.
func (t *Tally) Add(doc string, o Outcome, failed bool) {
	t.Docs++
	t.Expected += o.Expected
	t.Returned += o.Returned
	t.Right += o.Right
	t.HeldOut += len(o.HeldOut)
	for _, w := range o.Wrong {
		t.Wrong = append(t.Wrong, doc+": "+w)
	}
	if failed {
		t.Failed++
	}
	for _, m := range o.Missed {
		key, _, _ := strings.Cut(m, ":")
		if pm := patternKey.FindStringSubmatch(key); pm != nil {
			key = pm[1] + "[…]"
		}
		if t.MissedKeys == nil {
			t.MissedKeys = map[string]int{}
		}
		t.MissedKeys[key]++
	}
}

// MissedSummary lists the most often missed figure keys, most first:
// "key ×n, …" (at most limit of them).
func (t *Tally) MissedSummary(limit int) string {
	keys := make([]string, 0, len(t.MissedKeys))
	for k := range t.MissedKeys {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if a, b := t.MissedKeys[keys[i]], t.MissedKeys[keys[j]]; a != b {
			return a > b
		}
		return keys[i] < keys[j]
	})
	if len(keys) > limit {
		keys = keys[:limit]
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s ×%d", k, t.MissedKeys[k])
	}
	return strings.Join(parts, ", ")
}

// Recall is figures right of the figures there (1 when the text holds none).
func (t *Tally) Recall() float64 {
	if t.Expected == 0 {
		return 1
	}
	return float64(t.Right) / float64(t.Expected)
}

// ScopedRecall is figures right of the figures there that the pipeline
// returns for the document's type: the held-out figures of documents
// refused by decision left out (1 when none is left).
func (t *Tally) ScopedRecall() float64 {
	if t.Expected-t.HeldOut <= 0 {
		return 1
	}
	return float64(t.Right) / float64(t.Expected-t.HeldOut)
}

// Precision is figures right of the figures returned (1 when none returned:
// returning nothing is never wrong).
func (t *Tally) Precision() float64 {
	if t.Returned == 0 {
		return 1
	}
	return float64(t.Right) / float64(t.Returned)
}

// AllGroup is the group name of the total over every document; its wrong
// figures are not listed again (each is listed under its own group).
const AllGroup = "(all)"

// Tallies is a set of tallies by group name.
type Tallies map[string]*Tally

// Get returns the group's tally, creating it.
func (ts Tallies) Get(group string) *Tally {
	t := ts[group]
	if t == nil {
		t = &Tally{}
		ts[group] = t
	}
	return t
}

// Table prints the tallies as a Markdown table, groups sorted by name, with
// every wrong figure listed under it. "held out" counts the figures of
// documents refused by decision beyond their identity; "recall in scope"
// leaves them out of the figures there.
func (ts Tallies) Table(title string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s\n\n| group | docs | refused | figures there | returned | right | recall | precision | held out | recall in scope |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n", title)
	groups := make([]string, 0, len(ts))
	for g := range ts {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	for _, g := range groups {
		t := ts[g]
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d | %.1f %% | %.1f %% | %d | %.1f %% |\n", g, t.Docs, t.Failed, t.Expected, t.Returned, t.Right, 100*t.Recall(), 100*t.Precision(), t.HeldOut, 100*t.ScopedRecall())
	}
	if all := ts[AllGroup]; all != nil && len(all.MissedKeys) > 0 {
		fmt.Fprintf(&b, "\nmost missed figures: %s\n", all.MissedSummary(12))
	}
	for _, g := range groups {
		if w := ts[g].Wrong; len(w) > 0 && g != AllGroup {
			fmt.Fprintf(&b, "\nwrong figures in %s:\n", g)
			for _, line := range w {
				fmt.Fprintf(&b, "  - %s\n", line)
			}
		}
	}
	return b.String()
}
