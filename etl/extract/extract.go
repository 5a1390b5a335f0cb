package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Default limits; see Limits.
const (
	DefaultMaxFileBytes        int64 = 50 << 20
	DefaultMaxDocxUncompressed int64 = 200 << 20
)

// Limits bound what one file may cost. Zero (or negative) fields mean the default.
type Limits struct {
	// MaxFileBytes caps the size of the file as given (default 50 MiB).
	MaxFileBytes int64
	// MaxDocxUncompressed caps the decompressed size of a zip container (default
	// 200 MiB): the sum of the declared entry sizes and the bytes actually read.
	// It guards against zip bombs and applies to .docx, to .xlsx, to the docx
	// converted from .doc/.wps and to the text pdftotext prints.
	MaxDocxUncompressed int64
	// SkipOCR makes a file that needs OCR (a scanned PDF, a photo) fail
	// quickly with an *Error wrapping ErrNeedsOCR instead of being read, so
	// that the inbox can read such files in a lane of their own.
	SkipOCR bool
}

// DefaultLimits returns the limits used when a field is zero.
func DefaultLimits() Limits {
	return Limits{MaxFileBytes: DefaultMaxFileBytes, MaxDocxUncompressed: DefaultMaxDocxUncompressed}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = d.MaxFileBytes
	}
	if l.MaxDocxUncompressed <= 0 {
		l.MaxDocxUncompressed = d.MaxDocxUncompressed
	}
	return l
}

// Formats lists the supported file extensions, lower case with the dot.
func Formats() []string {
	return []string{".doc", ".docx", ".et", ".htm", ".html", ".jpeg", ".jpg", ".pdf", ".png", ".txt", ".wps", ".xls", ".xlsx"}
}

const stage = "extract"

// Extract reads one report file. The extension of name (case-insensitive)
// chooses the format; data is the whole file. Every failure is an *Error; a
// cancelled or expired ctx yields an *Error wrapping ctx.Err().
func Extract(ctx context.Context, name string, data []byte, lim Limits) (*Document, error) {
	return extract(ctx, name, data, lim, extractDocx)
}

// docxReader reads a .docx file; see extractDocx.
type docxReader func(context.Context, []byte, Limits) (*Document, error)

// extract is Extract with the .docx reader as a parameter, so that tests can
// run every docx case through both the scanner and the encoding/xml walker.
func extract(ctx context.Context, name string, data []byte, lim Limits, docx docxReader) (*Document, error) {
	lim = lim.withDefaults()
	ext := strings.ToLower(filepath.Ext(name))
	format := strings.TrimPrefix(ext, ".")
	switch format {
	case "htm":
		format = "html" // one format, two extensions
	case "jpeg":
		format = "jpg"
	}
	if err := ctx.Err(); err != nil {
		return nil, cancelled(format, "", err)
	}
	var run func(context.Context, []byte, Limits) (*Document, error)
	switch ext {
	case ".txt":
		run = extractTxt
	case ".docx":
		run = docx
	case ".xlsx":
		run = extractXlsx
	case ".pdf":
		run = extractPDF
	case ".html", ".htm":
		run = extractHTML
	case ".doc", ".wps":
		run = func(ctx context.Context, data []byte, lim Limits) (*Document, error) {
			return extractLegacy(ctx, data, lim, format, writerTarget)
		}
	case ".png", ".jpg", ".jpeg":
		run = func(ctx context.Context, data []byte, lim Limits) (*Document, error) {
			return extractImage(ctx, data, lim, format)
		}
	case ".xls", ".et":
		run = func(ctx context.Context, data []byte, lim Limits) (*Document, error) {
			return extractLegacy(ctx, data, lim, format, calcTarget)
		}
	case "":
		return nil, &Error{Stage: stage, Format: "", Where: filepath.Base(name),
			Reason: "file name has no extension; supported: " + strings.Join(Formats(), ", ")}
	default:
		return nil, &Error{Stage: stage, Format: format, Where: filepath.Base(name),
			Reason: fmt.Sprintf("unsupported file type %q; supported: %s", ext, strings.Join(Formats(), ", "))}
	}
	if len(data) == 0 {
		return nil, &Error{Stage: stage, Format: format, Reason: "empty file (0 bytes)"}
	}
	if int64(len(data)) > lim.MaxFileBytes {
		return nil, &Error{Stage: stage, Format: format,
			Reason: fmt.Sprintf("file is %d bytes, over the %d-byte limit", len(data), lim.MaxFileBytes)}
	}
	doc, err := run(ctx, data, lim)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			return nil, err
		}
		return nil, &Error{Stage: stage, Format: format, Reason: "extraction failed", Err: err}
	}
	doc.Format = format
	if len(doc.Blocks) == 0 {
		reason := "no text found in file"
		if doc.OCRPages > 0 {
			reason = "OCR found no text in the scan"
		}
		return nil, &Error{Stage: stage, Format: format, Reason: reason}
	}
	return doc, nil
}

// cancelled reports a context cancellation or deadline.
func cancelled(format, where string, err error) *Error {
	return &Error{Stage: stage, Format: format, Where: where, Reason: "cancelled or timed out", Err: err}
}

// errLimit is returned by limitReader once more than its budget was read.
var errLimit = errors.New("decompressed size limit exceeded")

// limitReader reads at most n bytes from r and fails with errLimit beyond
// that, instead of silently truncating like io.LimitReader, so that a
// zip bomb is reported rather than half-read.
type limitReader struct {
	r io.Reader
	n int64 // bytes still allowed
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, errLimit
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		return n, errLimit
	}
	return n, err
}

// limitBuffer collects a command's output up to max bytes and fails beyond it.
type limitBuffer struct {
	buf bytes.Buffer
	max int
	// over is set once a write exceeded max.
	over bool
}

func (b *limitBuffer) Write(p []byte) (int, error) {
	if b.buf.Len()+len(p) > b.max {
		b.over = true
		return 0, errLimit
	}
	return b.buf.Write(p)
}

// headBuffer keeps the first max bytes written and discards the rest without
// failing: for diagnostics, where a chatty tool must not fail the run.
type headBuffer struct {
	buf bytes.Buffer
	max int
}

func (b *headBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

func (b *headBuffer) String() string { return b.buf.String() }

// oleMagic starts every OLE compound document: legacy .doc/.xls/.wps and
// password-protected OOXML files.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// zipMagic starts a zip local file header.
var zipMagic = []byte("PK\x03\x04")
