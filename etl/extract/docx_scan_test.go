package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// scanCase is one document part read by both the scanner and the walker.
type scanCase struct {
	name string
	xml  string
	// fast: the scanner must read it itself; otherwise it must give up
	// with errScan and leave the part to the walker.
	fast bool
	// text is the expected Document.Text() when the walker reads the part
	// ("" to check only that scanner and walker agree).
	text string
	// bad: the walker rejects the part.
	bad bool
}

// nsDoc is a document part whose root declares decls (and nothing else).
func nsDoc(decls, root, body string) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><%s %s><%s>%s</%s></%s>`,
		root+":document", decls, root+":body", body, root+":body", root+":document")
}

func scanCases() []scanCase {
	rPr := `<w:rPr><w:rFonts w:eastAsia="宋体" w:hint="eastAsia"/><w:sz w:val="24"/></w:rPr>`
	borders := `<w:tcBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4"/></w:tcBorders>`
	return []scanCase{
		{name: "sample", xml: docxBody(sampleDocxBody), fast: true},
		{name: "bench", xml: docxBody(benchDocxBody()), fast: true},
		{name: "entities", fast: true,
			xml:  docxBody(`<w:p><w:r><w:t>a&amp;b&lt;c&gt;d&quot;e&apos;f</w:t></w:r></w:p>`),
			text: "a&b<c>d\"e'f\n"},
		{name: "not a character reference",
			xml: docxBody(`<w:p><w:r><w:t>&#x4E2D;&#25991;&#X41;x</w:t></w:r></w:p>`),
			bad: true},
		{name: "character references ok", fast: true,
			xml:  docxBody(`<w:p><w:r><w:t>&#x4E2D;&#25991;&#x1F600;&#0065;&#xd800;</w:t></w:r></w:p>`),
			text: "中文😀A\uFFFD\n"},
		{name: "references in attributes", fast: true,
			xml:  docxBody(`<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="&#51;"/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`),
			text: "x\n"},
		{name: "line ends", fast: true,
			xml:  docxBody("<w:p><w:r><w:t>a\r\nb\rc\r\r\nd&#13;\ne</w:t></w:r></w:p>"),
			text: "a\nb\nc\n\nd\r\ne\n"},
		{name: "cdata", fast: true,
			xml:  docxBody("<w:p><w:r><w:t><![CDATA[a<b&amp;]]>c<![CDATA[]]><![CDATA[\r\nd]]></w:t></w:r></w:p>"),
			text: "a<b&amp;c\nd\n"},
		{name: "double hyphen in comment",
			xml: `<?xml version='1.0' encoding='utf-8' standalone="yes"?><?mso-application progid="Word.Document"?><!-- made by hand -->` +
				`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><!-- a -- b? no -->` +
				`<w:p><w:r><w:t>前<!--x-->后<?pi data?></w:t></w:r></w:p></w:body></w:document>`,
			bad: true}, // "--" inside a comment
		{name: "comments ok", fast: true,
			xml: `<?xml version='1.0' encoding='utf-8' standalone="yes"?><?mso-application progid="Word.Document"?><!-- made by hand -->` +
				`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><!-- a - b -->` +
				`<w:p><w:r><w:t>前<!--x-->后<?pi data?></w:t></w:r></w:p></w:body></w:document>`,
			text: "前后\n"},
		{name: "other prefix for word", fast: true,
			xml:  nsDoc(`xmlns:ns0="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`, "ns0", `<ns0:p><ns0:r><ns0:t>甲</ns0:t><ns0:tab/><ns0:t>乙</ns0:t></ns0:r></ns0:p>`),
			text: "甲\t乙\n"},
		{name: "strict namespace", fast: true,
			xml:  nsDoc(`xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"`, "w", `<w:p><w:r><w:t>严格</w:t></w:r></w:p>`),
			text: "严格\n"},
		{name: "default namespace", fast: true,
			xml:  `<document xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><body><p><r><t>默认</t></r></p><tbl><tr><tc><tcPr><gridSpan val="2"/></tcPr><p><r><t>格</t></r></p></tc></tr></tbl></body></document>`,
			text: "默认\n格\n"},
		{name: "w bound elsewhere",
			xml: `<w:document xmlns:w="urn:not-word"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>`,
			bad: true}, // no Word body
		{name: "foreign elements ignored", fast: true,
			xml: docxBody(`<w:p><x:t xmlns:x="urn:other">隐</x:t><w:r><w:t>显</w:t></w:r>` +
				`<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:t>图</a:t></a:graphic></w:p>`),
			text: "显\n"},
		{name: "same namespace declared again", fast: true,
			xml:  docxBody(`<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:r><w:t>再</w:t></w:r></w:p>`),
			text: "再\n"},
		{name: "fallback under another prefix", fast: true,
			xml: docxBody(`<w:p><w:r><m2:AlternateContent xmlns:m2="http://schemas.openxmlformats.org/markup-compatibility/2006">` +
				`<m2:Choice Requires="wps"><w:t>选</w:t></m2:Choice><m2:Fallback><w:t>备</w:t></m2:Fallback></m2:AlternateContent></w:r></w:p>`),
			text: "选\n"},
		{name: "tag spelling", fast: true,
			xml: docxBody("<w:p \t\r\n><w:r><w:t xml:space = 'preserve'\n>a b</w:t\n></w:r><w:r><w:t a='1'b=\"2\">c</w:t></w:r></w:p >" +
				`<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan val="3" /><w:vMerge w:val='restart'/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>`),
			text: "a bc\n\n"},
		{name: "attribute values", fast: true,
			xml:  docxBody(`<w:p w:rsidR="00A1" w:x="a>b" w:y='"q"' w:z="&lt;&amp;" w:u="中文&#9;"><w:r><w:t>值</w:t></w:r></w:p>`),
			text: "值\n"},
		{name: "spans and merges", fast: true,
			xml: docxBody(`<w:tbl><w:tr>` +
				`<w:tc><w:tcPr><w:gridSpan w:val="abc"/></w:tcPr><w:p/></w:tc>` +
				`<w:tc><w:tcPr><w:gridSpan w:val="0"/><w:vMerge w:val="continue"/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>` +
				`<w:tc><w:tcPr><w:gridSpan w:val="99999"/><w:vMerge/></w:tcPr></w:tc>` +
				`<w:tc><w:tcPr><w:gridSpan w:val="1024"></w:gridSpan><w:vMerge w:val="restart"><w:x/></w:vMerge></w:tcPr><w:p><w:r><w:t>y</w:t></w:r></w:p></w:tc>` +
				`</w:tr></w:tbl>`)},
		{name: "runs of every kind", fast: true,
			xml: docxBody(`<w:p><w:r><w:t>a</w:t><w:ptab/><w:t>b</w:t><w:cr/><w:t>c</w:t><w:noBreakHyphen/><w:t>d</w:t></w:r>` +
				`<w:r><w:instrText>PAGE</w:instrText><w:delText>删</w:delText></w:r><w:moveFrom><w:r><w:t>移</w:t></w:r></w:moveFrom>` +
				`<w:ins><w:r><w:t>增</w:t></w:r></w:ins><w:r><w:t/></w:r></w:p>`),
			text: "a\tb\nc-d增\n"},
		{name: "nested tables and text boxes", fast: true,
			xml: docxBody(strings.Repeat(`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>层</w:t></w:r></w:p>`, 12) +
				strings.Repeat(`</w:tc></w:tr></w:tbl>`, 12) +
				`<w:p><w:r><w:t>前</w:t><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>表</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:txbxContent><w:t>后</w:t></w:r></w:p>`)},
		{name: "repeated properties", fast: true,
			xml: docxBody(strings.Repeat(`<w:p><w:pPr><w:jc w:val="left"/>`+rPr+`</w:pPr><w:r>`+rPr+`<w:t>重</w:t></w:r></w:p>`, 5) +
				`<w:p><w:r><w:rPr><w:rFonts w:eastAsia="宋体" w:hint="eastAsia"/><w:sz w:val="28"/></w:rPr><w:t>异</w:t></w:r></w:p>` +
				`<w:p><w:r><w:rPr><w:rFonts w:eastAsia="宋体" w:hint="eastAsia"/><w:sz w:val="24"/><w:b/></w:rPr><w:t>长</w:t></w:r></w:p>` +
				`<w:tbl>` + strings.Repeat(`<w:tr><w:tc><w:tcPr>`+borders+`</w:tcPr><w:p><w:r>`+rPr+`<w:t>格</w:t></w:r></w:p></w:tc></w:tr>`, 4) + `</w:tbl>`),
			text: "重\n重\n重\n重\n重\n异\n长\n格\n格\n格\n格\n"},
		{name: "repeated properties declaring a prefix", fast: true,
			xml:  docxBody(strings.Repeat(`<w:p><w:r><w:rPr><v:x xmlns:v="urn:schemas-microsoft-com:vml"><v:y/></v:x></w:rPr><w:t>声</w:t></w:r></w:p>`, 3)),
			text: "声\n声\n声\n"},
		{name: "repeated properties cut short",
			xml: strings.SplitAfter(docxBody(""), "<w:body>")[0] + `<w:p><w:r>` + rPr + `<w:t>a</w:t></w:r></w:p><w:p><w:r>` + rPr[:len(rPr)-3],
			bad: true},
		{name: "deep unknown wrappers", fast: true,
			xml:  docxBody(strings.Repeat(`<w:customXml>`, 1500) + `<w:p><w:r><w:t>深</w:t></w:r></w:p>` + strings.Repeat(`</w:customXml >`, 1500)),
			text: "深\n"},
		{name: "unmatched end tags",
			xml: docxBody(`<w:p><w:r><w:t>错</w:x></w:r></w:y>`),
			bad: true}, // RawToken does not match names; the walker runs off the end
		{name: "text around the root", fast: true,
			xml:  "\uFEFF" + docxBody(`<w:p><w:r><w:t>根</w:t></w:r></w:p>`) + "\n \n",
			text: "根\n"},

		// Outside the fast path: the walker decides.
		{name: "doctype", xml: `<!DOCTYPE w:document>` + docxBody(`<w:p><w:r><w:t>x</w:t></w:r></w:p>`), text: "x\n"},
		{name: "prefix rebound", xml: docxBody(`<w:p><w:r><w:t>a</w:t></w:r></w:p><w:p xmlns:w="urn:x"><w:r><w:t>b</w:t></w:r></w:p><w:p><w:r><w:t>c</w:t></w:r></w:p>`),
			text: "a\n"}, // the walker does not scope bindings: w stays rebound
		{name: "non-ASCII name", xml: docxBody(`<w:p><w:r><w:t>a</w:t><标记/></w:r></w:p>`), text: "a\n"},
		{name: "unknown entity", xml: docxBody(`<w:p><w:r><w:t>a&nbsp;b</w:t></w:r></w:p>`), bad: true},
		{name: "entity without semicolon", xml: docxBody(`<w:p><w:r><w:t>a&amp b</w:t></w:r></w:p>`), bad: true},
		{name: "cdata end in text", xml: docxBody(`<w:p><w:r><w:t>a]]>b</w:t></w:r></w:p>`), bad: true},
		{name: "invalid UTF-8", xml: docxBody("<w:p><w:r><w:t>a\xff</w:t></w:r></w:p>"), bad: true},
		{name: "control character", xml: docxBody("<w:p><w:r><w:t>a\x01</w:t></w:r></w:p>"), bad: true},
		{name: "reference to NUL", xml: docxBody(`<w:p><w:r><w:t>a&#0;</w:t></w:r></w:p>`), bad: true},
		{name: "reference beyond Unicode", xml: docxBody(`<w:p><w:r><w:t>a&#x110000;</w:t></w:r></w:p>`), bad: true},
		{name: "noncharacter", xml: docxBody("<w:p><w:r><w:t>a\uFFFE</w:t></w:r></w:p>"), bad: true},
		{name: "GBK declaration", xml: strings.Replace(docxBody(wp("x")), "UTF-8", "GBK", 1), bad: true},
		{name: "XML 1.1", xml: strings.Replace(docxBody(wp("x")), `version="1.0"`, `version="1.1"`, 1), bad: true},
		{name: "unquoted attribute", xml: docxBody(`<w:p w:a=1><w:r><w:t>x</w:t></w:r></w:p>`), bad: true},
		{name: "attribute without value", xml: docxBody(`<w:p checked><w:r><w:t>x</w:t></w:r></w:p>`), bad: true},
		{name: "two colons", xml: docxBody(`<w:p><a:b:c/><w:r><w:t>x</w:t></w:r></w:p>`), bad: true},
		{name: "name ending in colon", xml: docxBody(`<w:p><a: /><w:r><w:t>x</w:t></w:r></w:p>`), text: "x\n"},
		{name: "less-than in attribute", xml: docxBody(`<w:p w:a="<"><w:r><w:t>x</w:t></w:r></w:p>`), bad: true},
		{name: "truncated", xml: docxBody(wp("截断"))[:200], bad: true},
		{name: "stray end tag", xml: `</w:x>` + docxBody(wp("x")), bad: true},
		{name: "no body", xml: `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>x</w:t></w:r></w:p></w:document>`, bad: true},
		{name: "nested too deep", xml: docxBody(strings.Repeat("<w:tbl><w:tr><w:tc>", 101) + strings.Repeat("</w:tc></w:tr></w:tbl>", 101)), bad: true},
		{name: "empty", xml: "", bad: true},
	}
}

