package arith

import (
	"strings"
	"testing"
)

// tailRef is tail rune by rune, the plain code tail must agree with.
func tailRef(s string) string {
	rs := []rune(strings.TrimSpace(s))
	i := len(rs)
	for i > 0 && isExprRune(rs[i-1]) {
		i--
	}
	return strings.TrimLeft(strings.TrimSpace(string(rs[i:])), "+×÷*/)）%")
}

func FuzzTail(f *testing.F) {
	for _, s := range []string{"", "预算调整率＝（4÷13）×100% ", "收入\xff12万元+3", "×５０％", "abc 1 + 2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := tail(s), tailRef(s); got != want {
			t.Errorf("tail(%q) = %q, want %q", s, got, want)
		}
	})
}
