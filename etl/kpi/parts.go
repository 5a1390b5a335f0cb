package kpi

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"jixiao/etl/cjk"
	"jixiao/etl/number"
	"jixiao/report"
)

// openBrackets open the breakdown of a total: "（" or "(".
var openBrackets = []string{"（", "("}

// maxBreakdownBytes bounds the text searched for the closing bracket: a
// breakdown is a short list, and an unclosed bracket must not cost a scan of
// the rest of a long sentence per bracket.
const maxBreakdownBytes = 600

// arithmetic in a bracket makes it a formula ("（1万元-3万元）÷3万元"), not a
// list of parts. Normalised text: － and ＋ are already - and +.
const arithmetic = "+-×÷=＝*/"

// componentExceedsTotal reports a money total followed by its breakdown in
// brackets whose parts add up to more than the total: "预算数2万元（A费5万元、
// B费0万元）". A comma may stand between the total and the bracket. Only pure
// breakdowns are read: every number in the bracket is an amount of money
// without a qualifier, and the bracket holds no arithmetic and none of the
// dictionary's not_parts words (同比, 增加, …), so that changes, ratios and
// formulas are left alone.
func (s *scanner) componentExceedsTotal(se *sentence, loc location) {
	if !se.lits.anyOf(s.d.yuanIDs) {
		return
	}
	var qs []number.Quantity // read once, on the first bracket after an amount
	for from := 0; from < len(se.norm); {
		open, width := nextOpenBracket(se.norm, from)
		if open < 0 {
			return
		}
		from = open + width
		end := totalEnd(se.norm[:open])
		if end == 0 || !endsWithMoneyUnit(se.norm[:end]) {
			continue
		}
		closing, cw := closeBracket(se.norm, from)
		if closing < 0 {
			continue
		}
		if qs == nil {
			qs = number.Find(se.norm)
		}
		total, parts, ok := breakdown(qs, end, from, closing)
		if !ok || cjk.ContainsAny(se.norm[from:closing], s.d.parts.notParts) || strings.ContainsAny(se.norm[from:closing], arithmetic) {
			continue
		}
		s.addPartsFinding(se, loc, total, parts, closing+cw)
	}
}

// nextOpenBracket returns the offset and width of the next "（" or "(" at or
// after from, or -1.
func nextOpenBracket(s string, from int) (int, int) {
	i := cjk.Index(s[from:], "（")
	j := strings.IndexByte(s[from:], '(')
	switch {
	case i < 0 && j < 0:
		return -1, 0
	case j >= 0 && (i < 0 || j < i):
		return from + j, 1
	}
	return from + i, len("（")
}

// closeBracket returns the offset and width of the bracket that closes one
// opened before from, or -1 when it is not closed nearby or another bracket
// opens first (nested brackets are not read).
func closeBracket(s string, from int) (int, int) {
	limit := min(len(s), from+maxBreakdownBytes)
	for i := from; i < limit; i++ {
		switch {
		case s[i] == ')':
			return i, 1
		case s[i] == '(':
			return -1, 0
		case strings.HasPrefix(s[i:], "）"):
			return i, len("）")
		case strings.HasPrefix(s[i:], "（"):
			return -1, 0
		}
	}
	return -1, 0
}

// totalEnd is where a total before a bracket ends: the text before the bracket
// without trailing spaces and one comma. 0 means there is nothing before it.
func totalEnd(before string) int {
	t := strings.TrimRight(before, " \t")
	if c, ok := strings.CutSuffix(t, "，"); ok {
		t = c
	} else if c, ok := strings.CutSuffix(t, ","); ok {
		t = c
	}
	return len(strings.TrimRight(t, " \t"))
}

// endsWithMoneyUnit is the cheap check before the numbers of a sentence are
// read: only an amount of money can be a total.
func endsWithMoneyUnit(s string) bool {
	return strings.HasSuffix(s, "元")
}

// breakdown finds the total (a money quantity ending at end) and its parts
// (every quantity inside the bracket, open..closing). ok is false unless the
// total and at least one part are plain amounts of money and every number in
// the bracket is one.
func breakdown(qs []number.Quantity, end, open, closing int) (number.Quantity, []number.Quantity, bool) {
	var total number.Quantity
	found := false
	var parts []number.Quantity
	for _, q := range qs {
		switch {
		case q.End == end:
			total, found = q, true
		case q.Start >= open && q.End <= closing:
			parts = append(parts, q)
		case q.Start < closing && q.End > open:
			return total, nil, false // a number across the bracket
		}
	}
	if !found || !plainMoney(total) || len(parts) == 0 {
		return total, nil, false
	}
	for _, p := range parts {
		if !plainMoney(p) || p.Value < 0 {
			return total, nil, false
		}
	}
	return total, parts, true
}

// plainMoney is an amount of money as read, without a qualifier (约, 以上, 余):
// an approximate or open-ended figure is not compared.
func plainMoney(q number.Quantity) bool {
	return q.Unit == moneyUnit && !q.Malformed && q.Qualifier == "" && !math.IsNaN(q.Value) && !math.IsInf(q.Value, 0)
}

func (s *scanner) addPartsFinding(se *sentence, loc location, total number.Quantity, parts []number.Quantity, end int) {
	sum := 0.0
	sameUnit := true
	written := make([]string, len(parts))
	for i, p := range parts {
		sum += p.Value
		sameUnit = sameUnit && p.OrigUnit == total.OrigUnit
		written[i] = se.origText(p.Start, p.End)
	}
	if roundMoney(sum) <= roundMoney(total.Value) || math.IsInf(sum, 0) {
		return
	}
	// The sum in the unit the text uses, else both in 万元.
	totalText := se.origText(total.Start, total.End)
	unit, factor := moneyUnit, 1.0
	if sameUnit {
		f, _ := number.MoneyToWan(1, total.OrigUnit)
		unit, factor = total.OrigUnit, f
	}
	sumText := formatAmount(sum/factor) + unit
	shownTotal := totalText
	if !sameUnit {
		shownTotal = formatAmount(total.Value) + moneyUnit
	}
	found := sumText + " > " + shownTotal
	s.addFinding(report.Finding{
		Rule:     "component_exceeds_total",
		Severity: "error",
		Message: fmt.Sprintf("总数“%s”小于其后括号内所列分项金额之和%s（%s），分项之和不应超过总数，请核实",
			totalText, sumText, strings.Join(written, " + ")),
		Expected: "分项之和 ≤ " + shownTotal,
		Found:    found,
		Evidence: loc.evidence(excerpt(se, total.Start, end)),
	})
}

// formatAmount writes an amount without binary noise (0.1+0.2 is 0.3).
func formatAmount(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
}
