package extract

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"
)

// extractPDF runs `pdftotext -layout -enc UTF-8 FILE -` (poppler-utils) on a
// temporary copy and turns the layout text into blocks (see layoutBlocks).
func extractPDF(ctx context.Context, data []byte, lim Limits) (*Document, error) {
	fail := func(where, reason string, err error) (*Document, error) {
		return nil, &Error{Stage: stage, Format: "pdf", Where: where, Reason: reason, Err: err}
	}
	// The header may follow some junk, but must be within the first 1 KiB.
	if !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
		return fail("", "not a PDF (no %PDF- header)", nil)
	}
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		return fail("", "pdftotext (poppler-utils) is not installed", err)
	}
	dir, err := os.MkdirTemp("", "jixiao-pdf-")
	if err != nil {
		return fail("", "cannot create a temporary directory", err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "input.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return fail("", "cannot write a temporary file", err)
	}
	out := &limitBuffer{max: int(min(lim.MaxDocxUncompressed, int64(1<<31-1)))}
	stderr := &headBuffer{max: 4096}
	cmd := exec.CommandContext(ctx, tool, "-layout", "-enc", "UTF-8", in, "-")
	cmd.Stdout, cmd.Stderr = out, stderr
	cmd.WaitDelay = 2 * time.Second
	err = cmd.Run()
	switch {
	case ctx.Err() != nil:
		return nil, cancelled("pdf", "pdftotext", ctx.Err())
	case out.over:
		return fail("pdftotext", fmt.Sprintf("text output exceeds the %d-byte limit", out.max), errLimit)
	case err != nil:
		msg := firstLine(stderr.String())
		if msg == "" {
			msg = "no diagnostic"
		}
		return fail("pdftotext", "pdftotext could not read the PDF: "+msg, err)
	}
	text := out.buf.String()
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	blocks, err := layoutBlocks(ctx, text)
	if err != nil {
		return nil, err
	}
	return &Document{Format: "pdf", Blocks: blocks}, nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// Table-row detection in layout text: a line whose trimmed text splits on gaps
// of two or more spaces into at least minColumns short fields. Only runs of at
// least minTableRows such consecutive lines become a table, so that a single
// spaced-out line (a date template, a heading) stays a paragraph; the field
// length cap keeps justified narrative lines with a wide gap out of tables.
const (
	minColumns     = 2
	minTableRows   = 2
	maxFieldRunes  = 40
	layoutGapSpace = 2
)

// layoutBlocks turns pdftotext -layout output into blocks: every non-blank
// line is a paragraph (trimmed; page breaks and blank lines dropped, wrapped
// lines are not joined), except runs of table-like lines, which become one
// table with a cell per field. Cells carry Span 1: layout text cannot show
// spans or empty cells, so the parser must match PDF rows by their labels.
func layoutBlocks(ctx context.Context, text string) ([]Block, error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\f", "\n")
	var (
		blocks []Block
		run    []Row    // pending table-like rows
		runTxt []string // their trimmed lines
	)
	flush := func() {
		if len(run) >= minTableRows {
			blocks = append(blocks, Block{Kind: TableBlock, Table: &Table{Rows: run}})
		} else {
			for _, s := range runTxt {
				blocks = append(blocks, Block{Kind: Paragraph, Text: s})
			}
		}
		run, runTxt = nil, nil
	}
	for i, line := range strings.Split(text, "\n") {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, cancelled("pdf", fmt.Sprintf("line %d", i+1), err)
			}
		}
		t := strings.TrimSpace(line)
		if t == "" {
			flush()
			continue
		}
		if fields := layoutFields(t); len(fields) >= minColumns {
			cells := make([]Cell, len(fields))
			for k, f := range fields {
				cells[k] = Cell{Text: f, Span: 1}
			}
			run = append(run, Row{Cells: cells})
			runTxt = append(runTxt, t)
			continue
		}
		flush()
		blocks = append(blocks, Block{Kind: Paragraph, Text: t})
	}
	flush()
	return blocks, nil
}

// layoutFields splits a trimmed line on gaps of layoutGapSpace or more spaces
// (ASCII or ideographic). It returns nil when any field is too long to be a
// table cell.
func layoutFields(t string) []string {
	var fields []string
	var cur strings.Builder
	gap := 0
	flushField := func() bool {
		s := strings.TrimSpace(cur.String())
		cur.Reset()
		if s == "" {
			return true
		}
		if utf8.RuneCountInString(s) > maxFieldRunes {
			return false
		}
		fields = append(fields, s)
		return true
	}
	for _, r := range t {
		if r == ' ' || r == '\u3000' {
			gap++
			continue
		}
		if gap >= layoutGapSpace {
			if !flushField() {
				return nil
			}
		} else if gap > 0 {
			cur.WriteByte(' ')
		}
		gap = 0
		cur.WriteRune(r)
	}
	if !flushField() {
		return nil
	}
	return fields
}
