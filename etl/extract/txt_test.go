package extract

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func para(s string) Block { return Block{Kind: Paragraph, Text: s} }

func table(rows ...[]string) Block {
	t := &Table{}
	for _, r := range rows {
		var cells []Cell
		for _, c := range r {
			cells = append(cells, Cell{Text: c, Span: 1})
		}
		t.Rows = append(t.Rows, Row{Cells: cells})
	}
	return Block{Kind: TableBlock, Table: t}
}

func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// form is a small flattened form in the seed's style (own wording): a
// cell with a blank line inside, a row ended by two blank lines, and the
// narrative after two blank lines.
const form = "封面说明\n" +
	" \t一、基本情况\n" +
	"\n" +
	"\t联络人\n" +
	"\t张三\n" +
	"\n" +
	"\t工作\n" +
	"\n" +
	"目标\n" +
	"\t任务一：完成甲项\n" +
	"任务二：完成乙项\n" +
	"\n" +
	"\n" +
	"\t单位甲\n" +
	"\t12.50\n" +
	"\t\n" +
	"\n" +
	"\n" +
	"年度评价报告\n" +
	"\n" +
	"  一、概况\n" +
	"本年完成投资 3.5亿元。\n"

func formBlocks() []Block {
	return []Block{
		para("封面说明"),
		table(
			[]string{"一、基本情况"},
			[]string{"联络人", "张三"},
			[]string{"工作\n\n目标", "任务一：完成甲项\n任务二：完成乙项"},
			[]string{"单位甲", "12.50", ""},
		),
		para("年度评价报告"),
		para("  一、概况"),
		para("本年完成投资 3.5亿元。"),
	}
}

func TestExtractTxt(t *testing.T) {
	tests := []struct {
		name     string
		data     []byte
		encoding string
		want     []Block
	}{
		{"utf-8 form", []byte(form), "utf-8", formBlocks()},
		{"utf-8 with BOM", append([]byte("\xEF\xBB\xBF"), form...), "utf-8-bom", formBlocks()},
		{"gbk", gbk(t, form), "gb18030", formBlocks()},
		{"crlf", []byte(strings.ReplaceAll(form, "\n", "\r\n")), "utf-8", formBlocks()},
		{"gbk crlf", gbk(t, strings.ReplaceAll(form, "\n", "\r\n")), "gb18030", formBlocks()},
		{
			"narrative only",
			[]byte("绩效报告\n\n一、基本情况\n   本单位共有在职人员 4 人。\n\n\n二、结论\n"),
			"utf-8",
			[]Block{para("绩效报告"), para("一、基本情况"), para("   本单位共有在职人员 4 人。"), para("二、结论")},
		},
		{
			"one blank line keeps the cell open",
			[]byte("\t甲\n\n续行\n\t乙\n"),
			"utf-8",
			[]Block{table([]string{"甲\n\n续行", "乙"})},
		},
		{
			"second table after narrative",
			[]byte("\t甲\n\n\n说明\n\t乙\n\t丙\n"),
			"utf-8",
			[]Block{table([]string{"甲"}), para("说明"), table([]string{"乙", "丙"})},
		},
		{
			"interior tabs kept",
			[]byte("\t名称\t说明\n"),
			"utf-8",
			[]Block{table([]string{"名称\t说明"})},
		},
		{
			"tab-separated rows with a blank first cell",
			[]byte("一级\t二级\t分值\n投入\t\t20\n\t目标设定\t5\n\t预算配置\t15\n合计\t\t100\n"),
			"utf-8",
			[]Block{para("一级\t二级\t分值"), para("投入\t\t20"), para("\t目标设定\t5"), para("\t预算配置\t15"), para("合计\t\t100")},
		},
		{
			"a flattened cell after a tab-separated line needs no interior tab",
			[]byte("名称\t说明\n\t甲\n"),
			"utf-8",
			[]Block{para("名称\t说明"), table([]string{"甲"})},
		},
		{
			"a blank line before the tab line opens a flattened table",
			[]byte("名称\t说明\n\n\t甲\t乙\n"),
			"utf-8",
			[]Block{para("名称\t说明"), table([]string{"甲\t乙"})},
		},
		{
			"old mac line ends",
			[]byte("甲\r乙\r"),
			"utf-8",
			[]Block{para("甲"), para("乙")},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Extract(context.Background(), "r.TXT", tc.data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != "txt" || doc.Encoding != tc.encoding {
				t.Errorf("format/encoding = %q/%q, want txt/%q", doc.Format, doc.Encoding, tc.encoding)
			}
			if !reflect.DeepEqual(doc.Blocks, tc.want) {
				t.Errorf("blocks:\n got %s\nwant %s", dump(doc.Blocks), dump(tc.want))
			}
		})
	}
}

func TestExtractTxtErrors(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		reason string
	}{
		{"NUL bytes", []byte("abc\x00\x01\x02def"), "NUL byte"},
		{"control bytes", []byte("abc\x01\x02def"), "control character"},
		{"utf-16", []byte("\xFF\xFEa\x00b\x00"), "UTF-16"},
		{"invalid in every encoding", []byte("abc\xFF\xFF\x80\x80def"), "neither valid UTF-8 nor GB18030"},
		{"bad utf-8 after BOM", []byte("\xEF\xBB\xBFabc\xFFdef"), "not valid UTF-8"},
		{"blank only", []byte(" \n\n\u3000\n"), "no text found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Extract(context.Background(), "r.txt", tc.data, Limits{})
			e := asError(t, err)
			if e.Format != "txt" || !strings.Contains(e.Reason, tc.reason) {
				t.Errorf("error = %v, want txt error containing %q", err, tc.reason)
			}
		})
	}
}

func dump(bs []Block) string {
	var b strings.Builder
	for _, bl := range bs {
		if bl.Kind == Paragraph {
			b.WriteString("P:" + bl.Text + " | ")
			continue
		}
		b.WriteString("T[")
		for _, r := range bl.Table.Rows {
			b.WriteString("(")
			for _, c := range r.Cells {
				b.WriteString(strings.ReplaceAll(c.Text, "\n", `\n`) + ";")
			}
			b.WriteString(")")
		}
		b.WriteString("] | ")
	}
	return b.String()
}
