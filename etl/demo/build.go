package demo

import (
	"math"
	"strings"

	"jixiao/report"
)

// rng is splitmix64: tiny, fast and stable across Go releases, so the corpus is
// byte-identical everywhere.
type rng struct{ s uint64 }

func newRNG(slug string, parts ...uint64) *rng {
	h := uint64(14695981039346656037)
	for i := 0; i < len(slug); i++ {
		h ^= uint64(slug[i])
		h *= 1099511628211
	}
	r := &rng{s: h}
	for _, p := range parts {
		r.s ^= p + 0x9e3779b97f4a7c15
		r.next()
	}
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

func (r *rng) between(a, b float64) float64 { return a + (b-a)*r.float() }

// intn returns an int in [lo, hi].
func (r *rng) intn(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + int(r.next()%uint64(hi-lo+1))
}

// one decimal / two decimals, as reports print shares and rates.
func (r *rng) dec1(a, b float64) float64 { return math.Round(r.between(a, b)*10) / 10 }

// series is a yearly figure evolving from base in anchorYear with a growth drawn
// per year from [lo, hi] (dips override the range for given years). It returns
// this year's and last year's value, so year-over-year figures agree across the
// corpus.
func series(slug, name string, year int, base, lo, hi float64, dips map[int][2]float64) (cur, prev float64) {
	v := base
	prev = base
	for y := anchorYear + 1; y <= year; y++ {
		r := newRNG(slug+"/"+name, uint64(y))
		a, b := lo, hi
		if d, ok := dips[y]; ok {
			a, b = d[0], d[1]
		}
		prev = v
		v *= 1 + r.between(a, b)
	}
	return v, prev
}

// buildOpts carry planted defects that need different figures, not just a
// different printed value.
type buildOpts struct {
	allFull       bool // every indicator at full marks
	gradeMismatch bool // enough deductions for a total below 90
}

// build makes the report of profile pi for year. jitter 0 is the corpus; other
// values perturb the figures (Generate).
func build(pi, year int, jitter uint64, o buildOpts) Spec {
	p := profiles[pi]
	r := newRNG(p.slug, uint64(year), jitter)
	s := Spec{
		Slug:      p.slug,
		Kind:      p.kind,
		Unit:      p.name,
		Canonical: p.name,
		Parent:    p.parent,
		Region:    "湘西州",
		Year:      year,
		Variant:   int((uint64(pi) + uint64(year) + jitter) % 3),
		SplitRuns: (pi+year)%3 == 1,
		Intro:     p.intro,
		StaffKind: p.staffKind,
		Contact:   report.Contact{Name: p.contact, Phone: p.phone},
		Duties:    p.duties,
		Sections:  p.sections,
		Goals:     p.goals, Achievements: p.achieved,
		Outputs: p.outputs, Benefit: p.benefit, KeyWork: p.keyWork, Effect: p.effect,
		AltBands:    p.altBands,
		ScoreInForm: true,
	}
	if p.former != "" && year < p.renameYear {
		s.Unit = p.former
	}
	if p.former != "" && year >= p.renameYear && year <= p.renameYear+1 {
		s.FormerName, s.RenameDoc = p.former, p.renameDoc
	}
	s.Authorized = p.authorized
	s.Actual = r.intn(p.actualMin, p.authorized)
	for _, e := range p.evaluator {
		s.Evaluators = append(s.Evaluators, report.Evaluator{Name: e[0], Title: e[1], Unit: s.Unit})
	}

	// Money: hundredths of 万元 throughout, so printed sums add up exactly.
	scale, _ := series(p.slug, "scale", year, p.scale, p.growth[0], p.growth[1], nil)
	if jitter != 0 {
		scale *= r.between(0.93, 1.07)
	}
	// A hard year (about one in six) has low budget execution and several weak
	// indicators, so the corpus holds some 良 grades, not only 优.
	hard := !o.allFull && !o.gradeMismatch && r.float() < 0.17
	completion := r.between(0.955, 0.995)
	switch u := r.float(); {
	case o.gradeMismatch, hard:
		completion = r.between(0.86, 0.885)
	case o.allFull, u < 0.2:
		completion = 1 // everything spent: year-end balance 0, full marks
	case u > 0.8:
		completion = r.between(0.86, 0.895)
	case u > 0.55:
		completion = r.between(0.905, 0.945)
	}
	type orgFig struct {
		income, carry, nontax, other, fiscal, exp, basic, personnel, public, project int64
		reception, vehicle, fixed                                                    int64
	}
	var figs [4]*orgFig
	var tot orgFig
	for k, org := range p.orgs {
		f := &orgFig{}
		f.income = cents(scale * p.weights[k] * r.between(0.97, 1.03))
		f.carry = cents(fromCents(f.income) * r.between(0.04, 0.25))
		if p.nontax && k == 0 {
			f.nontax = cents(fromCents(f.income) * r.between(0.01, 0.04))
		}
		if p.other && org == 2 {
			f.other = cents(fromCents(f.income) * r.between(0.02, 0.06))
		}
		f.fiscal = f.income - f.carry - f.nontax - f.other
		f.exp = cents(fromCents(f.income) * completion)
		f.project = cents(fromCents(f.exp) * r.between(0.18, 0.5))
		f.basic = f.exp - f.project
		f.personnel = cents(fromCents(f.basic) * r.between(0.78, 0.9))
		f.public = f.basic - f.personnel
		f.reception = max(cents(p.scale*p.tpScale*p.weights[k]*r.between(0.6, 1.3)), 30)
		if org == 1 {
			f.vehicle = cents(fromCents(f.reception) * r.between(0.4, 1.1))
		}
		f.fixed = cents(fromCents(f.income) * r.between(0.08, 0.5))
		figs[org] = f
		tot.income += f.income
		tot.carry += f.carry
		tot.nontax += f.nontax
		tot.other += f.other
		tot.fiscal += f.fiscal
		tot.exp += f.exp
		tot.basic += f.basic
		tot.personnel += f.personnel
		tot.public += f.public
		tot.project += f.project
		tot.reception += f.reception
		tot.vehicle += f.vehicle
		tot.fixed += f.fixed
	}
	showSummary := false
	switch p.summary {
	case 1:
		showSummary = true
	case 2:
		showSummary = year%2 == 1
	case 3:
		showSummary = year >= 2021
	}
	if showSummary {
		t := tot
		figs[0] = &t
	}
	zeroBlank := s.Variant != 2 // variant 2 prints zero components as "0"
	cell := func(c int64) *float64 {
		if c == 0 && zeroBlank {
			return nil
		}
		return report.Float(fromCents(c))
	}
	for i, f := range figs {
		if f == nil {
			continue
		}
		s.Income[i] = report.IncomeRow{
			Total: cell(f.income), Carryover: cell(f.carry), FiscalAppropriation: cell(f.fiscal),
			SpecialAccountNontax: cell(f.nontax), Other: cell(f.other),
		}
		cur := f.income - f.carry - f.exp
		var current *float64
		if cur >= 0 {
			current = report.Float(fromCents(cur))
		}
		s.Expenditure[i] = report.ExpenditureRow{
			Total: cell(f.exp), Basic: cell(f.basic), Personnel: cell(f.personnel), PublicUse: cell(f.public),
			Project: cell(f.project), BalanceCurrent: current, BalanceCumulative: report.Float(fromCents(f.income - f.exp)),
		}
		s.ThreePublic[i] = report.ThreePublicRow{
			Total: cell(f.reception + f.vehicle), Reception: cell(f.reception), VehicleOperation: cell(f.vehicle),
		}
		if !zeroBlank {
			s.ThreePublic[i].VehiclePurchase = report.Float(0)
			s.ThreePublic[i].Overseas = report.Float(0)
		}
		s.FixedAssets[i] = report.FixedAssetRow{Total: cell(f.fixed), InUse: cell(f.fixed)}
	}

	// Budget execution as the narrative quotes it (the unit as a whole).
	rest := tot.income - tot.carry
	supp := cents(fromCents(rest) * r.between(0.03, 0.2))
	policy := cents(fromCents(supp) * r.between(0.75, 1))
	tpActual := tot.reception + tot.vehicle
	tpBudget := cents(fromCents(tpActual) * r.between(1, 1.25))
	tpPrev := tpBudget
	if r.float() < 0.7 {
		tpPrev = cents(fromCents(tpBudget) * r.between(1.02, 1.2))
	}
	recBudget := cents(fromCents(tpBudget) * fromCents(tot.reception) / fromCents(tpActual))
	proc := max(cents(fromCents(tot.income)*r.between(0.005, 0.03)), 50)
	goods := cents(fromCents(proc) * r.between(0.5, 0.9))
	works := int64(0)
	if r.float() < 0.3 {
		works = cents(fromCents(proc-goods) * r.between(0.2, 0.6))
	}
	s.Budget = Budget{
		Carryover:             fromCents(tot.carry),
		Initial:               fromCents(rest - supp),
		Supplementary:         fromCents(supp),
		PolicySupplement:      fromCents(policy),
		Adjustment:            fromCents(supp - policy),
		YearEndBalance:        fromCents(tot.income - tot.exp),
		PublicUseActual:       fromCents(tot.public),
		PublicUseBudget:       fromCents(cents(fromCents(tot.public) * r.between(1, 1.12))),
		ThreePublicActual:     fromCents(tpActual),
		ThreePublicBudget:     fromCents(tpBudget),
		ThreePublicBudgetPrev: fromCents(tpPrev),
		ReceptionActual:       fromCents(tot.reception),
		ReceptionBudget:       fromCents(recBudget),
		ProcurementBudget:     fromCents(proc),
		ProcurementActual:     fromCents(proc),
		ProcGoods:             fromCents(goods),
		ProcWorks:             fromCents(works),
		ProcServices:          fromCents(proc - goods - works),
		FixedTotal:            fromCents(tot.fixed),
		FixedInUse:            fromCents(tot.fixed),
	}
	wages := cents(fromCents(tot.personnel) * r.between(0.6, 0.8))
	s.Detail = Detail{
		Basic: fromCents(tot.basic), WagesWelfare: fromCents(wages), FamilySubsidies: fromCents(tot.personnel - wages),
		GoodsServices: fromCents(tot.public), CapitalOther: 0, Project: fromCents(tot.project),
	}
	nProj := 2
	if len(p.projects) > 2 && (year+pi)%2 == 0 {
		nProj = 3
	}
	left := tot.project
	for k := range nProj {
		amt := left
		if k < nProj-1 {
			amt = cents(fromCents(tot.project) * r.between(0.25, 0.55))
		}
		left -= amt
		pr := p.projects[k]
		pr.Amount = fromCents(amt)
		s.Detail.Projects = append(s.Detail.Projects, pr)
	}

	s.TasksDue = r.intn(8, 15)
	s.TasksOK = s.TasksDue
	if r.float() < 0.15 && !o.allFull {
		s.TasksOK--
	}
	if o.gradeMismatch || hard {
		s.TasksOK = s.TasksDue - 2
	}
	s.Survey = Survey{Sheets: r.intn(3, 20) * 10, Service: r.dec1(91, 99), Public: r.dec1(90.5, 98.5), Staff: r.dec1(92, 99.5)}

	s.Works = fillCounts(p.works, r)
	// A selection of the common paragraphs, in pool order; Generate prints all.
	for k, w := range commonWorks {
		if jitter != 0 || r.float() < 0.6 || k < 3 {
			s.Common = append(s.Common, w)
		}
	}
	s.TaskTexts = p.tasks
	s.kpis(p, r)
	s.Problems = []string{problemPool[r.intn(0, 1)], problemPool[r.intn(2, len(problemPool)-1)]}
	s.Advice = advicePool[:3+r.intn(0, 1)]

	weak := map[string]bool{}
	if o.gradeMismatch {
		for _, c := range []string{"indicator_clarity", "mgmt_system_sound", "budget_disclosure", "admin_efficiency"} {
			weak[c] = true
		}
	} else if !o.allFull {
		for _, d := range scheme {
			if _, ok := qualitative[d.code]; ok && (r.float() < 0.22 || hard && r.float() < 0.6) {
				weak[d.code] = true
			}
		}
	}
	s.score(weak, nil)
	if !o.allFull && s.allFull() {
		weak["admin_efficiency"] = true
		s.score(weak, nil)
	}
	return s
}

// fillCounts replaces each {N} with a small count.
func fillCounts(texts []string, r *rng) []string {
	out := make([]string, len(texts))
	for i, t := range texts {
		for strings.Contains(t, "{N}") {
			t = strings.Replace(t, "{N}", itoa(r.intn(6, 60)), 1)
		}
		out[i] = t
	}
	return out
}

// score fills the indicators from the printed figures with the scheme's rules,
// then the level-1 scores, the total and the grade. override forces declared
// scores (planted defects).
func (s *Spec) score(weak map[string]bool, override map[string]float64) {
	b := s.Budget
	s.Indicators = s.Indicators[:0]
	for _, d := range scheme {
		in := Indicator{Code: d.code, Name: d.name, Level1: d.level1, Level2: d.level2, Max: d.max, Score: d.max}
		val := func(v float64) { in.Value = report.Float(v) }
		switch d.code {
		case "staff_control_rate":
			v := pct(float64(s.Actual), float64(s.Authorized))
			val(v)
			in.Score = overRule(v, 100, d.max)
		case "sangong_change_rate":
			v := pct(b.ThreePublicBudget-b.ThreePublicBudgetPrev, b.ThreePublicBudgetPrev)
			val(v)
			in.Score = overRule(v, 0, d.max)
		case "budget_completion_rate":
			base := b.Carryover + b.Initial + b.Supplementary
			v := pct(base-b.YearEndBalance, base)
			val(v)
			in.Score = budgetLadder(v)
		case "budget_adjust_rate":
			v := pct(b.Adjustment, b.Initial)
			val(v)
			if v >= 10 {
				in.Score = 0
			}
		case "public_exp_ctrl":
			v := pct(b.PublicUseActual, b.PublicUseBudget)
			val(v)
			if v > 100 {
				in.Score = 0
			}
		case "sangong_ctrl":
			v := pct(b.ThreePublicActual, b.ThreePublicBudget)
			val(v)
			if v > 100 {
				in.Score = 0
			}
		case "gov_procurement_exec":
			val(pct(b.ProcurementActual, b.ProcurementBudget))
		case "fixed_asset_utilization":
			val(pct(b.FixedInUse, b.FixedTotal))
		case "key_task_completion":
			val(pct(float64(s.TasksOK), float64(s.TasksDue)))
			in.Score = max(d.max-float64(s.TasksDue-s.TasksOK), 0)
		case "satisfaction":
			val(s.Survey.composite())
		}
		if weak[d.code] {
			// Deductions scale with the indicator's weight: 0.5 of 2–3 points,
			// 1 of 5, 1.5 of 6–8.
			in.Weak = true
			switch {
			case d.max >= 6:
				in.Score = d.max - 1.5
			case d.max >= 5:
				in.Score = d.max - 1
			default:
				in.Score = d.max - 0.5
			}
		}
		if v, ok := override[d.code]; ok {
			in.Score = v
		}
		s.Indicators = append(s.Indicators, in)
	}
	s.sumScores()
}

// sumScores recomputes the level-1 scores, the total and the grade from the
// indicators' declared scores.
func (s *Spec) sumScores() {
	s.ByLevel1 = [3]float64{}
	s.Total = 0
	for _, in := range s.Indicators {
		for k, l := range level1Names {
			if in.Level1 == l {
				s.ByLevel1[k] += in.Score
			}
		}
		s.Total += in.Score
	}
	s.Grade = s.gradeFor(s.Total)
}

func (s *Spec) allFull() bool {
	for _, in := range s.Indicators {
		if in.Score < in.Max {
			return false
		}
	}
	return true
}

// overRule is "at or below limit: full; a tenth of the points off per
// percentage point above".
func overRule(v, limit, full float64) float64 {
	if v <= limit {
		return full
	}
	return max(round2(full-full/10*(v-limit)), 0)
}

func (sv Survey) composite() float64 {
	return round2(sv.Service*0.5 + sv.Public*0.4 + sv.Staff*0.1)
}

// kpis draws the unit's narrative metrics, targets and events.
func (s *Spec) kpis(p profile, r *rng) {
	y := s.Year
	yoy := func(cur, prev float64) float64 { return pct(round2(cur)-round2(prev), round2(prev)) }
	add := func(code string, v float64, unit string) *KPI {
		s.KPIs = append(s.KPIs, KPI{Code: code, Value: v, Unit: unit})
		return &s.KPIs[len(s.KPIs)-1]
	}
	goal := func(code, text string, v float64, unit string) {
		s.Targets = append(s.Targets, Goal{Code: code, Text: text, Value: v, Unit: unit, Comparator: ">="})
	}
	switch p.kind {
	case "investment":
		cur, prev := series(p.slug, "inflow", y, 62, 0.08, 0.3, map[int][2]float64{2023: {-0.08, -0.02}})
		k500 := 4 + (y-2019)/2
		if y < 2019 {
			k500 = 4
		}
		add("investment_projects", float64(110+12*(y-2019)+r.intn(0, 20)), "个")
		add("investment_inflow", round2(cur), "亿元")
		add("investment_inflow_yoy", yoy(cur, prev), "%")
		add("investment_target_completion", round2(r.between(102, 125)), "%")
		n500 := r.intn(k500, k500*3)
		add("top500_new_projects", float64(n500), "个")
		period := itoa(y-2) + "-" + itoa(y)
		for _, c := range []struct {
			code   string
			lo, hi float64
		}{
			{"top500_fulfilment_rate", 70, 95}, {"top500_funds_rate", 12, 30},
			{"provincial_signed_fulfilment_rate", 85, 100}, {"provincial_signed_funds_rate", 12, 25},
			{"prefecture_signed_fulfilment_rate", 71, 90}, {"prefecture_signed_funds_rate", 10, 25},
		} {
			add(c.code, r.dec1(c.lo, c.hi), "%").Period = period
		}
		db := add("investor_database_firms", float64(600+250*max(y-2019, 0)+100*r.intn(0, 3)), "家")
		db.Qualifier = "余"
		goal("top500_new_projects", "协助州商务局引进“三类500强”（世界500强、中国500强、中国民营企业500强）企业投资项目", float64(k500), "个")
		goal("prefecture_signed_fulfilment_rate", "加强签约项目跟踪督办，"+itoa(y-1)+"—"+itoa(y)+"年州级招商签约项目履约率达到", 70, "%")
		growth := 12.0
		if y >= 2022 {
			growth = 10
		}
		goal("investment_inflow_yoy", "协同各县市区推动省外境内到位资金增长", growth, "%")
		nEvents := 1 + (y+int(r.next()%2))%2
		for k := range nEvents {
			place := eventPlaces[(y+k*3)%len(eventPlaces)]
			s.Events = append(s.Events, Event{
				Month: 3 + k*4 + r.intn(0, 2), Day: r.intn(1, 28),
				City: place[0], CityShort: place[1], Theme: eventThemes[(y+k)%len(eventThemes)],
				Released: r.intn(40, 120), ReleasedAmount: r.dec1(150, 700),
				Signed: r.intn(10, 35), SignedAmount: r.dec1(50, 200),
			})
		}
	case "commerce":
		cur, prev := series(p.slug, "retail", y, 300, 0.05, 0.11, map[int][2]float64{2020: {-0.05, -0.01}})
		add("retail_sales", round2(cur), "亿元")
		add("retail_sales_yoy", yoy(cur, prev), "%")
		tc, tp := series(p.slug, "trade", y, 11, -0.1, 0.35, nil)
		add("foreign_trade", round2(tc), "亿元")
		add("foreign_trade_yoy", yoy(tc, tp), "%")
		add("new_above_quota_firms", float64(r.intn(40, 90)), "家")
		goal("retail_sales_yoy", "推动全州社会消费品零售总额增长", 8, "%")
		goal("new_above_quota_firms", "新增限额以上商贸企业", 50, "家")
	case "tourism":
		dips := map[int][2]float64{2020: {-0.35, -0.2}, 2021: {0.25, 0.4}}
		vc, _ := series(p.slug, "arrivals", y, 3000, 0.08, 0.18, dips)
		add("visitors", round2(vc), "万人次")
		rc, rp := series(p.slug, "revenue", y, 240, 0.08, 0.18, dips)
		add("tourism_revenue", round2(rc), "亿元")
		add("tourism_revenue_yoy", yoy(rc, rp), "%")
		goal("tourism_revenue_yoy", "推动全州旅游总收入增长", 10, "%")
	case "agriculture":
		add("grain_area", r.dec1(243, 252), "万亩")
		add("grain_output", r.dec1(80.5, 84.5), "万吨")
		ic, ip := series(p.slug, "income", y, 7800, 0.08, 0.11, nil)
		ic, ip = math.Round(ic), math.Round(ip)
		k := add("rural_income_per_capita", ic, "元")
		k.Grouped = s.Variant != 1
		add("rural_income_yoy", yoy(ic, ip), "%")
		goal("grain_area", "全州粮食播种面积稳定在", 240, "万亩")
		goal("grain_output", "粮食总产量稳定在", 80, "万吨")
		goal("rural_income_yoy", "推动农村居民人均可支配收入增长", 8, "%")
	case "statistics":
		add("survey_tasks", float64(r.intn(110, 160)), "项")
	case "forestry":
		add("forest_coverage", round2(69.8+0.15*float64(y-anchorYear)+r.between(-0.05, 0.05)), "%")
		add("afforestation", r.dec1(15.5, 25), "万亩")
		goal("afforestation", "全年完成人工造林", 15, "万亩")
	}
}
