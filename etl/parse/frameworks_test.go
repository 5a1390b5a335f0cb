package parse

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"jixiao/etl/extract"
	"jixiao/etl/scheme"
	"jixiao/report"
)

// Score tables of each shipped framework, in our own wording and numbers: as a
// Word table, flattened with "|", flattened with spaces, with and without
// level-1 subtotals, the total in a 合计/综合得分 row or only in a closing
// "自评得分 N 分" sentence.

// frameworkRow is one row of a fixture's score table: a level-1 subtotal when
// name is empty, else an indicator.
type frameworkRow struct {
	level1, level2, name string
	max, score           float64
}

// frameworkFixture is a report of one framework with the figures it must yield.
type frameworkFixture struct {
	name   string
	title  string
	scheme string // the scheme detection must choose
	rows   []frameworkRow
	total  float64
}

func nationalRows() []frameworkRow {
	return []frameworkRow{
		{"投入", "", "", 20, 18},
		{"投入", "目标设定", "绩效目标合理性", 5, 5},
		{"投入", "目标设定", "绩效指标明确性", 5, 4},
		{"投入", "预算配置", "在职人员控制率", 4, 4},
		{"投入", "预算配置", "“三公经费”变动率", 3, 2},
		{"投入", "预算配置", "重点支出安排率", 3, 3},
		{"过程", "", "", 40, 37},
		{"过程", "预算执行", "预算完成率", 6, 5},
		{"过程", "预算执行", "支付进度率", 4, 4},
		{"过程", "预算执行", "公用经费控制率", 5, 5},
		{"过程", "预算管理", "管理制度健全性", 5, 4},
		{"过程", "预算管理", "资金使用合规性", 5, 5},
		{"过程", "预算管理", "基础信息完善性", 5, 5},
		{"过程", "资产管理", "资产管理安全性", 5, 5},
		{"过程", "资产管理", "固定资产利用率", 5, 4},
		{"产出", "", "", 20, 19},
		{"产出", "职责履行", "实际完成率", 10, 10},
		{"产出", "职责履行", "重点工作办结率", 10, 9},
		{"效果", "", "", 20, 18.5},
		{"效果", "履职效益", "社会效益", 10, 9.5},
		{"效果", "履职效益", "社会公众或服务对象满意度", 10, 9},
	}
}

func sichuanRows() []frameworkRow {
	return []frameworkRow{
		{"部门决策", "", "", 25, 23},
		{"部门决策", "目标任务", "相关性", 5, 5},
		{"部门决策", "目标任务", "明确性", 5, 4},
		{"部门决策", "目标任务", "合理性", 5, 5},
		{"部门决策", "预算编制", "测算依据", 5, 4},
		{"部门决策", "预算编制", "目标管理", 5, 5},
		{"综合管理", "", "", 30, 27},
		{"综合管理", "专项资金分配时限", "市级财力专项预算分配时限", 1, 1},
		{"综合管理", "专项资金分配时限", "中央专款分配合规率", 1, 1},
		{"综合管理", "中期评估", "执行中期评估", 2, 2},
		{"综合管理", "绩效监控", "预算执行进度监控", 2, 1},
		{"综合管理", "绩效监控", "绩效目标动态监控", 3, 3},
		{"综合管理", "非税收入执收情况", "非税收入征收情况", 1, 1},
		{"综合管理", "非税收入执收情况", "非税收入上缴情况", 1, 1},
		{"综合管理", "资产管理", "资产管理信息化情况", 2, 2},
		{"综合管理", "资产管理", "行政事业单位资产报告情况", 2, 2},
		{"综合管理", "资产管理", "资产管理与预算管理相结合", 2, 1},
		{"综合管理", "内控制度管理", "内部控制制度健全完整", 2, 2},
		{"综合管理", "信息公开", "预算公开", 2, 2},
		{"综合管理", "信息公开", "决算公开", 2, 2},
		{"综合管理", "信息公开", "绩效信息公开", 2, 2},
		{"综合管理", "绩效评价", "绩效评价开展", 2, 2},
		{"综合管理", "绩效评价", "评价结果应用", 3, 2},
		{"部门绩效", "", "", 45, 41.5},
		{"部门绩效", "履职成效", "河道巡查覆盖率", 10, 9},
		{"部门绩效", "履职成效", "防汛物资储备达标率", 10, 10},
		{"部门绩效", "可持续发展能力", "重点改革(重点工作)完成情况", 5, 5},
		{"部门绩效", "可持续发展能力", "人才培养", 5, 4},
		{"部门绩效", "可持续发展能力", "科技(制度、方法、机制等)创新", 5, 4.5},
		{"部门绩效", "满意度", "协作部门满意度", 3, 3},
		{"部门绩效", "满意度", "管理对象满意度", 3, 3},
		{"部门绩效", "满意度", "社会公众满意度", 4, 3},
	}
}

