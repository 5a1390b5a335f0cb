package extract

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestFormatsAndLimits(t *testing.T) {
	if got := Formats(); !reflect.DeepEqual(got, []string{".doc", ".docx", ".et", ".htm", ".html", ".jpeg", ".jpg", ".pdf", ".png", ".txt", ".wps", ".xls", ".xlsx"}) {
		t.Errorf("Formats() = %v", got)
	}
	d := DefaultLimits()
	if d.MaxFileBytes != 50<<20 || d.MaxDocxUncompressed != 200<<20 {
		t.Errorf("DefaultLimits() = %+v", d)
	}
	if got := (Limits{MaxFileBytes: 7}).withDefaults(); got.MaxFileBytes != 7 || got.MaxDocxUncompressed != 200<<20 {
		t.Errorf("withDefaults kept/filled wrongly: %+v", got)
	}
}

func TestExtractEntryErrors(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		data   []byte
		lim    Limits
		format string
		reason string
	}{
		{"unknown extension", "report.odt", []byte("x"), Limits{}, "odt", `unsupported file type ".odt"`},
		{"no extension", "README", []byte("x"), Limits{}, "", "no extension"},
		{"empty txt", "a.txt", nil, Limits{}, "txt", "empty file"},
		{"empty docx", "a.docx", []byte{}, Limits{}, "docx", "empty file"},
		{"over MaxFileBytes", "a.txt", []byte(strings.Repeat("字", 100)), Limits{MaxFileBytes: 100}, "txt", "over the 100-byte limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Extract(context.Background(), tc.file, tc.data, tc.lim)
			if doc != nil {
				t.Errorf("got a document with the error")
			}
			e := asError(t, err)
			if e.Stage != "extract" || e.Format != tc.format || !strings.Contains(e.Reason, tc.reason) {
				t.Errorf("error = %+v, want format %q and reason containing %q", e, tc.format, tc.reason)
			}
		})
	}
}

func TestExtractLegacy(t *testing.T) {
	docx := buildDocx(t, wp("旧格式正文"))
	// A docx saved under .doc is read directly.
	doc, err := Extract(context.Background(), "old.doc", docx, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != "doc" || len(doc.Blocks) != 1 || doc.Blocks[0].Text != "旧格式正文" {
		t.Errorf("renamed docx: %+v", doc)
	}
	// A broken one reports the legacy format.
	_, err = Extract(context.Background(), "old.wps", docx[:len(docx)-30], Limits{})
	if e := asError(t, err); e.Format != "wps" {
		t.Errorf("error format = %q, want wps", e.Format)
	}

	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)
	t.Run("soffice missing", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		for _, name := range []string{"a.doc", "a.WPS"} {
			_, err := Extract(context.Background(), name, ole, Limits{})
			e := asError(t, err)
			if !strings.Contains(e.Reason, "soffice (LibreOffice) is not installed") {
				t.Errorf("%s: error = %v, want the missing tool named", name, err)
			}
		}
	})
	t.Run("fake soffice", func(t *testing.T) {
		// A stand-in soffice on PATH checks the command line we build and
		// "converts" by copying a prepared docx, or produces nothing.
		bin := t.TempDir()
		fixture := filepath.Join(bin, "fixture.docx")
		if err := os.WriteFile(fixture, buildDocx(t, wp("转换后的正文")), 0o600); err != nil {
			t.Fatal(err)
		}
		script := `#!/bin/sh
out=""; in=""; profile=no; headless=no
while [ $# -gt 0 ]; do
  case "$1" in
    -env:UserInstallation=file://*) profile=yes ;;
    --headless) headless=yes ;;
    --outdir) shift; out="$1" ;;
    --convert-to) shift; [ "$1" = docx ] || exit 3 ;;
    -*) ;;
    *) in="$1" ;;
  esac
  shift
done
[ $profile = yes ] && [ $headless = yes ] || exit 4
case "$in" in *.doc|*.wps) ;; *) exit 5 ;; esac
[ -n "$FAKE_SOFFICE_FAIL" ] && exit 0
mkdir -p "$out" && cp "` + fixture + `" "$out/$(basename "${in%.*}").docx"
`
		if err := os.WriteFile(filepath.Join(bin, "soffice"), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		doc, err := Extract(context.Background(), "legacy.wps", ole, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if doc.Format != "wps" || doc.Text() != "转换后的正文\n" {
			t.Errorf("converted: %+v", doc)
		}
		t.Setenv("FAKE_SOFFICE_FAIL", "1")
		_, err = Extract(context.Background(), "legacy.doc", ole, Limits{})
		if e := asError(t, err); e.Format != "doc" || !strings.Contains(e.Reason, "conversion produced no docx") {
			t.Errorf("no output: error = %v", err)
		}
	})
	t.Run("soffice conversion", func(t *testing.T) {
		if _, err := lookSoffice(); err != nil {
			t.Skip("soffice (LibreOffice) not installed; skipping .doc conversion test")
		}
		// testdata/legacy.doc was written by LibreOffice (Word 97 format) from
		// a test docx: a paragraph, a one-row table and a closing paragraph.
		data, err := os.ReadFile(filepath.Join("testdata", "legacy.doc"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Extract(context.Background(), "legacy.doc", data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		want := []Block{para("旧格式的自评报告正文"), table([]string{"单位", "12.50"}), para("结束")}
		if doc.Format != "doc" || !reflect.DeepEqual(doc.Blocks, want) {
			t.Errorf("converted: format %q blocks %s, want %s", doc.Format, dump(doc.Blocks), dump(want))
		}
	})
}
