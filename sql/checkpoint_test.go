package sql

import (
	"context"
	"testing"
	"time"
)

// TestCheckpointWaitsForWriters: a CHECKPOINT while another session's write
// transaction is open (the server's audit-log insert of a concurrent request)
// waits for it instead of failing; DuckDB refuses it outright, which made the
// snapshot publish after an upload fail about once in five test runs.
func TestCheckpointWaitsForWriters(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (logged_at, token_id, role, action, duration_ms, status, outcome)
		VALUES (now(), 'test', 'admin', 'sql', 1, 200, 'ok')`); err != nil {
		t.Fatal(err)
	}
	committed := make(chan error, 1)
	go func() {
		time.Sleep(300 * time.Millisecond)
		committed <- tx.Commit()
	}()
	start := time.Now()
	if err := db.Checkpoint(ctx); err != nil {
		t.Fatalf("checkpoint beside a write transaction: %v", err)
	}
	if err := <-committed; err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Errorf("checkpoint returned after %s, before the writer committed", d)
	}
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM audit_log`).Scan(&n); err != nil || n != 1 {
		t.Errorf("audit rows %d (%v): the writer's row must survive", n, err)
	}
	// A cancelled context stops the wait.
	tx2, _ := db.db.BeginTx(ctx, nil)
	defer tx2.Rollback() //nolint:errcheck
	if _, err := tx2.ExecContext(ctx, `INSERT INTO audit_log (logged_at, token_id, role, action, duration_ms, status, outcome)
		VALUES (now(), 'test', 'admin', 'sql', 1, 200, 'ok')`); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if err := db.Checkpoint(cctx); err == nil {
		t.Error("checkpoint succeeded beside an open write transaction")
	}
}
