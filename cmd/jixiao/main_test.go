package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"jixiao/export"
	"jixiao/report"
	warehouse "jixiao/sql"

	"jixiao/internal/seedfile"
)

// TestMain doubles as a helper process that holds a warehouse open, so tests can
// check what a second process sees.
func TestMain(m *testing.M) {
	if path := os.Getenv("JIXIAO_TEST_HOLD"); path != "" {
		db, err := warehouse.Open(context.Background(), path, warehouse.Options{})
		if err != nil {
			os.Stdout.WriteString("error: " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Stdout.WriteString("ready\n")
		_, _ = io.Copy(io.Discard, os.Stdin) // hold until the parent closes stdin
		db.Close()
		os.Exit(0)
	}
	if args := os.Getenv("JIXIAO_TEST_CLI"); args != "" {
		// Run the command line as a process of its own (the kill -9 and serve
		// tests), stopped by SIGINT/SIGTERM as main is.
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, strings.Split(args, "\n"), os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	code := m.Run()
	if demoData.dir != "" {
		os.RemoveAll(demoData.dir)
	}
	os.Exit(code)
}

// demoData is a warehouse of the demo corpus that tests share read-only (the
// sandbox never writes).
var demoData struct {
	once sync.Once
	dir  string
	err  string
}

func demoWarehouse(t *testing.T) string {
	t.Helper()
	demoData.once.Do(func() {
		dir, err := os.MkdirTemp("", "jixiao-cli-demo-")
		if err != nil {
			demoData.err = err.Error()
			return
		}
		demoData.dir = dir
		var out, errb bytes.Buffer
		if code := run(context.Background(), []string{"demo", "--out", filepath.Join(dir, "inbox")}, &out, &errb); code != 0 {
			demoData.err = errb.String()
			return
		}
		if code := run(context.Background(), []string{"etl", "--data", dir, "--once"}, &out, &errb); code != 0 {
			demoData.err = errb.String()
		}
	})
	if demoData.err != "" {
		t.Fatalf("demo warehouse: %s", demoData.err)
	}
	return demoData.dir
}

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func sharedDir(t *testing.T) string {
	t.Helper()
	return seedfile.Require(t)
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{nil, 2, "usage"},
		{[]string{"frobnicate"}, 2, "未知的命令 \"frobnicate\""},
		{[]string{"check"}, 1, "没有给出要检查的文件"},
		{[]string{"check", "/nonexistent/report.txt"}, 1, "no such file"},
		{[]string{"etl", "--once"}, 1, "需要数据目录：--data DIR"},
		{[]string{"etl", "--data", t.TempDir()}, 1, "需要 --once"},
		{[]string{"etl", "--bogus"}, 1, "未知的参数 --bogus（用法见 `jixiao etl --help`）"},
		{[]string{"etl", "-bogus"}, 1, "未知的参数 -bogus"},
		{[]string{"sql", "--data", t.TempDir()}, 1, "需要一条查询（收到 0 个参数）"},
		{[]string{"sql", "--data", t.TempDir(), "--max-rows", "many", "SELECT 1"}, 1, "参数 --max-rows 的值 \"many\" 无效：格式不对"},
		{[]string{"sql", "--data", t.TempDir(), "--timeout", "soon", "SELECT 1"}, 1, "参数 --timeout 的值 \"soon\" 无效"},
		{[]string{"sql", "--data", t.TempDir(), "SELECT 1", "--format"}, 1, "参数 --format 需要一个值"},
		{[]string{"sql", "--data", t.TempDir(), "--bom=maybe", "SELECT 1"}, 1, "参数 --bom 的值 \"maybe\" 无效"},
		{[]string{"export", "--years", "2021", "--out", "x.csv"}, 1, "需要数据目录：--data DIR"},
		{[]string{"export", "--data", t.TempDir(), "--years", "2021", "--out", "x.csv", "extra"}, 1, "多余的参数 \"extra\""},
		{[]string{"serve", "--data", t.TempDir(), "extra"}, 1, "多余的参数 \"extra\""},
		{[]string{"demo"}, 1, "需要 --out DIR"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.msg) {
			t.Errorf("jixiao %v: exit %d, stderr %q; want exit %d containing %q", tt.args, code, stderr, tt.code, tt.msg)
		}
		if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
			t.Errorf("jixiao %v printed a stack trace: %s", tt.args, stderr)
		}
	}
	// A flag's environment variable with a bad value names the variable.
	t.Setenv("JIXIAO_MAX_ROWS", "lots")
	if code, _, stderr := runCLI(t, "sql", "--data", t.TempDir(), "SELECT 1"); code != 1 || !strings.Contains(stderr, "环境变量 JIXIAO_MAX_ROWS 的值 \"lots\" 无效：格式不对") {
		t.Errorf("bad JIXIAO_MAX_ROWS: exit %d, %q", code, stderr)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, "version")
	if code != 0 || !strings.HasPrefix(out, "jixiao ") {
		t.Fatalf("version: %d %q", code, out)
	}
}

func TestCheckJunkFile(t *testing.T) {
	junk := filepath.Join(t.TempDir(), "junk.docx")
	if err := os.WriteFile(junk, []byte("PK\x03\x04 definitely not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "check", junk)
	if code != 1 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "junk.docx") {
		t.Fatalf("check junk: exit %d, stderr %q; want one line naming the file", code, stderr)
	}
}

// figures is the form part of a report, for comparing formats.
type figures struct {
	Staffing    report.Staffing
	Income      []report.IncomeRow
	Expenditure []report.ExpenditureRow
	ThreePublic []report.ThreePublicRow
	FixedAssets []report.FixedAssetRow
}

func formFigures(r report.Report) figures {
	f := figures{Staffing: r.Staffing, Income: r.Income, Expenditure: r.Expenditure, ThreePublic: r.ThreePublic, FixedAssets: r.FixedAssets}
	f.Staffing.Evidence = nil
	for i := range f.Income {
		f.Income[i].Evidence = nil
	}
	for i := range f.Expenditure {
		f.Expenditure[i].Evidence = nil
	}
	for i := range f.ThreePublic {
		f.ThreePublic[i].Evidence = nil
	}
	for i := range f.FixedAssets {
		f.FixedAssets[i].Evidence = nil
	}
	return f
}

func checkJSON(t *testing.T, path string) report.Report {
	t.Helper()
	code, out, stderr := runCLI(t, "check", "--json", path)
	if code != 0 {
		t.Fatalf("check %s: exit %d: %s", path, code, stderr)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("check --json output is not one report: %v", err)
	}
	return r
}

func TestCheckSeedTxtAndDocxAgree(t *testing.T) {
	shared := sharedDir(t)
	txt := checkJSON(t, filepath.Join(shared, "seeds", "000_6b3f55403a0e915c.txt"))
	docx := checkJSON(t, filepath.Join(shared, "fixtures", "000_6b3f55403a0e915c.docx"))
	a, _ := json.Marshal(formFigures(txt))
	b, _ := json.Marshal(formFigures(docx))
	if !bytes.Equal(a, b) {
		t.Errorf("txt and docx form figures differ:\ntxt:  %s\ndocx: %s", a, b)
	}
	if txt.FiscalYear != 2021 || txt.Staffing.Authorized == nil || *txt.Staffing.Authorized != 13 || *txt.Staffing.Actual != 4 {
		t.Errorf("year/staffing = %d %+v", txt.FiscalYear, txt.Staffing)
	}
	var found bool
	for _, row := range txt.Income {
		if strings.Contains(row.Org, "二级机构1") {
			found = true
			if row.Total == nil || *row.Total != 146.95 || *row.Carryover != 47.84 || *row.FiscalAppropriation != 99.11 || row.GovFund != nil {
				t.Errorf("income row = %+v", row)
			}
		}
	}
	if !found {
		t.Errorf("no 二级机构1 income row: %+v", txt.Income)
	}
}

func TestETLAndSQL(t *testing.T) {
	data := t.TempDir()
	if code, _, stderr := runCLI(t, "demo", "--out", filepath.Join(data, "inbox")); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	code, out, stderr := runCLI(t, "etl", "--data", data, "--once", "--json")
	if code != 0 {
		t.Fatalf("etl: exit %d: %s", code, stderr)
	}
	var sum warehouse.RunSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("etl --json: %v: %q", err, out)
	}
	if sum.Loaded < 30 || sum.Quarantined != 0 {
		t.Errorf("etl summary = %+v, want ≥ 30 loaded and nothing quarantined", sum)
	}
	code, out, stderr = runCLI(t, "sql", "--data", data, "--format", "csv",
		"SELECT count(DISTINCT unit) AS units, min(fiscal_year) AS first, max(fiscal_year) AS last FROM v_evaluations")
	if code != 0 {
		t.Fatalf("sql: exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(out, export.BOM+"units,first,last\n") || !strings.Contains(out, ",2019,2023") {
		t.Errorf("sql csv = %q", out)
	}
	// Every documented view answers through `jixiao sql`.
	for _, view := range []string{"v_evaluations", "v_figures", "v_indicator_scores", "v_level_scores", "v_findings",
		"v_measures", "v_trends", "v_targets", "v_coverage"} {
		code, out, stderr := runCLI(t, "sql", "--data", data, "--format", "json", "SELECT count(*) AS n FROM "+view)
		var res struct{ Rows [][]float64 }
		if code != 0 || json.Unmarshal([]byte(out), &res) != nil || len(res.Rows) != 1 || res.Rows[0][0] == 0 {
			t.Errorf("sql on %s: exit %d, out %q, stderr %q; want a non-zero count", view, code, out, stderr)
		}
	}
	code, out, _ = runCLI(t, "sql", "--data", data, "--format", "csv",
		"SELECT unit, count(DISTINCT fiscal_year) AS years FROM v_trends WHERE measure = 'total_score' GROUP BY unit HAVING count(DISTINCT fiscal_year) < 3")
	if code != 0 || strings.TrimSpace(out) != export.BOM+"unit,years" {
		t.Errorf("units whose score trend spans fewer than 3 years: %q", out)
	}
	code, _, stderr = runCLI(t, "sql", "--data", data, "DROP TABLE documents")
	if code != 1 || !strings.Contains(stderr, "不执行 DROP 语句") {
		t.Errorf("sql DROP: exit %d, stderr %q", code, stderr)
	}
}

// A CLI command against a data dir that another process holds fails clearly.
func TestLockedDataDir(t *testing.T) {
	data := t.TempDir()
	path := filepath.Join(data, warehouse.FileName)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "JIXIAO_TEST_HOLD="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); _ = cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("holder: %q %v", line, err)
	}
	code, _, stderr := runCLI(t, "etl", "--data", data, "--once")
	if code != 1 || !strings.Contains(stderr, "in use by another process") {
		t.Fatalf("etl on a held data dir: exit %d, stderr %q", code, stderr)
	}
}

