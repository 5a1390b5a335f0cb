package parse

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"jixiao/etl/extract"
	"jixiao/report"
)

// The documents under testdata/narrative are written for these tests (own
// units, regions and figures): reports without the standard form, in the
// shapes other units and regions publish. Each has a golden report beside it
// (<name>.golden.json, rewritten with -update).

const narrativeDir = "testdata/narrative"

// narrativeFile extracts and parses one test document.
func narrativeFile(t *testing.T, name string) (*extract.Document, *report.Report) {
	t.Helper()
	doc, r, err := parseFile(t, filepath.Join(narrativeDir, name))
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return doc, r
}

// parseFile extracts and parses a test document.
func parseFile(t *testing.T, path string) (*extract.Document, *report.Report, error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := extract.Extract(context.Background(), path, data, extract.Limits{})
	if err != nil {
		t.Fatalf("extract %s: %v", path, err)
	}
	r, err := Parse(context.Background(), doc, catalog(t), Options{})
	return doc, r, err
}

// narrativeWant is what a test document must yield. Money in 万元; a nil
// figure must be absent.
type narrativeWant struct {
	file                string
	unit, region        string
	year                int
	scheme              string
	authorized, actual  *float64
	income, expenditure []*float64 // total, then the parts in contract order; nil slice: no row
	total               *float64
	grade               string
	levels              map[string]float64
	indicators          int
	declaredSum         float64
	bands               int
	missing, notMissing []string
	findings            []string // rules, in order
}

