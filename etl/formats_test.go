package etl

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao/etl/demo"
	"jixiao/etl/extract"
	"jixiao/etl/parse"
	"jixiao/report"

	"jixiao/internal/seedfile"
)

// The same report in every format must give the same figures (DESIGN §3).
// Everything derived from the seed (GBK text, workbook, PDF) is made here at
// test time and never written into the repository.

const (
	seedTxtRel  = "seeds/000_6b3f55403a0e915c.txt"
	seedDocxRel = "fixtures/000_6b3f55403a0e915c.docx"
	// pdfMinMatch is the share of the txt's figure paths the PDF must
	// reproduce: layout text loses cell borders, so a few cells may be lost.
	pdfMinMatch = 0.90
	// convertTimeout bounds one LibreOffice conversion.
	convertTimeout = 120 * time.Second
)

// sharedRoot returns the shared folder beside the repository root (found by
// walking up to go.mod), or "" when it is absent.
func sharedRoot() string {
	d, _ := seedfile.Dir() // "" when absent
	return d
}

// readSeed reads the seed report as txt and as docx; ok is false when
// ../shared or a seed file is absent.
func readSeed() (txt, docx []byte, err error) {
	root := sharedRoot()
	if root == "" {
		return nil, nil, errors.New("../shared (the seed report) is absent beside the repository root")
	}
	if txt, err = os.ReadFile(filepath.Join(root, seedTxtRel)); err != nil {
		return nil, nil, fmt.Errorf("seed txt: %w", err)
	}
	if docx, err = os.ReadFile(filepath.Join(root, seedDocxRel)); err != nil {
		return nil, nil, fmt.Errorf("seed docx: %w", err)
	}
	return txt, docx, nil
}

// seedSources reads the seed report as txt and as docx, or skips.
func seedSources(tb testing.TB) (txt, docx []byte) {
	tb.Helper()
	txt, docx, err := readSeed()
	if err != nil {
		tb.Skipf("%v; the cross-format seed test runs in CI", err)
	}
	return txt, docx
}

// toGBK re-encodes UTF-8 text as GBK, the encoding Chinese Windows saves.
func toGBK(utf8Text []byte) ([]byte, error) {
	out, err := simplifiedchinese.GBK.NewEncoder().Bytes(utf8Text)
	if err != nil {
		return nil, fmt.Errorf("encode as GBK: %w", err)
	}
	return out, nil
}

// Sheet names of the workbook built from a Document.
const (
	formSheet = "自评表"
	textSheet = "评价报告"
)

