package parse

import (
	"fmt"
	"strings"

	"jixiao/etl/extract"
	"jixiao/report"
)

// layoutRead is what the layout readers found in one document.
type layoutRead struct {
	figures []layoutFigure
	cover   coverFacts
	// budget holds the budget figures by report.Budget JSON name, for
	// budget() to take where the narrative states none.
	budget map[string]layoutFigure
}

// maxSingleBytes bounds an item the single-item reader looks at: labels and
// values are short, and prose lines are skipped without further work.
const maxSingleBytes = 64

// readLayouts runs the layout readers over the document in reading order:
// header rows with their values, runs of single labels and values, then
// key–value lines. Rows of the standard form are left to readForm.
func (p *parser) readLayouts(doc *extract.Document, gs [][]gridRow) layoutRead {
	items := p.layoutItems(doc, gs)
	var lr layoutRead
	for i := 0; i < len(items); i++ {
		it := items[i]
		if it.form {
			continue
		}
		if s, one := it.single(); one {
			if len(s) <= maxSingleBytes {
				i = p.readSingles(items, i, &lr.figures, &lr.cover)
			}
			continue
		}
		p.coverPairs(it, &lr.cover)
		p.coverUnitPair(it, &lr.cover)
		if j := p.readHeaderValues(items, i, &lr.figures); j > i {
			i = j
			continue
		}
		if j := p.readMatrix(items, i, &lr.figures); j > i {
			i = j
			continue
		}
		if !it.table {
			// Table rows of label/value pairs are the form's (contactAndStaffing).
			p.readPairs(it, &lr.figures)
		}
	}
	p.readStreams(&lr.figures)
	p.readKeyValues(&lr.figures, &lr.cover)
	p.readGluedScores(&lr.cover)
	p.readSplitScores(&lr.cover)
	return lr
}

// applyLayouts fills what the form left empty with the layout figures of the
// fiscal year: staffing, a summary row (Org 合计) of each table, and the
// budget figures (kept for budget()). The first statement of a figure wins;
// a later one with another value is a same_quantity_two_values finding. A
// figure whose label names another year ("2018年决算数" in a 2019 report) is
// not this year's and is skipped.
// It reports whether it filled anything.
func (p *parser) applyLayouts(lr *layoutRead) bool {
	first := map[string]layoutFigure{}
	var order []string
	for _, f := range lr.figures {
		if f.year != 0 && p.year != 0 && f.year != p.year {
			continue
		}
		prev, seen := first[f.field]
		if !seen {
			first[f.field] = f
			order = append(order, f.field)
			continue
		}
		if prev.value != f.value {
			p.finding(report.Finding{
				Rule:     "same_quantity_two_values",
				Severity: "warning",
				Message:  fmt.Sprintf("同一数据前后不一致：%s先写为%s，后又写为%s", f.label, fmtNum(prev.value), fmtNum(f.value)),
				Expected: fmtNum(prev.value),
				Found:    fmtNum(f.value),
				Evidence: f.ev,
			})
		}
	}
	r := p.rep
	get := func(field string) *float64 {
		if f, ok := first[field]; ok {
			v := f.value
			return &v
		}
		return nil
	}
	evOf := func(prefix string) *report.Evidence {
		for _, field := range order {
			if strings.HasPrefix(field, prefix) {
				return first[field].ev
			}
		}
		return nil
	}
	if r.Staffing.Authorized == nil {
		r.Staffing.Authorized = get(lfAuthorized)
	}
	if r.Staffing.Actual == nil {
		r.Staffing.Actual = get(lfActual)
	}
	if r.Staffing.Evidence == nil {
		if ev := evOf("staffing."); ev != nil {
			r.Staffing.Evidence = ev
		}
	}
	if ev := evOf("income."); ev != nil && len(r.Income) == 0 {
		r.Income = append(r.Income, report.IncomeRow{Org: narrativeOrg, Summary: true, Total: get("income.total"),
			Carryover: get("income.carryover"), FiscalAppropriation: get("income.fiscal_appropriation"),
			GovFund: get("income.gov_fund"), SpecialAccountNontax: get("income.special_account_nontax"),
			Other: get("income.other"), Evidence: ev})
	}
	if ev := evOf("expenditure."); ev != nil && len(r.Expenditure) == 0 {
		r.Expenditure = append(r.Expenditure, report.ExpenditureRow{Org: narrativeOrg, Summary: true, Total: get("expenditure.total"),
			Basic: get("expenditure.basic"), Personnel: get("expenditure.personnel"), PublicUse: get("expenditure.public_use"),
			Project: get("expenditure.project"), BalanceCurrent: get("expenditure.balance_current"),
			BalanceCumulative: get("expenditure.balance_cumulative"), Evidence: ev})
	}
	if ev := evOf("three_public."); ev != nil && len(r.ThreePublic) == 0 {
		total := get("three_public.total")
		if total == nil {
			// A matrix's 三公经费 row: its actual is the table's total.
			total = get("budget.three_public_actual")
		}
		r.ThreePublic = append(r.ThreePublic, report.ThreePublicRow{Org: narrativeOrg, Summary: true, Total: total,
			Reception: get("three_public.reception"), VehicleOperation: get("three_public.vehicle_operation"),
			VehiclePurchase: get("three_public.vehicle_purchase"), Overseas: get("three_public.overseas"), Evidence: ev})
	}
	lr.budget = map[string]layoutFigure{}
	for _, field := range order {
		if name, ok := strings.CutPrefix(field, "budget."); ok {
			lr.budget[name] = first[field]
		}
	}
	return len(order) > 0
}

// completeThreePublic gives the 三公 row the layout readers built from its
// parts the total the budget figures state (三公经费实际支出), when the row
// has none: both are the year's 三公 spending.
func (p *parser) completeThreePublic() {
	r := p.rep
	if len(r.ThreePublic) == 1 && r.ThreePublic[0].Org == narrativeOrg && r.ThreePublic[0].Total == nil && r.Budget.ThreePublicActual != nil {
		v := *r.Budget.ThreePublicActual
		r.ThreePublic[0].Total = &v
	}
}

// layoutBudget returns the layout readers' figure for a report.Budget field.
func (p *parser) layoutBudget(field string) (*float64, *report.Evidence) {
	if f, ok := p.layout.budget[field]; ok {
		v := f.value
		return &v, f.ev
	}
	return nil, nil
}
