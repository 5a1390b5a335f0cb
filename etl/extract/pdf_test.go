package extract

import (
	"context"
	"os/exec"
	"reflect"
	"strings"
	"testing"
)

func TestExtractPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed; skipping PDF extraction test")
	}
	pdf := buildPDF([]pdfText{
		{72, 720, "Annual performance report"},
		{72, 700, "Budget execution was on schedule (see table)."},
		{72, 660, "Unit"}, {250, 660, "Total"}, {350, 660, "Carryover"},
		{72, 645, "Office A"}, {250, 645, "146.95"}, {350, 645, "47.84"},
		{72, 600, "End of summary."},
	})
	doc, err := Extract(context.Background(), "report.PDF", pdf, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Block{
		para("Annual performance report"),
		para("Budget execution was on schedule (see table)."),
		table([]string{"Unit", "Total", "Carryover"}, []string{"Office A", "146.95", "47.84"}),
		para("End of summary."),
	}
	if doc.Format != "pdf" || !reflect.DeepEqual(doc.Blocks, want) {
		t.Errorf("format %q blocks:\n got %s\nwant %s", doc.Format, dump(doc.Blocks), dump(want))
	}

	// A damaged PDF: pdftotext fails and its message is reported.
	_, err = Extract(context.Background(), "bad.pdf", []byte("%PDF-1.4\nthis is not really a pdf\n"), Limits{})
	if e := asError(t, err); e.Format != "pdf" || !strings.Contains(e.Reason, "pdftotext") {
		t.Errorf("damaged PDF: error = %v", err)
	}
	// A PDF without text (a scan) is an error, not an empty document.
	_, err = Extract(context.Background(), "scan.pdf", buildPDF(nil), Limits{})
	if e := asError(t, err); !strings.Contains(e.Reason, "no text found in PDF") {
		t.Errorf("textless PDF: error = %v", err)
	}
}

func TestExtractPDFErrors(t *testing.T) {
	_, err := Extract(context.Background(), "x.pdf", []byte("plain words, no header"), Limits{})
	if e := asError(t, err); !strings.Contains(e.Reason, "not a PDF") {
		t.Errorf("error = %v", err)
	}
	// With an empty PATH the tool is missing and the error must name it.
	t.Setenv("PATH", t.TempDir())
	_, err = Extract(context.Background(), "x.pdf", buildPDF([]pdfText{{72, 700, "text"}}), Limits{})
	if e := asError(t, err); e.Reason != "pdftotext (poppler-utils) is not installed" {
		t.Errorf("error = %v, want the missing tool named", err)
	}
}

func TestLayoutBlocks(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []Block
	}{
		{"paragraphs trimmed, blanks and page breaks dropped",
			"  标题\n\n正文第一行\f第二页\n", []Block{para("标题"), para("正文第一行"), para("第二页")}},
		{"single spaced line stays a paragraph",
			"                年    月    日\n结束\n", []Block{para("年    月    日"), para("结束")}},
		{"run of rows becomes a table",
			"说明\n机构名称      收入合计     上年结转\n二级机构1     146.95       47.84\n结束\n",
			[]Block{para("说明"), table([]string{"机构名称", "收入合计", "上年结转"}, []string{"二级机构1", "146.95", "47.84"}), para("结束")}},
		{"single spaces stay inside a cell",
			"Office A      146.95\nOffice B      12\n",
			[]Block{table([]string{"Office A", "146.95"}, []string{"Office B", "12"})}},
		{"long fields are narrative, not cells",
			"本单位严格执行预算管理制度并按照规定完成各项支出审批程序确保资金使用安全与合规并接受各方监督检查  规范\n" +
				"年初制定了全年工作计划并认真组织实施各项重点任务取得了较好的成效和社会反响并得到上级部门肯定  良好\n",
			[]Block{
				para("本单位严格执行预算管理制度并按照规定完成各项支出审批程序确保资金使用安全与合规并接受各方监督检查  规范"),
				para("年初制定了全年工作计划并认真组织实施各项重点任务取得了较好的成效和社会反响并得到上级部门肯定  良好"),
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := layoutBlocks(context.Background(), tc.text)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("\n got %s\nwant %s", dump(got), dump(tc.want))
			}
		})
	}
}
