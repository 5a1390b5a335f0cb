package etl

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao/internal/seedfile"
	warehouse "jixiao/sql"
)

// seedText is the real seed report (the test skips without ../shared).
func seedText(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(seedfile.Path(t, seedfile.Txt))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// setLines replaces 1-based lines of text, as the probe's sed edits do.
func setLines(text string, lines map[int]string) string {
	ls := strings.Split(text, "\n")
	for n, l := range lines {
		ls[n-1] = l
	}
	return strings.Join(ls, "\n")
}

// corrected is the probe's corrected version of the seed: income 150.00.
func corrected(seed string) string {
	return setLines(seed, map[int]string{104: "\t150.00", 105: "\t47.83", 106: "\t102.17"})
}

func writeFile(t *testing.T, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, r *Runner) warehouse.RunSummary {
	t.Helper()
	sum, err := r.RunOnce(context.Background(), "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// queryRows runs a query and returns its rows as "a|b|c" strings.
func queryRows(t *testing.T, r *Runner, q string) []string {
	t.Helper()
	res, err := r.WH.Query(context.Background(), q, 0)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	var out []string
	for _, row := range res.Rows {
		var cells []string
		for _, c := range row {
			if c == nil {
				c = ""
			}
			cells = append(cells, fmt.Sprint(c))
		}
		out = append(out, strings.Join(cells, "|"))
	}
	return out
}

// TestProbeW4_CorrectionWinsInOneRun: "X(修改版).txt" sorts before "X.txt",
// yet the correction stays current; the conflict is counted and a finding on
// the winner names both files.
func TestProbeW4_CorrectionWinsInOneRun(t *testing.T) {
	seed := seedText(t)
	r, layout := newRunner(t)
	writeFile(t, filepath.Join(layout.Inbox, "投资促进事务中心2021年度自评报告.txt"), seed)
	writeFile(t, filepath.Join(layout.Inbox, "投资促进事务中心2021年度自评报告(修改版).txt"), corrected(seed))
	sum := run(t, r)
	if sum.Loaded != 2 || sum.Conflicts != 1 || sum.Superseded+sum.SupersededOnArrival != 1 {
		t.Fatalf("summary = %+v, want loaded 2, conflicts 1, one superseded", sum)
	}
	if got := queryRows(t, r, "SELECT file_name FROM v_evaluations"); len(got) != 1 || !strings.Contains(got[0], "修改版") {
		t.Errorf("current version = %v, want the corrected file", got)
	}
	if got := queryRows(t, r, "SELECT total FROM income i JOIN v_evaluations e ON e.evaluation_id = i.document_id WHERE total IS NOT NULL"); strings.Join(got, ",") != "150" {
		t.Errorf("income total = %v, want 150 (the correction)", got)
	}
	f := queryRows(t, r, "SELECT severity, message FROM v_findings WHERE rule = 'version_conflict'")
	if len(f) != 1 || !strings.Contains(f[0], "投资促进事务中心2021年度自评报告.txt") || !strings.Contains(f[0], "(修改版).txt") || !strings.Contains(f[0], "更正版") {
		t.Errorf("version_conflict findings = %v", f)
	}
	if got := queryRows(t, r, "SELECT conflicts FROM etl_runs"); strings.Join(got, ",") != "1" {
		t.Errorf("etl_runs.conflicts = %v", got)
	}
}

// TestProbeW4_ResentOlderVersion: the correction loaded in one run, the
// original (re-saved: new bytes, newer file time) sent again later — it loads
// superseded on arrival and the correction stays current.
func TestProbeW4_ResentOlderVersion(t *testing.T) {
	seed := seedText(t)
	r, layout := newRunner(t)
	writeFile(t, filepath.Join(layout.Inbox, "报告-更正.txt"), corrected(seed))
	run(t, r)
	writeFile(t, filepath.Join(layout.Inbox, "报告.txt"), seed+"\n")
	sum := run(t, r)
	if sum.Loaded != 1 || sum.SupersededOnArrival != 1 || sum.Superseded != 0 || sum.Conflicts != 0 {
		t.Fatalf("second run = %+v, want 1 loaded superseded on arrival", sum)
	}
	got := queryRows(t, r, "SELECT d.file_name, s.file_name FROM documents d LEFT JOIN documents s ON s.document_id = d.superseded_by ORDER BY d.document_id")
	if strings.Join(got, ",") != "报告-更正.txt|,报告.txt|报告-更正.txt" {
		t.Errorf("documents = %v, want the re-sent original superseded by the correction", got)
	}
	if f := queryRows(t, r, "SELECT file_name FROM v_findings f JOIN v_evaluations e USING (evaluation_id) WHERE rule = 'version_conflict'"); len(f) != 1 {
		t.Errorf("version_conflict on the current document: %v", f)
	}
}

// TestProbeW4_ModTimeDecides: neither file is marked and neither prints a
// date: the later modification time wins, not the name's bytes.
func TestProbeW4_ModTimeDecides(t *testing.T) {
	seed := seedText(t)
	r, layout := newRunner(t)
	newer := filepath.Join(layout.Inbox, "a-report.txt")
	older := filepath.Join(layout.Inbox, "b-report.txt")
	writeFile(t, newer, corrected(seed))
	writeFile(t, older, seed)
	past := time.Now().Add(-time.Hour)
	if err := os.Chtimes(older, past, past); err != nil {
		t.Fatal(err)
	}
	sum := run(t, r)
	if sum.Conflicts != 1 || sum.SupersededOnArrival != 1 {
		t.Fatalf("summary = %+v", sum)
	}
	if got := queryRows(t, r, "SELECT file_name FROM v_evaluations"); strings.Join(got, ",") != "a-report.txt" {
		t.Errorf("current = %v, want the newer file", got)
	}
	if f := queryRows(t, r, "SELECT severity FROM v_findings WHERE rule = 'version_conflict' AND message LIKE '%修改时间较晚%'"); strings.Join(f, ",") != "warning" {
		t.Errorf("finding = %v", f)
	}
}

// TestProbeW5_ManifestRegions: one name in two manifest regions is two units.
func TestProbeW5_ManifestRegions(t *testing.T) {
	seed := seedText(t)
	r, layout := newRunner(t)
	writeFile(t, filepath.Join(layout.Inbox, "a.txt"), seed)
	writeFile(t, filepath.Join(layout.Inbox, "b.txt"), setLines(seed, map[int]string{6: "\t0745-1234567"}))
	writeFile(t, filepath.Join(layout.Inbox, ManifestName),
		"file,unit,year,region,scheme\na.txt,投资促进事务中心,2021,湘西州,\nb.txt,投资促进事务中心,2021,怀化市,\n")
	sum := run(t, r)
	if sum.Loaded != 2 || sum.Superseded+sum.SupersededOnArrival != 0 {
		t.Fatalf("summary = %+v, want 2 loaded, nothing superseded", sum)
	}
	got := queryRows(t, r, "SELECT unit, region, file_name FROM v_evaluations ORDER BY region")
	if len(got) != 2 || !strings.Contains(got[0], "怀化市|b.txt") || !strings.Contains(got[1], "湘西州|a.txt") {
		t.Errorf("v_evaluations = %v, want one unit per region", got)
	}
}

// TestProbeW6_ManifestAppliesOnce: a manifest row is consumed by its run; a
// later file of the same name is read as its report says. An override that
// contradicts the report is a finding and the report's own name is kept.
func TestProbeW6_ManifestAppliesOnce(t *testing.T) {
	seed := seedText(t)
	r, layout := newRunner(t)
	writeFile(t, filepath.Join(layout.Inbox, "report.txt"), seed)
	writeFile(t, filepath.Join(layout.Inbox, ManifestName), "file,unit,year,region,scheme\nreport.txt,湘西州甲单位,2020,湘西州,\n")
	first := run(t, r)
	if _, err := os.Stat(filepath.Join(layout.Inbox, ManifestName)); err == nil {
		t.Errorf("manifest.csv still in the inbox after a complete run")
	}
	if first.Manifest == "" {
		t.Errorf("summary names no archived manifest: %+v", first)
	} else if _, err := os.Stat(first.Manifest); err != nil {
		t.Errorf("archived manifest: %v", err)
	}
	got := queryRows(t, r, "SELECT unit, unit_name_in_report, fiscal_year FROM v_evaluations")
	if strings.Join(got, ",") != "湘西州甲单位|州投资促进事务中心|2020" {
		t.Errorf("v_evaluations = %v, want the manifest's unit and year with the report's own name", got)
	}
	f := queryRows(t, r, "SELECT expected, found FROM v_findings WHERE rule = 'manifest_conflict' ORDER BY 1")
	if strings.Join(f, ",") != "2020|2021,湘西州甲单位|湘西州投资促进事务中心" {
		t.Errorf("manifest_conflict findings = %v", f)
	}
	if got := queryRows(t, r, "SELECT manifest_row FROM documents"); len(got) != 1 || !strings.Contains(got[0], "manifests") || !strings.Contains(got[0], "第 2 行") {
		t.Errorf("documents.manifest_row = %v", got)
	}

	other := strings.ReplaceAll(strings.ReplaceAll(seed, "州投资促进事务局更名为州投资促进事务中心", "本单位"), "州投资促进事务中心", "州统计局")
	writeFile(t, filepath.Join(layout.Inbox, "report.txt"), other)
	second := run(t, r)
	if second.Loaded != 1 || second.Superseded+second.SupersededOnArrival != 0 {
		t.Fatalf("second run = %+v, want loaded 1, nothing superseded", second)
	}
	got = queryRows(t, r, "SELECT unit, fiscal_year FROM v_evaluations ORDER BY unit")
	if strings.Join(got, ",") != "湘西州甲单位|2020,湘西州统计局|2021" {
		t.Errorf("v_evaluations = %v, want 甲单位 2020 kept and 州统计局 2021 beside it", got)
	}
}

// TestProbeW6_RowWaitsForItsFile: a row whose file has not arrived stays in
// the inbox's manifest and applies, once, when the file comes.
func TestProbeW6_RowWaitsForItsFile(t *testing.T) {
	seed := seedText(t)
	r, layout := newRunner(t)
	writeFile(t, filepath.Join(layout.Inbox, "a.txt"), seed)
	writeFile(t, filepath.Join(layout.Inbox, ManifestName), "file,unit,year,region,scheme\na.txt,,2021,,\nlater.txt,湘西州乙单位,2021,,\n")
	first := run(t, r)
	if len(first.Notes) != 1 || !strings.Contains(first.Notes[0], "later.txt") {
		t.Errorf("notes = %q", first.Notes)
	}
	b, err := os.ReadFile(filepath.Join(layout.Inbox, ManifestName))
	if err != nil || strings.Contains(string(b), "a.txt") || !strings.Contains(string(b), "later.txt,湘西州乙单位,2021") {
		t.Fatalf("inbox manifest after the run = %q, %v", b, err)
	}
	writeFile(t, filepath.Join(layout.Inbox, "later.txt"), setLines(seed, map[int]string{6: "\t0745-1234567"}))
	if sum := run(t, r); sum.Loaded != 1 || len(sum.Notes) != 0 {
		t.Errorf("second run = %+v", sum)
	}
	if _, err := os.Stat(filepath.Join(layout.Inbox, ManifestName)); err == nil {
		t.Errorf("manifest.csv still in the inbox once every row was used")
	}
	if got := queryRows(t, r, "SELECT unit FROM v_evaluations ORDER BY unit"); !strings.Contains(strings.Join(got, ","), "湘西州乙单位") {
		t.Errorf("units = %v", got)
	}
}

// TestProbeC1_GBKManifest: Excel's GBK CSV is read like a GBK report.
func TestProbeC1_GBKManifest(t *testing.T) {
	seed := seedText(t)
	r, layout := newRunner(t)
	writeFile(t, filepath.Join(layout.Inbox, "a.txt"), seed)
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("file,unit,year,region,scheme\r\na.txt,湘西州商务局,2021,湘西州,\r\n")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(layout.Inbox, ManifestName), gbk)
	sum := run(t, r)
	if sum.Loaded != 1 || sum.Quarantined != 0 || sum.ManifestErrors != 0 {
		t.Fatalf("summary = %+v, want the report loaded", sum)
	}
	if got := queryRows(t, r, "SELECT unit FROM v_evaluations"); strings.Join(got, ",") != "湘西州商务局" {
		t.Errorf("unit = %v", got)
	}
}

// TestProbeU14_BadManifestLine: a bad line is reported and skipped; the other
// lines and files still apply; "2021年" is 2021.
func TestProbeU14_BadManifestLine(t *testing.T) {
	seed := seedText(t)
	r, layout := newRunner(t)
	writeFile(t, filepath.Join(layout.Inbox, "a.txt"), seed)
	writeFile(t, filepath.Join(layout.Inbox, "b.txt"), setLines(seed, map[int]string{6: "\t0745-1234567"}))
	writeFile(t, filepath.Join(layout.Inbox, ManifestName),
		"file,unit,year,region,scheme\na.txt,湘西州甲单位,2021年,,\nb.txt,湘西州乙单位,二〇二一,,\n")
	sum := run(t, r)
	if sum.Loaded != 2 || sum.Quarantined != 0 || sum.ManifestErrors != 1 {
		t.Fatalf("summary = %+v, want 2 loaded and 1 manifest error", sum)
	}
	if len(sum.Notes) != 1 || !strings.Contains(sum.Notes[0], "第 3 行") || !strings.Contains(sum.Notes[0], "二〇二一") {
		t.Errorf("notes = %q", sum.Notes)
	}
	got := queryRows(t, r, "SELECT unit, fiscal_year FROM v_evaluations ORDER BY unit")
	if strings.Join(got, ",") != "湘西州投资促进事务中心|2021,湘西州甲单位|2021" {
		t.Errorf("v_evaluations = %v", got)
	}
	if got := queryRows(t, r, "SELECT manifest_errors, notes FROM etl_runs"); len(got) != 1 || !strings.HasPrefix(got[0], "1|manifest.csv 第 3 行") {
		t.Errorf("etl_runs = %v", got)
	}
}

// TestProbeS2_UnknownYearQuarantined: a report without a readable year waits
// in quarantine with a reason a user can act on.
func TestProbeS2_UnknownYearQuarantined(t *testing.T) {
	seed := seedText(t)
	r, layout := newRunner(t)
	noYear := regexp.MustCompile(`20[0-9]{2}(年|—|-|〕)`).ReplaceAllString(seed, "$1")
	writeFile(t, filepath.Join(layout.Inbox, "noyear.txt"), noYear)
	sum := run(t, r)
	if sum.Loaded != 0 || sum.Quarantined != 1 {
		t.Fatalf("summary = %+v, want quarantined 1", sum)
	}
	const want = "无法确定评价年度/单位，请在 manifest.csv 中指定"
	info := readErrorFile(t, filepath.Join(layout.Quarantine, "noyear.txt.error.json"))
	if !strings.Contains(info["reason"], want) || !strings.Contains(info["reason"], "评价年度") {
		t.Errorf("reason = %q", info["reason"])
	}
	if got := queryRows(t, r, "SELECT status, error FROM etl_files"); len(got) != 1 || !strings.Contains(got[0], want) {
		t.Errorf("ledger = %v", got)
	}

	// With the year in the manifest it loads.
	if err := os.Rename(filepath.Join(layout.Quarantine, "noyear.txt"), filepath.Join(layout.Inbox, "noyear.txt")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(layout.Inbox, ManifestName), "file,unit,year,region,scheme\nnoyear.txt,,2021,,\n")
	if sum := run(t, r); sum.Loaded != 1 {
		t.Errorf("with a manifest year: %+v", sum)
	}
}

func readErrorFile(t *testing.T, p string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range m {
		out[k] = fmt.Sprint(v)
	}
	return out
}

// TestProbeS3_SubFolders: a county's unzipped folder is processed; the folder
// is kept with the document and in the ledger, and the emptied folder goes.
func TestProbeS3_SubFolders(t *testing.T) {
	seed := seedText(t)
	r, layout := newRunner(t)
	writeFile(t, filepath.Join(layout.Inbox, "凤凰县", "seed.txt"), seed)
	writeFile(t, filepath.Join(layout.Inbox, "凤凰县", "说明.md"), "# 不是报告\n")
	sum := run(t, r)
	if sum.Seen != 2 || sum.Loaded != 1 || sum.Quarantined != 1 {
		t.Fatalf("summary = %+v, want seen 2, loaded 1, quarantined 1", sum)
	}
	if got := queryRows(t, r, "SELECT inbox_folder, file_name FROM documents"); strings.Join(got, ",") != "凤凰县|seed.txt" {
		t.Errorf("documents = %v", got)
	}
	if got := queryRows(t, r, "SELECT file_name, status FROM etl_files ORDER BY 1"); strings.Join(got, ",") != "凤凰县/seed.txt|loaded,凤凰县/说明.md|quarantined" {
		t.Errorf("ledger = %v", got)
	}
	assertQuarantined(t, layout, filepath.Join("凤凰县", "说明.md"))
	inboxEmpty(t, layout)
}

// TestProbeU9_ChineseReasonsOnce: quarantine reasons are Chinese and say the
// stage once; the technical text stays in "error".
func TestProbeU9_ChineseReasonsOnce(t *testing.T) {
	r, layout := newRunner(t)
	writeFile(t, filepath.Join(layout.Inbox, "notes.md"), "# 不是报告\n")
	writeFile(t, filepath.Join(layout.Inbox, "notice.txt"), "关于召开会议的通知\n请各单位准时参加。\n")
	writeFile(t, filepath.Join(layout.Inbox, "memo.txt"), "会议安排\n请各单位准时参加。\n")
	run(t, r)
	md := readErrorFile(t, filepath.Join(layout.Quarantine, "notes.md.error.json"))
	if !strings.HasPrefix(md["reason"], "不支持的文件类型“.md”；支持的类型：") || !strings.Contains(md["reason"], ".docx") {
		t.Errorf("unsupported type reason = %q", md["reason"])
	}
	// A notice is named as one; a text with nothing of a report is "no content".
	for name, prefix := range map[string]string{"notice.txt": "这不是部门整体支出绩效自评报告（看来是通知", "memo.txt": "未找到自评报告内容"} {
		txt := readErrorFile(t, filepath.Join(layout.Quarantine, name+".error.json"))
		if !strings.HasPrefix(txt["reason"], prefix) || txt["stage"] != "parse" {
			t.Errorf("%s: non-report reason = %q (stage %q)", name, txt["reason"], txt["stage"])
		}
		if strings.Contains(txt["error"], "parse: parse:") {
			t.Errorf("%s: error names the stage twice: %q", name, txt["error"])
		}
	}
}

func TestRevisionInName(t *testing.T) {
	for name, want := range map[string]string{
		"报告(修改版).txt":      "修改",
		"X 更正.docx":        "更正",
		"tjj_2020_r2.docx": "r2",
		"report-v2.pdf":    "v2",
		"report-V10.pdf":   "V10",
		"report-v1.pdf":    "",
		"dev2019.txt":      "",
		"最终稿.docx":         "最终",
		"投资促进事务中心2021.txt": "",
	} {
		if got := revisionInName(name); got != want {
			t.Errorf("revisionInName(%q) = %q, want %q", name, got, want)
		}
	}
}