// readBoth reads a document part with the scanner and with the walker.
func readBoth(part []byte) (scanned []Block, scanErr error, walked []Block, walkErr error) {
	ctx := context.Background()
	scanned, scanErr = scanDocument(ctx, part)
	walked, walkErr = walkDocument(ctx, bytes.NewReader(part))
	return
}

// checkAgree fails unless the scanner either gave up with errScan or read
// exactly what the walker read.
func checkAgree(t *testing.T, scanned []Block, scanErr error, walked []Block, walkErr error) {
	t.Helper()
	if err := agreement(scanned, scanErr, walked, walkErr); err != nil {
		t.Fatal(err)
	}
}

func agreement(scanned []Block, scanErr error, walked []Block, walkErr error) error {
	switch {
	case scanErr != nil && !errors.Is(scanErr, errScan):
		return fmt.Errorf("scanner failed with %v, want only errScan", scanErr)
	case scanErr != nil:
		return nil
	case walkErr != nil:
		return fmt.Errorf("scanner read XML that encoding/xml rejects (%v): %s", walkErr, dump(scanned))
	case !reflect.DeepEqual(scanned, walked):
		return fmt.Errorf("scanner and walker differ:\nscanner: %s\n walker: %s", dump(scanned), dump(walked))
	}
	return nil
}

