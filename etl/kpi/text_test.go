package kpi

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"

	"jixiao/etl/number"
)

// refSplit is the sentence split as first written, one rune and one
// Normalize per sentence at a time: split must give the same sentences.
func refSplit(text string, target bool, scope *targetScope) []sentence {
	var out []sentence
	lineStart := 0
	for lineStart <= len(text) {
		lineEnd := strings.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += lineStart
		}
		line := text[lineStart:lineEnd]
		lineTarget := target || (len(scope.markers) > 0 && matchesAny(scope.markers, number.Normalize(linePrefix(line))))
		start := 0
		add := func(end int) {
			s := line[start:end]
			trimmed := strings.TrimSpace(s)
			if trimmed == "" {
				return
			}
			lead := len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace))
			norm := number.Normalize(trimmed)
			out = append(out, sentence{orig: trimmed, norm: norm, target: lineTarget, digit: hasDigit(norm),
				start: lineStart + start + lead, end: lineStart + start + lead + len(trimmed)})
		}
		for i, r := range line {
			if isSentenceEnd(r) {
				add(i)
				start = i + len(string(r))
			}
		}
		add(len(line))
		lineStart = lineEnd + 1
	}
	return out
}

// checkSplit compares split with refSplit and each literal set with a plain
// search of the normalised sentence.
func checkSplit(t *testing.T, d *Dictionary, text string, target bool) {
	t.Helper()
	text = strings.ToValidUTF8(text, "\uFFFD")
	var ss sentences
	if !ss.split(text, target, &d.scope, d.lits) {
		t.Fatalf("split(%q) reports invalid UTF-8", text)
	}
	want := refSplit(text, target, &d.scope)
	if len(ss.list) != len(want) {
		t.Fatalf("split(%q): %d sentences, want %d", text, len(ss.list), len(want))
	}
	for i, g := range ss.list {
		w := want[i]
		if g.orig != w.orig || g.norm != w.norm || g.target != w.target || g.digit != w.digit || g.start != w.start || g.end != w.end {
			t.Fatalf("split(%q)[%d] = %+v, want %+v", text, i, g, w)
		}
		if maybeMalformed(g.norm) && !g.dot {
			t.Fatalf("split(%q)[%d]: dot not set for %q", text, i, g.norm)
		}
		for id, lit := range d.lits.list {
			if got, want := g.lits.anyOf([]int{id}), strings.Contains(g.norm, lit); got != want {
				t.Fatalf("split(%q)[%d]: literal %q present = %v, want %v", text, i, lit, got, want)
			}
		}
	}
}

// splitTexts are our own sentences with every kind of rune the split treats
// apart: ends, full-width digits and points, the ideographic space, marker
// lines, brackets, literals at sentence edges.
var splitTexts = []string{
	"", "。；;！？!?", "\n\n", "  \u3000 ", "任务1：全年新引进项目不少于３个。\n目标2：到位资金增长１０％以上；其余\n",
	"全年到位资金65.4亿元，同比下降5.2%。满意度分别为：服务对象为97%、社会公众为95%",
	"投资额12.5.万元（查预算数）XX万元××年", "  到位资金 ３．５亿元 。 年初预算2万元（A费1万元）",
	"三类５００强项目3个", "编号\u3000２０２２－０１＋", "\U0001F600到位资金1亿元\u00a0。",
	"a.b 1.2.3 ４．５．６", "《招商推介会》4月1日举办招商推介会",
}

func TestSplitMatchesReference(t *testing.T) {
	d := mustDict(t)
	texts := append([]string{}, splitTexts...)
	if data, err := os.ReadFile(filepath.Join("testdata", "report.txt")); err == nil {
		texts = append(texts, string(data))
	} else {
		t.Fatal(err)
	}
	if shared := sharedDir(t); shared != "" {
		if data, err := os.ReadFile(filepath.Join(shared, seedFiles[0])); err == nil {
			texts = append(texts, string(data))
		}
	}
	for _, s := range texts {
		checkSplit(t, d, s, false)
		checkSplit(t, d, s, true)
	}
}

// TestSplitUnsafeLiterals: literals that reach over a sentence end or start
// with white space are not seen by the split itself and are looked for per
// sentence instead.
func TestSplitUnsafeLiterals(t *testing.T) {
	d, err := LoadFS(fstest.MapFS{"d/x.yaml": &fstest.MapFile{Data: []byte(`
metrics:
  - code: x
    label: x
    unit: 万元
    patterns:
      - keywords: [' 合计', '支出。']
template_residue:
  - pattern: '。XX'
`)}}, "d")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.lits.unsafe) == 0 {
		t.Fatal("no unsafe literal")
	}
	for _, s := range []string{"项目 合计5万元", "支出。XX合计", " 合计 。 合计", "支出。"} {
		checkSplit(t, d, s, false)
	}
}

func TestSplitInvalidUTF8(t *testing.T) {
	var ss sentences
	if ss.split("到位资金\xff1亿元", false, &targetScope{}, newLiterals()) || len(ss.list) != 0 {
		t.Errorf("invalid UTF-8 accepted: %+v", ss.list)
	}
}

func TestIsSpace(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isSpace(r) != unicode.IsSpace(r) {
			t.Fatalf("isSpace(%U) = %v", r, isSpace(r))
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range splitTexts {
		f.Add(s, false)
	}
	d := mustDict(f)
	f.Fuzz(func(t *testing.T, s string, target bool) {
		checkSplit(t, d, s, target)
	})
}
