package api

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	warehouse "jixiao/sql"
)

// Read resources (DESIGN §9): units, years, evaluations, indicators, trends,
// targets, findings, coverage. Each listing is one sql.Resource: its filters
// become query parameters, its sortable columns the allowed sort keys, and
// the caller's scope is applied by the warehouse in SQL.

// Year bounds for year parameters: a year outside them is a typo, not a filter.
const (
	minYear = 2000
	maxYear = 2100
)

// Paging limits.
const (
	defaultPerPage = 100
	maxPerPage     = 1000
)

// listParams are the query parameters of a listing route.
func listParams(r *warehouse.Resource) []string {
	var out []string
	for _, f := range r.Filters {
		if f.Param != "measure" {
			out = append(out, f.Param)
		}
	}
	return append(out, "page", "per_page", "sort")
}

// sqlScope is the principal's scope as the warehouse takes it.
func sqlScope(p Principal) warehouse.Scope {
	return warehouse.Scope{Region: p.Scope.Region, Unit: p.Scope.Unit}
}

// listHandler answers one page of r, cached per data version.
func (s *Server) listHandler(r *warehouse.Resource) fiber.Handler {
	return func(c *fiber.Ctx) error {
		q, err := s.listQuery(c, r)
		if err != nil {
			return err
		}
		if m := c.Params("measure"); m != "" {
			if err := s.checkMeasure(c, m); err != nil {
				return err
			}
			q.Filters["measure"] = m
		}
		return s.cachedJSON(c, false, func(ctx context.Context) (any, error) {
			return s.wh.List(ctx, r, q)
		})
	}
}

