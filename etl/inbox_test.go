package etl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/etl/demo"
	"jixiao/etl/extract"
	warehouse "jixiao/sql"

	"jixiao/internal/seedfile"
)

// sharedDir is ../shared beside the repository root, present in CI.
func sharedDir(t *testing.T) string {
	t.Helper()
	return seedfile.Require(t)
}

func newRunner(t *testing.T) (*Runner, Layout) {
	t.Helper()
	ctx := context.Background()
	layout := NewLayout(filepath.Join(t.TempDir(), "data"), "")
	if err := layout.Ensure(); err != nil {
		t.Fatal(err)
	}
	wh, err := warehouse.Open(ctx, layout.WarehousePath(), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { wh.Close() })
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return &Runner{WH: wh, Analyzer: an, Layout: layout}, layout
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func junk(t *testing.T, path string) {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, 4096)
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func assertQuarantined(t *testing.T, layout Layout, name string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(layout.Quarantine, name)); err != nil {
		t.Errorf("%s not in quarantine: %v", name, err)
	}
	b, err := os.ReadFile(filepath.Join(layout.Quarantine, name+".error.json"))
	if err != nil {
		t.Fatalf("no error file for %s: %v", name, err)
	}
	var info map[string]any
	if err := json.Unmarshal(b, &info); err != nil {
		t.Fatalf("error file is not JSON: %v", err)
	}
	for _, k := range []string{"file", "stage", "reason", "error"} {
		if s, _ := info[k].(string); s == "" {
			t.Errorf("error file lacks %q: %s", k, b)
		}
	}
}

func inboxEmpty(t *testing.T, layout Layout) {
	t.Helper()
	entries, err := os.ReadDir(layout.Inbox)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") { // hidden files (the demo manifest) are not reports
			t.Errorf("inbox still holds %s", e.Name())
		}
	}
}

// The acceptance run: the seed twice under two names plus random bytes.
func TestRunOnceSeedTwiceAndJunk(t *testing.T) {
	shared := sharedDir(t)
	r, layout := newRunner(t)
	seed := filepath.Join(shared, "seeds", "000_6b3f55403a0e915c.txt")
	copyFile(t, seed, filepath.Join(layout.Inbox, "a-seed.txt"))
	copyFile(t, seed, filepath.Join(layout.Inbox, "b-seed-copy.txt"))
	junk(t, filepath.Join(layout.Inbox, "c-junk.docx"))
	sum, err := r.RunOnce(context.Background(), "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Seen != 3 || sum.Loaded != 1 || sum.Skipped != 1 || sum.Quarantined != 1 {
		t.Fatalf("summary = %+v, want seen 3 loaded 1 skipped 1 quarantined 1", sum)
	}
	assertQuarantined(t, layout, "c-junk.docx")
	inboxEmpty(t, layout)
}

func TestRunOnceDemoCorpus(t *testing.T) {
	r, layout := newRunner(t)
	ctx := context.Background()
	files, err := demo.Write(ctx, layout.Inbox, demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	junk(t, filepath.Join(layout.Inbox, "zz-broken.docx"))
	if err := os.WriteFile(filepath.Join(layout.Inbox, "zz-notes.md"), []byte("# not a report\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := r.RunOnce(ctx, "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	// A unit-year written twice (a correction, or the same report as docx and
	// txt) supersedes its earlier file.
	unitYears := map[string]bool{}
	for _, f := range files {
		unitYears[fmt.Sprint(f.UnitKey, f.Year)] = true
	}
	supersedes := len(files) - len(unitYears)
	if sum.Quarantined != 2 {
		t.Errorf("quarantined = %d, want 2 (the junk and the notes)", sum.Quarantined)
	}
	// Which version stays current is decided by rank, not load order, so a
	// version may arrive already superseded; every correction is one conflict
	// of the run, while the same report as docx and txt is one report in two
	// files, not a conflict.
	corrections := 0
	for _, f := range files {
		if f.Supersedes != "" {
			corrections++
		}
	}
	if sum.Loaded != len(files) || sum.Superseded+sum.SupersededOnArrival != supersedes || sum.Conflicts != corrections {
		t.Errorf("summary = %+v, want loaded %d, superseded (+ on arrival) %d, conflicts %d", sum, len(files), supersedes, corrections)
	}
	assertQuarantined(t, layout, "zz-broken.docx")
	assertQuarantined(t, layout, "zz-notes.md")
	inboxEmpty(t, layout)

	// The same files again: everything is skipped, nothing duplicated.
	if _, err := demo.Write(ctx, layout.Inbox, demo.Options{}); err != nil {
		t.Fatal(err)
	}
	again, err := r.RunOnce(ctx, "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Loaded != 0 || again.Skipped != len(files) {
		t.Errorf("second run = %+v, want all %d skipped", again, len(files))
	}
	res, err := r.WH.Query(ctx, "SELECT count(*) FROM documents", 0)
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Rows[0][0]; n != int64(len(files)) {
		t.Errorf("documents = %v, want %d", n, len(files))
	}
	ledger, err := r.WH.Query(ctx, "SELECT status, count(*) FROM etl_files GROUP BY ALL ORDER BY 1", 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, row := range ledger.Rows {
		got = append(got, row[0].(string))
	}
	if strings.Join(got, ",") != "loaded,quarantined,skipped" {
		t.Errorf("etl_files statuses = %v", got)
	}
}

// TestRunOnceStopped: a run whose context is cancelled midway (shutdown)
// quarantines nothing for it; what it did not load stays in the inbox and the
// next run loads it.
func TestRunOnceStopped(t *testing.T) {
	r, layout := newRunner(t)
	files, err := demo.Write(context.Background(), layout.Inbox, demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// More files than one group commit takes (maxBatch), so that the stop
	// falls between groups whatever the parsers' speed.
	for i := range maxBatch {
		name, data := demo.Generate(1000 + i)
		if err := os.WriteFile(filepath.Join(layout.Inbox, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, demo.File{Name: name})
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopped, err := r.RunOnce(ctx, "test", func(done, total int) {
		if done >= 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped run: err = %v, want context.Canceled", err)
	}
	if stopped.Quarantined != 0 {
		t.Errorf("stopped run quarantined %d files", stopped.Quarantined)
	}
	if q, _ := os.ReadDir(layout.Quarantine); len(q) != 0 {
		t.Errorf("quarantine holds %d files after a stopped run", len(q))
	}
	left, _, err := listInbox(layout.Inbox)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) == 0 || stopped.Loaded+stopped.Skipped+len(left) != len(files) {
		t.Errorf("stopped run: loaded %d, skipped %d, %d left in the inbox, of %d files",
			stopped.Loaded, stopped.Skipped, len(left), len(files))
	}
	rest, err := r.RunOnce(context.Background(), "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	if stopped.Loaded+rest.Loaded != len(files) || rest.Quarantined != 0 {
		t.Errorf("loaded %d + %d of %d files (quarantined %d)", stopped.Loaded, rest.Loaded, len(files), rest.Quarantined)
	}
	inboxEmpty(t, layout)
}
