package realworld

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"jixiao/etl/number"
	"jixiao/report"
)

// Families are the layout families documents come in. A real document names
// every family it shows; a fixture lives in the directory of the one it
// reproduces.
var Families = []string{
	// A table flattened to a header row (编制数 / 实际在职人数 / 控制率) and
	// then a row of values, as 基础数据表 print.
	"header_value_rows",
	// A cover or form whose labels and values sit on separate lines or cells
	// (人员编制 / 21 / 实有人数 / 21).
	"cover_separate_lines",
	// Key–value pairs inside one line or sentence ("收入:512.40万元", "编制数5人").
	"inline_key_value",
	// A title or cover carrying the unit and fiscal year ("XX市2018年度部门整体支出…",
	// "部门(单位)名称:").
	"title_unit_year",
	// Money in 元 or 亿元 as well as 万元, full-width digits, thousands separators.
	"money_units",
	// Score tables of the Hunan 2021 scheme (投入 / 过程 / 产出及效率 …).
	"score_hunan",
	// The national 财预〔2013〕53号 framework: 投入 / 过程 / 产出 / 效果.
	"score_national_2013",
	// Sichuan's 部门决策 / 综合管理 / 部门绩效, ending in "自评得分 N 分".
	"score_sichuan",
	// Score tables of other provinces' frameworks (规划 / 执行 / 效果 …).
	"score_other",
	// 部门决算公开 documents that embed a self-evaluation.
	"final_accounts",
	// 项目支出 self-evaluations, the contrast: never read as 部门整体 reports.
	"project_self_eval",
}

// scalarKeys are the measured figures that have one value per report.
var scalarKeys = []string{
	"fiscal_year", "unit",
	"staffing.authorized", "staffing.actual",
	"income.total", "income.carryover", "income.fiscal_appropriation", "income.gov_fund",
	"income.special_account_nontax", "income.other",
	"expenditure.total", "expenditure.basic", "expenditure.personnel", "expenditure.public_use",
	"expenditure.project", "expenditure.balance_current", "expenditure.balance_cumulative",
	"three_public.actual", "three_public.budget", "three_public.budget_prev",
	"three_public.reception", "three_public.vehicle_operation", "three_public.vehicle_purchase",
	"three_public.overseas",
	"budget.carryover", "budget.initial", "budget.supplementary", "budget.adjustment",
	"budget.year_end_balance", "budget.public_use_budget", "budget.public_use_actual",
	"budget.procurement_budget", "budget.procurement_actual",
	"score.total", "score.grade",
}

// Keys with a name inside brackets: a level-1 subtotal, an indicator's
// declared score, an indicator's declared value (percent).
var patternKey = regexp.MustCompile(`^(level1|indicator|indicator_value)\[([^\[\]]+)\]$`)

// textKeys hold text, every other key a number.
var textKeys = map[string]bool{"unit": true, "score.grade": true}

// IsKey reports whether key is a measured figure key.
func IsKey(key string) bool {
	for _, k := range scalarKeys {
		if k == key {
			return true
		}
	}
	return patternKey.MatchString(key)
}

func (f Figures) check() error {
	for k, v := range f {
		if !IsKey(k) {
			return fmt.Errorf("unknown figure key %q (known: %s, level1[…], indicator[…], indicator_value[…]); put figures the contract has no field for under recorded", k, strings.Join(scalarKeys, ", "))
		}
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("figure %s is empty: leave out a figure the text does not hold", k)
		}
		if !textKeys[k] {
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				return fmt.Errorf("figure %s = %q is not a number", k, v)
			}
		}
	}
	return nil
}

func (f Figures) checkRecorded() error {
	for k, v := range f {
		if IsKey(k) {
			return fmt.Errorf("recorded figure %s is a measured key: move it under figures", k)
		}
		if k == "" || strings.TrimSpace(v) == "" {
			return errors.New("recorded figures need a key and a value")
		}
	}
	return nil
}

