package sql

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
)

//go:embed views/*.sql
var viewFS embed.FS

// createViews runs every views/*.sql file in name order. View files use
// CREATE OR REPLACE, so they are re-applied on every open and a new binary's
// views replace an old one's without a migration.
func (w *DB) createViews(ctx context.Context) error {
	entries, err := fs.ReadDir(viewFS, "views")
	if err != nil {
		return fmt.Errorf("read embedded views: %w", err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, name := range names {
		b, err := viewFS.ReadFile("views/" + name)
		if err != nil {
			return fmt.Errorf("read view %s: %w", name, err)
		}
		if _, err := w.db.ExecContext(ctx, string(b)); err != nil {
			return fmt.Errorf("create views from %s: %w", name, err)
		}
	}
	return nil
}