func TestNarrativeReports(t *testing.T) {
	// Income parts: carryover, fiscal_appropriation, gov_fund,
	// special_account_nontax, other. Expenditure parts: basic, personnel,
	// public_use, project, balance_current, balance_cumulative.
	tests := []narrativeWant{
		{
			file: "01_county_halfwidth.txt", unit: "云岭县林业局", region: "云岭县", year: 2022,
			authorized: f(95), actual: f(88),
			income:      []*float64{f(512.40), nil, nil, nil, nil, nil},
			expenditure: []*float64{f(498.70), nil, f(301.12), f(45.6), f(151.98), nil, f(13.70)},
			total:       f(92), grade: "优",
			missing:    []string{"scheme", "indicators", "three_public", "fixed_assets", "score.by_level1", "contact", "evaluators"},
			notMissing: []string{"income", "expenditure", "score.total", "score.grade", "staffing.authorized", "staffing.actual"},
		},
		{
			file: "02_sichuan_pipe_table.txt", unit: "四川省溪山市文化馆", region: "四川省", year: 2023, scheme: "sichuan-generic-2022",
			authorized: f(32), actual: f(29),
			income:      []*float64{f(1286.50), f(106.50), f(1150), nil, nil, f(30)},
			expenditure: []*float64{f(1240.30), f(702.80), f(615.40), f(87.40), f(537.50), nil, nil},
			total:       f(93), grade: "优", levels: map[string]float64{"部门决策": 24, "综合管理": 27, "部门绩效": 42},
			indicators: 15, declaredSum: 93,
			missing:    []string{"three_public", "fixed_assets"},
			notMissing: []string{"income", "expenditure", "indicators", "score.by_level1", "budget.carryover", "scheme"},
		},
		{
			file: "03_spaces_table_two_line_title.txt", unit: "河湾区社会保险事业中心", region: "河湾区", year: 2023, scheme: "sichuan-generic-2022",
			authorized: f(40), actual: f(37),
			income:      []*float64{f(865.20), nil, f(820), nil, nil, f(45.20)},
			expenditure: []*float64{f(851.06), f(640.33), nil, nil, f(210.73), nil, nil},
			total:       f(95), grade: "优", indicators: 15, declaredSum: 95,
			missing:    []string{"score.by_level1"},
			notMissing: []string{"scheme", "score.total", "indicators"},
		},
		{
			file: "04_web_chrome.txt", unit: "云溪县农业农村局", region: "云溪县", year: 2022, scheme: "hunan-xiangxi-2021",
			authorized: f(62), actual: f(58),
			income:      []*float64{f(2310.75), f(105), f(2205.75), nil, nil, nil},
			expenditure: []*float64{f(2298.40), f(880.40), nil, nil, f(1418), nil, nil},
			total:       f(89), grade: "良", indicators: 5, declaredSum: 26,
			missing:    []string{"score.by_level1"},
			notMissing: []string{"budget.public_use_actual", "budget.public_use_budget"},
		},
		{
			file: "05_split_numbers.txt", unit: "石门乡人民政府", year: 2022,
			authorized: f(45), actual: f(43),
			income:      []*float64{f(1024.36), f(38), f(986.36), nil, nil, nil},
			expenditure: []*float64{f(1001.20), f(702.10), nil, nil, f(299.10), nil, f(23.16)},
			total:       f(89.5), grade: "良",
			missing:    []string{"scheme", "indicators"},
			notMissing: []string{"budget.year_end_balance", "budget.carryover"},
		},
		{
			// Only the self-evaluation chapter (第四部分) is read: the staff
			// numbers of 部门概况 and the totals of 决算情况说明 are the final
			// accounts' figures, not the self-evaluation's.
			file: "06_final_accounts_chapter.txt", unit: "溪口镇人民政府", year: 2022,
			total: f(91), grade: "优", indicators: 2, declaredSum: 48,
			missing:    []string{"scheme", "three_public", "income", "expenditure", "staffing.authorized", "staffing.actual"},
			notMissing: []string{"budget.initial"},
		},
		{
			file: "07_fullwidth_mixed.txt", unit: "东坪市住房保障服务中心", region: "东坪市", year: 2023, scheme: "sichuan-generic-2022",
			authorized: f(30), actual: f(28),
			income:      []*float64{f(682.40), f(32.40), f(650), nil, nil, nil},
			expenditure: []*float64{f(670.90), f(412.30), nil, nil, f(258.60), nil, nil},
			total:       f(88.5), grade: "良", indicators: 8, declaredSum: 88.5,
			notMissing: []string{"budget.three_public_actual", "budget.three_public_budget"},
			findings:   []string{"indicator_not_in_scheme"},
		},
		{
			file: "08_ocr_q.txt", unit: "湘西州青岩县水利局", region: "湘西州", year: 2023, scheme: "hunan-xiangxi-2021",
			authorized: f(28), actual: f(26),
			income:      []*float64{f(436.80), nil, f(420.30), nil, nil, f(16.50)},
			expenditure: []*float64{f(430.10), nil, f(301.20), f(38.90), f(90), nil, nil},
			total:       f(28), grade: "差", levels: map[string]float64{"投入": 7, "过程": 13, "产出及效率": 8},
			indicators: 5, declaredSum: 28, bands: 4,
		},
		{
			file: "09_sparse_about_title.txt", unit: "龙潭街道办事处", year: 2021,
			total: f(85), grade: "良",
			missing: []string{"income", "expenditure", "staffing.authorized", "staffing.actual", "indicators", "scheme",
				"unit.region", "budget.carryover", "expenditure_detail.projects"},
		},
		{
			file: "10_markdown_table_conflicts.txt", unit: "溪北县图书馆", region: "溪北县", year: 2023, scheme: "sichuan-generic-2022",
			authorized: f(12), actual: f(11),
			// 收入合计 is printed "3.5.6万元": no value, a finding.
			income:      []*float64{nil, nil, f(350), nil, nil, f(6)},
			expenditure: []*float64{f(348.20), f(210.20), nil, nil, f(138), nil, nil},
			total:       f(33), grade: "优", indicators: 5, declaredSum: 32,
			findings: []string{"malformed_number", "same_quantity_two_values", "indicator_not_in_scheme"},
		},
		{
			file: "11_docx_score_table.docx", unit: "云峰县教育局", region: "云峰县", year: 2023, scheme: "sichuan-generic-2022",
			authorized: f(18), actual: f(17),
			income:      []*float64{f(3150), f(150), f(3000), nil, nil, nil},
			expenditure: []*float64{f(3080), f(1200), nil, nil, f(1880), nil, nil},
			total:       f(90), grade: "优", indicators: 15, declaredSum: 90,
			levels:     map[string]float64{"部门决策": 24, "综合管理": 29, "部门绩效": 37},
			notMissing: []string{"score.by_level1"},
		},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		seen[tt.file] = true
		t.Run(tt.file, func(t *testing.T) {
			_, r := narrativeFile(t, tt.file)
			checkNarrative(t, tt, r)
			checkGolden(t, filepath.Join(narrativeDir, strings.TrimSuffix(tt.file, filepath.Ext(tt.file))+".golden.json"), r)
		})
	}
	// Every committed document is asserted.
	entries, err := os.ReadDir(narrativeDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if n := e.Name(); !strings.HasSuffix(n, ".golden.json") && !seen[n] {
			t.Errorf("%s has no test case", n)
		}
	}
}

