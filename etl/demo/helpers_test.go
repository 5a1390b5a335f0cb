package demo

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// form is a report read back from its bytes by the rules the parsers use: the
// table as rows of cells of paragraphs, and the narrative's non-empty lines.
type form struct {
	rows      [][][]string
	narrative []string
	tables    int
}

func (f form) text() string {
	var b strings.Builder
	for _, r := range f.rows {
		for _, c := range r {
			b.WriteString(strings.Join(c, "\n"))
			b.WriteByte('\n')
		}
	}
	for _, l := range f.narrative {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// cellText is the text of cell ci of row ri, paragraphs joined; "" when absent.
func (f form) cellText(ri, ci int) string {
	if ri >= len(f.rows) || ci >= len(f.rows[ri]) {
		return ""
	}
	return strings.Join(f.rows[ri][ci], "")
}

// readTxt decodes a txt report (UTF-8, UTF-8 with BOM or GBK) and splits it by
// the tab layout: a tab line opens a cell, a blank line before a tab line ends
// a row, untabbed lines continue a cell, two blank lines before an untabbed
// line end the table.
func readTxt(data []byte, encoding string) (form, error) {
	switch encoding {
	case "utf-8-bom":
		if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
			return form{}, fmt.Errorf("missing BOM")
		}
		data = data[3:]
	case "gb18030":
		d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return form{}, fmt.Errorf("decode GB18030: %w", err)
		}
		data = d
	}
	lines := strings.Split(string(data), "\n")
	var f form
	var row [][]string
	blanks := 0
	inTable := true
	for _, l := range lines {
		switch {
		case !inTable:
			if l != "" {
				f.narrative = append(f.narrative, l)
			}
		case strings.HasPrefix(l, "\t"):
			if blanks > 0 && len(row) > 0 {
				f.rows = append(f.rows, row)
				row = nil
			}
			blanks = 0
			row = append(row, []string{l[1:]})
		case l == "":
			blanks++
		default:
			if blanks >= 2 || len(row) == 0 {
				inTable = false
				if len(row) > 0 {
					f.rows = append(f.rows, row)
					row = nil
				}
				f.narrative = append(f.narrative, l)
				continue
			}
			c := &row[len(row)-1]
			for range blanks {
				*c = append(*c, "")
			}
			blanks = 0
			*c = append(*c, l)
		}
	}
	if len(row) > 0 {
		f.rows = append(f.rows, row)
	}
	if len(f.rows) > 0 {
		f.tables = 1
	}
	return f, nil
}

// readDocx unpacks a docx and reads word/document.xml with encoding/xml: table
// rows of cells of paragraphs (w:t text joined), and the body paragraphs.
func readDocx(data []byte) (form, [][]int, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return form{}, nil, fmt.Errorf("open zip: %w", err)
	}
	var doc []byte
	names := map[string]bool{}
	for _, zf := range zr.File {
		names[zf.Name] = true
		if zf.Name != "word/document.xml" {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return form{}, nil, err
		}
		doc, err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return form{}, nil, fmt.Errorf("read document.xml: %w", err)
		}
	}
	for _, n := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		if !names[n] {
			return form{}, nil, fmt.Errorf("missing part %s", n)
		}
	}
	const w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var (
		f        form
		spans    [][]int
		row      [][]string
		rowSpans []int
		cell     []string
		para     strings.Builder
		depthTbl int
		inT      bool
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return form{}, nil, fmt.Errorf("document.xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != w {
				continue
			}
			switch t.Name.Local {
			case "tbl":
				depthTbl++
				f.tables++
			case "tr":
				row, rowSpans = nil, nil
			case "tc":
				cell = nil
				rowSpans = append(rowSpans, 1)
			case "gridSpan":
				for _, a := range t.Attr {
					if a.Name.Local == "val" {
						var n int
						fmt.Sscan(a.Value, &n)
						rowSpans[len(rowSpans)-1] = n
					}
				}
			case "p":
				para.Reset()
			case "t":
				inT = true
			}
		case xml.EndElement:
			if t.Name.Space != w {
				continue
			}
			switch t.Name.Local {
			case "tbl":
				depthTbl--
			case "tr":
				f.rows = append(f.rows, row)
				spans = append(spans, rowSpans)
			case "tc":
				row = append(row, cell)
			case "p":
				if depthTbl > 0 {
					cell = append(cell, para.String())
				} else if para.Len() > 0 {
					f.narrative = append(f.narrative, para.String())
				}
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				para.Write(t)
			}
		}
	}
	return f, spans, nil
}
