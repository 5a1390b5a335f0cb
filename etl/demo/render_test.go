package demo

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"jixiao/internal/seedfile"
)

func mustZip(t testing.TB, data []byte) *zip.Reader {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	return zr
}

// TestDocxStructure: every corpus docx is a zip whose document.xml parses, holds
// one table on an 8-column grid whose rows each span 8 columns, then the
// narrative.
func TestDocxStructure(t *testing.T) {
	for _, k := range UnitKeys()[:6] {
		for y := 2019; y <= 2023; y++ {
			s, err := NewSpec(k, y)
			if err != nil {
				t.Fatal(err)
			}
			data, err := ReportDocx(s)
			if err != nil {
				t.Fatalf("%s/%d: %v", k, y, err)
			}
			fm, spans, err := readDocx(data)
			if err != nil {
				t.Fatalf("%s/%d: %v", k, y, err)
			}
			if fm.tables != 1 {
				t.Errorf("%s/%d: %d tables, want 1", k, y, fm.tables)
			}
			if len(fm.rows) != 57 {
				t.Errorf("%s/%d: %d rows, want 57", k, y, len(fm.rows))
			}
			for i, r := range spans {
				total := 0
				for _, s := range r {
					total += s
				}
				if total != 8 {
					t.Errorf("%s/%d: row %d spans %v (%d columns)", k, y, i, r, total)
				}
			}
			if len(fm.narrative) < 60 || fm.narrative[0] != "部门整体支出绩效评价报告" {
				t.Errorf("%s/%d: narrative starts %q (%d paragraphs)", k, y, fm.narrative[0], len(fm.narrative))
			}
			doc := docxPart(t, data, "word/document.xml")
			if c := bytes.Count(doc, []byte("<w:gridCol ")); c != 8 {
				t.Errorf("%s/%d: %d grid columns", k, y, c)
			}
			for _, zf := range mustZip(t, data).File {
				if zf.Method != zip.Deflate {
					t.Errorf("%s/%d: %s not deflated", k, y, zf.Name)
				}
			}
		}
	}
}

// TestTxtLayout: the txt is the tab layout of the same rows the docx holds, with
// the narrative after two blank lines.
func TestTxtLayout(t *testing.T) {
	s, err := NewSpec("swj", 2021)
	if err != nil {
		t.Fatal(err)
	}
	txt := ReportTxt(s)
	if !bytes.HasPrefix(txt, []byte("\t一、部门（单位）基本概况\n\n\t联系人\n")) {
		t.Errorf("txt starts %q", txt[:min(60, len(txt))])
	}
	if !bytes.Contains(txt, []byte("\t\n\n\n部门整体支出绩效评价报告\n")) {
		t.Error("narrative does not follow the last row after two blank lines")
	}
	for _, label := range []string{"联系人", "联系电话", "人员编制", "实有人数", "职能职责概述", "收入合计", "上年结转", "支出合计",
		"基本支出", "人员支出", "公用支出", "项目支出", "当年结余", "累计结余", "公务接待费", "在用固定资产", "预期目标", "实际完成"} {
		if !bytes.Contains(txt, []byte("\t"+label+"\n")) {
			t.Errorf("no cell %q", label)
		}
	}
	tf, err := readTxt(txt, "utf-8")
	if err != nil {
		t.Fatal(err)
	}
	docx, err := ReportDocx(s)
	if err != nil {
		t.Fatal(err)
	}
	df, _, err := readDocx(docx)
	if err != nil {
		t.Fatal(err)
	}
	if len(tf.rows) != 57 || len(df.rows) != 57 {
		t.Fatalf("rows: txt %d, docx %d", len(tf.rows), len(df.rows))
	}
	for i := range tf.rows {
		if strings.Join(flat(tf.rows[i]), "|") != strings.Join(flat(df.rows[i]), "|") {
			t.Errorf("row %d: txt %q docx %q", i, tf.rows[i], df.rows[i])
		}
	}
	if strings.Join(tf.narrative, "\n") != strings.Join(df.narrative, "\n") {
		t.Error("narratives differ between txt and docx")
	}
}

func flat(cells [][]string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.Join(c, "\n")
	}
	return out
}

