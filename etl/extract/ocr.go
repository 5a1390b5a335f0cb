package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// OCR of scanned PDFs (no text layer) and photos (.jpg, .png) with Debian's
// tesseract-ocr and its Chinese data tesseract-ocr-chi-sim.
//
//   - A PDF is rendered page by page with poppler's pdftoppm at OCRDPI
//     (grey), and every page image goes through `tesseract IMAGE stdout -l
//     chi_sim+eng tsv`; pages run in parallel (at most one per CPU, each
//     tesseract single-threaded) within the file's deadline.
//   - Before OCR the page's table rules are found and erased
//     (ocr_rules.go): tesseract reads a bordered form poorly. The rules are
//     kept to part cells and to join a form row wrapped over lines
//     (ocr_bands.go), and common misreads are corrected where they cannot
//     be meant (ocr_text.go).
//   - The TSV gives every word with its box and confidence (0–100). Words
//     are grouped into visual lines by vertical overlap, ignoring
//     tesseract's own blocks (which cut a table row into one block per
//     cell), and each line is laid out on a character grid like pdftotext
//     -layout: a gap of about a character keeps words in one field, a wider
//     gap starts a new field at its grid column, a tall vertical gap is a
//     blank line. The layout reader (layoutBlocks) then recovers paragraphs
//     and tables exactly as for a PDF with a text layer.
//   - Every number of a paragraph or cell is matched back to the OCR words
//     it came from (Block.OCR, Cell.OCR: text, page, box, confidence), so a
//     figure the parser reads carries its confidence and place on the page.

// OCRDPI is the resolution scanned PDF pages are rendered at for OCR; word
// boxes are in pixels at this resolution (photos: the image's own pixels).
const OCRDPI = 300

// ocrLanguages are tesseract's languages: Chinese, plus English for the
// Latin letters and digits of a report.
const ocrLanguages = "chi_sim+eng"

// ErrNeedsOCR is wrapped by the *Error of a file that needs OCR when
// Limits.SkipOCR is set, so that a caller can run it separately.
var ErrNeedsOCR = errors.New("file needs OCR")

// OCRWord is one word read by OCR.
type OCRWord struct {
	Text string `json:"text"`
	// Page is 1-based.
	Page int `json:"page"`
	// Box is left, top, right, bottom in pixels of the page image.
	Box [4]int `json:"box"`
	// Confidence is tesseract's word confidence, 0–100.
	Confidence float64 `json:"confidence"`
}

// OCRText is the OCR words behind the numbers of a paragraph or cell.
type OCRText struct {
	Words []OCRWord `json:"words"`
}

// maxOCRPixels bounds a word's coordinates (a page at 300 dpi is about 3,500
// pixels high; a poster-sized photo stays well under this).
const maxOCRPixels = 100000

// ocrPage is one page's words and the rules of its tables.
type ocrPage struct {
	words        []OCRWord
	across, down []rule
}

// ocrImage erases the rules of a page image (see ocr_rules.go), writes it to
// path as a greymap and reads it with tesseract.
func ocrImage(ctx context.Context, tool string, img *pageImage, path string, page int, format string) (ocrPage, error) {
	ruled := removeRules(img)
	if err := img.writePGM(path); err != nil {
		return ocrPage{}, &Error{Stage: stage, Format: format, Where: fmt.Sprintf("page %d", page), Reason: "cannot write a temporary file", Err: err}
	}
	defer os.Remove(path)
	words, err := tesseract(ctx, tool, path, page, format)
	if err != nil {
		return ocrPage{}, err
	}
	return ocrPage{words: dropPhantoms(words, ruled.down), across: ruled.across, down: ruled.down}, nil
}