func checkNarrative(t *testing.T, w narrativeWant, r *report.Report) {
	t.Helper()
	if r.Unit.Name != w.unit || r.Unit.Region != w.region || r.FiscalYear != w.year || r.Scheme != w.scheme {
		t.Errorf("unit %q region %q year %d scheme %q; want %q %q %d %q", r.Unit.Name, r.Unit.Region, r.FiscalYear, r.Scheme, w.unit, w.region, w.year, w.scheme)
	}
	if r.Unit.Evidence == nil || !strings.Contains(compact(r.Unit.Evidence.Text), compact(strings.TrimPrefix(w.unit, "四川省"))) {
		t.Errorf("unit evidence = %+v", r.Unit.Evidence)
	}
	if !eqf(r.Staffing.Authorized, w.authorized) || !eqf(r.Staffing.Actual, w.actual) {
		t.Errorf("staffing = %s/%s, want %s/%s", str(r.Staffing.Authorized), str(r.Staffing.Actual), str(w.authorized), str(w.actual))
	}
	if w.authorized != nil && r.Staffing.Evidence == nil {
		t.Error("staffing has no evidence")
	}
	if w.income == nil {
		if len(r.Income) != 0 {
			t.Errorf("income = %+v, want none", r.Income)
		}
	} else if len(r.Income) != 1 {
		t.Errorf("income rows = %d, want 1", len(r.Income))
	} else {
		in := r.Income[0]
		checkRow(t, "income", in.Org, in.Evidence, true, w.income, in.Total, in.Carryover, in.FiscalAppropriation, in.GovFund, in.SpecialAccountNontax, in.Other)
	}
	if w.expenditure == nil {
		if len(r.Expenditure) != 0 {
			t.Errorf("expenditure = %+v, want none", r.Expenditure)
		}
	} else if len(r.Expenditure) != 1 {
		t.Errorf("expenditure rows = %d, want 1", len(r.Expenditure))
	} else {
		e := r.Expenditure[0]
		checkRow(t, "expenditure", e.Org, e.Evidence, true, w.expenditure, e.Total, e.Basic, e.Personnel, e.PublicUse, e.Project, e.BalanceCurrent, e.BalanceCumulative)
	}
	if !eqf(r.Score.Total, w.total) || r.Score.Grade != w.grade {
		t.Errorf("score = %s %q, want %s %q", str(r.Score.Total), r.Score.Grade, str(w.total), w.grade)
	}
	if w.total != nil && (r.Score.Evidence == nil || !strings.Contains(norm(r.Score.Evidence.Text), fmtNum(*w.total))) {
		t.Errorf("score evidence = %+v", r.Score.Evidence)
	}
	if w.levels != nil && !mapsEqual(r.Score.ByLevel1, w.levels) {
		t.Errorf("by_level1 = %v, want %v", r.Score.ByLevel1, w.levels)
	}
	if len(r.Score.GradeBands) != w.bands {
		t.Errorf("grade bands = %v, want %d", r.Score.GradeBands, w.bands)
	}
	if len(r.Indicators) != w.indicators {
		t.Errorf("indicators = %d, want %d", len(r.Indicators), w.indicators)
	}
	var sum float64
	for _, ind := range r.Indicators {
		if ind.DeclaredScore == nil || ind.MaxPoints == nil || ind.Code == "" || ind.Evidence == nil || ind.Evidence.Text == "" {
			t.Errorf("indicator %+v incomplete", ind)
			continue
		}
		if !strings.Contains(compact(ind.Evidence.Text), compact(strings.Trim(ind.Name, `"“”`))) {
			t.Errorf("indicator %s evidence %q does not name it", ind.Name, ind.Evidence.Text)
		}
		sum += *ind.DeclaredScore
	}
	if d := sum - w.declaredSum; d > 1e-9 || d < -1e-9 {
		t.Errorf("declared scores sum to %v, want %v", sum, w.declaredSum)
	}
	for _, m := range w.missing {
		if !slices.Contains(r.Missing, m) {
			t.Errorf("Missing %v lacks %s", r.Missing, m)
		}
	}
	for _, m := range append(w.notMissing, "form.total_score", "form.grade") {
		if slices.Contains(r.Missing, m) {
			t.Errorf("Missing lists %s", m)
		}
	}
	var rules []string
	for _, x := range r.Findings {
		rules = append(rules, x.Rule)
		if x.Evidence == nil || x.Evidence.Text == "" {
			t.Errorf("finding %s without evidence", x.Rule)
		}
	}
	if !slices.Equal(rules, w.findings) {
		t.Errorf("findings = %v, want %v", rules, w.findings)
	}
}

