package extract

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// portalPage wraps body in the furniture of a saved government portal page.
func portalPage(charset, body string) string {
	return `<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=` + charset + `">
<title>某局2021年度部门整体支出绩效自评报告_某市人民政府</title>
<style>.nav{color:red}</style><script>var menu = "首页 | 政务公开";</script></head>
<body><div class="header"><img src="logo.png"><span>某市人民政府门户网站</span></div>
<div id="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<div class="article"><h1 class="article-title">某局2021年度部门整体支出绩效自评报告</h1>
` + body + `
</div>
<div class="related"><ul><li><a href="/a">其他文章一</a></li><li><a href="/b">其他文章二</a></li></ul></div>
<div class="footer">主办：某市人民政府办公室 版权所有</div>
<script>document.write("统计代码");</script></body></html>`
}

// blocksJSON is a compact view of blocks for comparisons.
func blocksJSON(t *testing.T, bs []Block) string {
	t.Helper()
	b, err := json.Marshal(bs)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHTMLExtract(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []Block
	}{
		{
			name: "paragraphs, a wrapped sentence, br",
			body: "<p>一、部门基本\n情况</p><p>人员编制13人，<b>实有</b>人数 12人。<br>第二行</p>",
			want: []Block{
				{Kind: Paragraph, Text: "某局2021年度部门整体支出绩效自评报告"},
				{Kind: Paragraph, Text: "一、部门基本情况"},
				{Kind: Paragraph, Text: "人员编制13人，实有人数 12人。"},
				{Kind: Paragraph, Text: "第二行"},
			},
		},
		{
			name: "rowspan and colspan land in their columns",
			body: `<table><tr><td rowspan="2">单位</td><td colspan="2">收入</td></tr>
<tr><td>合计</td><td>财政拨款</td></tr>
<tr><td>局机关</td><td>10.5</td><td><p>8</p></td></tr></table>`,
			want: []Block{
				{Kind: Paragraph, Text: "某局2021年度部门整体支出绩效自评报告"},
				{Kind: TableBlock, Table: &Table{Rows: []Row{
					{Cells: []Cell{{Text: "单位", Span: 1}, {Text: "收入", Span: 2}}},
					{Cells: []Cell{{Span: 1, Merged: true}, {Text: "合计", Span: 1}, {Text: "财政拨款", Span: 1}}},
					{Cells: []Cell{{Text: "局机关", Span: 1}, {Text: "10.5", Span: 1}, {Text: "8", Span: 1}}},
				}}},
			},
		},
		{
			name: "rowspan in the last column, header row classed head",
			body: `<table><tr class="head"><td>指标</td><td>分值</td><td rowspan="2">备注</td></tr><tr><td>预算执行率</td><td>10</td></tr></table>`,
			want: []Block{
				{Kind: Paragraph, Text: "某局2021年度部门整体支出绩效自评报告"},
				{Kind: TableBlock, Table: &Table{Rows: []Row{
					{Cells: []Cell{{Text: "指标", Span: 1}, {Text: "分值", Span: 1}, {Text: "备注", Span: 1}}},
					{Cells: []Cell{{Text: "预算执行率", Span: 1}, {Text: "10", Span: 1}, {Span: 1, Merged: true}}},
				}}},
			},
		},
		{
			name: "a layout table is read as text; its data table stays a table",
			body: `<table><tr><td><p>正文第一段</p><table><tr><td>甲</td><td>1</td></tr><tr><td>乙</td><td>2</td></tr></table></td></tr></table>`,
			want: []Block{
				{Kind: Paragraph, Text: "某局2021年度部门整体支出绩效自评报告"},
				{Kind: Paragraph, Text: "正文第一段"},
				{Kind: TableBlock, Table: &Table{Rows: []Row{
					{Cells: []Cell{{Text: "甲", Span: 1}, {Text: "1", Span: 1}}},
					{Cells: []Cell{{Text: "乙", Span: 1}, {Text: "2", Span: 1}}},
				}}},
			},
		},
		{
			name: "hidden text and a cell with two paragraphs",
			body: `<div style="display: none">隐藏</div><table><tr><td>说明</td><td><p>第一行</p><p>第二行</p></td></tr><tr><td>a</td><td>b</td></tr></table>`,
			want: []Block{
				{Kind: Paragraph, Text: "某局2021年度部门整体支出绩效自评报告"},
				{Kind: TableBlock, Table: &Table{Rows: []Row{
					{Cells: []Cell{{Text: "说明", Span: 1}, {Text: "第一行\n第二行", Span: 1}}},
					{Cells: []Cell{{Text: "a", Span: 1}, {Text: "b", Span: 1}}},
				}}},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, enc := range []string{"utf-8", "gbk"} {
				page := []byte(portalPage(enc, tc.body))
				if enc == "gbk" {
					page = gbk(t, string(page))
				}
				doc, err := Extract(context.Background(), "page.html", page, Limits{})
				if err != nil {
					t.Fatalf("%s: %v", enc, err)
				}
				if got, want := blocksJSON(t, doc.Blocks), blocksJSON(t, tc.want); got != want {
					t.Errorf("%s:\n got %s\nwant %s", enc, got, want)
				}
				wantEnc := map[string]string{"utf-8": "utf-8", "gbk": "gb18030"}[enc]
				if doc.Format != "html" || doc.Encoding != wantEnc {
					t.Errorf("%s: format %q encoding %q", enc, doc.Format, doc.Encoding)
				}
			}
		})
	}
}

func TestHTMLErrors(t *testing.T) {
	for name, page := range map[string][]byte{
		"only furniture": []byte(portalPage("utf-8", "")[:0] + `<html><body><div class="nav"><a href="/">首页</a></div><script>x()</script></body></html>`),
		"binary":         []byte("<html>\x00\x01</html>"),
		"bad big5":       append([]byte(`<meta charset="big5"><p>`), 0xff, 0xff, 0xff),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Extract(context.Background(), "x.htm", page, Limits{})
			var e *Error
			if !errors.As(err, &e) || e.Format != "html" {
				t.Fatalf("got %v, want an html *Error", err)
			}
		})
	}
}

func TestHTMLDeclaredCharset(t *testing.T) {
	for head, want := range map[string]string{
		`<meta charset="GB2312">`: "GB2312",
		`<meta http-equiv="Content-Type" content="text/html; charset=gbk" />`:  "gbk",
		`<META HTTP-EQUIV="content-type" CONTENT="text/html;charset='utf-8'">`: "utf-8",
		`<p>no meta</p>`: "",
	} {
		if got := declaredCharset([]byte(head)); got != want {
			t.Errorf("%s: %q, want %q", head, got, want)
		}
	}
}

func FuzzHTML(f *testing.F) {
	f.Add([]byte(portalPage("utf-8", `<table><tr><td rowspan="3" colspan="2">a</td><td>1</td></tr><tr><td>2</td></tr></table><p>x</p>`)))
	f.Add(gbk(f, portalPage("gbk", "<p>人员编制13人</p>")))
	f.Add([]byte(`<table><tr><td colspan="99999" rowspan="99999">x</td></tr><tr><td rowspan=0>y</td></tr></table>`))
	f.Add([]byte(strings.Repeat("<div><table><tr><td>", 50) + "深"))
	f.Add([]byte(`<meta charset="shift_jis"><p>x</p>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkExtract(t, "f.html", data)
	})
}
