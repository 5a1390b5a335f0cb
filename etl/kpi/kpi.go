// Package kpi pulls narrative metrics, declared targets and investment-promotion
// events out of a report's sentences, and raises the findings that can only be
// seen in the text (malformed numbers, template residue, false comparisons, year
// mix-ups, one quantity written with two values, parts that exceed their
// total). What to look for is data: the YAML dictionary under dictionary/ (see
// its README.md), so that other kinds of unit add their own entries without
// code changes. The package knows no database and no HTTP.
//
// Extract runs on every report of a bulk load, so it is built to touch each
// byte once: one pass splits a paragraph into sentences and notes which
// dictionary literals each holds (text.go, literals.go); a pattern or check
// runs only on sentences holding the literals every match needs, and its
// regular expression is tried only where a match can start (match.go).
package kpi

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"jixiao/etl/cjk"
	"jixiao/etl/extract"
	"jixiao/etl/number"
	"jixiao/report"
)

// Result is what Extract found in one report.
type Result struct {
	Metrics  []report.Metric  `json:"metrics"`
	Targets  []report.Target  `json:"targets"`
	Events   []report.Event   `json:"events"`
	Findings []report.Finding `json:"findings"`
}

// location is where a paragraph or cell sits in the Document.
type location struct {
	block     int
	row, cell int // -1 for paragraphs
}

func (l location) evidence(text string) *report.Evidence {
	ev := &report.Evidence{Text: text, Block: l.block}
	if l.row >= 0 {
		r, c := l.row, l.cell
		ev.Row, ev.Cell = &r, &c
	}
	return ev
}

// Extract scans every paragraph and table cell of doc. fiscalYear is the year the
// report evaluates: it completes event dates written without a year and is the
// reference for year_mismatch (0 means unknown and turns that check off). It
// never panics; a nil document gives an empty Result.
func (d *Dictionary) Extract(doc *extract.Document, fiscalYear int) Result {
	s := &scanner{
		d:    d,
		year: fiscalYear,
		res: Result{
			Metrics:  []report.Metric{},
			Targets:  []report.Target{},
			Events:   []report.Event{},
			Findings: []report.Finding{},
		},
		seenTarget:  map[string]bool{},
		seenEvent:   map[string]bool{},
		seenFinding: map[string]bool{},
		values:      map[string][]metricSeen{},
	}
	if d == nil || doc == nil {
		return s.res
	}
	for bi, b := range doc.Blocks {
		if b.Table != nil && b.Kind != extract.Paragraph {
			s.table(bi, b.Table)
			continue
		}
		s.unit(b.Text, location{block: bi, row: -1, cell: -1}, false)
	}
	s.sameQuantity()
	return s.res
}

type scanner struct {
	d    *Dictionary
	year int
	res  Result

	seenTarget  map[string]bool
	seenEvent   map[string]bool
	seenFinding map[string]bool
	// values keeps, per code and period, the distinct values in document order.
	values    map[string][]metricSeen
	valueKeys []string

	sents sentences // of the current paragraph or cell
}

type metricSeen struct {
	value float64
	text  string
	ev    *report.Evidence
}

// table scans the cells of a table. A cell whose text is a targets-section label
// (年度主要工作内容) makes the cells after it in the same row target text.
func (s *scanner) table(bi int, t *extract.Table) {
	for ri, row := range t.Rows {
		target := false
		for ci, c := range row.Cells {
			if c.Merged {
				continue
			}
			if s.isSectionLabel(c.Text) {
				target = true
				continue
			}
			s.unit(c.Text, location{block: bi, row: ri, cell: ci}, target)
		}
	}
}

// maxLabelBytes bounds the cells tested as section labels: labels are short.
const maxLabelBytes = 120