// checkRow compares a narrative row's figures; the row must be the 合计 row
// and, when quoted, its evidence must quote every figure read.
func checkRow(t *testing.T, what, org string, ev *report.Evidence, quoted bool, want []*float64, got ...*float64) {
	t.Helper()
	if org != narrativeOrg {
		t.Errorf("%s org = %q", what, org)
	}
	if ev == nil || ev.Text == "" || ev.Row != nil {
		t.Errorf("%s evidence = %+v", what, ev)
		return
	}
	text := strings.ReplaceAll(norm(ev.Text), ",", "")
	for i := range got {
		if !eqf(got[i], want[i]) {
			t.Errorf("%s[%d] = %s, want %s", what, i, str(got[i]), str(want[i]))
		}
		if quoted && got[i] != nil && !strings.Contains(text, fmtNum(*got[i])) {
			t.Errorf("%s[%d] = %s not in evidence %q", what, i, str(got[i]), ev.Text)
		}
	}
}

// checkGolden compares the whole report with a golden file.
func checkGolden(t *testing.T, path string, r *report.Report) {
	t.Helper()
	got := marshal(t, toMap(t, r))
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestNarrativeReports -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("report differs from %s (run with -update if the change is intended):\n%s", path, got)
	}
}

// TestNarrativeDocxFixture keeps testdata/narrative/11_docx_score_table.docx
// reproducible from narrativeDocx: -update rewrites it.
func TestNarrativeDocxFixture(t *testing.T) {
	got := narrativeDocx(t)
	path := filepath.Join(narrativeDir, "11_docx_score_table.docx")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not what narrativeDocx builds (run with -update)", path)
	}
}

