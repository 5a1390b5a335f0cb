package api_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"jixiao/api"
	"jixiao/internal/sandboxtest"
)

// TestSQLConsoleAttackList runs the sandbox's attack list (internal/sandboxtest,
// shared with the `jixiao sql` test) through POST /api/v1/sql: each statement is
// refused with a 4xx and a Chinese message in the error shape, or bounded (the
// time or memory limit, 504/422; the row cap, a truncated answer); no file
// appears in the data dir, the temp dir or the working dir; the server stays
// healthy and keeps answering.
func TestSQLConsoleAttackList(t *testing.T) {
	ts := startServer(t, serverOpts{demo: true, tokens: roleTokens(), cfg: func(c *api.Config) { c.SQLTimeout = 2 * time.Second }})
	places := sandboxtest.NewPlaces(ts.Layout.Dir, t.TempDir())
	attacks, err := sandboxtest.Attacks(places)
	if err != nil {
		t.Fatal(err)
	}
	before := dataFiles(t, ts.Layout.Dir)
	home, _ := os.UserHomeDir()
	for _, a := range attacks {
		body, _ := json.Marshal(map[string]any{"sql": a.SQL})
		r := ts.sql(tokAnalyst, string(body))
		if a.Answers() {
			var ans sqlAnswer
			r.json(t, &ans)
			if r.Status != 200 || (a.Want == sandboxtest.Bounded && (!ans.Truncated || ans.RowCount != 10000)) {
				t.Errorf("%q: %d, %d rows, truncated %v; want an answer (%s)", a.SQL, r.Status, ans.RowCount, ans.Truncated, a.Want)
			}
			continue
		}
		code, msg := r.apiError(t)
		switch {
		case a.Want == "timeout" || a.Want == "memory" || a.Want == "runaway":
			// Bounded: the console's 2 s limit may stop a memory hog before the cap does.
			if (r.Status != 504 && r.Status != 422) || !(a.Refused(msg) || strings.Contains(msg, "时间限制")) {
				t.Errorf("%q: %d %s %q; want it stopped by the time or memory limit", a.SQL, r.Status, code, msg)
			}
		case r.Status < 400 || r.Status >= 500 || !a.Refused(msg):
			t.Errorf("%q: %d %s %q; want a 4xx with the %s refusal", a.SQL, r.Status, code, msg, a.Want)
		}
		if strings.Contains(msg, "goroutine") || (home != "" && home != "/" && strings.Contains(msg, home) && !strings.Contains(a.SQL, home)) ||
			(strings.Contains(msg, ts.Layout.Dir) && !strings.Contains(a.SQL, ts.Layout.Dir)) {
			t.Errorf("%q: the message names a server path or a stack: %q", a.SQL, msg)
		}
	}
	if w := places.Written(); len(w) != 0 {
		t.Errorf("files appeared: %v", w)
	}
	if after := dataFiles(t, ts.Layout.Dir); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("the data dir changed:\nbefore %v\nafter  %v", before, after)
	}
	if r := ts.get("/healthz", ""); r.Status != 200 {
		t.Fatalf("healthz after the attack list: %d", r.Status)
	}
	r := ts.sql(tokAnalyst, `{"sql":"SELECT count(*) AS n FROM v_evaluations"}`)
	var a sqlAnswer
	r.json(t, &a)
	if r.Status != 200 || len(a.Rows) != 1 || a.Rows[0][0].(float64) == 0 {
		t.Fatalf("the console after the attack list: %d %s", r.Status, r.Body)
	}
}

// dataFiles names every file under dir but the warehouse's own (the audit log
// writes to it and its WAL during the test).
func dataFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if rel, _ := filepath.Rel(dir, p); !strings.HasPrefix(rel, "jixiao.duckdb") {
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}