// documentToXlsx writes an extracted Document as a workbook the way a finance
// office would keep the report: every table of the document, one below the
// other, on the first sheet with a merged range for each horizontal span and
// each vertical merge; the paragraphs, one per row, on the second sheet.
// Plain decimal cells are written as numbers, so the reader's formatted-value
// path is exercised; other cells (phone numbers included) stay text.
func documentToXlsx(doc *extract.Document) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), formSheet); err != nil {
		return nil, fmt.Errorf("name form sheet: %w", err)
	}
	if _, err := f.NewSheet(textSheet); err != nil {
		return nil, fmt.Errorf("add text sheet: %w", err)
	}
	type merge struct{ r1, c1, r2, c2 int }
	var merges []*merge
	row, textRow := 0, 0
	for _, b := range doc.Blocks {
		switch {
		case b.Kind == extract.TableBlock && b.Table != nil:
			// open maps a grid column to the merge its cell above started,
			// which a Merged (vMerge) cell below continues.
			open := map[int]*merge{}
			for _, r := range b.Table.Rows {
				row++
				col := 1
				for _, c := range r.Cells {
					span := max(c.Span, 1)
					if c.Merged {
						if m, ok := open[col]; ok {
							m.r2 = row
						}
						col += span
						continue
					}
					if err := setXlsxCell(f, formSheet, row, col, c.Text); err != nil {
						return nil, err
					}
					m := &merge{r1: row, c1: col, r2: row, c2: col + span - 1}
					merges = append(merges, m)
					for k := col; k < col+span; k++ {
						delete(open, k)
					}
					open[col] = m
					col += span
				}
			}
		case b.Kind == extract.Paragraph:
			if strings.TrimSpace(b.Text) == "" {
				continue
			}
			textRow++
			if err := setXlsxCell(f, textSheet, textRow, 1, b.Text); err != nil {
				return nil, err
			}
		}
	}
	for _, m := range merges {
		if m.r1 == m.r2 && m.c1 == m.c2 {
			continue
		}
		tl, err1 := excelize.CoordinatesToCellName(m.c1, m.r1)
		br, err2 := excelize.CoordinatesToCellName(m.c2, m.r2)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("merge range: %w", err)
		}
		if err := f.MergeCell(formSheet, tl, br); err != nil {
			return nil, fmt.Errorf("merge %s:%s: %w", tl, br, err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("write workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// setXlsxCell writes text, or a number when the text is a plain decimal such
// as "146.95" or "13" (not "18074308118", which Excel would show as 1.8E+10).
func setXlsxCell(f *excelize.File, sheet string, row, col int, text string) error {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return fmt.Errorf("cell name: %w", err)
	}
	t := strings.TrimSpace(text)
	if v, err := strconv.ParseFloat(t, 64); err == nil && len(t) <= 9 && !strings.ContainsAny(t, "eE+-") {
		if err := f.SetCellFloat(sheet, name, v, -1, 64); err != nil {
			return fmt.Errorf("set %s!%s: %w", sheet, name, err)
		}
		return nil
	}
	if err := f.SetCellStr(sheet, name, text); err != nil {
		return fmt.Errorf("set %s!%s: %w", sheet, name, err)
	}
	return nil
}

// docxToPDF converts a .docx with LibreOffice in a private profile and
// returns the PDF's bytes.
func docxToPDF(ctx context.Context, docx []byte, fontConfig string) ([]byte, error) {
	return officeConvert(ctx, docx, "docx", "pdf", fontConfig)
}

// officeConvert converts a file of type from to type to with LibreOffice in a
// private profile (fontConfig "": the machine's fonts). The whole process
// group is killed when ctx ends, since soffice forks.
func officeConvert(ctx context.Context, data []byte, from, to, fontConfig string) ([]byte, error) {
	tool, err := exec.LookPath("soffice")
	if err != nil {
		return nil, fmt.Errorf("soffice (LibreOffice) is not installed: %w", err)
	}
	dir, err := os.MkdirTemp("", "jixiao-formats-")
	if err != nil {
		return nil, fmt.Errorf("temporary directory: %w", err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "report."+from)
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, fmt.Errorf("write %s: %w", from, err)
	}
	cmd := exec.CommandContext(ctx, tool,
		"-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--norestore", "--convert-to", to, "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if fontConfig != "" {
		cmd.Env = append(cmd.Env, "FONTCONFIG_FILE="+fontConfig)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("soffice --convert-to %s: %w: %s", to, err, strings.TrimSpace(string(out)))
	}
	res, err := os.ReadFile(filepath.Join(dir, "report."+to))
	if err != nil {
		return nil, fmt.Errorf("soffice wrote no %s (%s): %w", to, strings.TrimSpace(string(out)), err)
	}
	return res, nil
}

// pdfCache converts each distinct docx once per test binary: LibreOffice
// takes seconds, and both the test and the benchmark need the seed's PDF.
var pdfCache struct {
	sync.Mutex
	byDocx map[string]*pdfResult
}

type pdfResult struct {
	once sync.Once
	pdf  []byte
	err  error
}

// pdfFromDocx returns the PDF of docx rendered with the machine's fonts,
// skipping (naming the tool) when LibreOffice or pdftotext is not installed.
func pdfFromDocx(tb testing.TB, docx []byte) []byte {
	return pdfFromDocxWith(tb, docx, "")
}

// pdfFromDocxWith renders with the fontconfig file fontConfig ("": the
// machine's own).
func pdfFromDocxWith(tb testing.TB, docx []byte, fontConfig string) []byte {
	tb.Helper()
	if _, err := exec.LookPath("soffice"); err != nil {
		tb.Skip("soffice (LibreOffice, e.g. apt-get install libreoffice-writer-nogui fonts-noto-cjk) is not installed; skipping the PDF format")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		tb.Skip("pdftotext (poppler-utils) is not installed; skipping the PDF format")
	}
	key := SHA256(docx) + fontConfig
	pdfCache.Lock()
	if pdfCache.byDocx == nil {
		pdfCache.byDocx = map[string]*pdfResult{}
	}
	res, ok := pdfCache.byDocx[key]
	if !ok {
		res = &pdfResult{}
		pdfCache.byDocx[key] = res
	}
	pdfCache.Unlock()
	res.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), convertTimeout)
		defer cancel()
		start := time.Now()
		res.pdf, res.err = docxToPDF(ctx, docx, fontConfig)
		tb.Logf("LibreOffice docx → pdf: %d bytes in %v", len(res.pdf), time.Since(start).Round(time.Millisecond))
	})
	if res.err != nil {
		tb.Fatalf("convert docx to pdf: %v", res.err)
	}
	return res.pdf
}

