package parse

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"jixiao/etl/cjk"
	"jixiao/report"
)

// Covers and tables whose cells became lines: a cover form prints each label
// and its value on lines (or in cells) of their own ("人员编制" / "36" /
// "实有人数" / "31"), and a table copied out of a PDF or Word puts every cell
// on its own line ("编制数" / "实际在职人数" / "控制率" / "35" / "33" / "94.3%").
// Both are runs of single items: labels then values. A run of n labels
// followed by n values pairs them in order (a cover is the case n = 1); a
// run of n labels followed by a different number of values is ambiguous —
// the value of a label left blank would otherwise be taken from the next
// label — and leaves every figure of the run nil with a layout_ambiguous
// finding. A run of labels followed by one row of n values (a header split
// into lines over a value line) pairs the same way.

// coverLabels are the cover's text fields: the unit's name and the
// evaluated year, written as a label and a value.
var (
	coverUnitLabelRE = regexp.MustCompile(`^(?:部门\(单位\)(?:名称|全称)|部门(?:名称|全称)|单位(?:名称|全称)|填报单位|预算单位|评价单位|被评价单位|项目单位|部门\(单位\))(?:\((?:盖章|公章)\))?:?$`)
	// sealMarkRE is the seal mark after a unit's name on a cover: "（公章）".
	sealMarkRE       = regexp.MustCompile(`\((?:公章|盖章|签章|印章)\)$`)
	coverYearLabelRE = regexp.MustCompile(`^(?:评价年度|所属年度|预算年度|评价期间|自评年度|评价年份)[:]?$`)
	coverYearValueRE = regexp.MustCompile(`^(20\d\d)(?:年度?)?(?:[-至~]\S*)?$`)
)

// coverFacts are what a cover says outside the figures: the unit and year.
type coverFacts struct {
	unit   string
	unitEv *report.Evidence
	year   int
	yearEv *report.Evidence
	// score and grade are the cover's conclusion (layout_score.go).
	score   *float64
	scoreEv *report.Evidence
	grade   string
	gradeEv *report.Evidence
}

// readSingles reads the run of single items starting at items[at]; it
// returns the index of the last item used (at when there is no run).
func (p *parser) readSingles(items []layoutItem, at int, out *[]layoutFigure, cover *coverFacts) int {
	var labels, values []singleEntry
	flush := func() {
		defer func() { labels, values = nil, nil }()
		if len(labels) == 0 || len(values) == 0 {
			return
		}
		cols := make([]layoutColumn, len(labels))
		for i, l := range labels {
			h := readHeaderLabel(l.text)
			f, ok := lookupLabel(h.key)
			cols[i] = layoutColumn{label: compact(l.text), field: f, known: ok, unit: h.unit, year: h.year}
		}
		all := append(append([]layoutItem(nil), itemsOf(labels)...), itemsOf(values)...)
		ev := joinEvidence(all)
		if len(values) != len(labels) {
			p.ambiguous(cols, ev, fmt.Sprintf("%d个标签后有%d个数值，无法逐项对应", len(labels), len(values)),
				fmt.Sprintf("%d个标签/%d个数值", len(labels), len(values)))
			return
		}
		vs := make([]string, len(values))
		for i, v := range values {
			vs[i] = v.text
		}
		unit, conflict := tableUnitOf(items, at, nil)
		if len(labels) == 1 {
			// A cover's pair: its own evidence.
			ev = joinEvidence([]layoutItem{labels[0].it, values[0].it})
		}
		p.columnFigures(cols, vs, unit, conflict, ev, out)
	}
	k := at
	for ; k < len(items); k++ {
		it := items[k]
		s, one := it.single()
		if it.form {
			break
		}
		if !one {
			// Labels over one row of values.
			if len(labels) > 0 && len(values) == 0 && len(it.cells) == len(labels) && valueRow(it, nil) {
				for _, c := range it.cells {
					values = append(values, singleEntry{c, it})
				}
				continue
			}
			break
		}
		if p.coverText(items, k, s, cover) {
			flush()
			k++ // the value
			continue
		}
		switch {
		case isValueCell(s):
			if len(labels) == 0 {
				return max(at, k-1)
			}
			values = append(values, singleEntry{s, it})
		case runeLen(s) <= maxLabelRunes && isLabelCell(s):
			if _, known := lookupLabel(readHeaderLabel(s).key); !known {
				flush()
				return max(at, k-1)
			}
			if len(values) > 0 {
				flush()
			}
			labels = append(labels, singleEntry{s, it})
		default:
			flush()
			return max(at, k-1)
		}
	}
	flush()
	return max(at, k-1)
}

// maxLabelRunes bounds a label standing on its own line.
const maxLabelRunes = 16

// singleEntry is one label or value of a run, with its item.
type singleEntry struct {
	text string
	it   layoutItem
}

func itemsOf(es []singleEntry) []layoutItem {
	out := make([]layoutItem, len(es))
	for i, e := range es {
		out[i] = e.it
	}
	return out
}

// orgName reports whether a cover's value (normalised) reads as a unit's
// name: 4 to 30 characters, Han only (brackets aside), ending as units do.
func orgName(name string) bool {
	name = sealMarkRE.ReplaceAllString(name, "")
	return runeLen(name) >= 4 && runeLen(name) <= 30 && hanOnly(strings.NewReplacer("(", "", ")", "").Replace(name)) && orgSuffixRE.MatchString(name)
}

// coverText reads a cover's text field at items[k]: a unit or year label
// whose value is the next item. It reports whether it took one.
func (p *parser) coverText(items []layoutItem, k int, s string, cover *coverFacts) bool {
	if k+1 >= len(items) {
		return false
	}
	label := norm(s)
	next, one := items[k+1].single()
	if !one {
		return false
	}
	switch {
	case coverUnitLabelRE.MatchString(label):
		name := norm(next)
		if !orgName(name) {
			return false
		}
		if cover.unit == "" {
			cover.unit, cover.unitEv = sealMarkRE.ReplaceAllString(name, ""), joinEvidence(items[k:k+2])
		}
		return true
	case coverYearLabelRE.MatchString(label):
		m := coverYearValueRE.FindStringSubmatch(norm(next))
		if m == nil {
			return false
		}
		if cover.year == 0 {
			cover.year, _ = strconv.Atoi(m[1])
			cover.yearEv = joinEvidence(items[k : k+2])
		}
		return true
	}
	return p.coverConclusion(items, k, strings.TrimRight(label, ":"), cover)
}

// coverUnitPair reads a unit's name from a row of label–value cells: "单位 |
// XX社 | | …" heading a web table exported with bars, "部门（单位）名称 | XX局
// | 联系人 | …". The value must read as a unit's name ("单位 | 万元" is none);
// the first such row wins, as for a cover's lines.
func (p *parser) coverUnitPair(it layoutItem, cover *coverFacts) {
	if cover.unit != "" || it.form || len(it.cells) < 2 || len(it.cells) > maxLayoutCells {
		return
	}
	for i := 0; i+1 < len(it.cells); i++ {
		if c := it.cells[i]; !cjk.Contains(c, "单位") && !cjk.Contains(c, "部门") || labelTooLong(c) {
			continue // the common case, decided without normalising
		}
		label := norm(it.cells[i])
		if label != "单位" && label != "单位:" && !coverUnitLabelRE.MatchString(label) {
			continue
		}
		if name := norm(it.cells[i+1]); orgName(name) {
			cover.unit, cover.unitEv = sealMarkRE.ReplaceAllString(name, ""), it.ev()
			return
		}
	}
}