// narrativeDocx builds a Word report: narrative paragraphs and a real score
// table whose level cells are merged down (vMerge) and whose 合计 row spans
// three columns.
func narrativeDocx(t *testing.T) []byte {
	t.Helper()
	esc := func(s string) string {
		var b strings.Builder
		if err := xml.EscapeText(&b, []byte(s)); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	var body strings.Builder
	p := func(s string) {
		body.WriteString(`<w:p><w:r><w:t xml:space="preserve">` + esc(s) + `</w:t></w:r></w:p>`)
	}
	// cell: "" with merge "cont" continues a vertical merge; span > 1 spans columns.
	cell := func(s, merge string, span int) string {
		var pr string
		if span > 1 {
			pr += `<w:gridSpan w:val="` + itoa(span) + `"/>`
		}
		switch merge {
		case "start":
			pr += `<w:vMerge w:val="restart"/>`
		case "cont":
			pr += `<w:vMerge/>`
		}
		if pr != "" {
			pr = `<w:tcPr>` + pr + `</w:tcPr>`
		}
		return `<w:tc>` + pr + `<w:p><w:r><w:t>` + esc(s) + `</w:t></w:r></w:p></w:tc>`
	}
	row := func(cells ...string) { body.WriteString(`<w:tr>` + strings.Join(cells, "") + `</w:tr>`) }

	p("云峰县教育局2023年度部门整体支出绩效自评报告")
	p("根据四川省财政厅和县财政局关于开展部门整体支出绩效自评的通知，我局对2023年度部门整体支出进行了自评。")
	p("一、部门概况")
	p("我局核定编制18名，实有人员17人，内设股室5个。")
	p("二、收支情况")
	p("2023年度收入合计3,150.00万元，其中财政拨款收入3,000.00万元，上年结转150.00万元；支出合计3,080.00万元，其中基本支出1,200.00万元，项目支出1,880.00万元。")
	p("三、自评得分情况")
	body.WriteString(`<w:tbl>`)
	row(cell("一级指标", "", 1), cell("二级指标", "", 1), cell("三级指标", "", 1), cell("分值", "", 1), cell("自评得分", "", 1))
	type r struct {
		l1, l2, name string
		w, s         int
	}
	rows := []r{
		{"部门决策", "目标设定", "绩效目标合理性", 5, 5}, {"", "", "绩效指标明确性", 5, 5},
		{"", "预算配置", "在职人员控制率", 5, 5}, {"", "", "三公经费变动率", 5, 4}, {"", "", "重点支出安排率", 5, 5},
		{"综合管理", "预算执行", "支付进度", 8, 8}, {"", "", "结转结余率", 6, 5}, {"", "", "三公经费控制率", 4, 4},
		{"", "预算管理", "政府采购执行率", 4, 4}, {"", "", "三公经费管理", 4, 4}, {"", "", "管理制度健全性", 4, 4},
		{"部门绩效", "职责履行", "重点工作实际完成率", 15, 12}, {"", "履职效益", "经济效益和社会效益", 15, 13},
		{"", "满意度", "社会公众或服务对象满意度", 10, 8}, {"", "资产效益", "固定资产利用率", 5, 4},
	}
	merge := func(s string) string {
		if s == "" {
			return "cont"
		}
		return "start"
	}
	for _, x := range rows {
		row(cell(x.l1, merge(x.l1), 1), cell(x.l2, merge(x.l2), 1), cell(x.name, "", 1), cell(itoa(x.w), "", 1), cell(itoa(x.s), "", 1))
	}
	row(cell("合计", "", 3), cell("100", "", 1), cell("90", "", 1))
	body.WriteString(`</w:tbl>`)
	p("四、自评结论")
	p("部门决策得分24分，综合管理得分29分，部门绩效得分37分。经自评，我局2023年度部门整体支出绩效综合得分90分，评价等次为优。")

	const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`
	const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	document := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() +
		`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	stamp := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC) // fixed, so the bytes are reproducible
	for _, part := range []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes}, {"_rels/.rels", rels}, {"word/document.xml", document},
	} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: part.name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(part.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func itoa(i int) string { return fmtNum(float64(i)) }