func hunanRows() []frameworkRow {
	return []frameworkRow{
		{"投入", "", "", 13, 12},
		{"投入", "目标设定", "绩效目标合理性", 3, 3},
		{"投入", "目标设定", "绩效指标明确性", 3, 3},
		{"投入", "预算配置", "在职人员控制率", 3, 3},
		{"投入", "预算配置", "三公经费变动率", 4, 3},
		{"过程", "", "", 61, 55},
		{"过程", "预算执行", "预算完成率", 5, 4},
		{"过程", "预算执行", "预算调整率", 5, 5},
		{"过程", "预算执行", "新建楼堂馆所面积控制率", 1, 1},
		{"过程", "预算执行", "新建楼堂馆所投资概算控制率", 1, 1},
		{"过程", "预算管理", "公用经费控制率", 8, 8},
		{"过程", "预算管理", "三公经费控制率", 8, 8},
		{"过程", "预算管理", "政府采购执行率", 6, 4},
		{"过程", "预算管理", "管理制度健全性", 8, 7},
		{"过程", "预算管理", "资金使用合规性", 6, 6},
		{"过程", "预算管理", "预决算信息公开性", 5, 4},
		{"过程", "资产管理", "资产管理制度健全性", 2, 2},
		{"过程", "资产管理", "资产管理安全性", 3, 3},
		{"过程", "资产管理", "固定资产利用率", 3, 2},
		{"产出及效率", "", "", 26, 24},
		{"产出及效率", "职责履行", "重点工作实际完成率", 8, 7},
		{"产出及效率", "履职效益", "经济效益和社会效益", 6, 6},
		{"产出及效率", "履职效益", "行政效能", 6, 5},
		{"产出及效率", "履职效益", "社会公众或服务对象满意度", 6, 6},
	}
}

func frameworkFixtures() []frameworkFixture {
	return []frameworkFixture{
		{"national", "青崖县水务局2022年度部门整体支出绩效自评报告", "national-2013", nationalRows(), 92.5},
		{"sichuan", "四川省溪桥市河道管理处2023年度部门整体支出绩效自评报告", "sichuan-2017", sichuanRows(), 91.5},
		{"hunan", "湘西州溪口县文旅局2022年度部门整体支出绩效自评报告", "hunan-xiangxi-2021", hunanRows(), 91},
	}
}

// frameworkLayout renders a fixture's score table one way.
type frameworkLayout struct {
	name      string
	subtotals bool // the layout prints level-1 subtotals
	render    func(fx frameworkFixture) []extract.Block
}

func fmtPts(v float64) string { return fmtNum(v) }