// ocrTool finds tesseract and checks that its Chinese data is installed.
func ocrTool(ctx context.Context, format string) (string, error) {
	fail := func(reason string, err error) (string, error) {
		return "", &Error{Stage: stage, Format: format, Where: "tesseract", Reason: reason, Err: err}
	}
	tool, err := exec.LookPath("tesseract")
	if err != nil {
		return fail("tesseract (tesseract-ocr) is not installed; cannot read a scanned document", err)
	}
	out, err := exec.CommandContext(ctx, tool, "--list-langs").CombinedOutput()
	if err != nil {
		return fail("tesseract --list-langs failed: "+firstLine(string(out)), err)
	}
	for _, l := range strings.Fields(string(out)) {
		if l == "chi_sim" {
			return tool, nil
		}
	}
	return fail("tesseract's Chinese data chi_sim (tesseract-ocr-chi-sim) is not installed; cannot read a scanned document", nil)
}

// extractImage reads a photo or scan (.jpg, .jpeg, .png) with OCR.
func extractImage(ctx context.Context, data []byte, lim Limits, format string) (*Document, error) {
	fail := func(reason string, err error) (*Document, error) {
		return nil, &Error{Stage: stage, Format: format, Reason: reason, Err: err}
	}
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")), bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
	default:
		return fail("not a PNG or JPEG image", nil)
	}
	if lim.SkipOCR {
		return fail("the image needs OCR", ErrNeedsOCR)
	}
	tool, err := ocrTool(ctx, format)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "jixiao-ocr-")
	if err != nil {
		return fail("cannot create a temporary directory", err)
	}
	defer os.RemoveAll(dir)
	img, err := decodeImage(data)
	if err != nil {
		return fail("cannot decode the image", err)
	}
	page, err := ocrImage(ctx, tool, img, filepath.Join(dir, "page.pgm"), 1, format)
	if err != nil {
		return nil, err
	}
	return ocrDocument(ctx, format, []ocrPage{page})
}

// ocrPDF reads a PDF without a text layer: pdftoppm renders each page,
// tesseract reads it; pages run in parallel.
func ocrPDF(ctx context.Context, in string, pages int) (*Document, error) {
	fail := func(where, reason string, err error) (*Document, error) {
		return nil, &Error{Stage: stage, Format: "pdf", Where: where, Reason: reason, Err: err}
	}
	tool, err := ocrTool(ctx, "pdf")
	if err != nil {
		return nil, err
	}
	render, err := exec.LookPath("pdftoppm")
	if err != nil {
		return fail("", "pdftoppm (poppler-utils) is not installed", err)
	}
	dir := filepath.Dir(in)
	out := make([]ocrPage, pages)
	errs := make([]error, pages)
	sem := make(chan struct{}, max(1, runtime.NumCPU()))
	var wg sync.WaitGroup
	for p := 1; p <= pages; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				errs[p-1] = ctx.Err()
				return
			}
			defer func() { <-sem }()
			prefix := filepath.Join(dir, fmt.Sprintf("p%04d", p))
			n := strconv.Itoa(p)
			diag := &headBuffer{max: 4096}
			cmd := exec.CommandContext(ctx, render, "-r", strconv.Itoa(OCRDPI), "-gray", "-singlefile", "-f", n, "-l", n, in, prefix)
			cmd.Stdout, cmd.Stderr = diag, diag
			cmd.WaitDelay = 2 * time.Second
			if err := cmd.Run(); err != nil {
				errs[p-1] = fmt.Errorf("pdftoppm page %d: %s: %w", p, firstLine(diag.String()), err)
				return
			}
			img, err := readPGMFile(prefix + ".pgm")
			os.Remove(prefix + ".pgm")
			if err != nil {
				errs[p-1] = fmt.Errorf("page %d: %w", p, err)
				return
			}
			out[p-1], errs[p-1] = ocrImage(ctx, tool, img, prefix+".pgm", p, "pdf")
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, cancelled("pdf", "OCR", ctx.Err())
	}
	for _, err := range errs {
		if err != nil {
			var e *Error
			if errors.As(err, &e) {
				return nil, e
			}
			return fail("OCR", "could not render or read a page: "+err.Error(), err)
		}
	}
	return ocrDocument(ctx, "pdf", out)
}

