package cjk

import (
	"strings"
	"testing"
)

// texts and needles cover Chinese text past the length where the byte
// search starts, needles at the very start and end, repeated and
// overlapping needles, four-byte runes and invalid bytes.
var (
	long  = strings.Repeat("部门整体支出绩效自评报告，预算执行率为98.5%；", 6)
	texts = []string{
		"", "预算", long, long + "三公经费", "三公经费" + long, long + "三公经", "公经费" + long,
		strings.Repeat("经费", 50) + "三公经费", strings.Repeat("三公", 40) + "三公经费三公经费",
		strings.Repeat("𠀀𠀁", 30) + "𠀁𠀀𠀁", strings.Repeat("\xe4\xb8", 60) + "\xe4\xb8\x89", long + ":",
	}
	needles = []string{"", ":", "ab", "预算", "三公经费", "经费", "公经费", "三公", "%；部", "𠀁𠀀", "\xb8\xe4\xb8", "\xe4\xb8\x89", "告，预"}
)

func TestSameAsStrings(t *testing.T) {
	for _, s := range texts {
		for _, sub := range needles {
			if got, want := Index(s, sub), strings.Index(s, sub); got != want {
				t.Errorf("Index(%.20q…, %q) = %d, want %d", s, sub, got, want)
			}
			if got, want := Count(s, sub), strings.Count(s, sub); got != want {
				t.Errorf("Count(%.20q…, %q) = %d, want %d", s, sub, got, want)
			}
			if got, want := ContainsAny(s, []string{"不在其中", sub}), strings.Contains(s, "不在其中") || strings.Contains(s, sub); got != want {
				t.Errorf("ContainsAny(%.20q…, %q) = %v, want %v", s, sub, got, want)
			}
		}
	}
}

// anySets are the sets of separators the parser looks for.
var anySets = []string{":：", "，,；;。\t|", "=＝，,。；;\n", "，,。：:；;、\n", " \t\u3000", "。；;"}

func checkAny(t *testing.T, s, chars string) {
	t.Helper()
	for _, cs := range append([]string{chars}, anySets...) {
		if got, want := IndexAny(s, cs), strings.IndexAny(s, cs); got != want {
			t.Fatalf("IndexAny(%q, %q) = %d, want %d", s, cs, got, want)
		}
		if got, want := LastIndexAny(s, cs), strings.LastIndexAny(s, cs); got != want {
			t.Fatalf("LastIndexAny(%q, %q) = %d, want %d", s, cs, got, want)
		}
	}
}

func TestAnySameAsStrings(t *testing.T) {
	for _, s := range append(texts, "甲：乙，丙；丁。", "\xef\xbc\xef\xbc\x9a", "\xef\xbc\x9a\x80", "a:b：c\t", "：：::") {
		checkAny(t, s, "")
		checkAny(t, s, "：\xff")
	}
}

// FuzzIndex compares Index, Count, IndexAny and LastIndexAny with package
// strings on any text.
func FuzzIndex(f *testing.F) {
	for _, s := range texts {
		for _, sub := range needles {
			f.Add(s, sub)
		}
	}
	f.Fuzz(func(t *testing.T, s, sub string) {
		if got, want := Index(s, sub), strings.Index(s, sub); got != want {
			t.Fatalf("Index(%q, %q) = %d, want %d", s, sub, got, want)
		}
		if got, want := Count(s, sub), strings.Count(s, sub); got != want {
			t.Fatalf("Count(%q, %q) = %d, want %d", s, sub, got, want)
		}
		if got, want := Contains(s, sub), strings.Contains(s, sub); got != want {
			t.Fatalf("Contains(%q, %q) = %v, want %v", s, sub, got, want)
		}
		checkAny(t, s, sub)
	})
}

func BenchmarkIndex(b *testing.B) {
	for _, name := range []string{"strings", "cjk"} {
		index := strings.Index
		if name == "cjk" {
			index = Index
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				for _, sub := range []string{"三公经费", "在职人员", "项目支出"} {
					index(long, sub)
				}
			}
		})
	}
}
