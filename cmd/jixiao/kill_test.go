package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"jixiao/etl/demo"
	warehouse "jixiao/sql"
)

// TestKillDuringETL kills `jixiao etl --once` (SIGKILL) at several points of a
// run over generated reports (with supersedes and duplicates), runs it again
// to the end, and checks that nothing was lost or duplicated: every file is
// archived, and the warehouse equals one loaded without interruption.
func TestKillDuringETL(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes; skipped with -short")
	}
	const n = 120
	writeInbox := func(dir string) { writeKillInbox(t, dir, n) }

	ref := t.TempDir()
	writeInbox(ref)
	if code, _, errOut := runCLI(t, "etl", "--data", ref, "--once"); code != 0 {
		t.Fatalf("reference run: %s", errOut)
	}

	dir := t.TempDir()
	writeInbox(dir)
	kills := 0
	inboxLen := func() int {
		left, _ := os.ReadDir(filepath.Join(dir, "inbox"))
		return len(left)
	}
	// Each run is killed once it has archived `moved` files: right after a
	// group committed, while the next is being parsed or loaded.
	for _, moved := range []int{1, 15, 30, 45} {
		before := inboxLen()
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "JIXIAO_TEST_CLI="+strings.Join([]string{"etl", "--data", dir, "--once"}, "\n"))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		tick := time.NewTicker(time.Millisecond)
	watch:
		for {
			select {
			case <-done:
				break watch // finished first: nothing left to interrupt
			case <-tick.C:
				if before-inboxLen() >= moved {
					_ = cmd.Process.Signal(syscall.SIGKILL)
					<-done
					kills++
					t.Logf("killed after %d files were archived: %d left in the inbox", moved, inboxLen())
					break watch
				}
			}
		}
		tick.Stop()
	}
	if kills == 0 {
		t.Log("every run finished before its kill; the test checked restarts only")
	}
	if code, _, errOut := runCLI(t, "etl", "--data", dir, "--once"); code != 0 {
		t.Fatalf("final run: %s", errOut)
	}

	for _, d := range []string{dir, ref} {
		left, err := os.ReadDir(filepath.Join(d, "inbox"))
		if err != nil {
			t.Fatal(err)
		}
		if len(left) != 0 {
			t.Errorf("%s: %d files left in the inbox", d, len(left))
		}
		if q, _ := os.ReadDir(filepath.Join(d, "quarantine")); len(q) != 0 {
			t.Errorf("%s: %d files quarantined", d, len(q))
		}
	}
	if got, want := countFiles(t, filepath.Join(dir, "archive")), n+n/20; got != want {
		t.Errorf("archive holds %d files, want %d (every file, duplicates included)", got, want)
	}
	// The same documents, units, supersedes and facts as the uninterrupted run.
	const q = `SELECT d.sha256, d.fiscal_year, u.canonical_name, s.sha256 AS superseded_by,
	                  (SELECT count(*) FROM report_items i WHERE i.document_id = d.document_id) AS items
	           FROM documents d LEFT JOIN units u USING (unit_id)
	           LEFT JOIN documents s ON s.document_id = d.superseded_by ORDER BY 1`
	want, docs := warehouseRows(t, ref, q)
	got, _ := warehouseRows(t, dir, q)
	if docs != n {
		t.Fatalf("reference warehouse has %d documents, want %d", docs, n)
	}
	if got != want {
		t.Errorf("after %d kills the warehouse differs from the uninterrupted one", kills)
	}
}

// writeKillInbox writes n generated reports into dir/inbox, with every 20th
// also under a second name (same bytes: a duplicate). Every file gets a fixed
// modification time (file i at base + i s): file times rank two versions of a
// unit-year, so two inboxes compared must hold the same times, not whatever
// the clock said while a loaded machine wrote them.
func writeKillInbox(t *testing.T, dir string, n int) {
	t.Helper()
	inbox := filepath.Join(dir, "inbox")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	write := func(p string, data []byte, i int) {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		at := base.Add(time.Duration(i) * time.Second)
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		name, data := demo.Generate(i)
		write(filepath.Join(inbox, name), data, i)
		if i%20 == 0 {
			write(filepath.Join(inbox, "copy-"+name), data, i)
		}
	}
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	count := 0
	err := filepath.WalkDir(dir, func(_ string, e os.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() {
			count++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return count
}

// warehouseRows returns a query's rows as text, and how many there are.
func warehouseRows(t *testing.T, dir, q string) (string, int) {
	t.Helper()
	db, err := warehouse.Open(context.Background(), filepath.Join(dir, warehouse.FileName), warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Query(context.Background(), q, 0)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(res.Rows), len(res.Rows)
}
