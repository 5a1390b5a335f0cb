package kpi

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"jixiao/etl/number"
)

// sentence is one sentence (or clause ended by ；) of a paragraph or cell. The
// scanner matches on norm (full-width digits and punctuation folded by
// number.Normalize) and reports the original text, so it keeps both.
type sentence struct {
	orig   string
	norm   string
	target bool   // inside a targets section or on a "任务N：" line
	digit  bool   // norm holds an ASCII digit: every value needs one
	lits   bitset // dictionary literals present in norm
	start  int    // byte offsets of orig in the paragraph or cell text
	end    int
}

func newSentence(orig string, start int, target bool) sentence {
	norm := number.Normalize(orig)
	return sentence{orig: orig, norm: norm, target: target, digit: hasDigit(norm), start: start, end: start + len(orig)}
}

// origOffset maps a byte offset in norm to the one in orig. Normalize maps rune
// to rune and every change shortens the text, so equal lengths mean equal
// offsets; otherwise both strings are walked rune by rune (only on a match).
func (s *sentence) origOffset(n int) int {
	if len(s.norm) == len(s.orig) {
		return n
	}
	i, j := 0, 0
	for i < n && i < len(s.norm) && j < len(s.orig) {
		_, ni := utf8.DecodeRuneInString(s.norm[i:])
		_, nj := utf8.DecodeRuneInString(s.orig[j:])
		i += ni
		j += nj
	}
	return j
}

// origText returns the original text behind norm[a:b].
func (s *sentence) origText(a, b int) string {
	return s.orig[s.origOffset(a):s.origOffset(b)]
}

// sentenceEnd returns the byte length of the sentence end at s[i], or 0. The
// ends are 。；;！？!? and the line break; the semicolons split the long
// "…；…；…" summaries into the clauses a reviewer wants to see as evidence. A
// byte scan: decoding every rune of a report costs more than the rest.
func sentenceEnd(s string, i int) int {
	switch c := s[i]; c {
	case ';', '!', '?', '\n':
		return 1
	case 0xE3: // 。 U+3002
		if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x82 {
			return 3
		}
	case 0xEF: // ； U+FF1B, ！ U+FF01, ？ U+FF1F
		if i+2 < len(s) && s[i+1] == 0xBC && (s[i+2] == 0x9B || s[i+2] == 0x81 || s[i+2] == 0x9F) {
			return 3
		}
	}
	return 0
}

// splitSentences splits the text of one paragraph or cell. A line that matches
// a target marker ("任务3：…") marks all its sentences as target text.
func splitSentences(text string, target bool, scope *targetScope) []sentence {
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
		lineTarget := target || scope.isTargetLine(line)
		start := 0
		for i := 0; i < len(line); {
			if n := sentenceEnd(line, i); n > 0 {
				out = appendSentence(out, line, start, i, lineStart, lineTarget)
				i += n
				start = i
				continue
			}
			i++
		}
		out = appendSentence(out, line, start, len(line), lineStart, lineTarget)
		lineStart = lineEnd + 1
	}
	return out
}

// isTargetLine reports whether a line starts with a target marker.
func (sc *targetScope) isTargetLine(line string) bool {
	if len(sc.markers) == 0 {
		return false
	}
	prefix := number.Normalize(linePrefix(line))
	if !sc.markerAlways && !containsAny(prefix, sc.markerLits) {
		return false
	}
	return matchesAny(sc.markers, prefix)
}

// markerRunes is how much of a line the target line markers see: they mark
// the start of a line ("任务3："), so the rest need not be normalised.
const markerRunes = 32

func linePrefix(line string) string {
	line = strings.TrimLeft(line, " \t\u3000")
	n := 0
	for i := range line {
		if n == markerRunes {
			return line[:i]
		}
		n++
	}
	return line
}

func appendSentence(out []sentence, line string, a, b, base int, target bool) []sentence {
	s := line[a:b]
	trimmed := strings.TrimSpace(s)
	if trimmed == "" {
		return out
	}
	lead := strings.Index(s, trimmed)
	return append(out, newSentence(trimmed, base+a+lead, target))
}

func matchesAny(ms []*regexp.Regexp, s string) bool {
	for _, m := range ms {
		if m.MatchString(s) {
			return true
		}
	}
	return false
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// compact removes all white space, so that a label cell "年度主要\n\n工作内容"
// reads as 年度主要工作内容.
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\u3000', '\u00a0':
			return -1
		}
		return r
	}, s)
}

// excerpt bounds the evidence text of a very long sentence to a window around
// the match, so that one run-on cell does not repeat itself in every finding.
const maxEvidenceRunes = 400

func excerpt(s *sentence, a, b int) string {
	if utf8.RuneCountInString(s.orig) <= maxEvidenceRunes {
		return s.orig
	}
	from, to := s.origOffset(a), s.origOffset(b)
	for n := 0; n < maxEvidenceRunes/2 && from > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(s.orig[:from])
		from -= size
	}
	for n := 0; n < maxEvidenceRunes/2 && to < len(s.orig); n++ {
		_, size := utf8.DecodeRuneInString(s.orig[to:])
		to += size
	}
	return s.orig[from:to]
}
