package scheme

import (
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/width"
)

func TestLoadCatalogShipped(t *testing.T) {
	c, err := LoadCatalog()
	if err != nil {
		t.Fatalf("LoadCatalog: %v", err)
	}
	if got, want := strings.Join(c.IDs(), ","), "hunan-local,hunan-xiangxi-2021,national-2013,sichuan-2017,sichuan-generic-2022"; got != want {
		t.Fatalf("IDs = %s, want %s", got, want)
	}
	hn, ok := c.Scheme("hunan-xiangxi-2021")
	if !ok {
		t.Fatal("hunan-xiangxi-2021 missing")
	}
	if len(hn.Indicators) != 21 {
		t.Errorf("hunan indicators = %d, want 21 (DESIGN §5 table)", len(hn.Indicators))
	}
	sums := map[string]float64{}
	for _, ind := range hn.Indicators {
		sums[ind.Level1] += ind.Max
	}
	for l, want := range map[string]float64{"投入": 13, "过程": 61, "产出及效率": 26} {
		if sums[l] != want {
			t.Errorf("hunan %s = %v, want %v", l, sums[l], want)
		}
	}
	if hn.Total() != 100 {
		t.Errorf("hunan total = %v", hn.Total())
	}
	sc, _ := c.Scheme("sichuan-generic-2022")
	if got := strings.Join(sc.Level1Names(), "/"); got != "部门决策/综合管理/部门绩效" || sc.Total() != 100 {
		t.Errorf("sichuan levels = %s total %v", got, sc.Total())
	}
	for _, code := range []string{"key_expenditure_ratio", "payment_progress", "carryover_balance_rate"} {
		if _, ok := sc.Indicator(code); !ok {
			t.Errorf("sichuan lacks %s", code)
		}
	}
	if _, ok := c.Scheme("nope"); ok {
		t.Error("unknown id found")
	}
}

func TestMatch(t *testing.T) {
	c, err := LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	s, _ := c.Scheme("hunan-xiangxi-2021")
	tests := []struct {
		name, code string
	}{
		{"绩效目标合理性", "goal_reasonableness"},
		{"绩效指标的明确性", "indicator_clarity"},
		{"“三公经费”变动率", "sangong_change_rate"},
		{"\"三公经费\"控制率", "sangong_ctrl"},
		{"三公经费 控制率", "sangong_ctrl"},
		{"履行效益", "econ_social_benefit"},
		{"经济效益与社会效益", "econ_social_benefit"},
		{"资产管理制度健全性", "asset_mgmt_system"},
		{"管理制度健全性", "mgmt_system_sound"},
		{"重点工作实际完成率", "key_task_completion"},
		{"社会公众或服务对象满意度", "satisfaction"},
		{"在职人员控制率", "staff_control_rate"},
		{"固定资产利用率", "fixed_asset_utilization"},
		{"\u3000预算完成率\u3000", "budget_completion_rate"},
		{"固定资产利用", ""},
		{"人才引进率", ""},
		{"", ""},
	}
	for _, tt := range tests {
		ind, ok := s.Match(tt.name)
		if tt.code == "" {
			if ok {
				t.Errorf("Match(%q) = %s, want no match", tt.name, ind.Code)
			}
			continue
		}
		if !ok || ind.Code != tt.code {
			t.Errorf("Match(%q) = %v %v, want %s", tt.name, ind, ok, tt.code)
		}
	}
	var nilScheme *Scheme
	if _, ok := nilScheme.Match("预算完成率"); ok {
		t.Error("nil scheme matched")
	}
}

func TestNormalizeAndCustomCode(t *testing.T) {
	if got := Normalize("“三公经费”的 变动率（４分）"); got != "三公经费变动率(4分)" {
		t.Errorf("Normalize = %q", got)
	}
	a, b := CustomCode("人才 引进率"), CustomCode("人才引进率")
	if a != b || !strings.HasPrefix(a, "custom_") || len(a) != len("custom_")+8 {
		t.Errorf("CustomCode = %q, %q", a, b)
	}
	if CustomCode("甲") == CustomCode("乙") {
		t.Error("different names share a code")
	}
}

