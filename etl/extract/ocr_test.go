package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tsvRow is one word row of tesseract's TSV.
func tsvRow(left, top, width, height int, conf float64, text string) string {
	return fmt.Sprintf("5\t1\t1\t1\t1\t1\t%d\t%d\t%d\t%d\t%.2f\t%s\n", left, top, width, height, conf, text)
}

const tsvHeader = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"

// A table printed as words: each cell its own tesseract block, rows at one
// height, a paragraph below. The layout reader recovers rows and cells, and
// every number keeps the word it came from.
func TestOCRWordsToBlocks(t *testing.T) {
	h := 40
	row := func(top int, cells ...string) string {
		var b strings.Builder
		x := 100
		for _, c := range cells {
			w := len([]rune(c)) * h
			b.WriteString(tsvRow(x, top, w, h, 95, c))
			x += w + 6*h
		}
		return b.String()
	}
	tsv := tsvHeader +
		row(100, "单位", "合计", "上年结转") +
		row(180, "二级机构1", "146.95", "47.84") +
		row(260, "二级机构2", "33.1", "0") +
		tsvRow(100, 420, 10*h, h, 93, "人员编制13人，") + tsvRow(100+10*h+8, 420, 6*h, h, 52, "实有12人。") +
		"4\t1\t1\t1\t1\t0\t0\t0\t10\t10\t-1\t\n" + // a line row: ignored
		tsvRow(5, 5, 0, 0, 90, "x") // a word without a box: ignored
	words := parseTSV(tsv, 1)
	if len(words) != 11 {
		t.Fatalf("%d words, want 11", len(words))
	}
	doc, err := ocrDocument(context.Background(), "png", []ocrPage{{words: words}})
	if err != nil {
		t.Fatal(err)
	}
	var table *Table
	var para *Block
	for i, b := range doc.Blocks {
		switch b.Kind {
		case TableBlock:
			table = b.Table
		case Paragraph:
			para = &doc.Blocks[i]
		}
	}
	if table == nil || len(table.Rows) != 3 {
		t.Fatalf("blocks %s: want a 3-row table", blocksJSON(t, doc.Blocks))
	}
	c := table.Rows[1].Cells
	if len(c) != 3 || c[0].Text != "二级机构1" || c[1].Text != "146.95" || c[2].Text != "47.84" {
		t.Fatalf("row 2 = %s", blocksJSON(t, []Block{{Kind: TableBlock, Table: &Table{Rows: table.Rows[1:2]}}}))
	}
	if c[1].OCR == nil || c[1].OCR.Words[0].Box != [4]int{100 + 5*h + 6*h, 180, 100 + 5*h + 6*h + 6*h, 180 + h} || c[1].OCR.Words[0].Confidence != 95 {
		t.Errorf("146.95's OCR word = %+v", c[1].OCR)
	}
	if c[0].OCR == nil || c[0].OCR.Words[0].Text != "二级机构1" {
		t.Errorf("二级机构1's number 1 not traced: %+v", c[0].OCR)
	}
	if para == nil || para.Text != "人员编制13人，实有12人。" || para.OCR == nil || len(para.OCR.Words) != 2 || para.OCR.Words[1].Confidence != 52 {
		t.Errorf("paragraph = %+v", para)
	}
	if doc.OCRPages != 1 {
		t.Errorf("OCRPages = %d", doc.OCRPages)
	}
}

