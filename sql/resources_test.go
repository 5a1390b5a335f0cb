package sql_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"jixiao/dashboards"
	"jixiao/etl"
	"jixiao/etl/demo"
	"jixiao/etl/extract"
	warehouse "jixiao/sql"
)

var demoOnce struct {
	sync.Once
	wh  *warehouse.DB
	err error
}

// demoWarehouse is the demo corpus loaded by the real ETL, once per test binary.
func demoWarehouse(t *testing.T) *warehouse.DB {
	t.Helper()
	demoOnce.Do(func() {
		ctx := context.Background()
		dir, err := os.MkdirTemp("", "jixiao-res-*")
		if err != nil {
			demoOnce.err = err
			return
		}
		layout := etl.NewLayout(filepath.Join(dir, "data"), "")
		if err = layout.Ensure(); err != nil {
			demoOnce.err = err
			return
		}
		if _, err = demo.Write(ctx, layout.Inbox, demo.Options{}); err != nil {
			demoOnce.err = err
			return
		}
		wh, err := warehouse.Open(ctx, layout.WarehousePath(), warehouse.Options{})
		if err != nil {
			demoOnce.err = err
			return
		}
		an, err := etl.NewAnalyzer(extract.Limits{})
		if err != nil {
			demoOnce.err = err
			return
		}
		_, err = (&etl.Runner{WH: wh, Analyzer: an, Layout: layout}).RunOnce(ctx, "test", nil)
		demoOnce.wh, demoOnce.err = wh, err
	})
	if demoOnce.err != nil {
		t.Fatal(demoOnce.err)
	}
	return demoOnce.wh
}

// TestPanelsScoped runs every dashboard panel under a unit scope and checks
// that each row naming a unit names that unit, and that a region scope
// covering the whole demo corpus changes nothing.
func TestPanelsScoped(t *testing.T) {
	wh := demoWarehouse(t)
	ctx := context.Background()
	set, err := dashboards.Load()
	if err != nil {
		t.Fatal(err)
	}
	const unit = "湘西州投资促进事务中心"
	rowsWithUnit := 0
	for _, d := range set.List() {
		for _, p := range d.Panels {
			all, err := wh.Panel(ctx, p.Query, warehouse.Scope{}, warehouse.PanelFilter{})
			if err != nil {
				t.Fatalf("%s/%s: %v", d.ID, p.ID, err)
			}
			region, err := wh.Panel(ctx, p.Query, warehouse.Scope{Region: "湘西州"}, warehouse.PanelFilter{})
			if err != nil {
				t.Fatalf("%s/%s: %v", d.ID, p.ID, err)
			}
			a, _ := json.Marshal(all.Rows)
			r, _ := json.Marshal(region.Rows)
			// Ledgers (etl_*) are the whole warehouse's and hidden from scoped callers.
			if string(a) != string(r) && !strings.HasPrefix(p.ID, "etl_") && p.ID != "quarantined" {
				t.Errorf("%s/%s: region scope over the whole corpus changed the answer", d.ID, p.ID)
			}
			scoped, err := wh.Panel(ctx, p.Query, warehouse.Scope{Unit: unit}, warehouse.PanelFilter{From: 2021})
			if err != nil {
				t.Fatalf("%s/%s: %v", d.ID, p.ID, err)
			}
			ui, yi := slices.Index(scoped.Columns, "unit"), slices.Index(scoped.Columns, "fiscal_year")
			for _, row := range scoped.Rows {
				if ui >= 0 {
					rowsWithUnit++
					if row[ui] != unit {
						t.Errorf("%s/%s: unit-scoped row of %v", d.ID, p.ID, row[ui])
					}
				}
				if yi >= 0 && row[yi].(int32) < 2021 {
					t.Errorf("%s/%s: from=2021 answered %v", d.ID, p.ID, row[yi])
				}
			}
		}
	}
	if rowsWithUnit == 0 {
		t.Fatal("no scoped panel row names a unit: the test proves nothing")
	}
}
