package parse

import (
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"

	"jixiao/etl/cjk"
)

// Splitting report text at white space, which the parser does for every
// line and table row of a document. strings.Fields decodes every rune of
// Chinese text to ask unicode.IsSpace; no CJK ideograph is white space, so
// fields steps over them three bytes at a time (as runeMap does).
// fastpath_test.go checks it against strings.Fields.

// isIdeograph reports whether s[i:] opens with a CJK ideograph
// (U+4E00–U+9FFF), read without decoding.
func isIdeograph(s string, i int) bool {
	c := s[i]
	return c >= 0xE4 && c <= 0xE9 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 &&
		(c > 0xE4 || s[i+1] >= 0xB8)
}

// fields yields the fields of s as strings.Fields returns them (runs of
// runes that are not unicode.IsSpace; an invalid byte is not space),
// without allocating.
func fields(s string) iter.Seq[string] {
	return splitRunes(s, isSpace)
}

// splitRunes yields the runs of s between runes sep says separate, as
// strings.FieldsFunc returns them, stepping over ideographs (never a
// separator here) without decoding them.
func splitRunes(s string, sep func(rune) bool) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := -1 // start of the current field, -1 between fields
		for i := 0; i < len(s); {
			if isIdeograph(s, i) {
				if start < 0 {
					start = i
				}
				i += 3
				continue
			}
			r, size := rune(s[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
			if sep(r) {
				if start >= 0 {
					if !yield(s[start:i]) {
						return
					}
					start = -1
				}
			} else if start < 0 {
				start = i
			}
			i += size
		}
		if start >= 0 {
			yield(s[start:])
		}
	}
}

// isSpace is unicode.IsSpace, ASCII answered first.
func isSpace(r rune) bool {
	return asciiSpace(r) || r >= utf8.RuneSelf && unicode.IsSpace(r)
}

func asciiSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r'
}

// appendSpaced writes s's fields joined by single spaces
// (strings.Join(strings.Fields(s), " ")); it reports whether s had any.
func appendSpaced(b *strings.Builder, s string) bool {
	n := 0
	for f := range fields(s) {
		if n > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
		n++
	}
	return n > 0
}

// appendFielded writes one line of fieldedText: s's fields each normalised
// (norm), joined by "|", then a newline. norm works rune by rune and drops
// white space, so one pass writes it: a run of white space between fields
// becomes "|", every other rune goes through normRune (an invalid byte is
// kept, as norm keeps it), and runs of ideographs, which normRune leaves
// alone, are copied whole.
func appendFielded(b *strings.Builder, s string) {
	started, inField := false, false
	open := func() {
		if !inField {
			if started {
				b.WriteByte('|')
			}
			started, inField = true, true
		}
	}
	for i := 0; i < len(s); {
		if isIdeograph(s, i) {
			open()
			j := i + 3
			for j < len(s) && isIdeograph(s, j) {
				j += 3
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isSpace(r) {
			inField = false
			i += size
			continue
		}
		open()
		switch out := normRune(r); {
		case r == utf8.RuneError && size == 1, out == r:
			b.WriteString(s[i : i+size])
		case out >= 0:
			b.WriteRune(out)
		}
		i += size
	}
	b.WriteByte('\n')
}

// clauses yields the clauses of a key–value line, as
// strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(kvSeps, r) })
// returns them (kvSeps holds no ideograph).
func clauses(s string) iter.Seq[string] {
	return splitRunes(s, isKVSep)
}

func isKVSep(r rune) bool { return strings.ContainsRune(kvSeps, r) }

// colonClauses yields the clauses of s that hold a colon (: or ：), as
// clauses yields them, reached from the colons: most clauses of a line with
// a key–value pair hold none, and splitting the whole line cost more than
// reading the pairs.
func colonClauses(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for from := 0; from < len(s); {
			i := cjk.IndexAny(s[from:], ":：")
			if i < 0 {
				return
			}
			i += from
			start := 0
			if k := cjk.LastIndexAny(s[:i], kvSeps); k >= 0 {
				_, size := utf8.DecodeRuneInString(s[k:])
				start = k + size
			}
			end := len(s)
			if k := cjk.IndexAny(s[i:], kvSeps); k >= 0 {
				end = i + k
			}
			if !yield(s[start:end]) {
				return
			}
			from = end
		}
	}
}
