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
// (see standingLevel) in one pass. An occurrence that stands cannot overlap
// an earlier occurrence of the same name (the ideograph before it would be
// the name's own), so the occurrences found are those standingLevel's
// non-overlapping scan finds.
func standingNames(text string, names []string) map[string]levelHit {
	hits := map[string]levelHit{}
	byFirst := map[string][]string{} // by the first ideograph's three bytes
	for _, n := range names {
		if _, dup := hits[n]; dup || !allIdeographs(n) {
			continue
		}
		hits[n] = levelHit{}
		byFirst[n[:3]] = append(byFirst[n[:3]], n)
	}
	if len(byFirst) == 0 {
		return hits
	}
	afterIdeograph := false
	for i := 0; i < len(text); {
		if !isIdeograph(text, i) {
			afterIdeograph = false
			i++
			continue
		}
		if !afterIdeograph {
			for _, n := range byFirst[text[i:i+3]] {
				h := hits[n]
				if h.points != nil || !strings.HasPrefix(text[i:], n) || !stands(text, i, n, levelSuffixes) {
					continue
				}
				h.found = true
				h.points = pointsAfter(text, i+len(n))
				hits[n] = h
			}
		}
		afterIdeograph = true
		i += 3
	}
	return hits
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
