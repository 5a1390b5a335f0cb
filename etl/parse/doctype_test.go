package parse

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"jixiao/etl/extract"
	"jixiao/report"
)

const doctypeDir = "testdata/doctype"

// doctypeFile extracts and parses one document of testdata/doctype.
func doctypeFile(t *testing.T, name string) (*extract.Document, *report.Report, error) {
	t.Helper()
	return parseFile(t, filepath.Join(doctypeDir, name))
}

// A 项目支出 report, a 决算 publication without a self-evaluation chapter and
// documents that are something else are refused with a message naming what
// they are; no report (and so no department figure) comes out of them.
func TestDocumentTypeRefused(t *testing.T) {
	for _, tt := range []struct {
		file, typ string
		project   string
		says      []string
		// What the refusal says of whose the document is: the unit and
		// year it names ("" and 0 where it names none).
		unit string
		year int
	}{
		{"project_form.txt", report.DocumentProject, "乡村道路安保工程", []string{"项目支出绩效自评报告", "项目支出绩效自评表", "未入库"}, "云溪县公路建设养护中心", 2023},
		{"project_titled.txt", report.DocumentProject, "高标准农田建设项目", []string{"“高标准农田建设项目”的项目支出绩效自评报告", "不是部门整体支出绩效自评报告"}, "云溪县农业农村局", 2023},
		{"project_unit_all.txt", report.DocumentProject, "", []string{"这是项目支出绩效自评报告", "不是部门整体支出绩效自评报告"}, "云溪县档案馆", 2024},
		{"project_labels.txt", report.DocumentProject, "农村饮水安全巩固提升", []string{"项目支出绩效自评报告", "项目名称"}, "青石乡人民政府", 0},
		{"budget_publication.txt", report.DocumentOther, "", []string{"部门预算公开文件", "2024年部门预算公开说明"}, "云溪县教育局", 2024},
		{"notice.txt", report.DocumentOther, "", []string{"通知", "不是部门整体支出绩效自评报告"}, "", 0},
		{"unrelated.txt", report.DocumentOther, "", []string{"纪要"}, "", 0},
	} {
		t.Run(tt.file, func(t *testing.T) {
			_, r, err := doctypeFile(t, tt.file)
			var te *TypeError
			if !errors.As(err, &te) || r != nil {
				t.Fatalf("Parse = %v, %v; want a TypeError and no report", r != nil, err)
			}
			if te.Type != tt.typ || te.Project != tt.project {
				t.Errorf("type %q project %q; want %q %q", te.Type, te.Project, tt.typ, tt.project)
			}
			for _, s := range tt.says {
				if !strings.Contains(te.Error(), s) {
					t.Errorf("message %q does not say %q", te.Error(), s)
				}
			}
			if te.Evidence == nil || te.Why == "" || !strings.Contains(te.Evidence.Text, te.Why) {
				t.Errorf("evidence %+v for %q", te.Evidence, te.Why)
			}
			id, ok := RefusedIdentity(err)
			if !ok || id.Type != tt.typ || id.UnitName() != tt.unit || id.Year != tt.year {
				t.Errorf("identity %v %q %q %d; want %q %q %d", ok, id.Type, id.UnitName(), id.Year, tt.typ, tt.unit, tt.year)
			}
			if id.Unit.Name != "" && (id.Unit.Evidence == nil || !strings.Contains(id.Unit.Evidence.Text, id.Unit.Name)) {
				t.Errorf("unit %q without its evidence: %+v", id.Unit.Name, id.Unit.Evidence)
			}
			if id.YearSource == report.YearFromTitle && (id.YearEvidence == nil || !strings.Contains(id.YearEvidence.Text, strconv.Itoa(id.Year))) {
				t.Errorf("year %d without its evidence: %+v", id.Year, id.YearEvidence)
			}
		})
	}
	// Minutes of a meeting are correspondence; a text about something else
	// altogether holds no self-evaluation.
	if _, _, err := doctypeFile(t, "unrelated.txt"); !errors.As(err, new(*TypeError)) || !strings.Contains(err.Error(), "纪要") {
		t.Errorf("unrelated file: %v", err)
	}
	if _, err := Parse(context.Background(), mkdoc(plain("春季植树活动安排", "请各单位于3月12日组织职工参加植树。")...), catalog(t), Options{}); !errors.Is(err, ErrNoContent) {
		t.Errorf("unrelated text: %v, want ErrNoContent", err)
	}
	// A 决算 publication that embeds no self-evaluation.
	var te *TypeError
	_, err := Parse(context.Background(), mkdoc(plain("溪口镇人民政府2022年度部门决算", "第一部分 部门概况",
		"本年收入合计1,480.60万元。", "①绩效目标合理性（3分）：得满分3分。")...), catalog(t), Options{})
	if !errors.As(err, &te) || te.Type != report.DocumentFinalAccounts || !strings.Contains(te.Error(), "没有找到部门整体支出绩效自评部分") {
		t.Errorf("决算 without a chapter: %v", err)
	}
}