// listQuery reads filters, sort and page of r from the request, checking each
// against the resource and the caller's scope.
func (s *Server) listQuery(c *fiber.Ctx, r *warehouse.Resource) (warehouse.ListQuery, error) {
	p := PrincipalOf(c)
	q := warehouse.ListQuery{Scope: sqlScope(p), Filters: map[string]any{}}
	for _, f := range r.Filters {
		raw := c.Query(f.Param)
		if raw == "" || f.Param == "measure" {
			continue
		}
		if f.Type == "integer" {
			v, err := QueryInt(c, f.Param, 0, minYear, maxYear)
			if err != nil {
				return q, err
			}
			q.Filters[f.Param] = v
			continue
		}
		v, err := textParam(f.Param, raw)
		if err != nil {
			return q, err
		}
		q.Filters[f.Param] = v
	}
	if err := yearOrder(q.Filters["from"], q.Filters["to"]); err != nil {
		return q, err
	}
	if err := s.checkScope(c.UserContext(), p.Scope, str(q.Filters["unit"]), str(q.Filters["region"])); err != nil {
		return q, err
	}
	if err := checkEnum(q.Filters, "severity", "error", "warning", "info"); err != nil {
		return q, err
	}
	if err := checkEnum(q.Filters, "status", "present", "missing"); err != nil {
		return q, err
	}
	var err error
	if q.Sort, err = sortKeys(r, c.Query("sort")); err != nil {
		return q, err
	}
	if q.Page, err = QueryInt(c, "page", 1, 1, 1_000_000); err != nil {
		return q, err
	}
	if q.PerPage, err = QueryInt(c, "per_page", defaultPerPage, 1, maxPerPage); err != nil {
		return q, err
	}
	return q, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// textParam checks a free-text parameter: valid UTF-8 of sane length.
func textParam(name, raw string) (string, error) {
	v := strings.TrimSpace(raw)
	if !utf8.ValidString(v) || utf8.RuneCountInString(v) > 100 || v == "" {
		return "", BadRequest("查询参数 %s 的值无效（应为 1–100 个字符的文字）", name)
	}
	return v, nil
}

func yearOrder(from, to any) error {
	f, okF := from.(int)
	t, okT := to.(int)
	if okF && okT && f > t {
		return BadRequest("起始年度 from=%d 晚于截止年度 to=%d", f, t)
	}
	return nil
}

func checkEnum(filters map[string]any, name string, allowed ...string) error {
	v, ok := filters[name].(string)
	if ok && !slices.Contains(allowed, v) {
		return BadRequest("查询参数 %s=%q 无效（可用：%s）", name, v, strings.Join(allowed, "、"))
	}
	return nil
}

// sortKeys reads sort=col,-col against the resource's sortable columns.
func sortKeys(r *warehouse.Resource, raw string) ([]warehouse.SortKey, error) {
	if raw == "" {
		return nil, nil
	}
	var allowed []string
	for _, c := range r.Cols {
		if c.Sort {
			allowed = append(allowed, c.Name)
		}
	}
	var out []warehouse.SortKey
	for _, part := range strings.Split(raw, ",") {
		part = strings.TrimSpace(part)
		k := warehouse.SortKey{Col: strings.TrimPrefix(part, "-"), Desc: strings.HasPrefix(part, "-")}
		if !slices.Contains(allowed, k.Col) {
			return nil, BadRequest("不能按 %q 排序（可用：%s；降序在列名前加“-”，如 -%s）",
				part, strings.Join(allowed, "、"), allowed[0])
		}
		out = append(out, k)
	}
	if len(out) > 3 {
		return nil, BadRequest("排序最多 3 列")
	}
	return out, nil
}

// checkScope refuses a unit or region filter outside the caller's scope with
// 403 instead of answering an empty list that looks like "no data".
func (s *Server) checkScope(ctx context.Context, sc Scope, unit, region string) error {
	if sc.All() {
		return nil
	}
	if region != "" {
		if sc.Region != "" && region != sc.Region {
			return Forbidden("您的令牌只能查看 %s 的数据，不能查看 %s", sc.Region, region)
		}
		if sc.Unit != "" {
			r, _, err := s.wh.UnitRegion(ctx, sc.Unit)
			if err != nil {
				return err
			}
			if r != region {
				return Forbidden("您的令牌只能查看 %s 的数据", sc.Unit)
			}
		}
	}
	if unit != "" {
		if sc.Unit != "" && unit != sc.Unit {
			return Forbidden("您的令牌只能查看 %s 的数据", sc.Unit)
		}
		if sc.Region != "" {
			r, ok, err := s.wh.UnitRegion(ctx, unit)
			if err != nil {
				return err
			}
			if ok && r != sc.Region {
				return Forbidden("您的令牌只能查看 %s 的数据", sc.Region)
			}
		}
	}
	return nil
}

// checkMeasure answers 404 for a measure v_trends does not know, saying where
// the valid ones are listed.
func (s *Server) checkMeasure(c *fiber.Ctx, m string) error {
	v, err := s.cached(c.UserContext(), answerKey("measures", "", PrincipalOf(c).Scope, nil), func(ctx context.Context) (any, error) {
		return s.wh.Measures(ctx, sqlScope(PrincipalOf(c)))
	})
	if err != nil {
		return err
	}
	rows := v.([]warehouse.Row)
	var some []string
	for _, r := range rows {
		if r.Get("measure") == m {
			return nil
		}
		if len(some) < 5 {
			some = append(some, str(r.Get("measure"))+"（"+str(r.Get("label"))+"）")
		}
	}
	if len(some) == 0 {
		return NotFound("没有名为 %q 的指标：仓库中还没有可用的指标数据", m)
	}
	return NotFound("没有名为 %q 的指标。可用的指标代码请查询 GET /api/v1/measures，例如：%s", m, strings.Join(some, "、"))
}

// listMeasures is GET /measures: every measure code with its label and unit.
func (s *Server) listMeasures(c *fiber.Ctx) error {
	return s.cachedJSON(c, false, func(ctx context.Context) (any, error) {
		rows, err := s.wh.Measures(ctx, sqlScope(PrincipalOf(c)))
		return itemsOf(rows), err
	})
}

// listYears is GET /years.
func (s *Server) listYears(c *fiber.Ctx) error {
	return s.cachedJSON(c, false, func(ctx context.Context) (any, error) {
		rows, err := s.wh.Years(ctx, sqlScope(PrincipalOf(c)))
		return itemsOf(rows), err
	})
}

// items is a short list answered whole.
type items struct {
	Items []warehouse.Row `json:"items"`
}

func itemsOf(rows []warehouse.Row) items { return items{Items: rows} }

// getEvaluation is GET /evaluations/:id: the full report contract of one
// document with evidence, computed values and findings. A document outside
// the caller's scope answers 404, like one that does not exist, so a scoped
// token cannot probe which ids exist elsewhere.
func (s *Server) getEvaluation(c *fiber.Ctx) error {
	id, err := ParamID(c, "id")
	if err != nil {
		return err
	}
	p := PrincipalOf(c)
	return s.cachedJSON(c, true, func(ctx context.Context) (any, error) {
		ev, err := s.wh.Evaluation(ctx, id, sqlScope(p))
		if errors.Is(err, warehouse.ErrNotFound) {
			return nil, NotFound("没有编号为 %d 的自评报告（或不在您的查看范围内）", id)
		}
		if err != nil {
			return nil, err
		}
		if !p.SeesPhones() {
			ev.Report.Contact.Phone = MaskPhone(ev.Report.Contact.Phone)
		}
		return evaluationBody(ev)
	})
}

// getReuse is GET /evaluations/:id/reuse: the copied passages of one current
// evaluation (v_reuse, v_reuse_passages). Out of scope answers 404 like
// getEvaluation; a source report outside the scope is given by its share only.
func (s *Server) getReuse(c *fiber.Ctx) error {
	id, err := ParamID(c, "id")
	if err != nil {
		return err
	}
	p := PrincipalOf(c)
	return s.cachedJSON(c, true, func(ctx context.Context) (any, error) {
		r, err := s.wh.EvaluationReuse(ctx, id, sqlScope(p))
		if errors.Is(err, warehouse.ErrNotFound) {
			return nil, NotFound("没有编号为 %d 的当前有效自评报告（或不在您的查看范围内）", id)
		}
		return r, err
	})
}

// evaluationBody is the report contract object with the evaluation's id and
// whether it is the current document of its unit-year in front.
func evaluationBody(ev *warehouse.Evaluation) (rawJSON, error) {
	b, err := marshalJSON(ev.Report)
	if err != nil {
		return nil, err
	}
	head := `{"evaluation_id":` + strconv.FormatInt(ev.EvaluationID, 10) + `,"current":` + strconv.FormatBool(ev.Current) + `,`
	return rawJSON(head + string(b[1:])), nil
}
