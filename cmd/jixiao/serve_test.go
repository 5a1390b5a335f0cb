package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"jixiao/etl/demo"
)

// serveProc is `jixiao serve` running as a process of its own.
type serveProc struct {
	cmd  *exec.Cmd
	url  string
	done chan error
	mu   sync.Mutex
	errb bytes.Buffer
}

func (p *serveProc) stderr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.errb.String()
}

type lockedWriter struct{ p *serveProc }

func (w lockedWriter) Write(b []byte) (int, error) {
	w.p.mu.Lock()
	defer w.p.mu.Unlock()
	return w.p.errb.Write(b)
}

// startServe starts `jixiao serve --data dir --addr 127.0.0.1:0 args…` and
// waits for it to listen.
func startServe(t *testing.T, dir string, args ...string) *serveProc {
	t.Helper()
	all := append([]string{"serve", "--data", dir, "--addr", "127.0.0.1:0"}, args...)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "JIXIAO_TEST_CLI="+strings.Join(all, "\n"))
	p := &serveProc{cmd: cmd, done: make(chan error, 1)}
	cmd.Stderr = lockedWriter{p}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if _, a, ok := strings.Cut(sc.Text(), "listening on "); ok {
				addr <- a
			}
		}
		p.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-p.done
		}
	})
	select {
	case p.url = <-addr:
	case err := <-p.done:
		t.Fatalf("serve exited before listening: %v\n%s", err, p.stderr())
	case <-time.After(3 * time.Minute):
		// --demo loads the corpus first: slow under -race on a busy machine.
		t.Fatalf("serve did not listen within 3 min:\n%s", p.stderr())
	}
	return p
}

// stop sends sig and waits for the process to end.
func (p *serveProc) stop(t *testing.T, sig syscall.Signal) error {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		return err
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not stop within 60 s after %v:\n%s", sig, p.stderr())
	}
	return nil
}

func (p *serveProc) getJSON(t *testing.T, path string, v any) int {
	t.Helper()
	res, err := http.Get(p.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v: %s", path, err, b)
	}
	return res.StatusCode
}

type runsPage struct {
	Runs []struct {
		RunID   int64  `json:"run_id"`
		Trigger string `json:"trigger"`
		Status  string `json:"status"`
		Seen    int    `json:"seen"`
		Loaded  int    `json:"loaded"`
	} `json:"runs"`
}

