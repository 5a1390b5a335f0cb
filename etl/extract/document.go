package extract

import "fmt"

// Kind tells what a Block holds.
type Kind string

const (
	// Paragraph is a block of running text.
	Paragraph Kind = "paragraph"
	// TableBlock is a block holding a table.
	TableBlock Kind = "table"
)

// Document is the extracted content of one report file in reading order.
type Document struct {
	Format   string  `json:"format"`             // txt, docx, xlsx, pdf, doc, wps, html, xls, et, png, jpg
	Encoding string  `json:"encoding,omitempty"` // utf-8, utf-8-bom, gb18030 (txt, html)
	Blocks   []Block `json:"blocks"`
	// OCRPages is the number of pages read by OCR (scans and photos); 0 when
	// the file had text.
	OCRPages int `json:"ocr_pages,omitempty"`
}

// Block is one paragraph or one table.
type Block struct {
	Kind  Kind   `json:"kind"`
	Text  string `json:"text,omitempty"`  // paragraph text (Kind == Paragraph)
	Table *Table `json:"table,omitempty"` // table (Kind == TableBlock)
	// OCR holds, for a paragraph read by OCR, the words its numbers came from.
	OCR *OCRText `json:"ocr,omitempty"`
}

// Table is a grid of rows; cells keep their horizontal span so that a reader can
// recover grid columns.
type Table struct {
	Rows []Row `json:"rows"`
}

// Row is one table row.
type Row struct {
	Cells []Cell `json:"cells"`
}

// Cell is one table cell. Paragraphs inside a cell are joined with "\n".
type Cell struct {
	Text string `json:"text"`
	// Span is the number of grid columns the cell covers (docx gridSpan); 1 when unknown.
	Span int `json:"span,omitempty"`
	// Merged marks a vertically merged continuation cell (docx vMerge without
	// "restart"): its text is empty and belongs to the cell above.
	Merged bool `json:"merged,omitempty"`
	// OCR holds, for a cell read by OCR, the words its numbers came from
	// (a pointer keeps Cell comparable).
	OCR *OCRText `json:"ocr,omitempty"`
}

// Error is an extraction failure that says what failed, where and why; the loader
// writes it next to a quarantined file.
type Error struct {
	Stage  string `json:"stage"`  // e.g. "extract"
	Format string `json:"format"` // format that was attempted
	Where  string `json:"where"`  // e.g. "word/document.xml", "line 12"
	Reason string `json:"reason"`
	Err    error  `json:"-"`
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("%s %s", e.Format, e.Stage)
	if e.Where != "" {
		msg += " at " + e.Where
	}
	msg += ": " + e.Reason
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Text returns every paragraph and cell of the document in reading order, one
// line per paragraph or cell; handy for tests and for whole-text searches.
func (d *Document) Text() string {
	var b []byte
	for _, bl := range d.Blocks {
		switch bl.Kind {
		case Paragraph:
			b = append(b, bl.Text...)
			b = append(b, '\n')
		case TableBlock:
			for _, r := range bl.Table.Rows {
				for _, c := range r.Cells {
					b = append(b, c.Text...)
					b = append(b, '\n')
				}
			}
		}
	}
	return string(b)
}