// tesseract reads one image into words (TSV output, level 5 rows).
func tesseract(ctx context.Context, tool, img string, page int, format string) ([]OCRWord, error) {
	out := &limitBuffer{max: 64 << 20}
	diag := &headBuffer{max: 4096}
	cmd := exec.CommandContext(ctx, tool, img, "stdout", "-l", ocrLanguages, "--psm", "6", "tsv")
	// One thread per tesseract: pages already run in parallel.
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	cmd.Stdout, cmd.Stderr = out, diag
	cmd.WaitDelay = 2 * time.Second
	err := cmd.Run()
	switch {
	case ctx.Err() != nil:
		return nil, cancelled(format, "tesseract", ctx.Err())
	case out.over:
		return nil, &Error{Stage: stage, Format: format, Where: "tesseract", Reason: "OCR output exceeds the size limit", Err: errLimit}
	case err != nil:
		return nil, &Error{Stage: stage, Format: format, Where: fmt.Sprintf("page %d", page),
			Reason: "tesseract could not read the image: " + firstLine(diag.String()), Err: err}
	}
	return parseTSV(out.buf.String(), page), nil
}

// parseTSV reads tesseract's TSV: level, page_num, block_num, par_num,
// line_num, word_num, left, top, width, height, conf, text. Only word rows
// (level 5) with text are kept.
func parseTSV(tsv string, page int) []OCRWord {
	var words []OCRWord
	for _, line := range strings.Split(tsv, "\n") {
		f := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if len(f) < 12 || f[0] != "5" {
			continue
		}
		text := fixOCRWord(strings.TrimSpace(f[11]))
		if text == "" {
			continue
		}
		var n [4]int
		ok := true
		for i := range n {
			v, err := strconv.Atoi(f[6+i])
			if err != nil || v < 0 {
				ok = false
			}
			n[i] = v
		}
		conf, err := strconv.ParseFloat(f[10], 64)
		if !ok || err != nil || math.IsNaN(conf) || n[2] <= 0 || n[3] <= 0 || n[0] > maxOCRPixels || n[1] > maxOCRPixels || n[2] > maxOCRPixels || n[3] > maxOCRPixels {
			continue
		}
		words = append(words, OCRWord{Text: text, Page: page, Box: [4]int{n[0], n[1], n[0] + n[2], n[1] + n[3]},
			Confidence: math.Max(0, math.Min(100, conf))})
	}
	return words
}

// ocrDocument lays the pages' words out as layout text, reads it with the
// PDF layout reader and attaches the words behind every number.
func ocrDocument(ctx context.Context, format string, pages []ocrPage) (*Document, error) {
	var text strings.Builder
	var all []OCRWord
	for i, p := range pages {
		if i > 0 {
			text.WriteByte('\f')
		}
		text.WriteString(layoutWords(p.words, p.across, p.down))
		all = append(all, p.words...)
	}
	blocks, err := layoutBlocks(ctx, text.String())
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Format = format
		}
		return nil, err
	}
	attachOCR(blocks, all)
	return &Document{Format: format, Blocks: blocks, OCRPages: len(pages)}, nil
}

// ocrLine is one visual line of words.
type ocrLine struct {
	top, bottom int
	words       []OCRWord
}

