package extract

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/seedfile"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// golden compares v, as indented JSON, with testdata/name; -update rewrites it.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update after checking):\n got: %s\nwant: %s", path, got, want)
	}
}

// asError asserts that err is an *Error and returns it.
func asError(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *extract.Error", err, err)
	}
	return e
}

// zipFile is one entry of a test archive.
type zipFile struct {
	name string
	body string
}

func buildZip(t testing.TB, files ...zipFile) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	testContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`
	testRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
)

// docxBody wraps body XML (the children of w:body) into a document part.
func docxBody(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` +
		body + `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`
}

// buildDocx writes a minimal docx whose body is body.
func buildDocx(t testing.TB, body string) []byte {
	t.Helper()
	return buildZip(t,
		zipFile{"[Content_Types].xml", testContentTypes},
		zipFile{"_rels/.rels", testRels},
		zipFile{"word/document.xml", docxBody(body)},
	)
}

// wp is a body paragraph with one run per argument.
func wp(runs ...string) string {
	var b strings.Builder
	b.WriteString(`<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>`)
	for _, r := range runs {
		fmt.Fprintf(&b, `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>`, r)
	}
	b.WriteString(`</w:p>`)
	return b.String()
}

// buildTestXlsx writes a workbook with a merged title, a vertical merge, a
// blank row, an empty sheet and a sheet whose data starts in column C.
func buildTestXlsx(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	set := func(sheet, cell string, v any) {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	merge := func(sheet, a, b string) {
		if err := f.MergeCell(sheet, a, b); err != nil {
			t.Fatal(err)
		}
	}
	set("Sheet1", "A1", "收入情况（万元）")
	merge("Sheet1", "A1", "C1")
	set("Sheet1", "A2", "单位")
	set("Sheet1", "B2", "合计")
	set("Sheet1", "C2", "结转")
	set("Sheet1", "A3", "机构甲")
	merge("Sheet1", "A3", "A4")
	set("Sheet1", "B3", 146.95)
	set("Sheet1", "C3", "47.84")
	set("Sheet1", "B4", 12)
	set("Sheet1", "C4", "x")
	set("Sheet1", "B6", "备注")
	if _, err := f.NewSheet("Empty"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("Offset"); err != nil {
		t.Fatal(err)
	}
	set("Offset", "C2", "左上")
	set("Offset", "D3", "右下")
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pdfText is a string drawn at (x, y) points from the bottom left.
type pdfText struct {
	x, y int
	s    string
}

// buildPDF writes a one-page PDF with Helvetica text and a correct xref table.
func buildPDF(texts []pdfText) []byte {
	var content strings.Builder
	for _, tx := range texts {
		esc := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`).Replace(tx.s)
		fmt.Fprintf(&content, "BT /F1 11 Tf 1 0 0 1 %d %d Tm (%s) Tj ET\n", tx.x, tx.y, esc)
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// sharedDir finds ../shared next to the repository root (the directory with
// go.mod), or "" when it is absent.
func sharedDir(t testing.TB) string {
	t.Helper()
	d, _ := seedfile.Dir() // "" when absent
	return d
}

// docxPartFile opens the docx and returns its main document part.
func docxPartFile(t testing.TB, data []byte) *zip.File {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	budget := DefaultMaxDocxUncompressed
	f := findZipFile(zr, mainPart(zr, &budget))
	if f == nil {
		t.Fatal("no main document part")
	}
	return f
}
