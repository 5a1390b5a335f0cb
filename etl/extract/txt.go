package extract

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

func extractTxt(ctx context.Context, data []byte, _ Limits) (*Document, error) {
	text, enc, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	blocks, err := splitFlattened(ctx, text)
	if err != nil {
		return nil, err
	}
	return &Document{Format: "txt", Encoding: enc, Blocks: blocks}, nil
}

// decodeText detects the encoding (UTF-8 with BOM, UTF-8, else GB18030) and
// returns the text and the encoding name used in Document.Encoding.
func decodeText(data []byte) (string, string, error) {
	fail := func(where, reason string) (string, string, error) {
		return "", "", &Error{Stage: stage, Format: "txt", Where: where, Reason: reason}
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return fail("byte 0", "UTF-16 text is not supported; save the file as UTF-8 or GBK")
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fail(fmt.Sprintf("byte %d", i), "binary data (NUL byte), not a text file")
	}
	var text, enc string
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		body := data[len(utf8BOM):]
		if !utf8.Valid(body) {
			return fail(fmt.Sprintf("byte %d", len(utf8BOM)+firstInvalidUTF8(body)),
				"file starts with a UTF-8 byte-order mark but is not valid UTF-8")
		}
		text, enc = string(body), "utf-8-bom"
	case utf8.Valid(data):
		text, enc = string(data), "utf-8"
	default:
		// GB18030 decodes every GBK text; the x/text decoder replaces invalid
		// sequences with U+FFFD instead of failing, so look for that. A genuine
		// U+FFFD in a GB18030 file is rare enough to be refused too.
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil || bytes.ContainsRune(dec, utf8.RuneError) {
			return fail(fmt.Sprintf("byte %d", firstInvalidUTF8(data)),
				"text is neither valid UTF-8 nor GB18030/GBK")
		}
		text, enc = string(dec), "gb18030"
	}
	if line, r, ok := firstControl(text); ok {
		return fail(fmt.Sprintf("line %d", line),
			fmt.Sprintf("binary data (control character U+%04X), not a text file", r))
	}
	return text, enc, nil
}

// firstInvalidUTF8 returns the offset of the first byte that is not valid UTF-8.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// firstControl finds a control character that has no place in a text file
// (anything below U+0020 except tab, LF, VT, FF, CR, plus DEL), and its line.
// Scanning bytes is enough: in UTF-8 every byte of a multi-byte rune is ≥ 0x80.
func firstControl(s string) (line int, r rune, ok bool) {
	line = 1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n':
			line++
		case c == '\t' || c == '\r' || c == '\f' || c == '\v':
		case c < 0x20 || c == 0x7F:
			return line, rune(c), true
		}
	}
	return 0, 0, false
}

// splitFlattened applies the flattened-table rule described in the package
// documentation.
func splitFlattened(ctx context.Context, text string) ([]Block, error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	lines := strings.Split(text, "\n")
	var s flatSplitter
	for i, line := range lines {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, cancelled("txt", fmt.Sprintf("line %d", i+1), err)
			}
		}
		s.line(line)
	}
	s.endTable()
	return s.blocks, nil
}

// flatSplitter is the state of splitFlattened.
type flatSplitter struct {
	blocks []Block
	table  *Table   // open table, nil outside one
	row    []Cell   // cells of the open row
	cell   []string // lines of the open cell
	open   bool     // a cell is open
	blanks int      // blank lines since the last non-blank line
	// tsv: the last line was a paragraph of tab-separated cells (a table
	// saved as tab-separated text), so a tab line with more tabs is its
	// next row with a blank first cell, not a flattened cell.
	tsv bool
}

func (s *flatSplitter) line(line string) {
	rest, ok := cellStart(line)
	if ok && s.table == nil && s.tsv && s.blanks == 0 && strings.ContainsRune(rest, '\t') {
		s.blocks = append(s.blocks, Block{Kind: Paragraph, Text: line})
		return
	}
	s.tsv = false
	if ok {
		switch {
		case s.table == nil:
			s.table = &Table{}
		case s.blanks > 0:
			s.endRow()
		default:
			s.endCell()
		}
		s.cell = append(s.cell[:0], rest)
		s.open = true
		s.blanks = 0
		return
	}
	if strings.TrimSpace(line) == "" {
		s.blanks++
		return
	}
	if s.table != nil {
		if s.blanks < 2 {
			// A continuation line; blank lines inside a cell are kept.
			for ; s.blanks > 0; s.blanks-- {
				s.cell = append(s.cell, "")
			}
			s.cell = append(s.cell, line)
			return
		}
		s.endTable()
	}
	s.blanks = 0
	s.blocks = append(s.blocks, Block{Kind: Paragraph, Text: line})
	s.tsv = strings.ContainsRune(strings.TrimSpace(line), '\t')
}

func (s *flatSplitter) endCell() {
	if s.open {
		s.row = append(s.row, Cell{Text: strings.Join(s.cell, "\n"), Span: 1})
		s.open = false
	}
}

func (s *flatSplitter) endRow() {
	s.endCell()
	if len(s.row) > 0 {
		s.table.Rows = append(s.table.Rows, Row{Cells: s.row})
		s.row = nil
	}
}

func (s *flatSplitter) endTable() {
	if s.table == nil {
		return
	}
	s.endRow()
	if len(s.table.Rows) > 0 {
		s.blocks = append(s.blocks, Block{Kind: TableBlock, Table: s.table})
	}
	s.table = nil
	s.blanks = 0
}

// cellStart reports whether line opens a cell: a tab, optionally preceded by
// spaces (ASCII, ideographic or no-break; the seed's first line is " \t…").
// It returns the cell text after the tab.
func cellStart(line string) (string, bool) {
	i := 0
	for i < len(line) {
		switch {
		case line[i] == ' ':
			i++
		case strings.HasPrefix(line[i:], "\u3000"):
			i += len("\u3000")
		case strings.HasPrefix(line[i:], "\u00a0"):
			i += len("\u00a0")
		case line[i] == '\t':
			return line[i+1:], true
		default:
			return "", false
		}
	}
	return "", false
}

// DecodeText decodes a text file's bytes as the .txt reader does (UTF-8,
// UTF-8 with BOM, else GB18030/GBK), returning the text without a BOM and the
// encoding name. Other text inputs (the inbox manifest) use it so that a file
// Excel saved as GBK reads the same as a report would.
func DecodeText(data []byte) (text, encoding string, err error) {
	return decodeText(data)
}