// Without tesseract, or without its Chinese data, a scan fails with an
// error naming the Debian package; with SkipOCR it fails at once with
// ErrNeedsOCR.
func TestOCRMissingTools(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\nrest")
	t.Run("skip", func(t *testing.T) {
		_, err := Extract(context.Background(), "a.png", png, Limits{SkipOCR: true})
		if !errors.Is(err, ErrNeedsOCR) {
			t.Fatalf("got %v, want ErrNeedsOCR", err)
		}
	})
	t.Run("no tesseract", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		_, err := Extract(context.Background(), "a.PNG", png, Limits{})
		if err == nil || !strings.Contains(err.Error(), "tesseract-ocr") {
			t.Fatalf("got %v, want an error naming tesseract-ocr", err)
		}
	})
	t.Run("no chi_sim", func(t *testing.T) {
		bin := t.TempDir()
		script := "#!/bin/sh\nprintf 'List of available languages (1):\\neng\\n'\n"
		if err := os.WriteFile(filepath.Join(bin, "tesseract"), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		t.Setenv("PATH", bin)
		_, err := Extract(context.Background(), "a.jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 1, 2}, Limits{})
		var e *Error
		if !errors.As(err, &e) || e.Format != "jpg" || !strings.Contains(e.Reason, "tesseract-ocr-chi-sim") {
			t.Fatalf("got %v, want a jpg error naming tesseract-ocr-chi-sim", err)
		}
	})
	t.Run("not an image", func(t *testing.T) {
		_, err := Extract(context.Background(), "a.jpg", []byte("GIF89a"), Limits{})
		if err == nil || !strings.Contains(err.Error(), "not a PNG or JPEG") {
			t.Fatalf("got %v", err)
		}
	})
}

// FuzzOCRLayout feeds tesseract TSV (as a broken or hostile engine might
// print it) through the word layout and the layout reader.
func FuzzOCRLayout(f *testing.F) {
	f.Add(tsvHeader + tsvRow(100, 100, 160, 40, 95, "单位") + tsvRow(500, 100, 240, 40, 90, "146.95") + tsvRow(100, 180, 160, 40, 12, "合计"))
	f.Add("5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t-1\t\u3000\n5\t1\t1\t1\t1\t1\t99999999\t0\t1\t99999999\tnan\tx\n")
	f.Add("5\t1\t1\t1\t1\t1\t-5\t2\t3\t4\t50\t1,2,3\n")
	f.Add(tsvHeader + tsvRow(100, 100, 160, 40, 95, "局机关及") + tsvRow(310, 100, 240, 40, 60, "“146.95") +
		tsvRow(100, 150, 160, 40, 95, "汇总") + tsvRow(100, 210, 80, 40, 95, "@@项目") + tsvRow(710, 210, 400, 40, 95, "47.84”"))
	f.Fuzz(func(t *testing.T, tsv string) {
		words := parseTSV(tsv, 1)
		for _, w := range words {
			if w.Box[2] <= w.Box[0] || w.Box[3] <= w.Box[1] || w.Confidence < 0 || w.Confidence > 100 {
				t.Fatalf("bad word %+v", w)
			}
		}
		// The same words alone and on a ruled page (a table's rules
		// across and down, as removeRules finds them).
		ruled := ocrPage{words: dropPhantoms(words, fuzzDown), across: fuzzAcross, down: fuzzDown}
		for _, page := range []ocrPage{{words: words}, ruled} {
			doc, err := ocrDocument(context.Background(), "png", []ocrPage{page})
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range doc.Blocks {
				if b.Kind == TableBlock && (b.Table == nil || len(b.Table.Rows) == 0) {
					t.Fatal("empty table")
				}
			}
		}
		for _, w := range ruled.words {
			if w.Text == "" {
				t.Fatalf("empty word %+v", w)
			}
		}
	})
}

var (
	fuzzAcross = []rule{{90, 0, 2000}, {200, 0, 2000}, {260, 300, 2000}, {400, 0, 2000}}
	fuzzDown   = []rule{{300, 90, 400}, {700, 90, 400}, {1200, 200, 400}}
)

// FuzzReadPGM: a greymap header and pixels as a broken renderer might write
// them give a page or an error.
func FuzzReadPGM(f *testing.F) {
	f.Add([]byte("P5\n3 2\n255\n\x00\x01\x02\x03\x04\x05"))
	f.Add([]byte("P5\n#c\n1 1 255 x"))
	f.Add([]byte("P5\n99999 99999\n255\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := readPGM(bytes.NewReader(data))
		if err != nil {
			return
		}
		if len(p.pix) != p.w*p.h {
			t.Fatalf("%dx%d page with %d pixels", p.w, p.h, len(p.pix))
		}
		removeRules(p)
	})
}
