package kpi

import (
	"strings"
	"unicode/utf8"

	"jixiao/etl/cjk"
)

// literals interns the literal strings that gate the expensive work (the
// required literals of every pattern, the event keywords, the signs and words
// of the checks) and finds all of them while a paragraph is split into
// sentences, so that a report costs one pass over its text instead of one
// substring search per pattern and sentence.
type literals struct {
	list []string
	ids  map[string]int
	// groups holds the literals by first rune; firstBMP maps a rune of the
	// Basic Multilingual Plane to its group + 1 (0: no literal starts with
	// it), firstOther the rest. An array, not a map: the split consults it for
	// every rune of a report.
	groups     []litGroup
	firstBMP   []int32
	firstOther map[rune]int
	// isFirst marks the first runes of the literals in the Basic Multilingual
	// Plane, so that most runes are rejected by one bit test.
	isFirst [(1 << 16) / 64]uint64
	// The split finds a literal of one rune by its rune, a longer one by its
	// first two runes. stop marks the one-rune literals and the runes the
	// split looks at for its own sake (sentence ends, digits, runes
	// number.Normalize maps); bigram marks a hash of the first two runes of the
	// longer literals, whose ids pairs holds. Most runes pass both with a bit
	// test each, whereas a test on first runes alone stops at every third rune
	// of a report (年, 资, 项, 目 start literals).
	stop   [(1 << 16) / 64]uint64
	bigram [(1 << 16) / 64]uint64
	pairs  map[[2]rune][]int
	// unsafe literals may reach over a sentence end or into the white space
	// trimmed around a sentence ("。", " 年"): the split does not see them, and
	// they are looked for in each sentence instead.
	unsafe []int
	// gates are the gates handed out, whose masks final sets.
	gates []*gate
}

// litGroup holds the literals that start with one rune: their ids and what
// follows that rune in each.
type litGroup struct {
	ids    []int
	rests  []string
	safe   []bool
	single int // id of the one-rune literal, or -1
}

// splitRunes are the runes the split stops at besides the literals: the
// sentence ends (the line break is split off first), digits and the runes
// number.Normalize maps.
const splitRunes = ";!?.0123456789。；！？０１２３４５６７８９．％－＋\u3000"

func newLiterals() *literals {
	l := &literals{ids: map[string]int{}, firstBMP: make([]int32, 1<<16), firstOther: map[rune]int{}, pairs: map[[2]rune][]int{}}
	for _, r := range splitRunes {
		l.stop[r/64] |= 1 << (r % 64)
	}
	return l
}

// words is the length of a bitset over the literals.
func (l *literals) words() int {
	return (len(l.list) + 63) / 64
}

// group returns the index into groups of the literals starting with r, or -1.
func (l *literals) group(r rune) int {
	if r < 1<<16 {
		return int(l.firstBMP[r]) - 1
	}
	if g, ok := l.firstOther[r]; ok {
		return g
	}
	return -1
}

// first reports whether a literal may start with r.
func (l *literals) first(r rune) bool {
	if r < 1<<16 {
		return l.isFirst[r/64]&(1<<(r%64)) != 0
	}
	_, ok := l.firstOther[r]
	return ok
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
			r, size := utf8.DecodeRuneInString(s)
			g := l.group(r)
			if g < 0 {
				g = len(l.groups)
				l.groups = append(l.groups, litGroup{single: -1})
				if r < 1<<16 {
					l.firstBMP[r] = int32(g + 1)
					l.isFirst[r/64] |= 1 << (r % 64)
				} else {
					l.firstOther[r] = g
				}
			}
			safe := safeLiteral(s)
			if !safe {
				l.unsafe = append(l.unsafe, id)
			}
			grp := &l.groups[g]
			grp.ids = append(grp.ids, id)
			grp.rests = append(grp.rests, s[size:])
			grp.safe = append(grp.safe, safe)
			switch r2, _ := utf8.DecodeRuneInString(s[size:]); {
			case !safe:
			case size == len(s):
				grp.single = id
				if r < 1<<16 {
					l.stop[r/64] |= 1 << (r % 64)
				}
			default:
				key := [2]rune{r, r2}
				l.pairs[key] = append(l.pairs[key], id)
				h := pairHash(r, r2)
				l.bigram[h/64] |= 1 << (h % 64)
			}
		}
		ids = append(ids, id)
	}
	return ids
}

