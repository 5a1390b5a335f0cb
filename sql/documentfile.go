package sql

import (
	"context"
	gosql "database/sql"
	"errors"
	"fmt"
)

// DocumentFile is where a loaded document's original file is kept.
type DocumentFile struct {
	DocumentID  int64
	FileName    string // the name it arrived under (Chinese, as sent)
	Format      string
	SHA256      string
	SizeBytes   int64
	ArchivePath string // empty when the loader recorded none
	Unit        string // canonical name (or the name as written)
	FiscalYear  int
}

// DocumentFile reads document id inside the scope; ErrNotFound when there is
// no such document or it lies outside the scope (which must not be revealed).
func (w *DB) DocumentFile(ctx context.Context, id int64, s Scope) (*DocumentFile, error) {
	cond, args := documentScope(s)
	var (
		f          DocumentFile
		path, unit *string
		year       *int32
	)
	err := w.db.QueryRowContext(ctx, `SELECT d.document_id, d.file_name, d.format, d.sha256, d.size_bytes, d.archive_path,
		coalesce(u.canonical_name, d.unit_name), d.fiscal_year
		FROM documents d LEFT JOIN units u ON u.unit_id = d.unit_id
		WHERE d.document_id = ? AND `+cond, append([]any{id}, args...)...).
		Scan(&f.DocumentID, &f.FileName, &f.Format, &f.SHA256, &f.SizeBytes, &path, &unit, &year)
	if errors.Is(err, gosql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("document file %d: %w", id, err)
	}
	f.ArchivePath, f.Unit = str(path), str(unit)
	if year != nil {
		f.FiscalYear = int(*year)
	}
	return &f, nil
}

// documentScope is the condition that a document (d, its unit u) lies inside
// the scope: a unit by canonical name, a region by the unit's region.
func documentScope(s Scope) (string, []any) {
	if s.Region != "" {
		return "u.region = ?", []any{s.Region}
	}
	return scopeCond(s, "u.canonical_name")
}