func frameworkLayouts() []frameworkLayout {
	closing := func(fx frameworkFixture) extract.Block {
		return para(fmt.Sprintf("综上，本单位本年度部门整体支出绩效自评得分 %s 分，评价等次为优。", fmtPts(fx.total)))
	}
	return []frameworkLayout{
		{"pipe table with subtotals and 合计", true, func(fx frameworkFixture) []extract.Block {
			out := []extract.Block{para("一级指标|二级指标|三级指标|分值|自评得分|扣分说明")}
			for _, r := range fx.rows {
				if r.name == "" {
					out = append(out, para(fmt.Sprintf("%s|||%s|%s|", r.level1, fmtPts(r.max), fmtPts(r.score))))
					continue
				}
				out = append(out, para(fmt.Sprintf("|%s|%s|%s|%s|", r.level2, r.name, fmtPts(r.max), fmtPts(r.score))))
			}
			return append(out, para(fmt.Sprintf("合计|||100|%s|", fmtPts(fx.total))))
		}},
		{"Word table, merged level cells, 综合得分 row", true, func(fx frameworkFixture) []extract.Block {
			rows := []string{"一级指标|二级指标|三级指标|分值|得分"}
			l1 := ""
			for _, r := range fx.rows {
				if r.name == "" {
					continue
				}
				first := ""
				if r.level1 != l1 {
					first, l1 = r.level1, r.level1
				}
				rows = append(rows, fmt.Sprintf("%s|%s|%s|%s|%s", first, r.level2, r.name, fmtPts(r.max), fmtPts(r.score)))
			}
			for _, r := range fx.rows {
				if r.name == "" {
					rows = append(rows, fmt.Sprintf("%s小计|||%s|%s", r.level1, fmtPts(r.max), fmtPts(r.score)))
				}
			}
			rows = append(rows, fmt.Sprintf("综合得分|||100|%s", fmtPts(fx.total)))
			return []extract.Block{tbl(rows...)}
		}},
		{"spaces, no subtotals, total only in the closing sentence", false, func(fx frameworkFixture) []extract.Block {
			out := []extract.Block{para("三级指标    分值    得分")}
			for _, r := range fx.rows {
				if r.name != "" {
					out = append(out, para(fmt.Sprintf("%s    %s    %s", r.name, fmtPts(r.max), fmtPts(r.score))))
				}
			}
			return append(out, para("以上为各项指标自评情况。"), closing(fx))
		}},
		{"points in brackets, each score opening the next line (a PDF's text)", false, func(fx frameworkFixture) []extract.Block {
			line := "一级指 标 二级指标 三级指标 得分"
			var out []extract.Block
			l1, l2 := "", ""
			for _, r := range fx.rows {
				if r.name == "" {
					continue
				}
				if r.level1 != l1 {
					line += fmt.Sprintf(" %s(%s 分)", r.level1, fmtPts(levelMax(fx, r.level1)))
					l1, l2 = r.level1, ""
				}
				if r.level2 != l2 {
					line += fmt.Sprintf(" %s(%s 分)", r.level2, fmtPts(level2Max(fx, r.level1, r.level2)))
					l2 = r.level2
				}
				line += fmt.Sprintf(" %s(%s 分)", r.name, fmtPts(r.max))
				out = append(out, para(line))
				line = fmtPts(r.score)
			}
			return append(out, para(line), closing(fx))
		}},
		{"each level with its own 分值 and 得分", true, func(fx frameworkFixture) []extract.Block {
			out := []extract.Block{para("一级指标|分值|得分|二级指标|分值|得分|三级指标|分值|得分")}
			l1, l2 := "", ""
			for _, r := range fx.rows {
				if r.name == "" {
					continue
				}
				c1, c2 := "||", "||"
				if r.level1 != l1 {
					c1 = fmt.Sprintf("%s|%s|%s", r.level1, fmtPts(levelMax(fx, r.level1)), fmtPts(levelScore(fx, r.level1)))
					l1, l2 = r.level1, ""
				}
				if r.level2 != l2 {
					c2 = fmt.Sprintf("%s|%s|", r.level2, fmtPts(level2Max(fx, r.level1, r.level2)))
					l2 = r.level2
				}
				out = append(out, para(fmt.Sprintf("%s|%s|%s|%s|%s", c1, c2, r.name, fmtPts(r.max), fmtPts(r.score))))
			}
			return append(out, para(fmt.Sprintf("合计|100|%s||||||", fmtPts(fx.total))))
		}},
		{"level cells carrying points, 合计 with a blank cell", true, func(fx frameworkFixture) []extract.Block {
			out := []extract.Block{para("一级指标|二级指标|三级指标|分值|扣分原因|得分")}
			for _, r := range fx.rows {
				if r.name == "" {
					continue
				}
				out = append(out, para(fmt.Sprintf("%s（%s分）|%s|%s|%s||%s", r.level1, fmtPts(levelMax(fx, r.level1)), r.level2, r.name,
					fmtPts(r.max), fmtPts(r.score))))
			}
			out = append(out, para(fmt.Sprintf("合计|||100|—|%s", fmtPts(fx.total))))
			levels := []string{}
			for _, r := range fx.rows {
				if r.name == "" {
					levels = append(levels, fmt.Sprintf("%s得分%s分", r.level1, fmtPts(r.score)))
				}
			}
			return append(out, para("其中"+strings.Join(levels, "，")+"。"))
		}},
	}
}

