package extract

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

func TestExtractXlsx(t *testing.T) {
	doc, err := Extract(context.Background(), "form.xlsx", buildTestXlsx(t), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != "xlsx" {
		t.Errorf("format = %q", doc.Format)
	}
	c := func(text string, span int) Cell { return Cell{Text: text, Span: span} }
	want := []Block{
		{Kind: TableBlock, Table: &Table{Rows: []Row{
			{Cells: []Cell{c("收入情况（万元）", 3)}},
			{Cells: []Cell{c("单位", 1), c("合计", 1), c("结转", 1)}},
			{Cells: []Cell{c("机构甲", 1), c("146.95", 1), c("47.84", 1)}},
			{Cells: []Cell{{Span: 1, Merged: true}, c("12", 1), c("x", 1)}},
			// row 5 is blank and dropped
			{Cells: []Cell{c("", 1), c("备注", 1), c("", 1)}},
		}}},
		// sheet "Empty" gives no block; "Offset" starts at column C
		{Kind: TableBlock, Table: &Table{Rows: []Row{
			{Cells: []Cell{c("左上", 1), c("", 1)}},
			{Cells: []Cell{c("", 1), c("右下", 1)}},
		}}},
	}
	if !reflect.DeepEqual(doc.Blocks, want) {
		t.Errorf("blocks:\n got %s\nwant %s", dump(doc.Blocks), dump(want))
	}
}

func TestExtractXlsxErrors(t *testing.T) {
	valid := buildTestXlsx(t)
	tests := []struct {
		name   string
		data   []byte
		lim    Limits
		reason string
	}{
		{"random bytes", []byte("definitely not a workbook, only text"), Limits{}, "not a readable zip"},
		{"truncated", valid[:len(valid)/2], Limits{}, "not a readable zip"},
		{"zip bomb", valid, Limits{MaxDocxUncompressed: 1000}, "zip bomb guard"},
		{"docx, not xlsx", buildDocx(t, wp("正文")), Limits{}, "not an xlsx workbook"},
		{"zip without workbook", buildZip(t, zipFile{"readme.txt", "hello"}), Limits{}, "not an xlsx workbook"},
		{"ole container", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), Limits{}, "OLE compound document"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Extract(context.Background(), "r.xlsx", tc.data, tc.lim)
			e := asError(t, err)
			if e.Format != "xlsx" || !strings.Contains(e.Reason, tc.reason) {
				t.Errorf("error = %v, want xlsx error containing %q", err, tc.reason)
			}
		})
	}
}
