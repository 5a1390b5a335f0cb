package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"jixiao/report"
)

// seedVariants writes the seed, the seed without any year (the probe's sed) and
// a text that is no report, and returns their paths.
func seedVariants(t *testing.T) (seed, noYear, notice string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sharedDir(t), "seeds", "000_6b3f55403a0e915c.txt"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	seed, noYear, notice = filepath.Join(dir, "seed.txt"), filepath.Join(dir, "noyear.txt"), filepath.Join(dir, "notice.txt")
	for path, text := range map[string]string{
		seed:   string(b),
		noYear: regexp.MustCompile(`20[0-9]{2}(年|—|-|〕)`).ReplaceAllString(string(b), "$1"),
		notice: "关于召开全州财政工作会议的通知\n\n各县市财政局：定于下周一召开会议，请准时参加。\n",
	} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return seed, noYear, notice
}

// TestProbeU7_CheckUnknownYear: a report without a year says 年度未识别; its
// JSON fiscal_year is null.
func TestProbeU7_CheckUnknownYear(t *testing.T) {
	_, noYear, _ := seedVariants(t)
	code, out, stderr := runCLI(t, "check", noYear)
	if code != 0 || !strings.Contains(out, "年度未识别") || strings.Contains(out, "0年度") {
		t.Errorf("check noyear: exit %d, out %q, stderr %q", code, out, stderr)
	}
	code, out, _ = runCLI(t, "check", "--json", noYear)
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != 0 {
		t.Fatalf("check --json noyear: exit %d, %v", code, err)
	}
	if v, ok := r["fiscal_year"]; !ok || v != nil {
		t.Errorf("fiscal_year = %v (present %v), want null", v, ok)
	}
}

// TestProbeU7_CheckJSONOneEntryPerArgument: --json keeps one entry per file, in
// order; a file that cannot be read is {file, error}, also alone (never null).
func TestProbeU7_CheckJSONOneEntryPerArgument(t *testing.T) {
	seed, _, notice := seedVariants(t)
	missing := filepath.Join(t.TempDir(), "missing.txt")
	code, out, stderr := runCLI(t, "check", "--json", seed, notice, missing)
	var entries []map[string]any
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if code != 1 || len(entries) != 3 || strings.Count(stderr, "\n") != 2 {
		t.Fatalf("exit %d, %d entries, stderr %q; want exit 1, 3 entries", code, len(entries), stderr)
	}
	if entries[0]["fiscal_year"] != 2021.0 || entries[0]["error"] != nil {
		t.Errorf("entry 1 is not the seed's report: %v", entries[0]["fiscal_year"])
	}
	for i, path := range []string{notice, missing} {
		e := entries[i+1]
		if e["file"] != path || e["error"] == nil || e["error"] == "" {
			t.Errorf("entry %d = %v, want {file: %s, error: …}", i+2, e, path)
		}
	}
	code, out, _ = runCLI(t, "check", "--json", notice)
	var one map[string]any
	if err := json.Unmarshal([]byte(out), &one); err != nil || code != 1 || one["file"] != notice || one["error"] == nil {
		t.Errorf("check --json notice.txt: exit %d, out %q", code, out)
	}
}

// TestProbeU7_CheckListsIndicatorsAndFindings: the human output shows each
// indicator (declared beside recomputed) and each finding, not only counts.
func TestProbeU7_CheckListsIndicatorsAndFindings(t *testing.T) {
	seed, _, _ := seedVariants(t)
	code, out, stderr := runCLI(t, "check", seed)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"2021年度", "总分 94 优", "指标（自评与重算）", "自评值", "重算值", "自评得分", "重算得分",
		"在职人员控制率", "30.77", "预算调整率", "问题", "级别", "应为", "实为", "错误", "警告", "“三公经费”变动率"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q", want)
		}
	}
	// Every indicator and every finding has its own line.
	r := checkJSON(t, seed)
	if lines := strings.Count(out, "\n"); lines < len(r.Indicators)+len(r.Findings)+4 {
		t.Errorf("%d lines for %d indicators and %d findings:\n%s", lines, len(r.Indicators), len(r.Findings), out)
	}
}

