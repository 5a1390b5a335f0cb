package sql

import (
	"context"
	gosql "database/sql"
	"errors"
	"fmt"
	"time"
)

// Run is one row of the etl_runs ledger, with its files when asked for.
type Run struct {
	RunID       int64      `json:"run_id"`
	Trigger     string     `json:"trigger"`
	StartedAt   time.Time  `json:"started_at"`
	FinishedAt  *time.Time `json:"finished_at"`
	Status      string     `json:"status"`
	Seen        int        `json:"seen"`
	Loaded      int        `json:"loaded"`
	Skipped     int        `json:"skipped"`
	Superseded  int        `json:"superseded"`
	Quarantined int        `json:"quarantined"`
	Seconds     *float64   `json:"seconds"`
	Error       *string    `json:"error"`
	Files       []RunFile  `json:"files,omitempty"`
}

// RunFile is one file's outcome in a run (etl_files).
type RunFile struct {
	FileName   string   `json:"file_name"`
	SHA256     *string  `json:"sha256"`
	Status     string   `json:"status"`
	DocumentID *int64   `json:"document_id"`
	Error      *string  `json:"error"`
	ReadMS     *float64 `json:"read_ms"`
	ParseMS    *float64 `json:"parse_ms"`
	LoadMS     *float64 `json:"load_ms"`
}

// ErrNotFound is returned when a requested row does not exist.
var ErrNotFound = errors.New("not found")

const runCols = `run_id, trigger, started_at, finished_at, status, seen, loaded, skipped, superseded, quarantined, seconds, error`

func scanRun(sc interface{ Scan(...any) error }) (Run, error) {
	var r Run
	err := sc.Scan(&r.RunID, &r.Trigger, &r.StartedAt, &r.FinishedAt, &r.Status, &r.Seen, &r.Loaded, &r.Skipped,
		&r.Superseded, &r.Quarantined, &r.Seconds, &r.Error)
	return r, err
}

// Runs lists the ledger, newest first.
func (w *DB) Runs(ctx context.Context, limit, offset int) ([]Run, error) {
	rows, err := w.db.QueryContext(ctx, `SELECT `+runCols+` FROM etl_runs ORDER BY run_id DESC LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	defer rows.Close()
	out := []Run{}
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("list runs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// LastRun is the newest run (ErrNotFound before the first).
func (w *DB) LastRun(ctx context.Context) (Run, error) {
	r, err := scanRun(w.db.QueryRowContext(ctx, `SELECT `+runCols+` FROM etl_runs ORDER BY run_id DESC LIMIT 1`))
	if errors.Is(err, gosql.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("last run: %w", err)
	}
	return r, nil
}

// RunByID is one run with its files in ledger order.
func (w *DB) RunByID(ctx context.Context, id int64) (Run, error) {
	r, err := scanRun(w.db.QueryRowContext(ctx, `SELECT `+runCols+` FROM etl_runs WHERE run_id = ?`, id))
	if errors.Is(err, gosql.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("run %d: %w", id, err)
	}
	rows, err := w.db.QueryContext(ctx, `SELECT file_name, sha256, status, document_id, error, read_ms, parse_ms, load_ms
		FROM etl_files WHERE run_id = ? ORDER BY recorded_at, file_name`, id)
	if err != nil {
		return r, fmt.Errorf("run %d files: %w", id, err)
	}
	defer rows.Close()
	r.Files = []RunFile{}
	for rows.Next() {
		var f RunFile
		if err := rows.Scan(&f.FileName, &f.SHA256, &f.Status, &f.DocumentID, &f.Error, &f.ReadMS, &f.ParseMS, &f.LoadMS); err != nil {
			return r, fmt.Errorf("run %d files: %w", id, err)
		}
		r.Files = append(r.Files, f)
	}
	return r, rows.Err()
}

// Ping checks that the warehouse answers.
func (w *DB) Ping(ctx context.Context) error { return w.db.PingContext(ctx) }

// DocumentBySHA is the id of the document with these bytes (ErrNotFound when none).
func (w *DB) DocumentBySHA(ctx context.Context, sha string) (int64, error) {
	var id int64
	err := w.db.QueryRowContext(ctx, `SELECT document_id FROM documents WHERE sha256 = ?`, sha).Scan(&id)
	if errors.Is(err, gosql.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("document by sha256: %w", err)
	}
	return id, nil
}