func TestDocxScannerAgrees(t *testing.T) {
	for _, tc := range scanCases() {
		t.Run(tc.name, func(t *testing.T) {
			scanned, scanErr, walked, walkErr := readBoth([]byte(tc.xml))
			checkAgree(t, scanned, scanErr, walked, walkErr)
			if tc.fast && scanErr != nil {
				t.Errorf("scanner gave up; want it to read this part (walker: %v)", walkErr)
			}
			if !tc.fast && scanErr == nil {
				t.Errorf("scanner read the part; want it to leave it to the walker")
			}
			if tc.bad != (walkErr != nil) {
				t.Errorf("walker error = %v, want error %v", walkErr, tc.bad)
			}
			if got := (&Document{Blocks: walked}).Text(); tc.text != "" && got != tc.text {
				t.Errorf("text = %q, want %q", got, tc.text)
			}
		})
	}
}

// TestDocxScannerAgreesThroughExtract reads every case as a whole docx both
// ways: same Document, or the same error.
func TestDocxScannerAgreesThroughExtract(t *testing.T) {
	for _, tc := range scanCases() {
		t.Run(tc.name, func(t *testing.T) {
			checkExtractAgree(t, buildZip(t, zipFile{"_rels/.rels", testRels}, zipFile{"word/document.xml", tc.xml}), DefaultLimits())
		})
	}
}

