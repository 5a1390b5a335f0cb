package api

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	warehouse "jixiao/sql"
)

// dashboardSummary is one entry of GET /dashboards.
type dashboardSummary struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Filters     []string       `json:"filters"`
	Required    []string       `json:"required"`
	Panels      []panelSummary `json:"panels"`
}

type panelSummary struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Chart string `json:"chart"`
}

// dashboardBody is GET /dashboards/:id: the definition with every panel's data.
type dashboardBody struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Filters     map[string]any `json:"filters"`
	DataVersion int64          `json:"data_version"`
	Panels      []panelBody    `json:"panels"`
}

type panelBody struct {
	dashboards.Panel
	Columns []string `json:"columns"`
	Rows    [][]any  `json:"rows"`
	// Truncated is set when the panel had more than sql.PanelRowCap rows.
	Truncated bool `json:"truncated"`
}

// listDashboards is GET /dashboards.
func (s *Server) listDashboards(c *fiber.Ctx) error {
	out := []dashboardSummary{}
	for _, d := range s.dash.List() {
		ds := dashboardSummary{ID: d.ID, Title: d.Title, Description: d.Description, Filters: d.Filters,
			Required: append([]string{}, d.Required...)}
		for _, p := range d.Panels {
			ds.Panels = append(ds.Panels, panelSummary{ID: p.ID, Title: p.Title, Chart: p.Chart})
		}
		out = append(out, ds)
	}
	return c.JSON(struct {
		Items []dashboardSummary `json:"items"`
	}{out})
}

// getDashboard is GET /dashboards/:id with the dashboard's filters.
func (s *Server) getDashboard(c *fiber.Ctx) error {
	id := c.Params("id")
	d, ok := s.dash.Get(id)
	if !ok {
		var ids []string
		for _, x := range s.dash.List() {
			ids = append(ids, x.ID+"（"+x.Title+"）")
		}
		return NotFound("没有看板 %q（可用：%s）", id, strings.Join(ids, "、"))
	}
	p := PrincipalOf(c)
	f, applied, err := s.dashboardFilter(c, d)
	if err != nil {
		return err
	}
	return s.cachedJSON(c, false, func(ctx context.Context) (any, error) {
		return s.dashboardAnswer(ctx, d, sqlScope(p), f, applied)
	})
}

// dashboardAnswer runs every panel of d inside the scope and filters.
func (s *Server) dashboardAnswer(ctx context.Context, d *dashboards.Dashboard, sc warehouse.Scope, f warehouse.PanelFilter, applied map[string]any) (*dashboardBody, error) {
	if slices.Contains(d.Required, "unit") && f.Unit == "" {
		// 单位详情 without a unit shows the first unit the caller may see.
		u, err := s.firstUnit(ctx, sc)
		if err != nil {
			return nil, err
		}
		if u == "" {
			return nil, NotFound("您的查看范围内还没有任何单位的自评报告")
		}
		f.Unit, applied["unit"] = u, u
	}
	body := &dashboardBody{ID: d.ID, Title: d.Title, Description: d.Description, Filters: applied,
		DataVersion: s.dataVersion.Load(), Panels: make([]panelBody, len(d.Panels))}
	// The panels are independent queries: run side by side (DuckDB answers
	// each on its own connection), a dashboard costs its slowest panel rather
	// than the sum — 数据质量's nine panels read v_findings, v_reuse and
	// v_peer_outliers, each a few hundred milliseconds cold.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(d.Panels))
	sem := make(chan struct{}, panelWorkers)
	var wg sync.WaitGroup
	for i, panel := range d.Panels {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			start := time.Now()
			data, err := s.wh.Panel(ctx, panel.Query, sc, f)
			s.metrics.panelSeconds.WithLabelValues(d.ID, panel.ID).Observe(time.Since(start).Seconds())
			if err != nil {
				errs[i] = fmt.Errorf("panel %s/%s: %w", d.ID, panel.ID, err)
				cancel()
				return
			}
			body.Panels[i] = panelBody{Panel: panel, Columns: data.Columns, Rows: data.Rows, Truncated: data.Truncated}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return body, nil
}

// panelWorkers bounds the panel queries of one dashboard answer in flight:
// enough to overlap their planning and I/O on a small server, few enough
// that one dashboard does not take every connection of the pool.
const panelWorkers = 4

// Prewarm computes the dashboards' default answers in the background (stopped
// by Shutdown); `jixiao serve` calls it at start, the server after each run.
func (s *Server) Prewarm() { s.startPrewarm() }

// startPrewarm runs prewarm in the background, stopped by Shutdown.
func (s *Server) startPrewarm() {
	s.warmMu.Lock()
	defer s.warmMu.Unlock()
	if s.runCtx.Err() != nil {
		return
	}
	s.warming.Add(1)
	go func() {
		defer s.warming.Done()
		s.prewarm(s.runCtx)
	}()
}

// prewarm computes every dashboard's unfiltered, unscoped answer for the
// current data version, so that the first leadership request after an ETL run
// does not pay for the views (seconds at 10,000 reports). It runs after each
// committed run, in the background; scoped and filtered answers fill on first
// use.
func (s *Server) prewarm(ctx context.Context) {
	for _, d := range s.dash.List() {
		key := answerKey(fiber.MethodGet, APIPrefix+"/dashboards/"+d.ID, Scope{}, nil)
		_, err := s.cachedRaw(ctx, key, func(ctx context.Context) (any, error) {
			return s.dashboardAnswer(ctx, d, warehouse.Scope{}, warehouse.PanelFilter{}, map[string]any{})
		})
		if err != nil {
			if ctx.Err() == nil {
				s.log.Warn("prewarm dashboard", "dashboard", d.ID, "err", err)
			}
			return
		}
	}
}

// dashboardFilter reads the dashboard's filters from the query, refusing
// those it does not offer and those outside the caller's scope.
func (s *Server) dashboardFilter(c *fiber.Ctx, d *dashboards.Dashboard) (warehouse.PanelFilter, map[string]any, error) {
	var f warehouse.PanelFilter
	applied := map[string]any{}
	for _, name := range dashboards.Filters {
		raw := c.Query(name)
		if raw == "" {
			continue
		}
		if !slices.Contains(d.Filters, name) {
			return f, nil, BadRequest("看板“%s”不支持筛选条件 %s（可用：%s）", d.Title, name, strings.Join(d.Filters, "、"))
		}
		switch name {
		case "unit", "region":
			v, err := textParam(name, raw)
			if err != nil {
				return f, nil, err
			}
			if name == "unit" {
				f.Unit = v
			} else {
				f.Region = v
			}
			applied[name] = v
		default:
			v, err := QueryInt(c, name, 0, minYear, maxYear)
			if err != nil {
				return f, nil, err
			}
			switch name {
			case "year":
				f.Year = v
			case "from":
				f.From = v
			case "to":
				f.To = v
			}
			applied[name] = v
		}
	}
	if err := yearOrder(applied["from"], applied["to"]); err != nil {
		return f, nil, err
	}
	if err := s.checkScope(c.UserContext(), PrincipalOf(c).Scope, f.Unit, f.Region); err != nil {
		return f, nil, err
	}
	return f, applied, nil
}

// firstUnit is the first unit (by name) with a report inside the scope.
func (s *Server) firstUnit(ctx context.Context, sc warehouse.Scope) (string, error) {
	l, err := s.wh.List(ctx, warehouse.UnitList, warehouse.ListQuery{Scope: sc, PerPage: 1,
		Filters: map[string]any{}})
	if err != nil || len(l.Items) == 0 {
		return "", err
	}
	return str(l.Items[0].Get("unit")), nil
}
