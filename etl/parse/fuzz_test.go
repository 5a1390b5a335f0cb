package parse

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/etl/extract"
	"jixiao/report"
)

// fuzzDoc builds a Document from text: lines starting with "|" are table rows
// (cells separated by "|", "\\n" inside a cell is a line break), consecutive
// rows form one table, every other line is a paragraph.
func fuzzDoc(s string) *extract.Document {
	doc := &extract.Document{Format: "txt"}
	var cur *extract.Table
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "|") {
			if cur == nil {
				cur = &extract.Table{}
				doc.Blocks = append(doc.Blocks, extract.Block{Kind: extract.TableBlock, Table: cur})
			}
			var row extract.Row
			for _, c := range strings.Split(l[1:], "|") {
				row.Cells = append(row.Cells, extract.Cell{Text: strings.ReplaceAll(c, `\n`, "\n"), Span: 1})
			}
			cur.Rows = append(cur.Rows, row)
			continue
		}
		cur = nil
		doc.Blocks = append(doc.Blocks, extract.Block{Kind: extract.Paragraph, Text: l})
	}
	return doc
}

// docText is the inverse of fuzzDoc, to seed the corpus with whole reports.
func docText(d *extract.Document) string {
	var b strings.Builder
	for _, bl := range d.Blocks {
		if bl.Kind == extract.TableBlock {
			for _, r := range bl.Table.Rows {
				for _, c := range r.Cells {
					b.WriteString("|" + strings.ReplaceAll(c.Text, "\n", `\n`))
				}
				b.WriteString("\n")
			}
			continue
		}
		b.WriteString(bl.Text + "\n")
	}
	return b.String()
}

func FuzzParse(f *testing.F) {
	f.Add(docText(sampleDoc()))
	f.Add("①绩效目标合理性（3分）：得满分3分。")
	f.Add("|机构名称|收入合计|其中：\n|1、局机关|1.2.3|4\n|机构名称|支出合计\n|x")
	f.Add("1、投入（13分）\n（1）目标设定情况\n（2分）：\n①（分）：得分\n得满分")
	f.Add("上年结转47.8.3万元，年初预算为(查)万元；2020年度预算安排的三公经费总额为1万元。")
	f.Add("|姓名|单位\n|甲|\n|联系人\n|人员编制|-1e400")
	f.Add("州甲更名为州乙，为州丙所属。总绩效为94分，等次为优。90(含)—100分为优；60分以下为差。")
	f.Add("项目支出5万元，其中：，，1万元。=%=1%=")
	f.Add("1、收入:1.2.万元。2、支出:\n其中:人员经费支出万元,公用经费支出-0万元\n其中基本支出1e9万元")
	f.Add("三级指标|分值|得分\n|||\n合计|\n部门决策|5\n小计|x|1\n|---|\n得分 分值\n投入 1 2 3")
	f.Add("综合得分为8\n9.\n5分 90Q总分Q\n第一部分\n关于的报告\n2022年度绩效自评报告")
	f.Add("|绩效自评综合得分及评价等次：|备注|")
	f.Add("凤凰县财政局2022年度部门整体支出绩效自评报告（修订版）\n|年度收入情况（元）\n|机构名称|收入合计\n|合　计|1，146.95|1469500元\n报告日期：二〇二二年二月三十日\n2022.13.1")
	// The narrative test documents, whole.
	paths, err := filepath.Glob(filepath.Join(narrativeDir, "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, path := range paths {
		if strings.HasSuffix(path, ".golden.json") {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		if strings.HasSuffix(path, ".txt") {
			f.Add(string(data))
			continue
		}
		doc, err := extract.Extract(context.Background(), path, data, extract.Limits{})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(docText(doc))
	}
	cat := catalog(f)
	f.Fuzz(func(t *testing.T, s string) {
		doc := fuzzDoc(s)
		r, err := Parse(context.Background(), doc, cat, Options{})
		if err != nil {
			var te *TypeError
			if !errors.Is(err, ErrNoContent) && !errors.As(err, &te) {
				t.Fatalf("unexpected error %v", err)
			}
			// A refusal says what the document is and whose, with evidence
			// inside the document.
			id, ok := RefusedIdentity(err)
			if !ok || id.Type == "" {
				t.Fatalf("refusal %v without its identity", err)
			}
			checkEvidence(t, doc, id.Unit.Evidence)
			checkEvidence(t, doc, id.YearEvidence)
			if id.Year != 0 && (id.Year < 2000 || id.Year > 2099) {
				t.Fatalf("identity year %d", id.Year)
			}
			return
		}
		check := func(ev *report.Evidence) { checkEvidence(t, doc, ev) }
		for _, ind := range r.Indicators {
			check(ind.Evidence)
			if ind.Code == "" {
				t.Fatalf("indicator %q without code", ind.Name)
			}
		}
		for _, x := range r.Income {
			check(x.Evidence)
		}
		for _, x := range r.Expenditure {
			check(x.Evidence)
		}
		for _, x := range r.Findings {
			check(x.Evidence)
		}
		check(r.Score.Evidence)
		check(r.Unit.Evidence)
	})
}

// checkEvidence fails when ev points outside doc's blocks.
func checkEvidence(t *testing.T, doc *extract.Document, ev *report.Evidence) {
	t.Helper()
	if ev != nil && (ev.Block < 0 || ev.Block >= len(doc.Blocks)) {
		t.Fatalf("evidence block %d outside %d blocks", ev.Block, len(doc.Blocks))
	}
}
