package extract

import (
	"context"
	"errors"
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
	// A PDF without text (a scan) needs OCR (ocr_test.go reads scans); the
	// inbox's workers learn so at once and leave it to the OCR lane.
	_, err = Extract(context.Background(), "scan.pdf", buildPDF(nil), Limits{SkipOCR: true})
	if e := asError(t, err); !strings.Contains(e.Reason, "no text layer") || !errors.Is(err, ErrNeedsOCR) {
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
	tests = append(tests, layoutFormTests()...)
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

// at lays out fields at rune columns, as pdftotext -layout prints a line:
// at(0, "a", 10, "b") is "a" then spaces up to column 10, then "b".
func at(parts ...any) string {
	var b []rune
	for i := 0; i+1 < len(parts); i += 2 {
		col, text := parts[i].(int), parts[i+1].(string)
		for len(b) < col {
			b = append(b, ' ')
		}
		b = append(b, []rune(text)...)
	}
	return string(b)
}

// layoutFormTests are layout texts shaped like a self-evaluation form (own
// wording and figures) for TestLayoutBlocks.
func layoutFormTests() []struct {
	name string
	text string
	want []Block
} {
	lines := func(ls ...string) string { return strings.Join(ls, "\n") + "\n" }
	return []struct {
		name string
		text string
		want []Block
	}{
		{"form table: wrapped org names, figure after a label, blank column from a gap",
			lines(
				at(0, "机构名称", 18, "支出合计", 36, "其中："),
				at(18, "基本支出", 27, "人员支出", 36, "公用支出", 45, "项目支出", 54, "当年结余", 63, "累计结余"),
				at(0, "本级及下属单"),
				at(0, "位合计"),
				at(0, "1、机关本级 60.50", 16, "40.25", 25, "30.00", 34, "10.25", 43, "20.25", 61, "8.10"),
				at(0, "2、下属中心", 9, "22.40", 18, "12.40", 27, "9.40", 36, "3.00", 45, "10.00", 63, "1.20"),
				at(0, "甲"),
				at(0, "3、下属站"),
				at(0, "乙"),
				at(0, "下一张表的标题（万元）"),
			),
			[]Block{
				table(
					[]string{"机构名称", "支出合计", "其中："},
					[]string{"", "基本支出", "人员支出", "公用支出", "项目支出", "当年结余", "累计结余"},
					[]string{"本级及下属单位合计"},
					[]string{"1、机关本级", "60.50", "40.25", "30.00", "10.25", "20.25", "", "8.10"},
					[]string{"2、下属中心甲", "22.40", "12.40", "9.40", "3.00", "10.00", "", "1.20"},
					[]string{"3、下属站乙"},
				),
				para("下一张表的标题（万元）"),
			}},
		{"narrow first column: an org name wraps with its number, figures one space after it",
			lines(
				at(0, "机构名称", 12, "收入合计", 22, "其中："),
				at(22, "上年结转"),
				at(0, "全部机构"),
				at(0, "汇总"),
				at(0, "1、甲单 80.25 30.00"),
				at(0, "位 1"),
				at(0, "2、乙单"),
				at(0, "位 2"),
				at(0, "3、丙单 12.5"),
			),
			[]Block{table(
				[]string{"机构名称", "收入合计", "其中："},
				[]string{"", "上年结转"},
				[]string{"全部机构汇总"},
				[]string{"1、甲单位1", "80.25", "30.00"},
				[]string{"2、乙单位2"},
				[]string{"3、丙单", "12.5"},
			)}},
		{"a cell's line that wrapped early joins by the cell's own width, not the page's",
			lines(
				at(0, "本页第一列中最宽的一行说明字段比表格单元格还要宽", 40, "备注"),
				at(0, "工作成效", 12, "全年组织开展招商推介活动五场，"),
				at(12, "签约项目 12 个，引进资金 3.5 亿元，"),
				at(12, "发布重点项目二十个，成功“云"),
				at(12, "签约”八个项目。"),
			),
			[]Block{table(
				[]string{"本页第一列中最宽的一行说明字段比表格单元格还要宽", "备注"},
				[]string{"工作成效", "全年组织开展招商推介活动五场，签约项目12个，引进资金3.5亿元，发布重点项目二十个，成功“云签约”八个项目。"},
			)}},
		{"a long first cell does not swallow the next row's label (only short names wrap so)",
			lines(
				at(0, "评价人", 14, "职务"),
				at(0, "综合得分 91.5 分，优 备注：90（含）—100 分为优；80"),
				at(0, "及等次", 12, "（含）—90 分为良"),
				at(0, "张三", 14, "主任"),
			),
			[]Block{table(
				[]string{"评价人", "职务"},
				[]string{"综合得分91.5分，优 备注：90（含）—100分为优；80"},
				[]string{"及等次", "（含）—90分为良"},
				[]string{"张三", "主任"},
			)}},
		{"figures one space apart are cells",
			lines(
				at(0, "单位名称", 12, "合计"),
				at(0, "甲单位 1.50 2.50", 20, "3.50"),
			),
			[]Block{table([]string{"单位名称", "合计"}, []string{"甲单位", "1.50", "2.50", "3.50"})}},
		{"wrapped lines join; list items and indented first lines open paragraphs; Chinese-digit spaces go",
			lines(
				"一、总体情况",
				"  本单位全年共完成各项重点任务十二项，招商到位资金达到 35.5 亿",
				"元，同比增长 12.3%，超额完成年度目标。",
				"1.加强制度建设，修订完善内部管理制度八项，规范预算执行和资",
				"产管理。",
				"2.强化绩效监控，按季度开展绩效运行监控并形成专题报告送财政",
				"\f部门备案。",
				"\f3.下一页的新条目。",
			),
			[]Block{
				para("一、总体情况"),
				para("本单位全年共完成各项重点任务十二项，招商到位资金达到35.5亿元，同比增长12.3%，超额完成年度目标。"),
				para("1.加强制度建设，修订完善内部管理制度八项，规范预算执行和资产管理。"),
				para("2.强化绩效监控，按季度开展绩效运行监控并形成专题报告送财政部门备案。"),
				para("3.下一页的新条目。"),
			}},
		{"a cell's text wraps within its column and over a page break",
			lines(
				at(0, "年度工作内容", 20, "任务1：完成招商到位资金三十亿元以上，新引进重点"),
				at(20, "项目十个以上。"),
				at(0, "工作成效", 20, "全年到位资金三十二亿元，新引进重点项目十二个，开展专"),
				"\f题推介活动五场。",
			),
			[]Block{table(
				[]string{"年度工作内容", "任务1：完成招商到位资金三十亿元以上，新引进重点项目十个以上。"},
				[]string{"工作成效", "全年到位资金三十二亿元，新引进重点项目十二个，开展专题推介活动五场。"},
			)}},
	}
}

func TestLayoutHelpers(t *testing.T) {
	for _, tc := range []struct {
		in   string
		list bool
	}{
		{"1、局机关", true}, {"12.坚持", true}, {"一、概况", true}, {"（二）内设机构", true}, {"(3)预算", true},
		{"③资产", true}, {"任务 3：完成", true}, {"目标2：", true}, {"指标1：", true},
		{"40.3亿元", false}, {"2021年", false}, {"1", false}, {"1.", false}, {"任务完成", false}, {"（部门工作实绩）", false},
	} {
		if got := opensList(tc.in); got != tc.list {
			t.Errorf("opensList(%q) = %v, want %v", tc.in, got, tc.list)
		}
	}
	for in, want := range map[string]string{
		"2021 年度":        "2021年度",
		"（3 分）":          "（3分）",
		"“三类 500 强”":     "“三类500强”",
		"LED 屏幕":         "LED屏幕",
		"开放湘西 投资热土":      "开放湘西 投资热土",
		"Office A":       "Office A",
		"年    月":         "年    月",
		"18074308118 号码": "18074308118号码",
	} {
		if got := tidySpaces(in); got != want {
			t.Errorf("tidySpaces(%q) = %q, want %q", in, got, want)
		}
	}
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"二级机构 146.95", []string{"二级机构", "146.95"}},
		{"1000.34 182.98", []string{"1000.34", "182.98"}},
		{"局机关及二级 1604.79 271.64", []string{"局机关及二级", "1604.79", "271.64"}},
		{"推动具体项目落实工作并于年底完成的 2021", []string{"推动具体项目落实工作并于年底完成的 2021"}},
		{"2021 年", []string{"2021 年"}},
		{"1604.79", []string{"1604.79"}},
	} {
		var got []string
		for _, s := range splitNumbers([]segment{{col: 0, text: tc.in}}) {
			got = append(got, s.text)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitNumbers(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzLayoutBlocks feeds layoutBlocks arbitrary layout text (no pdftotext
// needed): it must never panic, and every table row must hold a cell.
func FuzzLayoutBlocks(f *testing.F) {
	for _, tc := range layoutFormTests() {
		f.Add(tc.text)
	}
	f.Add("a  b\n\f\fc  d\n  1 2 3  4\n")
	f.Add(" \v\n\u3000x\t\ty\n")
	f.Add(at(0, "x 1", 500, "2") + "\n" + at(0, "y", 3, "3", 900, "4") + "\n")
	f.Fuzz(func(t *testing.T, text string) {
		blocks, err := layoutBlocks(context.Background(), text)
		if err != nil {
			t.Fatal(err)
		}
		for i, b := range blocks {
			switch b.Kind {
			case Paragraph:
				if strings.TrimSpace(b.Text) == "" {
					t.Fatalf("block %d: blank paragraph", i)
				}
			case TableBlock:
				if b.Table == nil || len(b.Table.Rows) == 0 {
					t.Fatalf("block %d: empty table", i)
				}
				for j, r := range b.Table.Rows {
					if len(r.Cells) == 0 {
						t.Fatalf("block %d row %d: no cells", i, j)
					}
				}
			}
		}
	})
}
