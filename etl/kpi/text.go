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
	dot    bool   // a point follows a digit: the gate of malformed_number
	lits   bitset // dictionary literals present in norm
	start  int    // byte offsets of orig in the paragraph or cell text
	end    int
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

// sentences holds the sentences of one paragraph or cell and their literal
// sets. The scanner keeps one and reuses its buffers from one paragraph to the
// next: a report has hundreds of them.
type sentences struct {
	list []sentence
	bits []uint64 // the literal sets, words() per sentence
	cur  []uint64 // the literal set of the sentence being read
}

// segment is what the split knows of the text since the last sentence end.
type segment struct {
	start            int // offset in the line
	digit, fold, dot bool
}

// split splits text into sentences and finds the dictionary literals of each,
// in one pass over the bytes. The ends are 。；;！？!? and the line break; the
// semicolons split the long "…；…；…" summaries into the clauses a reviewer
// wants to see as evidence. A line that matches a target marker ("任务3：…")
// marks all its sentences as target text. It returns false, and no
// sentences, when text is not valid UTF-8.
//
// Nearly all of a report is three-byte runes, decoded inline, and nearly all
// of them pass with two bit tests (see literals.stop and literals.bigram).
func (ss *sentences) split(text string, target bool, scope *targetScope, lits *literals) bool {
	ss.list, ss.bits = ss.list[:0], ss.bits[:0]
	words := lits.words()
	if cap(ss.cur) < words {
		ss.cur = make([]uint64, words)
	}
	ss.cur = ss.cur[:words]
	clear(ss.cur)
	for lineStart := 0; lineStart <= len(text); {
		lineEnd := strings.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += lineStart
		}
		line := text[lineStart:lineEnd]
		first := len(ss.list)
		var seg segment
		prev, prevAt := noRune, 0 // the rune before i in the sentence
		for i := 0; i < len(line); {
			var r rune
			var size int
			i, r, size, prev, prevAt = lits.skip(line, i, prev, prevAt)
			if i == len(line) {
				break
			}
			if size == 0 {
				r, size = utf8.DecodeRuneInString(line[i:])
				if r == utf8.RuneError && size == 1 {
					ss.list, ss.bits = ss.list[:0], ss.bits[:0]
					return false
				}
			}
			if lits.stops(r) {
				switch {
				case isSentenceEnd(r):
					ss.add(line, seg, i, lineStart, target, lits)
					i += size
					seg = segment{start: i}
					prev = noRune
					continue
				case r >= '0' && r <= '9':
					seg.digit = true
				case r >= '０' && r <= '９':
					seg.digit, seg.fold = true, true
				case r == '.':
					seg.dot = seg.dot || isDigitRune(prev)
				case r == '．':
					seg.fold = true
					seg.dot = seg.dot || isDigitRune(prev)
				case r == '％' || r == '－' || r == '＋' || r == '\u3000':
					seg.fold = true
				}
				lits.matchSingle(r, ss.cur)
			}
			if lits.pairs2(prev, r) {
				lits.matchPair(line, prevAt, prev, r, ss.cur)
			}
			prev, prevAt = r, i
			i += size
		}
		ss.add(line, seg, len(line), lineStart, target, lits)
		if !target && ss.markedLine(first, words, scope) && scope.isTargetLine(line) {
			for i := first; i < len(ss.list); i++ {
				ss.list[i].target = true
			}
		}
		lineStart = lineEnd + 1
	}
	for i := range ss.list {
		ss.list[i].lits = bitset(ss.bits[i*words : (i+1)*words : (i+1)*words])
	}
	return true
}

// markedLine reports whether the sentences of a line, from first on, may make
// it a target line: one of them holds a marker literal. The literal sets tell
// it for the price of a bit test, where a search of every line for 任务 or
// 目标 costs more than the rest of the split.
func (ss *sentences) markedLine(first, words int, scope *targetScope) bool {
	if len(scope.markers) == 0 {
		return false
	}
	if scope.markerAlways || scope.markerUnsafe || words == 0 {
		return true
	}
	for i := first; i < len(ss.list); i++ {
		if bitset(ss.bits[i*words : (i+1)*words]).anyOf(scope.markerIDs) {
			return true
		}
	}
	return false
}

// isSentenceEnd tells the runes split ends a sentence at (besides the line break).
func isSentenceEnd(r rune) bool {
	switch r {
	case '。', '；', ';', '！', '？', '!', '?':
		return true
	}
	return false
}

