package extract

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // photos
	_ "image/png"  // photos
	"io"
	"os"
	"strconv"
	"strings"
)

// The ruling lines of a scanned form are found and erased before OCR:
// tesseract reads a bordered table poorly (with the borders in, the rows at
// the top of the seed's first page were not read at all), and the lines
// themselves are what tells the cells of a table apart. Both directions are
// runs of dark pixels far longer than any stroke of a character.

// pageImage is a grey page: one byte per pixel, 0 black.
type pageImage struct {
	w, h int
	pix  []byte
}

// rule is one ruling line: a horizontal rule lies at y = pos from x = from to
// x = to; a vertical one at x = pos from y = from to y = to (pixels,
// inclusive).
type rule struct {
	pos, from, to int
}

// ruleDark is the grey level under which a pixel can belong to a rule; the
// anti-aliased edge of a thin line is lighter.
const (
	ruleDark  = 170
	ruleFaint = 235
	// ruleGap is the longest break (JPEG noise, a crossing) inside one rule.
	ruleGap = 3
)

// minRule is the shortest run of dark pixels that is a rule and not a
// stroke: a twentieth of the page's width is about three characters of body
// text (the resolution of a photo is unknown; its width is the page's).
func minRule(width int) int { return max(24, width/20) }

// mergeRules joins the runs of adjacent rows (columns) that overlap: one
// line a few pixels thick is one rule.
func mergeRules(raw []rule) []rule {
	type acc struct {
		first, last, from, to int
	}
	var open, done []acc
	for _, r := range raw {
		merged := false
		for k := range open {
			a := &open[k]
			if r.pos-a.last <= 1 && r.from <= a.to && r.to >= a.from {
				a.last, a.from, a.to = r.pos, min(a.from, r.from), max(a.to, r.to)
				merged = true
				break
			}
		}
		if !merged {
			open = append(open, acc{r.pos, r.pos, r.from, r.to})
		}
		// Close the rules that can no longer grow (raw comes in pos order).
		keep := open[:0]
		for _, a := range open {
			if r.pos-a.last > 1 {
				done = append(done, a)
			} else {
				keep = append(keep, a)
			}
		}
		open = keep
	}
	done = append(done, open...)
	out := make([]rule, 0, len(done))
	for _, a := range done {
		out = append(out, rule{(a.first + a.last) / 2, a.from, a.to})
	}
	return out
}

// eraseRules whitens the rules' pixels and their faint edges (two pixels
// beyond the dark core, where anti-aliasing and JPEG leave grey).
func (p *pageImage) eraseRules(across bool, raw []rule) {
	for _, r := range raw {
		for i := r.from; i <= r.to; i++ {
			for d := -2; d <= 2; d++ {
				x, y := i, r.pos+d
				if !across {
					x, y = r.pos+d, i
				}
				if x < 0 || y < 0 || x >= p.w || y >= p.h {
					continue
				}
				if k := y*p.w + x; p.pix[k] < ruleFaint {
					p.pix[k] = 255
				}
			}
		}
	}
}

// ruledPage is a page with its rules found and erased.
type ruledPage struct {
	img    *pageImage
	across []rule
	down   []rule
}

// removeRules finds the page's rules in both directions (before erasing
// either, so that crossings do not cut them) and erases them.
func removeRules(p *pageImage) ruledPage {
	n := minRule(p.w)
	rawAcross := p.rawRules(true, n)
	rawDown := p.rawRules(false, n)
	p.eraseRules(true, rawAcross)
	p.eraseRules(false, rawDown)
	return ruledPage{img: p, across: mergeRules(rawAcross), down: mergeRules(rawDown)}
}

// rawRules are the unmerged runs (one per pixel row or column).
func (p *pageImage) rawRules(across bool, minLen int) []rule {
	outer, inner := p.h, p.w
	at := func(o, i int) byte { return p.pix[o*p.w+i] }
	if !across {
		outer, inner = p.w, p.h
		at = func(o, i int) byte { return p.pix[i*p.w+o] }
	}
	var raw []rule
	for o := range outer {
		start, last := -1, -1
		for i := range inner + 1 {
			if i < inner && at(o, i) < ruleDark {
				if start < 0 {
					start = i
				}
				last = i
				continue
			}
			if start >= 0 && (i == inner || i-last > ruleGap) {
				if last-start+1 >= minLen {
					raw = append(raw, rule{o, start, last})
				}
				start = -1
			}
		}
	}
	return raw
}

// maxImagePixels bounds a page or photo (a 300 dpi A3 page is 17 million).
const maxImagePixels = 60_000_000

