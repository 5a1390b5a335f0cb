package extract

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// extractPDF runs `pdftotext -layout -enc UTF-8 FILE -` (poppler-utils) on a
// temporary copy and turns the layout text into blocks (see layoutBlocks).
func extractPDF(ctx context.Context, data []byte, lim Limits) (*Document, error) {
	fail := func(where, reason string, err error) (*Document, error) {
		return nil, &Error{Stage: stage, Format: "pdf", Where: where, Reason: reason, Err: err}
	}
	// The header may follow some junk, but must be within the first 1 KiB.
	if !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
		return fail("", "not a PDF (no %PDF- header)", nil)
	}
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		return fail("", "pdftotext (poppler-utils) is not installed", err)
	}
	dir, err := os.MkdirTemp("", "jixiao-pdf-")
	if err != nil {
		return fail("", "cannot create a temporary directory", err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "input.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return fail("", "cannot write a temporary file", err)
	}
	out := &limitBuffer{max: int(min(lim.MaxDocxUncompressed, int64(1<<31-1)))}
	stderr := &headBuffer{max: 4096}
	cmd := exec.CommandContext(ctx, tool, "-layout", "-enc", "UTF-8", in, "-")
	cmd.Stdout, cmd.Stderr = out, stderr
	cmd.WaitDelay = 2 * time.Second
	err = cmd.Run()
	switch {
	case ctx.Err() != nil:
		return nil, cancelled("pdf", "pdftotext", ctx.Err())
	case out.over:
		return fail("pdftotext", fmt.Sprintf("text output exceeds the %d-byte limit", out.max), errLimit)
	case err != nil:
		msg := firstLine(stderr.String())
		if msg == "" {
			msg = "no diagnostic"
		}
		return fail("pdftotext", "pdftotext could not read the PDF: "+msg, err)
	}
	text := out.buf.String()
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	if pages, scanned := noTextLayer(text); scanned {
		if lim.SkipOCR {
			return fail("", "the PDF has no text layer and needs OCR", ErrNeedsOCR)
		}
		return ocrPDF(ctx, in, pages)
	}
	blocks, err := layoutBlocks(ctx, text)
	if err != nil {
		return nil, err
	}
	return &Document{Format: "pdf", Blocks: blocks}, nil
}

// minRunesPerPage: a PDF whose text layer holds fewer visible characters per
// page than this is a scan (a page number or a stamp is not a text layer).
const minRunesPerPage = 20

