package sql

import (
	"context"
	gosql "database/sql"
	"errors"
	"fmt"
)

// The API's read resources over the documented views (sql/views/README.md).
// Each column's title is what the OpenAPI document and the dashboards' data
// tables show.
var (
	// Evaluations is GET /evaluations: one row per current unit-year.
	Evaluations = &Resource{
		Name: "evaluations", From: "v_evaluations",
		Cols: []Col{
			{Name: "evaluation_id", Type: "integer", Title: "自评报告编号", Sort: true},
			{Name: "unit", Type: "string", Title: "单位（规范名称）", Sort: true},
			{Name: "unit_name_in_report", Type: "string", Title: "报告中的单位名称"},
			{Name: "region", Type: "string", Title: "地区", Sort: true},
			{Name: "fiscal_year", Type: "integer", Title: "年度", Sort: true},
			{Name: "scheme", Type: "string", Title: "评分方案"},
			{Name: "total_score", Type: "number", Title: "自评总分", Sort: true},
			{Name: "grade", Type: "string", Title: "评价等次", Sort: true},
			{Name: "staff_authorized", Type: "number", Title: "编制数"},
			{Name: "staff_actual", Type: "number", Title: "实有人数"},
			{Name: "file_name", Type: "string", Title: "文件名"},
			{Name: "format", Type: "string", Title: "文件格式"},
			{Name: "loaded_at", Type: "string", Title: "入库时间", Sort: true},
			{Name: "document_type", Type: "string", Title: "文件类型（department 部门整体支出绩效自评报告 / final_accounts 决算公开中的自评部分）"},
		},
		Filters: []Filter{filterUnit, filterRegion, filterYear,
			{Param: "grade", Cond: "grade = ?", Type: "string", Title: "评价等次（优、良、较差、差）"}},
		Order: "unit, fiscal_year, evaluation_id",
	}

	// Indicators is GET /indicators: every scored indicator, declared beside recomputed.
	Indicators = &Resource{
		Name: "indicators", From: "v_indicator_scores",
		Cols: []Col{
			{Name: "evaluation_id", Type: "integer", Title: "自评报告编号", Sort: true},
			{Name: "unit", Type: "string", Title: "单位", Sort: true},
			{Name: "fiscal_year", Type: "integer", Title: "年度", Sort: true},
			{Name: "code", Type: "string", Title: "指标代码", Sort: true},
			{Name: "name", Type: "string", Title: "指标名称"},
			{Name: "level1", Type: "string", Title: "一级指标"},
			{Name: "level2", Type: "string", Title: "二级指标"},
			{Name: "max_points", Type: "number", Title: "分值"},
			{Name: "declared_value", Type: "number", Title: "自报指标值"},
			{Name: "computed_value", Type: "number", Title: "重算指标值"},
			{Name: "written_value", Type: "number", Title: "按报告算式计算的值"},
			{Name: "declared_score", Type: "number", Title: "自评得分", Sort: true},
			{Name: "computed_score", Type: "number", Title: "重算得分", Sort: true},
			{Name: "score_for_declared_value", Type: "number", Title: "按自报值应得分"},
			{Name: "final_score", Type: "number", Title: "认定得分"},
			{Name: "score_basis", Type: "string", Title: "评分规则类型"},
			{Name: "evidence_text", Type: "string", Title: "出处原文"},
		},
		Filters: []Filter{filterUnit, filterRegion, filterYear, filterFrom, filterTo,
			{Param: "code", Cond: "code = ?", Type: "string", Title: "指标代码"}},
		Order: "unit, fiscal_year, evaluation_id, code",
	}

	// Trends is GET /trends/{measure}: value, previous year, Δ and Δ% per unit and year.
	Trends = &Resource{
		Name: "trends", From: "v_trends",
		Cols: []Col{
			{Name: "unit", Type: "string", Title: "单位（“全州合计”为全州汇总）", Sort: true},
			{Name: "measure", Type: "string", Title: "指标代码"},
			{Name: "label", Type: "string", Title: "指标名称"},
			{Name: "measure_unit", Type: "string", Title: "计量单位"},
			{Name: "fiscal_year", Type: "integer", Title: "年度", Sort: true},
			{Name: "value", Type: "number", Title: "本年值", Sort: true},
			{Name: "prev_value", Type: "number", Title: "上年值"},
			{Name: "delta", Type: "number", Title: "增减额"},
			{Name: "delta_pct", Type: "number", Title: "同比增减（%）", Sort: true},
		},
		Filters: []Filter{
			{Param: "measure", Cond: "measure = ?", Type: "string", Title: "指标代码"},
			filterUnit, filterRegion, filterFrom, filterTo},
		Order: "unit = '全州合计', unit, fiscal_year",
	}

	// Targets is GET /targets: declared targets against the report's actuals.
	Targets = &Resource{
		Name: "targets", From: "v_targets",
		Cols: []Col{
			{Name: "evaluation_id", Type: "integer", Title: "自评报告编号"},
			{Name: "unit", Type: "string", Title: "单位", Sort: true},
			{Name: "fiscal_year", Type: "integer", Title: "年度", Sort: true},
			{Name: "code", Type: "string", Title: "目标代码", Sort: true},
			{Name: "text", Type: "string", Title: "目标原文"},
			{Name: "target_value", Type: "number", Title: "目标值"},
			{Name: "target_unit", Type: "string", Title: "计量单位"},
			{Name: "comparator", Type: "string", Title: "比较方式"},
			{Name: "actual_value", Type: "number", Title: "实际值"},
			{Name: "actual_text", Type: "string", Title: "实际值原文"},
			{Name: "attainment_pct", Type: "number", Title: "完成率（%）", Sort: true},
			{Name: "met", Type: "boolean", Title: "是否达标"},
		},
		Filters: []Filter{filterYear, filterUnit, filterRegion},
		Order:   "unit, fiscal_year, code, evaluation_id",
	}

	// Findings is GET /findings: data-quality and spot-check findings.
	Findings = &Resource{
		Name: "findings", From: "v_findings",
		Cols: []Col{
			{Name: "evaluation_id", Type: "integer", Title: "自评报告编号"},
			{Name: "unit", Type: "string", Title: "单位", Sort: true},
			{Name: "fiscal_year", Type: "integer", Title: "年度", Sort: true},
			{Name: "rule", Type: "string", Title: "规则", Sort: true},
			{Name: "severity", Type: "string", Title: "严重程度（error 错误 / warning 警告 / info 提示）", Sort: true},
			{Name: "message", Type: "string", Title: "问题说明"},
			{Name: "expected", Type: "string", Title: "应为"},
			{Name: "found", Type: "string", Title: "实为"},
			{Name: "evidence_text", Type: "string", Title: "出处原文"},
			{Name: "evidence_block", Type: "integer", Title: "出处段落序号"},
			{Name: "related_evaluation_id", Type: "integer", Title: "对照的另一份自评报告编号（跨年度、跨单位比对的问题）"},
		},
		Filters: []Filter{filterUnit, filterRegion, filterYear,
			{Param: "severity", Cond: "severity = ?", Type: "string", Title: "严重程度：error、warning 或 info"},
			{Param: "rule", Cond: "rule = ?", Type: "string", Title: "规则代码（见 sql/views/README.md）"}},
		Order: "CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, unit, fiscal_year, rule, evidence_block NULLS LAST, message",
	}

	// Coverage is GET /coverage: the unit × year matrix of present and missing reports.
	Coverage = &Resource{
		Name: "coverage", From: "v_coverage",
		Cols: []Col{
			{Name: "unit", Type: "string", Title: "单位", Sort: true},
			{Name: "fiscal_year", Type: "integer", Title: "年度", Sort: true},
			{Name: "status", Type: "string", Title: "状态（present 已报 / missing 缺报）", Sort: true},
			{Name: "evaluation_id", Type: "integer", Title: "自评报告编号"},
			{Name: "file_name", Type: "string", Title: "文件名"},
			{Name: "superseded_versions", Type: "integer", Title: "被替换的旧版本数"},
		},
		Filters: []Filter{filterUnit, filterRegion, filterYear,
			{Param: "status", Cond: "status = ?", Type: "string", Title: "present 或 missing"}},
		Order: "unit, fiscal_year",
	}

	// UnitList is GET /units: canonical name, region and the years present.
	UnitList = &Resource{
		Name: "units",
		From: `(SELECT u.canonical_name AS unit, u.region, u.parent,
		          list(e.fiscal_year ORDER BY e.fiscal_year) FILTER (WHERE e.fiscal_year IS NOT NULL) AS years,
		          count(e.fiscal_year) AS reports
		       FROM units u LEFT JOIN evaluations e ON e.unit_id = u.unit_id
		       GROUP BY ALL) AS u`,
		Cols: []Col{
			{Name: "unit", Type: "string", Title: "单位（规范名称）", Sort: true},
			{Name: "region", Type: "string", Title: "地区", Sort: true},
			{Name: "parent", Type: "string", Title: "上级单位"},
			{Name: "years", Type: "array", Title: "有自评报告的年度"},
			{Name: "reports", Type: "integer", Title: "自评报告数", Sort: true},
		},
		Filters: []Filter{filterRegion},
		Order:   "unit",
	}

	// YearList is GET /years (columns only: Years answers it).
	YearList = &Resource{
		Name: "years",
		Cols: []Col{
			{Name: "fiscal_year", Type: "integer", Title: "年度", Sort: true},
			{Name: "reports", Type: "integer", Title: "自评报告数"},
		},
	}
)

