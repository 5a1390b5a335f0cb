package sql

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// The yearly comparison (年度对比表, DESIGN §9 compare, §15 export): every
// indicator score and measure of each unit in the scope, one column per year,
// and for each year after the first its change against the year before it in
// the list (增减额, 增减率). It is built by one query over the current-evaluation
// views, so the figures are the ones every dashboard shows.

// CompareFilter selects the comparison's scope.
type CompareFilter struct {
	// Units are canonical unit names (v_evaluations.unit); empty means all.
	Units []string
	// Region keeps units of one region (v_evaluations.region); "" means all.
	Region string
	// Years are the fiscal years to compare, one column each (at least one).
	Years []int
}

// Column kinds of the comparison, for writers that format by kind.
const (
	KindText    = "text"    // 单位, 类别, 项目, 计量单位
	KindValue   = "value"   // a year's figure, in the row's 计量单位
	KindDelta   = "delta"   // change against the previous listed year, same unit
	KindPercent = "percent" // change in percent of the previous listed year's figure
)

// CompareColumn names a column of the comparison and says what it holds.
type CompareColumn struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// ErrBadFilter is returned for a comparison scope that cannot be answered.
var ErrBadFilter = errors.New("对比条件不正确")

// MaxCompareYears bounds the number of year columns.
const MaxCompareYears = 20

// Validate normalises the years (ascending, distinct) and checks the scope.
func (f *CompareFilter) Validate() error {
	if len(f.Years) == 0 {
		return fmt.Errorf("%w：请给出要对比的年度，如 2020,2021", ErrBadFilter)
	}
	ys := slices.Clone(f.Years)
	slices.Sort(ys)
	ys = slices.Compact(ys)
	if len(ys) > MaxCompareYears {
		return fmt.Errorf("%w：一次最多对比 %d 个年度", ErrBadFilter, MaxCompareYears)
	}
	for _, y := range ys {
		if y < 1990 || y > 2100 {
			return fmt.Errorf("%w：年度 %d 不在 1990–2100 之间", ErrBadFilter, y)
		}
	}
	f.Years = ys
	units := f.Units[:0:0]
	for _, u := range f.Units {
		if u = strings.TrimSpace(u); u != "" {
			units = append(units, u)
		}
	}
	f.Units = units
	f.Region = strings.TrimSpace(f.Region)
	return nil
}

// Title names the scope and the years, for a sheet's title row:
// "湘西州商务局 2020—2022年度绩效对比表".
func (f CompareFilter) Title() string {
	scope := "全部单位"
	switch {
	case len(f.Units) > 0:
		scope = strings.Join(f.Units, "、")
	case f.Region != "":
		scope = f.Region + "各单位"
	}
	years := ""
	if n := len(f.Years); n > 0 {
		years = fmt.Sprint(f.Years[0])
		if n == 2 {
			years += "、" + fmt.Sprint(f.Years[1])
		} else if n > 2 {
			years += "—" + fmt.Sprint(f.Years[n-1])
		}
	}
	return fmt.Sprintf("%s %s年度绩效对比表", scope, years)
}

// CompareColumns are the comparison's columns for years (ascending):
// 单位, 类别, 项目, 计量单位, then 2020年, 2021年, 2021年比2020年增减,
// 2021年比2020年增减率(%), ….
func CompareColumns(years []int) []CompareColumn {
	cols := []CompareColumn{{"单位", KindText}, {"类别", KindText}, {"项目", KindText}, {"计量单位", KindText}}
	for i, y := range years {
		cols = append(cols, CompareColumn{fmt.Sprintf("%d年", y), KindValue})
		if i > 0 {
			p := years[i-1]
			cols = append(cols, CompareColumn{fmt.Sprintf("%d年比%d年增减", y, p), KindDelta},
				CompareColumn{fmt.Sprintf("%d年比%d年增减率(%%)", y, p), KindPercent})
		}
	}
	return cols
}

// measureSections place the warehouse's measures in the sections and order of a
// 对比表: the overall result first, then money and staff from the forms; any
// other measure (the narrative's figures) follows under 主要业绩数据 by code.
var measureSections = []struct{ code, section string }{
	{"recomputed_score", "总体"}, {"findings", "总体"},
	{"income_total", "收支与资产"}, {"expenditure_total", "收支与资产"}, {"basic_expenditure", "收支与资产"},
	{"project_expenditure", "收支与资产"}, {"three_public_total", "收支与资产"}, {"fixed_assets_total", "收支与资产"},
	{"budget_completion_rate", "收支与资产"}, {"staff_authorized", "收支与资产"}, {"staff_actual", "收支与资产"},
	{"satisfaction_overall", "满意度"}, {"satisfaction_public", "满意度"}, {"satisfaction_service_target", "满意度"},
	{"satisfaction_staff", "满意度"},
}

