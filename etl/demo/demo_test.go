package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"jixiao/report"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

// corpusRun is the default corpus written once for the whole test binary (tests
// only read it) and every file read back.
type corpusRun struct {
	dir   string
	files []File
	forms map[string]form
	err   error
}

var (
	corpusOnce sync.Once
	corpus     corpusRun
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if corpus.dir != "" {
		os.RemoveAll(corpus.dir)
	}
	os.Exit(code)
}

func writeCorpus(t *testing.T) corpusRun {
	t.Helper()
	corpusOnce.Do(func() { corpus = loadCorpus() })
	if corpus.err != nil {
		t.Fatal(corpus.err)
	}
	return corpus
}

func loadCorpus() corpusRun {
	dir, err := os.MkdirTemp("", "demo-corpus-")
	if err != nil {
		return corpusRun{err: err}
	}
	run := corpusRun{dir: dir, forms: map[string]form{}}
	run.files, err = Write(context.Background(), dir, Options{})
	if err != nil {
		run.err = fmt.Errorf("Write: %w", err)
		return run
	}
	for _, f := range run.files {
		data, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			run.err = err
			return run
		}
		var fm form
		switch f.Format {
		case "docx":
			fm, _, err = readDocx(data)
		case "txt":
			fm, err = readTxt(data, f.Encoding)
		default:
			err = fmt.Errorf("unknown format %q", f.Format)
		}
		if err != nil {
			run.err = fmt.Errorf("%s: %w", f.Name, err)
			return run
		}
		run.forms[f.Name] = fm
	}
	return run
}