// noTextLayer reports whether pdftotext's output is (almost) empty, and the
// page count (pdftotext ends every page with a form feed).
func noTextLayer(text string) (pages int, scanned bool) {
	pages = max(1, strings.Count(text, "\f"))
	visible := 0
	for _, r := range text {
		if !unicode.IsSpace(r) && r != '\f' {
			visible++
		}
	}
	return pages, visible < minRunesPerPage*pages
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// Layout reconstruction. pdftotext -layout prints each page as lines of text
// placed on a character grid: table cells become fields separated by runs of
// spaces, text that wrapped in a cell or on the page continues on the next
// line at the same column, and cell borders are gone. Columns are only
// roughly kept (Chinese characters are wider than digits, and pdftotext
// shifts fields right to keep them apart), so the heuristics below compare
// columns within colSlack and never trust a header's columns for the data:
//
//   - A line splits into fields at gaps of layoutGapSpace or more spaces;
//     figures printed one space apart or one space after a short label
//     ("二级机构 146.95 47.84") are fields of their own. A line of at least
//     minColumns fields of at most maxFieldRunes runes each is table-like. A
//     table is a run of lines holding at least minTableRows table-like lines;
//     inside a run, up to maxLooseLines short one-field lines may stand
//     between table-like lines (a cell on a line of its own).
//   - Inside a table, a line whose fields each start where a cell of the row
//     above starts continues those cells when the text above went on below
//     (see wraps), or, in the first column, when the cell above filled that
//     column and the line is no wider than the cell's first line (an org name
//     that wrapped: "2、二级机构" / "1"). A field that opens a list ("1、",
//     "（二）", "③", "任务3：") always starts a new row. At a page break a
//     one-field first line continues the text the page ended in, or a first
//     column label that filled its column.
//   - An indented row (first field right of the table's left edge) starts
//     with an empty cell, as under a vertically merged cell. Between two
//     figures of a row, a gap of k column pitches (the median distance
//     between neighbouring figures in the table) holds k-1 blank cells.
//     Rows end at their last field: layout text cannot show trailing blanks.
//   - Other lines are paragraphs. A line joins the paragraph above when that
//     paragraph's last line went on below and the line does not open a list
//     or start indented (first-line indent); across a page break the column
//     may move. Lines with several fields stay paragraphs of their own.
//   - The single spaces pdftotext puts between Chinese and Latin text or
//     digits ("2021 年", "（3 分）") are removed: the source has none.
const (
	minColumns     = 2
	minTableRows   = 2
	maxFieldRunes  = 40
	layoutGapSpace = 2
	maxLooseLines  = 4
	maxGapCells    = 8 // at most this many blank cells between two figures
	colSlack       = 2
	// A text line fills its column when it reaches within fillShare of the
	// column's width (or 2 runes) of the widest line starting in that column
	// on its page; lines under minFilledRunes never wrap (labels, figures).
	fillShare      = 0.15
	minFilledRunes = 8
)

// segment is one field of a layout line.
type segment struct {
	col  int    // rune column where the field starts
	text string // the field, single inner spaces kept
}

func (s segment) right() int { return s.col + utf8.RuneCountInString(s.text) }

// layoutLine is one non-blank line of layout text.
type layoutLine struct {
	page int
	segs []segment // fields, figures split off (splitNumbers)
	raw  string    // the line trimmed
}

func (l layoutLine) tableLike() bool {
	if len(l.segs) < minColumns {
		return false
	}
	for _, s := range l.segs {
		if utf8.RuneCountInString(s.text) > maxFieldRunes {
			return false
		}
	}
	return true
}

func (l layoutLine) loose() bool {
	return len(l.segs) == 1 && utf8.RuneCountInString(l.segs[0].text) <= maxFieldRunes
}

// pageStats measures the columns of each page: per page and start column,
// the right edge of the widest field starting there (the width a wrapped line
// fills); per page, the left margin and where the first column ends (the
// nearest second field of a line starting at the margin).
type pageStats struct {
	widths   map[[2]int]int
	display  map[[2]int]int // the widest field's display width
	margin   map[int]int
	firstEnd map[int]int
}

func newPageStats(lines []*layoutLine) *pageStats {
	w := &pageStats{widths: map[[2]int]int{}, display: map[[2]int]int{}, margin: map[int]int{}, firstEnd: map[int]int{}}
	for _, l := range lines {
		if l == nil {
			continue
		}
		for _, s := range l.segs {
			k := [2]int{l.page, s.col}
			w.widths[k] = max(w.widths[k], s.right())
			w.display[k] = max(w.display[k], displayWidth(s.text))
		}
		if m, ok := w.margin[l.page]; !ok || l.segs[0].col < m {
			w.margin[l.page] = l.segs[0].col
		}
	}
	for _, l := range lines {
		if l == nil {
			continue
		}
		segs := l.segs
		if len(segs) < 2 || segs[0].col != w.margin[l.page] {
			continue
		}
		if e, ok := w.firstEnd[l.page]; !ok || segs[1].col < e {
			w.firstEnd[l.page] = segs[1].col
		}
	}
	return w
}

// firstColumn reports whether a cell starting at col on page is in the
// page's first column, and whether text ending at right fills that column.
func (w *pageStats) firstColumn(page, col, right int) (first, full bool) {
	first = col <= w.margin[page]+colSlack
	end, ok := w.firstEnd[page]
	return first, first && ok && right >= end-colSlack-1
}

// wraps reports whether s, the last line of a cell or paragraph on page,
// went on below: it reaches the right edge of its column (the widest field
// starting there on the page), or it is at least two thirds as wide in
// display width (digits and Latin letters are half as wide as Chinese, so
// the grid's columns say little) and stops without ending a sentence.
func (w *pageStats) wraps(page int, s segment) bool {
	n := utf8.RuneCountInString(s.text)
	if n < minFilledRunes {
		return false
	}
	edge, display := 0, 0
	for c := s.col - colSlack; c <= s.col+colSlack; c++ {
		edge = max(edge, w.widths[[2]int{page, c}])
		display = max(display, w.display[[2]int{page, c}])
	}
	width := edge - s.col
	if s.right() >= edge-max(2, int(fillShare*float64(width))) {
		return true
	}
	return openTwoThirds(s.text, display)
}

// openTwoThirds reports whether line is at least two thirds as wide as
// widest, in display width, and stops without ending a sentence: a line that
// wrapped before a rune that did not fit.
func openTwoThirds(line string, widest int) bool {
	last, _ := utf8.DecodeLastRuneInString(line)
	return 3*displayWidth(line) >= 2*widest && !strings.ContainsRune(sentenceEnds, last)
}

// sentenceEnds end a sentence, a heading or a label.
const sentenceEnds = "。：:；;！!？?…"

// layoutBlocks turns pdftotext -layout output into blocks (see above).
func layoutBlocks(ctx context.Context, text string) ([]Block, error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var lines []*layoutLine // nil for a blank line
	page := 0
	for i, raw := range strings.Split(text, "\n") {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, cancelled("pdf", fmt.Sprintf("line %d", i+1), err)
			}
		}
		// A form feed starts a page; pdftotext puts it before the page's
		// first line, which continues the text above: no blank line.
		parts := strings.Split(raw, "\f")
		for k, part := range parts {
			if k > 0 {
				page++
			}
			segs := splitNumbers(splitSegments(part))
			switch {
			case len(segs) > 0:
				lines = append(lines, &layoutLine{page: page, segs: segs, raw: strings.TrimSpace(part)})
			case len(parts) == 1:
				lines = append(lines, nil)
			}
		}
	}
	b := &layoutBuilder{lines: lines, widths: newPageStats(lines)}
	noTable := 0 // lines before this index start no table
	for i := 0; i < len(lines); {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, cancelled("pdf", fmt.Sprintf("line %d", i+1), err)
			}
		}
		if i >= noTable && lines[i] != nil && lines[i].tableLike() {
			t, next := b.table(i)
			if t != nil {
				b.flushPara()
				b.blocks = append(b.blocks, Block{Kind: TableBlock, Table: t})
				i = next
				continue
			}
			// The lines of a run too small for a table are text: scanning
			// them again from each table-like line would take quadratic time.
			noTable = next
		}
		b.text(i)
		i++
	}
	b.flushPara()
	return b.blocks, nil
}