// TestSeedShape compares the form with the real report's docx: same rows, same
// spans, same form labels. Skipped when ../shared is absent.
func TestSeedShape(t *testing.T) {
	shared := sharedDir(t)
	matches, _ := filepath.Glob(filepath.Join(shared, "fixtures", "*.docx"))
	if len(matches) == 0 {
		t.Skip("no seed docx under " + shared + "/fixtures")
	}
	data, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	seed, seedSpans, err := readDocx(data)
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	// 2021 of the investment unit leaves the score cell empty, as the seed does.
	s, err := NewSpec("tzcj", 2021)
	if err != nil {
		t.Fatal(err)
	}
	ours, err := ReportDocx(s)
	if err != nil {
		t.Fatal(err)
	}
	fm, spans, err := readDocx(ours)
	if err != nil {
		t.Fatal(err)
	}
	if len(spans) != len(seedSpans) {
		t.Fatalf("%d rows, seed has %d", len(spans), len(seedSpans))
	}
	for i := range spans {
		if !equalInts(spans[i], seedSpans[i]) {
			t.Errorf("row %d spans %v, seed %v", i, spans[i], seedSpans[i])
		}
	}
	labelRows := []int{0, 6, 7, 8, 9, 14, 15, 16, 17, 22, 23, 28, 29, 34, 35, 37, 49, 50}
	for _, i := range labelRows {
		if strings.Join(flat(fm.rows[i]), "|") != strings.Join(flat(seed.rows[i]), "|") {
			t.Errorf("row %d: %q, seed %q", i, fm.rows[i], seed.rows[i])
		}
	}
	for i := 10; i <= 33; i++ {
		if fm.cellText(i, 0) != seed.cellText(i, 0) {
			t.Errorf("row %d label %q, seed %q", i, fm.cellText(i, 0), seed.cellText(i, 0))
		}
	}
	if fm.cellText(48, 0) != seed.cellText(48, 0) {
		t.Errorf("score row label %q, seed %q", fm.cellText(48, 0), seed.cellText(48, 0))
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// sharedDir is ../shared beside the repository root (the directory holding go.mod).
func sharedDir(t *testing.T) string {
	t.Helper()
	return seedfile.Require(t)
}

func TestEncodings(t *testing.T) {
	s, err := NewSpec("tjj", 2023)
	if err != nil {
		t.Fatal(err)
	}
	plain := ReportTxt(s)
	for _, enc := range []string{"utf-8", "utf-8-bom", "gb18030"} {
		data, err := encode(s, "txt", enc)
		if err != nil {
			t.Fatalf("%s: %v", enc, err)
		}
		if enc != "utf-8" && bytes.Equal(data, plain) {
			t.Errorf("%s: bytes equal the UTF-8 text", enc)
		}
		if enc == "gb18030" && utf8.Valid(data) {
			t.Error("gb18030 text is valid UTF-8: not encoded")
		}
		fm, err := readTxt(data, enc)
		if err != nil {
			t.Fatalf("%s: %v", enc, err)
		}
		ref, _ := readTxt(plain, "utf-8")
		if fm.text() != ref.text() {
			t.Errorf("%s: decoded text differs", enc)
		}
	}
	if _, err := encode(s, "txt", "latin1"); err == nil {
		t.Error("unknown encoding accepted")
	}
	if _, err := encode(s, "pdf", ""); err == nil {
		t.Error("unknown format accepted")
	}
}

// TestHostileText: whatever a caller puts into a Spec, the docx stays
// well-formed and the txt keeps its rows.
func TestHostileText(t *testing.T) {
	for _, bad := range []string{"A&B<c>\"'", "tab\there", "two\nlines\n", "ctl\x01\x1f", "bad utf8 \xff\xfe", "\uFFFE\uFFFF", ""} {
		s, err := NewSpec("dag", 2022)
		if err != nil {
			t.Fatal(err)
		}
		s.Unit, s.Contact.Name, s.Outputs[1] = bad, bad, bad
		s.Goals = append(s.Goals, bad)
		docx, err := ReportDocx(s)
		if err != nil {
			t.Fatalf("%q: %v", bad, err)
		}
		df, _, err := readDocx(docx)
		if err != nil {
			t.Fatalf("%q: docx not well-formed: %v", bad, err)
		}
		tf, err := readTxt(ReportTxt(s), "utf-8")
		if err != nil {
			t.Fatal(err)
		}
		if len(df.rows) != 57 || len(tf.rows) != 57 {
			t.Errorf("%q: rows docx %d txt %d", bad, len(df.rows), len(tf.rows))
		}
	}
}

func TestGenerate(t *testing.T) {
	seen := map[[32]byte]int{}
	names := map[string]bool{}
	for i := 0; i <= 50; i++ {
		name, data := Generate(i)
		if names[name] {
			t.Errorf("Generate(%d): name %s repeated", i, name)
		}
		names[name] = true
		sum := sha256.Sum256(data)
		if j, ok := seen[sum]; ok {
			t.Errorf("Generate(%d) has the bytes of Generate(%d)", i, j)
		}
		seen[sum] = i
		n2, d2 := Generate(i)
		if n2 != name || !bytes.Equal(d2, data) {
			t.Errorf("Generate(%d) is not deterministic", i)
		}
		var fm form
		var err error
		if i%2 == 0 {
			if !strings.HasSuffix(name, ".docx") {
				t.Errorf("Generate(%d) = %s, want docx", i, name)
			}
			fm, _, err = readDocx(data)
		} else {
			if !strings.HasSuffix(name, ".txt") {
				t.Errorf("Generate(%d) = %s, want txt", i, name)
			}
			fm, err = readTxt(data, "utf-8")
		}
		if err != nil {
			t.Fatalf("Generate(%d): %v", i, err)
		}
		if len(fm.rows) != 57 {
			t.Errorf("Generate(%d): %d rows", i, len(fm.rows))
		}
		// Generate's trusted fast path must equal the checked one.
		s := GenerateSpec(i)
		if !bytes.Equal(renderTxt(&s, true), ReportTxt(s)) {
			t.Errorf("Generate(%d): trusted txt differs from ReportTxt", i)
		}
		if !bytes.Equal(documentXML(s.layout(), s.SplitRuns, true), documentXML(s.layout().clean(), s.SplitRuns, false)) {
			t.Errorf("Generate(%d): trusted document.xml differs", i)
		}
		truth := s.Truth()
		if !strings.Contains(fm.text(), "总绩效为"+fmtNum(*truth.Score.Total)+"分") {
			t.Errorf("Generate(%d): total score not in text", i)
		}
	}
}

// FuzzRender: any text in a Spec yields a well-formed docx and a txt with the
// form's 57 rows.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"", "州档案馆", "<w:t>", "a\tb", "x\ny", "\xff", "\u0000"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, text string, n int) {
		s := GenerateSpec(n % 1000)
		s.Unit, s.Benefit, s.KeyWork = text, text, text
		s.Duties = append([]string{text}, s.Duties...)
		docx, err := ReportDocx(s)
		if err != nil {
			t.Fatal(err)
		}
		df, _, err := readDocx(docx)
		if err != nil {
			t.Fatalf("docx not well-formed: %v", err)
		}
		tf, err := readTxt(ReportTxt(s), "utf-8")
		if err != nil {
			t.Fatal(err)
		}
		if len(df.rows) != 57 || len(tf.rows) != 57 {
			t.Fatalf("rows docx %d txt %d", len(df.rows), len(tf.rows))
		}
	})
}

