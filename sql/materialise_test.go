package sql

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/etl/scheme"
	"jixiao/report"
)

// TestMaterialisedMatchDefinitions keeps every mat_<name> table's columns
// (declared in views/003_derived_tables.sql) equal to its <name>_all definition's.
func TestMaterialisedMatchDefinitions(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	describe := func(rel string) string {
		rows, err := db.db.QueryContext(ctx, "SELECT column_name, column_type FROM (DESCRIBE "+rel+")")
		if err != nil {
			t.Fatalf("describe %s: %v", rel, err)
		}
		defer rows.Close()
		var cols []string
		for rows.Next() {
			var name, typ string
			if err := rows.Scan(&name, &typ); err != nil {
				t.Fatal(err)
			}
			cols = append(cols, name+" "+typ)
		}
		return strings.Join(cols, ", ")
	}
	for _, name := range materialised {
		if got, want := describe("mat_"+name), describe(name+"_all"); got != want {
			t.Errorf("mat_%s columns\n  %s\nwant (%s_all)\n  %s", name, got, name, want)
		}
	}
}

// p1Report is a seed-like report of unit i for year, with a finding, targets
// and metrics so that every materialised table has rows.
func p1Report(i, year int) *report.Report {
	r := seedLikeReport()
	r.Unit = report.Unit{Name: fmt.Sprintf("州测试单位%d", i), CanonicalName: fmt.Sprintf("湘西州测试单位%d", i), Region: "湘西州"}
	r.FiscalYear = year
	r.Income = []report.IncomeRow{{Org: "二级机构1", Total: report.Float(100 + float64(i) + float64(year-2019))}}
	r.Score = report.Score{Total: report.Float(94), Grade: "差", ByLevel1: map[string]float64{"投入": 13}}
	r.Targets = []report.Target{{Code: "satisfaction_public", Text: "满意度90%以上", TargetValue: report.Float(90), Unit: "%", Comparator: ">="}}
	return r
}

