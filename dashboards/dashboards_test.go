package dashboards

import (
	"strings"
	"testing"
	"testing/fstest"
)

const good = `id: demo
title: 示例
filters: [unit]
panels:
  - id: p1
    title: 图一
    chart: line
    x: fiscal_year
    y: [total_score]
    query: SELECT fiscal_year, total_score FROM v_evaluations
`

func TestEmbeddedDashboards(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"overview": "总览", "unit": "单位详情", "investment": "招商引资", "quality": "数据质量"}
	for id, title := range want {
		d, ok := s.Get(id)
		if !ok || d.Title != title || len(d.Panels) < 4 {
			t.Errorf("dashboard %s: %+v", id, d)
		}
	}
}

// TestBadDefinitions: a bad file stops loading with the file, the line and
// the field named.
func TestBadDefinitions(t *testing.T) {
	cases := []struct {
		name, yaml string
		says       []string
	}{
		{"unknown field", strings.Replace(good, "    chart: line", "    chart: line\n    colour: red", 1), []string{"bad.yaml", "line 8", "colour"}},
		{"bad chart", strings.Replace(good, "chart: line", "chart: radar", 1), []string{"bad.yaml", "第 5 行", "chart", "radar"}},
		{"no title", strings.Replace(good, "title: 示例", "title: \"\"", 1), []string{"bad.yaml", "title"}},
		{"bad filter", strings.Replace(good, "filters: [unit]", "filters: [county]", 1), []string{"bad.yaml", "filters", "county"}},
		{"no query", strings.Replace(good, "    query: SELECT fiscal_year, total_score FROM v_evaluations\n", "", 1), []string{"第 5 行", "query"}},
		{"chart without y", strings.Replace(good, "    y: [total_score]\n", "", 1), []string{"第 5 行", "x 和 y"}},
		{"bad id", strings.Replace(good, "id: demo", "id: Demo-1", 1), []string{"bad.yaml", "id"}},
		{"not yaml", "id: [", []string{"bad.yaml", "YAML"}},
		{"two documents", good + "---\n" + good, []string{"bad.yaml", "一个看板"}},
		{"required not a filter", strings.Replace(good, "filters: [unit]", "filters: [unit]\nrequired: [year]", 1), []string{"required", "year"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadFS(fstest.MapFS{"d/bad.yaml": {Data: []byte(c.yaml)}}, "d")
			if err == nil {
				t.Fatal("loaded a bad definition")
			}
			for _, s := range c.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
		})
	}
	_, err := LoadFS(fstest.MapFS{"d/a.yaml": {Data: []byte(good)}, "d/b.yaml": {Data: []byte(good)}}, "d")
	if err == nil || !strings.Contains(err.Error(), "重复") {
		t.Errorf("duplicate ids: %v", err)
	}
}