func checkExtractAgree(t *testing.T, data []byte, lim Limits) {
	t.Helper()
	ctx := context.Background()
	a, aErr := extract(ctx, "a.docx", data, lim, extractDocx)
	b, bErr := extract(ctx, "a.docx", data, lim, walkerDocx)
	switch {
	case aErr == nil && bErr == nil:
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("documents differ:\nscanner: %s\n walker: %s", dump(a.Blocks), dump(b.Blocks))
		}
	case aErr != nil && bErr != nil:
		ea, eb := asError(t, aErr), asError(t, bErr)
		if ea.Where != eb.Where || ea.Reason != eb.Reason {
			t.Fatalf("errors differ:\nscanner: %v\n walker: %v", aErr, bErr)
		}
	default:
		t.Fatalf("scanner: %v; walker: %v", aErr, bErr)
	}
}

func TestSeedDocxScannerAgrees(t *testing.T) {
	_, data := readSeed(t, "fixtures/000_6b3f55403a0e915c.docx")
	part, err := readPart(docxPartFile(t, data), DefaultMaxDocxUncompressed)
	if err != nil {
		t.Fatal(err)
	}
	scanned, scanErr, walked, walkErr := readBoth(part)
	if scanErr != nil || walkErr != nil {
		t.Fatalf("scanner: %v; walker: %v (the seed must take the fast path)", scanErr, walkErr)
	}
	checkAgree(t, scanned, scanErr, walked, walkErr)
	checkExtractAgree(t, data, Limits{})
}