func TestDetect(t *testing.T) {
	c, err := LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		region string
		year   int
		want   string
	}{
		{"湘西州", 2021, "hunan-xiangxi-2021"},
		{"湘西州", 2019, "hunan-xiangxi-2021"},
		{"湘西州", 2024, "hunan-xiangxi-2021"},
		{"湘西州", 0, "hunan-xiangxi-2021"},
		{"四川省", 2023, "sichuan-generic-2022"},
		{"火星", 2021, ""},
		{"", 2021, ""},
	} {
		got, ok := c.Detect(tt.region, tt.year)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Detect(%s, %d) = %q %v, want %q", tt.region, tt.year, got, ok, tt.want)
		}
	}
	// With two schemes for a region, the latest one not after the year wins.
	two := strings.Replace(minimal, "id: mini", "id: mini-2019", 1)
	later := strings.Replace(minimal, "id: mini", "id: mini-2022", 1)
	cat, err := LoadFS(fstest.MapFS{
		"s/mini-2019.yaml": {Data: []byte(two)},
		"s/mini-2022.yaml": {Data: []byte(later)},
	}, "s")
	if err != nil {
		t.Fatal(err)
	}
	for year, want := range map[int]string{2018: "mini-2019", 2020: "mini-2019", 2022: "mini-2022", 2030: "mini-2022"} {
		if got, _ := cat.Detect("某地", year); got != want {
			t.Errorf("Detect(某地, %d) = %s, want %s", year, got, want)
		}
	}
}

