package demo

import (
	"math"
	"strconv"
	"strings"
)

// fmtNum prints a number the way reports do: no trailing zeros ("100", "96.1",
// "30.77").
func fmtNum(v float64) string {
	return strconv.FormatFloat(round2(v), 'f', -1, 64)
}

// fmtMoney prints an amount with two decimals ("77.70"); whole amounts lose the
// decimals when trim is set ("1").
func fmtMoney(v float64, trim bool) string {
	s := strconv.FormatFloat(round2(v), 'f', 2, 64)
	if trim {
		s = strings.TrimSuffix(s, ".00")
	}
	return s
}

// grouped inserts thousands separators into the integer part of n.
func grouped(n string) string {
	intPart, frac, _ := strings.Cut(n, ".")
	if len(intPart) <= 3 {
		return n
	}
	var b strings.Builder
	lead := len(intPart) % 3
	if lead > 0 {
		b.WriteString(intPart[:lead])
	}
	for i := lead; i < len(intPart); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(intPart[i : i+3])
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// cents converts 万元 to hundredths of 万元, the unit the builder computes in.
func cents(v float64) int64 { return int64(math.Round(v * 100)) }

func fromCents(c int64) float64 { return float64(c) / 100 }

func itoa(i int) string { return strconv.Itoa(i) }

func pad2(i int) string {
	if i < 10 {
		return "0" + strconv.Itoa(i)
	}
	return strconv.Itoa(i)
}

// pct is a/b in percent, rounded to two decimals as printed.
func pct(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return round2(a / b * 100)
}

// signed prints a signed percentage with the minus sign reports use.
func signed(v float64, fullWidth bool) string {
	if v < 0 {
		if fullWidth {
			return "－" + fmtNum(-v)
		}
		return "-" + fmtNum(-v)
	}
	return fmtNum(v)
}
