package etl

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"jixiao/etl/demo"
)

// TestSlowOCRDoesNotHoldUpInbox: a scan that takes long to OCR is read in
// the OCR lane and loaded last, so every other file of the inbox loads
// without waiting for it. The scan sorts first; a stand-in tesseract (first
// on PATH) answers only once every other file has been loaded — with the
// old in-order loading the run would wait on the scan until its deadline.
func TestSlowOCRDoesNotHoldUpInbox(t *testing.T) {
	bin := t.TempDir()
	gate := filepath.Join(t.TempDir(), "others-loaded")
	script := `#!/bin/sh
if [ "$1" = "--list-langs" ]; then printf 'List of available languages (2):\nchi_sim\neng\n'; exit 0; fi
while [ ! -e "` + gate + `" ]; do sleep 0.05; done
printf 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n'
`
	if err := os.WriteFile(filepath.Join(bin, "tesseract"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	r, layout := newRunner(t)
	r.Workers = 2
	r.OCRTimeout = 2 * time.Minute
	ctx := context.Background()
	files, err := demo.Write(ctx, layout.Inbox, demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	scan := filepath.Join(layout.Inbox, "000_扫描件.png")
	if err := os.WriteFile(scan, []byte("\x89PNG\r\n\x1a\nnot really an image"), 0o644); err != nil {
		t.Fatal(err)
	}
	var opened atomic.Bool
	start := time.Now()
	sum, err := r.RunOnce(ctx, "test", func(done, total int) {
		if done == len(files) && !opened.Load() {
			// Every file but the scan is finished while the scan is still
			// being read: let the stand-in OCR answer.
			opened.Store(true)
			if err := os.WriteFile(gate, nil, 0o644); err != nil {
				t.Error(err)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !opened.Load() {
		t.Fatal("the other files did not all finish before the scan")
	}
	if d := time.Since(start); d > time.Minute {
		t.Errorf("run took %v", d)
	}
	if sum.Loaded != len(files) || sum.Quarantined != 1 {
		t.Errorf("summary %+v, want %d loaded and the empty scan quarantined", sum, len(files))
	}
	assertQuarantined(t, layout, "000_扫描件.png")
}
