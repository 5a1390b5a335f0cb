package etl

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig of the rendered pages
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"jixiao/etl/extract"
	"jixiao/report"
)

// scanMinFigures is the share of the txt's figure paths the scanned seed must
// reproduce exactly through OCR (measured: see docs/decisions.md).
const scanMinFigures = 0.60

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
		w, h := float64(cfg.Width)*72/float64(dpi), float64(cfg.Height)*72/float64(dpi)
		content, img := 4+3*i, 5+3*i
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R /Resources << /XObject << /Im0 %d 0 R >> >> >>", w, h, content, img), nil)
		draw := fmt.Sprintf("q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q", w, h)
		obj(fmt.Sprintf("<< /Length %d >>", len(draw)), []byte(draw))
		obj(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>",
			cfg.Width, cfg.Height, len(jp)), jp)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// scanDPI is the resolution the test "scans" the seed's pages at.
const scanDPI = 200

// TestSeedScannedPDF renders the seed's PDF pages to images, wraps them in
// a PDF without a text layer and reads it by OCR: as many figures as OCR
// allows must equal the txt's, every figure read carries its OCR
// provenance, and none is taken silently when its confidence is low.
func TestSeedScannedPDF(t *testing.T) {
	needOCR(t)
	txt, docx := seedSources(t)
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := an.Analyze(context.Background(), "seed.txt", txt, Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	scan := imagePDF(t, renderPages(t, pdfFromDocx(t, docx), scanDPI), scanDPI)
	assertNoTextLayer(t, scan)
	start := time.Now()
	got, err := an.Analyze(context.Background(), "seed_scan.pdf", scan, Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("OCR of %d bytes took %v", len(scan), time.Since(start).Round(time.Millisecond))
	assertOCRReport(t, figures(ref), got, scanMinFigures)
}

// assertOCRReport counts the figure paths OCR got right and checks the
// provenance of every figure's evidence.
func assertOCRReport(t *testing.T, want map[string]string, got *report.Report, floor float64) {
	t.Helper()
	have := figures(got)
	right, found := 0, 0
	for k, w := range want {
		g, ok := have[k]
		if ok && g != "null" {
			found++
		}
		if ok && g == w {
			right++
		}
	}
	t.Logf("OCR: %d figure paths of the txt's %d equal (%.1f%%); %d found non-null", right, len(want), 100*float64(right)/float64(len(want)), found)
	if d := figureDiff(want, have); len(d) > 0 {
		t.Logf("differences:\n  %s", strings.Join(d, "\n  "))
	}
	if share := float64(right) / float64(len(want)); share < floor {
		t.Errorf("OCR reproduces %.1f%% of the figures, want at least %.0f%%", 100*share, 100*floor)
	}
	withOCR := 0
	for _, ev := range reportEvidence(got) {
		if ev.Source == report.SourceOCR {
			withOCR++
			if ev.Page == nil || ev.Box == nil || ev.Confidence == nil {
				t.Errorf("OCR evidence without page/box/confidence: %+v", ev)
			}
		}
	}
	if withOCR == 0 {
		t.Error("no evidence carries OCR provenance")
	}
}

// assertNoTextLayer requires pdftotext to find no text in pdf, so that the
// test reads it by OCR and not through a text layer.
func assertNoTextLayer(t *testing.T, pdf []byte) {
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
