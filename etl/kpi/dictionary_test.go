package kpi

import (
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func TestLoadDictionaryHasSeedCodes(t *testing.T) {
	d := mustDict(t)
	for _, code := range []string{
		"investment_inflow", "investment_inflow_yoy", "investment_target_completion", "investment_projects",
		"top500_new_projects", "top500_fulfilment_rate", "top500_funds_rate",
		"provincial_signed_fulfilment_rate", "provincial_signed_funds_rate",
		"prefecture_signed_fulfilment_rate", "prefecture_signed_funds_rate",
		"investor_database_firms", "satisfaction_service_target", "satisfaction_public", "satisfaction_staff",
	} {
		e, ok := d.Lookup(code)
		if !ok || e.Label == "" || e.Unit == "" || e.File == "" {
			t.Errorf("entry %s = %+v, %v", code, e, ok)
		}
	}
	if e, _ := d.Lookup("investment_inflow"); e.Unit != "万元" {
		t.Errorf("money entries are in 万元: %+v", e)
	}
	if e, _ := d.Lookup("top500_funds_rate"); e.Programme != "top500" {
		t.Errorf("programme = %+v", e)
	}
	if len(d.Entries()) < 15 {
		t.Errorf("entries = %d", len(d.Entries()))
	}
}

const okEntry = `
metrics:
  - code: a_metric
    label: 某指标
    unit: 个
    patterns:
      - keywords: [某指标]
`

func TestLoadFSErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // substrings of the error
	}{
		{"no yaml files", map[string]string{"d/readme.md": "x"}, []string{"no .yaml files"}},
		{"unknown field", map[string]string{"d/a.yaml": "metrics:\n  - code: x\n    lable: y\n"}, []string{"a.yaml", "lable"}},
		{"unknown top-level key", map[string]string{"d/a.yaml": "metric: []\n"}, []string{"a.yaml", "metric"}},
		{"bad yaml", map[string]string{"d/a.yaml": "metrics: [\n"}, []string{"a.yaml"}},
		{"empty file", map[string]string{"d/a.yaml": "# nothing\n"}, []string{"a.yaml", "empty"}},
		{"two documents", map[string]string{"d/a.yaml": okEntry + "---\nmetrics: []\n"}, []string{"a.yaml", "more than one"}},
		{"duplicate code across files", map[string]string{"d/a.yaml": okEntry, "d/b.yml": okEntry}, []string{"b.yml", "a_metric", "already defined in a.yaml"}},
		{"bad code", map[string]string{"d/a.yaml": strings.Replace(okEntry, "a_metric", "A-Metric", 1)}, []string{"a.yaml", "metrics[0]", "code"}},
		{"empty label", map[string]string{"d/a.yaml": strings.Replace(okEntry, "某指标\n", "\"\"\n", 1)}, []string{"a.yaml", "label"}},
		{"no unit", map[string]string{"d/a.yaml": strings.Replace(okEntry, "unit: 个", "unit: \"\"", 1)}, []string{"unit"}},
		{"money unit that cannot be converted", map[string]string{"d/a.yaml": strings.Replace(okEntry, "unit: 个", "unit: 万元\n    written: [亿元, 美元]", 1)}, []string{"written[1]", "美元"}},
		{"bad comparator", map[string]string{"d/a.yaml": strings.Replace(okEntry, "unit: 个", "unit: 个\n    comparator: \">\"", 1)}, []string{"comparator"}},
		{"no patterns", map[string]string{"d/a.yaml": "metrics:\n  - code: x\n    label: y\n    unit: 个\n"}, []string{"patterns"}},
		{"bad keyword regex", map[string]string{"d/a.yaml": strings.Replace(okEntry, "[某指标]", "['某(指标']", 1)}, []string{"a.yaml", "metrics[0] (a_metric)", "patterns[0]", "keywords[0]"}},
		{"keyword matching nothing", map[string]string{"d/a.yaml": strings.Replace(okEntry, "[某指标]", "['(?:某)?']", 1)}, []string{"keywords[0]", "empty string"}},
		{"keywords and regex", map[string]string{"d/a.yaml": strings.Replace(okEntry, "[某指标]", "[某指标]\n        regex: '某{value}'", 1)}, []string{"mutually exclusive"}},
		{"regex without value", map[string]string{"d/a.yaml": strings.Replace(okEntry, "keywords: [某指标]", "regex: '某指标'", 1)}, []string{"patterns[0]", "{value}"}},
		{"regex reusing a group name", map[string]string{"d/a.yaml": strings.Replace(okEntry, "keywords: [某指标]", "regex: '(?P<vnum>某){value}'", 1)}, []string{"vnum", "twice"}},
		{"regex with gap", map[string]string{"d/a.yaml": strings.Replace(okEntry, "keywords: [某指标]", "regex: '某{value}'\n        gap: 3", 1)}, []string{"keywords only"}},
		{"gap out of range", map[string]string{"d/a.yaml": strings.Replace(okEntry, "[某指标]", "[某指标]\n        gap: 5000", 1)}, []string{"gap", "outside"}},
		{"negative window", map[string]string{"d/a.yaml": strings.Replace(okEntry, "[某指标]", "[某指标]\n        window: -1", 1)}, []string{"window"}},
		{"broken target", map[string]string{"d/a.yaml": okEntry + "    targets:\n      - {}\n"}, []string{"targets[0]", "keywords or regex"}},
		{"bad residue", map[string]string{"d/a.yaml": "template_residue:\n  - pattern: '(('\n"}, []string{"template_residue[0].pattern"}},
		{"residue matching nothing", map[string]string{"d/a.yaml": "template_residue:\n  - pattern: 'x*'\n"}, []string{"empty string"}},
		{"bad marker", map[string]string{"d/a.yaml": "target_scope:\n  line_markers: ['[']\n"}, []string{"line_markers[0]"}},
		{"bad event stop", map[string]string{"d/a.yaml": "events:\n  stops: ['(']\n"}, []string{"events.stops[0]"}},
		{"event max twice", map[string]string{"d/a.yaml": "events:\n  max_sentences: 3\n", "d/b.yaml": "events:\n  max_sentences: 4\n"}, []string{"b.yaml", "already set in a.yaml"}},
		{"year window out of range", map[string]string{"d/a.yaml": "year_mismatch:\n  window: 99\n"}, []string{"year_mismatch.window"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadFS(mapFS(tt.files), "d")
			if err == nil {
				t.Fatalf("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	if _, err := LoadFS(mapFS(map[string]string{"d/a.yaml": okEntry}), "missing"); err == nil {
		t.Error("missing dir: no error")
	}
}

func TestRequiredLiterals(t *testing.T) {
	tests := []struct {
		re   string
		want []string
	}{
		{`到位资金`, []string{"到位资金"}},
		{`(?:州|市)级.{0,3}签约项目履约率`, []string{"签约项目履约率"}},
		{`到位资金|引资`, []string{"到位资金", "引资"}},
		{`(?:A)?B+`, []string{"B"}},
		{`x*`, nil},
		{`[0-9]+`, nil},
		{`(?i)abc`, nil},
	}
	for _, tt := range tests {
		re, err := syntax.Parse(tt.re, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		got := requiredLiterals(re.Simplify())
		slices.Sort(got)
		slices.Sort(tt.want)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.re, got, tt.want)
		}
	}
}

func TestRequiredSets(t *testing.T) {
	tests := []struct {
		re   string
		want [][]string
	}{
		{`到位资金`, [][]string{{"到位资金"}}},
		{`(?:州|市)级.{0,3}签约项目履约率`, [][]string{{"州", "市"}, {"级"}, {"签约项目履约率"}}},
		{`(?:到位资金|引资).{0,48}?同比增长.{0,2}(?P<v>[0-9]+)(?:%|个)`, [][]string{{"到位资金", "引资"}, {"同比增长"}, {"%", "个"}}},
		{`(?:A)?B+`, [][]string{{"B"}}},
		{`x*[0-9]+`, nil},
	}
	for _, tt := range tests {
		got := requiredSetsOf(tt.re)
		for _, set := range got {
			slices.Sort(set)
		}
		for _, set := range tt.want {
			slices.Sort(set)
		}
		if !slices.EqualFunc(got, tt.want, slices.Equal) {
			t.Errorf("%s: %q, want %q", tt.re, got, tt.want)
		}
	}
}

func TestNormalisePeriod(t *testing.T) {
	for in, want := range map[string]string{"2019-2021": "2019-2021", "2020—2021": "2020-2021", "2020 至 2022": "2020-2022"} {
		if got := normalisePeriod(in); got != want {
			t.Errorf("normalisePeriod(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzDictionaryYAML(f *testing.F) {
	f.Add([]byte(okEntry))
	f.Add([]byte("metrics:\n  - code: x\n    label: y\n    unit: 万元\n    patterns:\n      - regex: '{period}{any}{0,3}x{value}'\n"))
	f.Add([]byte("events:\n  keywords: [会]\n  max_sentences: 2\ntemplate_residue:\n  - pattern: 'XX'\n"))
	f.Add([]byte("year_mismatch:\n  money_words: [预算]\n  window: 3\n"))
	f.Add([]byte("metrics: {"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := LoadFS(fstest.MapFS{"d/x.yaml": &fstest.MapFile{Data: data}}, "d")
		if err != nil {
			return
		}
		d.Extract(paras("2020年预算x12万元，会上签约项目3个。XX"), 2021)
	})
}

func BenchmarkLoadDictionary(b *testing.B) {
	for b.Loop() {
		if _, err := LoadDictionary(); err != nil {
			b.Fatal(err)
		}
	}
}
