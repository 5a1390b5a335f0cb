package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

// sampleDocxBody exercises what the docx reader must handle: runs, tab and
// break elements, tab stops in w:pPr (not text), a content control, a deleted
// revision, a text box with mc:Fallback duplicate, an empty paragraph, and a
// table with gridSpan, vMerge, a multi-paragraph cell and a nested table.
const sampleDocxBody = `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>` +
	`<w:r><w:t>年度</w:t></w:r><w:r><w:t xml:space="preserve">绩效 </w:t></w:r><w:r><w:tab/><w:t>报告</w:t></w:r></w:p>` +
	`<w:p/>` +
	`<w:sdt><w:sdtContent><w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r>` +
	`<w:del w:id="1"><w:r><w:delText>删掉的字</w:delText></w:r></w:del></w:p></w:sdtContent></w:sdt>` +
	`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>` +
	`<w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>收入情况（万元）</w:t></w:r></w:p></w:tc></w:tr>` +
	`<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>机构甲</w:t></w:r></w:p></w:tc>` +
	`<w:tc><w:p><w:r><w:t>合计</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>（含结转）</w:t></w:r></w:p></w:tc>` +
	`<w:tc><w:p><w:r><w:t>88.10</w:t></w:r></w:p></w:tc></w:tr>` +
	`<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>ignored</w:t></w:r></w:p></w:tc>` +
	`<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>说明</w:t></w:r></w:p>` +
	`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>内甲</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>内乙</w:t></w:r></w:p></w:tc></w:tr>` +
	`<w:tr><w:tc><w:p><w:r><w:t>内丙</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl></w:tc></w:tr>` +
	`</w:tbl>` +
	`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>` +
	`<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>` +
	`<w:r><w:t>结语</w:t></w:r></w:p>` +
	`<w:p><w:r><w:t>框前</w:t></w:r><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>框一</w:t></w:r></w:p><w:p><w:r><w:t>框二</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r></w:p>`

// docxReaders are the two ways of reading a docx, which must agree: the
// scanner with its fallback, as Extract reads, and the encoding/xml walker
// alone.
func docxReaders() []struct {
	name string
	read docxReader
} {
	return []struct {
		name string
		read docxReader
	}{{"scanner", extractDocx}, {"walker", walkerDocx}}
}

// walkerDocx reads a docx with the encoding/xml walker only.
func walkerDocx(ctx context.Context, data []byte, lim Limits) (*Document, error) {
	return readDocx(ctx, data, lim, false)
}

func TestExtractDocxGolden(t *testing.T) {
	for _, r := range docxReaders() {
		t.Run(r.name, func(t *testing.T) { testDocxGolden(t, r.read) })
	}
}

func testDocxGolden(t *testing.T, read docxReader) {
	doc, err := extract(context.Background(), "sample.DOCX", buildDocx(t, sampleDocxBody), Limits{}, read)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "docx_sample.json", doc)

	// The essentials, spelled out so that a bad -update cannot hide them.
	if len(doc.Blocks) != 5 || doc.Blocks[2].Kind != TableBlock {
		t.Fatalf("blocks = %s", dump(doc.Blocks))
	}
	if got := doc.Blocks[0].Text; got != "年度绩效 \t报告" {
		t.Errorf("paragraph 0 = %q", got)
	}
	if got := doc.Blocks[1].Text; got != "第一行\n第二行" {
		t.Errorf("paragraph 1 = %q", got)
	}
	if got := doc.Blocks[3].Text; got != "文本框\n结语" {
		t.Errorf("paragraph with text box = %q", got)
	}
	if got := doc.Blocks[4].Text; got != "框前\n框一\n框二" {
		t.Errorf("paragraph with two text-box lines = %q", got)
	}
	rows := doc.Blocks[2].Table.Rows
	want := [][]Cell{
		{{Text: "收入情况（万元）", Span: 3}},
		{{Text: "机构甲", Span: 1}, {Text: "合计\n\n（含结转）", Span: 1}, {Text: "88.10", Span: 1}},
		{{Span: 1, Merged: true}, {Text: "说明\n内甲\t内乙\n内丙\t", Span: 2}},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %d, want %d", len(rows), len(want))
	}
	for i := range want {
		if len(rows[i].Cells) != len(want[i]) {
			t.Errorf("row %d: %+v", i, rows[i].Cells)
			continue
		}
		for j := range want[i] {
			if rows[i].Cells[j] != want[i][j] {
				t.Errorf("row %d cell %d = %+v, want %+v", i, j, rows[i].Cells[j], want[i][j])
			}
		}
	}
}

func TestExtractDocxMainPartFromRels(t *testing.T) {
	rels := strings.Replace(testRels, "word/document.xml", "/word/main.xml", 1)
	data := buildZip(t,
		zipFile{"[Content_Types].xml", testContentTypes},
		zipFile{"_rels/.rels", rels},
		zipFile{"word/main.xml", docxBody(wp("正文"))},
	)
	for _, r := range docxReaders() {
		doc, err := extract(context.Background(), "a.docx", data, Limits{}, r.read)
		if err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		if len(doc.Blocks) != 1 || doc.Blocks[0].Text != "正文" {
			t.Errorf("%s: blocks = %s", r.name, dump(doc.Blocks))
		}
	}
}