func (s *scanner) isSectionLabel(text string) bool {
	if len(text) > maxLabelBytes {
		return false
	}
	c := compact(text)
	if c == "" {
		return false
	}
	// The cell's runes are counted only for a section it names: most
	// cells (figures) name none.
	for _, sec := range s.d.scope.sections {
		if cjk.Contains(c, sec) && utf8.RuneCountInString(c) <= utf8.RuneCountInString(sec)+6 {
			return true
		}
	}
	return false
}

// unit scans one paragraph or cell.
func (s *scanner) unit(text string, loc location, target bool) {
	if strings.TrimSpace(text) == "" {
		return
	}
	if !s.sents.split(text, target, &s.d.scope, s.d.lits) {
		// Invalid UTF-8 is read as U+FFFD, like every other reader does.
		text = strings.ToValidUTF8(text, "\uFFFD")
		s.sents.split(text, target, &s.d.scope, s.d.lits)
	}
	sents := s.sents.list
	for i := range sents {
		se := &sents[i]
		if se.target {
			s.targets(se, loc)
		} else {
			s.metrics(se, loc)
		}
		s.textFindings(se, loc)
	}
	s.events(text, sents, loc)
}

// match is one pattern match read into a value.
type match struct {
	value     float64
	qualifier string
	text      string // the value as written
	period    string
	va, vb    int // value span in norm
}

// read turns a pattern match into a value; ok is false when it cannot be read
// or converted. (A malformed number such as 40.3.亿元 never matches {value}.)
func (p *pattern) read(e *entry, se *sentence, m []int) (match, bool) {
	group := func(i int) string {
		if i < 0 || m[2*i] < 0 {
			return ""
		}
		return se.norm[m[2*i]:m[2*i+1]]
	}
	if p.value < 0 || m[2*p.value] < 0 {
		return match{}, false
	}
	v, err := number.ParseDecimal(group(p.num))
	if err != nil {
		return match{}, false
	}
	if e.Unit == moneyUnit {
		w, ok := number.MoneyToWan(v, group(p.unit))
		if !ok {
			return match{}, false
		}
		v = roundMoney(w)
	}
	if p.negate {
		v = -v
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return match{}, false
	}
	mt := match{value: v, va: m[2*p.value], vb: m[2*p.value+1]}
	mt.text = se.origText(mt.va, mt.vb)
	for _, q := range []string{group(p.pre), group(p.post), group(p.qual)} {
		if q != "" {
			mt.qualifier = q
			break
		}
	}
	if per := group(p.period); per != "" {
		mt.period = normalisePeriod(per)
	}
	return mt, true
}

// roundMoney drops the binary noise of 亿元 → 万元 conversions (606.8 × 10000)
// at 0.000001 万元, well below one fen.
func roundMoney(v float64) float64 {
	return math.Round(v*1e6) / 1e6
}