func TestWriteCorpus(t *testing.T) {
	run := writeCorpus(t)
	files := run.files
	if len(files) < 30 {
		t.Fatalf("corpus has %d files, want at least 30", len(files))
	}
	formats := map[string]int{}
	unitYears := map[string]bool{}
	for _, f := range files {
		formats[f.Format]++
		unitYears[f.UnitKey+"/"+strconv.Itoa(f.Year)] = true
		if f.Truth.FiscalYear != f.Year || f.Truth.Unit.Name != f.Unit {
			t.Errorf("%s: truth says %s/%d, file says %s/%d", f.Name, f.Truth.Unit.Name, f.Truth.FiscalYear, f.Unit, f.Year)
		}
		if f.Truth.Source.File != f.Name || f.Truth.Source.SHA256 != f.SHA256 || f.Truth.Source.Format != f.Format {
			t.Errorf("%s: truth source %+v", f.Name, f.Truth.Source)
		}
		if f.Truth.Unit.Region != "湘西州" {
			t.Errorf("%s: region %q", f.Name, f.Truth.Unit.Region)
		}
	}
	if formats["docx"] < 10 || formats["txt"] < 10 {
		t.Errorf("formats %v: want both docx and txt in quantity", formats)
	}
	if len(unitYears) != 6*5 {
		t.Errorf("%d unit-years, want 30", len(unitYears))
	}

	// The manifest is the returned list, and lists exactly the files written.
	raw, err := os.ReadFile(filepath.Join(run.dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var manifest []File
	if err := json.Unmarshal(raw, &manifest); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	want, _ := json.Marshal(files)
	got, _ := json.Marshal(manifest)
	if !bytes.Equal(want, got) {
		t.Error("the manifest differs from the returned files")
	}
	entries, _ := os.ReadDir(run.dir)
	var onDisk []string
	for _, e := range entries {
		if e.Name() != ManifestName {
			onDisk = append(onDisk, e.Name())
		}
	}
	var listed []string
	for _, f := range files {
		listed = append(listed, f.Name)
		data, _ := os.ReadFile(filepath.Join(run.dir, f.Name))
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != f.SHA256 {
			t.Errorf("%s: sha256 differs from manifest", f.Name)
		}
	}
	sort.Strings(listed)
	if !slices.Equal(onDisk, listed) {
		t.Errorf("files on disk %v, manifest %v", onDisk, listed)
	}

	// A corrected version replaces an earlier one of the same unit-year.
	byName := map[string]File{}
	for _, f := range files {
		byName[f.Name] = f
	}
	superseding := 0
	for _, f := range files {
		if f.Supersedes == "" {
			continue
		}
		superseding++
		old, ok := byName[f.Supersedes]
		switch {
		case !ok:
			t.Errorf("%s supersedes unknown %s", f.Name, f.Supersedes)
		case old.UnitKey != f.UnitKey || old.Year != f.Year:
			t.Errorf("%s supersedes %s of another unit-year", f.Name, f.Supersedes)
		case old.SHA256 == f.SHA256:
			t.Errorf("%s has the same bytes as %s", f.Name, f.Supersedes)
		case len(f.Planted) != 0 || len(old.Planted) == 0:
			t.Errorf("correction %s should fix %s's planted %v, has %v", f.Name, old.Name, old.Planted, f.Planted)
		}
	}
	if superseding != 1 {
		t.Errorf("%d superseding files, want 1", superseding)
	}
}

// TestBothFormatsSameContent: the unit-years written as docx and as txt carry the
// same table cells, the same narrative and the same truth.
func TestBothFormatsSameContent(t *testing.T) {
	run := writeCorpus(t)
	groups := map[string][]File{}
	for _, f := range run.files {
		if f.Supersedes == "" {
			k := f.UnitKey + "/" + strconv.Itoa(f.Year)
			groups[k] = append(groups[k], f)
		}
	}
	pairs := 0
	for k, g := range groups {
		if len(g) != 2 {
			continue
		}
		pairs++
		if g[0].Format == g[1].Format {
			t.Errorf("%s: two files of one format", k)
		}
		a, b := run.forms[g[0].Name], run.forms[g[1].Name]
		if fmt.Sprint(a.rows) != fmt.Sprint(b.rows) {
			t.Errorf("%s: table cells differ between %s and %s", k, g[0].Name, g[1].Name)
		}
		if !slices.Equal(a.narrative, b.narrative) {
			t.Errorf("%s: narrative differs between %s and %s", k, g[0].Name, g[1].Name)
		}
		ta, tb := g[0].Truth, g[1].Truth
		ta.Source, tb.Source = report.Source{}, report.Source{}
		ja, _ := json.Marshal(ta)
		jb, _ := json.Marshal(tb)
		if !bytes.Equal(ja, jb) {
			t.Errorf("%s: truth differs between formats", k)
		}
	}
	if pairs < 3 {
		t.Errorf("%d unit-years in both formats, want 3", pairs)
	}
}

func TestWriteDeterministic(t *testing.T) {
	a, b := writeCorpus(t).dir, t.TempDir()
	if _, err := Write(context.Background(), b, Options{}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(a)
	for _, e := range entries {
		x, _ := os.ReadFile(filepath.Join(a, e.Name()))
		y, err := os.ReadFile(filepath.Join(b, e.Name()))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", e.Name())
		}
	}
}

// TestCorpusGolden pins the corpus content (txt bytes, docx document.xml) so an
// unintended change to any report shows up. Run with -update after an intended one.
func TestCorpusGolden(t *testing.T) {
	run := writeCorpus(t)
	dir, files := run.dir, run.files
	var b strings.Builder
	for _, f := range files {
		data, _ := os.ReadFile(filepath.Join(dir, f.Name))
		if f.Format == "docx" {
			data = docxPart(t, data, "word/document.xml")
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(&b, "%s %s\n", f.Name, hex.EncodeToString(sum[:]))
	}
	golden := filepath.Join("testdata", "corpus.sha256")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != b.String() {
		t.Errorf("corpus content changed; if intended, run go test ./etl/demo -run Golden -update\n got:\n%s", b.String())
	}
}

func docxPart(t *testing.T, data []byte, name string) []byte {
	t.Helper()
	fm, _, err := readDocx(data)
	if err != nil {
		t.Fatal(err)
	}
	_ = fm
	zr := mustZip(t, data)
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, _ := zf.Open()
			defer rc.Close()
			var buf bytes.Buffer
			buf.ReadFrom(rc)
			return buf.Bytes()
		}
	}
	t.Fatalf("no %s", name)
	return nil
}

func TestRenameSeries(t *testing.T) {
	run := writeCorpus(t)
	for _, f := range run.files {
		if f.UnitKey != "tzcj" {
			continue
		}
		text := run.forms[f.Name].text()
		wantName := "州投资促进事务中心"
		if f.Year < 2021 {
			wantName = "州投资促进事务局"
		}
		if f.Unit != wantName || f.Truth.Unit.CanonicalName != "湘西"+wantName || f.CurrentName != "湘西州投资促进事务中心" {
			t.Errorf("%s: unit %q canonical %q", f.Name, f.Unit, f.Truth.Unit.CanonicalName)
		}
		stated := strings.Contains(text, "州投资促进事务局更名为州投资促进事务中心")
		if stated != (len(f.Truth.Unit.FormerNames) > 0) {
			t.Errorf("%s: rename stated %v, truth former names %v", f.Name, stated, f.Truth.Unit.FormerNames)
		}
		if f.Year == 2021 && !stated {
			t.Errorf("%s: the first report after the rename must state it", f.Name)
		}
		// The evaluators sign with the unit's name of that year.
		if !strings.Contains(text, wantName) {
			t.Errorf("%s: unit name %s not in text", f.Name, wantName)
		}
	}
}

func TestOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  Options
		ok   bool
	}{
		{"defaults", Options{}, true},
		{"one unit one year", Options{Units: 1, FromYear: 2022, ToYear: 2022}, true},
		{"all units", Options{Units: MaxUnits(), FromYear: 2020, ToYear: 2021}, true},
		{"too many units", Options{Units: MaxUnits() + 1}, false},
		{"negative units", Options{Units: -1}, false},
		{"years reversed", Options{FromYear: 2023, ToYear: 2019}, false},
		{"year too early", Options{FromYear: 1990, ToYear: 2019}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files, err := Write(context.Background(), t.TempDir(), tc.opt)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok=%v", err, tc.ok)
			}
			if tc.ok && len(files) == 0 {
				t.Fatal("no files")
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Write(ctx, t.TempDir(), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v", err)
	}
	if _, err := NewSpec("nosuchunit", 2021); err == nil {
		t.Error("NewSpec accepted an unknown unit")
	}
	if _, err := NewSpec("swj", 1900); err == nil {
		t.Error("NewSpec accepted year 1900")
	}
	if len(UnitKeys()) != MaxUnits() {
		t.Error("UnitKeys and MaxUnits disagree")
	}
}

// TestTruthInText checks the truth against the rendered report: every table
// figure in its cell, every KPI, event and score where a reader finds it.
func TestTruthInText(t *testing.T) {
	run := writeCorpus(t)
	for _, f := range run.files {
		fm := run.forms[f.Name]
		text := fm.text()
		tr := f.Truth
		if len(fm.rows) != 57 && len(fm.rows) != 56 {
			t.Errorf("%s: %d form rows", f.Name, len(fm.rows))
		}
		if fm.tables != 1 {
			t.Errorf("%s: %d tables", f.Name, fm.tables)
		}
		if fm.cellText(2, 1) != strconv.Itoa(int(*tr.Staffing.Authorized)) || fm.cellText(2, 3) != strconv.Itoa(int(*tr.Staffing.Actual)) {
			t.Errorf("%s: staffing cells %q/%q", f.Name, fm.cellText(2, 1), fm.cellText(2, 3))
		}
		if fm.cellText(1, 1) != tr.Contact.Name || fm.cellText(1, 3) != tr.Contact.Phone {
			t.Errorf("%s: contact cells", f.Name)
		}
		checkRows(t, f.Name, fm, 10, func(org string) []*float64 {
			for _, r := range tr.Income {
				if r.Org == org {
					return []*float64{r.Total, r.Carryover, r.FiscalAppropriation, r.GovFund, r.SpecialAccountNontax, r.Other}
				}
			}
			return make([]*float64, 6)
		})
		checkRows(t, f.Name, fm, 18, func(org string) []*float64 {
			for _, r := range tr.Expenditure {
				if r.Org == org {
					return []*float64{r.Total, r.Basic, r.Personnel, r.PublicUse, r.Project, r.BalanceCurrent, r.BalanceCumulative}
				}
			}
			return make([]*float64, 7)
		})
		checkRows(t, f.Name, fm, 24, func(org string) []*float64 {
			for _, r := range tr.ThreePublic {
				if r.Org == org {
					return []*float64{r.Total, r.Reception, r.VehicleOperation, r.VehiclePurchase, r.Overseas}
				}
			}
			return make([]*float64, 5)
		})
		checkRows(t, f.Name, fm, 30, func(org string) []*float64 {
			for _, r := range tr.FixedAssets {
				if r.Org == org {
					return []*float64{r.Total, r.InUse, r.Leased, r.Other}
				}
			}
			return make([]*float64, 4)
		})
		for _, m := range tr.Metrics {
			if !strings.Contains(text, m.Text) {
				t.Errorf("%s: metric %s text %q not in report", f.Name, m.Code, m.Text)
			}
		}
		for _, tg := range tr.Targets {
			if !strings.Contains(text, tg.Text) {
				t.Errorf("%s: target %q not in report", f.Name, tg.Text)
			}
		}
		for _, e := range tr.Events {
			if !strings.Contains(text, e.Name) || !strings.Contains(text, e.City) {
				t.Errorf("%s: event %s not in report", f.Name, e.Name)
			}
		}
		// DESIGN §5 lists 21 indicators (100 points); the seed scores the same 21.
		if len(tr.Indicators) != len(scheme) || len(scheme) != 21 {
			t.Errorf("%s: %d indicators, scheme has %d", f.Name, len(tr.Indicators), len(scheme))
		}
		for _, in := range tr.Indicators {
			pts := fmtNum(*in.MaxPoints) + "分"
			if !strings.Contains(text, "（"+pts+"）：") && !strings.Contains(text, "("+pts+")：") {
				t.Errorf("%s: no heading with %s for %s", f.Name, pts, in.Code)
			}
		}
		sentence := "投入绩效为" + fmtNum(tr.Score.ByLevel1["投入"]) + "分，过程绩效为" + fmtNum(tr.Score.ByLevel1["过程"]) +
			"分，产出及效率绩效为" + fmtNum(tr.Score.ByLevel1["产出及效率"]) + "分，总绩效为" + fmtNum(*tr.Score.Total) + "分。评价结果等次为“" + tr.Score.Grade + "”"
		if !strings.Contains(text, sentence) {
			t.Errorf("%s: score sentence %q not in report", f.Name, sentence)
		}
		for _, p := range tr.ExpenditureDetail.Projects {
			if !strings.Contains(text, p.Name) || !strings.Contains(text, fmtMoney(*p.Amount, false)) && !strings.Contains(text, fmtMoney(*p.Amount, true)) {
				t.Errorf("%s: project %s not in report", f.Name, p.Name)
			}
		}
		if !strings.Contains(text, strconv.Itoa(f.Year)+"年度") {
			t.Errorf("%s: fiscal year not stated as %d年度", f.Name, f.Year)
		}
	}
}

// checkRows compares the four org rows starting at form row first with the truth.
func checkRows(t *testing.T, name string, fm form, first int, truth func(org string) []*float64) {
	t.Helper()
	for i := range 4 {
		ri := first + i
		if fm.cellText(ri, 0) != orgLabels[i] {
			t.Errorf("%s: row %d label %q, want %q", name, ri, fm.cellText(ri, 0), orgLabels[i])
			continue
		}
		want := truth(orgName(i))
		for k, w := range want {
			got, err := parseCell(fm.cellText(ri, k+1))
			if err != nil {
				t.Errorf("%s: row %d cell %d: %v", name, ri, k+1, err)
				continue
			}
			if (got == nil) != (w == nil) || got != nil && math.Abs(*got-*w) > 1e-9 {
				t.Errorf("%s: row %d (%s) cell %d = %v, truth %v", name, ri, orgLabels[i], k+1, fmtPtr(got), fmtPtr(w))
			}
		}
	}
}

func parseCell(s string) (*float64, error) {
	if s == "" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

func fmtPtr(p *float64) string {
	if p == nil {
		return "nil"
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

// TestPlanted checks, rule by rule, that every planted defect is in the report
// that lists it and in no other report.
func TestPlanted(t *testing.T) {
	run := writeCorpus(t)
	seen := map[string]bool{}
	for _, f := range run.files {
		text := run.forms[f.Name].text()
		for _, rule := range allRules {
			found := detect[rule](f, run.forms[f.Name], text)
			planted := slices.Contains(f.Planted, rule)
			if found != planted {
				t.Errorf("%s: rule %s detected=%v planted=%v", f.Name, rule, found, planted)
			}
			seen[rule] = seen[rule] || found
		}
		for _, p := range f.Planted {
			if detect[p] == nil {
				t.Errorf("%s: unknown planted rule %q", f.Name, p)
			}
		}
	}
	for _, rule := range allRules {
		if !seen[rule] {
			t.Errorf("rule %s planted nowhere", rule)
		}
	}
}

var allRules = []string{
	RuleIncomeSum, RuleExpenditureSum, RuleScoreRuleMismatch, RuleLevelSum, RuleSameQuantityTwoValues, RuleMalformedNumber,
	RuleFullMarksClaim, RuleTemplateResidue, RuleYearMismatch, RuleMissingFormCell, RuleRatioMismatch,
	RuleComponentOverTotal, RuleFalseComparison, RuleAllFullMarks, RuleGradeMismatch,
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.006 }

func sum(vs ...*float64) float64 {
	s := 0.0
	for _, v := range vs {
		if v != nil {
			s += *v
		}
	}
	return s
}

func indicator(r report.Report, code string) report.Indicator {
	for _, in := range r.Indicators {
		if in.Code == code {
			return in
		}
	}
	return report.Indicator{}
}

var (
	malformedRE = regexp.MustCompile(`\d+\.\d+\.亿元`)
	fullClaimRE = regexp.MustCompile(`[（(](\d+(?:\.\d+)?)分[）)]：.*得满分(\d+(?:\.\d+)?)分`)
	yearActRE   = regexp.MustCompile(`(20\d\d)年[^，。；]{0,6}?实际[^，。；]{0,12}?\d+(?:\.\d+)?万元`)
	tpBudgetRE  = regexp.MustCompile(`年初预算数(\d+(?:\.\d+)?)万元（其中公务接待费(\d+(?:\.\d+)?)万元`)
)

// detect holds a small, independent check per planted rule, over the truth and
// the text read back from the file.
var detect = map[string]func(f File, fm form, text string) bool{
	RuleIncomeSum: func(f File, _ form, _ string) bool {
		for _, r := range f.Truth.Income {
			if r.Total != nil && !near(*r.Total, sum(r.Carryover, r.FiscalAppropriation, r.GovFund, r.SpecialAccountNontax, r.Other)) {
				return true
			}
		}
		return false
	},
	RuleExpenditureSum: func(f File, _ form, _ string) bool {
		for _, r := range f.Truth.Expenditure {
			if !near(sum(r.Total), sum(r.Basic, r.Project)) || !near(sum(r.Basic), sum(r.Personnel, r.PublicUse)) {
				return true
			}
		}
		return false
	},
	RuleLevelSum: func(f File, _ form, _ string) bool {
		s := f.Truth.Score
		by := map[string]float64{}
		for _, in := range f.Truth.Indicators {
			by[in.Level1] += *in.DeclaredScore
		}
		t := 0.0
		for l, v := range s.ByLevel1 {
			t += v
			if !near(v, by[l]) {
				return true
			}
		}
		return !near(t, *s.Total)
	},
	RuleGradeMismatch: func(f File, _ form, _ string) bool {
		s := f.Truth.Score
		for _, b := range s.GradeBands {
			if *s.Total >= b.Min {
				return b.Grade != s.Grade
			}
		}
		return true
	},
	RuleAllFullMarks: func(f File, _ form, _ string) bool {
		for _, in := range f.Truth.Indicators {
			if *in.DeclaredScore < *in.MaxPoints {
				return false
			}
		}
		return true
	},
	RuleSameQuantityTwoValues: func(f File, _ form, _ string) bool {
		var carry float64
		for _, r := range f.Truth.Income {
			if r.Org == orgName(0) && r.Total != nil {
				carry = sum(r.Carryover) // the summary row, when filled, is the unit
				break
			}
			carry += sum(r.Carryover)
		}
		return !near(carry, *f.Truth.Budget.Carryover)
	},
	RuleScoreRuleMismatch: func(f File, _ form, _ string) bool {
		r := f.Truth
		for _, in := range r.Indicators {
			if in.DeclaredValue == nil {
				continue
			}
			v, mx := *in.DeclaredValue, *in.MaxPoints
			var want float64
			switch in.Code {
			case "staff_control_rate":
				want = overRule(v, 100, mx)
			case "sangong_change_rate":
				want = overRule(v, 0, mx)
			case "budget_completion_rate":
				want = budgetLadder(v)
			case "budget_adjust_rate":
				want = map[bool]float64{true: mx, false: 0}[v < 10]
			case "public_exp_ctrl", "sangong_ctrl":
				want = map[bool]float64{true: mx, false: 0}[v <= 100]
			case "gov_procurement_exec", "fixed_asset_utilization":
				want = map[bool]float64{true: mx, false: 0}[near(v, 100)]
			case "satisfaction":
				want = map[bool]float64{true: mx, false: 0}[v > 90]
			default:
				continue
			}
			if !near(want, *in.DeclaredScore) {
				return true
			}
		}
		return false
	},
	RuleRatioMismatch: func(f File, _ form, _ string) bool {
		r := f.Truth
		b := r.Budget
		base := *b.Carryover + *b.Initial + *b.Supplementary
		metric := func(code string) float64 {
			for _, m := range r.Metrics {
				if m.Code == code {
					return *m.Value
				}
			}
			return 0
		}
		want := map[string]float64{
			"staff_control_rate":     pct(*r.Staffing.Actual, *r.Staffing.Authorized),
			"sangong_change_rate":    pct(*b.ThreePublicBudget-*b.ThreePublicBudgetPrev, *b.ThreePublicBudgetPrev),
			"budget_completion_rate": pct(base-*b.YearEndBalance, base),
			"budget_adjust_rate":     pct(*b.Adjustment, *b.Initial),
			"public_exp_ctrl":        pct(*b.PublicUseActual, *b.PublicUseBudget),
			"sangong_ctrl":           pct(*b.ThreePublicActual, *b.ThreePublicBudget),
			"gov_procurement_exec":   pct(*b.ProcurementActual, *b.ProcurementBudget),
			"fixed_asset_utilization": pct(sumRows(r.FixedAssets, func(a report.FixedAssetRow) *float64 { return a.InUse }),
				sumRows(r.FixedAssets, func(a report.FixedAssetRow) *float64 { return a.Total })),
			"satisfaction": round2(metric("satisfaction_service_target")*0.5 + metric("satisfaction_public")*0.4 +
				metric("satisfaction_staff")*0.1),
		}
		for code, w := range want {
			if in := indicator(r, code); in.DeclaredValue == nil || !near(*in.DeclaredValue, w) {
				return true
			}
		}
		return false
	},
	RuleMalformedNumber: func(_ File, _ form, text string) bool { return malformedRE.MatchString(text) },
	RuleTemplateResidue: func(_ File, _ form, text string) bool { return strings.Contains(text, "查预算数") },
	RuleFalseComparison: func(_ File, _ form, text string) bool { return strings.Contains(text, "100%＜100%") },
	RuleFullMarksClaim: func(_ File, fm form, _ string) bool {
		for _, l := range fm.narrative {
			if m := fullClaimRE.FindStringSubmatch(l); m != nil && m[1] != m[2] {
				return true
			}
		}
		return false
	},
	RuleYearMismatch: func(f File, _ form, text string) bool {
		for _, m := range yearActRE.FindAllStringSubmatch(text, -1) {
			if y, _ := strconv.Atoi(m[1]); y != f.Year {
				return true
			}
		}
		return false
	},
	RuleComponentOverTotal: func(_ File, _ form, text string) bool {
		for _, m := range tpBudgetRE.FindAllStringSubmatch(text, -1) {
			total, _ := strconv.ParseFloat(m[1], 64)
			part, _ := strconv.ParseFloat(m[2], 64)
			if part > total {
				return true
			}
		}
		return false
	},
	RuleMissingFormCell: func(_ File, fm form, _ string) bool {
		for _, r := range fm.rows {
			if len(r) > 0 && strings.Join(r[0], "") == "绩效自评综合得分及评价等次" {
				return len(r) < 3
			}
		}
		return true
	},
}

// sumRows adds a column over the org rows, or takes the summary row when it is filled.
func sumRows(rows []report.FixedAssetRow, col func(report.FixedAssetRow) *float64) float64 {
	t := 0.0
	for _, r := range rows {
		if r.Org == orgName(0) && r.Total != nil {
			return sum(col(r))
		}
		t += sum(col(r))
	}
	return t
}
