package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// WordprocessingML namespaces: transitional (what Word writes) and strict.
const (
	wordNS       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	wordStrictNS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	mcNS         = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	defaultPart  = "word/document.xml"
)

func extractDocx(ctx context.Context, data []byte, lim Limits) (*Document, error) {
	return readDocx(ctx, data, lim, true)
}

// readDocx reads a docx; scan chooses the fast scanner (with the encoding/xml
// walker as fallback) or the walker alone, which tests compare.
func readDocx(ctx context.Context, data []byte, lim Limits, scan bool) (*Document, error) {
	fail := func(where, reason string, err error) (*Document, error) {
		return nil, &Error{Stage: stage, Format: "docx", Where: where, Reason: reason, Err: err}
	}
	if bytes.HasPrefix(data, oleMagic) {
		return fail("", "file is an OLE compound document (a legacy .doc or a password-protected docx), not a docx", nil)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fail("zip", "not a readable zip archive (truncated, or not a docx)", err)
	}
	if name, ok := declaredSizeOK(zr, lim.MaxDocxUncompressed); !ok {
		return fail(name, fmt.Sprintf("uncompressed content exceeds the %d-byte limit (zip bomb guard)", lim.MaxDocxUncompressed), errLimit)
	}
	// Actual bytes read share one budget too, in case a header lies.
	remaining := lim.MaxDocxUncompressed
	part := mainPart(zr, &remaining)
	f := findZipFile(zr, part)
	if f == nil {
		return fail(part, "missing main document part (not a Word document?)", nil)
	}
	blocks, err := readDocument(ctx, f, remaining, scan)
	if err != nil {
		var oe *openError
		switch {
		case errors.As(err, &oe):
			return fail(part, "cannot open zip entry", oe.err)
		case errors.Is(err, errLimit):
			return fail(part, fmt.Sprintf("uncompressed content exceeds the %d-byte limit (zip bomb guard)", lim.MaxDocxUncompressed), err)
		case ctx.Err() != nil:
			return nil, cancelled("docx", part, ctx.Err())
		}
		var se *xml.SyntaxError
		switch {
		case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrChecksum), errors.Is(err, io.ErrUnexpectedEOF):
			return fail(part, "corrupt zip entry (sizes or checksum do not match, or data cut short)", err)
		case errors.Is(err, errTooDeep):
			return fail(part, "tables or text boxes nested more than 100 levels deep", err)
		case errors.Is(err, errTruncatedXML):
			return fail(part, "malformed XML (truncated or corrupt file?)", err)
		case errors.As(err, &se):
			return fail(fmt.Sprintf("%s line %d", part, se.Line), "malformed XML (truncated or corrupt file?)", err)
		}
		return fail(part, "cannot read document XML", err)
	}
	return &Document{Format: "docx", Blocks: blocks}, nil
}

// openError is a zip entry that could not be opened.
type openError struct{ err error }

func (e *openError) Error() string { return "cannot open zip entry: " + e.err.Error() }
func (e *openError) Unwrap() error { return e.err }

// maxScanPart is the largest part read into memory for the scanner. Larger
// parts (far beyond any real report) are streamed through the walker as
// before, which bounds the memory a hostile file can claim.
const maxScanPart = 32 << 20

// readDocument returns the blocks of the main part f, reading at most budget
// decompressed bytes. With scan, the part is read into memory and handed to
// the scanner; whatever the scanner does not handle, and any part that
// cannot be read whole (too big, over budget, corrupt), goes through the
// encoding/xml walker, which streams and so reports a broken part exactly
// where it meets the damage.
func readDocument(ctx context.Context, f *zip.File, budget int64, scan bool) ([]Block, error) {
	if scan && f.UncompressedSize64 <= maxScanPart {
		if data, err := readPart(f, min(budget, maxScanPart)); err == nil {
			blocks, err := scanDocument(ctx, data)
			if !errors.Is(err, errScan) {
				return blocks, err
			}
			return walkDocument(ctx, bytes.NewReader(data))
		}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &openError{err}
	}
	defer rc.Close()
	return walkDocument(ctx, &limitReader{r: rc, n: budget})
}