// FuzzDocxScannerAgrees zips the input as word/document.xml of an otherwise
// valid docx. Whenever the scanner reads the part, its blocks must equal the
// encoding/xml walker's; and Extract must give the same Document or error
// with and without the scanner.
func FuzzDocxScannerAgrees(f *testing.F) {
	for _, tc := range scanCases() {
		if len(tc.xml) < 8<<10 { // large seeds only slow the fuzzer down
			f.Add([]byte(tc.xml))
		}
	}
	f.Fuzz(func(t *testing.T, xml []byte) {
		data := storedZip(t, zipFile{"_rels/.rels", testRels}, zipFile{"word/document.xml", string(xml)})
		part, err := readPart(docxPartFile(t, data), fuzzLimits.MaxDocxUncompressed)
		if err != nil {
			t.Fatalf("reading the part of a valid zip: %v", err)
		}
		scanned, scanErr, walked, walkErr := readBoth(part)
		checkAgree(t, scanned, scanErr, walked, walkErr)
		checkExtractAgree(t, data, fuzzLimits)
	})
}

// storedZip is buildZip without compression, which is most of the cost of
// a fuzz run otherwise.
func storedZip(t testing.TB, files ...zipFile) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Store})
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

// docGen writes random WordprocessingML mixing everything the scanner must
// read like the walker: namespace spellings, entities, CDATA, comments,
// skipped and repeated properties, tables in cells, text boxes.
type docGen struct {
	r     *rand.Rand
	b     strings.Builder
	w, mc string // prefixes with their colon ("" for the default namespace)
	depth int
}

func (g *docGen) pick(s ...string) string { return s[g.r.Intn(len(s))] }

// open writes a start tag of a Word element with optional attributes, in a
// random spelling; empty elements may close themselves.
func (g *docGen) tag(name, attrs string, empty bool) {
	sp := g.pick("", "", "", " ", "\n\t")
	if attrs != "" {
		attrs = " " + attrs
	}
	if empty && g.r.Intn(2) == 0 {
		fmt.Fprintf(&g.b, "<%s%s%s%s/>", g.w, name, attrs, sp)
		return
	}
	fmt.Fprintf(&g.b, "<%s%s%s%s>", g.w, name, attrs, sp)
	if empty {
		g.end(name)
	}
}