// `check --json` on the seed shows computed beside declared values and the
// findings DESIGN §6 lists.
func TestCheckSeedComputedAndFindings(t *testing.T) {
	shared := sharedDir(t)
	r := checkJSON(t, filepath.Join(shared, "seeds", "000_6b3f55403a0e915c.txt"))
	if r.Score.Total == nil || *r.Score.Total != 94 || r.Score.Grade != "优" {
		t.Errorf("score = %+v", r.Score)
	}
	if len(r.Indicators) != 21 {
		t.Errorf("indicators = %d, want the seed's 21", len(r.Indicators))
	}
	kinds := map[string]int{}
	for _, g := range r.Goals {
		kinds[g.Kind+g.Category]++
		if g.Target == "" || g.Actual == "" {
			t.Errorf("goal without target or completion: %+v", g)
		}
	}
	if kinds["定性"] != 4 || kinds["定量产出目标"] != 3 || kinds["定量效益目标"] != 1 || kinds["定量满意度"] != 1 {
		t.Errorf("performance goals by kind = %v, want 4 qualitative and 3+1+1 quantitative", kinds)
	}
	computed := map[string][2]float64{
		"staff_control_rate":      {30.77, 3},
		"budget_completion_rate":  {85.02, 0},
		"public_exp_ctrl":         {88.18, 8},
		"fixed_asset_utilization": {100, 3},
		"gov_procurement_exec":    {100, 6},
		"satisfaction":            {96.1, 6},
		"budget_adjust_rate":      {1.14, 5},
		"sangong_change_rate":     {0, 4},
	}
	for _, ind := range r.Indicators {
		want, ok := computed[ind.Code]
		if !ok {
			continue
		}
		delete(computed, ind.Code)
		if ind.ComputedValue == nil || *ind.ComputedValue != want[0] || ind.ComputedScore == nil || *ind.ComputedScore != want[1] {
			t.Errorf("%s computed = %v/%v, want %v/%v", ind.Code, ind.ComputedValue, ind.ComputedScore, want[0], want[1])
		}
	}
	if len(computed) > 0 {
		t.Errorf("indicators not found: %v", computed)
	}
	// budget_adjust_rate: declared 4 although its own "<10% full" rule gives 5.
	rules := map[string]int{}
	for _, f := range r.Findings {
		rules[f.Rule]++
		if f.Message == "" || f.Severity == "" {
			t.Errorf("finding without message or severity: %+v", f)
		}
	}
	for rule, min := range map[string]int{
		"same_quantity_two_values": 2, // 上年结转 47.84 vs 47.83; 客商资源库 1000余家 vs 2000余家
		"full_marks_claim":         1, // 预算调整率 headed 5分, awarded 4, called 满分
		"sign_lost":                1, // 三公经费变动率 (1−3)÷3 printed +66.67%
		"ratio_mismatch":           1, // the stated budgets 1 and 1 give 0%
		"component_exceeds_total":  1, // 三公 budget 1 but 公务接待费 3
		"false_comparison":         1, // 100%＜100%
		"year_mismatch":            2, // 2020年预算追加, 2020年实际政府采购
		"template_residue":         1, // （查预算数）
		"malformed_number":         1, // 40.3.亿元
		"missing_form_cell":        1, // 绩效自评综合得分及评价等次 empty in the form
		"score_rule_mismatch":      1,
	} {
		if rules[rule] < min {
			t.Errorf("finding %s raised %d times, want ≥ %d (all: %v)", rule, rules[rule], min, rules)
		}
	}
}