// lyingBomb is a docx whose central directory declares a small size for
// document.xml while the entry holds much more: the declared-size check
// passes, and reading must still fail instead of running past the limit.
func lyingBomb(t testing.TB, declared uint64, real int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	body := docxBody(wp(strings.Repeat("甲", real/3)))
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(body)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	// Patch the declared uncompressed size in the central directory.
	data := buf.Bytes()
	cd := bytes.LastIndex(data, []byte("PK\x01\x02"))
	if cd < 0 {
		t.Fatal("no central directory")
	}
	putLE32(data[cd+24:], uint32(declared))
	return data
}

func putLE32(b []byte, v uint32) {
	b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
}

func TestExtractDocxErrors(t *testing.T) {
	valid := buildDocx(t, wp("正文"))
	bomb := buildDocx(t, wp(strings.Repeat("0", 1<<20)))
	tests := []struct {
		name   string
		data   []byte
		lim    Limits
		where  string
		reason string
	}{
		{"random bytes", []byte("this is not a zip file at all, just words"), Limits{}, "zip", "not a readable zip"},
		{"truncated", valid[:len(valid)/2], Limits{}, "zip", "not a readable zip"},
		{"zip bomb", bomb, Limits{MaxDocxUncompressed: 64 << 10}, "word/document.xml", "zip bomb guard"},
		{"lying header", lyingBomb(t, 100, 200<<10), Limits{MaxDocxUncompressed: 64 << 10}, "word/document.xml", "corrupt zip entry"},
		{"missing document.xml", buildZip(t, zipFile{"[Content_Types].xml", testContentTypes}), Limits{}, "word/document.xml", "missing main document part"},
		{"malformed xml", buildZip(t, zipFile{"word/document.xml", docxBody(wp("a"))[:200]}), Limits{}, "word/document.xml line", "malformed XML"},
		{"cut between tags", buildZip(t, zipFile{"word/document.xml", docxBody(wp("a"))[:strings.Index(docxBody(wp("a")), "<w:sectPr>")]}), Limits{}, "word/document.xml", "malformed XML"},
		{"nested too deep", buildDocx(t, strings.Repeat("<w:tbl><w:tr><w:tc>", 500)+strings.Repeat("</w:tc></w:tr></w:tbl>", 500)), Limits{}, "word/document.xml", "nested more than 100 levels"},
		{"not wordprocessingml", buildZip(t, zipFile{"word/document.xml", "<root><p>x</p></root>"}), Limits{}, "word/document.xml", "cannot read document XML"},
		{"ole container", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), Limits{}, "", "OLE compound document"},
		{"empty body", buildDocx(t, `<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>`), Limits{}, "", "no text found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var errs []*Error
			for _, r := range docxReaders() {
				_, err := extract(context.Background(), "r.docx", tc.data, tc.lim, r.read)
				e := asError(t, err)
				if e.Format != "docx" || !strings.HasPrefix(e.Where, tc.where) || !strings.Contains(e.Reason, tc.reason) {
					t.Errorf("%s: error = %v (where %q), want where %q and reason containing %q", r.name, err, e.Where, tc.where, tc.reason)
				}
				errs = append(errs, e)
			}
			if errs[0].Where != errs[1].Where || errs[0].Reason != errs[1].Reason {
				t.Errorf("scanner and walker disagree:\n%v\n%v", errs[0], errs[1])
			}
		})
	}
}

func TestExtractCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, name := range []string{"a.txt", "a.docx", "a.xlsx", "a.pdf"} {
		_, err := Extract(ctx, name, []byte("x"), Limits{})
		e := asError(t, err)
		if !strings.Contains(e.Reason, "cancelled") || e.Unwrap() != context.Canceled {
			t.Errorf("%s: error = %v, want cancellation", name, err)
		}
	}
	// Cancellation while reading a large document.
	big := buildDocx(t, strings.Repeat(wp("段落"), 20000))
	for _, r := range docxReaders() {
		_, err := r.read(ctx, big, DefaultLimits())
		if e := asError(t, err); e.Unwrap() != context.Canceled {
			t.Errorf("docx %s: error = %v, want context.Canceled", r.name, err)
		}
	}
}

func TestLimitReader(t *testing.T) {
	tests := []struct {
		in    int
		limit int64
		fails bool
	}{
		{10, 10, false},
		{11, 10, true},
		{0, 0, false},
		{1 << 16, 100, true},
	}
	for _, tc := range tests {
		got, err := io.ReadAll(&limitReader{r: bytes.NewReader(make([]byte, tc.in)), n: tc.limit})
		if tc.fails != errors.Is(err, errLimit) {
			t.Errorf("in %d limit %d: err = %v", tc.in, tc.limit, err)
		}
		if int64(len(got)) > tc.limit+1 {
			t.Errorf("in %d limit %d: read %d bytes", tc.in, tc.limit, len(got))
		}
	}
}
