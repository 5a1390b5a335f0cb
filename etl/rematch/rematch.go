// Package rematch runs regular expressions only where a match can start.
// Go's matcher tries every position of a text unless the expression starts
// with one literal string; the dictionary and label patterns of etl/kpi and
// etl/parse mostly start with alternatives or classes, and trying them at
// every rune of every sentence was a large share of parsing time.
package rematch

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"

	"jixiao/etl/cjk"
)

// Finder runs a regular expression over a sentence the cheap way. Go's
// matcher tries every position of the text unless the expression starts with
// a literal string, which most dictionary patterns do not ("(?:州|市)级…",
// "[（(]…"). A finder knows the runes a match can start with and tries the
// expression, anchored, at those positions only. For an expression without
// empty-width assertions (^ $ \b) that cannot match the empty string, the
// matches are exactly those of re.FindAllStringSubmatchIndex: a match at a
// position depends only on the text from there, and the leftmost position
// where the anchored expression matches is where the unanchored search would
// have found its match.
type Finder struct {
	re       *regexp.Regexp
	anchored *regexp.Regexp // ^(?:re); nil: use re
	first    []rune         // the runes a match can start with
	bloom    uint64         // bit r%64 of each rune of first
	// prefixes, when known, are strings one of which every match starts with
	// ("到位资金" for "到位资金.{0,12}…"): a position must hold one before the
	// expression is tried there.
	prefixes []string
	// sets are literal sets of which every match holds one literal each
	// ({服务对象} for "满意度.{0,40}?服务对象…"): once the rest of the text
	// lacks one of them, no match can start any more, and the search ends
	// instead of trying the expression at each later candidate.
	sets [][]string
}

// maxFirstRunes bounds the start runes a finder tracks; an expression that can
// start with more (a digit, any Han character) is run as it is.
const maxFirstRunes = 24

func New(re *regexp.Regexp) *Finder {
	f := &Finder{re: re}
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return f
	}
	tree = tree.Simplify()
	first, nullable, ok := firstRunes(tree)
	if !ok || nullable || len(first) == 0 || len(first) > maxFirstRunes || hasAssertion(tree) {
		return f
	}
	anchored, err := regexp.Compile(`^(?:` + re.String() + `)`)
	if err != nil {
		return f
	}
	f.anchored, f.first = anchored, first
	for _, r := range first {
		f.bloom |= 1 << (uint(r) % 64)
	}
	if p, _ := prefixSet(tree); len(p) > 0 {
		f.prefixes = p
	}
	return f
}

// Require adds literal sets of which every match holds one literal each: once
// the rest of a text lacks one of them, no match can start any more and the
// search ends. The caller vouches for the sets (etl/kpi derives them from its
// patterns); a set of one-rune literals is dropped, since those are everywhere.
// It returns f.
func (f *Finder) Require(sets [][]string) *Finder {
	if f.anchored == nil {
		return f
	}
	for _, set := range sets {
		if minLen(set) > utf8.UTFMax {
			f.sets = append(f.sets, set)
		}
	}
	return f
}

// Regexp is the expression the finder runs.
func (f *Finder) Regexp() *regexp.Regexp { return f.re }

// Accelerated reports whether the finder tries the expression only where a
// match can start; otherwise it runs the regexp package as it is.
func (f *Finder) Accelerated() bool { return f.anchored != nil }

func minLen(ss []string) int {
	n := -1
	for _, s := range ss {
		if n < 0 || len(s) < n {
			n = len(s)
		}
	}
	return n
}

// possible reports whether the text from a candidate on holds a literal of
// each of the sets.
func (f *Finder) possible(rest string) bool {
	for _, set := range f.sets {
		if !cjk.ContainsAny(rest, set) {
			return false
		}
	}
	return true
}

// maxPrefixes bounds the prefix strings a finder tests at a position.
const maxPrefixes = 16

// prefixSet returns strings one of which every match of re starts with, or nil
// when that cannot be told; exact reports whether every match of re is one of
// them (so that what follows re extends them).
func prefixSet(re *syntax.Regexp) (prefixes []string, exact bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || len(re.Rune) == 0 {
			return nil, false
		}
		return []string{string(re.Rune)}, true
	case syntax.OpCharClass:
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(out) == maxPrefixes {
					return nil, false
				}
				out = append(out, string(r))
			}
		}
		return out, len(out) > 0
	case syntax.OpCapture:
		return prefixSet(re.Sub[0])
	case syntax.OpPlus:
		p, _ := prefixSet(re.Sub[0])
		return p, false
	case syntax.OpRepeat:
		if re.Min < 1 {
			return nil, false
		}
		p, _ := prefixSet(re.Sub[0])
		return p, false
	case syntax.OpAlternate:
		exact = true
		for _, sub := range re.Sub {
			p, e := prefixSet(sub)
			if p == nil || len(prefixes)+len(p) > maxPrefixes {
				return nil, false
			}
			prefixes = append(prefixes, p...)
			exact = exact && e
		}
		return prefixes, exact
	case syntax.OpConcat:
		// Extend the prefixes sub by sub while each sub is known exactly;
		// an unknown or inexact sub ends them.
		prefixes = []string{""}
		for _, sub := range re.Sub {
			p, e := prefixSet(sub)
			if p == nil || len(prefixes)*len(p) > maxPrefixes {
				return knownPrefixes(prefixes), false
			}
			next := make([]string, 0, len(prefixes)*len(p))
			for _, a := range prefixes {
				for _, b := range p {
					next = append(next, a+b)
				}
			}
			prefixes = next
			if !e {
				return prefixes, false
			}
		}
		return knownPrefixes(prefixes), true
	}
	return nil, false
}