// splitSegments splits a line into fields at gaps of layoutGapSpace or more
// spaces (any white space: ASCII, ideographic, tabs), keeping each field's
// rune column.
func splitSegments(line string) []segment {
	var segs []segment
	var cur strings.Builder
	col, start, gap := 0, -1, 0
	flush := func() {
		if start >= 0 {
			segs = append(segs, segment{col: start, text: cur.String()})
		}
		cur.Reset()
		start = -1
	}
	for _, r := range line {
		if unicode.IsSpace(r) {
			gap++
			col++
			continue
		}
		if gap >= layoutGapSpace {
			flush()
		} else if gap > 0 && start >= 0 {
			cur.WriteByte(' ')
		}
		if start < 0 {
			start = col
		}
		gap = 0
		cur.WriteRune(r)
		col++
	}
	flush()
	return segs
}

// layoutBuilder collects blocks; para is the open paragraph.
type layoutBuilder struct {
	lines     []*layoutLine
	widths    *pageStats
	blocks    []Block
	para      *wrapped
	paraWidth measure
	last      *layoutLine // last line of the open paragraph
}

func (b *layoutBuilder) flushPara() {
	if b.para != nil {
		b.blocks = append(b.blocks, Block{Kind: Paragraph, Text: tidySpaces(b.para.String())})
	}
	b.para, b.last, b.paraWidth = nil, nil, measure{}
}

// text adds line i (not part of a table) to the paragraphs.
func (b *layoutBuilder) text(i int) {
	l := b.lines[i]
	if l == nil {
		b.flushPara()
		return
	}
	if len(l.segs) > 1 {
		b.flushPara()
		b.blocks = append(b.blocks, Block{Kind: Paragraph, Text: tidySpaces(l.raw)})
		return
	}
	s := l.segs[0]
	if p := b.last; p != nil && !opensList(s.text) {
		ps := p.segs[0]
		cont := (b.widths.wraps(p.page, ps) || b.paraWidth.wraps(ps.text)) &&
			(p.page != l.page || (s.col <= ps.col+1 && s.col >= ps.col-colSlack-1))
		if cont {
			b.para.add(s.text)
			b.paraWidth.add(s.text, l.page)
			b.last = l
			return
		}
	}
	b.flushPara()
	b.para = &wrapped{}
	b.para.add(s.text)
	b.paraWidth.add(s.text, l.page)
	b.last = l
}

// cellBuf is a table cell being assembled from layout lines.
type cellBuf struct {
	start int // start column of its first line
	col   int // start column of its latest line
	first int // rune length of its first line
	text  wrapped
	last  segment
	page  int
	width measure
}

