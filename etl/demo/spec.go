package demo

import (
	"math"
	"strings"

	"jixiao/report"
)

// Org labels of the standard form's four organisation rows, in form order. The
// contract's Org field is the label without its "1、" numbering.
var orgLabels = [4]string{"局机关及二级机构汇总", "1、局机关", "2、二级机构1", "3、二级机构2"}

// Spec is one report: every figure and text the renderers print. ReportTxt and
// ReportDocx render the same Spec to the same content, and Truth returns what a
// correct parser yields from it. Fields hold printed values: a planted
// inconsistency is a printed value that disagrees with another one.
type Spec struct {
	Slug       string // unit key, stable across renames (e.g. "tzcj")
	Kind       string // KPI family: investment, commerce, tourism, agriculture, statistics, archives, forestry
	Unit       string // unit name as printed this year
	FormerName string // earlier name, printed as "FormerName更名为Unit" when RenameDoc is set
	RenameDoc  string // document number cited for the rename; empty: no rename sentence
	Canonical  string // the unit's current name (what alias resolution yields)
	Parent     string
	Region     string
	Year       int
	Serial     string // report number printed under the title; empty: none
	Note       string // printed under the title, e.g. "（更正稿）"
	Variant    int    // phrasing selector, 0..2
	SplitRuns  bool   // docx: split runs at digit boundaries, as Word often does

	Intro      string // sentence about the unit after its name
	StaffKind  string // 行政编制, 全额拨款事业编制
	Authorized int
	Actual     int
	Contact    report.Contact
	Duties     []string
	Sections   []Section

	TaskTexts    []string // 年度主要工作内容 without figures; Targets are printed after them
	Works        []string // paragraphs of the 总体运行情况 cell
	Common       []string // further paragraphs of that cell (party building, safety, …)
	Goals        []string // 定性目标: 预期目标
	Achievements []string // 定性目标: 实际完成
	Outputs      [3]string
	Benefit      string
	KeyWork      string // what the key tasks were (重点工作实际完成率)
	Effect       string // economic and social benefit sentence

	Income      [4]report.IncomeRow // form order: summary, 局机关, 二级机构1, 二级机构2
	Expenditure [4]report.ExpenditureRow
	ThreePublic [4]report.ThreePublicRow
	FixedAssets [4]report.FixedAssetRow

	Budget   Budget
	Detail   Detail
	TasksDue int // 计划重点工作 (项)
	TasksOK  int // 实际完成
	Survey   Survey

	Indicators []Indicator // the 22 scored indicators, scheme order
	ByLevel1   [3]float64  // printed 投入, 过程, 产出及效率
	Total      float64
	Grade      string
	AltBands   bool // print 优/良/中/差 bands instead of 优/良/较差/差
	// ScoreInForm prints the total and grade in the form's 绩效自评综合得分及评价等次 row.
	ScoreInForm bool

	Targets    []Goal
	KPIs       []KPI
	Events     []Event
	Evaluators []report.Evaluator
	Problems   []string
	Advice     []string

	Quirks  Quirks
	Planted []string // finding rule ids planted in this report (Rule* constants)
	// CrossPlanted are the rules across reports planted here (see crossPlants).
	CrossPlanted []string
}

// Section is one internal section (内设机构) and its duty.
type Section struct{ Name, Duty string }

// Budget holds the budget figures the narrative quotes, in 万元 as printed.
type Budget struct {
	Carryover        float64 // 上年结转 as printed in the text
	Initial          float64 // 年初预算
	Supplementary    float64 // 本年追加
	PolicySupplement float64 // policy-driven part of Supplementary, excluded from the adjustment
	Adjustment       float64 // 调整数 = Supplementary − PolicySupplement
	YearEndBalance   float64 // 年末结余

	PublicUseBudget, PublicUseActual float64
	// 三公经费: this year's budget, actual, last year's budget, and the reception
	// part of budget and actual (the rest is vehicle operation).
	ThreePublicBudget, ThreePublicActual, ThreePublicBudgetPrev float64
	ReceptionBudget, ReceptionActual                            float64

	ProcurementBudget, ProcurementActual float64
	ProcGoods, ProcServices, ProcWorks   float64

	FixedTotal, FixedInUse float64
}

// Detail is the basic-expenditure breakdown and the project lines (万元).
type Detail struct {
	Basic, WagesWelfare, GoodsServices, FamilySubsidies, CapitalOther float64
	Project                                                           float64
	Projects                                                          []Project
}

// Project is one project line with what it paid for.
type Project struct {
	Name    string
	Amount  float64
	Purpose string
}

// Survey is the satisfaction survey (percent as printed).
type Survey struct {
	Sheets                 int
	Service, Public, Staff float64
}

// Indicator is one scored indicator as printed.
type Indicator struct {
	Code, Name, Level1, Level2 string
	Max                        float64
	Value                      *float64 // declared ratio in percent; nil for qualitative ones
	Score                      float64
	// FullClaim prints "得满分" even though Score < Max (a planted finding).
	FullClaim bool
	// Weak adds a deduction reason to a qualitative indicator's text.
	Weak bool
}

