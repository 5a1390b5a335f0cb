package sql

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one numbered schema step, e.g. migrations/001_foundation.sql.
type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read embedded migrations: %w", err)
	}
	var out []migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and '_'", name)
		}
		b, err := migrationFS.ReadFile("migrations/" + name)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", name, err)
		}
		out = append(out, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s have the same number", out[i-1].name, out[i].name)
		}
	}
	return out, nil
}

// SchemaVersion is the newest migration this binary knows.
func SchemaVersion() int {
	ms, err := loadMigrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// pending is the migrations not recorded as applied. Numbers may have gaps
// (work numbered in parallel lands in any order): every known migration not
// applied yet is applied, in number order.
func pending(ms []migration, applied map[int]bool) []migration {
	var out []migration
	for _, m := range ms {
		if !applied[m.version] {
			out = append(out, m)
		}
	}
	return out
}

// appliedMigrations reads schema_migrations (empty before the first).
func (w *DB) appliedMigrations(ctx context.Context) (map[int]bool, bool, error) {
	applied := map[int]bool{}
	var exists bool
	if err := w.db.QueryRowContext(ctx,
		`SELECT count(*) > 0 FROM information_schema.tables WHERE table_name = 'schema_migrations'`).Scan(&exists); err != nil {
		return nil, false, fmt.Errorf("inspect schema: %w", err)
	}
	if !exists {
		return applied, false, nil
	}
	rows, err := w.db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, true, fmt.Errorf("read schema version: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, true, fmt.Errorf("read schema version: %w", err)
		}
		applied[v] = true
	}
	return applied, true, rows.Err()
}

// PendingMigrations counts the migrations this binary knows that the
// warehouse has not applied (0 when its schema is current).
func (w *DB) PendingMigrations(ctx context.Context) (int, error) {
	ms, err := loadMigrations()
	if err != nil {
		return 0, err
	}
	applied, _, err := w.appliedMigrations(ctx)
	if err != nil {
		return 0, err
	}
	return len(pending(ms, applied)), nil
}

// migrate applies the pending migrations in order, each in its own transaction,
// then (re)creates the views. It refuses a warehouse newer than this binary.
func (w *DB) migrate(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	applied, exists, err := w.appliedMigrations(ctx)
	if err != nil {
		return err
	}
	newest := 0
	for v := range applied {
		newest = max(newest, v)
	}
	if known := SchemaVersion(); newest > known {
		return fmt.Errorf("数据仓库的结构版本 %d 比本程序所知的 %d 新：请升级 jixiao", newest, known)
	}
	todo := pending(ms, applied)
	if w.readOnly {
		if len(todo) > 0 {
			return fmt.Errorf("数据仓库尚未升级到本程序的结构（缺少 %s）：请先运行一次 `jixiao etl`（或启动 `jixiao serve`）完成升级", todo[0].name)
		}
		return nil
	}
	if !exists {
		if _, err := w.db.ExecContext(ctx, `CREATE TABLE schema_migrations (
			version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
	}
	for _, m := range todo {
		tx, err := w.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migration %s: begin: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, m.version, m.name); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: record: %w", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: commit: %w", m.name, err)
		}
	}
	return w.createViews(ctx)
}
