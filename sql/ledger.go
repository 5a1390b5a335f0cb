package sql

import (
	"context"
	gosql "database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Run is one row of the etl_runs ledger, with its files when asked for. Its
// counters are the run's RunSummary itself (one definition: a counter added to
// RunSummary, with its column in a migration, is written by FinishRun and read
// back here without a second list).
type Run struct {
	RunSummary
	Trigger    string     `json:"trigger"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at"`
	Status     string     `json:"status"`
	// Seconds shadows RunSummary.Seconds in JSON: null while the run is going.
	Seconds *float64  `json:"seconds"`
	Error   *string   `json:"error"`
	Files   []RunFile `json:"files,omitempty"`
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
	// What a quarantined document is and whose (etl_file_identity): its
	// type, the unit and fiscal year it names. Null when it named nothing.
	DocumentType *string `json:"document_type"`
	Unit         *string `json:"unit"`
	FiscalYear   *int    `json:"fiscal_year"`
}

// ErrNotFound is returned when a requested row does not exist.
var ErrNotFound = errors.New("not found")

// summaryColumn is one RunSummary field stored in etl_runs: the column is the
// field's JSON name.
type summaryColumn struct {
	name  string
	index int
	kind  reflect.Kind // Int, String, Float64, or Slice ([]string, stored one a line)
}

// summaryColumns lists RunSummary's fields as etl_runs columns, run_id first.
// Reflection keeps the ledger's reads and writes to the struct's one list; a
// field of another type fails every read and write (and the ledger tests).
func summaryColumns() ([]summaryColumn, error) {
	t := reflect.TypeFor[RunSummary]()
	cols := make([]summaryColumn, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			return nil, fmt.Errorf("RunSummary.%s has no JSON name to use as its etl_runs column", f.Name)
		}
		k := f.Type.Kind()
		switch {
		case k == reflect.Int || k == reflect.Int64 || k == reflect.String || k == reflect.Float64:
		case k == reflect.Slice && f.Type.Elem().Kind() == reflect.String:
		default:
			return nil, fmt.Errorf("RunSummary.%s: type %s cannot be stored in etl_runs", f.Name, f.Type)
		}
		cols = append(cols, summaryColumn{name: name, index: i, kind: k})
	}
	return cols, nil
}

// summaryValues are s's fields as etl_runs values, in summaryColumns order
// (empty strings and lists as NULL).
func summaryValues(cols []summaryColumn, s RunSummary) []any {
	v := reflect.ValueOf(s)
	out := make([]any, len(cols))
	for i, c := range cols {
		f := v.Field(c.index)
		switch c.kind {
		case reflect.Int, reflect.Int64:
			out[i] = f.Int()
		case reflect.Float64:
			out[i] = f.Float()
		case reflect.String:
			out[i] = nullString(f.String())
		case reflect.Slice:
			out[i] = nullString(strings.Join(f.Interface().([]string), "\n"))
		}
	}
	return out
}

// runScan scans one etl_runs row (runSelect's columns) into a Run.
type runScan struct {
	cols []summaryColumn
	vals []any // one gosql.Null* per summary column
}

func newRunScan() (*runScan, error) {
	cols, err := summaryColumns()
	if err != nil {
		return nil, err
	}
	rs := &runScan{cols: cols, vals: make([]any, len(cols))}
	for i, c := range cols {
		switch c.kind {
		case reflect.Int, reflect.Int64:
			rs.vals[i] = new(gosql.NullInt64)
		case reflect.Float64:
			rs.vals[i] = new(gosql.NullFloat64)
		default:
			rs.vals[i] = new(gosql.NullString)
		}
	}
	return rs, nil
}

// selectList is the SELECT list runScan.scan reads.
func (rs *runScan) selectList() string {
	names := []string{"trigger", "started_at", "finished_at", "status", "error"}
	for _, c := range rs.cols {
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}

func (rs *runScan) scan(sc interface{ Scan(...any) error }) (Run, error) {
	var r Run
	if err := sc.Scan(append([]any{&r.Trigger, &r.StartedAt, &r.FinishedAt, &r.Status, &r.Error}, rs.vals...)...); err != nil {
		return r, err
	}
	v := reflect.ValueOf(&r.RunSummary).Elem()
	for i, c := range rs.cols {
		f := v.Field(c.index)
		switch x := rs.vals[i].(type) {
		case *gosql.NullInt64:
			f.SetInt(x.Int64) // NULL (a run still going) reads 0
		case *gosql.NullFloat64:
			f.SetFloat(x.Float64)
			if c.name == "seconds" && x.Valid {
				sec := x.Float64 // x is reused for the next row
				r.Seconds = &sec
			}
		case *gosql.NullString:
			switch {
			case c.kind == reflect.String:
				f.SetString(x.String)
			case x.Valid && x.String != "":
				f.Set(reflect.ValueOf(strings.Split(x.String, "\n")))
			}
		}
	}
	return r, nil
}

// Runs lists the ledger, newest first.
func (w *DB) Runs(ctx context.Context, limit, offset int) ([]Run, error) {
	rs, err := newRunScan()
	if err != nil {
		return nil, err
	}
	rows, err := w.db.QueryContext(ctx, `SELECT `+rs.selectList()+` FROM etl_runs ORDER BY run_id DESC LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	defer rows.Close()
	out := []Run{}
	for rows.Next() {
		r, err := rs.scan(rows)
		if err != nil {
			return nil, fmt.Errorf("list runs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// LastRun is the newest run (ErrNotFound before the first).
func (w *DB) LastRun(ctx context.Context) (Run, error) {
	rs, err := newRunScan()
	if err != nil {
		return Run{}, err
	}
	r, err := rs.scan(w.db.QueryRowContext(ctx, `SELECT `+rs.selectList()+` FROM etl_runs ORDER BY run_id DESC LIMIT 1`))
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
	rs, err := newRunScan()
	if err != nil {
		return Run{}, err
	}
	r, err := rs.scan(w.db.QueryRowContext(ctx, `SELECT `+rs.selectList()+` FROM etl_runs WHERE run_id = ?`, id))
	if errors.Is(err, gosql.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("run %d: %w", id, err)
	}
	rows, err := w.db.QueryContext(ctx, `SELECT f.file_name, f.sha256, f.status, f.document_id, f.error, f.read_ms, f.parse_ms, f.load_ms,
			i.document_type, i.unit, i.fiscal_year
		FROM etl_files f LEFT JOIN etl_file_identity i ON i.run_id = f.run_id AND i.file_name = f.file_name
		WHERE f.run_id = ? ORDER BY f.recorded_at, f.file_name`, id)
	if err != nil {
		return r, fmt.Errorf("run %d files: %w", id, err)
	}
	defer rows.Close()
	r.Files = []RunFile{}
	for rows.Next() {
		var f RunFile
		if err := rows.Scan(&f.FileName, &f.SHA256, &f.Status, &f.DocumentID, &f.Error, &f.ReadMS, &f.ParseMS, &f.LoadMS,
			&f.DocumentType, &f.Unit, &f.FiscalYear); err != nil {
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