// figures flattens the figures of a report into "path → value": staffing,
// every cell of the four form tables by org, budget, expenditure detail and
// projects, each indicator's max/declared value/declared score, the score,
// metrics, targets and events. Evidence, findings and source metadata are
// not figures. A repeated key (two rows for one org) gets a "#n" suffix.
func figures(r *report.Report) map[string]string {
	out := map[string]string{}
	put := func(path, v string) {
		key := path
		for n := 2; ; n++ {
			if _, dup := out[key]; !dup {
				break
			}
			key = fmt.Sprintf("%s#%d", path, n)
		}
		out[key] = v
	}
	put("staffing.authorized", num(r.Staffing.Authorized))
	put("staffing.actual", num(r.Staffing.Actual))
	for _, row := range r.Income {
		putFloats(put, "income["+row.Org+"]", row)
	}
	for _, row := range r.Expenditure {
		putFloats(put, "expenditure["+row.Org+"]", row)
	}
	for _, row := range r.ThreePublic {
		putFloats(put, "three_public["+row.Org+"]", row)
	}
	for _, row := range r.FixedAssets {
		putFloats(put, "fixed_assets["+row.Org+"]", row)
	}
	putFloats(put, "budget", r.Budget)
	putFloats(put, "expenditure_detail", r.ExpenditureDetail)
	for _, p := range r.ExpenditureDetail.Projects {
		put("expenditure_detail.projects["+p.Name+"]", num(p.Amount))
	}
	for _, in := range r.Indicators {
		k := "indicators[" + in.Code + "]"
		put(k+".max_points", num(in.MaxPoints))
		put(k+".declared_value", num(in.DeclaredValue))
		put(k+".declared_score", num(in.DeclaredScore))
	}
	put("score.total", num(r.Score.Total))
	put("score.grade", r.Score.Grade)
	for l1, v := range r.Score.ByLevel1 {
		put("score.by_level1["+l1+"]", num(&v))
	}
	for _, m := range r.Metrics {
		k := "metrics[" + m.Code
		if m.Period != "" {
			k += " " + m.Period
		}
		put(k+"]", strings.TrimSpace(num(m.Value)+" "+m.Unit+" "+m.Qualifier))
	}
	for _, tg := range r.Targets {
		put("targets["+tg.Code+"]", strings.TrimSpace(tg.Comparator+" "+num(tg.TargetValue)+" "+tg.Unit))
	}
	for _, e := range r.Events {
		k := "events[" + e.Date + " " + e.City + "]"
		put(k+".projects_released", num(e.ProjectsReleased))
		put(k+".amount_released", num(e.AmountReleased))
		put(k+".projects_signed", num(e.ProjectsSigned))
		put(k+".amount_signed", num(e.AmountSigned))
	}
	return out
}

