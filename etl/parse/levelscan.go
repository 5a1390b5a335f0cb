package parse

import (
	"strings"

	"jixiao/etl/number"
	"jixiao/etl/scheme"
)

// Scheme detection asks, for every level name of every scheme, where the
// name stands in the document (standingLevel). Scanning the whole text once
// per name cost more than the rest of detection; scanLevels looks for all
// of the catalog's names in one pass, at the only places a name can stand:
// an ideograph that follows no ideograph. fastpath_test.go checks it against
// the scan per name.

// levelHit is standingLevel's answer for one name.
type levelHit struct {
	points *float64
	found  bool
}

// scanLevels fills p.levelHits with the answers for every level name of
// cat's schemes made only of CJK ideographs (any other name is left to
// standingLevel's scan of its own).
func (p *parser) scanLevels(cat *scheme.Catalog) {
	if p.levelHits != nil {
		return
	}
	var names []string
	for _, id := range cat.IDs() {
		s, _ := cat.Scheme(id)
		for _, l := range s.Levels {
			names = append(names, l.Name)
		}
	}
	p.levelHits = standingNames(p.fieldedText(), names)
}

// standingNames finds where each name made of CJK ideographs stands in text
// (see standingLevel) in one pass (eachWordStart): the occurrences found are
// those standingLevel's non-overlapping scan finds.
func standingNames(text string, names []string) map[string]levelHit {
	hits := map[string]levelHit{}
	var byFirst firstIdeographs
	for _, n := range names {
		if _, dup := hits[n]; dup || !allIdeographs(n) {
			continue
		}
		hits[n] = levelHit{}
		byFirst.add(n)
	}
	if byFirst.names == nil {
		return hits
	}
	eachWordStart(text, func(i int) {
		for _, n := range byFirst.at(text, i) {
			h := hits[n]
			if h.points != nil || !strings.HasPrefix(text[i:], n) || !stands(text, i, n, levelSuffixes) {
				continue
			}
			h.found = true
			h.points = pointsAfter(text, i+len(n))
			hits[n] = h
		}
	})
	return hits
}

// namedWhole returns namedAnywhere over the fielded text for the indicator
// names of s (normalised): the names made of CJK ideographs are looked for
// in one pass per scheme, and remembered for the next scheme.
func (p *parser) namedWhole(s *scheme.Scheme) func(name string) bool {
	p.lookForNames(s)
	all := p.fieldedText()
	return func(name string) bool {
		if found, ok := p.wholeNames[name]; ok {
			return found
		}
		return namedAnywhere(all, name)
	}
}

// lookForNames finds which indicator names of the schemes ss (made of CJK
// ideographs, normalised) the fielded text names whole, in one pass for
// all the names not looked for yet: detectScheme asks of several schemes.
func (p *parser) lookForNames(ss ...*scheme.Scheme) {
	if p.wholeNames == nil {
		p.wholeNames = map[string]bool{}
	}
	var todo []string
	look := func(name string) {
		if n := norm(name); allIdeographs(n) {
			if _, known := p.wholeNames[n]; !known {
				p.wholeNames[n] = false
				todo = append(todo, n)
			}
		}
	}
	for _, s := range ss {
		for _, ind := range s.Indicators {
			look(ind.Name)
			for _, a := range ind.Aliases {
				look(a)
			}
		}
	}
	for n := range wholeNames(p.fieldedText(), todo) {
		p.wholeNames[n] = true
	}
}

// wholeNames is the set of names (each made of CJK ideographs) that occur in
// text not preceded by an ideograph (namedAnywhere), found in one pass.
func wholeNames(text string, names []string) map[string]bool {
	found := map[string]bool{}
	var byFirst firstIdeographs
	for _, n := range names {
		if allIdeographs(n) {
			byFirst.add(n)
		}
	}
	if byFirst.names == nil {
		return found
	}
	eachWordStart(text, func(i int) {
		for _, n := range byFirst.at(text, i) {
			if !found[n] && strings.HasPrefix(text[i:], n) {
				found[n] = true
			}
		}
	})
	return found
}

// firstIdeographs holds names made of CJK ideographs by their first
// ideograph. A text has a word start every few characters and few of them
// open a name: a bit per ideograph (its low ten bits, an ideograph's last
// two bytes) turns most of them away before the map is asked, whose string
// hashing was most of the time of the scans above.
type firstIdeographs struct {
	seen  [1024 / 64]uint64
	names map[string][]string // by the first ideograph's three bytes
}

// add adds name, which must be made of CJK ideographs.
func (f *firstIdeographs) add(name string) {
	if f.names == nil {
		f.names = map[string][]string{}
	}
	b := lowBits(name, 0)
	f.seen[b/64] |= 1 << (b % 64)
	f.names[name[:3]] = append(f.names[name[:3]], name)
}

// at returns the names whose first ideograph is the one at byte i of text,
// which must be an ideograph.
func (f *firstIdeographs) at(text string, i int) []string {
	if b := lowBits(text, i); f.seen[b/64]&(1<<(b%64)) == 0 {
		return nil
	}
	return f.names[text[i:i+3]]
}

// lowBits returns the low ten bits of the three-byte rune at byte i of s.
func lowBits(s string, i int) uint {
	return uint(s[i+1]&0x0F)<<6 | uint(s[i+2]&0x3F)
}

// eachWordStart calls fn at every byte of text where a CJK ideograph
// follows no ideograph: the only places where a name made of ideographs can
// stand on its own (an occurrence there cannot overlap an earlier one of the
// same name, whose last ideograph would precede it).
func eachWordStart(text string, fn func(i int)) {
	after := false
	for i := 0; i < len(text); {
		if !isIdeograph(text, i) {
			after = false
			i++
			continue
		}
		if !after {
			fn(i)
		}
		after = true
		i += 3
	}
}

// allIdeographs reports whether s is non-empty and made only of CJK
// ideographs (U+4E00–U+9FFF).
func allIdeographs(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i += 3 {
		if !isIdeograph(s, i) {
			return false
		}
	}
	return true
}

// pointsAfter reads the points printed right after a level name that ends
// at byte at of text ("投入（20分）"), nil when there are none.
func pointsAfter(text string, at int) *float64 {
	after := strings.TrimPrefix(text[at:min(len(text), at+24)], "|")
	if m := levelPointsRE.FindStringSubmatch(after); m != nil {
		if v, err := number.ParseDecimal(m[1]); err == nil {
			return &v
		}
	}
	return nil
}