// Returned flattens what a parsed report states under the figure keys. A key
// may have several candidates when the contract holds the same fact in two
// places (三公 actual in the budget sentence and in the table's summary row;
// the unit's name as signed and in full): any of them agreeing counts as
// right. A nil report returns nothing.
func Returned(r *report.Report) map[string][]string {
	out := map[string][]string{}
	if r == nil {
		return out
	}
	add := func(key string, v *float64) {
		if v != nil {
			out[key] = append(out[key], fmtNum(*v))
		}
	}
	if r.FiscalYear != 0 {
		out["fiscal_year"] = []string{strconv.Itoa(r.FiscalYear)}
	}
	for _, n := range []string{r.Unit.Name, r.Unit.FullName, r.Unit.CanonicalName} {
		if n = strings.TrimSpace(n); n != "" {
			out["unit"] = append(out["unit"], n)
		}
	}
	add("staffing.authorized", r.Staffing.Authorized)
	add("staffing.actual", r.Staffing.Actual)
	if row, ok := summaryRow(r.Income, func(x report.IncomeRow) bool { return x.Summary }); ok {
		add("income.total", row.Total)
		add("income.carryover", row.Carryover)
		add("income.fiscal_appropriation", row.FiscalAppropriation)
		add("income.gov_fund", row.GovFund)
		add("income.special_account_nontax", row.SpecialAccountNontax)
		add("income.other", row.Other)
	}
	if row, ok := summaryRow(r.Expenditure, func(x report.ExpenditureRow) bool { return x.Summary }); ok {
		add("expenditure.total", row.Total)
		add("expenditure.basic", row.Basic)
		add("expenditure.personnel", row.Personnel)
		add("expenditure.public_use", row.PublicUse)
		add("expenditure.project", row.Project)
		add("expenditure.balance_current", row.BalanceCurrent)
		add("expenditure.balance_cumulative", row.BalanceCumulative)
	}
	b := r.Budget
	add("three_public.actual", b.ThreePublicActual)
	if row, ok := summaryRow(r.ThreePublic, func(x report.ThreePublicRow) bool { return x.Summary }); ok {
		add("three_public.actual", row.Total)
		add("three_public.reception", row.Reception)
		add("three_public.vehicle_operation", row.VehicleOperation)
		add("three_public.vehicle_purchase", row.VehiclePurchase)
		add("three_public.overseas", row.Overseas)
	}
	add("three_public.budget", b.ThreePublicBudget)
	add("three_public.budget_prev", b.ThreePublicBudgetPrev)
	add("budget.carryover", b.Carryover)
	add("budget.initial", b.Initial)
	add("budget.supplementary", b.Supplementary)
	add("budget.adjustment", b.Adjustment)
	add("budget.year_end_balance", b.YearEndBalance)
	add("budget.public_use_budget", b.PublicUseBudget)
	add("budget.public_use_actual", b.PublicUseActual)
	add("budget.procurement_budget", b.ProcurementBudget)
	add("budget.procurement_actual", b.ProcurementActual)
	add("score.total", r.Score.Total)
	if g := strings.TrimSpace(r.Score.Grade); g != "" {
		out["score.grade"] = []string{g}
	}
	for l1, v := range r.Score.ByLevel1 {
		add("level1["+l1+"]", &v)
	}
	for _, in := range r.Indicators {
		name := strings.TrimSpace(in.Name)
		if name == "" {
			continue
		}
		add("indicator["+name+"]", in.DeclaredScore)
		add("indicator_value["+name+"]", in.DeclaredValue)
	}
	return out
}

// summaryRow is the table's summary row, else its only row; several rows
// without a summary give nothing (which org's figure would it be?).
func summaryRow[R any](rows []R, isSummary func(R) bool) (R, bool) {
	for _, r := range rows {
		if isSummary(r) {
			return r, true
		}
	}
	if len(rows) == 1 {
		return rows[0], true
	}
	var zero R
	return zero, false
}

func fmtNum(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
}

// Outcome is the comparison of one document's expected figures with what
// the parser returned.
type Outcome struct {
	Expected int // figures the text holds (measured keys)
	Returned int // figures the parser returned that count (see Compare)
	Right    int
	// Wrong lists every returned figure that disagrees with the text, or
	// that an exhaustive document does not hold: "key: want …, got …".
	Wrong []string
	// Missed lists the expected figures the parser did not return.
	Missed []string
	// Unverified lists returned figures a non-exhaustive document does not
	// list: not counted, shown so the index can be completed.
	Unverified []string
	// HeldOut lists the expected figures a document refused by decision
	// does not return beyond its identity (HoldOut): counted in Expected
	// and so in recall, and apart in the tables' in-scope recall.
	HeldOut []string
}

