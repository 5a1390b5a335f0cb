// Package extract turns report files (.txt, .docx, .xlsx, .pdf, .html, legacy .doc/.wps)
// into one format-neutral Document of ordered paragraphs and tables, so that the
// parser never needs to know which file type a report came in. It knows nothing
// of databases or HTTP.
//
// # Flattened text (.txt)
//
// Report forms are often exported to text with their table flattened. The rule
// (as in the seed report) is:
//
//   - a line that starts with a tab (optionally after spaces) opens a cell; the
//     cell's text is the rest of the line;
//   - an untabbed, non-blank line continues the open cell (blank lines between
//     its lines are kept as empty lines, like empty paragraphs in Word);
//   - one or more blank lines followed by a tab line end the row;
//   - lines before the first tab line are paragraphs, one per non-blank line.
//
// Nothing marks the end of the form, so a heuristic does: two or more blank
// lines followed by an untabbed line end the table; from there each non-blank
// line is a paragraph, and a later tab line would open a new table. A single
// blank line before an untabbed line never ends the table because cells
// legitimately contain blank lines. A text without tab lines is all paragraphs.
//
// A table saved as tab-separated text is not flattened: its rows are lines
// of cells between tabs, and a row whose first cell is blank (under a merged
// cell) starts with a tab. Such a line, right after a paragraph line of
// tab-separated cells and holding further tabs itself, is that table's next
// row: a paragraph like its neighbours, not a flattened cell.
//
// The text encoding is detected as UTF-8 with BOM, UTF-8, or else GB18030
// (a superset of GBK); binary data is refused.
//
// # Other formats
//
// .docx is read with archive/zip, and word/document.xml by a byte-level
// scanner that mirrors an encoding/xml walker and hands it anything unusual
// (tables keep gridSpan and vMerge); .xlsx with excelize (one table per
// sheet); .pdf via pdftotext from poppler-utils; .doc/.wps by converting to
// docx with LibreOffice; .html/.htm with golang.org/x/net/html (see html.go:
// page furniture dropped, rowspan/colspan placed on the grid, GBK pages decoded).
// Every format is bounded by Limits and fails with an *Error, never a panic.
package extract
