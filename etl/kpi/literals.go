package kpi

import "strings"

// literals interns the literal strings that gate the expensive work (the
// required literals of every pattern, the event keywords) and finds all of them
// in a sentence in one pass, so that a report costs one scan per sentence
// instead of one substring search per pattern.
type literals struct {
	list  []string
	ids   map[string]int
	first map[rune][]int
	// isFirst marks the first runes of the literals in the Basic Multilingual
	// Plane, so that most runes are rejected without a map lookup.
	isFirst [(1 << 16) / 64]uint64
}

func newLiterals() *literals {
	return &literals{ids: map[string]int{}, first: map[rune][]int{}}
}

// add interns lits and returns their ids; nil (no literal is known to be
// required) stays nil and means "always".
func (l *literals) add(lits []string) []int {
	if lits == nil {
		return nil
	}
	ids := make([]int, 0, len(lits))
	for _, s := range lits {
		if s == "" {
			return nil // the empty string is everywhere
		}
		id, ok := l.ids[s]
		if !ok {
			id = len(l.list)
			l.list = append(l.list, s)
			l.ids[s] = id
			r := []rune(s)[0]
			l.first[r] = append(l.first[r], id)
			if r < 1<<16 {
				l.isFirst[r/64] |= 1 << (r % 64)
			}
		}
		ids = append(ids, id)
	}
	return ids
}

// bitset holds, per literal id, whether the sentence contains it.
type bitset []uint64

// scan returns the literals present in s.
func (l *literals) scan(s string) bitset {
	b := make(bitset, (len(l.list)+63)/64)
	for i, r := range s {
		if r < 1<<16 && l.isFirst[r/64]&(1<<(r%64)) == 0 {
			continue
		}
		for _, id := range l.first[r] {
			if strings.HasPrefix(s[i:], l.list[id]) {
				b[id/64] |= 1 << (id % 64)
			}
		}
	}
	return b
}

// anyOf reports whether one of ids is present; nil ids means "always".
func (b bitset) anyOf(ids []int) bool {
	if ids == nil {
		return true
	}
	for _, id := range ids {
		if id/64 < len(b) && b[id/64]&(1<<(id%64)) != 0 {
			return true
		}
	}
	return false
}