func levelScore(fx frameworkFixture, level string) float64 {
	for _, r := range fx.rows {
		if r.name == "" && r.level1 == level {
			return r.score
		}
	}
	return 0
}

func level2Max(fx frameworkFixture, level1, level2 string) float64 {
	var sum float64
	for _, r := range fx.rows {
		if r.name != "" && r.level1 == level1 && r.level2 == level2 {
			sum += r.max
		}
	}
	return sum
}

// paraList is paras without the scored paragraph paras opens with.
func paraList(lines ...string) []extract.Block { return paras(lines...)[1:] }

func levelMax(fx frameworkFixture, level string) float64 {
	for _, r := range fx.rows {
		if r.name == "" && r.level1 == level {
			return r.max
		}
	}
	return 0
}

// scoreFigures lists the score figures a report states (want) or yields
// (got) as "key=value": each indicator's max and score, each level subtotal,
// the total.
func wantScoreFigures(fx frameworkFixture, subtotals bool) map[string]float64 {
	out := map[string]float64{"total": fx.total}
	for _, r := range fx.rows {
		if r.name == "" {
			if subtotals {
				out["level:"+r.level1] = r.score
			}
			continue
		}
		out["max:"+scheme.Normalize(r.name)] = r.max
		out["score:"+scheme.Normalize(r.name)] = r.score
	}
	return out
}

func gotScoreFigures(r *report.Report) map[string]float64 {
	out := map[string]float64{}
	if r.Score.Total != nil {
		out["total"] = *r.Score.Total
	}
	for l, v := range r.Score.ByLevel1 {
		out["level:"+l] = v
	}
	for _, ind := range r.Indicators {
		if ind.MaxPoints != nil {
			out["max:"+scheme.Normalize(ind.Name)] = *ind.MaxPoints
		}
		if ind.DeclaredScore != nil {
			out["score:"+scheme.Normalize(ind.Name)] = *ind.DeclaredScore
		}
	}
	return out
}

// TestFrameworkScoreTables reads every framework in every layout and measures
// recall (figures found of those the table states) and precision (figures
// right of those returned) over the score figures; both must be 100 %.
func TestFrameworkScoreTables(t *testing.T) {
	var found, stated, right, returned int
	for _, fx := range frameworkFixtures() {
		for _, lay := range frameworkLayouts() {
			t.Run(fx.name+"/"+lay.name, func(t *testing.T) {
				blocks := append([]extract.Block{para(fx.title), para("一、自评得分情况")}, lay.render(fx)...)
				r := mustParse(t, mkdoc(blocks...), Options{})
				if r.Scheme != fx.scheme {
					t.Errorf("scheme = %q, want %q", r.Scheme, fx.scheme)
				}
				want, got := wantScoreFigures(fx, lay.subtotals), gotScoreFigures(r)
				for k, v := range want {
					stated++
					if g, ok := got[k]; ok {
						found++
						if math.Abs(g-v) > 1e-9 {
							t.Errorf("%s = %v, want %v", k, g, v)
						}
					} else {
						t.Errorf("%s not read (want %v)", k, v)
					}
				}
				for k, v := range got {
					returned++
					if w, ok := want[k]; ok && math.Abs(w-v) <= 1e-9 {
						right++
					} else if !ok {
						t.Errorf("%s = %v returned, not in the table", k, v)
					}
				}
				// Every indicator keeps the level the table puts it under.
				for _, row := range fx.rows {
					if row.name == "" {
						continue
					}
					i := slices.IndexFunc(r.Indicators, func(x report.Indicator) bool { return scheme.Normalize(x.Name) == scheme.Normalize(row.name) })
					if i >= 0 && r.Indicators[i].Level1 != row.level1 && (r.Indicators[i].InScheme || r.Indicators[i].Level1 != "") {
						// An indicator the scheme does not know has no level
						// in a table without a level column.
						t.Errorf("%s level1 = %q, want %q", row.name, r.Indicators[i].Level1, row.level1)
					}
				}
				// The figures agree with each other: no finding on them.
				for _, f := range r.Findings {
					if f.Rule == "same_quantity_two_values" || f.Rule == "scheme_uncertain" {
						t.Errorf("finding %s: %s", f.Rule, f.Message)
					}
				}
			})
		}
	}
	recall, precision := float64(found)/float64(stated), float64(right)/float64(returned)
	t.Logf("score figures: recall %d/%d = %.1f%%, precision %d/%d = %.1f%%", found, stated, 100*recall, right, returned, 100*precision)
	if recall < 1 || precision < 1 {
		t.Errorf("recall %.3f, precision %.3f; want both 1", recall, precision)
	}
}

