package extract

import (
	"context"
	"errors"
	"testing"
	"time"
)

// fuzzLimits keep every fuzz input cheap: a bomb is refused at 4 MiB.
var fuzzLimits = Limits{MaxFileBytes: 1 << 20, MaxDocxUncompressed: 4 << 20}

// checkExtract runs Extract on one input: it must return either a usable
// document or an *Error, quickly, and never panic.
func checkExtract(t *testing.T, name string, data []byte) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	doc, err := Extract(ctx, name, data, fuzzLimits)
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("took %v", d)
	}
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || e.Reason == "" {
			t.Fatalf("error %v (%T) is not an *Error with a reason", err, err)
		}
		if doc != nil {
			t.Fatal("document returned with an error")
		}
		return
	}
	if doc == nil || len(doc.Blocks) == 0 {
		t.Fatal("no error and no blocks")
	}
	for i, b := range doc.Blocks {
		switch b.Kind {
		case Paragraph:
		case TableBlock:
			if b.Table == nil || len(b.Table.Rows) == 0 {
				t.Fatalf("block %d: empty table", i)
			}
		default:
			t.Fatalf("block %d: kind %q", i, b.Kind)
		}
	}
}

func FuzzTxt(f *testing.F) {
	f.Add([]byte(form))
	f.Add([]byte("\xEF\xBB\xBF" + form))
	f.Add(gbk(f, form))
	f.Add([]byte("\t\n\n\n\t\r\n \t\u3000x"))
	f.Add([]byte("\xff\xfe\x00junk"))
	f.Add([]byte("一级\t二级\t分值\n投入\t\t20\n\t目标设定\t5\n\t预算配置\t15\n\n\t甲\t乙\n续行\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkExtract(t, "f.txt", data)
	})
}

// FuzzDocx fuzzes whole files (asXML false) and, since almost every mutation
// of a zip only breaks the archive, also document.xml itself (asXML true: the
// bytes are zipped into an otherwise valid docx) to reach the XML walker.
func FuzzDocx(f *testing.F) {
	valid := buildDocx(f, sampleDocxBody)
	f.Add(valid, false)
	f.Add(valid[:len(valid)*2/3], false)
	f.Add([]byte("PK\x03\x04 junk that looks like a zip"), false)
	f.Add([]byte(docxBody(sampleDocxBody)), true)
	f.Add([]byte(docxBody(`<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999"/><w:vMerge/></w:tcPr></w:tc></w:tr></w:tbl>`)), true)
	f.Add([]byte(`<w:document xmlns:w="urn:x"><w:body><w:p><w:t>x</w:t></w:p></w:body></w:document>`), true)
	f.Add([]byte("<w:document"), true)
	f.Fuzz(func(t *testing.T, data []byte, asXML bool) {
		if asXML {
			data = buildZip(t,
				zipFile{"_rels/.rels", testRels},
				zipFile{"word/document.xml", string(data)})
		}
		checkExtract(t, "f.docx", data)
	})
}

func FuzzXlsx(f *testing.F) {
	valid := buildTestXlsx(f)
	f.Add(valid)
	f.Add(valid[:len(valid)/2])
	f.Add(buildZip(f, zipFile{"xl/workbook.xml", "<workbook><sheets><sheet name=\"a\" sheetId=\"1\"/></sheets></workbook>"}))
	f.Add([]byte("not a workbook"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkExtract(t, "f.xlsx", data)
	})
}
