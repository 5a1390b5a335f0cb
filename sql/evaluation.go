package sql

import (
	"context"
	gosql "database/sql"
	"errors"
	"fmt"
	"strings"

	"jixiao/report"
)

// Evaluation is one loaded document as the report contract (DESIGN §4) — read
// back from the warehouse, the inverse of itemRows and documentRow — with the
// computed values and findings the views give it, plus where it stands.
type Evaluation struct {
	EvaluationID int64
	Region       string
	// Current is false for a document a later version superseded.
	Current bool
	Report  report.Report
}

// Evaluation reads document id inside the scope; ErrNotFound when there is
// no such document or it lies outside the scope (which must not be revealed).
func (w *DB) Evaluation(ctx context.Context, id int64, s Scope) (*Evaluation, error) {
	cond, args := documentScope(s)
	var (
		ev                                       Evaluation
		sha, file, format, parserVersion         string
		enc, unitName, canonical, region, parent *string
		scheme, contactName, contactPhone, grade *string
		scoreText                                *string
		year, scoreBlock                         *int32
		superseded                               *int64
		missing                                  any
		staff                                    [2]*float64
		budget                                   [12]*float64
		detail                                   [4]*float64
		total                                    *float64
	)
	r := &ev.Report
	dest := []any{&sha, &file, &format, &enc, &parserVersion, &unitName, &canonical, &region, &parent, &year, &scheme,
		&superseded, &contactName, &contactPhone, &missing, &staff[0], &staff[1]}
	for i := range budget {
		dest = append(dest, &budget[i])
	}
	for i := range detail {
		dest = append(dest, &detail[i])
	}
	dest = append(dest, &total, &grade, &scoreText, &scoreBlock)
	err := w.db.QueryRowContext(ctx, `SELECT d.sha256, d.file_name, d.format, d.encoding, d.parser_version,
		d.unit_name, u.canonical_name, coalesce(u.region, d.region), u.parent, d.fiscal_year, d.scheme, d.superseded_by,
		d.contact_name, d.contact_phone, d.missing, d.staff_authorized, d.staff_actual,
		d.budget_carryover, d.budget_initial, d.budget_supplementary, d.budget_year_end_balance, d.budget_adjustment,
		d.budget_public_use_budget, d.budget_public_use_actual, d.budget_three_public_budget, d.budget_three_public_actual,
		d.budget_three_public_budget_prev, d.budget_procurement_budget, d.budget_procurement_actual,
		d.detail_wages_welfare, d.detail_goods_services, d.detail_family_subsidies, d.detail_capital_other,
		d.score_total, d.score_grade, d.score_evidence_text, d.score_evidence_block
		FROM documents d LEFT JOIN units u ON u.unit_id = d.unit_id
		WHERE d.document_id = ? AND `+cond, append([]any{id}, args...)...).Scan(dest...)
	if errors.Is(err, gosql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("evaluation %d: %w", id, err)
	}
	ev.EvaluationID, ev.Current = id, superseded == nil
	r.Source = report.Source{File: file, SHA256: sha, Format: format, Encoding: str(enc), ParserVersion: parserVersion}
	r.Unit = report.Unit{Name: str(unitName), CanonicalName: str(canonical), Region: str(region), Parent: str(parent)}
	ev.Region = r.Unit.Region
	if year != nil {
		r.FiscalYear = int(*year)
	}
	r.Scheme = str(scheme)
	r.Contact = report.Contact{Name: str(contactName), Phone: str(contactPhone)}
	r.Staffing = report.Staffing{Authorized: staff[0], Actual: staff[1]}
	b := &r.Budget
	for i, p := range []**float64{&b.Carryover, &b.Initial, &b.Supplementary, &b.YearEndBalance, &b.Adjustment,
		&b.PublicUseBudget, &b.PublicUseActual, &b.ThreePublicBudget, &b.ThreePublicActual, &b.ThreePublicBudgetPrev,
		&b.ProcurementBudget, &b.ProcurementActual} {
		*p = budget[i]
	}
	x := &r.ExpenditureDetail
	x.WagesWelfare, x.GoodsServices, x.FamilySubsidies, x.CapitalOther = detail[0], detail[1], detail[2], detail[3]
	x.Projects = []report.ProjectLine{}
	r.Score = report.Score{Total: total, Grade: str(grade), ByLevel1: map[string]float64{}}
	if scoreText != nil || scoreBlock != nil {
		r.Score.Evidence = &report.Evidence{Text: str(scoreText)}
		if scoreBlock != nil {
			r.Score.Evidence.Block = int(*scoreBlock)
		}
	}
	r.Missing = stringList(missing)
	r.Income, r.Expenditure, r.ThreePublic, r.FixedAssets = []report.IncomeRow{}, []report.ExpenditureRow{}, []report.ThreePublicRow{}, []report.FixedAssetRow{}
	r.Indicators, r.Targets, r.Metrics, r.Events = []report.Indicator{}, []report.Target{}, []report.Metric{}, []report.Event{}
	r.Evaluators, r.Goals = []report.Evaluator{}, []report.Goal{}
	if err := w.readExtraction(ctx, id, r); err != nil {
		return nil, err
	}
	if err := w.readItems(ctx, id, r); err != nil {
		return nil, err
	}
	if err := w.Annotate(ctx, id, r); err != nil {
		return nil, err
	}
	return &ev, nil
}