// layoutWords prints one page's words as pdftotext -layout would (see the
// comment at the top of this file).
func layoutWords(words []OCRWord, across, down []rule) string {
	if len(words) == 0 {
		return ""
	}
	ws := append([]OCRWord(nil), words...)
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].Box[1]+ws[i].Box[3] < ws[j].Box[1]+ws[j].Box[3] })
	heights := make([]int, 0, len(ws))
	for _, w := range ws {
		heights = append(heights, w.Box[3]-w.Box[1])
	}
	sort.Ints(heights)
	h := max(1, heights[len(heights)/2]) // the body text's height
	var lines []*ocrLine
	for _, w := range ws {
		var best *ocrLine
		bestOverlap := 0
		for k := len(lines) - 1; k >= 0 && k >= len(lines)-3; k-- {
			l := lines[k]
			ov := min(l.bottom, w.Box[3]) - max(l.top, w.Box[1])
			if ov > bestOverlap && 2*ov >= min(l.bottom-l.top, w.Box[3]-w.Box[1]) {
				best, bestOverlap = l, ov
			}
		}
		if best == nil {
			lines = append(lines, &ocrLine{top: w.Box[1], bottom: w.Box[3], words: []OCRWord{w}})
			continue
		}
		best.words = append(best.words, w)
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].top < lines[j].top })
	for _, l := range lines {
		sort.SliceStable(l.words, func(i, j int) bool { return l.words[i].Box[0] < l.words[j].Box[0] })
	}
	lines = mergeBands(lines, across, down)
	// A grid column is half a body character: Chinese characters are about
	// square, digits half as wide.
	cw := max(1, float64(h)/2)
	var out, b strings.Builder
	prevBottom := -1
	for _, l := range lines {
		if prevBottom >= 0 && l.top-prevBottom > h {
			out.WriteByte('\n') // a tall gap: blank line
		}
		prevBottom = l.bottom
		col, right := 0, -1
		b.Reset()
		prevMid, prevLeft := 0, 0 // prevLeft: where the current field starts
		for _, w := range dropLeadingMark(l.words) {
			gap := w.Box[0] - right
			grid := min(maxGridColumn, int(math.Round(float64(w.Box[0])/cw)))
			// A rule between two words parts their cells however close.
			ruled := right >= 0 && ruleBetween(down, prevMid, (w.Box[0]+w.Box[2])/2, (w.Box[1]+w.Box[3])/2)
			prevMid = (w.Box[0] + w.Box[2]) / 2
			if right < 0 || ruled {
				prevLeft = w.Box[0]
			}
			switch {
			case right < 0:
				pad := grid
				b.WriteString(strings.Repeat(" ", pad))
				col += pad
			case !ruled && (float64(gap) < 1.2*float64(h) || sameCell(down, prevLeft, w)):
				// The same field: words of one phrase; a space only
				// between two Latin letters or digits.
				last, _ := utf8.DecodeLastRuneInString(b.String())
				first, _ := utf8.DecodeRuneInString(w.Text)
				if float64(gap) > 0.25*float64(h) && !isWide(last) && !isWide(first) {
					b.WriteByte(' ')
					col++
				}
			default:
				pad := max(layoutGapSpace, grid-col)
				b.WriteString(strings.Repeat(" ", pad))
				col += pad
			}
			b.WriteString(w.Text)
			col += utf8.RuneCountInString(w.Text)
			right = w.Box[2]
		}
		out.WriteString(fixOCRLine(b.String()))
		out.WriteByte('\n')
	}
	return out.String()
}

// maxGridColumn bounds the layout grid (a line is never padded further).
const maxGridColumn = 2000

// numberRun finds the numbers of a text as OCR words show them.
var numberRun = regexp.MustCompile(`[0-9][0-9.,，%]*`)

// attachOCR records, for every paragraph and cell, the OCR words its numbers
// were read from. Words are matched in reading order: each number takes the
// first unused word that holds it (blocks come in the order of the page).
func attachOCR(blocks []Block, words []OCRWord) {
	used := make([]bool, len(words))
	start := 0 // words before start were all used
	match := func(text string) *OCRText {
		var out []OCRWord
		for _, num := range numberRun.FindAllString(text, -1) {
			num = strings.TrimRight(num, ".,，")
			if num == "" {
				continue
			}
			for i := start; i < len(words); i++ {
				if !used[i] && strings.Contains(compactDigits(words[i].Text), num) {
					used[i] = true
					out = append(out, words[i])
					break
				}
			}
			for start < len(words) && used[start] {
				start++
			}
		}
		if len(out) == 0 {
			return nil
		}
		return &OCRText{Words: out}
	}
	for bi := range blocks {
		b := &blocks[bi]
		switch b.Kind {
		case Paragraph:
			b.OCR = match(b.Text)
		case TableBlock:
			for ri := range b.Table.Rows {
				for ci := range b.Table.Rows[ri].Cells {
					c := &b.Table.Rows[ri].Cells[ci]
					c.OCR = match(c.Text)
				}
			}
		}
	}
}

// compactDigits drops the spaces OCR puts inside a number ("1 46.95").
func compactDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
