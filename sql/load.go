package sql

import (
	"context"
	gosql "database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"jixiao/report"
)

// Document is one parsed file ready to load.
type Document struct {
	Report      *report.Report
	FileName    string
	SHA256      string
	SizeBytes   int64
	ArchivePath string
	RunID       int64 // 0 outside an ETL run (e.g. check)
}

// LoadResult says what loading did.
type LoadResult struct {
	DocumentID int64
	// Skipped is true when a document with the same sha256 was already loaded.
	Skipped bool
	// Superseded is the document this one replaced for the same unit-year (0: none).
	Superseded int64
	UnitID     int64
}

// ErrNoUnitYear is wrapped when a report has neither unit nor fiscal year; it is
// still loaded, but no evaluation points at it.
var ErrNoUnitYear = errors.New("report names no unit or fiscal year")

// HasDocument reports whether content with this sha256 is already loaded.
func (w *DB) HasDocument(ctx context.Context, sha string) (bool, error) {
	var n int
	if err := w.db.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE sha256 = ?`, sha).Scan(&n); err != nil {
		return false, fmt.Errorf("look up document %s: %w", sha, err)
	}
	return n > 0, nil
}

// Load writes one report in one transaction: its document row, every fact table,
// the unit (merging aliases and renames) and the unit-year evaluation, replacing an
// older document for the same unit-year. The same sha256 twice is a no-op.
func (w *DB) Load(ctx context.Context, d Document) (LoadResult, error) {
	var res LoadResult
	if d.Report == nil {
		return res, fmt.Errorf("load %s: no report", d.FileName)
	}
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("load %s: begin: %w", d.FileName, err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after commit
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE sha256 = ?`, d.SHA256).Scan(&n); err != nil {
		return res, fmt.Errorf("load %s: %w", d.FileName, err)
	}
	if n > 0 {
		res.Skipped = true
		return res, nil
	}
	r := d.Report
	unitID, err := resolveUnit(ctx, tx, r.Unit)
	if err != nil {
		return res, fmt.Errorf("load %s: unit: %w", d.FileName, err)
	}
	res.UnitID = unitID
	if err := tx.QueryRowContext(ctx, `SELECT nextval('document_id_seq')`).Scan(&res.DocumentID); err != nil {
		return res, fmt.Errorf("load %s: document id: %w", d.FileName, err)
	}
	id := res.DocumentID
	var year any
	if r.FiscalYear > 0 {
		year = r.FiscalYear
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO documents (document_id, sha256, file_name, format, encoding, size_bytes,
		unit_id, unit_name, fiscal_year, scheme, parser_version, archive_path, run_id, contact_name, contact_phone, missing)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, d.SHA256, d.FileName, r.Source.Format, nullString(r.Source.Encoding), d.SizeBytes,
		nullID(unitID), nullString(r.Unit.Name), year, nullString(r.Scheme), r.Source.ParserVersion,
		nullString(d.ArchivePath), nullID(d.RunID), nullString(r.Contact.Name), nullString(r.Contact.Phone),
		stringList(r.Missing)); err != nil {
		return res, fmt.Errorf("load %s: documents: %w", d.FileName, err)
	}
	for _, b := range factBatches(id, r) {
		if err := insertRows(ctx, tx, b); err != nil {
			return res, fmt.Errorf("load %s: %s: %w", d.FileName, b.table, err)
		}
	}
	if unitID != 0 && r.FiscalYear > 0 {
		res.Superseded, err = setEvaluation(ctx, tx, unitID, r.FiscalYear, id)
		if err != nil {
			return res, fmt.Errorf("load %s: evaluation: %w", d.FileName, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("load %s: commit: %w", d.FileName, err)
	}
	return res, nil
}

// setEvaluation points the unit-year at document id and marks the document it
// replaces as superseded; it returns the replaced document (0: none).
func setEvaluation(ctx context.Context, tx *gosql.Tx, unitID int64, year int, id int64) (int64, error) {
	var old int64
	err := tx.QueryRowContext(ctx, `SELECT document_id FROM evaluations WHERE unit_id = ? AND fiscal_year = ?`, unitID, year).Scan(&old)
	switch {
	case errors.Is(err, gosql.ErrNoRows):
		_, err = tx.ExecContext(ctx, `INSERT INTO evaluations (unit_id, fiscal_year, document_id) VALUES (?, ?, ?)`, unitID, year, id)
		return 0, err
	case err != nil:
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE evaluations SET document_id = ?, updated_at = current_timestamp WHERE unit_id = ? AND fiscal_year = ?`, id, unitID, year); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET superseded_by = ? WHERE document_id = ?`, id, old); err != nil {
		return 0, err
	}
	return old, nil
}

// resolveUnit finds the unit a report belongs to through unit_aliases: its name,
// canonical name and any former names it records. Names that resolve to several
// units (a rename seen after both names were loaded) merge them into the oldest.
// It returns 0 when the report names no unit.
func resolveUnit(ctx context.Context, tx *gosql.Tx, u report.Unit) (int64, error) {
	canonical := strings.TrimSpace(u.CanonicalName)
	if canonical == "" {
		canonical = strings.TrimSpace(u.Name)
	}
	if canonical == "" {
		return 0, nil
	}
	names := map[string]string{canonical: "report"}
	if n := strings.TrimSpace(u.Name); n != "" {
		names[n] = "report"
	}
	for _, f := range u.FormerNames {
		if f = strings.TrimSpace(f); f != "" && names[f] == "" {
			names[f] = "rename"
		}
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	ph := strings.TrimSuffix(strings.Repeat("?,", len(keys)), ",")
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	rows, err := tx.QueryContext(ctx, `SELECT alias, unit_id FROM unit_aliases WHERE alias IN (`+ph+`)`, args...)
	if err != nil {
		return 0, err
	}
	known := map[string]int64{}
	ids := map[int64]bool{}
	for rows.Next() {
		var a string
		var id int64
		if err := rows.Scan(&a, &id); err != nil {
			rows.Close()
			return 0, err
		}
		known[a] = id
		ids[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	var unitID int64
	switch len(ids) {
	case 0:
		if err := tx.QueryRowContext(ctx, `SELECT nextval('unit_id_seq')`).Scan(&unitID); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO units (unit_id, canonical_name, region, parent) VALUES (?, ?, ?, ?)`,
			unitID, canonical, nullString(u.Region), nullString(u.Parent)); err != nil {
			return 0, err
		}
	default:
		all := make([]int64, 0, len(ids))
		for id := range ids {
			all = append(all, id)
		}
		sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
		unitID = all[0]
		for _, other := range all[1:] {
			if err := mergeUnit(ctx, tx, unitID, other); err != nil {
				return 0, err
			}
		}
	}
	for _, k := range keys {
		if _, ok := known[k]; ok && known[k] == unitID {
			continue
		}
		if _, ok := known[k]; ok {
			if _, err := tx.ExecContext(ctx, `UPDATE unit_aliases SET unit_id = ? WHERE alias = ?`, unitID, k); err != nil {
				return 0, err
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO unit_aliases (alias, unit_id, source) VALUES (?, ?, ?)`, k, unitID, names[k]); err != nil {
			return 0, err
		}
	}
	// A report that records a rename names the unit as it is now called.
	if len(u.FormerNames) > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE units SET canonical_name = ? WHERE unit_id = ?`, canonical, unitID); err != nil {
			return 0, err
		}
	}
	return unitID, nil
}

// mergeUnit folds unit other into unit keep: aliases, documents and evaluations
// move over; where both have the same year, the later-loaded document wins and
// the other is marked superseded.
func mergeUnit(ctx context.Context, tx *gosql.Tx, keep, other int64) error {
	type ev struct {
		year int
		doc  int64
	}
	rows, err := tx.QueryContext(ctx, `SELECT o.fiscal_year, o.document_id, k.document_id
		FROM evaluations o JOIN evaluations k ON k.fiscal_year = o.fiscal_year AND k.unit_id = ?
		WHERE o.unit_id = ?`, keep, other)
	if err != nil {
		return err
	}
	var clashes []struct {
		year       int
		odoc, kdoc int64
	}
	for rows.Next() {
		var c struct {
			year       int
			odoc, kdoc int64
		}
		if err := rows.Scan(&c.year, &c.odoc, &c.kdoc); err != nil {
			rows.Close()
			return err
		}
		clashes = append(clashes, c)
	}
	rows.Close()
	for _, c := range clashes {
		winner, loser := c.kdoc, c.odoc
		if c.odoc > c.kdoc {
			winner, loser = c.odoc, c.kdoc
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM evaluations WHERE unit_id = ? AND fiscal_year = ?`, other, c.year); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE evaluations SET document_id = ? WHERE unit_id = ? AND fiscal_year = ?`, winner, keep, c.year); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET superseded_by = ? WHERE document_id = ?`, winner, loser); err != nil {
			return err
		}
	}
	for _, q := range []string{
		`UPDATE evaluations SET unit_id = ? WHERE unit_id = ?`,
		`UPDATE unit_aliases SET unit_id = ? WHERE unit_id = ?`,
		`UPDATE documents SET unit_id = ? WHERE unit_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, keep, other); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM units WHERE unit_id = ?`, other)
	return err
}

// batch is the rows of one table for one document.
type batch struct {
	table string
	cols  []string
	rows  [][]any
}

// insertRows writes a batch with one multi-row INSERT.
func insertRows(ctx context.Context, tx *gosql.Tx, b batch) error {
	if len(b.rows) == 0 {
		return nil
	}
	var sb strings.Builder
	sb.WriteString("INSERT INTO ")
	sb.WriteString(b.table)
	sb.WriteString(" (")
	sb.WriteString(strings.Join(b.cols, ", "))
	sb.WriteString(") VALUES ")
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(b.cols)), ", ") + ")"
	args := make([]any, 0, len(b.rows)*len(b.cols))
	for i, r := range b.rows {
		if len(r) != len(b.cols) {
			return fmt.Errorf("row %d has %d values for %d columns", i, len(r), len(b.cols))
		}
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(one)
		args = append(args, r...)
	}
	_, err := tx.ExecContext(ctx, sb.String(), args...)
	return err
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func num(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func stringList(ss []string) any {
	if len(ss) == 0 {
		return nil
	}
	// DuckDB's driver takes a Go []any for a LIST parameter.
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
