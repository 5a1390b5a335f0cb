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

// officeTimeout bounds one legacy-format conversion.
const officeTimeout = 2 * time.Minute

// officeTarget is what LibreOffice converts a legacy format to, and the
// reader of the result: Writer documents (.doc, .wps) become docx, Calc
// workbooks (.xls, .et) become xlsx.
type officeTarget struct {
	ext     string                                                   // "docx" or "xlsx"
	read    func(context.Context, []byte, Limits) (*Document, error) // the reader of ext
	module  string                                                   // the LibreOffice library that converts it
	pkg     string                                                   // the Debian package holding module
	appName string                                                   // as users know it
}

var (
	writerTarget = officeTarget{ext: "docx", read: extractDocx, module: "libswlo.so", pkg: "libreoffice-writer-nogui", appName: "LibreOffice Writer"}
	calcTarget   = officeTarget{ext: "xlsx", read: extractXlsx, module: "libsclo.so", pkg: "libreoffice-calc-nogui", appName: "LibreOffice Calc"}
)

// extractLegacy reads .doc and .wps files by converting them to docx with
// LibreOffice (`soffice --headless --convert-to docx`), and .xls/.et files by
// converting them to xlsx, using a private profile directory so that
// concurrent conversions do not fight over the user's profile lock. A zip
// file (a docx or xlsx saved under the old extension) is read directly, and
// so is an HTML table saved as .xls (portals and old report systems export
// "Excel" files that are web pages).
func extractLegacy(ctx context.Context, data []byte, lim Limits, format string, to officeTarget) (*Document, error) {
	fail := func(where, reason string, err error) (*Document, error) {
		return nil, &Error{Stage: stage, Format: format, Where: where, Reason: reason, Err: err}
	}
	if bytes.HasPrefix(data, zipMagic) {
		doc, err := to.read(ctx, data, lim)
		return relabel(doc, err, format, "")
	}
	if to.ext == "xlsx" && looksLikeHTML(data) {
		doc, err := extractHTML(ctx, data, lim)
		return relabel(doc, err, format, "")
	}
	tool, err := lookSoffice()
	if err != nil {
		return fail("", "soffice (LibreOffice) is not installed; cannot convert ."+format+" to "+to.ext+" (install "+to.pkg+")", err)
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
		"--headless", "--norestore", "--convert-to", to.ext, "--outdir", outDir, in)
	cmd.Stdout, cmd.Stderr = diag, diag
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	if ctx.Err() != nil {
		return nil, cancelled(format, "soffice", ctx.Err())
	}
	if err != nil {
		return fail("soffice", "conversion to "+to.ext+" failed: "+firstLine(diag.String()), err)
	}
	conv := filepath.Join(outDir, "input."+to.ext)
	st, err := os.Stat(conv)
	if err != nil {
		if !officeModule(tool, to.module) {
			return fail("soffice", to.appName+" is not installed (Debian package "+to.pkg+"); cannot convert ."+format+" to "+to.ext, err)
		}
		// soffice exits 0 even when it could not load the file.
		return fail("soffice", "conversion produced no "+to.ext+" (unreadable or unsupported file): "+firstLine(diag.String()), err)
	}
	if st.Size() > lim.MaxFileBytes {
		return fail("soffice", "converted "+to.ext+" is over the file size limit", errLimit)
	}
	out, err := os.ReadFile(conv)
	if err != nil {
		return fail("soffice", "cannot read the converted "+to.ext, err)
	}
	doc, err := to.read(ctx, out, lim)
	return relabel(doc, err, format, "converted "+to.ext+" ")
}

// officeModule reports whether LibreOffice's program directory (where soffice
// lives) holds module: soffice starts without Calc or Writer installed and
// then silently converts nothing.
func officeModule(soffice, module string) bool {
	real, err := filepath.EvalSymlinks(soffice)
	if err != nil {
		return true // cannot tell: report the conversion failure itself
	}
	dir := filepath.Dir(real)
	if _, err := os.Stat(filepath.Join(dir, "soffice.bin")); err != nil {
		return true // not a LibreOffice program directory: cannot tell
	}
	_, err = os.Stat(filepath.Join(dir, module))
	return err == nil
}

// looksLikeHTML reports whether data starts (after a BOM and white space) with
// an HTML or XML tag that begins a web page or a table.
func looksLikeHTML(data []byte) bool {
	head := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(data[:min(len(data), 1024)], utf8BOM), " \t\r\n"))
	for _, p := range []string{"<!doctype html", "<html", "<table", "<meta", "<head"} {
		if bytes.HasPrefix(head, []byte(p)) {
			return true
		}
	}
	return false
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
