package sql

import (
	"context"
	"errors"
	"strings"
	"testing"

	"jixiao/report"
)

// county is a county unit's report: the form signs 县财政局, the title gives
// the full name.
func county(full string, year int) *report.Report {
	r := sampleReport("县财政局", year)
	r.Unit.CanonicalName = "县财政局"
	r.Unit.FullName = full
	return r
}

func loadAll(t *testing.T, db *DB, docs ...Document) []LoadResult {
	t.Helper()
	var out []LoadResult
	for _, d := range docs {
		res, err := db.Load(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res)
	}
	// The v_* views read the results the run-end refresh stores.
	if _, err := db.RefreshAggregates(context.Background()); err != nil {
		t.Fatal(err)
	}
	return out
}

func strs(t *testing.T, db *DB, q string) string {
	t.Helper()
	rows, err := db.db.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return strings.Join(out, ",")
}

// TestProbeW5_CountyUnitsByFullName: two counties' 县财政局 are two units; a
// report that signs 县财政局 with no full name is a finding, not a merge.
func TestProbeW5_CountyUnitsByFullName(t *testing.T) {
	db := openTemp(t)
	res := loadAll(t, db,
		Document{Report: county("凤凰县财政局", 2021), FileName: "凤凰县.txt", SHA256: "f1"},
		Document{Report: county("泸溪县财政局", 2021), FileName: "泸溪县.txt", SHA256: "l1"},
		Document{Report: county("凤凰县财政局", 2022), FileName: "凤凰县2022.txt", SHA256: "f2"},
		Document{Report: county("", 2021), FileName: "无标题.txt", SHA256: "x1"},
	)
	for i, r := range res {
		if r.Superseded != 0 || r.SupersededBy != 0 {
			t.Errorf("document %d superseded: %+v", i+1, r)
		}
	}
	if res[0].UnitID == res[1].UnitID || res[2].UnitID != res[0].UnitID || res[3].UnitID == res[0].UnitID || res[3].UnitID == res[1].UnitID {
		t.Errorf("units = %d %d %d %d, want 凤凰县 twice, 泸溪县 and the unknown county apart", res[0].UnitID, res[1].UnitID, res[2].UnitID, res[3].UnitID)
	}
	if got := strs(t, db, `SELECT unit FROM v_evaluations ORDER BY evaluation_id`); got != "凤凰县财政局,泸溪县财政局,凤凰县财政局,县财政局" {
		t.Errorf("units = %s", got)
	}
	got := strs(t, db, `SELECT message FROM v_findings WHERE rule = 'unit_ambiguous'`)
	if !strings.Contains(got, "凤凰县财政局、泸溪县财政局") || !strings.Contains(got, "manifest.csv") {
		t.Errorf("unit_ambiguous = %q", got)
	}
}

// TestProbeW5_TitleAfterTitleless: a unit whose first report had no title
// keeps its reports when a later one gives the full name; another county's
// titled report does not join it.
func TestProbeW5_TitleAfterTitleless(t *testing.T) {
	db := openTemp(t)
	res := loadAll(t, db,
		Document{Report: county("", 2020), FileName: "2020.txt", SHA256: "a"},
		Document{Report: county("凤凰县财政局", 2021), FileName: "凤凰县.txt", SHA256: "b"},
		Document{Report: county("泸溪县财政局", 2021), FileName: "泸溪县.txt", SHA256: "c"},
	)
	if res[1].UnitID != res[0].UnitID || res[2].UnitID == res[0].UnitID || res[2].Superseded != 0 || res[1].Superseded != 0 {
		t.Errorf("results = %+v", res)
	}
	if got := strs(t, db, `SELECT unit || fiscal_year FROM v_evaluations ORDER BY evaluation_id`); got != "凤凰县财政局2020,凤凰县财政局2021,泸溪县财政局2021" {
		t.Errorf("v_evaluations = %s", got)
	}
}

// TestProbeW11_CanonicalNameLatestYear: the rename chain loaded newest year
// first (and in the merging order) keeps the latest year's name.
func TestProbeW11_CanonicalNameLatestYear(t *testing.T) {
	c := func(year int) Document {
		return Document{Report: sampleReport("州投资促进事务中心", year, "湘西州投资促进事务局"), FileName: "c.txt", SHA256: "c"}
	}
	b := func(year int) Document {
		return Document{Report: sampleReport("州投资促进事务局", year, "湘西州招商合作局"), FileName: "b.txt", SHA256: "b"}
	}
	a := func(year int) Document {
		return Document{Report: sampleReport("州招商合作局", year), FileName: "a.txt", SHA256: "a"}
	}
	for name, order := range map[string][]Document{
		"newest first": {c(2021), b(2020), a(2019)},
		"merge":        {a(2019), c(2021), b(2020)},
		"oldest first": {a(2019), b(2020), c(2021)},
	} {
		t.Run(name, func(t *testing.T) {
			db := openTemp(t)
			loadAll(t, db, order...)
			if got := strs(t, db, `SELECT DISTINCT unit FROM v_evaluations`); got != "湘西州投资促进事务中心" {
				t.Errorf("unit = %q, want the 2021 name", got)
			}
		})
	}
}