// knownPrefixes drops the prefix set made of the empty string alone.
func knownPrefixes(prefixes []string) []string {
	if len(prefixes) == 1 && prefixes[0] == "" {
		return nil
	}
	return prefixes
}

// FindAll returns what re.FindAllStringSubmatchIndex(s, -1) returns.
func (f *Finder) FindAll(s string) [][]int {
	if f.anchored == nil {
		return f.re.FindAllStringSubmatchIndex(s, -1)
	}
	var out [][]int
	for pos := 0; pos < len(s); {
		p := f.nextStart(s, pos)
		if p < 0 || !f.possible(s[p:]) {
			break
		}
		m := f.anchored.FindStringSubmatchIndex(s[p:])
		if m == nil {
			_, size := utf8.DecodeRuneInString(s[p:])
			pos = p + size
			continue
		}
		for k := range m {
			if m[k] >= 0 {
				m[k] += p
			}
		}
		out = append(out, m)
		pos = m[1] // never p: the expression cannot match the empty string
	}
	return out
}

// Find returns what re.FindStringSubmatchIndex(s) returns.
func (f *Finder) Find(s string) []int {
	if f.anchored == nil {
		return f.re.FindStringSubmatchIndex(s)
	}
	for pos := 0; pos < len(s); {
		p := f.nextStart(s, pos)
		if p < 0 || !f.possible(s[p:]) {
			return nil
		}
		if m := f.anchored.FindStringSubmatchIndex(s[p:]); m != nil {
			for k := range m {
				if m[k] >= 0 {
					m[k] += p
				}
			}
			return m
		}
		_, size := utf8.DecodeRuneInString(s[p:])
		pos = p + size
	}
	return nil
}

// nextStart returns the first offset at or after pos where a match may start,
// or -1.
func (f *Finder) nextStart(s string, pos int) int {
	for i := pos; i < len(s); {
		r, size := rune(s[i]), 1
		switch {
		case r < utf8.RuneSelf:
		case r >= 0xE1 && r <= 0xEF && r != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
			// A valid three-byte rune, the common case (E0 and ED restrict
			// their second byte and take the slow path).
			r, size = (r&0x0F)<<12|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F), 3
		default:
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if f.bloom&(1<<(uint(r)%64)) != 0 {
			for _, fr := range f.first {
				if r == fr {
					if f.hasPrefix(s[i:]) {
						return i
					}
					break
				}
			}
		}
		i += size
	}
	return -1
}

// hasAssertion reports whether re holds an empty-width assertion, which looks
// at the text before a match and so is not read the same on s[p:].
func hasAssertion(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	for _, sub := range re.Sub {
		if hasAssertion(sub) {
			return true
		}
	}
	return false
}

// hasPrefix reports whether s starts with one of the prefixes (or they are
// unknown).
func (f *Finder) hasPrefix(s string) bool {
	if f.prefixes == nil {
		return true
	}
	for _, p := range f.prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// firstRunes returns the runes a match of re can start with and whether re
// matches the empty string; ok is false when that cannot be told cheaply
// (assertions, case folding, large classes, any character).
func firstRunes(re *syntax.Regexp) (first []rune, nullable, ok bool) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return nil, true, true
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false, false
		}
		if len(re.Rune) == 0 {
			return nil, true, true
		}
		return []rune{re.Rune[0]}, false, true
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(first) == maxFirstRunes {
					return nil, false, false
				}
				first = append(first, r)
			}
		}
		return first, false, true
	case syntax.OpCapture:
		return firstRunes(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		f, _, ok := firstRunes(re.Sub[0])
		return f, true, ok
	case syntax.OpPlus:
		return firstRunes(re.Sub[0])
	case syntax.OpRepeat:
		f, n, ok := firstRunes(re.Sub[0])
		return f, n || re.Min == 0, ok
	case syntax.OpAlternate:
		nullable = false
		for _, sub := range re.Sub {
			f, n, ok := firstRunes(sub)
			if !ok {
				return nil, false, false
			}
			first = append(first, f...)
			nullable = nullable || n
		}
		return first, nullable, true
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			f, n, ok := firstRunes(sub)
			if !ok {
				return nil, false, false
			}
			first = append(first, f...)
			if !n {
				return first, false, true
			}
		}
		return first, true, true
	}
	// Assertions (^ $ \b), any character: not worth it, or not exact.
	return nil, false, false
}
