package scheme

import (
	"math"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadCatalogShipped(t *testing.T) {
	c, err := LoadCatalog()
	if err != nil {
		t.Fatalf("LoadCatalog: %v", err)
	}
	if got, want := strings.Join(c.IDs(), ","), "hunan-xiangxi-2021,sichuan-generic-2022"; got != want {
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

func TestRulesOnSeedValues(t *testing.T) {
	c, err := LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	s, _ := c.Scheme("hunan-xiangxi-2021")
	f := func(v float64) *float64 { return &v }
	figures := map[string]*float64{
		"staff_authorized": f(13), "staff_actual": f(4),
		"three_public_budget": f(1), "three_public_budget_prev": f(1), "three_public_actual": f(1),
		"budget_carryover": f(47.83), "budget_initial": f(68.16), "budget_supplementary": f(30.95),
		"budget_year_end_balance": f(22.01), "budget_adjustment": f(0.78),
		"public_use_budget": f(11.59), "public_use_actual": f(10.22),
		"procurement_budget": f(1.12), "procurement_actual": f(1.12),
		"fixed_assets_total": f(9.17), "fixed_assets_in_use": f(9.17),
		"satisfaction_service_target": f(96.2), "satisfaction_public": f(96), "satisfaction_staff": f(96),
	}
	tests := []struct {
		code         string
		value, score float64
	}{
		{"staff_control_rate", 30.77, 3},
		{"sangong_change_rate", 0, 4},
		{"budget_completion_rate", 85.02, 0},
		{"budget_adjust_rate", 1.14, 5},
		{"public_exp_ctrl", 88.18, 8},
		{"sangong_ctrl", 100, 8},
		{"gov_procurement_exec", 100, 6},
		{"fixed_asset_utilization", 100, 3},
		{"satisfaction", 96.1, 6},
	}
	for _, tt := range tests {
		ind, ok := s.Indicator(tt.code)
		if !ok {
			t.Fatalf("%s missing", tt.code)
		}
		v, ok := ind.Formula.Eval(figures)
		if !ok || math.Abs(v-tt.value) > 0.005 {
			t.Errorf("%s value = %v %v, want %v", tt.code, v, ok, tt.value)
			continue
		}
		if sc, ok := ind.Score(v); !ok || math.Abs(sc-tt.score) > 1e-9 {
			t.Errorf("%s score(%v) = %v %v, want %v", tt.code, v, sc, ok, tt.score)
		}
	}
	// The seed's printed +66.67% would not earn full marks under its own rule.
	ch, _ := s.Indicator("sangong_change_rate")
	if sc, _ := ch.Score(66.67); sc != 0 {
		t.Errorf("sangong_change_rate(66.67) = %v, want 0", sc)
	}
	if sc, _ := ch.Score(5); math.Abs(sc-2) > 1e-9 {
		t.Errorf("sangong_change_rate(5) = %v, want 2", sc)
	}
	adj, _ := s.Indicator("budget_adjust_rate")
	for v, want := range map[float64]float64{9.99: 5, 10: 3, 19.9: 3, 25: 0} {
		if sc, _ := adj.Score(v); sc != want {
			t.Errorf("budget_adjust_rate(%v) = %v, want %v", v, sc, want)
		}
	}
	sat, _ := s.Indicator("satisfaction")
	if sc, _ := sat.Score(90); sc != 0 {
		t.Errorf("satisfaction(90) = %v, want 0 (rule is > 90)", sc)
	}
	decl, _ := s.Indicator("admin_efficiency")
	if _, ok := decl.Score(1); ok {
		t.Error("declared rule scored")
	}
	// Missing figures and zero denominators cannot be recomputed.
	staff, _ := s.Indicator("staff_control_rate")
	if _, ok := staff.Formula.Eval(map[string]*float64{"staff_actual": f(4)}); ok {
		t.Error("evaluated without denominator figure")
	}
	if _, ok := staff.Formula.Eval(map[string]*float64{"staff_actual": f(4), "staff_authorized": f(0)}); ok {
		t.Error("evaluated with zero denominator")
	}
	if g, _ := s.GradeFor(94); g != "优" {
		t.Errorf("GradeFor(94) = %s", g)
	}
	if g, _ := s.GradeFor(79.5); g != "较差" {
		t.Errorf("GradeFor(79.5) = %s", g)
	}
}

// FuzzDecode: any bytes give a scheme or an error naming the file, never a panic.
func FuzzDecode(f *testing.F) {
	f.Add(minimal)
	f.Add("")
	f.Add("id: [")
	f.Add(strings.Replace(minimal, "type: deduction", "type: ladder", 1))
	for _, id := range []string{"hunan-xiangxi-2021", "sichuan-generic-2022"} {
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
		}
	})
}
