// Package cjk finds literal strings in Chinese text faster than package
// strings does, with the same answers.
//
// strings.Index looks for a needle's first byte and compares from there. The
// first byte of a Chinese character is one of a handful (0xE4–0xE9 for the
// common ideographs), so in report text nearly every character is a false
// start, each costing a call; parsing spent a sixth of its time there. The
// third byte of a character is one of 64 and spread evenly: searching for
// that byte instead finds a real start about every other time.
package cjk

import (
	"strings"
	"unicode/utf8"
)

// minLong is the text length from which the search by the third byte pays:
// strings.Index compares a short text position by position in vector code,
// which no byte search beats.
const minLong = 64

// Index is strings.Index(s, sub).
func Index(s, sub string) int {
	n := len(sub)
	if n < 3 || sub[0] < 0xE0 || len(s) <= minLong {
		// An ASCII or two-byte first rune: strings.Index's first byte is
		// as rare as any.
		return strings.Index(s, sub)
	}
	c := sub[2]
	for i := 2; i < len(s); {
		j := strings.IndexByte(s[i:], c)
		if j < 0 {
			return -1
		}
		at := i + j - 2 // where sub would start
		if at+n > len(s) {
			return -1
		}
		if s[at:at+n] == sub {
			return at
		}
		i += j + 1
	}
	return -1
}

// Contains is strings.Contains(s, sub).
func Contains(s, sub string) bool { return Index(s, sub) >= 0 }

// ContainsAny reports whether s contains one of subs.
func ContainsAny(s string, subs []string) bool {
	for _, x := range subs {
		if Index(s, x) >= 0 {
			return true
		}
	}
	return false
}

// Count is strings.Count(s, sub).
func Count(s, sub string) int {
	if len(sub) < 3 {
		return strings.Count(s, sub)
	}
	n := 0
	for {
		i := Index(s, sub)
		if i < 0 {
			return n
		}
		n++
		s = s[i+len(sub):]
	}
}

// IndexAny is strings.IndexAny(s, chars) for chars of valid UTF-8 without
// U+FFFD. strings.IndexAny decodes s rune by rune when chars holds a
// non-ASCII rune (the Chinese comma, colon, full stop); this searches for
// each rune of chars in turn, each search bounded by the best so far.
func IndexAny(s, chars string) int {
	if len(chars) == 0 || !utf8.ValidString(chars) || strings.ContainsRune(chars, utf8.RuneError) {
		return strings.IndexAny(s, chars)
	}
	best := -1
	for _, r := range chars {
		hay := s
		if best >= 0 {
			// An earlier occurrence starts before best.
			hay = s[:min(len(s), best+utf8.RuneLen(r)-1)]
		}
		var i int
		if r < utf8.RuneSelf {
			i = strings.IndexByte(hay, byte(r))
		} else {
			i = Index(hay, string(r))
		}
		if i >= 0 {
			best = i
		}
	}
	return best
}

// LastIndexAny is strings.LastIndexAny(s, chars) for chars of valid UTF-8
// without U+FFFD (see IndexAny).
func LastIndexAny(s, chars string) int {
	if len(chars) == 0 || !utf8.ValidString(chars) || strings.ContainsRune(chars, utf8.RuneError) {
		return strings.LastIndexAny(s, chars)
	}
	best := -1
	for _, r := range chars {
		from := 0
		if best >= 0 {
			from = best + 1 // a later occurrence starts after best
		}
		var i int
		if r < utf8.RuneSelf {
			i = strings.LastIndexByte(s[from:], byte(r))
		} else {
			i = strings.LastIndex(s[from:], string(r))
		}
		if i >= 0 {
			best = from + i
		}
	}
	return best
}