// TestServeScheduledRun: a file dropped into the inbox of a running server is
// loaded by the next scheduled tick and shows in the ledger; SIGTERM then
// stops the server cleanly with no WAL left to replay.
func TestServeScheduledRun(t *testing.T) {
	dir := t.TempDir()
	p := startServe(t, dir, "--schedule", "*/1 * * * * *")
	name, data := demo.Generate(3)
	if err := os.WriteFile(filepath.Join(dir, "inbox", name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	var loaded bool
	for !loaded && time.Now().Before(deadline) {
		var page runsPage
		if st := p.getJSON(t, "/api/v1/etl/runs", &page); st != 200 {
			t.Fatalf("runs: %d", st)
		}
		for _, r := range page.Runs {
			if r.Trigger == "schedule" && r.Loaded == 1 && r.Status == "done" {
				loaded = true
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	if !loaded {
		t.Fatalf("no scheduled run loaded the dropped file:\n%s", p.stderr())
	}
	if _, err := os.Stat(filepath.Join(dir, "inbox", name)); !os.IsNotExist(err) {
		t.Fatalf("the file is still in the inbox: %v", err)
	}
	if err := p.stop(t, syscall.SIGTERM); err != nil {
		t.Fatalf("serve exited with %v:\n%s", err, p.stderr())
	}
	if _, err := os.Stat(filepath.Join(dir, "jixiao.duckdb.wal")); !os.IsNotExist(err) {
		t.Fatalf("a WAL was left behind (%v)", err)
	}
}

// TestServeStopDuringRun stops `serve` in the middle of a scheduled run over
// generated reports (with supersedes and duplicates) — gracefully (SIGTERM)
// and with SIGKILL — then restarts it: nothing is lost or duplicated, and the
// warehouse equals one loaded without interruption.
func TestServeStopDuringRun(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes; skipped with -short")
	}
	// More files than two groups of the ETL's group commit (etl.maxBatch): a
	// stop finishes the group it has gathered, and with fewer files that was
	// the whole rest of the run (recorded done, not interrupted).
	const n = 300
	ref := t.TempDir()
	writeKillInbox(t, ref, n)
	if code, _, errOut := runCLI(t, "etl", "--data", ref, "--once"); code != 0 {
		t.Fatalf("reference run: %s", errOut)
	}
	const q = `SELECT d.sha256, d.fiscal_year, u.canonical_name, s.sha256 AS superseded_by,
	                  (SELECT count(*) FROM report_items i WHERE i.document_id = d.document_id) AS items
	           FROM documents d LEFT JOIN units u USING (unit_id)
	           LEFT JOIN documents s ON s.document_id = d.superseded_by ORDER BY 1`
	want, _ := warehouseRows(t, ref, q)

	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			writeKillInbox(t, dir, n)
			total := n + n/20
			inboxLen := func() int {
				left, _ := os.ReadDir(filepath.Join(dir, "inbox"))
				return len(left)
			}
			p := startServe(t, dir, "--schedule", "*/1 * * * * *")
			// Stop once the run has archived some files but not all.
			deadline := time.Now().Add(60 * time.Second)
			for inboxLen() > total-10 && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			left := inboxLen()
			err := p.stop(t, sig)
			if sig == syscall.SIGTERM && err != nil {
				t.Fatalf("serve exited with %v after SIGTERM:\n%s", err, p.stderr())
			}
			t.Logf("stopped with %v when %d of %d files were left in the inbox", sig, left, total)
			if sig == syscall.SIGTERM {
				if _, err := os.Stat(filepath.Join(dir, "jixiao.duckdb.wal")); !os.IsNotExist(err) {
					t.Errorf("a WAL was left behind after SIGTERM (%v)", err)
				}
			}
			// Restart: the scheduler finishes the inbox.
			p = startServe(t, dir, "--schedule", "*/1 * * * * *")
			deadline = time.Now().Add(90 * time.Second)
			for inboxLen() > 0 && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
			}
			// Wait for the run to be recorded as finished before stopping.
			for time.Now().Before(deadline) {
				var page runsPage
				p.getJSON(t, "/api/v1/etl/runs?limit=1", &page)
				if len(page.Runs) > 0 && page.Runs[0].Status != "running" {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			if err := p.stop(t, syscall.SIGTERM); err != nil {
				t.Fatalf("restarted serve exited with %v:\n%s", err, p.stderr())
			}
			if l := inboxLen(); l != 0 {
				t.Fatalf("%d files left in the inbox", l)
			}
			if q, _ := os.ReadDir(filepath.Join(dir, "quarantine")); len(q) != 0 {
				t.Errorf("%d files quarantined", len(q))
			}
			if got, wantN := countFiles(t, filepath.Join(dir, "archive")), total; got != wantN {
				t.Errorf("archive holds %d files, want %d", got, wantN)
			}
			got, _ := warehouseRows(t, dir, q)
			if got != want {
				t.Error("the warehouse differs from the uninterrupted one")
			}
			// The stopped run is recorded as interrupted, never left running.
			runs, _ := warehouseRows(t, dir, `SELECT status, count(*) FROM etl_runs GROUP BY ALL ORDER BY 1`)
			if strings.Contains(runs, "running") || strings.Contains(runs, "failed") || !strings.Contains(runs, "interrupted") {
				t.Errorf("runs by status: %s", runs)
			}
		})
	}
}

// TestSQLBesideServe: `jixiao sql` answers while `serve` holds the warehouse,
// from the snapshot the server published after its last committed change.
func TestSQLBesideServe(t *testing.T) {
	dir := t.TempDir()
	p := startServe(t, dir, "--demo", "--schedule", "off")
	code, out, errOut := runCLI(t, "sql", "--data", dir, "--format", "csv", "SELECT count(*) AS n FROM documents")
	if code != 0 {
		t.Fatalf("jixiao sql beside serve: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "n") || strings.Contains(out, "\n0\n") {
		t.Fatalf("output %q", out)
	}
	if err := p.stop(t, syscall.SIGTERM); err != nil {
		t.Fatalf("serve: %v\n%s", err, p.stderr())
	}
}