// measure follows the lines of one cell or paragraph on its latest page.
type measure struct {
	page   int
	widest int // display width of the longest line
	lines  int
}

func (m *measure) add(line string, page int) {
	if page != m.page || m.lines == 0 {
		*m = measure{page: page} // a column's width is measured per page
	}
	m.widest = max(m.widest, displayWidth(line))
	m.lines++
}

// wraps reports whether last, the latest line, went on below by the text's
// own measure: the text has wrapped before on this page (two lines or more,
// so its longest line shows the column's width), and the line is open and
// at least two thirds as wide as that (openTwoThirds). The page
// can hold a wider field in the same column (another table, a heading),
// against which a line that wrapped early (before a wide rune pair such as
// "“云", or a number that did not fit) looks short.
func (m *measure) wraps(last string) bool {
	return m.lines >= 2 && utf8.RuneCountInString(last) >= minFilledRunes && openTwoThirds(last, m.widest)
}

type rowBuf struct {
	cells []*cellBuf
}

// table reads the table run that starts at table-like line start. It returns
// the table, or nil when the run holds fewer than minTableRows table-like
// lines, and the index of the first line after the run.
func (b *layoutBuilder) table(start int) (*Table, int) {
	var (
		rows      []*rowBuf
		lastCell  *cellBuf
		tableRows = 0
		loose     = 0
		endLine   = start // one past the last line that belongs to the table
		endRows   = 0     // rows up to endLine
		prevPage  = b.lines[start].page
	)
scan:
	for i := start; i < len(b.lines); i++ {
		l := b.lines[i]
		if l == nil {
			continue
		}
		segs := l.segs
		pageBreak := l.page != prevPage
		prevPage = l.page
		var prev *rowBuf
		if len(rows) > 0 {
			prev = rows[len(rows)-1]
		}
		// At a page break the columns move: a one-field first line continues
		// the text the page ended in, or a first-column label that filled
		// its column.
		var carry *cellBuf
		if pageBreak && len(segs) == 1 && prev != nil && !opensList(segs[0].text) {
			first := prev.cells[0]
			_, full := b.widths.firstColumn(first.page, first.col, first.last.right())
			switch {
			case lastCell != nil && b.widths.wraps(lastCell.page, lastCell.last):
				carry = lastCell
			case full && segs[0].col <= b.widths.margin[l.page]+colSlack &&
				utf8.RuneCountInString(segs[0].text) <= first.first+colSlack:
				carry = first
			}
		}
		switch {
		case carry != nil:
			carry.append(segs[0], l.page)
			lastCell = carry
		case !pageBreak && prev != nil && b.labelWraps(prev, segs, l.page):
			// The whole line is the rest of the first cell ("2、二级" / "机构 1"):
			// a figure in it is part of the name, not a column.
			first := prev.cells[0]
			first.append(segment{col: segs[0].col, text: strings.TrimSpace(l.raw)}, l.page)
			lastCell = first
		case !pageBreak && prev != nil && b.continues(prev, segs, l.page):
			for _, s := range segs {
				c := prev.cellAt(s.col, l.page)
				c.append(s, l.page)
				lastCell = c
			}
		case l.tableLike():
			rows = append(rows, newRow(segs, l.page))
			lastCell = rows[len(rows)-1].cells[len(rows[len(rows)-1].cells)-1]
			tableRows++
			loose = 0
			endLine, endRows = i+1, len(rows)
			continue
		case l.loose() && loose < maxLooseLines:
			rows = append(rows, newRow(segs, l.page))
			lastCell = rows[len(rows)-1].cells[0]
			loose++
			continue
		default:
			break scan
		}
		// A continuation keeps the rows it continues, loose ones included.
		loose = 0
		endLine, endRows = i+1, len(rows)
	}
	if tableRows < minTableRows {
		return nil, endLine
	}
	rows = rows[:endRows]
	return b.finish(rows), endLine
}

// continues reports whether a line's fields continue cells of row prev.
func (b *layoutBuilder) continues(prev *rowBuf, segs []segment, page int) bool {
	for k, s := range segs {
		c := prev.cellAt(s.col, page)
		if c == nil || opensList(s.text) {
			return false
		}
		if k > 0 && prev.cellAt(segs[k-1].col, page) == c {
			return false
		}
		// A short label that filled the first column wrapped: "2、二级机构" / "1".
		_, full := b.widths.firstColumn(page, c.col, c.last.right())
		narrow := full && utf8.RuneCountInString(s.text) <= c.first+colSlack
		if !narrow && !b.widths.wraps(c.page, c.last) && !c.width.wraps(c.last.text) {
			return false
		}
	}
	return true
}

