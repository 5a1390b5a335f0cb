package report

import "sort"

// EachEvidence calls f on every evidence of the report with what it backs:
// figure is the contract's name of the list or field ("staffing", "income",
// "budget.carryover", "indicator", "finding", …) and label names the row as
// the form does (the org, the indicator's code and name, the finding's rule).
// f may change the evidence; map entries (budget, expenditure detail) are
// written back.
func (r *Report) EachEvidence(f func(figure, label string, e *Evidence)) {
	one := func(figure, label string, e *Evidence) {
		if e != nil {
			f(figure, label, e)
		}
	}
	one("unit", r.Unit.Name, r.Unit.Evidence)
	one("staffing", "", r.Staffing.Evidence)
	one("score.total", "", r.Score.Evidence)
	for i := range r.Income {
		one("income", r.Income[i].Org, r.Income[i].Evidence)
	}
	for i := range r.Expenditure {
		one("expenditure", r.Expenditure[i].Org, r.Expenditure[i].Evidence)
	}
	for i := range r.ThreePublic {
		one("three_public", r.ThreePublic[i].Org, r.ThreePublic[i].Evidence)
	}
	for i := range r.FixedAssets {
		one("fixed_assets", r.FixedAssets[i].Org, r.FixedAssets[i].Evidence)
	}
	for i := range r.ExpenditureDetail.Projects {
		one("project", r.ExpenditureDetail.Projects[i].Name, r.ExpenditureDetail.Projects[i].Evidence)
	}
	for i := range r.Indicators {
		in := &r.Indicators[i]
		one("indicator", in.Code+" "+in.Name, in.Evidence)
	}
	for i := range r.Targets {
		one("target", r.Targets[i].Code, r.Targets[i].Evidence)
	}
	for i := range r.Metrics {
		one("metric", r.Metrics[i].Code, r.Metrics[i].Evidence)
	}
	for i := range r.Events {
		one("event", r.Events[i].Date+" "+r.Events[i].City, r.Events[i].Evidence)
	}
	for i := range r.Goals {
		one("goal", r.Goals[i].Label, r.Goals[i].Evidence)
	}
	for i := range r.Findings {
		one("finding", r.Findings[i].Rule, r.Findings[i].Evidence)
	}
	for _, m := range []struct {
		prefix string
		ev     map[string]Evidence
	}{{"budget.", r.Budget.Evidence}, {"expenditure_detail.", r.ExpenditureDetail.Evidence}} {
		for _, k := range sortedEvidenceKeys(m.ev) {
			e := m.ev[k]
			f(m.prefix+k, "", &e)
			m.ev[k] = e
		}
	}
}

func sortedEvidenceKeys(m map[string]Evidence) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