func (g *docGen) end(name string) {
	fmt.Fprintf(&g.b, "</%s%s%s>", g.w, name, g.pick("", "", "", " "))
}

func (g *docGen) text() {
	for n := g.r.Intn(4); n >= 0; n-- {
		g.b.WriteString(g.pick("年度", "abc", " ", "12.5", "&amp;", "&lt;x&gt;", "&#x4E2D;", "&#25991;", "&#13;",
			"\r\n", "\r", "\t", "<![CDATA[<a&b>]]>", "<![CDATA[]]>", "]a", ">", "&quot;'", "<!-- c -->", "<?pi x?>", "😀", "\u00e9"))
	}
}

func (g *docGen) props(name string) {
	if g.r.Intn(3) == 0 { // the common, repeated one
		fmt.Fprintf(&g.b, `<%s%s><%srFonts %seastAsia="宋体"/></%s%s>`, g.w, name, g.w, g.w, g.w, name)
		return
	}
	g.tag(name, "", false)
	for n := g.r.Intn(3); n > 0; n-- {
		g.tag(g.pick("b", "sz", "jc", "tab", "tabs", "rFonts"), g.w+`val="`+g.pick("left", "24", "中")+`"`, true)
	}
	g.end(name)
}

func (g *docGen) run() {
	g.tag("r", "", false)
	if g.r.Intn(2) == 0 {
		g.props("rPr")
	}
	for n := g.r.Intn(3); n >= 0; n-- {
		switch g.r.Intn(12) {
		case 0, 1, 2, 3:
			g.tag("t", g.pick("", `xml:space="preserve"`, `xml:space='preserve'`), false)
			g.text()
			g.end("t")
		case 4:
			g.tag(g.pick("tab", "br", "cr", "ptab", "noBreakHyphen"), "", true)
		case 5:
			name := g.pick("delText", "instrText")
			g.tag(name, "", false)
			g.text()
			g.end(name)
		case 6:
			if g.depth < 2 {
				g.depth++
				g.tag("txbxContent", "", false)
				g.blocks()
				g.end("txbxContent")
				g.depth--
			}
		case 7:
			fmt.Fprintf(&g.b, "<%sAlternateContent><%sChoice Requires=\"wps\">", g.mc, g.mc)
			g.tag("t", "", false)
			g.text()
			g.end("t")
			fmt.Fprintf(&g.b, "</%sChoice><%sFallback>", g.mc, g.mc)
			g.tag("t", "", false)
			g.text()
			g.end("t")
			fmt.Fprintf(&g.b, "</%sFallback></%sAlternateContent>", g.mc, g.mc)
		case 8:
			fmt.Fprintf(&g.b, `<v:shape xmlns:v="urn:schemas-microsoft-com:vml" id='s1'><v:t>隐</v:t></v:shape>`)
		case 9:
			g.b.WriteString(g.pick("<!-- note -->", "<?mso x?>", "\n  "))
		default:
			g.tag("t", "", true)
		}
	}
	g.end("r")
}

func (g *docGen) para() {
	g.tag("p", g.pick("", g.w+`rsidR="00AB12"`, g.w+`x="a>b" `+g.w+`y='"'`), false)
	if g.r.Intn(2) == 0 {
		g.props("pPr")
	}
	for n := g.r.Intn(3); n > 0; n-- {
		switch g.r.Intn(6) {
		case 0:
			name := g.pick("del", "moveFrom", "ins")
			g.tag(name, g.w+`id="1"`, false)
			g.run()
			g.end(name)
		default:
			g.run()
		}
	}
	g.end("p")
}