// labelWraps reports whether a line of several fields is the wrapped end of
// row prev's first cell, a short label: it starts under that cell, opens no
// list, ends within the cell's first-line width, and the cell filled its
// column (it reached the page's first column edge, or the row's next field
// follows it one space on). pdftotext prints a name wrapped in a narrow column, digit
// and all, as "机构 1", which splitNumbers has read as label and figure.
func (b *layoutBuilder) labelWraps(prev *rowBuf, segs []segment, page int) bool {
	if len(segs) < 2 || opensList(segs[0].text) {
		return false
	}
	first := prev.cells[0]
	if first.page != page || first.col != first.start || first.first > maxLabelRunes {
		return false // only a short name on one line so far
	}
	if d := segs[0].col - first.start; d < -colSlack || d > colSlack {
		return false
	}
	if segs[len(segs)-1].right() > first.start+first.first+colSlack {
		return false
	}
	_, full := b.widths.firstColumn(page, first.col, first.last.right())
	if len(prev.cells) > 1 && prev.cells[1].start <= first.last.right()+1 {
		full = true
	}
	return full
}

func newRow(segs []segment, page int) *rowBuf {
	r := &rowBuf{}
	for _, s := range segs {
		c := &cellBuf{start: s.col, col: s.col, first: utf8.RuneCountInString(s.text), last: s, page: page}
		c.width.add(s.text, page)
		c.text.add(s.text)
		r.cells = append(r.cells, c)
	}
	return r
}

// cellAt returns the cell of r whose latest line is on page and starts at
// col (within colSlack).
func (r *rowBuf) cellAt(col, page int) *cellBuf {
	for _, c := range r.cells {
		if d := c.col - col; c.page == page && d >= -colSlack && d <= colSlack {
			return c
		}
	}
	return nil
}

func (c *cellBuf) append(s segment, page int) {
	c.text.add(s.text)
	c.col, c.last, c.page = s.col, s, page
	c.width.add(s.text, page)
}

// finish turns assembled rows into a Table: indented rows get an empty first
// cell, numeric gaps of several column pitches get blank cells.
func (b *layoutBuilder) finish(rows []*rowBuf) *Table {
	left := -1
	var dists []int
	texts := make([][]string, len(rows))
	for i, r := range rows {
		if left < 0 || r.cells[0].start < left {
			left = r.cells[0].start
		}
		texts[i] = make([]string, len(r.cells))
		for k, c := range r.cells {
			texts[i][k] = c.text.String()
			if k > 0 && isNumber(texts[i][k-1]) && isNumber(texts[i][k]) {
				dists = append(dists, c.start-r.cells[k-1].start)
			}
		}
	}
	pitch := 0
	if len(dists) >= 3 {
		sort.Ints(dists)
		pitch = dists[len(dists)/2]
	}
	t := &Table{Rows: make([]Row, 0, len(rows))}
	for i, r := range rows {
		var cells []Cell
		if r.cells[0].start > left+colSlack-1 {
			cells = append(cells, Cell{Span: 1})
		}
		for k, c := range r.cells {
			text := texts[i][k]
			if k > 0 && pitch > 1 && isNumber(texts[i][k-1]) && isNumber(text) {
				steps := int(math.Round(float64(c.start-r.cells[k-1].start) / float64(pitch)))
				for j := 1; j < min(steps, maxGapCells+1); j++ {
					cells = append(cells, Cell{Span: 1})
				}
			}
			cells = append(cells, Cell{Text: tidySpaces(text), Span: 1})
		}
		t.Rows = append(t.Rows, Row{Cells: cells})
	}
	return t
}

// maxLabelRunes bounds the label figures may follow in splitNumbers.
const maxLabelRunes = 12