// identityKeys are the figures a refused document still returns: its
// parse.Identity's unit and fiscal year.
var identityKeys = map[string]bool{"fiscal_year": true, "unit": true}

// HoldOut moves, for a document the pipeline refused by decision (a 项目支出
// report, a 决算公开 document without a self-evaluation chapter, a 三公 or
// budget publication, a notice), its missed figures beyond its identity
// from Missed to HeldOut: they are another publication's figures, which the
// report contract does not load from such a document (docs/decisions.md,
// "Reading the document's identity"). Missed identity figures stay missed.
func (o *Outcome) HoldOut() {
	var kept []string
	for _, m := range o.Missed {
		if key, _, _ := strings.Cut(m, ":"); identityKeys[key] {
			kept = append(kept, m)
			continue
		}
		o.HeldOut = append(o.HeldOut, m)
	}
	o.Missed = kept
}

// Compare scores what the parser returned against the expected figures.
// Names of indicators and level-1 rows match when one contains the other
// after normalisation (the report may print "预算执行率（5分）" where the
// index says "预算执行率").
func Compare(want Figures, got map[string][]string, exhaustive bool) Outcome {
	var o Outcome
	used := map[string]bool{}
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		o.Expected++
		gk, vals := lookup(k, got, used)
		if gk == "" {
			o.Missed = append(o.Missed, fmt.Sprintf("%s: want %s", k, want[k]))
			continue
		}
		used[gk] = true
		o.Returned++
		if agrees(k, want[k], vals) {
			o.Right++
			continue
		}
		o.Wrong = append(o.Wrong, fmt.Sprintf("%s: want %s, got %s", k, want[k], strings.Join(vals, " | ")))
	}
	var extra []string
	for gk, vals := range got {
		if !used[gk] {
			extra = append(extra, fmt.Sprintf("%s: not in the text, got %s", gk, strings.Join(vals, " | ")))
		}
	}
	sort.Strings(extra)
	if exhaustive {
		o.Returned += len(extra)
		o.Wrong = append(o.Wrong, extra...)
	} else {
		o.Unverified = extra
	}
	return o
}

// lookup finds the returned key for an expected key: the same key, or for a
// bracketed name the returned key of the same kind whose name contains, or
// is contained in, the expected one (first in sorted order, not used yet).
func lookup(key string, got map[string][]string, used map[string]bool) (string, []string) {
	if v, ok := got[key]; ok && !used[key] {
		return key, v
	}
	m := patternKey.FindStringSubmatch(key)
	if m == nil {
		return "", nil
	}
	want := normName(m[2])
	var cands []string
	for gk := range got {
		gm := patternKey.FindStringSubmatch(gk)
		if gm == nil || gm[1] != m[1] || used[gk] {
			continue
		}
		g := normName(gm[2])
		if g != "" && (strings.Contains(g, want) || strings.Contains(want, g)) {
			cands = append(cands, gk)
		}
	}
	if len(cands) == 0 {
		return "", nil
	}
	sort.Strings(cands)
	return cands[0], got[cands[0]]
}

// nameNoise are the characters names differ by between a report and the
// index: spaces and quotes.
var nameNoise = strings.NewReplacer(" ", "", "\t", "", "“", "", "”", "", "\"", "", "‘", "", "’", "")

// normName maps full-width forms to ASCII, drops spaces and quotes and a
// trailing "(N分)".
func normName(s string) string {
	s = nameNoise.Replace(number.Normalize(s))
	if i := strings.Index(s, "("); i > 0 && strings.HasSuffix(s, "分)") {
		s = s[:i]
	}
	return s
}

// agrees reports whether any candidate equals the expected value: numbers to
// a millionth (money converted from 元 keeps six decimals of 万元), text
// after normalisation, where "A|B" accepts either way of naming the same
// thing (乌海市住房市场服务中心 | 内蒙古自治区乌海市住房市场服务中心).
func agrees(key, want string, vals []string) bool {
	for _, v := range vals {
		if textKeys[key] {
			for _, alt := range strings.Split(want, "|") {
				if normName(v) == normName(alt) {
					return true
				}
			}
			continue
		}
		w, err1 := strconv.ParseFloat(want, 64)
		g, err2 := strconv.ParseFloat(v, 64)
		if err1 == nil && err2 == nil && math.Abs(w-g) <= 1e-6*math.Max(1, math.Max(math.Abs(w), math.Abs(g))) {
			return true
		}
	}
	return false
}
