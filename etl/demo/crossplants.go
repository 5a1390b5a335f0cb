package demo

// Rules across reports (sql/views/045_spotcheck.sql): each compares a report
// with the same unit's earlier reports or with another unit's, so the
// warehouse raises it only when those are loaded too. They are listed in
// File.CrossPlanted, apart from Planted (the rules one report shows alone).
const (
	RuleTextReusedPrevYear  = "text_reused_from_previous_year" // narrative pasted from the unit's previous year
	RuleTextSharedOtherUnit = "text_shared_with_other_unit"    // narrative pasted from another unit's report
	RuleFigureUnchanged     = "figure_unchanged"               // 政府采购 identical to last year's
	RuleTargetNeverRaised   = "target_never_raised"            // same target three years, exceeded by half each year
	RulePriorYearMismatch   = "prior_year_mismatch"            // 上年“三公”经费预算 not what last year's report said
	RuleScoreInflated       = "score_inflated"                 // near-full self-score, recomputed far below
	RuleRateAlwaysFull      = "rate_always_full"               // satisfaction survey at 100 % three years running
)

// crossPlants assigns the rules across reports to the unit-year that raises
// them. The rules over three years also change the two years before
// (streaks); those years raise nothing themselves.
var crossPlants = map[string][]string{
	"whly/2022": {RuleTextReusedPrevYear},  // pastes whly/2021's narrative
	"tjj/2021":  {RuleTextSharedOtherUnit}, // pastes dag/2021's narrative
	"dag/2021":  {RuleTextSharedOtherUnit}, // shared text reads the same from both sides
	"nync/2021": {RuleFigureUnchanged},     // procurement as in nync/2020
	"swj/2023":  {RuleTargetNeverRaised},   // 新增限额以上商贸企业 ≥ 76 against 50, 2021–2023
	"tzcj/2022": {RulePriorYearMismatch},   // quotes 上年三公预算 0.3 万元 above tzcj/2021's
	"swj/2021":  {RuleScoreInflated},       // full marks declared where 预算完成率 and 三公 rules give 0
	"whly/2023": {RuleRateAlwaysFull},      // survey 100 % in 2021, 2022, 2023
}

// streaks are the unit-years a three-year rule changes: key → first year.
var streaks = map[string]struct {
	rule string
	from int
}{
	"swj":  {RuleTargetNeverRaised, 2021},
	"whly": {RuleRateAlwaysFull, 2021},
}

// copySources name the report whose narrative a copying unit-year pastes.
var copySources = map[string]struct {
	slug string
	year int
}{
	"whly/2022": {"whly", 2021},
	"tjj/2021":  {"dag", 2021},
}

// linkPrevious makes s consistent with the unit's previous report: its
// 上年“三公”经费预算 is what that report budgeted, scored by the scheme's rule
// (the all-full-marks report keeps its own, which gives full marks).
func linkPrevious(s *Spec, prev Spec, allFull bool) {
	if allFull {
		return
	}
	s.Budget.ThreePublicBudgetPrev = prev.Budget.ThreePublicBudget
	s.rescore(nil)
}

// applyStreaks changes s for the three-year streaks it belongs to and pastes
// the narrative of the report it copies (before the report's own defects are
// planted: they may change the scores again). source builds another
// unit-year's report for a copied narrative.
func applyStreaks(s *Spec, pi int, source func(pi, year int) Spec) {
	p := profiles[pi]
	year := s.Year
	key := p.slug + "/" + itoa(year)
	if st, ok := streaks[p.slug]; ok && year >= st.from && year < st.from+3 {
		switch st.rule {
		case RuleTargetNeverRaised:
			for i := range s.KPIs {
				if s.KPIs[i].Code == "new_above_quota_firms" {
					s.KPIs[i].Value = float64(76 + 3*(year-st.from))
				}
			}
		case RuleRateAlwaysFull:
			s.Survey.Service, s.Survey.Public, s.Survey.Staff = 100, 100, 100
			s.rescore(nil)
		}
	}
	if src, ok := copySources[key]; ok {
		from := source(indexOf(src.slug), src.year)
		s.Variant, s.Common, s.Problems, s.Advice, s.Works = from.Variant, from.Common, from.Problems, from.Advice, from.Works
		// The same deductions, so that the scoring paragraphs read the same.
		weak := map[string]bool{}
		for _, in := range from.Indicators {
			weak[in.Code] = in.Weak
		}
		for i := range s.Indicators {
			s.Indicators[i].Weak = weak[s.Indicators[i].Code]
		}
		s.rescore(nil)
		if src.slug != p.slug {
			// Another unit's report with the name changed: its duties, sections
			// and every paragraph of the evaluation.
			s.Intro, s.Duties, s.Sections = from.Intro, from.Duties, from.Sections
			s.TaskTexts, s.Goals, s.Achievements = from.TaskTexts, from.Goals, from.Achievements
			s.Outputs, s.Benefit, s.KeyWork, s.Effect = from.Outputs, from.Benefit, from.KeyWork, from.Effect
		}
	}
}

// applyCross applies the rules across reports planted in the unit-year of s,
// after its own defects; prev is the unit's previous report.
func applyCross(s *Spec, pi int, prev Spec) {
	key := profiles[pi].slug + "/" + itoa(s.Year)
	for _, rule := range crossPlants[key] {
		switch rule {
		case RuleFigureUnchanged:
			b, pb := &s.Budget, prev.Budget
			b.ProcurementBudget, b.ProcurementActual = pb.ProcurementBudget, pb.ProcurementActual
			b.ProcGoods, b.ProcWorks, b.ProcServices = pb.ProcGoods, pb.ProcWorks, pb.ProcServices
			s.rescore(nil)
		case RulePriorYearMismatch:
			s.Budget.ThreePublicBudgetPrev = round2(s.Budget.ThreePublicBudgetPrev + 0.3)
			s.rescore(nil)
		case RuleScoreInflated:
			// On top of the 三公 score planted here (score_rule_mismatch): a
			// fifth of the budget left unspent, still declared at full marks,
			// and no qualitative deduction — the recomputed total is ≥ 5 lower.
			s.Budget.YearEndBalance = round2((s.Budget.Carryover + s.Budget.Initial + s.Budget.Supplementary) * 0.2)
			for i := range s.Indicators {
				s.Indicators[i].Weak = false
			}
			s.rescore(map[string]float64{"budget_completion_rate": 5, "sangong_change_rate": 4})
		}
	}
	s.CrossPlanted = append([]string(nil), crossPlants[key]...)
}

func indexOf(slug string) int {
	for i, p := range profiles {
		if p.slug == slug {
			return i
		}
	}
	return 0
}