// readItems fills the report's lists from its report_items rows.
func (w *DB) readItems(ctx context.Context, id int64, r *report.Report) error {
	rows, err := w.db.QueryContext(ctx, `SELECT kind, code, name, text, level1, level2, unit, s1, s2, s3,
		n1, n2, n3, n4, n5, n6, n7, flag, evidence_text, evidence_block, evidence_row
		FROM report_items WHERE document_id = ? ORDER BY kind, ord`, id)
	if err != nil {
		return fmt.Errorf("evaluation %d: items: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			kind                                               string
			code, name, text, level1, level2, unit, s1, s2, s3 *string
			n                                                  [7]*float64
			flag                                               *bool
			evText                                             *string
			evBlock, evRow                                     *int32
		)
		if err := rows.Scan(&kind, &code, &name, &text, &level1, &level2, &unit, &s1, &s2, &s3,
			&n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &n[6], &flag, &evText, &evBlock, &evRow); err != nil {
			return fmt.Errorf("evaluation %d: items: %w", id, err)
		}
		var ev *report.Evidence
		if evText != nil || evBlock != nil {
			ev = &report.Evidence{Text: str(evText)}
			if evBlock != nil {
				ev.Block = int(*evBlock)
			}
			if evRow != nil {
				row := int(*evRow)
				ev.Row = &row
			}
		}
		switch kind {
		case "income":
			r.Income = append(r.Income, report.IncomeRow{Org: str(name), Total: n[0], Carryover: n[1], FiscalAppropriation: n[2],
				GovFund: n[3], SpecialAccountNontax: n[4], Other: n[5], Evidence: ev})
		case "expenditure":
			r.Expenditure = append(r.Expenditure, report.ExpenditureRow{Org: str(name), Total: n[0], Basic: n[1], Personnel: n[2],
				PublicUse: n[3], Project: n[4], BalanceCurrent: n[5], BalanceCumulative: n[6], Evidence: ev})
		case "three_public":
			r.ThreePublic = append(r.ThreePublic, report.ThreePublicRow{Org: str(name), Total: n[0], Reception: n[1],
				VehicleOperation: n[2], VehiclePurchase: n[3], Overseas: n[4], Evidence: ev})
		case "fixed_assets":
			r.FixedAssets = append(r.FixedAssets, report.FixedAssetRow{Org: str(name), Total: n[0], InUse: n[1], Leased: n[2], Other: n[3], Evidence: ev})
		case "indicator":
			r.Indicators = append(r.Indicators, report.Indicator{Code: str(code), Name: str(name), Formula: str(text),
				Level1: str(level1), Level2: str(level2), MaxPoints: n[0], DeclaredValue: n[1], DeclaredScore: n[2],
				WrittenValue: n[3], InScheme: flag != nil && *flag, Evidence: ev})
		case "level_score":
			if n[0] != nil {
				r.Score.ByLevel1[str(name)] = *n[0]
				if ev != nil {
					if r.Score.ByLevel1Evidence == nil {
						r.Score.ByLevel1Evidence = map[string]report.Evidence{}
					}
					r.Score.ByLevel1Evidence[str(name)] = *ev
				}
			}
		case "grade_band":
			if n[0] != nil {
				r.Score.GradeBands = append(r.Score.GradeBands, report.GradeBand{Grade: str(name), Min: *n[0], Evidence: ev})
			}
		case "project":
			r.ExpenditureDetail.Projects = append(r.ExpenditureDetail.Projects, report.ProjectLine{Name: str(name), Amount: n[0], Evidence: ev})
		case "metric":
			r.Metrics = append(r.Metrics, report.Metric{Code: str(code), Value: n[0], Unit: str(unit), Qualifier: str(s1),
				Text: str(text), Period: str(s2), Evidence: ev})
		case "target":
			r.Targets = append(r.Targets, report.Target{Code: str(code), Text: str(text), TargetValue: n[0], Unit: str(unit),
				Comparator: str(s1), Evidence: ev})
		case "event":
			r.Events = append(r.Events, report.Event{Name: str(name), Date: str(s1), City: str(s2), ProjectsReleased: n[0],
				AmountReleased: n[1], ProjectsSigned: n[2], AmountSigned: n[3], Evidence: ev})
		case "goal":
			r.Goals = append(r.Goals, report.Goal{Kind: str(s1), Category: str(s2), Label: str(name), Target: str(text),
				Actual: str(s3), Evidence: ev})
		case "evaluator":
			r.Evaluators = append(r.Evaluators, report.Evaluator{Name: str(name), Title: str(s1), Unit: str(s2)})
		case "evidence":
			if ev == nil {
				continue
			}
			field, key, _ := strings.Cut(str(code), ".")
			switch field {
			case "budget":
				if r.Budget.Evidence == nil {
					r.Budget.Evidence = map[string]report.Evidence{}
				}
				r.Budget.Evidence[key] = *ev
			case "expenditure_detail":
				if r.ExpenditureDetail.Evidence == nil {
					r.ExpenditureDetail.Evidence = map[string]report.Evidence{}
				}
				r.ExpenditureDetail.Evidence[key] = *ev
			}
		}
	}
	return rows.Err()
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
