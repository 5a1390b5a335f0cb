package dashboards_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"jixiao/dashboards"
	warehouse "jixiao/sql"
)

// TestCheckAgainstWarehouse plans panel queries on a real (empty, in-memory)
// warehouse: a column or relation that does not exist stops the server with
// the file, the line and the field named.
func TestCheckAgainstWarehouse(t *testing.T) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, "", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	embedded, err := dashboards.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := embedded.Check(ctx, wh); err != nil {
		t.Fatalf("embedded dashboards: %v", err)
	}
	const def = `id: demo
title: 示例
panels:
  - id: p1
    title: 图一
    chart: line
    x: fiscal_year
    y: [%s]
    query: SELECT fiscal_year, total_score FROM %s
`
	cases := []struct {
		name, y, from string
		says          []string
	}{
		{"field not in the result", "avg_score", "v_evaluations", []string{"demo.yaml", "第 4 行", "avg_score"}},
		{"unknown column", "total_score", "agg_yearly", []string{"demo.yaml", "第 4 行", "query"}},
		{"relation outside the documented ones", "total_score", "documents", []string{"demo.yaml", "query", "documents"}},
		{"no such view", "total_score", "v_nothing", []string{"demo.yaml", "v_nothing"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			y := strings.Replace(strings.Replace(def, "%s", c.y, 1), "%s", c.from, 1)
			set, err := dashboards.LoadFS(fstest.MapFS{"x/demo.yaml": {Data: []byte(y)}}, "x")
			if err != nil {
				t.Fatal(err)
			}
			err = set.Check(ctx, wh)
			if err == nil {
				t.Fatal("checked a bad panel")
			}
			for _, s := range c.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
		})
	}
}