// Goal is a target from 年度主要工作内容: "…Value Unit以上".
type Goal struct {
	Code       string
	Text       string // the task sentence before the figure
	Value      float64
	Unit       string // 个, %, 家, 万吨, 万亩
	Comparator string // ">="
}

// KPI is a narrative metric as printed. Money keeps its printed unit here (亿元,
// 元); Truth converts it to 万元.
type KPI struct {
	Code      string
	Value     float64
	Unit      string // 亿元, 元, %, 个, 家, 项, 万人次, 万吨, 万亩
	Qualifier string // 余
	Period    string // e.g. "2019-2021"
	Grouped   bool   // print with thousands separators (元 amounts)
}

// Event is one 招商推介会.
type Event struct {
	Month, Day       int
	City, CityShort  string // 长沙市, 长沙
	Theme            string
	Released         int
	ReleasedAmount   float64 // 亿元
	Signed           int
	SignedAmount     float64 // 亿元
	MalformedSubpart bool    // adds a sub-clause with a malformed amount ("12.5.亿元")
}

// Quirks are textual defects planted on purpose (each also listed in Planted).
type Quirks struct {
	Residue             bool    // "（查预算数）" after the procurement budget
	PrevYearProcurement bool    // the actual procurement is dated the previous year
	FalseComparison     bool    // "＝100%＜100%"
	ReceptionOverBudget float64 // >0: the printed reception part of the 三公 budget, above the budget
}

// orgName is the contract's Org of form row i: its label without the numbering.
func orgName(i int) string {
	l := orgLabels[i]
	if j := strings.Index(l, "、"); j >= 0 {
		return l[j+len("、"):]
	}
	return l
}

// Truth is what a correct parser yields from the rendered report: the printed
// figures (planted inconsistencies included), money in 万元, blank cells nil,
// the form's four org rows in form order, unit names canonical with the region
// prefix. Source is left for the caller (Write fills it); computed values,
// findings and evidence are not part of the truth.
func (s Spec) Truth() report.Report {
	r := report.Report{
		Unit: report.Unit{
			Name: s.Unit,
			// What the document alone gives; the warehouse's alias table then
			// joins the years before a rename (File.UnitKey names the series).
			CanonicalName: canonicalName(s.Unit),
			Parent:        canonicalName(s.Parent),
			Region:        s.Region,
		},
		FiscalYear: s.Year,
		Contact:    s.Contact,
		Staffing: report.Staffing{
			Authorized: report.Float(float64(s.Authorized)),
			Actual:     report.Float(float64(s.Actual)),
		},
		Evaluators: append([]report.Evaluator(nil), s.Evaluators...),
	}
	if s.RenameDoc != "" && s.FormerName != "" {
		r.Unit.FormerNames = []string{canonicalName(s.FormerName)}
	}
	// All four org rows of the form, blank ones included (their cells nil).
	for i := range 4 {
		in, ex, tp, fa := s.Income[i], s.Expenditure[i], s.ThreePublic[i], s.FixedAssets[i]
		in.Org, ex.Org, tp.Org, fa.Org = orgName(i), orgName(i), orgName(i), orgName(i)
		r.Income = append(r.Income, in)
		r.Expenditure = append(r.Expenditure, ex)
		r.ThreePublic = append(r.ThreePublic, tp)
		r.FixedAssets = append(r.FixedAssets, fa)
	}
	b := s.Budget
	f := report.Float
	r.Budget = report.Budget{
		Carryover:             f(b.Carryover),
		Initial:               f(b.Initial),
		Supplementary:         f(b.Supplementary),
		YearEndBalance:        f(b.YearEndBalance),
		Adjustment:            f(b.Adjustment),
		PublicUseBudget:       f(b.PublicUseBudget),
		PublicUseActual:       f(b.PublicUseActual),
		ThreePublicBudget:     f(b.ThreePublicBudget),
		ThreePublicActual:     f(b.ThreePublicActual),
		ThreePublicBudgetPrev: f(b.ThreePublicBudgetPrev),
		ProcurementBudget:     f(b.ProcurementBudget),
		ProcurementActual:     f(b.ProcurementActual),
	}
	d := s.Detail
	r.ExpenditureDetail = report.ExpenditureDetail{
		WagesWelfare:    f(d.WagesWelfare),
		GoodsServices:   f(d.GoodsServices),
		FamilySubsidies: f(d.FamilySubsidies),
		CapitalOther:    f(d.CapitalOther),
	}
	for _, p := range d.Projects {
		r.ExpenditureDetail.Projects = append(r.ExpenditureDetail.Projects, report.ProjectLine{Name: p.Name, Amount: f(p.Amount)})
	}
	for _, in := range s.Indicators {
		ri := report.Indicator{
			Code: in.Code, Name: in.Name, Level1: in.Level1, Level2: in.Level2,
			MaxPoints: f(in.Max), DeclaredScore: f(in.Score), InScheme: true,
		}
		if in.Value != nil {
			ri.DeclaredValue = f(*in.Value)
		}
		r.Indicators = append(r.Indicators, ri)
	}
	r.Score = report.Score{
		Total: f(s.Total),
		Grade: s.Grade,
		ByLevel1: map[string]float64{
			level1Names[0]: s.ByLevel1[0],
			level1Names[1]: s.ByLevel1[1],
			level1Names[2]: s.ByLevel1[2],
		},
		GradeBands: s.bands(),
	}
	for _, g := range s.Targets {
		r.Targets = append(r.Targets, report.Target{
			Code: g.Code, Text: g.Text + fmtNum(g.Value) + g.Unit + "以上",
			TargetValue: f(g.Value), Unit: g.Unit, Comparator: g.Comparator,
		})
	}
	for _, k := range s.KPIs {
		r.Metrics = append(r.Metrics, k.metric())
		if k.Code == "top500_new_projects" {
			// "完成年度任务（K个）的C%": the share of the year's target, printed beside it.
			if g := s.target("top500_new_projects"); g != nil && g.Value > 0 {
				c := pct(k.Value, g.Value)
				r.Metrics = append(r.Metrics, report.Metric{Code: "top500_task_completion", Value: report.Float(c), Unit: "%", Text: fmtNum(c) + "%"})
			}
		}
	}
	r.Metrics = append(r.Metrics, s.surveyMetrics()...)
	for _, e := range s.Events {
		r.Events = append(r.Events, report.Event{
			Date:             dateString(s.Year, e.Month, e.Day),
			City:             e.CityShort, // "长沙", as the events reader normalises "长沙市"
			Name:             e.name(s.Year),
			ProjectsReleased: f(float64(e.Released)),
			AmountReleased:   f(yiToWan(e.ReleasedAmount)),
			ProjectsSigned:   f(float64(e.Signed)),
			AmountSigned:     f(yiToWan(e.SignedAmount)),
		})
	}
	return r
}