// readPGM reads a binary greymap (P5, 8 bit) as pdftoppm -gray writes it.
func readPGM(r io.Reader) (*pageImage, error) {
	br := bufio.NewReader(r)
	var fields []int
	magic := make([]byte, 2)
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != "P5" {
		return nil, errors.New("not a binary greymap (P5)")
	}
	for len(fields) < 3 {
		c, err := br.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("greymap header: %w", err)
		}
		switch {
		case c == '#':
			if _, err := br.ReadString('\n'); err != nil {
				return nil, fmt.Errorf("greymap header: %w", err)
			}
		case c >= '0' && c <= '9':
			tok := []byte{c}
			for {
				d, err := br.ReadByte()
				if err != nil {
					return nil, fmt.Errorf("greymap header: %w", err)
				}
				if d < '0' || d > '9' {
					break
				}
				tok = append(tok, d)
			}
			v, err := strconv.Atoi(string(tok))
			if err != nil || v <= 0 || v > maxOCRPixels {
				return nil, fmt.Errorf("greymap header: bad number %q", tok)
			}
			fields = append(fields, v)
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		default:
			return nil, fmt.Errorf("greymap header: unexpected %q", c)
		}
	}
	w, h, maxv := fields[0], fields[1], fields[2]
	if maxv != 255 || w*h > maxImagePixels {
		return nil, fmt.Errorf("greymap %dx%d (max %d) is not supported", w, h, maxv)
	}
	p := &pageImage{w: w, h: h, pix: make([]byte, w*h)}
	if _, err := io.ReadFull(br, p.pix); err != nil {
		return nil, fmt.Errorf("greymap pixels: %w", err)
	}
	return p, nil
}

// readPGMFile reads a greymap file.
func readPGMFile(path string) (*pageImage, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readPGM(f)
}

// decodeImage reads a photo (PNG, JPEG) as a grey page.
func decodeImage(data []byte) (*pageImage, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("image header: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxImagePixels {
		return nil, fmt.Errorf("image of %dx%d pixels is too large", cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("image: %w", err)
	}
	b := img.Bounds()
	g, ok := img.(*image.Gray)
	if !ok || g.Stride != b.Dx() {
		g = image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(g, g.Bounds(), img, b.Min, draw.Src)
	}
	return &pageImage{w: b.Dx(), h: b.Dy(), pix: g.Pix}, nil
}

// writePGM writes the page as a binary greymap, which tesseract reads.
func (p *pageImage) writePGM(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	fmt.Fprintf(bw, "P5\n%d %d\n255\n", p.w, p.h)
	bw.Write(p.pix)
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ruleNear reports whether a vertical rule crosses height y within tol
// pixels of x.
func ruleNear(down []rule, x, y, tol int) bool {
	for _, r := range down {
		if r.from <= y && y <= r.to && r.pos >= x-tol && r.pos <= x+tol {
			return true
		}
	}
	return false
}

// ruleBetween reports whether a vertical rule crosses height y strictly
// between x0 and x1: the two words sit in different cells.
func ruleBetween(down []rule, x0, x1, y int) bool {
	for _, r := range down {
		if r.from <= y && y <= r.to && r.pos > x0 && r.pos < x1 {
			return true
		}
	}
	return false
}

// isQuote is a quotation mark tesseract reads into a table: beside an erased
// rule it also invents one from the gap ("”政府", "“146.95").
func isQuote(r rune) bool { return r == '“' || r == '”' || r == '"' }

// dropPhantoms strips the quotation marks that open or close a word right
// beside a vertical rule, and drops a word that was nothing else. A quote
// that truly opens a cell is lost with them; the figures never depend on it.
func dropPhantoms(words []OCRWord, down []rule) []OCRWord {
	if len(down) == 0 {
		return words
	}
	out := words[:0:0]
	for _, w := range words {
		tol := w.Box[3] - w.Box[1]
		y := (w.Box[1] + w.Box[3]) / 2
		text := w.Text
		if ruleNear(down, w.Box[0], y, tol) {
			text = strings.TrimLeftFunc(text, isQuote)
		}
		if ruleNear(down, w.Box[2], y, tol) {
			text = strings.TrimRightFunc(text, isQuote)
		}
		if text == "" {
			continue
		}
		w.Text = text
		out = append(out, w)
	}
	return out
}

// sameCell reports whether a word and the field before it (starting at
// left) sit in one ruled cell: a vertical rule on either side at the
// word's height. A gap inside a ruled cell does not start a new field
// (a remark "备注：90（含）  —100分为优" stays one cell).
func sameCell(down []rule, left int, w OCRWord) bool {
	if len(down) == 0 {
		return false
	}
	y := (w.Box[1] + w.Box[3]) / 2
	return ruleBetween(down, -1, left, y) && ruleBetween(down, w.Box[2], maxOCRPixels+1, y)
}
