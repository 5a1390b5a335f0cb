package extract

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// extractLegacy reads .doc and .wps files by converting them to docx with
// LibreOffice (`soffice --headless --convert-to docx`), using a private
// profile directory so that concurrent conversions do not fight over the
// user's profile lock. A zip file (a docx saved under the old extension) is
// read directly.
// officeTimeout bounds one legacy-format conversion.
const officeTimeout = 2 * time.Minute

func extractLegacy(ctx context.Context, data []byte, lim Limits, format string) (*Document, error) {
	fail := func(where, reason string, err error) (*Document, error) {
		return nil, &Error{Stage: stage, Format: format, Where: where, Reason: reason, Err: err}
	}
	if bytes.HasPrefix(data, zipMagic) {
		doc, err := extractDocx(ctx, data, lim)
		return relabel(doc, err, format, "")
	}
	tool, err := lookSoffice()
	if err != nil {
		return fail("", "soffice (LibreOffice) is not installed; cannot convert ."+format+" to docx", err)
	}
	dir, err := os.MkdirTemp("", "jixiao-office-")
	if err != nil {
		return fail("", "cannot create a temporary directory", err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "input."+format)
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return fail("", "cannot write a temporary file", err)
	}
	outDir := filepath.Join(dir, "out")
	profile := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, "profile"))}).String()
	diag := &headBuffer{max: 4096}
	// A wedged LibreOffice must not hold a file (or a test run) forever.
	ctx, cancel := context.WithTimeout(ctx, officeTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, tool, "-env:UserInstallation="+profile,
		"--headless", "--norestore", "--convert-to", "docx", "--outdir", outDir, in)
	cmd.Stdout, cmd.Stderr = diag, diag
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	if ctx.Err() != nil {
		return nil, cancelled(format, "soffice", ctx.Err())
	}
	if err != nil {
		return fail("soffice", "conversion to docx failed: "+firstLine(diag.String()), err)
	}
	conv := filepath.Join(outDir, "input.docx")
	st, err := os.Stat(conv)
	if err != nil {
		// soffice exits 0 even when it could not load the file.
		return fail("soffice", "conversion produced no docx (unreadable or unsupported file): "+firstLine(diag.String()), err)
	}
	if st.Size() > lim.MaxFileBytes {
		return fail("soffice", "converted docx is over the file size limit", errLimit)
	}
	docx, err := os.ReadFile(conv)
	if err != nil {
		return fail("soffice", "cannot read the converted docx", err)
	}
	doc, err := extractDocx(ctx, docx, lim)
	return relabel(doc, err, format, "converted docx ")
}

// lookSoffice finds LibreOffice under either of its usual command names.
func lookSoffice() (string, error) {
	p, err := exec.LookPath("soffice")
	if err == nil {
		return p, nil
	}
	if p, err2 := exec.LookPath("libreoffice"); err2 == nil {
		return p, nil
	}
	return "", err
}

// relabel reports a docx extraction result as the legacy format it came from.
func relabel(doc *Document, err error, format, wherePrefix string) (*Document, error) {
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Format = format
			if e.Where != "" {
				e.Where = wherePrefix + e.Where
			}
		}
		return nil, err
	}
	doc.Format = format
	return doc, nil
}
