package extract

import (
	"context"
	"fmt"
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

func BenchmarkExtractDocx(b *testing.B) {
	data := buildDocx(b, benchDocxBody())
	b.SetBytes(int64(len(data)))
	ctx := context.Background()
	for b.Loop() {
		if _, err := Extract(ctx, "bench.docx", data, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