// Seed targets against actuals: 三类500强 13 vs 4 → 325%, 资金增长 34.73% vs 12%, 州级履约率 75.5% vs 70%.
func TestCheckSeedTargets(t *testing.T) {
	shared := sharedDir(t)
	r := checkJSON(t, filepath.Join(shared, "seeds", "000_6b3f55403a0e915c.txt"))
	want := map[string][3]float64{
		"top500_new_projects":               {4, 13, 325},
		"investment_inflow_yoy":             {12, 34.73, 289.42},
		"prefecture_signed_fulfilment_rate": {70, 75.5, 107.86},
	}
	for _, tg := range r.Targets {
		w, ok := want[tg.Code]
		if !ok {
			continue
		}
		delete(want, tg.Code)
		if tg.TargetValue == nil || *tg.TargetValue != w[0] || tg.ActualValue == nil || *tg.ActualValue != w[1] ||
			tg.AttainmentPct == nil || *tg.AttainmentPct != w[2] || tg.Met == nil || !*tg.Met {
			t.Errorf("target %s = %v/%v/%v/%v, want %v met", tg.Code, tg.TargetValue, tg.ActualValue, tg.AttainmentPct, tg.Met, w)
		}
	}
	if len(want) > 0 {
		t.Errorf("targets not found: %v", want)
	}
}

// The acceptance run through the CLI: the seed twice under two names
// plus random bytes named .docx → loaded 1, skipped 1, quarantined 1.
func TestETLSeedTwiceAndJunkCLI(t *testing.T) {
	seed := seedfile.Path(t, seedfile.Txt)
	data := t.TempDir()
	inbox := filepath.Join(data, "inbox")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	junk := make([]byte, 2048)
	for i := range junk {
		junk[i] = byte(i*7919 + i/3)
	}
	for name, content := range map[string][]byte{"seed-a.txt": b, "seed-b.txt": b, "junk.docx": junk} {
		if err := os.WriteFile(filepath.Join(inbox, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, stderr := runCLI(t, "etl", "--data", data, "--once", "--json")
	if code != 0 {
		t.Fatalf("etl: exit %d: %s", code, stderr)
	}
	var sum warehouse.RunSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Seen != 3 || sum.Loaded != 1 || sum.Skipped != 1 || sum.Quarantined != 1 {
		t.Errorf("summary = %+v, want loaded 1, skipped 1, quarantined 1", sum)
	}
	for _, p := range []string{"quarantine/junk.docx", "quarantine/junk.docx.error.json"} {
		if _, err := os.Stat(filepath.Join(data, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}
