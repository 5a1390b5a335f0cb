package etl

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"jixiao/etl/extract"
	"jixiao/etl/parse"
	"jixiao/report"
)

// revisionRE finds a correction marker in a file name: 更正 / 修改 / 修订 /
// 修正 / 最终 / 定稿, or a version number from 2 on (v2, V3, r2 — the demo
// corpus writes tjj_2020_r2.docx), not inside a Latin word.
var revisionRE = regexp.MustCompile(`更正|修改|修订|修正|最终|定稿|(?:^|[^A-Za-z])([vVrR](?:[2-9]|[1-9]\d+))(?:[^0-9]|$)`)

// revisionInName returns the correction marker in a file's name, "" when none.
func revisionInName(name string) string {
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	m := revisionRE.FindStringSubmatch(base)
	switch {
	case m == nil:
		return ""
	case m[1] != "":
		return m[1]
	default:
		return m[0]
	}
}

// overrideFindings compares a manifest override with what the report itself
// says (own: the report parsed without it). A name that only adds or drops a
// locality (投资促进事务中心 / 湘西州投资促进事务中心) agrees.
func overrideFindings(ov Overrides, own parse.Own) []report.Finding {
	var out []report.Finding
	if ov.Unit != "" {
		var names []string
		for _, n := range []string{own.Unit.FullName, own.Unit.CanonicalName, own.Unit.Name} {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
		agree := len(names) == 0
		for _, n := range names {
			if strings.HasSuffix(n, ov.Unit) || strings.HasSuffix(ov.Unit, n) {
				agree = true
			}
		}
		if !agree {
			out = append(out, report.Finding{Rule: "manifest_conflict", Severity: "warning",
				Message:  fmt.Sprintf("manifest.csv 指定的单位“%s”与报告中写的单位“%s”不一致；已按 manifest.csv 入库，请核实该行是否对应本文件", ov.Unit, names[0]),
				Expected: ov.Unit, Found: names[0], Evidence: own.Unit.Evidence})
		}
	}
	if ov.Year != 0 && own.FiscalYear != 0 && ov.Year != own.FiscalYear {
		out = append(out, report.Finding{Rule: "manifest_conflict", Severity: "warning",
			Message:  fmt.Sprintf("manifest.csv 指定的评价年度%d年与报告中写的%d年度不一致；已按 manifest.csv 入库，请核实该行是否对应本文件", ov.Year, own.FiscalYear),
			Expected: fmt.Sprint(ov.Year), Found: fmt.Sprint(own.FiscalYear)})
	}
	return out
}

// identifyError: the report's fiscal year or unit could not be read, and no
// manifest row gave it.
type identifyError struct{ missing string }

func (e *identifyError) Error() string { return "cannot determine the report's " + e.missing }

// unidentified names what a report lacks to belong to a unit-year ("": nothing).
func unidentified(r *report.Report) string {
	u := r.Unit
	noUnit := strings.TrimSpace(u.Name+u.CanonicalName+u.FullName) == ""
	switch {
	case r.FiscalYear <= 0 && noUnit:
		return "fiscal year and unit"
	case r.FiscalYear <= 0:
		return "fiscal year"
	case noUnit:
		return "unit"
	}
	return ""
}

var missingZh = map[string]string{"fiscal year and unit": "评价年度和单位", "fiscal year": "评价年度", "unit": "单位"}

// extractReasons turns the extractor's reasons into Chinese, by the start of
// the English text (the English stays in the error file's "error").
var extractReasons = []struct{ prefix, zh string }{
	{"empty file", "文件为空（0 字节）"},
	{"cancelled or timed out", "读取超时或运行被中止"},
	{"file is an OLE compound document", "这是旧版 .doc 或加密的 docx，不是 docx 文件；请另存为 .docx"},
	{"not a readable zip archive", "文件已损坏，或不是 docx/xlsx 文件（无法作为压缩包打开）"},
	{"uncompressed content exceeds", "解压后的内容超过大小上限（防压缩炸弹）"},
	{"missing main document part", "不是 Word 文档（缺少正文部分）"},
	{"cannot open zip entry", "文件已损坏（压缩包中的条目无法打开）"},
	{"corrupt zip entry", "文件已损坏（压缩数据不完整或校验不符）"},
	{"tables or text boxes nested", "表格或文本框嵌套过深"},
	{"malformed XML", "文档内容已损坏（XML 格式错误）"},
	{"cannot read document XML", "文档内容无法读取"},
	{"no w:body element", "不是 Word 文档（缺少正文）"},
	{"not a PDF", "不是 PDF 文件"},
	{"pdftotext (poppler-utils) is not installed", "服务器未安装 pdftotext（poppler-utils），无法读取 PDF"},
	{"pdftotext could not read", "PDF 文件无法读取（已损坏或加密）"},
	{"text output exceeds", "PDF 的文字内容超过大小上限"},
	{"soffice (LibreOffice) is not installed", "服务器未安装 LibreOffice（soffice；Debian 软件包 libreoffice-writer-nogui、libreoffice-calc-nogui），无法转换 .doc/.wps/.xls/.et 文件"},
	{"LibreOffice Calc is not installed", "服务器未安装 LibreOffice Calc（Debian 软件包 libreoffice-calc-nogui），无法读取 .xls/.et 表格"},
	{"LibreOffice Writer is not installed", "服务器未安装 LibreOffice Writer（Debian 软件包 libreoffice-writer-nogui），无法读取 .doc/.wps 文件"},
	{"conversion", "LibreOffice 转换失败（文件无法读取或格式不受支持）"},
	{"converted ", "转换后的文件超过大小上限"},
	{"no text found", "文件中没有文字"},
	{"UTF-16", "不支持 UTF-16 编码的文本，请另存为 UTF-8 或 GBK"},
	{"binary data", "不是文本文件（含二进制数据）"},
	{"text is neither valid UTF-8", "文本编码无法识别（既不是 UTF-8 也不是 GBK）"},
	{"file starts with a UTF-8 byte-order mark", "文本编码错误（有 UTF-8 标记但内容不是 UTF-8）"},
	{"spreadsheet library failed", "表格文件已损坏"},
	{"cannot parse the page", "网页文件无法解析"},
	{"tesseract (tesseract-ocr) is not installed", "服务器未安装文字识别程序 tesseract（Debian 软件包 tesseract-ocr），无法读取扫描件或照片"},
	{"tesseract's Chinese data chi_sim", "服务器未安装 tesseract 的简体中文识别数据（Debian 软件包 tesseract-ocr-chi-sim），无法读取扫描件或照片"},
	{"tesseract --list-langs failed", "文字识别程序 tesseract 无法运行，无法读取扫描件或照片"},
	{"tesseract could not read", "扫描件或照片无法识别（图像已损坏？）"},
	{"OCR found no text", "扫描件或照片中没有识别出文字"},
	{"OCR output exceeds", "文字识别结果超过大小上限"},
	{"could not render or read a page", "扫描 PDF 的页面无法渲染或识别"},
	{"pdftoppm (poppler-utils) is not installed", "服务器未安装 pdftoppm（poppler-utils），无法识别扫描 PDF"},
	{"not a PNG or JPEG", "不是 PNG 或 JPEG 图片"},
	{"page text exceeds", "网页的文字内容超过大小上限"},
	{"page declares charset", "网页声明的字符集与内容不符，无法解码"},
	{"file is ", "文件超过大小上限"},
}

// reasonZh is a quarantined file's reason as its user reads it: Chinese,
// naming the file type, the limit or what to do.
func reasonZh(stage, name string, err error) string {
	var ie *identifyError
	if errors.As(err, &ie) {
		return "无法确定评价年度/单位，请在 manifest.csv 中指定（本报告缺少：" + missingZh[ie.missing] + "）"
	}
	var xe *extract.Error
	var te *parse.TypeError
	switch {
	case errors.As(err, &te):
		// Already the user's message: what the document is and why it
		// waits; the note adds whose it is.
		return te.Error() + "。" + RefusalNote(err)
	case stage == "read":
		if strings.Contains(err.Error(), "-byte limit") {
			return "文件超过大小上限：" + err.Error()
		}
		return "无法读取文件：" + err.Error()
	case errors.As(err, &xe):
		if !supported(name) {
			ext := strings.ToLower(filepath.Ext(name))
			what := "不支持的文件类型“" + ext + "”"
			if ext == "" {
				what = "文件名没有扩展名，无法判断文件类型"
			}
			return what + "；支持的类型：" + strings.Join(extract.Formats(), "、")
		}
		msg := "无法提取文件内容"
		for _, r := range extractReasons {
			if strings.HasPrefix(xe.Reason, r.prefix) {
				msg = r.zh
				break
			}
		}
		if xe.Where != "" {
			msg += "（位置：" + xe.Where + "）"
		}
		return msg
	case errors.Is(err, parse.ErrNoContent):
		msg := "未找到自评报告内容：既没有自评表，也没有打分的绩效指标（不是部门整体支出绩效自评报告？）"
		if note := RefusalNote(err); note != "" {
			msg += "。" + note
		}
		return msg
	case stage == "parse":
		return "报告解析失败：" + err.Error()
	case stage == "load":
		return "入库失败：" + err.Error()
	}
	return "处理失败：" + err.Error()
}

func supported(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, f := range extract.Formats() {
		if f == ext {
			return true
		}
	}
	return false
}