// safeLiteral reports whether every occurrence of s in a paragraph that starts
// inside a sentence lies inside it: s holds no sentence end or line break, and
// does not start or end with white space (which the sentence is trimmed of).
func safeLiteral(s string) bool {
	for _, r := range s {
		if isSentenceEnd(r) || r == '\n' {
			return false
		}
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	return !isSpace(first) && !isSpace(last)
}

// noRune stands for "no rune before": a value no literal starts with.
const noRune = utf8.MaxRune + 1

// stops reports whether the split must look at r for its own sake or as a
// one-rune literal.
func (l *literals) stops(r rune) bool {
	u := uint32(r)
	return u >= 1<<16 || l.stop[u>>6]&(1<<(u&63)) != 0
}

// pairs2 reports whether a literal may start with r1 r2.
func (l *literals) pairs2(r1, r2 rune) bool {
	h := pairHash(r1, r2)
	return l.bigram[h>>6]&(1<<(h&63)) != 0
}

// lead3 marks the first bytes of the three-byte runes decoded inline: E0 and
// ED restrict their second byte and take the slow path.
var lead3 = func() (t [256]bool) {
	for c := 0xE1; c <= 0xEF; c++ {
		t[c] = c != 0xED
	}
	return t
}()

// skip returns the first offset at or after i of a rune the split must look
// at, that rune and its size (0: not a valid ASCII or three-byte rune, which
// the split decodes itself), and the rune before it with its offset. A rune
// needs a look when it stops or ends a possible literal pair. It is the
// split's hot loop, kept small so that its few variables stay in registers.
func (l *literals) skip(line string, i int, prev rune, prevAt int) (at int, r rune, size int, before rune, beforeAt int) {
	for i < len(line) {
		c := line[i]
		var u uint32
		n := 1
		if c < utf8.RuneSelf {
			u = uint32(c)
		} else {
			if !lead3[c] || i+2 >= len(line) {
				return i, 0, 0, prev, prevAt
			}
			b := line[i+1 : i+3]
			if (b[0]^0x80)|(b[1]^0x80) >= 0x40 {
				return i, 0, 0, prev, prevAt
			}
			u, n = uint32(c&0x0F)<<12|uint32(b[0]&0x3F)<<6|uint32(b[1]&0x3F), 3
		}
		if l.stop[u>>6]&(1<<(u&63)) != 0 {
			return i, rune(u), n, prev, prevAt
		}
		if h := pairHash(prev, rune(u)); l.bigram[h>>6]&(1<<(h&63)) != 0 {
			return i, rune(u), n, prev, prevAt
		}
		prev, prevAt = rune(u), i
		i += n
	}
	return i, 0, 0, prev, prevAt
}

// pairHash maps the first two runes of a literal to a bit of bigram.
func pairHash(r1, r2 rune) uint32 {
	return (uint32(r1)*0x9E3779B1 ^ uint32(r2)*0x85EBCA6B) >> 16
}

// matchSingle sets in b the safe one-rune literal r, if there is one.
func (l *literals) matchSingle(r rune, b bitset) {
	if g := l.group(r); g >= 0 {
		if id := l.groups[g].single; id >= 0 {
			b[id/64] |= 1 << (id % 64)
		}
	}
}

// matchPair sets in b the safe literals of two or more runes that start at
// s[i] with r1 r2.
func (l *literals) matchPair(s string, i int, r1, r2 rune, b bitset) {
	for _, id := range l.pairs[[2]rune{r1, r2}] {
		if strings.HasPrefix(s[i:], l.list[id]) {
			b[id/64] |= 1 << (id % 64)
		}
	}
}

// scan sets in b (of length words()) every literal present in s. The split
// finds the safe literals as it goes; scan serves the sentences it cannot
// (normalised ones) and the tests.
func (l *literals) scan(s string, b bitset) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if l.first(r) {
			g := &l.groups[l.group(r)]
			for k, id := range g.ids {
				if strings.HasPrefix(s[i+size:], g.rests[k]) {
					b[id/64] |= 1 << (id % 64)
				}
			}
		}
		i += size
	}
}

// scanUnsafe sets in b the unsafe literals present in s.
func (l *literals) scanUnsafe(s string, b bitset) {
	for _, id := range l.unsafe {
		if cjk.Contains(s, l.list[id]) {
			b[id/64] |= 1 << (id % 64)
		}
	}
}

// gate interns the required literal sets of a valid expression.
func (l *literals) gate(src string) *gate {
	g := &gate{}
	for _, set := range requiredSetsOf(src) {
		if ids := l.add(set); ids != nil {
			g.sets = append(g.sets, ids)
		}
	}
	l.gates = append(l.gates, g)
	return g
}

// key returns the union of the most selective literal set of each pattern's
// gate (see entry), or nil when a pattern has an empty gate. Call after final.
func (l *literals) key(pats []*pattern) []uint64 {
	key := make([]uint64, l.words())
	for _, p := range pats {
		key = union(key, l.keyOf(p.gate))
	}
	return key
}

// keyOf returns the mask of the most selective literal set of g (the one
// whose shortest literal is longest), or nil when g has no set.
func (l *literals) keyOf(g *gate) []uint64 {
	w := l.words()
	best := -1
	for k, ids := range g.sets {
		if best < 0 || minLen(l.strings(ids)) > minLen(l.strings(g.sets[best])) {
			best = k
		}
	}
	if best < 0 {
		return nil
	}
	return append([]uint64(nil), g.masks[best*w:(best+1)*w]...)
}

// strings returns the literals of ids.
func (l *literals) strings(ids []int) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = l.list[id]
	}
	return out
}

// final computes the masks of the gates, once every literal is known.
func (l *literals) final() {
	w := l.words()
	for _, g := range l.gates {
		g.masks = make([]uint64, len(g.sets)*w)
		for k, ids := range g.sets {
			for _, id := range ids {
				g.masks[k*w+id/64] |= 1 << (id % 64)
			}
		}
	}
}

// gate is a conjunction of literal sets: it is open on a sentence holding one
// literal of every set. An empty gate is always open. masks holds one bitset
// per set, so that a set is tested with a few ANDs.
type gate struct {
	sets  [][]int
	masks []uint64
}

func (g *gate) open(b bitset) bool {
	w := len(b)
	if w == 0 || len(g.masks) != len(g.sets)*w {
		for _, ids := range g.sets { // not final, or another bitset length
			if !b.anyOf(ids) {
				return false
			}
		}
		return true
	}
	for k := 0; k < len(g.masks); k += w {
		hit := uint64(0)
		for j, m := range g.masks[k : k+w] {
			hit |= b[j] & m
		}
		if hit == 0 {
			return false
		}
	}
	return true
}

// bitset holds, per literal id, whether the sentence contains it.
type bitset []uint64

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
