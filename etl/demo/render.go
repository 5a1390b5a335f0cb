package demo

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ReportTxt renders s as the tab-flattened text export of the form followed by
// the narrative: a line that starts with a tab opens a cell, a blank line before
// a tab line ends a row, untabbed lines continue a cell; the narrative follows
// the last row after two blank lines. The result is UTF-8 without BOM.
func ReportTxt(s Spec) []byte { return renderTxt(&s, false) }

// renderTxt writes the txt layout. trusted skips clean: Generate's specs hold
// only this package's own texts, which have no tabs or line breaks.
func renderTxt(s *Spec, trusted bool) []byte {
	l := s.layout()
	if !trusted {
		l = l.clean()
	}
	var b bytes.Buffer
	b.Grow(48 << 10)
	for _, row := range l.rows {
		for _, c := range row {
			b.WriteByte('\t')
			for i, p := range c.paras {
				if i > 0 {
					b.WriteByte('\n')
				}
				b.WriteString(p)
			}
			b.WriteByte('\n')
		}
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	for _, p := range l.paras {
		b.WriteString(p.text)
		b.WriteByte('\n')
		if p.gap {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// clean makes any Spec text safe for both layouts: no tabs, one paragraph per
// line, no trailing empty paragraph in a cell (in the txt layout it would read
// as the end of the row) and no two empty paragraphs in a row (the end of the
// table).
func (l layout) clean() layout {
	for _, row := range l.rows {
		for i, c := range row {
			dirty := c.paras[len(c.paras)-1] == "" && len(c.paras) > 1
			for k, p := range c.paras {
				dirty = dirty || hasBreaks(p) || (k > 0 && p == "" && c.paras[k-1] == "")
			}
			if !dirty {
				continue // the common case: nothing to copy
			}
			var ps []string
			for _, p := range c.paras {
				for _, q := range strings.Split(fixText(p), "\n") {
					// Two empty lines in a row end the table in the txt layout.
					if q == "" && len(ps) > 0 && ps[len(ps)-1] == "" {
						continue
					}
					ps = append(ps, q)
				}
			}
			for len(ps) > 1 && ps[len(ps)-1] == "" {
				ps = ps[:len(ps)-1]
			}
			row[i].paras = ps
		}
	}
	dirty := false
	for _, p := range l.paras {
		dirty = dirty || hasBreaks(p.text)
	}
	if !dirty {
		return l
	}
	var paras []para
	for _, p := range l.paras {
		lines := strings.Split(fixText(p.text), "\n")
		for k, t := range lines {
			q := p
			q.text = t
			q.gap = p.gap && k == len(lines)-1
			paras = append(paras, q)
		}
	}
	l.paras = paras
	return l
}

func fixText(t string) string {
	return strings.ReplaceAll(strings.ReplaceAll(t, "\t", " "), "\r", "")
}

// docxTime is the fixed modification time of every zip entry, so that the same
// Spec always yields the same bytes.
var docxTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

const (
	nsW        = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	gridCol    = 1100 // twips per grid column; 8 columns as in the standard form
	xmlHeader  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	contentXML = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
		`</Types>`
	relsXML = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
		`</Relationships>`
	docRelsXML = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`</Relationships>`
	stylesXML = xmlHeader + `<w:styles xmlns:w="` + nsW + `">` +
		`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman"/>` +
		`<w:sz w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
		`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`</w:styles>`
	// Element order follows the schema (tblW, tblBorders, tblLayout): Word
	// rejects out-of-order properties as a corrupt file.
	tblPr = `<w:tblPr><w:tblW w:w="8800" w:type="dxa"/><w:tblBorders>` +
		`<w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>`
	sectPr = `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>`
)

// ReportDocx renders s as a minimal WordprocessingML document: one table on an
// 8-column grid with gridSpan cells, as in the standard form, then the narrative
// paragraphs. Parts are deflated, as Word writes them.
func ReportDocx(s Spec) ([]byte, error) { return renderDocx(&s, zip.Deflate, false) }

// renderDocx packs the document with the given zip method. Generate stores
// parts uncompressed (a deflate writer costs more than building the whole
// document: its window is allocated and zeroed per archive) and passes trusted:
// its specs hold only this package's own texts, which need no cleaning,
// escaping or UTF-8 repair; TestGenerate parses its output to keep that true.
func renderDocx(s *Spec, method uint16, trusted bool) ([]byte, error) {
	l := s.layout()
	if !trusted {
		l = l.clean()
	}
	doc := documentXML(l, s.SplitRuns, trusted)
	var buf bytes.Buffer
	buf.Grow(len(doc) + 8192)
	zw := zip.NewWriter(&buf)
	parts := []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", []byte(contentXML)},
		{"_rels/.rels", []byte(relsXML)},
		{"word/document.xml", doc},
		{"word/_rels/document.xml.rels", []byte(docRelsXML)},
		{"word/styles.xml", []byte(stylesXML)},
	}
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: method, Modified: docxTime})
		if err != nil {
			return nil, fmt.Errorf("docx: create %s: %w", p.name, err)
		}
		if _, err := w.Write(p.data); err != nil {
			return nil, fmt.Errorf("docx: write %s: %w", p.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("docx: close archive: %w", err)
	}
	return buf.Bytes(), nil
}

func documentXML(l layout, split, trusted bool) []byte {
	var b bytes.Buffer
	b.Grow(96 << 10)
	b.WriteString(xmlHeader)
	b.WriteString(`<w:document xmlns:w="` + nsW + `" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	b.WriteString(`<w:tbl>`)
	b.WriteString(tblPr)
	b.WriteString(`<w:tblGrid>`)
	for range 8 {
		b.WriteString(`<w:gridCol w:w="1100"/>`)
	}
	b.WriteString(`</w:tblGrid>`)
	for _, row := range l.rows {
		b.WriteString(`<w:tr>`)
		for _, c := range row {
			span := min(max(c.span, 1), 8)
			b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="`)
			b.WriteString(strconv.Itoa(gridCol * span))
			b.WriteString(`" w:type="dxa"/>`)
			if span > 1 {
				b.WriteString(`<w:gridSpan w:val="`)
				b.WriteString(strconv.Itoa(span))
				b.WriteString(`"/>`)
			}
			b.WriteString(`</w:tcPr>`)
			for _, p := range c.paras {
				writePara(&b, p, "", split, trusted)
			}
			b.WriteString(`</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	for _, p := range l.paras {
		if p.title {
			writePara(&b, p.text, `<w:pPr><w:jc w:val="center"/></w:pPr>`, false, trusted)
			continue
		}
		writePara(&b, p.text, "", split, trusted)
	}
	b.WriteString(sectPr)
	b.WriteString(`</w:body></w:document>`)
	if !trusted && !utf8.Valid(b.Bytes()) {
		// Invalid bytes can only come from a caller's Spec; U+FFFD keeps the XML well-formed.
		return bytes.ToValidUTF8(b.Bytes(), []byte("\uFFFD"))
	}
	return b.Bytes()
}

// writePara writes one paragraph; with split, runs break where digits start or
// end, the way Word's revision tracking fragments real documents.
func writePara(b *bytes.Buffer, text, pPr string, split, trusted bool) {
	if text == "" {
		b.WriteString(`<w:p>` + pPr + `</w:p>`)
		return
	}
	b.WriteString(`<w:p>`)
	b.WriteString(pPr)
	if !split {
		writeRun(b, text, trusted)
	} else {
		start := 0
		prev := isDigit(text[0])
		for i := 1; i < len(text); i++ {
			if d := isDigit(text[i]); d != prev {
				writeRun(b, text[start:i], trusted)
				start, prev = i, d
			}
		}
		writeRun(b, text[start:], trusted)
	}
	b.WriteString(`</w:p>`)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func writeRun(b *bytes.Buffer, t string, trusted bool) {
	b.WriteString(`<w:r><w:t xml:space="preserve">`)
	if trusted || !needsEscape(t) {
		b.WriteString(t)
	} else {
		for _, r := range t {
			switch {
			case r == '&':
				b.WriteString("&amp;")
			case r == '<':
				b.WriteString("&lt;")
			case r == '>':
				b.WriteString("&gt;")
			case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0xFFFE, r == 0xFFFF:
				// not allowed in XML 1.0: dropped
			default:
				b.WriteRune(r)
			}
		}
	}
	b.WriteString(`</w:t></w:r>`)
}

// needsEscape reports whether t holds a character writeRun must escape or drop.
// Invalid UTF-8 is repaired once for the whole document (documentXML).
func needsEscape(t string) bool {
	for i := 0; i < len(t); i++ {
		if special[t[i]] && (t[i] != 0xEF || i+2 < len(t) && t[i+1] == 0xBF && t[i+2] >= 0xBE) {
			return true
		}
	}
	return false
}

// special marks the bytes that may need work in either layout: control
// characters (tabs and line breaks included), XML markup characters and 0xEF,
// the lead byte of U+FFFE and U+FFFF.
var special = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['&'], t['<'], t['>'], t[0xEF] = true, true, true, true
	return t
}()

// hasBreaks reports whether t holds a tab, CR or LF (clean must split or replace them).
func hasBreaks(t string) bool {
	return strings.IndexByte(t, '\n') >= 0 || strings.IndexByte(t, '\t') >= 0 || strings.IndexByte(t, '\r') >= 0
}