// scopeWhere is the condition on v_evaluations selecting f's evaluations.
func scopeWhere(f CompareFilter) (string, []any) {
	var args []any
	where := []string{fmt.Sprintf("fiscal_year IN (%s)", joinInts(f.Years))}
	if len(f.Units) > 0 {
		where = append(where, "unit IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(f.Units)), ", ")+")")
		for _, u := range f.Units {
			args = append(args, u)
		}
	}
	if f.Region != "" {
		where = append(where, "region = ?")
		args = append(args, f.Region)
	}
	return strings.Join(where, " AND "), args
}

// compareQuery builds the comparison's SQL for f (validated) and its arguments.
// Years are integers checked by Validate, so they are written into the text.
func compareQuery(f CompareFilter) (string, []any) {
	where, args := scopeWhere(f)
	var order strings.Builder
	for i, m := range measureSections {
		if i > 0 {
			order.WriteString(", ")
		}
		fmt.Fprintf(&order, "('%s', '%s', %d)", m.code, m.section, i)
	}
	var cols strings.Builder
	for i, y := range f.Years {
		fmt.Fprintf(&cols, ",\n  y%d", y)
		if i > 0 {
			p := f.Years[i-1]
			fmt.Fprintf(&cols, ",\n  y%d - y%d", y, p)
			fmt.Fprintf(&cols, ",\n  CASE WHEN y%[2]d <> 0 THEN round((y%[1]d - y%[2]d)::DOUBLE / abs(y%[2]d)::DOUBLE * 100, 2) END", y, p)
		}
	}
	var pivot strings.Builder
	for _, y := range f.Years {
		fmt.Fprintf(&pivot, ",\n    max(value) FILTER (WHERE fiscal_year = %[1]d) AS y%[1]d", y)
	}
	q := `WITH ev AS (
  SELECT evaluation_id, unit_id, unit, fiscal_year, total_score FROM v_evaluations WHERE ` + where + `
), sections(code, section, ord) AS (VALUES ` + order.String() + `),
items AS (
  SELECT unit_id, unit, fiscal_year, 1 AS section_ord, '总体' AS section, -1 AS ord, 'total_score' AS code,
         '自评总分' AS item, '分' AS measure_unit, total_score::DECIMAL(18,4) AS value
  FROM ev
  UNION ALL
  SELECT ev.unit_id, ev.unit, ev.fiscal_year, 2, '指标得分', s.ind_order, s.code, s.name, '分',
         coalesce(s.computed_score, s.declared_score)::DECIMAL(18,4)
  FROM indicator_scores_all s JOIN ev ON ev.evaluation_id = s.document_id
  UNION ALL
  SELECT ev.unit_id, ev.unit, ev.fiscal_year,
         CASE coalesce(sec.section, '主要业绩数据') WHEN '总体' THEN 1 WHEN '收支与资产' THEN 3 WHEN '满意度' THEN 4 ELSE 5 END,
         coalesce(sec.section, '主要业绩数据'), coalesce(sec.ord, 1000), m.measure, m.label, m.measure_unit,
         TRY_CAST(m.value AS DECIMAL(18,4))
  FROM v_measures m JOIN ev ON ev.evaluation_id = m.evaluation_id
  LEFT JOIN sections sec ON sec.code = m.measure
  WHERE m.measure NOT IN ('total_score', 'findings')
  UNION ALL
  -- 发现问题数 counts v_findings, which holds the findings across reports
  -- (copied text, prior-year figures …) beside each document's own.
  SELECT ev.unit_id, ev.unit, ev.fiscal_year, 1, '总体', coalesce(any_value(sec.ord), 1000), 'findings',
         '发现问题数', '条', count(f.rule)::DECIMAL(18,4)
  FROM ev LEFT JOIN v_findings f ON f.evaluation_id = ev.evaluation_id
  LEFT JOIN sections sec ON sec.code = 'findings'
  GROUP BY ev.unit_id, ev.unit, ev.fiscal_year
), wide AS (
  SELECT i.unit_id, any_value(unit) AS unit, section_ord, section, code,
    -- a name may change between years (“三公经费”变动率 / 三公经费变动率): the latest year's
    arg_max(item, fiscal_year) AS item, arg_max(measure_unit, fiscal_year) AS measure_unit,
    min(ord) AS ord` + pivot.String() + `
  FROM items i GROUP BY i.unit_id, section_ord, section, code
)
SELECT unit, section, item, measure_unit` + cols.String() + `
FROM wide w
ORDER BY unit, section_ord, ord, code`
	return q, args
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}