// TestCheckAgainstWarehouse: `jixiao check --data DIR FILE` compares a report
// with its unit's earlier reports in the warehouse — the demo's pasted
// narrative (whly 2022) and wrong 上年三公预算 (tzcj 2022) are reported, a
// plain check cannot see them, and a unit the warehouse does not know is said.
func TestCheckAgainstWarehouse(t *testing.T) {
	data := demoWarehouse(t)
	corpus := t.TempDir()
	if code, _, errOut := runCLI(t, "demo", "--out", corpus); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	rules := func(r report.Report) []string {
		var out []string
		for _, f := range r.Findings {
			out = append(out, f.Rule)
		}
		return out
	}
	for _, tc := range []struct{ file, rule string }{
		{"whly_2022.docx", "text_reused_from_previous_year"},
		{"tzcj_2022.docx", "prior_year_mismatch"},
	} {
		path := filepath.Join(corpus, tc.file)
		code, out, errOut := runCLI(t, "check", "--json", "--data", data, path)
		if code != 0 {
			t.Fatalf("check --data %s: %d %s", tc.file, code, errOut)
		}
		var r report.Report
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(rules(r), tc.rule) {
			t.Errorf("check --data %s: no %s among %v", tc.file, tc.rule, rules(r))
		}
		if plain := checkJSON(t, path); slices.Contains(rules(plain), tc.rule) {
			t.Errorf("check %s without a warehouse reports %s", tc.file, tc.rule)
		}
	}
	// The earliest year has nothing to compare with; a unit the warehouse
	// lacks is said on stderr and the check still succeeds.
	empty := t.TempDir()
	if code, _, errOut := runCLI(t, "etl", "--data", empty, "--once"); code != 0 {
		t.Fatalf("etl on an empty inbox: %s", errOut)
	}
	code, _, errOut := runCLI(t, "check", "--data", empty, filepath.Join(corpus, "dag_2020.txt"))
	if code != 0 || !strings.Contains(errOut, "未做跨年度比对") {
		t.Errorf("check against an empty warehouse: %d %q", code, errOut)
	}
}

// TestCheckMissingListMatchesCount: "已读 N/M 项" is followed by exactly the
// M−N expected figures not read; the contract's other empty fields are listed
// apart, so a report owner can count what the line says is missing.
func TestCheckMissingListMatchesCount(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "short.txt")
	text := "东山县统计局2021年度部门整体支出绩效自评报告\n\n" +
		"一、部门概况\n本单位2021年度收入合计386.50万元，其中财政拨款收入380.20万元。\n" +
		"二、自评结论\n经自评，本单位2021年度部门整体支出绩效自评得分为92分，评价等次为优。\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "check", path)
	if code != 0 {
		t.Fatalf("check: exit %d, stderr %q", code, stderr)
	}
	m := regexp.MustCompile(`已读 (\d+)/(\d+) 项`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no 已读 N/M line in:\n%s", out)
	}
	found, _ := strconv.Atoi(m[1])
	want, _ := strconv.Atoi(m[2])
	line := regexp.MustCompile(`(?m)^未读到：(.*)$`).FindStringSubmatch(out)
	listed := 0
	if line != nil {
		listed = len(strings.Split(line[1], "、"))
	}
	if listed != want-found {
		t.Errorf("已读 %d/%d but 未读到 lists %d figures:\n%s", found, want, listed, out)
	}
}

// A refused document is not read, but check still says what it is and
// whose it is: its type, unit and year, on stderr and in the JSON entry.
func TestCheckRefusedSaysWhose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "juesuan.txt")
	text := "桐溪县档案馆2022年度部门决算\n目录\n第一部分 桐溪县档案馆概况\n第二部分 2022年度部门决算表\n一、收入支出决算总表\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "check", path)
	if code != 1 || !strings.Contains(stderr, "未入库") || !strings.Contains(stderr, "文件类型：部门决算公开文件；单位：桐溪县档案馆；年度：2022年度") {
		t.Errorf("check: exit %d, stderr %q", code, stderr)
	}
	code, out, _ := runCLI(t, "check", "--json", path)
	var e struct {
		Error    string
		Identity map[string]any
	}
	if err := json.Unmarshal([]byte(out), &e); err != nil || code != 1 {
		t.Fatalf("check --json: exit %d, %v: %q", code, err, out)
	}
	if e.Identity["document_type"] != report.DocumentFinalAccounts || e.Identity["unit"] != "桐溪县档案馆" || e.Identity["fiscal_year"] != 2022.0 {
		t.Errorf("identity = %v", e.Identity)
	}
}