// The self-evaluation attached to a 决算公开 document is read, and only it:
// the final accounts' own staff numbers and totals stay out.
func TestFinalAccountsExcerpt(t *testing.T) {
	doc, r, err := doctypeFile(t, "final_accounts_annex.txt")
	if err != nil {
		t.Fatal(err)
	}
	if r.DocumentType != report.DocumentFinalAccounts || r.Unit.Name != "青石乡人民政府" || r.FiscalYear != 2023 {
		t.Fatalf("type %q unit %q year %d", r.DocumentType, r.Unit.Name, r.FiscalYear)
	}
	ex := r.Excerpt
	if ex == nil || !strings.HasPrefix(ex.Heading, "附件：") || ex.EndHeading != "" || ex.EndBlock != len(doc.Blocks)-1 {
		t.Fatalf("excerpt = %+v", ex)
	}
	if doc.Blocks[ex.StartBlock].Text != ex.Heading {
		t.Errorf("start block %d is %q", ex.StartBlock, doc.Blocks[ex.StartBlock].Text)
	}
	if !eqf(r.Staffing.Authorized, f(30)) || !eqf(r.Staffing.Actual, f(28)) {
		t.Errorf("staffing %s/%s, want the self-evaluation's 30/28", str(r.Staffing.Authorized), str(r.Staffing.Actual))
	}
	if len(r.Income) != 1 || !eqf(r.Income[0].Total, f(860.50)) || len(r.Expenditure) != 1 || !eqf(r.Expenditure[0].Total, f(845.20)) {
		t.Errorf("income %+v expenditure %+v, want the self-evaluation's 860.50 / 845.20", r.Income, r.Expenditure)
	}
	if !eqf(r.Score.Total, f(90)) || r.Score.Grade != "优" || len(r.Indicators) != 3 {
		t.Errorf("score %s %s, %d indicators", str(r.Score.Total), r.Score.Grade, len(r.Indicators))
	}
	if r.Budget.ThreePublicActual != nil {
		t.Errorf("三公 %s read from the final accounts", str(r.Budget.ThreePublicActual))
	}
	// Every figure's evidence lies in the chapter, or in the title (unit, year).
	for _, ev := range reportEvidence(r) {
		if ev.Block != 0 && (ev.Block < ex.StartBlock || ev.Block > ex.EndBlock) {
			t.Errorf("evidence outside the excerpt: %+v", ev)
		}
	}
	if c := r.Completeness; c.Found != c.Expected || len(findingsOf(r, "unrecognised_layout")) != 0 {
		t.Errorf("completeness %+v", c)
	}
}

// The chapter ends at the next heading of its rank; the contents page, which
// lists the same headings first, is passed over.
func TestExcerptBounds(t *testing.T) {
	for _, tt := range []struct {
		name    string
		lines   []string
		heading string
		end     string
	}{
		{"part", []string{"甲乡2022年度部门决算", "目录", "第一部分 部门概况", "第二部分 部门整体支出绩效自评情况", "第三部分 名词解释",
			"第一部分 部门概况", "编制10人。", "第二部分 部门整体支出绩效自评情况", "一、基本情况", "自评得分90分。", "第三部分 名词解释", "略。"},
			"第二部分 部门整体支出绩效自评情况", "第三部分 名词解释"},
		{"section", []string{"甲乡2022年度部门决算说明", "一、收入情况", "收入100万元。", "二、部门整体支出绩效评价情况", "（一）总体情况",
			"自评得分88分。", "（二）存在问题", "略。", "三、其他重要事项", "略。"},
			"二、部门整体支出绩效评价情况", "三、其他重要事项"},
		{"sub-section", []string{"甲乡2022年度部门决算", "三、其他重要事项", "（一）国有资产占用情况", "略。", "（二）部门整体支出绩效自评结果",
			"自评得分86分。", "（三）政府采购情况", "略。"},
			"（二）部门整体支出绩效自评结果", "（三）政府采购情况"},
		{"project chapter is not the department's", []string{"甲乡2022年度部门决算", "四、项目支出绩效自评情况", "得分80分。", "五、部门整体支出绩效自评情况", "自评得分91分。"},
			"五、部门整体支出绩效自评情况", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, mkdoc(plain(tt.lines...)...), Options{})
			if r.Excerpt == nil || r.Excerpt.Heading != tt.heading || r.Excerpt.EndHeading != tt.end {
				t.Fatalf("excerpt = %+v, want %q … %q", r.Excerpt, tt.heading, tt.end)
			}
			if r.Score.Total == nil || r.Score.Evidence == nil || r.Score.Evidence.Block < r.Excerpt.StartBlock || r.Score.Evidence.Block > r.Excerpt.EndBlock {
				t.Errorf("score %s evidence %+v", str(r.Score.Total), r.Score.Evidence)
			}
		})
	}
}

