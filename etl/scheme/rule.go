package scheme

import "math"

// Eval computes the formula over figures. It reports false when a figure is
// missing (nil or absent) or the denominator is zero: such an indicator cannot
// be recomputed, which is different from a value of 0.
func (f *Formula) Eval(figures map[string]*float64) (float64, bool) {
	if f == nil || len(f.Numerator) == 0 {
		return 0, false
	}
	sum := func(terms []Term) (float64, bool) {
		var s float64
		for _, t := range terms {
			v, ok := figures[t.Figure]
			if !ok || v == nil {
				return 0, false
			}
			s += weight(t) * *v
		}
		return s, true
	}
	num, ok := sum(f.Numerator)
	if !ok {
		return 0, false
	}
	den := 1.0
	if len(f.Denominator) > 0 {
		if den, ok = sum(f.Denominator); !ok || den == 0 {
			return 0, false
		}
	}
	scale := f.Scale
	if scale == 0 {
		scale = 1
	}
	return num / den * scale, true
}

func weight(t Term) float64 {
	if t.Weight == 0 {
		return 1
	}
	return t.Weight
}

// compare reports whether value op limit holds.
func compare(value float64, op string, limit float64) bool {
	switch op {
	case "<":
		return value < limit
	case "<=":
		return value <= limit
	case ">":
		return value > limit
	case ">=":
		return value >= limit
	case "==":
		return value == limit
	}
	return false
}

// Score applies the indicator's rule to a value. It reports false for
// declared rules, which have nothing to recompute.
func (ind *Indicator) Score(value float64) (float64, bool) {
	r := ind.Rule
	otherwise := 0.0
	if r.Else != nil {
		otherwise = *r.Else
	}
	switch r.Type {
	case Threshold:
		if r.Limit != nil && compare(value, r.Op, *r.Limit) {
			return ind.Max, true
		}
		return otherwise, true
	case Ladder:
		for _, st := range r.Steps {
			if compare(value, st.Op, st.Limit) {
				return st.Points, true
			}
		}
		return otherwise, true
	case Deduction:
		if r.Limit == nil {
			return 0, false
		}
		if compare(value, r.Op, *r.Limit) {
			return ind.Max, true
		}
		return math.Max(0, ind.Max-r.PerPoint*math.Abs(value-*r.Limit)), true
	}
	return 0, false
}