// splitNumbers splits figures printed one space apart ("1000.34 182.98"), or
// one space after a short label ("二级机构 146.95"), into fields of their
// own: pdftotext keeps narrow gaps between cells as single spaces. A number
// ending a line of running text ("…举办的 2021") stays.
func splitNumbers(segs []segment) []segment {
	var out []segment
	for _, s := range segs {
		if !strings.Contains(s.text, " ") {
			out = append(out, s)
			continue
		}
		toks := strings.Split(s.text, " ")
		k := len(toks) // toks[k:] are numbers
		for k > 0 && isNumber(toks[k-1]) {
			k--
		}
		head := strings.Join(toks[:k], " ")
		r, _ := utf8.DecodeLastRuneInString(head)
		switch {
		case k == len(toks):
			out = append(out, s)
			continue
		case k == 0 && len(toks) >= 2:
		case k > 0 && isWide(r) && utf8.RuneCountInString(head) <= maxLabelRunes:
			out = append(out, segment{col: s.col, text: head})
		default:
			out = append(out, s)
			continue
		}
		col := s.col + utf8.RuneCountInString(head)
		if k > 0 {
			col++ // the space after the label
		}
		for _, t := range toks[k:] {
			out = append(out, segment{col: col, text: t})
			col += utf8.RuneCountInString(t) + 1
		}
	}
	return out
}

// isNumber reports whether s is a plain figure: digits with an optional sign,
// thousands separators, decimal point and percent sign.
func isNumber(s string) bool {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "-"), "%")
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ',':
		default:
			return false
		}
	}
	return digits > 0
}

// listWords name numbered items of the form: "任务3：", "目标 2：", "指标1：".
var listWords = []string{"任务", "目标", "指标"}

// opensList reports whether a line starts a list item or heading: "1、",
// "2.", "一、", "（二）", "(3)", "①", "任务3：".
func opensList(s string) bool {
	for _, w := range listWords {
		if rest, ok := strings.CutPrefix(s, w); ok {
			rest = strings.TrimLeft(rest, " ")
			i := strings.IndexFunc(rest, func(r rune) bool { return !isNumeral(r) })
			if i > 0 && (strings.HasPrefix(rest[i:], "：") || strings.HasPrefix(rest[i:], ":") || strings.HasPrefix(rest[i:], "、")) {
				return true
			}
		}
	}
	r, size := utf8.DecodeRuneInString(s)
	switch {
	case r >= '①' && r <= '⑳':
		return true
	case r == '（' || r == '(':
		rest := s[size:]
		j := strings.IndexAny(rest, ")）")
		return j > 0 && j <= 9 && allNumeral(rest[:j])
	}
	i := strings.IndexFunc(s, func(r rune) bool { return !isNumeral(r) })
	if i <= 0 || i > 9 {
		return false
	}
	next, n := utf8.DecodeRuneInString(s[i:])
	if next == '、' {
		return true
	}
	if next == '.' || next == '．' {
		// "1.突出" opens an item; "40.3亿元" and "2021.5" are numbers.
		after, _ := utf8.DecodeRuneInString(s[i+n:])
		return after != utf8.RuneError && !(after >= '0' && after <= '9')
	}
	return false
}

func isNumeral(r rune) bool {
	return (r >= '0' && r <= '9') || strings.ContainsRune("一二三四五六七八九十", r)
}

func allNumeral(s string) bool {
	for _, r := range s {
		if !isNumeral(r) && r != ' ' {
			return false
		}
	}
	return s != ""
}

// displayWidth is the width of s in half-width cells: wide runes count two.
func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		w++
		if isWide(r) {
			w++
		}
	}
	return w
}

// isWide reports whether r is a Chinese character or full-width punctuation.
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) ||
		r == '“' || r == '”' || r == '‘' || r == '’' || r == '—' || r == '…' || r == '·'
}

func isLatin(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("%.+-", r))
}

// wrapped collects the lines of a text that wrapped: joined directly, but
// with a space between two Latin words.
type wrapped struct {
	b    strings.Builder
	last rune
}

func (w *wrapped) add(s string) {
	if s == "" {
		return
	}
	first, _ := utf8.DecodeRuneInString(s)
	if w.b.Len() > 0 && isLetter(w.last) && isLetter(first) {
		w.b.WriteByte(' ')
	}
	w.b.WriteString(s)
	w.last, _ = utf8.DecodeLastRuneInString(s)
}

func (w *wrapped) String() string { return w.b.String() }

func isLetter(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }

// tidySpaces drops a single space between a Chinese character and Latin
// text or digits, which pdftotext inserts and the source does not have.
func tidySpaces(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) && rs[i-1] != ' ' && rs[i+1] != ' ' {
			a, c := rs[i-1], rs[i+1]
			if (isWide(a) && isLatin(c)) || (isLatin(a) && isWide(c)) {
				continue
			}
		}
		out = append(out, r)
	}
	return string(out)
}
