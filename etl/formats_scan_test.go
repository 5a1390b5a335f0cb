package etl

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // DecodeConfig of the rendered pages
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"jixiao/etl/extract"
)

// needOCR skips, naming the packages, when tesseract or its Chinese data is
// absent (CI installs both, so the OCR tests run there).
func needOCR(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Skip("tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim); skipping OCR")
	}
	out, _ := exec.Command("tesseract", "--list-langs").CombinedOutput()
	if !strings.Contains(string(out), "chi_sim") {
		t.Skip("tesseract's chi_sim data is not installed (apt-get install tesseract-ocr-chi-sim); skipping OCR")
	}
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm (poppler-utils) is not installed; skipping OCR")
	}
}

// renderPages renders a PDF's pages as JPEG scans at dpi with poppler's
// pdftoppm (grey, as an office scanner saves them).
func renderPages(t testing.TB, pdf []byte, dpi int) [][]byte {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), convertTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, "pdftoppm", "-r", fmt.Sprint(dpi), "-gray", "-jpeg", "-jpegopt", "quality=90", in, filepath.Join(dir, "page")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "page-*.jpg"))
	sort.Strings(names)
	var pages [][]byte
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, b)
	}
	if len(pages) == 0 {
		t.Fatal("pdftoppm rendered no page")
	}
	return pages
}

// imagePDF wraps JPEG pages into a PDF that has no text layer: each page is
// one DCT-encoded image drawn over the whole page (dpi gives the page size),
// what a scanner's "scan to PDF" writes.
func imagePDF(t testing.TB, jpegs [][]byte, dpi int) []byte {
	t.Helper()
	var b bytes.Buffer
	var offsets []int
	obj := func(body string, stream []byte) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s", len(offsets), body)
		if stream != nil {
			b.WriteString("\nstream\n")
			b.Write(stream)
			b.WriteString("\nendstream")
		}
		b.WriteString("\nendobj\n")
	}
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	n := len(jpegs)
	// Objects: 1 catalog, 2 pages, then per page: page, content, image.
	kids := make([]string, n)
	for i := range jpegs {
		kids[i] = fmt.Sprintf("%d 0 R", 3+3*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>", nil)
	obj(fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", n, strings.Join(kids, " ")), nil)
	for i, jp := range jpegs {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(jp))
		if err != nil {
			t.Fatalf("page %d: %v", i+1, err)
		}
		// The colour space must be the JPEG's own: pdftoppm -gray -jpeg
		// writes three components, and declaring those DeviceGray made
		// poppler draw the page as sheared noise.
		space := "/DeviceRGB"
		switch cfg.ColorModel {
		case color.GrayModel:
			space = "/DeviceGray"
		case color.CMYKModel:
			space = "/DeviceCMYK"
		}
		w, h := float64(cfg.Width)*72/float64(dpi), float64(cfg.Height)*72/float64(dpi)
		content, img := 4+3*i, 5+3*i
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R /Resources << /XObject << /Im0 %d 0 R >> >> >>", w, h, content, img), nil)
		draw := fmt.Sprintf("q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q", w, h)
		obj(fmt.Sprintf("<< /Length %d >>", len(draw)), []byte(draw))
		obj(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>",
			cfg.Width, cfg.Height, space, len(jp)), jp)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// scanDPI is the resolution the benchmark "scans" the report's pages at.
const scanDPI = 200

// assertNoTextLayer requires pdftotext to find no text in pdf, so that the
// test reads it by OCR and not through a text layer.
func assertNoTextLayer(t testing.TB, pdf []byte) {
	t.Helper()
	in := filepath.Join(t.TempDir(), "scan.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext on the scan: %v", err)
	}
	if s := strings.TrimSpace(strings.ReplaceAll(string(out), "\f", "")); s != "" {
		t.Fatalf("the scan has a text layer: %.80q", s)
	}
}

// TestSeedScanPageOCR reads the first page of the seed's PDF as a photo
// (.jpg, 300 dpi, grey): the text comes back through tesseract with the
// form's left column and its text as table cells, and the figures carry
// the OCR words they were read from (page, box, confidence).
func TestSeedScanPageOCR(t *testing.T) {
	needOCR(t)
	_, docx := seedSources(t)
	page := renderPages(t, pdfFromDocx(t, docx), 300)[0]
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	doc, err := extract.Extract(ctx, "page1.jpg", page, extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(doc.Text()), "")
	for _, want := range []string{"职能职责概述", "任务1", "履约率70%", "500强"} {
		if !strings.Contains(text, want) {
			t.Errorf("OCR text lacks %q", want)
		}
	}
	var traced, total int
	for _, b := range doc.Blocks {
		cells := []extract.Cell{{Text: b.Text, OCR: b.OCR}}
		if b.Table != nil {
			cells = nil
			for _, r := range b.Table.Rows {
				cells = append(cells, r.Cells...)
			}
		}
		for _, c := range cells {
			if !strings.ContainsAny(c.Text, "0123456789") {
				continue
			}
			total++
			if c.OCR != nil && len(c.OCR.Words) > 0 {
				traced++
				w := c.OCR.Words[0]
				if w.Page != 1 || w.Box[2] <= w.Box[0] || w.Confidence <= 0 {
					t.Errorf("OCR word %+v", w)
				}
			}
		}
	}
	t.Logf("OCR page 1: %d of %d cells/paragraphs with figures traced to their words", traced, total)
	if total == 0 || traced < total*8/10 {
		t.Errorf("%d of %d cells/paragraphs with figures traced to OCR words", traced, total)
	}
}
