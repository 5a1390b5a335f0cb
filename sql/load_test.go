package sql

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/report"
)

func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), FileName), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func sampleReport(unit string, year int, former ...string) *report.Report {
	return &report.Report{
		Source:     report.Source{Format: "txt", ParserVersion: report.ParserVersion},
		Unit:       report.Unit{Name: unit, CanonicalName: "湘西" + unit, Region: "湘西州", FormerNames: former},
		FiscalYear: year,
		Staffing:   report.Staffing{Authorized: report.Float(13), Actual: report.Float(4)},
		Income: []report.IncomeRow{
			{Org: "局机关及二级机构汇总", Summary: true},
			{Org: "2、二级机构1", Total: report.Float(146.95), Carryover: report.Float(47.84), FiscalAppropriation: report.Float(99.11)},
		},
		Score: report.Score{Total: report.Float(94), Grade: "优", ByLevel1: map[string]float64{"投入": 13}},
	}
}

func count(t *testing.T, db *DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestLoadIdempotentAndSupersede(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	first, err := db.Load(ctx, Document{Report: sampleReport("州甲局", 2021), FileName: "a.txt", SHA256: "aaa", SizeBytes: 10})
	if err != nil {
		t.Fatal(err)
	}
	if first.Skipped || first.DocumentID == 0 {
		t.Fatalf("first load = %+v", first)
	}
	again, err := db.Load(ctx, Document{Report: sampleReport("州甲局", 2021), FileName: "a-copy.txt", SHA256: "aaa", SizeBytes: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !again.Skipped {
		t.Fatalf("same sha256 loaded twice: %+v", again)
	}
	newer, err := db.Load(ctx, Document{Report: sampleReport("州甲局", 2021), FileName: "a-v2.txt", SHA256: "bbb", SizeBytes: 11})
	if err != nil {
		t.Fatal(err)
	}
	if newer.Superseded != first.DocumentID {
		t.Fatalf("superseded = %d, want %d", newer.Superseded, first.DocumentID)
	}
	if n := count(t, db, `SELECT count(*) FROM documents`); n != 2 {
		t.Errorf("documents = %d, want 2 (superseded one kept)", n)
	}
	if n := count(t, db, `SELECT count(*) FROM documents WHERE superseded_by = ?`, newer.DocumentID); n != 1 {
		t.Errorf("superseded_by not recorded")
	}
	if n := count(t, db, `SELECT count(*) FROM v_evaluations WHERE evaluation_id = ?`, newer.DocumentID); n != 1 {
		t.Errorf("v_evaluations does not point at the newer document")
	}
	// Facts of both documents are kept; blank cells stay NULL.
	if n := count(t, db, `SELECT count(*) FROM income WHERE total IS NULL AND org = '局机关及二级机构汇总'`); n != 2 {
		t.Errorf("blank summary rows = %d, want 2", n)
	}
	if n := count(t, db, `SELECT count(*) FROM income WHERE total = 146.95 AND carryover = 47.84`); n != 2 {
		t.Errorf("income rows with figures = %d, want 2", n)
	}
}

func TestLoadFollowsRename(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	old, err := db.Load(ctx, Document{Report: sampleReport("州促进事务局", 2020), FileName: "2020.txt", SHA256: "s2020"})
	if err != nil {
		t.Fatal(err)
	}
	// The new name arrives first for 2022, then the 2021 report records the rename.
	_, err = db.Load(ctx, Document{Report: sampleReport("州促进事务中心", 2022), FileName: "2022.txt", SHA256: "s2022"})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM units`); n != 2 {
		t.Fatalf("units before rename = %d, want 2", n)
	}
	renamed, err := db.Load(ctx, Document{Report: sampleReport("州促进事务中心", 2021, "湘西州促进事务局"), FileName: "2021.txt", SHA256: "s2021"})
	if err != nil {
		t.Fatal(err)
	}
	if renamed.UnitID != old.UnitID {
		t.Errorf("renamed unit id = %d, want the old unit %d", renamed.UnitID, old.UnitID)
	}
	if n := count(t, db, `SELECT count(*) FROM units`); n != 1 {
		t.Errorf("units after rename = %d, want 1 (merged)", n)
	}
	if n := count(t, db, `SELECT count(DISTINCT fiscal_year) FROM v_evaluations WHERE unit = '湘西州促进事务中心'`); n != 3 {
		t.Errorf("years under the new name = %d, want 3", n)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.db.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (999, '999_future.sql')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(ctx, path, Options{})
	if err == nil || !strings.Contains(err.Error(), "请升级 jixiao") {
		t.Fatalf("Open on a newer schema: err = %v, want one asking to upgrade jixiao", err)
	}
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Load(ctx, Document{Report: sampleReport("州甲局", 2021), FileName: "a.txt", SHA256: "aaa"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM schema_migrations`); n != len(ms) {
		t.Errorf("schema_migrations rows = %d, want %d", n, len(ms))
	}
	if n := count(t, db, `SELECT count(*) FROM documents`); n != 1 {
		t.Errorf("documents after reopen = %d", n)
	}
}

func TestQueryReadOnly(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	if _, err := db.Load(ctx, Document{Report: sampleReport("州甲局", 2021), FileName: "a.txt", SHA256: "aaa"}); err != nil {
		t.Fatal(err)
	}
	res, err := db.Query(ctx, "SELECT unit, fiscal_year, total_score FROM v_evaluations", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 || res.Rows[0][0] != "湘西州甲局" || res.Rows[0][2] != json.Number("94") {
		t.Fatalf("rows = %#v", res.Rows)
	}
	res, err = db.Query(ctx, "SELECT * FROM range(5)", 3)
	if err != nil || len(res.Rows) != 3 || !res.Truncated {
		t.Fatalf("row cap: %+v, %v", res, err)
	}
	if _, err := db.Query(ctx, "DESCRIBE v_evaluations", 0); err != nil {
		t.Errorf("DESCRIBE: %v", err)
	}
	for _, bad := range []string{
		"DROP TABLE documents",
		"DROP TABLE documents; SELECT 1",
		"SELECT 1; DROP TABLE documents",
		"INSERT INTO units VALUES (9, 'x', NULL, NULL, now())",
		"COPY documents TO '/tmp/x.csv'",
		"ATTACH '/tmp/x.duckdb'",
		"SET threads = 1",
		"PRAGMA version",
	} {
		if _, err := db.Query(ctx, bad, 0); err == nil {
			t.Errorf("Query(%q) succeeded, want refusal", bad)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM documents`); n != 1 {
		t.Errorf("documents = %d after refused statements", n)
	}
}

func TestRefreshAggregates(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	for i, y := range []int{2020, 2021} {
		r := sampleReport("州甲局", y)
		if _, err := db.Load(ctx, Document{Report: r, FileName: "a.txt", SHA256: string(rune('a' + i))}); err != nil {
			t.Fatal(err)
		}
	}
	v0, _ := db.DataVersion(ctx)
	v1, err := db.RefreshAggregates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v1 != v0+1 {
		t.Errorf("data version %d → %d, want +1", v0, v1)
	}
	res, err := db.Query(ctx, "SELECT fiscal_year, units, avg_score, income_total FROM agg_yearly ORDER BY 1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 2 || res.Rows[1][1] != int32(1) || res.Rows[1][2] != 94.0 || res.Rows[1][3] != 146.95 {
		t.Fatalf("agg_yearly = %#v", res.Rows)
	}
	tr, err := db.Query(ctx, "SELECT value, prev_value, delta FROM v_trends WHERE unit = '湘西州甲局' AND measure = 'income_total' AND fiscal_year = 2021", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Rows) != 1 || tr.Rows[0][1] != 146.95 || tr.Rows[0][2] != 0.0 {
		t.Fatalf("v_trends = %#v", tr.Rows)
	}
}

func TestCoverageShowsMissingYears(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	for _, y := range []int{2019, 2021} {
		if _, err := db.Load(ctx, Document{Report: sampleReport("州甲局", y), FileName: "a.txt", SHA256: fmt.Sprint(y)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Load(ctx, Document{Report: sampleReport("州乙局", 2020), FileName: "b.txt", SHA256: "b2020"}); err != nil {
		t.Fatal(err)
	}
	res, err := db.Query(ctx, "SELECT unit, fiscal_year, status FROM v_coverage ORDER BY unit, fiscal_year", 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res.Rows {
		got = append(got, fmt.Sprint(r...))
	}
	want := []string{"湘西州乙局2019missing", "湘西州乙局2020present", "湘西州乙局2021missing",
		"湘西州甲局2019present", "湘西州甲局2020missing", "湘西州甲局2021present"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("coverage = %v, want %v", got, want)
	}
}

// TestLoadBatchMatchesOneByOne loads the same documents one transaction each
// and as groups: renames, a merge of two units, a supersede, the same bytes
// twice and a document that cannot load must leave identical tables, and the
// bad document fails alone.
func TestLoadBatchMatchesOneByOne(t *testing.T) {
	ctx := context.Background()
	doc := func(sha string, r *report.Report) Document {
		return Document{Report: r, FileName: sha + ".txt", SHA256: sha, SizeBytes: 1}
	}
	docs := []Document{
		doc("d1", sampleReport("州乙事务局", 2019)),
		doc("d2", sampleReport("州丙局", 2019)),
		doc("d3", sampleReport("州乙事务局", 2020)),
		doc("d3", sampleReport("州乙事务局", 2020)), // the same bytes again: skipped
		doc("d4", sampleReport("州乙事务中心", 2021, "湘西州乙事务局")),
		doc("d5", sampleReport("州丙局", 2019)),   // supersedes d2
		{FileName: "broken.txt", SHA256: "d6"}, // no report: fails alone
		doc("d7", sampleReport("州丁局", 2019)),
		// Names both 州丙局 and 州丁局: the two units merge mid-group.
		doc("d8", sampleReport("州丁局", 2020, "湘西州丙局")),
		doc("d9", sampleReport("州丙局", 2021)),
		doc("d10", sampleReport("州乙事务中心", 2019)), // supersedes d1 through the rename
	}
	single := openTemp(t)
	var want []string
	for _, d := range docs {
		res, err := single.Load(ctx, d)
		want = append(want, fmt.Sprintf("%+v %v", res, err))
	}
	for _, size := range []int{len(docs), 3} {
		t.Run(fmt.Sprintf("groups of %d", size), func(t *testing.T) {
			grouped := openTemp(t)
			var got []string
			for i := 0; i < len(docs); i += size {
				res, errs := grouped.LoadBatch(ctx, docs[i:min(i+size, len(docs))])
				for k := range res {
					got = append(got, fmt.Sprintf("%+v %v", res[k], errs[k]))
				}
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("results:\n got %s\nwant %s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if !strings.Contains(got[6], "broken.txt: no report") {
				t.Errorf("the bad document's error = %s", got[6])
			}
			for _, q := range []string{
				`SELECT document_id, sha256, unit_id, fiscal_year, superseded_by FROM documents ORDER BY 1`,
				`SELECT unit_id, canonical_name FROM units ORDER BY 1`,
				`SELECT alias, unit_id, source FROM unit_aliases ORDER BY 1`,
				`SELECT document_id, kind, ord, name, n1 FROM report_items ORDER BY 1, 2, 3`,
				`SELECT unit_id, fiscal_year, evaluation_id FROM v_evaluations ORDER BY 1, 2`,
			} {
				a, err := single.Query(ctx, q, 0)
				if err != nil {
					t.Fatal(err)
				}
				b, err := grouped.Query(ctx, q, 0)
				if err != nil {
					t.Fatal(err)
				}
				if fmt.Sprint(a.Rows) != fmt.Sprint(b.Rows) {
					t.Errorf("%s:\n one by one %v\n grouped    %v", q, a.Rows, b.Rows)
				}
			}
			// The rename and the merge leave two units of the four names.
			if n := count(t, grouped, `SELECT count(*) FROM units`); n != 2 {
				t.Errorf("units = %d, want 2 (乙 renamed; 丙 and 丁 merged)", n)
			}
		})
	}
}

// TestViewsTolerateOutsizedFigures: DuckDB may push a filter on a cast column
// into the scan of report_items and so cast rows of other kinds too; a metric
// of 1371200 万元 (or a misread number past DECIMAL(18,4)) must not fail the
// score views of the whole warehouse. It takes enough rows (compressed row
// groups after a checkpoint) for DuckDB to plan the scan that way.
func TestViewsTolerateOutsizedFigures(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	if _, err := db.db.ExecContext(ctx, `INSERT INTO report_items (document_id, kind, ord, name, n1, n3)
		SELECT i // 100,
		       CASE WHEN i % 100 < 20 THEN 'indicator' WHEN i % 100 < 50 THEN 'metric' ELSE 'finding' END,
		       i % 100, 'x',
		       CASE WHEN i % 100 < 20 THEN 5 WHEN i % 1000 = 949 THEN 1e20 ELSE 1371200 END, 3
		FROM range(1000000) t(i)`); err != nil {
		t.Fatal(err)
	}
	if err := db.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"SELECT count(*) FROM indicators WHERE max_points > 0":     "200000",
		"SELECT count(*) FROM indicators WHERE declared_score > 0": "200000",
		"SELECT count(*) FROM metrics WHERE value IS NULL":         "1000", // 1e20 does not fit
		"SELECT count(*) FROM metrics WHERE value = 1371200":       "299000",
	} {
		res, err := db.Query(ctx, q, 0)
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		if got := fmt.Sprint(res.Rows[0][0]); got != want {
			t.Errorf("%s = %s, want %s", q, got, want)
		}
	}
}

// TestGradeDistributionCountsEveryGrade: the yearly grade columns add up to
// the year's units whatever the scheme's grades — 中 (national, Sichuan) and
// grades of other provinces' wording (合格) included.
func TestGradeDistributionCountsEveryGrade(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	for i, g := range []string{"优", "良", "中", "较差", "差", "合格"} {
		r := sampleReport(fmt.Sprintf("州%c局", '甲'+rune(i)), 2022)
		r.Score.Grade = g
		if _, err := db.Load(ctx, Document{Report: r, FileName: fmt.Sprint(i, ".txt"), SHA256: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.RefreshAggregates(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := db.Query(ctx, `SELECT units, grade_you, grade_liang, grade_zhong, grade_jiaocha, grade_cha, grade_other FROM agg_yearly`, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []any{int32(6), int32(1), int32(1), int32(1), int32(1), int32(1), int32(1)}
	if len(res.Rows) != 1 || fmt.Sprint(res.Rows[0]) != fmt.Sprint(want) {
		t.Errorf("agg_yearly = %v, want %v", res.Rows, want)
	}
}
