package extract

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchForm is a generated flattened form of seed size: 60 rows of 4 cells
// and 80 narrative paragraphs (about 40 KB, like the seed).
func benchForm() string {
	var b strings.Builder
	for r := 0; r < 60; r++ {
		for c := 0; c < 4; c++ {
			fmt.Fprintf(&b, "\t第%d行第%d列的内容，金额%d.%02d万元\n", r, c, r*c, r)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n\n")
	for p := 0; p < 80; p++ {
		fmt.Fprintf(&b, "第%d段：本年度共完成重点工作%d项，资金到位率%d%%，较上年有所提高。\n\n", p, p, p)
	}
	return b.String()
}

func benchDocxBody() string {
	var b strings.Builder
	b.WriteString("<w:tbl>")
	for r := 0; r < 60; r++ {
		b.WriteString("<w:tr>")
		for c := 0; c < 4; c++ {
			fmt.Fprintf(&b, `<w:tc><w:tcPr><w:tcW w:w="1100" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>第%d行第%d列，金额%d.%02d万元</w:t></w:r></w:p></w:tc>`, r, c, r*c, r)
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	for p := 0; p < 80; p++ {
		b.WriteString(wp(fmt.Sprintf("第%d段：本年度共完成重点工作%d项，资金到位率%d%%。", p, p, p)))
	}
	return b.String()
}

func BenchmarkExtractTxt(b *testing.B) {
	data := []byte(benchForm())
	b.SetBytes(int64(len(data)))
	ctx := context.Background()
	for b.Loop() {
		if _, err := Extract(ctx, "bench.txt", data, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtractDocx reads the seed docx (../shared/fixtures) when it is
// present, since its property-heavy XML is what production files look like,
// and a generated docx of similar shape otherwise.
func BenchmarkExtractDocx(b *testing.B) {
	data := benchDocx(b)
	b.SetBytes(int64(len(data)))
	ctx := context.Background()
	for b.Loop() {
		if _, err := Extract(ctx, "bench.docx", data, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchDocx returns the seed docx, or a generated one when the seed is absent.
func benchDocx(b testing.TB) []byte {
	if shared := sharedDir(b); shared != "" {
		if data, err := os.ReadFile(filepath.Join(shared, "fixtures", "000_6b3f55403a0e915c.docx")); err == nil {
			b.Logf("using the seed docx (%d bytes)", len(data))
			return data
		}
	}
	b.Log("seed docx not found; using a generated docx")
	return buildDocx(b, benchDocxBody())
}

// BenchmarkDocxStages splits BenchmarkExtractDocx: decompressing the main
// part, then reading it with the scanner or with the encoding/xml walker.
func BenchmarkDocxStages(b *testing.B) {
	data := benchDocx(b)
	f := docxPartFile(b, data)
	part, err := readPart(f, DefaultMaxDocxUncompressed)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("inflate", func(b *testing.B) {
		b.SetBytes(int64(len(part)))
		for b.Loop() {
			if _, err := readPart(docxPartFile(b, data), DefaultMaxDocxUncompressed); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("scan", func(b *testing.B) {
		b.SetBytes(int64(len(part)))
		for b.Loop() {
			if _, err := scanDocument(ctx, part); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("walk", func(b *testing.B) {
		b.SetBytes(int64(len(part)))
		for b.Loop() {
			if _, err := walkDocument(ctx, bytes.NewReader(part)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