// each calls fn for every match of the entry's patterns in a sentence, once
// per value position even when several patterns find it.
func each(e *entry, pats []*pattern, se *sentence, fn func(match)) {
	var seen []int
	for _, p := range pats {
		if !p.gate.open(se.lits) {
			continue
		}
		for _, m := range p.find.FindAll(se.norm) {
			mt, ok := p.read(e, se, m)
			if !ok || containsInt(seen, mt.va) {
				continue
			}
			seen = append(seen, mt.va)
			fn(mt)
		}
	}
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

func (s *scanner) metrics(se *sentence, loc location) {
	if !se.digit || !maybe(s.d.patKey, se.lits) {
		return
	}
	for _, e := range s.d.entries {
		if !maybe(e.patKey, se.lits) {
			continue
		}
		each(e, e.patterns, se, func(mt match) {
			// A value already seen for this code and period is the same
			// statement repeated (form and narrative): keep the first.
			key := e.Code + "\x00" + mt.period
			if s.seenValue(key, mt.value) {
				return
			}
			ev := loc.evidence(excerpt(se, mt.va, mt.vb))
			if len(s.values[key]) == 0 {
				s.valueKeys = append(s.valueKeys, key)
			}
			s.values[key] = append(s.values[key], metricSeen{value: mt.value, text: mt.text, ev: ev})
			v := mt.value
			s.res.Metrics = append(s.res.Metrics, report.Metric{
				Code: e.Code, Value: &v, Unit: e.Unit, Qualifier: mt.qualifier,
				Text: mt.text, Period: mt.period, Evidence: ev,
			})
		})
	}
}

func (s *scanner) seenValue(key string, v float64) bool {
	for _, m := range s.values[key] {
		if m.value == v {
			return true
		}
	}
	return false
}

// comparatorWindow is how many runes before a target value are searched for
// words such as 不低于 or 控制在.
const comparatorWindow = 6

func (s *scanner) targets(se *sentence, loc location) {
	if !se.digit || !maybe(s.d.tgtKey, se.lits) {
		return
	}
	for _, e := range s.d.entries {
		if !maybe(e.tgtKey, se.lits) {
			continue
		}
		each(e, e.targets, se, func(mt match) {
			cmp := s.comparator(e, se, mt)
			dk := e.Code + "\x00" + cmp + "\x00" + strconv.FormatFloat(mt.value, 'g', -1, 64)
			if s.seenTarget[dk] {
				return
			}
			s.seenTarget[dk] = true
			v := mt.value
			text := excerpt(se, mt.va, mt.vb)
			s.res.Targets = append(s.res.Targets, report.Target{
				Code: e.Code, Text: text, TargetValue: &v, Unit: e.Unit,
				Comparator: cmp, Evidence: loc.evidence(text),
			})
		})
	}
}

// comparator reads 以上/不低于 (>=) and 以下/不超过 (<=) next to the value; the
// longest word found wins, so 不低于 is not read as 低于. Without such a word
// the entry's default applies, else "=".
func (s *scanner) comparator(e *entry, se *sentence, mt match) string {
	before := se.norm[:mt.va]
	if r := []rune(before); len(r) > comparatorWindow {
		before = string(r[len(r)-comparatorWindow:])
	}
	near := before + mt.qualifier
	cmp, best := "", 0
	for _, w := range s.d.scope.atLeast {
		if len(w) > best && cjk.Contains(near, w) {
			cmp, best = ">=", len(w)
		}
	}
	for _, w := range s.d.scope.atMost {
		if len(w) > best && cjk.Contains(near, w) {
			cmp, best = "<=", len(w)
		}
	}
	switch {
	case cmp != "":
		return cmp
	case e.Comparator != "":
		return e.Comparator
	}
	return "="
}

// sameQuantity raises one finding per extra value of a code (and period) that
// the report states with two or more different values.
func (s *scanner) sameQuantity() {
	for _, key := range s.valueKeys {
		vals := s.values[key]
		if len(vals) < 2 {
			continue
		}
		code, period, _ := strings.Cut(key, "\x00")
		label := code
		if e, ok := s.d.Lookup(code); ok {
			label = e.Label
		}
		if period != "" {
			label += "（" + period + "）"
		}
		first := vals[0]
		for _, other := range vals[1:] {
			s.addFinding(report.Finding{
				Rule:     "same_quantity_two_values",
				Severity: "warning",
				Message:  fmt.Sprintf("同一指标“%s”在报告中出现不同数值：%s 与 %s，请核实", label, first.text, other.text),
				Expected: first.text,
				Found:    other.text,
				Evidence: other.ev,
			})
		}
	}
}

// addFinding records a finding once per rule, found text and evidence text: a
// paragraph pasted twice into a report is one problem, not two.
func (s *scanner) addFinding(f report.Finding) {
	key := f.Rule + "\x00" + f.Found + "\x00"
	if f.Evidence != nil {
		key += f.Evidence.Text
	}
	if s.seenFinding[key] {
		return
	}
	s.seenFinding[key] = true
	s.res.Findings = append(s.res.Findings, f)
}
