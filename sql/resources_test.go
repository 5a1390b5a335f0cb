package sql_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
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

func TestDashboardsPlan(t *testing.T) {
	wh := demoWarehouse(t)
	set, err := dashboards.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := set.Check(context.Background(), wh); err != nil {
		t.Fatal(err)
	}
	for _, d := range set.List() {
		for _, p := range d.Panels {
			for _, s := range []warehouse.Scope{{}, {Region: "湘西州"}, {Unit: "湘西州档案馆"}} {
				res, err := wh.Panel(context.Background(), p.Query, s, warehouse.PanelFilter{From: 2020})
				if err != nil {
					t.Fatalf("%s/%s %+v: %v", d.ID, p.ID, s, err)
				}
				b, _ := json.Marshal(res)
				t.Logf("%s/%s %+v: %d rows %.300s", d.ID, p.ID, s, len(res.Rows), b)
			}
		}
	}
}

func TestListAndEvaluation(t *testing.T) {
	wh := demoWarehouse(t)
	ctx := context.Background()
	for _, r := range []*warehouse.Resource{warehouse.Evaluations, warehouse.Indicators, warehouse.Trends, warehouse.Targets, warehouse.Findings, warehouse.Coverage, warehouse.UnitList} {
		l, err := wh.List(ctx, r, warehouse.ListQuery{PerPage: 2})
		if err != nil {
			t.Fatalf("%s: %v", r.Name, err)
		}
		b, _ := json.Marshal(l)
		t.Logf("%s: %s", r.Name, b)
	}
	ev, err := wh.Evaluation(ctx, 1, warehouse.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(ev.Report)
	t.Logf("%.3000s", b)
}
