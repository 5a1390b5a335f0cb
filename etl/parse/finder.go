package parse

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// finder runs a regular expression over a sentence the cheap way (the same
// idea as etl/kpi's finder; packages stay independent). Go's matcher tries
// every position of the text unless the expression starts with one literal
// string, and the label patterns of budget.go start with alternatives
// ("年初预算…", "上年结转…|上年结余…"). A finder knows the strings a match can
// start with and tries the expression, anchored, only where one occurs. For an
// expression without empty-width assertions (^ $ \b) that cannot match the
// empty string, the matches are exactly those of the regexp package: a match
// at a position depends only on the text from there, and the leftmost
// position where the anchored expression matches is where the unanchored
// search would have found its match.
type finder struct {
	re       *regexp.Regexp
	anchored *regexp.Regexp // ^(?:re); nil: use re
	first    []rune         // the runes a match can start with
	bloom    uint64         // bit r%64 of each rune of first
	// prefixes, when known, are strings one of which every match starts
	// with: a position must hold one before the expression is tried there.
	prefixes []string
}

// maxFirstRunes bounds the start runes a finder tracks; an expression that
// can start with more is run as it is.
const maxFirstRunes = 24

// maxPrefixes bounds the prefix strings a finder tests at a position.
const maxPrefixes = 16

func newFinder(re *regexp.Regexp) *finder {
	f := &finder{re: re}
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
	f.prefixes, _ = prefixSet(tree)
	return f
}

// findAll returns what re.FindAllStringSubmatchIndex(s, -1) returns.
func (f *finder) findAll(s string) [][]int {
	if f.anchored == nil {
		return f.re.FindAllStringSubmatchIndex(s, -1)
	}
	var out [][]int
	for pos := 0; pos < len(s); {
		p := f.nextStart(s, pos)
		if p < 0 {
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

// nextStart returns the first offset at or after pos where a match may
// start, or -1.
func (f *finder) nextStart(s string, pos int) int {
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

// hasPrefix reports whether s starts with one of the prefixes (or they are
// unknown).
func (f *finder) hasPrefix(s string) bool {
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

// prefixSet returns strings one of which every match of re starts with, or
// nil when that cannot be told; exact reports whether every match of re is
// one of them (so that what follows re extends them).
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