// minimal is a valid one-indicator scheme the error tests mutate.
const minimal = `id: mini
name: 测试方案
region: 某地
levels: [{name: 投入, max: 10}]
grades: [{grade: 优, min: 90}, {grade: 差, min: 0}]
indicators:
  - code: staff_control_rate
    name: 在职人员控制率
    level1: 投入
    level2: 预算配置
    max: 10
    formula:
      text: 在职人数÷编制数×100%
      numerator: [{figure: staff_actual}]
      denominator: [{figure: staff_authorized}]
      scale: 100
    rule:
      type: deduction
      op: "<="
      limit: 100
      per_point: 1
`

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // substrings of the error
	}{
		{"unknown rule type", strings.Replace(minimal, "type: deduction", "type: foo", 1),
			[]string{"schemes/mini.yaml: indicator staff_control_rate: rule.type: unknown type \"foo\""}},
		{"unknown field in rule", strings.Replace(minimal, "per_point: 1", "per_point: 1\n      perpoint: 2", 1),
			[]string{"schemes/mini.yaml: indicator staff_control_rate: line 22: unknown field \"perpoint\" in rule"}},
		{"unknown top-level field", "colour: red\n" + minimal,
			[]string{"schemes/mini.yaml: line 1: unknown field \"colour\" in scheme"}},
		{"unknown figure", strings.Replace(minimal, "figure: staff_actual", "figure: staff_real", 1),
			[]string{"indicator staff_control_rate: formula.numerator[0].figure: unknown figure \"staff_real\""}},
		{"duplicate code", minimal + strings.Replace(strings.Replace(minimal[strings.Index(minimal, "  - code"):], "在职人员控制率", "人员控制率", 1), "max: 10", "max: 0.5", 1),
			[]string{"indicator staff_control_rate: code: duplicate code \"staff_control_rate\""}},
		{"duplicate name", minimal + strings.Replace(minimal[strings.Index(minimal, "  - code"):], "code: staff_control_rate", "code: other", 1),
			[]string{"indicator other: aliases: \"在职人员控制率\" is also a name of indicator staff_control_rate"}},
		{"level sum", strings.Replace(minimal, "max: 10\n    formula", "max: 9\n    formula", 1),
			[]string{"levels: 投入: indicators add up to 9, level max is 10"}},
		{"unknown level", strings.Replace(minimal, "level1: 投入", "level1: 产出", 1),
			[]string{"indicator staff_control_rate: level1: \"产出\" is not one of levels"}},
		{"deduction without per_point", strings.Replace(minimal, "      per_point: 1\n", "", 1),
			[]string{"rule.per_point: must be positive"}},
		{"threshold with steps", strings.Replace(minimal, "type: deduction", "type: threshold", 1),
			[]string{"rule.per_point: not allowed for type \"threshold\""}},
		{"bad op", strings.Replace(minimal, `op: "<="`, `op: "=<"`, 1),
			[]string{"rule.op: want one of"}},
		{"ladder points over max", strings.Replace(minimal, "    rule:\n      type: deduction\n      op: \"<=\"\n      limit: 100\n      per_point: 1\n",
			"    rule:\n      type: ladder\n      steps: [{op: \"<\", limit: 10, points: 11}]\n", 1),
			[]string{"rule.steps[0].points: points 11 outside 0..10"}},
		{"declared with limit", strings.Replace(minimal, "type: deduction", "type: declared", 1),
			[]string{"rule.op: not allowed for type \"declared\""}},
		{"grades order", strings.Replace(minimal, "{grade: 优, min: 90}, {grade: 差, min: 0}", "{grade: 差, min: 0}, {grade: 优, min: 90}", 1),
			[]string{"grades[1].min"}},
		{"grades floor", strings.Replace(minimal, "{grade: 差, min: 0}", "{grade: 差, min: 10}", 1),
			[]string{"the lowest grade must start at 0"}},
		{"wrong type", strings.Replace(minimal, "max: 10\n    formula", "max: ten\n    formula", 1),
			[]string{"schemes/mini.yaml: indicator staff_control_rate: line 11: max: cannot unmarshal"}},
		{"duplicate key", strings.Replace(minimal, "name: 测试方案", "name: 测试方案\nname: 又一个", 1),
			[]string{"schemes/mini.yaml:", "already defined"}},
		{"empty", "", []string{"schemes/mini.yaml: empty scheme file"}},
		{"two documents", minimal + "---\n" + minimal, []string{"more than one YAML document"}},
		{"id mismatch", strings.Replace(minimal, "id: mini", "id: other", 1), []string{"id: \"other\" does not match the file name"}},
		{"code case", strings.Replace(minimal, "code: staff_control_rate", "code: Staff", 1), []string{"code: \"Staff\" must be lower_snake_case"}},
		{"missing levels", strings.Replace(minimal, "levels: [{name: 投入, max: 10}]\n", "", 1), []string{"levels: required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadFS(fstest.MapFS{"schemes/mini.yaml": {Data: []byte(tt.yaml)}}, "schemes")
			if err == nil {
				t.Fatal("no error")
			}
			t.Log(err)
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestLoadFSValid(t *testing.T) {
	c, err := LoadFS(fstest.MapFS{"schemes/mini.yaml": {Data: []byte(minimal)}, "schemes/readme.txt": {Data: []byte("x")}}, "schemes")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := c.Scheme("mini")
	ind, _ := s.Match("人员 在职控制率")
	if ind != nil {
		t.Errorf("scrambled name matched %s", ind.Code)
	}
	ind, _ = s.Match("在职人员控制率")
	if ind == nil || ind.Formula.Numerator[0].Weight != 1 {
		t.Fatalf("default weight not applied: %+v", ind)
	}
	if _, err := LoadFS(fstest.MapFS{"x/a.txt": {Data: []byte("x")}}, "x"); err == nil {
		t.Error("empty dir loaded")
	}
	if _, err := LoadFS(fstest.MapFS{}, "missing"); err == nil {
		t.Error("missing dir loaded")
	}
}

func TestGradeFor(t *testing.T) {
	cat, err := LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	s, _ := cat.Scheme("hunan-xiangxi-2021")
	for total, want := range map[float64]string{94: "优", 90: "优", 89.9: "良", 60: "较差", 12: "差"} {
		if g, _ := s.GradeFor(total); g != want {
			t.Errorf("GradeFor(%v) = %s, want %s", total, g, want)
		}
	}
}

// TestHunanLocalIsXiangxiUnweighted: the Hunan variant whose points each city
// sets lists the 湘西州 indicators (names, aliases, groups, formulas) without
// points, every rule declared, so a report weighted otherwise is measured by
// its own 分值 column and never by 湘西州's maxima.
func TestHunanLocalIsXiangxiUnweighted(t *testing.T) {
	c, err := LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	local, _ := c.Scheme("hunan-local")
	xx, _ := c.Scheme("hunan-xiangxi-2021")
	if local == nil || xx == nil {
		t.Fatal("hunan-local or hunan-xiangxi-2021 missing")
	}
	if !local.Unweighted || local.Source == "" || local.Total() != 0 {
		t.Errorf("hunan-local: unweighted %v, source %q, total %v; want unweighted, a source, no points", local.Unweighted, local.Source, local.Total())
	}
	if got, want := strings.Join(local.Level1Names(), "/"), strings.Join(xx.Level1Names(), "/"); got != want {
		t.Errorf("levels = %s, want %s", got, want)
	}
	if len(local.Indicators) != len(xx.Indicators) {
		t.Fatalf("indicators = %d, want %d", len(local.Indicators), len(xx.Indicators))
	}
	for i, ind := range xx.Indicators {
		l := local.Indicators[i]
		if l.Code != ind.Code || l.Name != ind.Name || l.Level1 != ind.Level1 || l.Level2 != ind.Level2 ||
			strings.Join(l.Aliases, ",") != strings.Join(ind.Aliases, ",") || (l.Formula == nil) != (ind.Formula == nil) {
			t.Errorf("indicator %d: %+v, want the 湘西州 indicator %+v without points", i, l, ind)
		}
		if l.Formula != nil && l.Formula.Text != ind.Formula.Text {
			t.Errorf("%s: formula %q, want %q", l.Code, l.Formula.Text, ind.Formula.Text)
		}
		if l.Max != 0 || l.Rule.Type != Declared {
			t.Errorf("%s: max %v rule %s, want no points and a declared rule", l.Code, l.Max, l.Rule.Type)
		}
	}
}

// The rules themselves are evaluated by the SQL indicator engine only (one
// implementation); sql/rules_test.go tests every rule type there.

func FuzzDecode(f *testing.F) {
	f.Add(minimal)
	f.Add("")
	f.Add("id: [")
	f.Add(strings.Replace(minimal, "type: deduction", "type: ladder", 1))
	for _, id := range []string{"hunan-xiangxi-2021", "hunan-local", "sichuan-generic-2022", "national-2013", "sichuan-2017"} {
		data, err := embedded.ReadFile("schemes/" + id + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Fuzz(func(t *testing.T, s string) {
		sch, err := Decode("x.yaml", []byte(s))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "x.yaml: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, ind := range sch.Indicators {
			if got, ok := sch.Match(ind.Name); !ok || got.Code != ind.Code {
				t.Fatalf("indicator %s not found by its own name", ind.Code)
			}
			if sch.Unweighted && (ind.Max != 0 || ind.Rule.Type != Declared) {
				t.Fatalf("unweighted scheme accepted indicator %s with points %v, rule %s", ind.Code, ind.Max, ind.Rule.Type)
			}
		}
	})
}

// normalizeRef is Normalize without its fast path for names it leaves alone.
func normalizeRef(name string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '“', '”', '"', '‘', '’', '\'', '「', '」', '『', '』', '的', '\u3000', ' ', '\t', '\n', '\r':
			return -1
		}
		return r
	}, width.Narrow.String(name))
}

var normalizeSeeds = []string{
	"", "三公经费变动率", "“三公经费”的 变动率（４分）", "预算执行率(10分)", "绩效指标的明确性", "ＡＢ12%", "a\tb", "x'y\"z",
	"bad\xe4\xb8", "\xff三公", "〇一二", "部门决策\u3000", "﹙1﹚", "A~\x7f",
}

// TestNormalFastPath: names the fast path returns as they are are those
// Normalize's full mapping leaves alone, every ideograph included.
func TestNormalFastPath(t *testing.T) {
	for _, s := range normalizeSeeds {
		if got, want := Normalize(s), normalizeRef(s); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", s, got, want)
		}
	}
	for r := rune(0); r < 0x10000; r++ {
		if s := string(r); Normalize(s) != normalizeRef(s) {
			t.Fatalf("Normalize(%q) = %q, want %q", s, Normalize(s), normalizeRef(s))
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range normalizeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Normalize(s), normalizeRef(s); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", s, got, want)
		}
	})
}
