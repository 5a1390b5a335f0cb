package etl

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/etl/demo"
	"jixiao/report"
	warehouse "jixiao/sql"
)

// doctypeFixtures are the parser's document-type fixtures (our own wording).
const doctypeFixtures = "parse/testdata/doctype"

// almostEmpty is a department report of which the parser reads its title
// and one indicator only.
const almostEmpty = "云溪县档案局2023年度部门整体支出绩效自评报告\n" +
	"本局高度重视绩效管理工作，认真组织了自评。\n" +
	"①绩效目标合理性（3分）：目标明确，得满分3分。\n"

// A mixed folder: department reports, a 项目支出 report, a 决算公开 document
// with an attached self-evaluation, minutes of a meeting and an almost empty
// report. The run loads what it can, refuses the project report and the
// minutes with a reason naming what they are, counts the almost empty report
// as unrecognised, and the warehouse shows each document's type and
// completeness.
func TestMixedFolder(t *testing.T) {
	ctx := context.Background()
	r, layout := newRunner(t)
	demoDir := filepath.Join(t.TempDir(), "demo")
	files, err := demo.Write(ctx, demoDir, demo.Options{Units: 1, FromYear: 2022, ToYear: 2023})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		copyFile(t, filepath.Join(demoDir, f.Name), filepath.Join(layout.Inbox, f.Name))
	}
	for _, name := range []string{"project_titled.txt", "final_accounts_annex.txt", "unrelated.txt"} {
		copyFile(t, filepath.Join(doctypeFixtures, name), filepath.Join(layout.Inbox, name))
	}
	writeFile(t, filepath.Join(layout.Inbox, "almost_empty.txt"), almostEmpty)

	sum := run(t, r)
	loaded := len(files) + 2
	if sum.Seen != len(files)+4 || sum.Loaded != loaded || sum.Quarantined != 2 || sum.Unrecognised != 1 {
		t.Fatalf("summary = %+v; want %d loaded, 2 quarantined, 1 unrecognised", sum, loaded)
	}
	for name, says := range map[string]string{
		"project_titled.txt": "“高标准农田建设项目”的项目支出绩效自评报告，不是部门整体支出绩效自评报告，未入库",
		"unrelated.txt":      "看来是通知、纪要等公文",
	} {
		assertQuarantined(t, layout, name)
		b, err := os.ReadFile(filepath.Join(layout.Quarantine, name+".error.json"))
		if err != nil {
			t.Fatal(err)
		}
		var info struct{ Stage, Reason string }
		if err := json.Unmarshal(b, &info); err != nil {
			t.Fatal(err)
		}
		if info.Stage != "parse" || !strings.Contains(info.Reason, says) {
			t.Errorf("%s: stage %q reason %q, want it to say %q", name, info.Stage, info.Reason, says)
		}
	}
	// The quarantine says what each refused document is and whose it is:
	// the reason's note, the .error.json and the ledger (etl_file_identity,
	// read back by the run's API record).
	var info struct {
		Reason   string
		Identity warehouse.FileIdentity
	}
	b, err := os.ReadFile(filepath.Join(layout.Quarantine, "project_titled.txt.error.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &info); err != nil {
		t.Fatal(err)
	}
	want := warehouse.FileIdentity{DocumentType: report.DocumentProject, Unit: "云溪县农业农村局", FiscalYear: 2023, Evidence: "云溪县农业农村局2023年度高标准农田建设项目支出绩效自评报告"}
	if info.Identity != want || !strings.HasSuffix(info.Reason, "。文件类型：项目支出绩效自评报告；单位：云溪县农业农村局；年度：2023年度") {
		t.Errorf("project report's quarantine: identity %+v, reason %q", info.Identity, info.Reason)
	}
	if got := queryRows(t, r, `SELECT file_name, document_type, coalesce(unit, ''), coalesce(fiscal_year, 0) FROM etl_file_identity ORDER BY file_name`); strings.Join(got, ",") != "project_titled.txt|project|云溪县农业农村局|2023,unrelated.txt|other||0" {
		t.Errorf("etl_file_identity = %v", got)
	}
	runRec, err := r.WH.RunByID(ctx, sum.RunID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range runRec.Files {
		switch f.FileName {
		case "project_titled.txt":
			if f.DocumentType == nil || *f.DocumentType != report.DocumentProject || f.Unit == nil || *f.Unit != "云溪县农业农村局" || f.FiscalYear == nil || *f.FiscalYear != 2023 {
				t.Errorf("run record of the project report: %+v", f)
			}
		case "unrelated.txt":
			if f.DocumentType == nil || *f.DocumentType != report.DocumentOther || f.Unit != nil || f.FiscalYear != nil {
				t.Errorf("run record of the minutes: %+v", f)
			}
		default:
			if f.DocumentType != nil {
				t.Errorf("loaded %s has a refusal's identity: %+v", f.FileName, f)
			}
		}
	}

	// No figure of the project report reached the warehouse.
	if got := queryRows(t, r, "SELECT count(*) FROM documents WHERE file_name = 'project_titled.txt'"); strings.Join(got, ",") != "0" {
		t.Errorf("project report documents = %v", got)
	}
	if got := queryRows(t, r, "SELECT unrecognised, loaded, quarantined FROM etl_runs"); strings.Join(got, ",") != "1|"+itoa(loaded)+"|2" {
		t.Errorf("etl_runs = %v", got)
	}

	rows := queryRows(t, r, `SELECT file_name, document_type, found, expected, unrecognised, missing_text, coalesce(excerpt_heading, '')
		FROM v_completeness ORDER BY file_name`)
	if len(rows) != loaded {
		t.Fatalf("v_completeness = %v", rows)
	}
	byFile := map[string][]string{}
	for _, row := range rows {
		cells := strings.Split(row, "|")
		byFile[cells[0]] = cells[1:]
	}
	if c := byFile["almost_empty.txt"]; c == nil || c[0] != report.DocumentDepartment || c[3] != "true" ||
		!strings.Contains(c[4], "年度收入情况表") || !strings.Contains(c[4], "自评总分") {
		t.Errorf("almost empty: %v", c)
	}
	if c := byFile["final_accounts_annex.txt"]; c == nil || c[0] != report.DocumentFinalAccounts || c[1] != c[2] || c[3] != "false" ||
		!strings.HasPrefix(c[5], "附件：") {
		t.Errorf("决算公开: %v", c)
	}
	for _, f := range files {
		if c := byFile[f.Name]; c == nil || c[0] != report.DocumentDepartment || c[3] != "false" {
			t.Errorf("%s: %v", f.Name, c)
		}
	}
	if got := queryRows(t, r, "SELECT DISTINCT document_type FROM v_evaluations ORDER BY 1"); strings.Join(got, ",") != "department,final_accounts" {
		t.Errorf("v_evaluations.document_type = %v", got)
	}

	// The API's evaluation reads type, completeness and the cut back.
	var id int64
	got := queryRows(t, r, "SELECT evaluation_id FROM v_completeness WHERE file_name = 'final_accounts_annex.txt'")
	if len(got) != 1 {
		t.Fatalf("final accounts evaluation = %v", got)
	}
	if err := json.Unmarshal([]byte(got[0]), &id); err != nil {
		t.Fatal(err)
	}
	ev, err := r.WH.Evaluation(ctx, id, warehouse.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	rep := ev.Report
	if rep.DocumentType != report.DocumentFinalAccounts || rep.Excerpt == nil || !strings.HasPrefix(rep.Excerpt.Heading, "附件：") ||
		rep.Completeness.Expected == 0 || rep.Completeness.Found != rep.Completeness.Expected {
		t.Errorf("evaluation: type %q excerpt %+v completeness %+v", rep.DocumentType, rep.Excerpt, rep.Completeness)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
