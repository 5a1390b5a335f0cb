package api_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"jixiao/etl"
	"jixiao/etl/demo"
	warehouse "jixiao/sql"
)

// TestRunLedgerCarriesEverySummaryCounter: a real run with version conflicts,
// a version superseded on arrival and a bad manifest line; every field of
// sql.RunSummary (read from the struct, so a counter added later is covered)
// reaches GET /api/v1/etl/runs and /etl/runs/{id} with the value the run
// answered.
func TestRunLedgerCarriesEverySummaryCounter(t *testing.T) {
	ts := startServer(t, serverOpts{tokens: roleTokens()})
	files, err := demo.Write(context.Background(), ts.Layout.Inbox, demo.Options{Units: 2, FromYear: 2021, ToYear: 2022})
	if err != nil {
		t.Fatal(err)
	}
	// An older copy of one report under another name: a conflict within the
	// run, loaded superseded on arrival (the later modification time wins).
	var txt *demo.File
	for i := range files {
		if files[i].Format == "txt" && files[i].Supersedes == "" {
			txt = &files[i]
			break
		}
	}
	if txt == nil {
		t.Fatal("demo corpus has no txt report")
	}
	body, err := os.ReadFile(filepath.Join(ts.Layout.Inbox, txt.Name))
	if err != nil {
		t.Fatal(err)
	}
	// One figure differs (the cover's 实有人数), so the copy is another version
	// rather than the same report sent twice.
	staff := regexp.MustCompile(`(实有人数\s+)[0-9]+`)
	if !staff.Match(body) {
		t.Fatal("demo report has no 实有人数 on its cover")
	}
	body = staff.ReplaceAll(body, []byte("${1}999"))
	older := filepath.Join(ts.Layout.Inbox, "旧版-"+txt.Name)
	if err := os.WriteFile(older, body, 0o644); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour)
	if err := os.Chtimes(older, past, past); err != nil {
		t.Fatal(err)
	}
	// A manifest with one unusable line (the year is not a year).
	manifest := "file,unit,year,region,scheme\nnot-arrived.txt,湘西州某单位,二〇二一,,\n"
	if err := os.WriteFile(filepath.Join(ts.Layout.Inbox, etl.ManifestName), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}

	r := ts.do("POST", "/api/v1/etl/runs", tokAdmin, nil, nil)
	if r.Status != 201 {
		t.Fatalf("start run: %d %s", r.Status, r.Body)
	}
	var sum map[string]any
	r.json(t, &sum)
	for _, k := range []string{"loaded", "conflicts", "superseded_on_arrival", "manifest_errors"} {
		if n, _ := sum[k].(float64); n < 1 {
			t.Errorf("run summary %s = %v, want ≥ 1 (the test's run must exercise it): %s", k, sum[k], r.Body)
		}
	}
	if notes, _ := sum["notes"].([]any); len(notes) == 0 {
		t.Errorf("run summary has no notes: %s", r.Body)
	}
	id := strconv.FormatInt(int64(sum["run_id"].(float64)), 10)

	var one map[string]any
	ts.get("/api/v1/etl/runs/"+id, tokAdmin).json(t, &one)
	var list struct {
		Runs []map[string]any `json:"runs"`
	}
	ts.get("/api/v1/etl/runs", tokAdmin).json(t, &list)
	if len(list.Runs) == 0 {
		t.Fatal("ledger lists no run")
	}
	rt := reflect.TypeFor[warehouse.RunSummary]()
	for i := range rt.NumField() {
		name, opts, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		want, ok := sum[name]
		if !ok {
			if opts == "omitempty" {
				t.Errorf("run summary left out %s: the test's run must fill it", name)
			} else {
				t.Errorf("run summary has no %s", name)
			}
			continue
		}
		for where, got := range map[string]map[string]any{"/etl/runs/" + id: one, "/etl/runs": list.Runs[0]} {
			if !reflect.DeepEqual(got[name], want) {
				g, _ := json.Marshal(got[name])
				w, _ := json.Marshal(want)
				t.Errorf("GET %s: %s = %s, the run answered %s", where, name, g, w)
			}
		}
	}
	if one["status"] != "done" || one["trigger"] != "api" || one["finished_at"] == nil {
		t.Errorf("ledger row: status %v, trigger %v, finished_at %v", one["status"], one["trigger"], one["finished_at"])
	}
}