// Department reports are read as before: the seed, the narrative documents
// and a title-less report with the form are department reports.
func TestDepartmentReportsAdmitted(t *testing.T) {
	if r := parseText(t, variant(t, nil, nil), Options{}); r.DocumentType != report.DocumentDepartment || r.Excerpt != nil {
		t.Errorf("seed: %q %+v", r.DocumentType, r.Excerpt)
	}
	entries, err := os.ReadDir(narrativeDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".golden.json") || strings.HasPrefix(e.Name(), "06_") {
			continue
		}
		if _, r := narrativeFile(t, e.Name()); r.DocumentType != report.DocumentDepartment {
			t.Errorf("%s: %q", e.Name(), r.DocumentType)
		}
	}
}

func TestTitleType(t *testing.T) {
	for _, tt := range []struct{ title, want string }{
		{"某县某局2022年度部门整体支出绩效自评报告", report.DocumentDepartment},
		{"某县某局2022年度农村公路养护项目支出绩效自评报告", report.DocumentProject},
		{"某县某局2022年度部门项目支出绩效评价报告", report.DocumentProject},
		{"某镇2022年度部门决算", report.DocumentFinalAccounts},
		{"2022年度绩效自评报告", ""},
	} {
		if got := titleType(norm(tt.title)); got != tt.want {
			t.Errorf("titleType(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

// plain is a paragraph a line (paras adds an indicator first).
func plain(lines ...string) []extract.Block {
	out := make([]extract.Block, len(lines))
	for i, l := range lines {
		out[i] = para(l)
	}
	return out
}

// reportEvidence is every evidence a report's figures carry.
func reportEvidence(r *report.Report) []report.Evidence {
	var out []report.Evidence
	add := func(ev *report.Evidence) {
		if ev != nil {
			out = append(out, *ev)
		}
	}
	add(r.Unit.Evidence)
	add(r.Staffing.Evidence)
	add(r.Score.Evidence)
	for _, x := range r.Income {
		add(x.Evidence)
	}
	for _, x := range r.Expenditure {
		add(x.Evidence)
	}
	for _, x := range r.ThreePublic {
		add(x.Evidence)
	}
	for _, x := range r.FixedAssets {
		add(x.Evidence)
	}
	for _, x := range r.Indicators {
		add(x.Evidence)
	}
	for _, x := range r.ExpenditureDetail.Projects {
		add(x.Evidence)
	}
	for _, x := range r.Goals {
		add(x.Evidence)
	}
	for _, ev := range r.Budget.Evidence {
		out = append(out, ev)
	}
	for _, ev := range r.ExpenditureDetail.Evidence {
		out = append(out, ev)
	}
	return out
}

// FuzzExcerpt: whatever the text, a cut keeps the document's block count,
// keeps blocks whole or empties them, and its chapter lies inside the
// document; the kind decided never panics.
func FuzzExcerpt(f *testing.F) {
	f.Add("甲乡2022年度部门决算\n目录\n第一部分 概况\n第二部分 部门整体支出绩效自评情况\n第一部分 概况\n第二部分 部门整体支出绩效自评情况\n自评得分90分。\n第三部分 名词解释")
	f.Add("甲乡2022年度部门决算\n三、其他\n（二）部门整体支出绩效自评结果\n得分86分。\n（三）政府采购\n|项目名称|x\n附件：部门整体支出绩效评价报告")
	f.Add("项目支出绩效自评表\n|项目名称|乡村道路\n|实施单位|某中心")
	f.Add("目录\n一、\n一、\n附件")
	for _, name := range []string{"final_accounts_annex.txt", "project_form.txt", "budget_publication.txt"} {
		data, err := os.ReadFile(filepath.Join(doctypeDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := fuzzDoc(s)
		p := &parser{lines: lines(flowText(doc)), rep: &report.Report{}}
		title := p.findTitle()
		_ = p.kindOf(title)
		cut, ex, ok := p.excerpt(doc, title)
		if !ok {
			return
		}
		if len(cut.Blocks) != len(doc.Blocks) || ex.StartBlock < 0 || ex.EndBlock >= len(doc.Blocks) || ex.StartBlock > ex.EndBlock {
			t.Fatalf("excerpt %+v of %d blocks (cut %d)", ex, len(doc.Blocks), len(cut.Blocks))
		}
		for i, b := range cut.Blocks {
			if b.Kind == extract.Paragraph && b.Text == "" && b.Table == nil {
				continue
			}
			o := doc.Blocks[i]
			if b.Kind != o.Kind || b.Text != o.Text || b.Table != o.Table {
				t.Fatalf("block %d changed: %+v from %+v", i, b, o)
			}
		}
	})
}