// miniCatalog is two schemes of one region with the same level names and
// different points, and a third region-less scheme with other names.
func miniCatalog(t *testing.T) *scheme.Catalog {
	t.Helper()
	mk := func(id string, a, b float64) string {
		return fmt.Sprintf(`id: %s
name: 溪州方案%s
region: 溪州
levels: [{name: 投入, max: %v}, {name: 过程, max: %v}]
grades: [{grade: 优, min: 90}, {grade: 差, min: 0}]
indicators:
  - {code: goal, name: 绩效目标合理性, level1: 投入, level2: 目标设定, max: %v, rule: {type: declared}}
  - {code: exec, name: 预算完成率, level1: 过程, level2: 预算执行, max: %v, rule: {type: declared}}
`, id, id, a, b, a, b)
	}
	cat, err := scheme.LoadFS(fstest.MapFS{
		"s/xizhou-2019.yaml": {Data: []byte(mk("xizhou-2019", 40, 60))},
		"s/xizhou-2022.yaml": {Data: []byte(mk("xizhou-2022", 30, 70))},
	}, "s")
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func TestSchemeDetection(t *testing.T) {
	shipped, mini := catalog(t), miniCatalog(t)
	table := func(rows ...string) []string {
		return append([]string{"一级指标|二级指标|三级指标|分值|得分"}, rows...)
	}
	national := table("投入|目标设定|绩效目标合理性|10|9", "过程|预算执行|支付进度率|30|28", "产出|职责履行|实际完成率|30|30", "效果|履职效益|社会效益|30|27")
	for _, tt := range []struct {
		name    string
		cat     *scheme.Catalog
		lines   []string
		opt     Options
		scheme  string
		uncerts int // scheme_uncertain notes
	}{
		{name: "national levels, no region", cat: shipped, lines: append([]string{"青崖县水务局2022年度部门整体支出绩效自评报告"}, national...), scheme: "national-2013"},
		{name: "national levels in 湘西州: the levels win, with a note", cat: shipped,
			lines: append([]string{"湘西州溪口县文旅局2022年度部门整体支出绩效自评报告"}, national...), scheme: "national-2013", uncerts: 1},
		{name: "湘西州 levels with their points", cat: shipped,
			lines:  []string{"湘西州某局2022年度部门整体支出绩效自评报告", "一、投入（13分）", "①绩效目标合理性（3分）：得3分。", "二、过程（61分）", "三、产出及效率（26分）"},
			scheme: "hunan-xiangxi-2021"},
		{name: "产出及效率 does not name 产出, nor a sentence 效果", cat: shipped,
			lines:  []string{"某局2022年度部门整体支出绩效自评报告", "投入", "过程", "产出及效率", "取得了较好的社会效果。", "①绩效目标合理性（3分）：得3分。"},
			scheme: "hunan-xiangxi-2021"},
		{name: "Hunan levels with other points: the locally weighted variant, never 湘西州's maxima", cat: shipped,
			lines:  []string{"常宁市某局2022年度部门整体支出绩效评价评分表", "一级指标|二级指标|三级指标|分值|评分", "投入（20分）|||20|19", "|目标设定|绩效目标合理性|5|5", "过程（50分）|||50|47", "|预算执行|预算完成率|10|9", "产出及效率（30分）|||30|28", "|职责履行|重点工作实际完成率|20|19"},
			scheme: "hunan-local"},
		{name: "Hunan levels, one point misprinted in 湘西州: the region's scheme stays", cat: shipped,
			lines:  []string{"湘西州某局2022年度部门整体支出绩效自评报告", "一、投入（14分）", "①绩效目标合理性（3分）：得3分。", "二、过程（61分）", "三、产出及效率（26分）"},
			scheme: "hunan-xiangxi-2021"},
		{name: "Hunan levels, every point other in 湘西州: the variant, with a note", cat: shipped,
			lines:  []string{"湘西州某局2022年度部门整体支出绩效自评报告", "一、投入（20分）", "①绩效目标合理性（5分）：得5分。", "二、过程（50分）", "三、产出及效率（30分）"},
			scheme: "hunan-local", uncerts: 1},
		{name: "Hunan indicators under levels of its own (规划/执行/效果), no region: the unweighted variant, never 湘西州's maxima", cat: shipped,
			lines: []string{"某县供销社2022年度部门整体支出绩效自评表", "一级指标|二级指标|三级指标|分值|得分", "规划（15分）|目标设定|绩效目标合理性|5|5",
				"|目标设定|绩效指标明确性|5|4", "执行（35分）|预算执行|预算完成率|10|9", "|预算执行|预算调整率|10|10", "效果（50分）|履职效果|重点工作实际完成率|50|46"},
			scheme: "hunan-local"},
		{name: "Hunan indicators without their levels in 湘西州: the region's scheme", cat: shipped,
			lines: []string{"湘西州某局2022年度部门整体支出绩效自评表", "指标|分值|得分", "绩效目标合理性|3|3",
				"绩效指标明确性|2|2", "预算完成率|8|8", "预算调整率|4|4", "重点工作实际完成率|8|8"},
			scheme: "hunan-xiangxi-2021"},
		{name: "Hunan variant forced against 湘西州's points", cat: shipped, opt: Options{Scheme: "hunan-local"},
			lines:  []string{"湘西州某局2022年度部门整体支出绩效自评报告", "一、投入（13分）", "①绩效目标合理性（3分）：得3分。", "二、过程（61分）", "三、产出及效率（26分）"},
			scheme: "hunan-local"},
		{name: "Sichuan published sheet in 2023: indicators choose sichuan-2017 over the year's scheme", cat: shipped,
			lines: []string{"四川省某局2023年度部门整体支出绩效自评报告", "一级指标|二级指标|三级指标|分值|得分", "部门决策|目标任务|相关性|5|5",
				"|目标任务|明确性|5|5", "|预算编制|测算依据|5|4", "综合管理|信息公开|预算公开|2|2", "|绩效评价|评价结果应用|3|3", "部门绩效|满意度|协作部门满意度|3|3"},
			scheme: "sichuan-2017"},
		{name: "Sichuan reference list in 2019: indicators choose sichuan-generic-2022 over the year's scheme", cat: shipped,
			lines: []string{"四川省某局2019年度部门整体支出绩效自评报告", "一级指标|二级指标|三级指标|分值|得分", "部门决策|预算配置|重点支出安排率|5|5",
				"|预算配置|在职人员控制率|5|5", "综合管理|预算执行|支付进度|8|8", "|预算执行|结转结余率|6|6", "部门绩效|资产效益|固定资产利用率|5|5"},
			scheme: "sichuan-generic-2022"},
		{name: "printed level points choose between a region's schemes", cat: mini,
			lines:  []string{"溪州某局2023年度自评", "一、投入（40分）", "①绩效目标合理性（40分）：得38分。", "二、过程（60分）"},
			scheme: "xizhou-2019"},
		{name: "without points the year decides", cat: mini,
			lines:  []string{"溪州某局2023年度自评", "一、投入", "①绩效目标合理性：得28分。", "二、过程"},
			scheme: "xizhou-2022"},
		{name: "same levels, no region, nothing to tell them apart", cat: mini,
			lines:  []string{"某局2023年度自评", "一、投入", "①绩效目标合理性：得28分。", "二、过程"},
			scheme: "xizhou-2019", uncerts: 1},
		{name: "forced scheme: no detection, no note", cat: shipped, opt: Options{Scheme: "national-2013"},
			lines:  append([]string{"湘西州溪口县文旅局2022年度部门整体支出绩效自评报告"}, national...),
			scheme: "national-2013"},
		{name: "forced against the levels", cat: shipped, opt: Options{Scheme: "sichuan-2017"},
			lines:  append([]string{"青崖县水务局2022年度部门整体支出绩效自评报告"}, national...),
			scheme: "sichuan-2017"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse(t.Context(), mkdoc(paras(tt.lines...)...), tt.cat, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if r.Scheme != tt.scheme {
				t.Errorf("scheme = %q, want %q", r.Scheme, tt.scheme)
			}
			notes := findingsOf(r, "scheme_uncertain")
			if len(notes) != tt.uncerts {
				t.Errorf("scheme_uncertain = %+v, want %d", notes, tt.uncerts)
			}
			for _, n := range notes {
				if chosen, _ := tt.cat.Scheme(r.Scheme); !strings.Contains(n.Message, "评分方案") || n.Found != chosen.Name {
					t.Errorf("note = %+v", n)
				}
			}
		})
	}
}

// TestUnweightedSchemeKeepsReportPoints: the national framework publishes no
// points, so an indicator's maximum is the report's own or none.
func TestUnweightedSchemeKeepsReportPoints(t *testing.T) {
	r := mustParse(t, mkdoc(paraList("青崖县水务局2022年度部门整体支出绩效自评报告", "一、投入", "①绩效目标合理性（7分）：得6分。",
		"②绩效指标明确性：得3分。", "二、过程", "三、产出", "四、效果")...), Options{})
	if r.Scheme != "national-2013" {
		t.Fatalf("scheme = %q", r.Scheme)
	}
	for _, ind := range r.Indicators {
		switch ind.Code {
		case "goal_reasonableness":
			if !eqf(ind.MaxPoints, f(7)) || !eqf(ind.DeclaredScore, f(6)) {
				t.Errorf("%s max %s score %s", ind.Name, str(ind.MaxPoints), str(ind.DeclaredScore))
			}
		case "indicator_clarity":
			if ind.MaxPoints != nil || !eqf(ind.DeclaredScore, f(3)) {
				t.Errorf("%s max %s score %s, want no max", ind.Name, str(ind.MaxPoints), str(ind.DeclaredScore))
			}
		default:
			t.Errorf("unexpected indicator %+v", ind)
		}
	}
}

// FuzzSchemeDetection: any text detects a scheme of the catalog or none, a
// scheme_uncertain note names the scheme applied, and a forced scheme is
// always the one applied.
func FuzzSchemeDetection(f *testing.F) {
	for _, fx := range frameworkFixtures() {
		for _, lay := range frameworkLayouts() {
			f.Add(docText(mkdoc(append([]extract.Block{para(fx.title)}, lay.render(fx)...)...)))
		}
	}
	f.Add("一、投入（20分）\n二、过程\n三、产出\n四、效果（）\n部门绩效得分分\n投入小计||1|")
	f.Add("部门决策（25分） 目标任务 相关性 5 5\n部门绩效得分41.5分，自评得分91.5分")
	cat := catalog(f)
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(context.Background(), fuzzDoc(s), cat, Options{})
		if err != nil {
			return
		}
		chosen, ok := cat.Scheme(r.Scheme)
		if r.Scheme != "" && !ok {
			t.Fatalf("scheme %q is not in the catalog", r.Scheme)
		}
		for _, n := range findingsOf(r, "scheme_uncertain") {
			if !ok || n.Found != chosen.Name {
				t.Fatalf("note %+v does not name the scheme applied (%q)", n, r.Scheme)
			}
		}
		forced, err := Parse(context.Background(), fuzzDoc(s), cat, Options{Scheme: "national-2013"})
		if err == nil && (forced.Scheme != "national-2013" || len(findingsOf(forced, "scheme_uncertain")) > 0) {
			t.Fatalf("forced scheme: got %q with notes %v", forced.Scheme, findingsOf(forced, "scheme_uncertain"))
		}
	})
}