// Years lists the fiscal years with a current evaluation inside the scope.
func (w *DB) Years(ctx context.Context, s Scope) ([]Row, error) {
	cond, args := scopeCond(s, "unit")
	q := fmt.Sprintf("SELECT fiscal_year, count(*) AS reports FROM v_evaluations WHERE %s GROUP BY fiscal_year ORDER BY fiscal_year", cond)
	out := []Row{}
	_, err := w.scanRows(ctx, q, args, func(v []any) { out = append(out, newRow(YearList.Cols, v)) })
	if err != nil {
		return nil, fmt.Errorf("years: %w", err)
	}
	return out, nil
}

// Measures lists the measure codes v_trends knows inside the scope, with
// their Chinese labels (for the 404 of an unknown measure and the API docs).
func (w *DB) Measures(ctx context.Context, s Scope) ([]Row, error) {
	cond, args := scopeCond(s, "unit")
	cols := []Col{{Name: "measure", Type: "string"}, {Name: "label", Type: "string"}, {Name: "measure_unit", Type: "string"}}
	q := fmt.Sprintf("SELECT measure, any_value(label), any_value(measure_unit) FROM v_measures WHERE %s GROUP BY measure ORDER BY measure", cond)
	out := []Row{}
	if _, err := w.scanRows(ctx, q, args, func(v []any) { out = append(out, newRow(cols, v)) }); err != nil {
		return nil, fmt.Errorf("measures: %w", err)
	}
	return out, nil
}

// UnitRegion tells whether a unit of that canonical name exists and its region.
func (w *DB) UnitRegion(ctx context.Context, unit string) (region string, ok bool, err error) {
	var r *string
	err = w.db.QueryRowContext(ctx, `SELECT region FROM units WHERE canonical_name = ?`, unit).Scan(&r)
	if err != nil {
		if errors.Is(err, gosql.ErrNoRows) {
			return "", false, nil
		}
		return "", false, fmt.Errorf("unit %s: %w", unit, err)
	}
	if r != nil {
		region = *r
	}
	return region, true, nil
}
