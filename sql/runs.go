package sql

import (
	"context"
	gosql "database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// RunSummary is what one ETL pass did (DESIGN §15 `jixiao etl` summary).
type RunSummary struct {
	RunID       int64 `json:"run_id"`
	Seen        int   `json:"seen"`
	Loaded      int   `json:"loaded"`
	Skipped     int   `json:"skipped"`
	Superseded  int   `json:"superseded"`
	Quarantined int   `json:"quarantined"`
	// Conflicts counts documents that met another version of their unit-year
	// loaded in the same run (the better-ranked one stays current; a
	// version_conflict finding names both files).
	Conflicts int `json:"conflicts"`
	// SupersededOnArrival counts loaded documents that ranked below the
	// current version of their unit-year (an older version sent again): kept,
	// but superseded from the start.
	SupersededOnArrival int `json:"superseded_on_arrival"`
	// ManifestErrors counts manifest.csv lines that could not be used; Notes
	// says why, and anything else the run wants a person to read (Chinese).
	// Unrecognised counts loaded documents of which almost nothing was read
	// (an unrecognised_layout finding): loaded, but to be checked by hand.
	Unrecognised   int      `json:"unrecognised"`
	ManifestErrors int      `json:"manifest_errors"`
	Manifest       string   `json:"manifest,omitempty"` // where the run's manifest.csv was archived
	Notes          []string `json:"notes,omitempty"`
	Seconds        float64  `json:"seconds"`
}

// FileRecord is one file's outcome in a run (the etl_files ledger).
type FileRecord struct {
	RunID      int64
	FileName   string // folder/name for a file in an inbox sub-folder
	SHA256     string
	Status     string // loaded | skipped | quarantined | interrupted
	DocumentID int64
	Error      string
	ReadMS     float64
	ParseMS    float64
	LoadMS     float64
	// What a quarantined document is and whose it is, as its refusal read
	// them (etl_file_identity); empty when it named nothing.
	Identity FileIdentity
}

// FileIdentity is what a refused document names: its type
// (report.Document*), unit and fiscal year, and the text that named them.
type FileIdentity struct {
	DocumentType string `json:"document_type,omitempty"`
	Unit         string `json:"unit,omitempty"`
	FiscalYear   int    `json:"fiscal_year,omitempty"`
	Evidence     string `json:"evidence,omitempty"`
}

// empty reports whether the identity names nothing.
func (id FileIdentity) empty() bool { return id == FileIdentity{} }

// StartRun opens a run in the etl_runs ledger.
func (w *DB) StartRun(ctx context.Context, trigger string, at time.Time) (int64, error) {
	var id int64
	if err := w.db.QueryRowContext(ctx, `SELECT nextval('run_id_seq')`).Scan(&id); err != nil {
		return 0, fmt.Errorf("start run: %w", err)
	}
	if _, err := w.db.ExecContext(ctx, `INSERT INTO etl_runs (run_id, trigger, started_at, status) VALUES (?, ?, ?, 'running')`,
		id, trigger, at.UTC()); err != nil {
		return 0, fmt.Errorf("start run: %w", err)
	}
	return id, nil
}

// FinishRun closes a run with its summary; runErr marks it failed.
func (w *DB) FinishRun(ctx context.Context, s RunSummary, runErr error) error {
	status, msg := "done", any(nil)
	switch {
	case errors.Is(runErr, context.Canceled):
		// Stopped (shutdown): what it did not commit is still in the inbox.
		status, msg = "interrupted", "运行被中止（服务停止），未提交的文件留在收件箱，下次运行时处理"
	case runErr != nil:
		status, msg = "failed", runErr.Error()
	}
	cols, err := summaryColumns()
	if err != nil {
		return fmt.Errorf("finish run %d: %w", s.RunID, err)
	}
	set := []string{"finished_at = current_timestamp", "status = ?", "error = ?"}
	args := []any{status, msg}
	for i, v := range summaryValues(cols, s) {
		if cols[i].name != "run_id" { // the key
			set = append(set, cols[i].name+" = ?")
			args = append(args, v)
		}
	}
	_, err = w.db.ExecContext(ctx, `UPDATE etl_runs SET `+strings.Join(set, ", ")+` WHERE run_id = ?`, append(args, s.RunID)...)
	if err != nil {
		return fmt.Errorf("finish run %d: %w", s.RunID, err)
	}
	return nil
}

// RecordFiles appends file outcomes to the etl_files ledger (and the
// identities of refused files to etl_file_identity) in one transaction, with
// appenders: a multi-row INSERT of the same rows cost ≈ 0.17 ms of CPU per
// file to bind, more than the file's share of its group commit (measured at
// 1,000 files; docs/decisions.md, "ETL CPU per report").
func (w *DB) RecordFiles(ctx context.Context, recs []FileRecord) error {
	if len(recs) == 0 {
		return nil
	}
	rows := make([][]any, len(recs))
	var idRows [][]any
	for i, r := range recs {
		rows[i] = []any{r.RunID, r.FileName, nullString(r.SHA256), r.Status, nullID(r.DocumentID), nullString(r.Error), r.ReadMS, r.ParseMS, r.LoadMS}
		if id := r.Identity; !id.empty() {
			var year any
			if id.FiscalYear != 0 {
				year = int32(id.FiscalYear)
			}
			idRows = append(idRows, []any{r.RunID, r.FileName, nullString(id.DocumentType), nullString(id.Unit), year, nullString(id.Evidence)})
		}
	}
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("record files: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return fmt.Errorf("record files: %w", err)
	}
	err = appendAll(conn, batch{table: "etl_files",
		cols: []string{"run_id", "file_name", "sha256", "status", "document_id", "error", "read_ms", "parse_ms", "load_ms"}, rows: rows})
	if err == nil {
		err = appendAll(conn, batch{table: "etl_file_identity",
			cols: []string{"run_id", "file_name", "document_type", "unit", "fiscal_year", "evidence"}, rows: idRows})
	}
	if err == nil {
		_, err = conn.ExecContext(ctx, "COMMIT")
	}
	if err != nil {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return fmt.Errorf("record files: %w", err)
	}
	return nil
}

// appendAll appends a batch's rows to its table's named columns through an
// appender on conn (the columns left out take their defaults), inside the
// connection's open transaction.
func appendAll(conn *gosql.Conn, b batch) error {
	if len(b.rows) == 0 {
		return nil
	}
	return conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		a, err := duckdb.NewAppenderWithColumns(c, "", "", b.table, b.cols)
		if err != nil {
			return fmt.Errorf("appender for %s: %w", b.table, err)
		}
		for _, r := range b.rows {
			if err := appendRow(a, r); err != nil {
				a.Close()
				return fmt.Errorf("%s: %w", b.table, err)
			}
		}
		if err := a.Close(); err != nil {
			return fmt.Errorf("%s: %w", b.table, err)
		}
		return nil
	})
}

// AbandonRuns marks runs left "running" by a process that died (kill -9,
// power loss) as interrupted. Only the process holding the warehouse
// read-write calls it, at start, so no run of its own is going.
func (w *DB) AbandonRuns(ctx context.Context) (int64, error) {
	res, err := w.db.ExecContext(ctx, `UPDATE etl_runs SET status = 'interrupted', finished_at = coalesce(finished_at, current_timestamp),
		error = '运行中进程意外终止，未提交的文件留在收件箱，下次运行时处理' WHERE status = 'running'`)
	if err != nil {
		return 0, fmt.Errorf("abandon runs: %w", err)
	}
	return res.RowsAffected()
}
