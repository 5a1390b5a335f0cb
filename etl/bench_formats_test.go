package etl

import (
	"context"
	"testing"

	"jixiao/etl/extract"
)

// Per-format parse throughput: each op analyzes one report (extract, parse,
// metrics) from its bytes. The report is the seed when ../shared is present,
// else the demo report; the workbook and the PDF are derived from its docx as
// in the format tests (the PDF once per test binary, outside the timer).
// scripts/bench.sh reads the reports/s and MB/s columns.

func BenchmarkParse_txt(b *testing.B) {
	txt, _ := benchSources(b)
	benchAnalyze(b, "report.txt", txt)
}

func BenchmarkParse_docx(b *testing.B) {
	_, docx := benchSources(b)
	benchAnalyze(b, "report.docx", docx)
}

func BenchmarkParse_xlsx(b *testing.B) {
	_, docx := benchSources(b)
	doc, err := extract.Extract(context.Background(), "report.docx", docx, extract.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	xlsx, err := documentToXlsx(doc)
	if err != nil {
		b.Fatal(err)
	}
	benchAnalyze(b, "report.xlsx", xlsx)
}

func BenchmarkParse_pdf(b *testing.B) {
	_, docx := benchSources(b)
	benchAnalyze(b, "report.pdf", pdfFromDocx(b, docx))
}

// benchSources returns the benchmark report as txt and docx.
func benchSources(b *testing.B) (txt, docx []byte) {
	b.Helper()
	txt, docx, err := readSeed()
	if err != nil {
		b.Logf("%v: benchmarking the demo report", err)
		return demoReport(b)
	}
	return txt, docx
}

// benchAnalyze analyzes data once per op and reports reports/s and MB/s.
func benchAnalyze(b *testing.B, name string, data []byte) {
	b.Helper()
	ctx := context.Background()
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	// One untimed run: the input must parse, and caches warm up as they
	// would in a long ETL run.
	r, err := an.Analyze(ctx, name, data, Overrides{})
	if err != nil {
		b.Fatalf("%s: %v", name, err)
	}
	if len(r.Indicators) == 0 {
		b.Fatalf("%s: no indicators parsed", name)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := an.Analyze(ctx, name, data, Overrides{}); err != nil {
			b.Fatal(err)
		}
	}
	sec := b.Elapsed().Seconds()
	if sec > 0 {
		b.ReportMetric(float64(b.N)/sec, "reports/s")
		b.ReportMetric(float64(b.N)*float64(len(data))/1e6/sec, "MB/s")
	}
}

// BenchmarkParse_html: the report as a saved portal page (UTF-8), navigation
// and scripts around it; BenchmarkParse_txt is its baseline.
func BenchmarkParse_html(b *testing.B) {
	_, docx := benchSources(b)
	benchAnalyze(b, "report.html", webFormats(b, "report", docx)["report.html"])
}

// BenchmarkParse_xls: the workbook saved as a legacy .xls, read through
// LibreOffice Calc (a soffice start per file); BenchmarkParse_xlsx is its
// baseline.
func BenchmarkParse_xls(b *testing.B) {
	_, docx := benchSources(b)
	benchAnalyze(b, "report.xls", legacyXls(b, "report", docx))
}

// BenchmarkOCR_pdf reads the first ocrBenchPages pages of the report's PDF
// rendered as a scan (no text layer) and reports seconds per page.
func BenchmarkOCR_pdf(b *testing.B) {
	needOCR(b)
	_, docx := benchSources(b)
	pages := renderPages(b, pdfFromDocx(b, docx), scanDPI)
	pages = pages[:min(len(pages), ocrBenchPages)]
	scan := imagePDF(b, pages, scanDPI)
	assertNoTextLayer(b, scan)
	ctx := context.Background()
	for b.Loop() {
		doc, err := extract.Extract(ctx, "scan.pdf", scan, extract.Limits{})
		if err != nil {
			b.Fatal(err)
		}
		if doc.OCRPages != len(pages) {
			b.Fatalf("OCR read %d pages, want %d", doc.OCRPages, len(pages))
		}
	}
	if sec := b.Elapsed().Seconds(); sec > 0 {
		b.ReportMetric(sec/float64(b.N*len(pages)), "s/page")
	}
}

// ocrBenchPages: pages per OCR benchmark op (the form and the text pages).
const ocrBenchPages = 4
