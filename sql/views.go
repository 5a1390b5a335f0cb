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
// views replace an old one's without a migration. When the views' text
// changed, the materialised results (computed by the old views) are dropped
// first and recomputed after (see materialise.go); results a crash left
// unmaterialised are recomputed too.
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
	texts := make([]string, 0, 2*len(names))
	for _, name := range names {
		b, err := viewFS.ReadFile("views/" + name)
		if err != nil {
			return fmt.Errorf("read view %s: %w", name, err)
		}
		texts = append(texts, name, string(b))
	}
	// The stamp is written only after the tables are dropped and the views
	// created, so a crash in between drops them again on the next open.
	viewsStamp := stamp(texts...)
	changed, err := stampDiffers(ctx, w.db, stampViews, viewsStamp)
	if err != nil {
		return err
	}
	if changed {
		if err := dropMaterialised(ctx, w.db); err != nil {
			return err
		}
	}
	for i := 0; i < len(texts); i += 2 {
		if _, err := w.db.ExecContext(ctx, texts[i+1]); err != nil {
			return fmt.Errorf("create views from %s: %w", texts[i], err)
		}
	}
	if changed {
		if err := writeStamp(ctx, w.db, stampViews, viewsStamp); err != nil {
			return err
		}
	}
	return w.repairMaterialised(ctx)
}