func (g *docGen) table() {
	g.tag("tbl", "", false)
	if g.r.Intn(2) == 0 {
		g.props("tblPr")
	}
	for rows := g.r.Intn(2) + 1; rows > 0; rows-- {
		g.tag("tr", "", false)
		for cells := g.r.Intn(2) + 1; cells > 0; cells-- {
			g.tag("tc", "", false)
			if g.r.Intn(3) > 0 {
				g.tag("tcPr", "", false)
				switch g.r.Intn(4) {
				case 0:
					g.tag("gridSpan", g.pick(g.w, "")+`val="`+g.pick("2", "3", "0", "x", "&#50;", "2000")+`"`, true)
				case 1:
					g.tag("vMerge", g.pick("", g.w+`val="restart"`, g.w+`val='continue'`), true)
				case 2:
					g.b.WriteString(fmt.Sprintf(`<%stcBorders><%stop %sval="single" %ssz="4"/></%stcBorders>`, g.w, g.w, g.w, g.w, g.w))
				}
				g.end("tcPr")
			}
			for n := g.r.Intn(2); n >= 0; n-- {
				if g.depth < 3 && g.r.Intn(5) == 0 {
					g.depth++
					g.table()
					g.depth--
				} else {
					g.para()
				}
			}
			g.end("tc")
		}
		g.end("tr")
	}
	g.end("tbl")
}

func (g *docGen) blocks() {
	for n := g.r.Intn(3) + 1; n > 0; n-- {
		switch g.r.Intn(8) {
		case 0, 1:
			g.table()
		case 2:
			g.tag("sdt", "", false)
			g.tag("sdtContent", "", false)
			g.para()
			g.end("sdtContent")
			g.end("sdt")
		default:
			g.para()
		}
	}
}

// document returns a whole document part.
func (g *docGen) document() string {
	g.b.Reset()
	var decls string
	switch g.r.Intn(4) {
	case 0:
		g.w, decls = "", `xmlns="`+wordNS+`"`
	case 1:
		g.w, decls = "ns0:", `xmlns:ns0="`+wordStrictNS+`"`
	default:
		g.w, decls = "w:", `xmlns:w="`+wordNS+`"`
	}
	g.mc = g.pick("mc:", "m2:")
	decls += ` xmlns:` + strings.TrimSuffix(g.mc, ":") + `="` + mcNS + `"`
	g.b.WriteString(g.pick(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\r\n", `<?xml version='1.0'?>`, ""))
	fmt.Fprintf(&g.b, "<%sdocument %s>", g.w, decls)
	g.tag("body", "", false)
	g.blocks()
	g.props("sectPr")
	g.end("body")
	g.end("document")
	return g.b.String()
}

// TestDocxScannerAgreesGenerated checks scanner and walker on generated
// documents, as written and with a few bytes damaged.
func TestDocxScannerAgreesGenerated(t *testing.T) {
	g := &docGen{r: rand.New(rand.NewSource(7))}
	n := 1000
	if testing.Short() {
		n = 300
	}
	fast, intact := 0, 0
	for i := 0; i < n; i++ {
		doc := []byte(g.document())
		damaged := g.r.Intn(2) == 0
		if damaged {
			for k := g.r.Intn(3) + 1; k > 0 && len(doc) > 0; k-- {
				p := g.r.Intn(len(doc))
				switch g.r.Intn(4) {
				case 0:
					doc[p] = "<>/&;:=\"' \r]x\x00\xe4"[g.r.Intn(15)]
				case 1:
					doc = append(doc[:p:p], doc[min(len(doc), p+1+g.r.Intn(6)):]...)
				case 2:
					q := g.r.Intn(len(doc))
					doc = append(append(doc[:p:p], doc[q:min(len(doc), q+1+g.r.Intn(20))]...), doc[p:]...)
				default:
					doc = doc[:p]
				}
			}
		}
		scanned, scanErr, walked, walkErr := readBoth(doc)
		if err := agreement(scanned, scanErr, walked, walkErr); err != nil {
			t.Fatalf("document %d: %v\n%s", i, err, doc)
		}
		if !damaged {
			intact++
			if scanErr == nil {
				fast++
			}
		}
	}
	// The generator writes only what the fast path handles when intact
	// (no DOCTYPE, no rebinding): all of it must take the fast path.
	if fast != intact {
		t.Errorf("scanner read %d of %d intact documents, want all", fast, intact)
	}
	t.Logf("%d intact documents read by the scanner, %d damaged ones checked", intact, n-intact)
}