// metric converts a printed KPI to the contract: money in 万元, the printed
// number and unit kept as Text.
func (k KPI) metric() report.Metric {
	m := report.Metric{Code: k.Code, Unit: k.Unit, Qualifier: k.Qualifier, Period: k.Period, Text: k.text()}
	v := k.Value
	switch k.Unit {
	case "亿元":
		v, m.Unit = yiToWan(v), "万元"
	case "元":
		v, m.Unit = v/10000, "万元"
	}
	m.Value = report.Float(v)
	return m
}

// text is the KPI's number and unit as printed, e.g. "180.88亿元", "1000余家".
func (k KPI) text() string {
	n := fmtNum(math.Abs(k.Value))
	if k.Grouped {
		n = grouped(n)
	}
	return n + k.Qualifier + k.Unit
}

func (s *Spec) surveyMetrics() []report.Metric {
	mk := func(code string, v float64) report.Metric {
		return report.Metric{Code: code, Value: report.Float(v), Unit: "%", Text: fmtNum(v) + "%"}
	}
	ms := []report.Metric{
		mk("satisfaction_service_target", s.Survey.Service),
		mk("satisfaction_public", s.Survey.Public),
		mk("satisfaction_staff", s.Survey.Staff),
	}
	// The composite as printed (the satisfaction indicator's declared value).
	for _, in := range s.Indicators {
		if in.Code == "satisfaction" && in.Value != nil {
			ms = append(ms, mk("satisfaction_overall", *in.Value))
		}
	}
	return ms
}

func (s *Spec) bands() []report.GradeBand {
	if s.AltBands {
		return []report.GradeBand{{Grade: "优", Min: 90}, {Grade: "良", Min: 80}, {Grade: "中", Min: 60}, {Grade: "差", Min: 0}}
	}
	return []report.GradeBand{{Grade: "优", Min: 90}, {Grade: "良", Min: 80}, {Grade: "较差", Min: 60}, {Grade: "差", Min: 0}}
}

// gradeFor is the grade the printed bands give a total.
func (s *Spec) gradeFor(total float64) string {
	for _, b := range s.bands() {
		if total >= b.Min {
			return b.Grade
		}
	}
	return "差"
}

func (e Event) name(year int) string {
	return itoa(year) + "湘西州（" + e.CityShort + "）" + e.Theme + "招商推介会"
}

// canonicalName prefixes a prefecture unit's name with the region, as the unit
// alias table and the parser spell it: 州商务局 → 湘西州商务局.
func canonicalName(name string) string {
	if after, ok := strings.CutPrefix(name, "州"); ok {
		return "湘西州" + after
	}
	return name
}

// yiToWan converts 亿元 to 万元 without float noise (180.88 → 1808800).
func yiToWan(v float64) float64 { return math.Round(v*1e6) / 100 }

func dateString(y, m, d int) string {
	return itoa(y) + "-" + pad2(m) + "-" + pad2(d)
}