// add ends the segment at end: a sentence unless it is blank. Its literal set
// is the one the split gathered, or, when Normalize changes the sentence, the
// one of the normalised text.
func (ss *sentences) add(line string, seg segment, end, base int, target bool, lits *literals) {
	s := line[seg.start:end]
	left := trimLeftSpace(s)
	trimmed := trimRightSpace(left)
	if trimmed != "" {
		se := sentence{orig: trimmed, norm: trimmed, target: target, digit: seg.digit, dot: seg.dot}
		se.start = base + seg.start + len(s) - len(left)
		se.end = se.start + len(trimmed)
		if seg.fold {
			se.norm = number.Normalize(trimmed)
		}
		if se.norm != se.orig {
			clear(ss.cur)
			lits.scan(se.norm, ss.cur)
		} else if len(lits.unsafe) > 0 {
			lits.scanUnsafe(se.norm, ss.cur)
		}
		ss.list = append(ss.list, se)
		ss.bits = append(ss.bits, ss.cur...)
	}
	clear(ss.cur)
}

// isDigitRune tells ASCII and full-width digits.
func isDigitRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= '０' && r <= '９'
}

// isSpace is unicode.IsSpace: the White_Space runes, spelt out so that the
// common case is a comparison or two.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || (r >= '\t' && r <= '\r')
	}
	switch {
	case r == 0x85, r == 0xA0, r == 0x1680, r >= 0x2000 && r <= 0x200A,
		r == 0x2028, r == 0x2029, r == 0x202F, r == 0x205F, r == 0x3000:
		return true
	}
	return false
}

// trimLeftSpace and trimRightSpace are strings.TrimLeftFunc and
// TrimRightFunc with unicode.IsSpace, for valid UTF-8.
func trimLeftSpace(s string) string {
	for s != "" {
		r, size := rune(s[0]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s)
		}
		if !isSpace(r) {
			break
		}
		s = s[size:]
	}
	return s
}

func trimRightSpace(s string) string {
	for s != "" {
		r, size := rune(s[len(s)-1]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeLastRuneInString(s)
		}
		if !isSpace(r) {
			break
		}
		s = s[:len(s)-size]
	}
	return s
}

// splitSentences splits text (valid UTF-8) without looking for literals, for
// the tests.
func splitSentences(text string, target bool, scope *targetScope) []sentence {
	var ss sentences
	ss.split(text, target, scope, newLiterals())
	return ss.list
}

// isTargetLine reports whether a line starts with a target marker. The split
// asks only about lines that hold a marker literal (see markedLine).
func (sc *targetScope) isTargetLine(line string) bool {
	if len(sc.markers) == 0 {
		return false
	}
	return matchesAny(sc.markers, number.Normalize(linePrefix(line)))
}

// markerRunes is how much of a line the target line markers see: they mark
// the start of a line ("任务3："), so the rest need not be normalised.
const markerRunes = 32

// trimLineStart is strings.TrimLeft(line, " \t\u3000"), without building a
// cutset for every line.
func trimLineStart(line string) string {
	for {
		switch {
		case line == "":
			return line
		case line[0] == ' ' || line[0] == '\t':
			line = line[1:]
		case strings.HasPrefix(line, "\u3000"):
			line = line[len("\u3000"):]
		default:
			return line
		}
	}
}

func linePrefix(line string) string {
	line = trimLineStart(line)
	n := 0
	for i := range line {
		if n == markerRunes {
			return line[:i]
		}
		n++
	}
	return line
}

func matchesAny(ms []*regexp.Regexp, s string) bool {
	for _, m := range ms {
		if m.MatchString(s) {
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
	if !hasCompactSpace(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\u3000', '\u00a0':
			return -1
		}
		return r
	}, s)
}

// hasCompactSpace reports whether s holds a rune compact removes: a byte
// scan, since nearly every cell holds none.
func hasCompactSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r':
			return true
		case 0xC2: // U+00A0 is C2 A0
			if i+1 < len(s) && s[i+1] == 0xA0 {
				return true
			}
		case 0xE3: // U+3000 is E3 80 80
			if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80 {
				return true
			}
		}
	}
	return false
}

// excerpt bounds the evidence text of a very long sentence to a window around
// the match, so that one run-on cell does not repeat itself in every finding.
const maxEvidenceRunes = 400

func excerpt(s *sentence, a, b int) string {
	if len(s.orig) <= maxEvidenceRunes || utf8.RuneCountInString(s.orig) <= maxEvidenceRunes {
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