// sameAsDefinitions fails unless every current evaluation's stored rows equal
// what the definitions compute now, table by table, in both directions.
func sameAsDefinitions(t *testing.T, db *DB) {
	t.Helper()
	for _, name := range materialised {
		q := fmt.Sprintf(`WITH cur AS (SELECT document_id FROM evaluations),
			d AS (SELECT * FROM %[1]s_all WHERE document_id IN (SELECT document_id FROM cur)),
			m AS (SELECT * FROM mat_%[1]s WHERE document_id IN (SELECT document_id FROM cur))
			SELECT (SELECT count(*) FROM (SELECT * FROM d EXCEPT ALL SELECT * FROM m)) +
			       (SELECT count(*) FROM (SELECT * FROM m EXCEPT ALL SELECT * FROM d)), (SELECT count(*) FROM d)`, name)
		var diff, n int
		if err := db.db.QueryRowContext(context.Background(), q).Scan(&diff, &n); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff != 0 || n == 0 {
			t.Errorf("mat_%s: %d rows differ from %s_all (%d rows)", name, diff, name, n)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM (SELECT document_id FROM evaluations EXCEPT SELECT document_id FROM mat_current)`); n != 0 {
		t.Errorf("%d current evaluations missing from mat_current", n)
	}
}

// P1: the v_* views read per-document results stored by the refresh that ends
// each run, incrementally (only new documents are computed), consistently
// (a reader sees the last refresh's state, never half of a run), and a
// warehouse left unrefreshed (kill -9 between commit and refresh) or computed
// by other views or schemes is repaired on the next open or run.
func TestProbeP1_MaterialisedResults(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	cat, err := scheme.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	open := func() *DB {
		t.Helper()
		db, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SyncSchemes(ctx, cat); err != nil {
			t.Fatal(err)
		}
		return db
	}
	load := func(db *DB, i, year int) int64 {
		t.Helper()
		res, err := db.Load(ctx, Document{Report: p1Report(i, year), FileName: "r.txt", SHA256: fmt.Sprintf("%d-%d", i, year)})
		if err != nil {
			t.Fatal(err)
		}
		return res.DocumentID
	}
	refresh := func(db *DB) {
		t.Helper()
		if _, err := db.RefreshAggregates(ctx); err != nil {
			t.Fatal(err)
		}
	}
	db := open()
	first := load(db, 1, 2020)
	load(db, 2, 2020)
	refresh(db)
	sameAsDefinitions(t, db)

	// A later run: only its documents are computed; the first run's stored
	// rows stay as they were (marked so we can tell).
	if _, err := db.db.ExecContext(ctx, `UPDATE mat_findings SET message = message || '#' WHERE document_id = ?`, first); err != nil {
		t.Fatal(err)
	}
	load(db, 1, 2021)
	second := func() int64 {
		r := p1Report(2, 2020)
		r.Income[0].Total = report.Float(500) // a corrected version of unit 2's 2020 report
		res, err := db.Load(ctx, Document{Report: r, FileName: "r2.txt", SHA256: "corrected"})
		if err != nil {
			t.Fatal(err)
		}
		return res.DocumentID
	}()
	// Before the run's refresh readers still see the previous state, whole:
	// unit 2's 2020 is the old document in every materialised view.
	if n := count(t, db, `SELECT count(*) FROM v_measures WHERE evaluation_id = ?`, second); n != 0 {
		t.Errorf("v_measures shows the new document before the refresh (%d rows)", n)
	}
	if n := count(t, db, `SELECT count(*) FROM v_trends WHERE unit = '全州合计' AND measure = 'income_total' AND fiscal_year = 2020 AND value = 205`); n != 1 {
		t.Errorf("全州合计 2020 is not the previous refresh's total before the refresh")
	}
	refresh(db)
	if n := count(t, db, `SELECT count(*) FROM mat_findings WHERE document_id = ? AND message LIKE '%#'`, first); n == 0 {
		t.Error("the refresh recomputed documents of an earlier run")
	}
	if _, err := db.db.ExecContext(ctx, `UPDATE mat_findings SET message = rtrim(message, '#')`); err != nil {
		t.Fatal(err)
	}
	sameAsDefinitions(t, db)
	if n := count(t, db, `SELECT count(*) FROM v_trends WHERE unit = '全州合计' AND measure = 'income_total' AND fiscal_year = 2020 AND value = 602`); n != 1 {
		t.Errorf("全州合计 2020 does not use the corrected report after the refresh")
	}

	// kill -9 between a group's commit and the refresh: the next open repairs.
	load(db, 3, 2021)
	db.Close()
	db = open()
	sameAsDefinitions(t, db)

	// Results computed by other views (an older binary) are recomputed on open.
	if _, err := db.db.ExecContext(ctx, `UPDATE warehouse_meta SET value = value + 1 WHERE key = 'views_stamp';
		UPDATE mat_measures SET value = -1`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = open()
	sameAsDefinitions(t, db)

	// … and by other schemes, at the start of the next run.
	if _, err := db.db.ExecContext(ctx, `UPDATE warehouse_meta SET value = value + 1 WHERE key = 'schemes_stamp';
		UPDATE mat_indicator_scores SET computed_score = -1`); err != nil {
		t.Fatal(err)
	}
	if err := db.SyncSchemes(ctx, cat); err != nil {
		t.Fatal(err)
	}
	sameAsDefinitions(t, db)

	// The same schemes, labels and views again recompute nothing.
	if _, err := db.db.ExecContext(ctx, `UPDATE mat_findings SET message = message || '#'`); err != nil {
		t.Fatal(err)
	}
	if err := db.SyncSchemes(ctx, cat); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = open()
	if n := count(t, db, `SELECT count(*) FROM mat_findings WHERE message NOT LIKE '%#'`); n != 0 {
		t.Errorf("%d stored findings recomputed although nothing changed", n)
	}
	db.Close()
}

func TestIDRanges(t *testing.T) {
	tests := []struct {
		ids  []int64
		want string
	}{
		{nil, "[]"},
		{[]int64{5, 6, 7}, "[[5 7]]"},
		{[]int64{1, 9, 10, 11}, "[[1 1] [9 11]]"},
		// more than maxRanges: the smallest gaps merge first
		{[]int64{1, 3, 20, 40, 41, 100}, "[[1 3] [20 20] [40 41] [100 100]]"},
		{[]int64{1, 3, 5, 20, 40, 41, 100}, "[[1 5] [20 20] [40 41] [100 100]]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(idRanges(tt.ids)); got != tt.want {
			t.Errorf("idRanges(%v) = %s, want %s", tt.ids, got, tt.want)
		}
	}
}