// readPart decompresses f whole, failing beyond limit bytes.
func readPart(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// Sized from the header plus ReadFrom's minimum read, so that an honest
	// header costs one allocation; but no more than deflate can expand the
	// compressed bytes (about 1032:1), so that a lying header cannot claim
	// more than inflating would.
	size := min(f.UncompressedSize64, uint64(max(limit, 0)))
	if c := f.CompressedSize64; c < size/1032 {
		size = c * 1032
	}
	buf := bytes.NewBuffer(make([]byte, 0, int(size)+bytes.MinRead))
	if _, err := buf.ReadFrom(&limitReader{r: rc, n: limit}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// walkDocument reads a document part from r with the encoding/xml walker.
func walkDocument(ctx context.Context, r io.Reader) ([]Block, error) {
	w := &docxWalker{ctx: ctx, d: xml.NewDecoder(r)}
	return w.document()
}

// declaredSizeOK checks the sum of the entries' declared uncompressed sizes
// against limit: cheap, and refuses most zip bombs before anything is inflated.
// It returns the entry that crossed the limit.
func declaredSizeOK(zr *zip.Reader, limit int64) (string, bool) {
	var total uint64
	budget := uint64(limit)
	for _, f := range zr.File {
		if f.UncompressedSize64 > budget-total {
			return f.Name, false
		}
		total += f.UncompressedSize64
	}
	return "", true
}

// mainPart finds the main document part through _rels/.rels, falling back to
// word/document.xml. Bytes read are taken from *budget.
func mainPart(zr *zip.Reader, budget *int64) string {
	f := findZipFile(zr, "_rels/.rels")
	if f == nil {
		return defaultPart
	}
	rc, err := f.Open()
	if err != nil {
		return defaultPart
	}
	defer rc.Close()
	capN := min(*budget, 1<<20) // relationships are tiny
	lr := &limitReader{r: rc, n: capN}
	var rels struct {
		Rel []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	err = xml.NewDecoder(lr).Decode(&rels)
	*budget -= capN - lr.n
	if err != nil {
		return defaultPart
	}
	for _, r := range rels.Rel {
		if strings.HasSuffix(r.Type, "/officeDocument") && r.Target != "" {
			return strings.TrimPrefix(path.Clean("/"+r.Target), "/")
		}
	}
	return defaultPart
}

// findZipFile looks name up exactly, then case-insensitively (some tools
// write differently cased names).
func findZipFile(zr *zip.Reader, name string) *zip.File {
	var fold *zip.File
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
		if fold == nil && strings.EqualFold(f.Name, name) {
			fold = f
		}
	}
	return fold
}

// docxWalker reads document.xml with a streaming decoder. It is the reference
// reading of a part: the faster scanner (docx_scan.go) mirrors it and hands
// it whatever it does not handle. Each method is called after its element's
// start tag and returns after its end tag: the first end tag of the same name
// at its level (nested ones are consumed by recursion). It uses RawToken, which is about twice as fast as Token on
// property-heavy Word XML, and resolves prefixes itself from the xmlns
// declarations it meets (Word declares them all on the root element; scoped
// redeclarations are not tracked). RawToken does not check that end tags
// match; on such broken input every loop still ends at EOF with an error.
type docxWalker struct {
	ctx  context.Context
	d    *xml.Decoder
	n    int               // tokens read, for periodic ctx checks
	ns   map[string]string // prefix ("" for default) → namespace URI
	nest int               // recursion depth of paragraph/table
}

// maxNesting bounds tables in cells and paragraphs in text boxes: the walker
// recurses on them, and hostile XML could nest deep enough to exhaust the
// stack, which is fatal rather than a recoverable panic.
const maxNesting = 100

var errTooDeep = errors.New("tables or text boxes nested too deeply")

// enter counts one level of recursion; call leave when done.
func (w *docxWalker) enter() error {
	w.nest++
	if w.nest > maxNesting {
		return errTooDeep
	}
	return nil
}

func (w *docxWalker) leave() { w.nest-- }

func (w *docxWalker) token() (xml.Token, error) {
	w.n++
	if w.n%4096 == 0 {
		if err := w.ctx.Err(); err != nil {
			return nil, err
		}
	}
	tok, err := w.d.RawToken()
	if se, ok := tok.(xml.StartElement); ok {
		for _, a := range se.Attr {
			switch {
			case a.Name.Space == "xmlns":
				w.declare(a.Name.Local, a.Value)
			case a.Name.Space == "" && a.Name.Local == "xmlns":
				w.declare("", a.Value)
			}
		}
	}
	return tok, err
}

func (w *docxWalker) declare(prefix, uri string) {
	if w.ns == nil {
		w.ns = make(map[string]string)
	}
	w.ns[prefix] = uri
}

// skip consumes the rest of the element whose start tag was just read.
func (w *docxWalker) skip() error {
	for depth := 1; depth > 0; {
		tok, err := w.inner()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// inner reads the next token inside an element, where EOF means truncation.
func (w *docxWalker) inner() (xml.Token, error) {
	tok, err := w.token()
	if err == io.EOF {
		return nil, errTruncatedXML
	}
	return tok, err
}

// errTruncatedXML reports XML that ends inside an element.
var errTruncatedXML = errors.New("XML ends inside an element")

func (w *docxWalker) isW(n xml.Name, local string) bool {
	return n.Local == local && w.isWordSpace(n.Space)
}

func (w *docxWalker) isWordSpace(prefix string) bool {
	u := w.ns[prefix]
	return u == wordNS || u == wordStrictNS
}

// skipped elements carry no reading text: properties (w:pPr holds tab-stop
// w:tab elements), deleted or moved-away revisions, and mc:Fallback, which
// repeats the text of its mc:Choice sibling.
func (w *docxWalker) skipped(n xml.Name) bool {
	if w.ns[n.Space] == mcNS {
		return n.Local == "Fallback"
	}
	return w.isWordSpace(n.Space) && skippedWord(n.Local)
}

// skippedWord reports whether w:local is skipped (see skipped); shared with
// the scanner.
func skippedWord(local string) bool {
	switch local {
	case "pPr", "rPr", "tblPr", "tblGrid", "trPr", "tblPrEx", "sectPr", "del", "moveFrom", "instrText", "delText":
		return true
	}
	return false
}

// document returns the body's blocks in order. Body-level paragraphs that are
// empty or whitespace only are dropped (they are layout spacing); inside cells
// they are kept as empty lines.
func (w *docxWalker) document() ([]Block, error) {
	var blocks []Block
	sawBody := false
	depth := 0 // open elements not handed to a method (document, body, sdt…)
	for {
		tok, err := w.token()
		if err == io.EOF {
			if depth != 0 {
				return nil, errTruncatedXML
			}
			break
		}
		if err != nil {
			return nil, err
		}
		if _, ok := tok.(xml.EndElement); ok {
			depth--
			continue
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case w.isW(se.Name, "body"):
			sawBody = true
			depth++
		case w.isW(se.Name, "p"):
			text, err := w.paragraph()
			if err != nil {
				return nil, err
			}
			if strings.TrimSpace(text) != "" {
				blocks = append(blocks, Block{Kind: Paragraph, Text: text})
			}
		case w.isW(se.Name, "tbl"):
			t, err := w.table()
			if err != nil {
				return nil, err
			}
			if len(t.Rows) > 0 {
				blocks = append(blocks, Block{Kind: TableBlock, Table: t})
			}
		case w.skipped(se.Name):
			if err := w.skip(); err != nil {
				return nil, err
			}
		default:
			depth++
		}
	}
	if !sawBody {
		return nil, errors.New("no w:body element (not a WordprocessingML document)")
	}
	return blocks, nil
}

// paragraph returns the text of a w:p: w:t runs, w:tab as "\t", w:br and w:cr
// as "\n". Paragraphs nested in text boxes get lines of their own.
func (w *docxWalker) paragraph() (string, error) {
	defer w.leave()
	if err := w.enter(); err != nil {
		return "", err
	}
	var p paraText
	inText := false
	for {
		tok, err := w.inner()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case w.skipped(t.Name):
				if err := w.skip(); err != nil {
					return "", err
				}
			case w.isW(t.Name, "t"):
				inText = true
			case w.isW(t.Name, "tab"), w.isW(t.Name, "ptab"):
				p.write("\t")
			case w.isW(t.Name, "br"), w.isW(t.Name, "cr"):
				p.write("\n")
			case w.isW(t.Name, "noBreakHyphen"):
				p.write("-")
			case w.isW(t.Name, "p"):
				s, err := w.paragraph()
				if err != nil {
					return "", err
				}
				p.line(s)
			case w.isW(t.Name, "tbl"):
				nt, err := w.table()
				if err != nil {
					return "", err
				}
				for _, s := range flattenTable(nt) {
					p.line(s)
				}
			}
		case xml.EndElement:
			switch {
			case w.isW(t.Name, "t"):
				inText = false
			case w.isW(t.Name, "p"):
				return p.String(), nil
			}
		case xml.CharData:
			if inText {
				p.write(string(t))
			}
		}
	}
}

// paraText builds a paragraph's text where embedded paragraphs (text boxes)
// stand on lines of their own.
type paraText struct {
	b     []byte
	broke bool // the last thing written was an embedded line
}

func (p *paraText) write(s string) {
	if p.broke && s != "" {
		p.b = append(p.b, '\n')
		p.broke = false
	}
	p.b = append(p.b, s...)
}

func (p *paraText) writeBytes(s []byte) {
	if p.broke && len(s) != 0 {
		p.b = append(p.b, '\n')
		p.broke = false
	}
	p.b = append(p.b, s...)
}

func (p *paraText) line(s string) {
	if s == "" {
		return
	}
	if len(p.b) > 0 {
		p.b = append(p.b, '\n')
	}
	p.b = append(p.b, s...)
	p.broke = true
}

func (p *paraText) String() string { return string(p.b) }

func (w *docxWalker) table() (*Table, error) {
	defer w.leave()
	if err := w.enter(); err != nil {
		return nil, err
	}
	t := &Table{}
	for {
		tok, err := w.inner()
		if err != nil {
			return nil, err
		}
		switch x := tok.(type) {
		case xml.StartElement:
			switch {
			case w.isW(x.Name, "tr"):
				r, err := w.row()
				if err != nil {
					return nil, err
				}
				if len(r.Cells) > 0 {
					t.Rows = append(t.Rows, r)
				}
			case w.skipped(x.Name):
				if err := w.skip(); err != nil {
					return nil, err
				}
			}
		case xml.EndElement:
			if w.isW(x.Name, "tbl") {
				return t, nil
			}
		}
	}
}

func (w *docxWalker) row() (Row, error) {
	var r Row
	for {
		tok, err := w.inner()
		if err != nil {
			return r, err
		}
		switch x := tok.(type) {
		case xml.StartElement:
			switch {
			case w.isW(x.Name, "tc"):
				c, err := w.cell()
				if err != nil {
					return r, err
				}
				r.Cells = append(r.Cells, c)
			case w.skipped(x.Name):
				if err := w.skip(); err != nil {
					return r, err
				}
			}
		case xml.EndElement:
			if w.isW(x.Name, "tr") {
				return r, nil
			}
		}
	}
}

// cell reads a w:tc: its paragraphs joined with "\n", its gridSpan as Span,
// and vMerge without val="restart" as a Merged continuation with no text.
// A nested table's text is flattened into the cell (see flattenTable).
func (w *docxWalker) cell() (Cell, error) {
	c := Cell{Span: 1}
	var parts []string
	merged := false
	for {
		tok, err := w.inner()
		if err != nil {
			return c, err
		}
		switch x := tok.(type) {
		case xml.StartElement:
			switch {
			case w.isW(x.Name, "tcPr"):
				if err := w.cellProps(&c, &merged); err != nil {
					return c, err
				}
			case w.isW(x.Name, "p"):
				s, err := w.paragraph()
				if err != nil {
					return c, err
				}
				parts = append(parts, s)
			case w.isW(x.Name, "tbl"):
				nt, err := w.table()
				if err != nil {
					return c, err
				}
				parts = append(parts, flattenTable(nt)...)
			case w.skipped(x.Name):
				if err := w.skip(); err != nil {
					return c, err
				}
			}
		case xml.EndElement:
			if w.isW(x.Name, "tc") {
				if merged {
					c.Merged = true
				} else {
					c.Text = strings.Join(parts, "\n")
				}
				return c, nil
			}
		}
	}
}

// maxSpan bounds gridSpan; Word allows 63 columns, larger values are junk.
const maxSpan = 1024

func (w *docxWalker) cellProps(c *Cell, merged *bool) error {
	for {
		tok, err := w.inner()
		if err != nil {
			return err
		}
		switch x := tok.(type) {
		case xml.StartElement:
			switch {
			case w.isW(x.Name, "gridSpan"):
				if n, err := strconv.Atoi(w.wordAttr(x, "val")); err == nil && n >= 1 && n <= maxSpan {
					c.Span = n
				}
			case w.isW(x.Name, "vMerge"):
				*merged = w.wordAttr(x, "val") != "restart"
			}
			if err := w.skip(); err != nil {
				return err
			}
		case xml.EndElement:
			if w.isW(x.Name, "tcPr") {
				return nil
			}
		}
	}
}

func (w *docxWalker) wordAttr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && (a.Name.Space == "" || w.isWordSpace(a.Name.Space)) {
			return a.Value
		}
	}
	return ""
}

// flattenTable turns a nested table into lines: one per row, cells separated
// by "\t" (merged continuations left out), blank rows dropped.
func flattenTable(t *Table) []string {
	var lines []string
	for _, r := range t.Rows {
		var cells []string
		for _, c := range r.Cells {
			if !c.Merged {
				cells = append(cells, c.Text)
			}
		}
		if line := strings.Join(cells, "\t"); strings.TrimSpace(line) != "" {
			lines = append(lines, line)
		}
	}
	return lines
}