// checkScope validates f and refuses a scope without evaluations, naming what
// is unknown: a unit no report names, a region, or years with no report.
func (w *DB) checkScope(ctx context.Context, f *CompareFilter) error {
	if err := f.Validate(); err != nil {
		return err
	}
	for _, u := range f.Units {
		var n int
		if err := w.db.QueryRowContext(ctx, `SELECT count(*) FROM v_evaluations WHERE unit = ?`, u).Scan(&n); err != nil {
			return fmt.Errorf("compare: %w", err)
		}
		if n == 0 {
			return fmt.Errorf("%w：仓库中没有单位“%s”的报告（单位名称请用 v_evaluations 中的 unit）", ErrBadFilter, u)
		}
	}
	if f.Region != "" {
		var n int
		if err := w.db.QueryRowContext(ctx, `SELECT count(*) FROM v_evaluations WHERE region = ?`, f.Region).Scan(&n); err != nil {
			return fmt.Errorf("compare: %w", err)
		}
		if n == 0 {
			return fmt.Errorf("%w：仓库中没有地区“%s”的报告", ErrBadFilter, f.Region)
		}
	}
	where, args := scopeWhere(*f)
	var n int
	if err := w.db.QueryRowContext(ctx, `SELECT count(*) FROM v_evaluations WHERE `+where, args...).Scan(&n); err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("%w：所选范围在 %s 年度没有报告", ErrBadFilter, joinInts(f.Years))
	}
	return nil
}

// Compare streams the comparison of f's scope: the columns CompareColumns(f.Years)
// names, one row per unit and item, DECIMAL figures exact. The caller closes the
// Rows. A filter that selects no evaluation gives no rows.
func (w *DB) Compare(ctx context.Context, f CompareFilter) (*Rows, error) {
	if err := w.checkScope(ctx, &f); err != nil {
		return nil, err
	}
	q, args := compareQuery(f)
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	rs, err := conn.QueryContext(ctx, q, args...)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("compare: %w", err)
	}
	rows, err := newRows(rs, 0)
	if err != nil {
		rs.Close()
		conn.Close()
		return nil, fmt.Errorf("compare: %w", err)
	}
	// The SQL's own column names are placeholders; these are the table's.
	for i, c := range CompareColumns(f.Years) {
		rows.names[i] = c.Name
	}
	rows.release = func() { conn.Close() }
	return rows, nil
}

// CompareParquet writes the comparison of f's scope to out as Parquet, typed
// (DECIMAL(18,4) figures, DOUBLE percentages) with the Chinese column names.
// DuckDB writes the file (COPY … TO a private temporary file, streamed to out
// and removed), so memory stays bounded whatever the size. It returns the bytes
// written.
func (w *DB) CompareParquet(ctx context.Context, out io.Writer, f CompareFilter) (int64, error) {
	if err := w.checkScope(ctx, &f); err != nil {
		return 0, err
	}
	dir, err := os.MkdirTemp("", "jixiao-compare-")
	if err != nil {
		return 0, fmt.Errorf("compare parquet: %w", err)
	}
	defer os.RemoveAll(dir)
	path := dir + "/compare.parquet"
	q, args := compareQuery(f)
	var names []string
	for _, c := range CompareColumns(f.Years) {
		names = append(names, `"`+strings.ReplaceAll(c.Name, `"`, `""`)+`"`)
	}
	copySQL := fmt.Sprintf("COPY (SELECT * FROM (%s) AS c(%s)) TO %s (FORMAT parquet, COMPRESSION zstd)",
		q, strings.Join(names, ", "), quoteLiteral(path))
	if _, err := w.db.ExecContext(ctx, copySQL, args...); err != nil {
		return 0, fmt.Errorf("compare parquet: %w", err)
	}
	file, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("compare parquet: %w", err)
	}
	defer file.Close()
	n, err := io.Copy(out, file)
	if err != nil {
		return n, fmt.Errorf("compare parquet: %w", err)
	}
	return n, nil
}