func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_, data := Generate(i)
		b.SetBytes(int64(len(data)))
	}
}

// TestLibreOfficeOpens converts a deflated corpus docx and a stored Generate docx
// with LibreOffice, when it is installed, and finds the report's text in the
// result: the files open in a real word processor, not only in our reader.
func TestLibreOfficeOpens(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not installed: LibreOffice round trip skipped")
	}
	if testing.Short() {
		t.Skip("LibreOffice round trip skipped in -short mode")
	}
	dir := t.TempDir()
	s, err := NewSpec("nync", 2021)
	if err != nil {
		t.Fatal(err)
	}
	corpus, err := ReportDocx(s)
	if err != nil {
		t.Fatal(err)
	}
	_, generated := Generate(2)
	inputs := map[string][]byte{"corpus.docx": corpus, "generated.docx": generated}
	var args []string
	for name, data := range inputs {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, filepath.Join(dir, name))
	}
	sort.Strings(args)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, append([]string{
		"-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "txt:Text", "--outdir", filepath.Join(dir, "out"),
	}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for name, spec := range map[string]Spec{"corpus": s, "generated": GenerateSpec(2)} {
		text, err := os.ReadFile(filepath.Join(dir, "out", name+".txt"))
		if err != nil {
			t.Fatalf("%s: no conversion output: %v", name, err)
		}
		total := "总绩效为" + fmtNum(spec.Total) + "分"
		for _, want := range []string{"部门整体支出绩效评价报告", "局机关及二级机构汇总", total, spec.Contact.Phone} {
			if !bytes.Contains(text, []byte(want)) {
				t.Errorf("%s: LibreOffice text lacks %q", name, want)
			}
		}
	}
}
