package sql

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// AuditEntry is one row of audit_log.
type AuditEntry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	TokenID    string    `json:"token_id"`
	Role       string    `json:"role"`
	Scope      *string   `json:"scope"`
	Action     string    `json:"action"`
	Detail     *string   `json:"detail"`
	Rows       *int64    `json:"rows"`
	DurationMS float64   `json:"duration_ms"`
	Status     int       `json:"status"`
	Outcome    string    `json:"outcome"`
}

// AuditFilter narrows ListAudit; empty fields match everything.
type AuditFilter struct {
	Action  string
	TokenID string
	// Scope, when set, lists only entries made under exactly this scope.
	Scope  string
	Limit  int
	Offset int
}

// RecordAudit appends one entry to the audit log.
func (w *DB) RecordAudit(ctx context.Context, e AuditEntry) error {
	_, err := w.db.ExecContext(ctx, `INSERT INTO audit_log (logged_at, token_id, role, scope, action, detail, rows, duration_ms, status, outcome)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.At.UTC(), e.TokenID, e.Role, e.Scope, e.Action, e.Detail, e.Rows,
		e.DurationMS, e.Status, e.Outcome)
	if err != nil {
		return fmt.Errorf("record audit: %w", err)
	}
	return nil
}

// ListAudit returns audit entries, newest first.
func (w *DB) ListAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	var where []string
	var args []any
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	if f.TokenID != "" {
		where, args = append(where, "token_id = ?"), append(args, f.TokenID)
	}
	if f.Scope != "" {
		where, args = append(where, "scope = ?"), append(args, f.Scope)
	}
	q := `SELECT audit_id, logged_at, token_id, role, scope, action, detail, rows, duration_ms, status, outcome FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY audit_id DESC LIMIT ? OFFSET ?"
	args = append(args, f.Limit, f.Offset)
	rows, err := w.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list audit: %w", err)
	}
	defer rows.Close()
	out := []AuditEntry{}
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.TokenID, &e.Role, &e.Scope, &e.Action, &e.Detail, &e.Rows, &e.DurationMS,
			&e.Status, &e.Outcome); err != nil {
			return nil, fmt.Errorf("list audit: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