// putFloats adds every *float64 field of struct v under prefix.field (the
// field's JSON name), so that a field added to the contract is compared too.
func putFloats(put func(path, v string), prefix string, v any) {
	rv := reflect.ValueOf(v)
	rt := rv.Type()
	for i := range rt.NumField() {
		f := rt.Field(i)
		if f.Type != reflect.TypeFor[*float64]() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		p, _ := rv.Field(i).Interface().(*float64)
		put(prefix+"."+name, num(p))
	}
}

// num formats a figure; nil (a blank cell) is "null", never 0.
func num(p *float64) string {
	if p == nil {
		return "null"
	}
	v := math.Round(*p*1e6) / 1e6
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// figureDiff compares two flattenings: the paths whose values differ
// (missing on one side included), sorted.
func figureDiff(want, got map[string]string) []string {
	var diff []string
	for k, w := range want {
		g, ok := got[k]
		switch {
		case !ok:
			diff = append(diff, fmt.Sprintf("%s: %s → (absent)", k, w))
		case g != w:
			diff = append(diff, fmt.Sprintf("%s: %s → %s", k, w, g))
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			diff = append(diff, fmt.Sprintf("%s: (absent) → %s", k, g))
		}
	}
	sort.Strings(diff)
	return diff
}

// matchShare is the share of the union of paths whose values agree.
func matchShare(want, got map[string]string) (equal, total int) {
	keys := map[string]bool{}
	for k := range want {
		keys[k] = true
	}
	for k := range got {
		keys[k] = true
	}
	for k := range keys {
		w, ok1 := want[k]
		g, ok2 := got[k]
		if ok1 && ok2 && w == g {
			equal++
		}
	}
	return equal, len(keys)
}

// derivedFormats builds a report, given as txt and docx, in the other
// formats but PDF: name → bytes (base.txt, base.docx, base_gbk.txt,
// base.xlsx, the workbook made from the docx's extracted Document).
func derivedFormats(t testing.TB, base string, txt, docx []byte) map[string][]byte {
	t.Helper()
	gbk, err := toGBK(txt)
	if err != nil {
		t.Fatal(err)
	}
	if utf8.Valid(gbk) {
		t.Fatal("the GBK re-encoding is valid UTF-8: it would not test GBK detection")
	}
	doc, err := extract.Extract(context.Background(), base+".docx", docx, extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	xlsx, err := documentToXlsx(doc)
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{
		base + ".txt":     txt,
		base + ".docx":    docx,
		base + "_gbk.txt": gbk,
		base + ".xlsx":    xlsx,
	}
}

// analyzeAll analyzes every file; name → report.
func analyzeAll(t *testing.T, an *Analyzer, files map[string][]byte) map[string]*report.Report {
	t.Helper()
	reports := map[string]*report.Report{}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		r, err := an.Analyze(context.Background(), name, files[name], Overrides{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		reports[name] = r
	}
	return reports
}

// assertSameFigures requires every report of names to have the figures of
// want exactly.
func assertSameFigures(t *testing.T, want map[string]string, ref string, reports map[string]*report.Report, names ...string) {
	t.Helper()
	for _, name := range names {
		if d := figureDiff(want, figures(reports[name])); len(d) > 0 {
			t.Errorf("%s differs from %s in %d of %d figures:\n  %s", name, ref, len(d), len(want), strings.Join(d, "\n  "))
		}
	}
}

// assertPDFFigures converts docx to PDF (once per test binary), analyzes it
// and requires at least pdfMinMatch of the reference's figure paths.
func assertPDFFigures(t *testing.T, an *Analyzer, name string, docx []byte, want map[string]string) {
	t.Helper()
	t.Run("machine fonts", func(t *testing.T) {
		assertPDFRendering(t, an, name, pdfFromDocx(t, docx), want)
	})
	// Another font set lays the same document out differently (narrower
	// columns wrap names and sentences elsewhere): CI's machine once rendered
	// the seed unlike this one.
	t.Run("Noto CJK only", func(t *testing.T) {
		conf := cjkOnlyFontConfig(t)
		assertPDFRendering(t, an, name, pdfFromDocxWith(t, docx, conf), want)
	})
}

// cjkOnlyFontConfig writes a fontconfig file that offers LibreOffice only
// the Noto CJK fonts (fonts-noto-cjk), or skips when they are not installed.
func cjkOnlyFontConfig(t *testing.T) string {
	t.Helper()
	const notoDir = "/usr/share/fonts/opentype/noto"
	if _, err := os.Stat(notoDir); err != nil {
		t.Skipf("%s not found (fonts-noto-cjk); skipping the second font set", notoDir)
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "fonts.conf")
	xml := `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>` + notoDir + `</dir>
  <cachedir>` + filepath.Join(dir, "cache") + `</cachedir>
</fontconfig>
`
	if err := os.WriteFile(conf, []byte(xml), 0o644); err != nil {
		t.Fatal(err)
	}
	return conf
}

func assertPDFRendering(t *testing.T, an *Analyzer, name string, pdf []byte, want map[string]string) {
	t.Helper()
	got, err := an.Analyze(context.Background(), name, pdf, Overrides{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if got.Source.Format != "pdf" {
		t.Errorf("%s: source format %q", name, got.Source.Format)
	}
	have := figures(got)
	eq, total := matchShare(want, have)
	share := float64(eq) / float64(total)
	t.Logf("%s: %d of %d figure paths equal the txt's (%.1f%%)", name, eq, total, 100*share)
	if d := figureDiff(want, have); len(d) > 0 {
		t.Logf("%s differences:\n  %s", name, strings.Join(d, "\n  "))
	}
	if share < pdfMinMatch {
		t.Errorf("%s matches %.1f%% of the figures, want at least %.0f%%", name, 100*share, 100*pdfMinMatch)
	}
}

func TestSeedFiguresAgreeAcrossFormats(t *testing.T) {
	txt, docx := seedSources(t)
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	reports := analyzeAll(t, an, derivedFormats(t, "seed", txt, docx))
	want := figures(reports["seed.txt"])
	// The reference itself holds the DESIGN §4 figures, so the comparison
	// cannot pass on equally empty reports.
	for path, v := range map[string]string{
		"staffing.authorized":                   "13",
		"income[二级机构1].total":                   "146.95",
		"income[二级机构1].carryover":               "47.84",
		"expenditure[二级机构1].balance_current":    "null",
		"expenditure[二级机构1].balance_cumulative": "22.01",
		"three_public[二级机构1].reception":         "1",
		"fixed_assets[二级机构1].in_use":            "9.17",
		"budget.carryover":                      "47.83",
		"expenditure_detail.projects[招商引资]":     "22.63",
		"score.total": "94",
		"score.grade": "优",
	} {
		if want[path] != v {
			t.Errorf("txt reference %s = %q, want %q", path, want[path], v)
		}
	}
	if len(want) < 150 {
		t.Errorf("txt reference has only %d figure paths", len(want))
	}
	if enc := reports["seed_gbk.txt"].Source.Encoding; enc != "gb18030" {
		t.Errorf("GBK copy decoded as %q, want gb18030", enc)
	}
	assertSameFigures(t, want, "seed.txt", reports, "seed.docx", "seed_gbk.txt", "seed.xlsx")
}

func TestSeedPDFFigures(t *testing.T) {
	txt, docx := seedSources(t)
	an, ref := seedReference(t, txt)
	assertPDFFigures(t, an, "seed.pdf", docx, figures(ref))
}

// seedReference is an analyzer and the seed text's report, the reference
// the other formats are compared with.
func seedReference(t *testing.T, txt []byte) (*Analyzer, *report.Report) {
	t.Helper()
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := an.Analyze(context.Background(), "seed.txt", txt, Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	return an, ref
}

// demoReport is the demo corpus report the format tests and benchmarks use
// without the seed: the investment unit, whose report has every kind of
// figure (events, targets, programme rates).
func demoReport(tb testing.TB) (txt, docx []byte) {
	tb.Helper()
	spec, err := demo.NewSpec("tzcj", 2022)
	if err != nil {
		tb.Fatal(err)
	}
	docx, err = demo.ReportDocx(spec)
	if err != nil {
		tb.Fatal(err)
	}
	return demo.ReportTxt(spec), docx
}

// TestDemoFiguresAgreeAcrossFormats runs the same comparison on the
// project's own demo report, so that it runs without ../shared too.
func TestDemoFiguresAgreeAcrossFormats(t *testing.T) {
	txt, docx := demoReport(t)
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	reports := analyzeAll(t, an, derivedFormats(t, "demo", txt, docx))
	want := figures(reports["demo.txt"])
	if len(want) < 100 || want["score.total"] == "null" {
		t.Fatalf("demo reference has %d figure paths, score %s", len(want), want["score.total"])
	}
	assertSameFigures(t, want, "demo.txt", reports, "demo.docx", "demo_gbk.txt", "demo.xlsx")
	t.Run("pdf", func(t *testing.T) {
		assertPDFFigures(t, an, "demo.pdf", docx, want)
	})
}

// TestLayoutFormParse feeds the parser a form the way the PDF extractor
// prints it (etl/extract/pdf.go): header labels split over rows, a row that
// stops at its last figure, an org row without figures that holds the name
// alone. (It lives here because etl/parse's tests belong to another file
// owner; it covers etl/parse/layout.go.)
func TestLayoutFormParse(t *testing.T) {
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	row := func(cells ...string) extract.Row {
		r := extract.Row{}
		for _, c := range cells {
			r.Cells = append(r.Cells, extract.Cell{Text: c, Span: 1})
		}
		return r
	}
	form := &extract.Table{Rows: []extract.Row{
		row("人员编制", "20", "实有人数", "18"),
		row("机构名称", "收入合计", "其中："),
		row("", "上年结转", "公共财", "政府基金拨款", "纳入专户管理", "其他"),
		row("", "的非税收入拨"),
		row("", "政拨款", "款", "收入"),
		row("本级汇总", "80.00", "20.00", "60.00"),
		row("1、机关本级", "50.00", "10.00", "40.00"),
		row("2、下属中心", "30.00", "10.00", "20.00", "", "", "", ""),
		row("3、下属站"),
		row("年度支出和结余情况（万元）"),
		row("机构名称", "三公经费", "其中："),
		row("", "合计"),
		row("", "公务接待费", "公务用车运行", "公务用车购置", "因公出国（境）费用"),
		row("", "维护费", "费"),
		row("本级汇总", "2.50", "1.50", "1.00"),
		row("机构名称", "固定资产", "其中："),
		row("", "合计"),
		row("", "在用固定资产", "出租固定资产", "其他"),
		row("本级汇总"),
		row("1、机关本级"),
	}}
	doc := &extract.Document{Format: "pdf", Blocks: []extract.Block{
		{Kind: extract.TableBlock, Table: form},
		{Kind: extract.Paragraph, Text: "本单位2022年度部门整体支出绩效自评得分为91分，评价等次为优。"},
	}}
	r, err := parse.Parse(context.Background(), doc, an.Schemes, parse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := figures(r)
	for path, want := range map[string]string{
		"income[本级汇总].total":                   "80",
		"income[本级汇总].carryover":               "20",
		"income[本级汇总].fiscal_appropriation":    "60",
		"income[本级汇总].other":                   "null",
		"income[机关本级].total":                   "50",
		"income[下属中心].fiscal_appropriation":    "20",
		"income[下属站].total":                    "null",
		"three_public[本级汇总].total":             "2.5",
		"three_public[本级汇总].reception":         "1.5",
		"three_public[本级汇总].vehicle_operation": "1",
		"three_public[本级汇总].overseas":          "null",
	} {
		if got[path] != want {
			t.Errorf("%s = %q, want %q", path, got[path], want)
		}
	}
	if _, ok := got["income[年度支出和结余情况（万元）].total"]; ok {
		t.Error("the next table's title was read as an org row")
	}
	// A table without a single figure is no evidence of a table.
	if len(r.FixedAssets) != 0 || !slices.Contains(r.Missing, "fixed_assets") {
		t.Errorf("fixed assets = %+v, missing = %v; want none read and reported missing", r.FixedAssets, r.Missing)
	}
	for _, f := range r.Findings {
		if f.Rule == "form_header_unexpected" || f.Rule == "form_row_shape" {
			t.Errorf("finding on layout rows: %s %s", f.Rule, f.Message)
		}
	}
}

// TestTextColumnParse: a report whose narrative is a column of cells, a
// paragraph per row (a workbook's second sheet), reads like paragraphs: an
// indicator whose text runs over two rows keeps its score. (Covers
// etl/parse/layout.go's flowText.)
func TestTextColumnParse(t *testing.T) {
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	narrative := []string{
		"部门整体支出绩效评价报告",
		"一、部门整体支出绩效情况",
		"1、投入",
		"（1）目标设定情况",
		"①绩效目标合理性（3分）：本单位年度绩效目标与部门职责和中长期规划相符，测算依据充分，目标值设置可考核。",
		"同时各项目标均已细化分解到科室，并与预算资金的安排相匹配，根据评分标准，本单位该项指标得满分3分。",
		"②绩效指标明确性（2分）：指标清晰可衡量，根据评分标准，本单位该项指标得2分。",
		"本单位2022年度部门整体支出绩效评价得分为93分，评价等次为优。",
	}
	paras := &extract.Document{Format: "docx"}
	column := &extract.Table{}
	for _, p := range narrative {
		paras.Blocks = append(paras.Blocks, extract.Block{Kind: extract.Paragraph, Text: p})
		column.Rows = append(column.Rows, extract.Row{Cells: []extract.Cell{{Text: p, Span: 1}, {Span: 1}}})
	}
	cells := &extract.Document{Format: "xlsx", Blocks: []extract.Block{{Kind: extract.TableBlock, Table: column}}}
	var scores [2]string
	for i, doc := range []*extract.Document{paras, cells} {
		r, err := parse.Parse(context.Background(), doc, an.Schemes, parse.Options{Year: 2022})
		if err != nil {
			t.Fatalf("%s: %v", doc.Format, err)
		}
		var s []string
		for _, in := range r.Indicators {
			s = append(s, in.Name+"="+num(in.DeclaredScore))
		}
		scores[i] = strings.Join(s, ", ")
	}
	if scores[0] != scores[1] || !strings.Contains(scores[0], "=3") {
		t.Errorf("indicator scores: paragraphs %q, column of cells %q; want equal, with the 3 of the two-row indicator", scores[0], scores[1])
	}
}

// TestDocumentToXlsx: the workbook helper keeps spans and vertical merges,
// as the xlsx extractor reads them back, and puts paragraphs on sheet 2.
func TestDocumentToXlsx(t *testing.T) {
	c := func(text string, span int) extract.Cell { return extract.Cell{Text: text, Span: span} }
	merged := extract.Cell{Span: 1, Merged: true}
	form := &extract.Table{Rows: []extract.Row{
		{Cells: []extract.Cell{c("机构名称", 1), c("收入合计", 1), c("其中：", 2)}},
		{Cells: []extract.Cell{merged, merged, c("上年结转", 1), c("其他", 1)}},
		{Cells: []extract.Cell{c("机关本级", 1), c("12.5", 1), c("2.5", 1), c("10", 1)}},
	}}
	doc := &extract.Document{Blocks: []extract.Block{
		{Kind: extract.TableBlock, Table: form},
		{Kind: extract.Paragraph, Text: "第一段。"},
		{Kind: extract.Paragraph, Text: "  "},
		{Kind: extract.Paragraph, Text: "第二段。"},
	}}
	data, err := documentToXlsx(doc)
	if err != nil {
		t.Fatal(err)
	}
	got, err := extract.Extract(context.Background(), "x.xlsx", data, extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []extract.Block{
		{Kind: extract.TableBlock, Table: form},
		{Kind: extract.TableBlock, Table: &extract.Table{Rows: []extract.Row{
			{Cells: []extract.Cell{c("第一段。", 1)}},
			{Cells: []extract.Cell{c("第二段。", 1)}},
		}}},
	}
	if !reflect.DeepEqual(got.Blocks, want) {
		t.Errorf("blocks read back:\n got %+v\nwant %+v", got.Blocks, want)
	}
}