// TestProbeW4_RankByReportDate: of two unmarked versions the later report
// date wins, whatever the load order; a correction marker beats a date.
func TestProbeW4_RankByReportDate(t *testing.T) {
	doc := func(sha, date string, rev bool) Document {
		r := sampleReport("州甲局", 2021)
		r.ReportDate = date
		if rev {
			r.Revision = &report.Revision{Marker: "更正", Where: "text"}
		}
		return Document{Report: r, FileName: sha + ".txt", SHA256: sha, RunID: 1}
	}
	db := openTemp(t)
	res := loadAll(t, db, doc("late", "2022-03-10", false), doc("early", "2022-02-01", false))
	if res[1].SupersededBy != res[0].DocumentID || !res[1].Conflict {
		t.Errorf("the earlier-dated version = %+v, want superseded on arrival in a conflict", res[1])
	}
	res = loadAll(t, db, doc("fix", "2022-01-15", true))
	if res[0].Superseded != 1 {
		t.Errorf("the correction = %+v, want it to replace the current version", res[0])
	}
	if got := strs(t, db, `SELECT file_name FROM v_evaluations`); got != "fix.txt" {
		t.Errorf("current = %s", got)
	}
}

// TestProbeU8_LockMessage: the lock message names no command that does not
// exist, and says a jixiao process holds the data folder.
func TestProbeU8_LockMessage(t *testing.T) {
	err := openError("/data/jixiao.duckdb", errors.New(`IO Error: Could not set lock on file "/data/jixiao.duckdb": Conflicting lock is held`))
	if !errors.Is(err, ErrLocked) || strings.Contains(err.Error(), "serve") || !strings.Contains(err.Error(), "另一个 jixiao 进程") {
		t.Errorf("lock error = %v", err)
	}
}

// TestProbeW5_CountyRegions: the parser gives a county unit its county as
// region; a report of the same bare name with only the prefecture's region
// is a finding and a unit of its own.
func TestProbeW5_CountyRegions(t *testing.T) {
	db := openTemp(t)
	withRegion := func(region string) *report.Report {
		r := sampleReport("县财政局", 2021)
		r.Unit.CanonicalName, r.Unit.Region = region+"财政局", region
		if region == "湘西州" {
			r.Unit.CanonicalName = "县财政局"
		}
		return r
	}
	res := loadAll(t, db,
		Document{Report: withRegion("凤凰县"), FileName: "a.txt", SHA256: "a"},
		Document{Report: withRegion("泸溪县"), FileName: "b.txt", SHA256: "b"},
		Document{Report: withRegion("湘西州"), FileName: "c.txt", SHA256: "c"},
	)
	if res[0].UnitID == res[1].UnitID || res[2].UnitID == res[0].UnitID || res[2].UnitID == res[1].UnitID {
		t.Errorf("results = %+v", res)
	}
	if got := strs(t, db, `SELECT count(*)::VARCHAR FROM v_findings WHERE rule = 'unit_ambiguous'`); got != "1" {
		t.Errorf("unit_ambiguous findings = %s", got)
	}
}

// TestSameReportInTwoFiles: a unit-year sent as a Word file and as its text
// (same figures) is one report in two files: an info finding saying so, no
// conflict counted, the ordinary rank deciding which file is current. A copy
// with one figure changed stays a conflict a person must settle.
func TestSameReportInTwoFiles(t *testing.T) {
	doc := func(name string, total float64) Document {
		r := sampleReport("州乙局", 2022)
		r.Source.Format = name[len(name)-4:]
		r.Score.Total = &total
		return Document{Report: r, FileName: name, SHA256: name, RunID: 1}
	}
	db := openTemp(t)
	res := loadAll(t, db, doc("b.docx", 91), doc("b.txt", 91))
	if res[1].Conflict || res[1].Superseded != res[0].DocumentID {
		t.Errorf("same report in two files = %+v, want the later file current and no conflict", res[1])
	}
	got := strs(t, db, `SELECT severity || ' ' || message FROM v_findings WHERE rule = 'version_conflict'`)
	if !strings.HasPrefix(got, "info ") || !strings.Contains(got, "内容相同") || strings.Contains(got, "请核实") {
		t.Errorf("finding = %q, want an info saying the files are the same report", got)
	}
	res = loadAll(t, db, doc("c.txt", 88))
	if !res[0].Conflict {
		t.Errorf("a copy with another total = %+v, want a conflict", res[0])
	}
	got = strs(t, db, `SELECT string_agg(severity, ',' ORDER BY severity) FROM v_findings WHERE rule = 'version_conflict'`)
	if !strings.Contains(got, "warning") {
		t.Errorf("severities = %q, want the changed copy's warning", got)
	}
}
