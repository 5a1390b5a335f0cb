package extract

import "sort"

// A table row of a scanned form often wraps its cells over two or three
// visual lines ("局机关及 / 二级机构 / 汇总" beside one line of figures). The
// rules tell which lines share a row: those between the same two
// horizontal rules. Such a short row is printed as one line, each cell's
// words in reading order, so that the layout reader sees one row whose
// label is whole, as a text layer gives it. A tall row (a cell of running
// text) keeps its lines.

// maxBandLines is the most visual lines a ruled row may have to be joined.
const maxBandLines = 4

// band is the pair of horizontal rules around a line: indexes into the
// page's horizontal rules, -1 when there is none.
type band struct{ above, below int }

// lineBand finds the nearest horizontal rules above and below a line that
// overlap its words' extent.
func lineBand(l *ocrLine, across []rule) band {
	left, right := l.words[0].Box[0], l.words[0].Box[2]
	for _, w := range l.words {
		left, right = min(left, w.Box[0]), max(right, w.Box[2])
	}
	b := band{-1, -1}
	for i, r := range across {
		if r.to < left || r.from > right {
			continue
		}
		if r.pos <= l.top && (b.above < 0 || r.pos > across[b.above].pos) {
			b.above = i
		}
		if r.pos >= l.bottom && (b.below < 0 || r.pos < across[b.below].pos) {
			b.below = i
		}
	}
	return b
}

// cellIndex is the number of vertical rules left of a word at its height.
func cellIndex(w OCRWord, down []rule) int {
	x, y := (w.Box[0]+w.Box[2])/2, (w.Box[1]+w.Box[3])/2
	n := 0
	for _, r := range down {
		if r.pos < x && r.from <= y && y <= r.to {
			n++
		}
	}
	return n
}

// maxWrapChars is the widest a cell wrapped over several lines may be, in
// characters, to be joined: a form's label or header column. A wider cell
// holds running text, whose lines the layout reader joins itself (a joined
// line would also make every other line of its column look short).
const maxWrapChars = 7

// narrowCells reports whether every cell that has words on more than one of
// the lines is at most maxWrapChars characters (the body height) wide.
func narrowCells(lines []*ocrLine, down []rule) bool {
	type extent struct{ left, right, line, lines int }
	cells := map[int]*extent{}
	h := 0
	for k, l := range lines {
		for _, w := range l.words {
			h = max(h, w.Box[3]-w.Box[1])
			c := cellIndex(w, down)
			e, ok := cells[c]
			if !ok {
				cells[c] = &extent{w.Box[0], w.Box[2], k, 1}
				continue
			}
			e.left, e.right = min(e.left, w.Box[0]), max(e.right, w.Box[2])
			if e.line != k {
				e.line, e.lines = k, e.lines+1
			}
		}
	}
	for _, e := range cells {
		if e.lines > 1 && e.right-e.left > maxWrapChars*h {
			return false
		}
	}
	return true
}

// mergeBands joins the lines of each short ruled row into one line (lines
// come sorted by top, words by x); the words of a joined line are ordered
// by cell, then line, then x.
func mergeBands(lines []*ocrLine, across, down []rule) []*ocrLine {
	if len(across) == 0 || len(down) == 0 {
		return lines
	}
	out := make([]*ocrLine, 0, len(lines))
	for i := 0; i < len(lines); {
		b := lineBand(lines[i], across)
		j := i + 1
		if b.above >= 0 && b.below >= 0 {
			for j < len(lines) && lineBand(lines[j], across) == b {
				j++
			}
		}
		if n := j - i; n < 2 || n > maxBandLines || !narrowCells(lines[i:j], down) {
			out = append(out, lines[i])
			i++
			continue
		}
		type keyed struct {
			cell, line int
			w          OCRWord
		}
		var ks []keyed
		joined := &ocrLine{top: lines[i].top, bottom: lines[i].bottom}
		for k := i; k < j; k++ {
			joined.top, joined.bottom = min(joined.top, lines[k].top), max(joined.bottom, lines[k].bottom)
			for _, w := range lines[k].words {
				ks = append(ks, keyed{cellIndex(w, down), k, w})
			}
		}
		sort.SliceStable(ks, func(a, c int) bool {
			if ks[a].cell != ks[c].cell {
				return ks[a].cell < ks[c].cell
			}
			return ks[a].line < ks[c].line
		})
		for _, k := range ks {
			joined.words = append(joined.words, k.w)
		}
		out = append(out, joined)
		i = j
	}
	return out
}
