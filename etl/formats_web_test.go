package etl

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/etl/extract"
	"jixiao/report"
)

// documentToHTML renders an extracted Document as a page saved from a
// government portal: header, navigation, breadcrumbs, a related-articles
// list, footer and scripts around the article; tables with colspan for a
// horizontal span and rowspan for vertically merged cells; charset is
// declared in a meta tag. Text lines wrap mid-sentence in the source, as CMS
// editors save them.
func documentToHTML(doc *extract.Document, charset string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=%s">
<title>部门整体支出绩效自评报告_政务公开</title><link rel="stylesheet" href="/css/main.css">
<style type="text/css">.main{width:1000px} td{border:1px solid #000}</style>
<script type="text/javascript">var _hmt = _hmt || []; function nav(){ return "首页 2021"; }</script>
</head><body>
<div class="top"><div class="logo">市人民政府门户网站</div><div class="search"><input type="text" value="请输入关键字"><button>搜索</button></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="position">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/czzj/">财政资金</a></div>
<div class="main"><div class="article"><div class="info">发布时间：2022-05-10 来源：本站 浏览次数：<span id="hits">128</span></div>
<div class="TRS_Editor" id="zoom">
`, charset)
	for _, bl := range doc.Blocks {
		switch bl.Kind {
		case extract.Paragraph:
			if strings.TrimSpace(bl.Text) == "" {
				continue
			}
			b.WriteString("<p style=\"text-indent:2em\">" + wrapSource(html.EscapeString(bl.Text)) + "</p>\n")
		case extract.TableBlock:
			writeHTMLTable(&b, bl.Table)
		}
	}
	b.WriteString(`</div></div>
<div class="related"><h3>相关文章</h3><ul><li><a href="/a/1.html">2020年度部门整体支出绩效自评报告</a></li><li><a href="/a/2.html">2022年部门预算公开</a></li></ul></div></div>
<div class="footer"><p>主办单位：市人民政府办公室　网站标识码：4300000001</p><p>湘ICP备00000000号</p></div>
<script>document.getElementById("hits").innerHTML = 129;</script>
</body></html>
`)
	return b.String()
}

// wrapSource breaks a long line after every 30 runes, as a CMS saves it.
func wrapSource(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i := 0; i < len(r); i += 30 {
		b.WriteString(string(r[i:min(i+30, len(r))]))
		if i+30 < len(r) {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// writeHTMLTable writes a Table with colspan and rowspan: a cell's rowspan
// counts the Merged cells below it in its grid column.
func writeHTMLTable(b *strings.Builder, t *extract.Table) {
	// grid[r] maps a start column to the cell index in row r.
	grid := make([]map[int]int, len(t.Rows))
	for r, row := range t.Rows {
		grid[r] = map[int]int{}
		col := 0
		for i, c := range row.Cells {
			grid[r][col] = i
			col += max(c.Span, 1)
		}
	}
	b.WriteString("<table border=\"1\" cellspacing=\"0\" class=\"MsoNormalTable\">\n<tbody>\n")
	for r, row := range t.Rows {
		b.WriteString("<tr>")
		col := 0
		for _, c := range row.Cells {
			span := max(c.Span, 1)
			if !c.Merged {
				rows := 1
				for k := r + 1; k < len(t.Rows); k++ {
					i, ok := grid[k][col]
					if !ok || !t.Rows[k].Cells[i].Merged {
						break
					}
					rows++
				}
				b.WriteString("<td")
				if span > 1 {
					fmt.Fprintf(b, ` colspan="%d"`, span)
				}
				if rows > 1 {
					fmt.Fprintf(b, ` rowspan="%d"`, rows)
				}
				b.WriteString(">")
				for i, line := range strings.Split(c.Text, "\n") {
					if i > 0 {
						b.WriteString("<br>")
					}
					b.WriteString("<span>" + html.EscapeString(line) + "</span>")
				}
				b.WriteString("</td>")
			}
			col += span
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody></table>\n")
}

// webFormats renders the report (its docx's Document) as saved portal pages,
// UTF-8 and GBK: name → bytes.
func webFormats(t testing.TB, base string, docx []byte) map[string][]byte {
	t.Helper()
	doc, err := extract.Extract(context.Background(), base+".docx", docx, extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	gbkPage, err := toGBK([]byte(documentToHTML(doc, "gb2312")))
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{
		base + ".html":    []byte(documentToHTML(doc, "utf-8")),
		base + "_gbk.htm": gbkPage,
	}
}

func TestSeedFiguresHTML(t *testing.T) {
	txt, docx := seedSources(t)
	assertWebFigures(t, "seed", txt, docx)
}

func TestDemoFiguresHTML(t *testing.T) {
	txt, docx := demoReport(t)
	assertWebFigures(t, "demo", txt, docx)
}

// analyzeTxt returns an analyzer and the report of the txt every other
// format of the same report is compared with.
func analyzeTxt(t *testing.T, base string, txt []byte) (*Analyzer, *report.Report) {
	t.Helper()
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := an.Analyze(context.Background(), base+".txt", txt, Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	return an, ref
}

func assertWebFigures(t *testing.T, base string, txt, docx []byte) {
	an, ref := analyzeTxt(t, base, txt)
	want := figures(ref)
	files := webFormats(t, base, docx)
	reports := analyzeAll(t, an, files)
	names := []string{base + ".html", base + "_gbk.htm"}
	for _, n := range names {
		r := reports[n]
		if r.Source.Format != "html" {
			t.Errorf("%s: format %q", n, r.Source.Format)
		}
		eq, total := matchShare(want, figures(r))
		t.Logf("%s: %d of %d figure paths equal the txt's", n, eq, total)
	}
	if enc := reports[base+"_gbk.htm"].Source.Encoding; enc != "gb18030" {
		t.Errorf("GBK page decoded as %q", enc)
	}
	if ref.Unit.Name != reports[base+".html"].Unit.Name || ref.FiscalYear != reports[base+".html"].FiscalYear {
		t.Errorf("unit/year %q %d, want %q %d", reports[base+".html"].Unit.Name, reports[base+".html"].FiscalYear, ref.Unit.Name, ref.FiscalYear)
	}
	assertSameFigures(t, want, base+".txt", reports, names...)
}

// legacyXls renders the report's workbook (documentToXlsx of its docx) as a
// legacy .xls with LibreOffice Calc, or skips naming the package.
func legacyXls(t testing.TB, base string, docx []byte) []byte {
	t.Helper()
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Skip("soffice (LibreOffice; apt-get install libreoffice-calc-nogui) is not installed; skipping the .xls format")
	}
	doc, err := extract.Extract(context.Background(), base+".docx", docx, extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	xlsx, err := documentToXlsx(doc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), convertTimeout)
	defer cancel()
	xls, err := officeConvert(ctx, xlsx, "xlsx", "xls", "")
	if err != nil {
		t.Skipf("LibreOffice Calc could not write .xls (apt-get install libreoffice-calc-nogui): %v", err)
	}
	if !bytes.HasPrefix(xls, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		t.Fatalf("converted file is not an OLE compound document (%d bytes)", len(xls))
	}
	return xls
}

// assertXlsFigures: the .xls (and the same bytes as WPS's .et) give the
// figures of the workbook it was made from — the figures of the txt.
// Each LibreOffice run takes seconds: the demo checks .xls only.
func assertXlsFigures(t *testing.T, base string, txt, docx []byte, alsoEt bool) {
	xls := legacyXls(t, base, docx)
	an, ref := analyzeTxt(t, base, txt)
	want := figures(ref)
	files := map[string][]byte{base + ".xls": xls}
	if alsoEt {
		files[base+".et"] = xls
	}
	reports := analyzeAll(t, an, files)
	for name, r := range reports {
		eq, total := matchShare(want, figures(r))
		t.Logf("%s: %d of %d figure paths equal the txt's", name, eq, total)
		if f := strings.TrimPrefix(filepath.Ext(name), "."); r.Source.Format != f {
			t.Errorf("%s: format %q", name, r.Source.Format)
		}
	}
	for name := range files {
		assertSameFigures(t, want, base+".txt", reports, name)
	}
}

func TestSeedFiguresXls(t *testing.T) {
	txt, docx := seedSources(t)
	assertXlsFigures(t, "seed", txt, docx, true)
}

func TestDemoFiguresXls(t *testing.T) {
	txt, docx := demoReport(t)
	assertXlsFigures(t, "demo", txt, docx, false)
}
