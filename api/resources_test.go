package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"jixiao/api"
	"jixiao/dashboards"
	warehouse "jixiao/sql"
)

// otherRegion is a second region loaded beside the demo corpus (湘西州), so
// that scoped tokens have something to not see.
const otherRegion = "怀化市"

var otherUnits = []string{"怀化市测试甲局", "怀化市测试乙局"}

// startTwoRegions serves the demo corpus plus two units of otherRegion, each
// a copy of a demo report under the other unit's name (loaded through the
// warehouse's loader, then announced to the server by an ETL pass).
func startTwoRegions(t *testing.T) *testServer {
	t.Helper()
	ts := startServer(t, serverOpts{demo: true, tokens: append(roleTokens(),
		api.TokenConfig{Role: "viewer", Token: "other-region-viewer-0123456789", Scope: api.Scope{Region: otherRegion}})})
	ctx := context.Background()
	src := sqlRows(t, ts, `SELECT evaluation_id FROM v_evaluations WHERE unit = '湘西州档案馆' ORDER BY fiscal_year`)
	for i, u := range otherUnits {
		for j, row := range src {
			ev, err := ts.WH.Evaluation(ctx, int64(row[0].(float64)), warehouse.Scope{})
			if err != nil {
				t.Fatal(err)
			}
			r := ev.Report
			r.Unit.Name, r.Unit.CanonicalName, r.Unit.Region, r.Unit.Parent = u, u, otherRegion, ""
			r.Contact.Phone = "13907450000"
			r.Findings = nil
			sha := fmt.Sprintf("other-%d-%d", i, j)
			r.Source.SHA256, r.Source.File = sha, sha+".txt"
			if _, err := ts.WH.Load(ctx, warehouse.Document{Report: &r, FileName: r.Source.File, SHA256: sha, SizeBytes: 100}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := ts.WH.RefreshAggregates(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Runner.RunOnce(ctx, "test", nil); err != nil { // the server re-reads the data version
		t.Fatal(err)
	}
	return ts
}

// sqlRows runs a query on the views through the warehouse's read-only query path.
func sqlRows(t *testing.T, ts *testServer, q string) [][]any {
	t.Helper()
	res, err := ts.WH.Query(context.Background(), q, 100000)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	// Round-trip through JSON so numbers compare as the API's do.
	b, _ := json.Marshal(res.Rows)
	var rows [][]any
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

type listing struct {
	Total   int              `json:"total"`
	Page    int              `json:"page"`
	PerPage int              `json:"per_page"`
	Items   []map[string]any `json:"items"`
}

func (ts *testServer) list(t *testing.T, path, token string) listing {
	t.Helper()
	r := ts.get(path, token)
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
	}
	var l listing
	r.json(t, &l)
	return l
}

// column projects listing items onto one field, formatted for comparison.
func column(items []map[string]any, name string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = fmt.Sprint(it[name])
	}
	return out
}

func sqlColumn(rows [][]any, i int) []string {
	out := make([]string, len(rows))
	for k, r := range rows {
		out[k] = fmt.Sprint(r[i])
	}
	return out
}

// TestResources runs the read-resource tests over one server holding the demo
// corpus and a second region (loading it once instead of once per test).
func TestResources(t *testing.T) {
	ts := startTwoRegions(t)
	t.Run("MatchViews", func(t *testing.T) { resourcesMatchViews(t, ts) })
	t.Run("EvaluationContract", func(t *testing.T) { evaluationContract(t, ts) })
	t.Run("BadInput", func(t *testing.T) { resourceBadInput(t, ts) })
	t.Run("ScopeLeak", func(t *testing.T) { scopeLeak(t, ts) })
	t.Run("DashboardsData", func(t *testing.T) { dashboardsData(t, ts) })
	t.Run("NoFloatNoise", func(t *testing.T) { noFloatNoise(t, ts) })
	t.Run("Reuse", func(t *testing.T) { evaluationReuse(t, ts) })
}

// evaluationReuse: GET /evaluations/{id}/reuse lists the sentences the demo's
// 湘西州文化旅游局 2022 pasted from its 2021 report, side by side; another
// scope's caller gets 404, and a unit-scoped caller sees a shared report of
// another unit by its share only.
func evaluationReuse(t *testing.T, ts *testServer) {
	id := sqlColumn(sqlRows(t, ts, `SELECT evaluation_id FROM v_evaluations WHERE unit = '湘西州文化旅游局' AND fiscal_year = 2022`), 0)[0]
	var body struct {
		Unit    string `json:"unit"`
		Sources []struct {
			Source     string  `json:"source"`
			SourceUnit *string `json:"source_unit"`
			SharePct   float64 `json:"share_pct"`
			Passages   []struct {
				Text       string  `json:"text"`
				SourceText *string `json:"source_text"`
			} `json:"passages"`
		} `json:"sources"`
	}
	r := ts.get("/api/v1/evaluations/"+id+"/reuse", tokViewer)
	if r.Status != http.StatusOK {
		t.Fatalf("GET reuse: %d %s", r.Status, r.Body)
	}
	r.json(t, &body)
	var prev bool
	for _, s := range body.Sources {
		if s.Source != "previous_year" {
			continue
		}
		prev = true
		if s.SharePct < 80 || len(s.Passages) < 40 || s.SourceUnit == nil || *s.SourceUnit != "湘西州文化旅游局" {
			t.Errorf("previous_year: share %v, %d passages, source %v", s.SharePct, len(s.Passages), s.SourceUnit)
		}
		for _, p := range s.Passages {
			if p.SourceText == nil || p.Text == "" {
				t.Errorf("passage without both texts: %+v", p)
			}
		}
	}
	if !prev {
		t.Errorf("no previous_year source in %s", r.Body)
	}
	if r := ts.get("/api/v1/evaluations/"+id+"/reuse", "other-region-viewer-0123456789"); r.Status != http.StatusNotFound {
		t.Errorf("another region's reuse answered %d", r.Status)
	}
	// 湘西州投资促进事务中心 shares template-variant text with 湘西州农业农村局:
	// the unit's own token sees the share, not the other unit.
	own := sqlColumn(sqlRows(t, ts, `SELECT evaluation_id FROM v_reuse WHERE unit = '湘西州投资促进事务中心' AND source = 'other_unit' LIMIT 1`), 0)
	if len(own) == 1 {
		r := ts.get("/api/v1/evaluations/"+own[0]+"/reuse", tokUnit)
		if r.Status != http.StatusOK || strings.Contains(string(r.Body), "湘西州农业农村局") {
			t.Errorf("unit-scoped reuse: %d, leaks another unit: %.300s", r.Status, r.Body)
		}
	}
}

func resourcesMatchViews(t *testing.T, ts *testServer) {
	tok := tokViewer
	cases := []struct {
		path, sql string
		fields    []string
	}{
		{"/api/v1/evaluations?per_page=1000",
			`SELECT evaluation_id, unit, fiscal_year, total_score, grade FROM v_evaluations ORDER BY unit, fiscal_year, evaluation_id`,
			[]string{"evaluation_id", "unit", "fiscal_year", "total_score", "grade"}},
		{"/api/v1/evaluations?region=" + url.QueryEscape(otherRegion) + "&sort=-total_score,unit&per_page=1000",
			`SELECT evaluation_id, total_score FROM v_evaluations WHERE region = '怀化市' ORDER BY total_score DESC, unit, fiscal_year, evaluation_id`,
			[]string{"evaluation_id", "total_score"}},
		{"/api/v1/evaluations?year=2021&grade=" + url.QueryEscape("良"),
			`SELECT evaluation_id FROM v_evaluations WHERE fiscal_year = 2021 AND grade = '良' ORDER BY unit, fiscal_year, evaluation_id`,
			[]string{"evaluation_id"}},
		{"/api/v1/indicators?unit=" + url.QueryEscape("湘西州商务局") + "&from=2021&to=2022&per_page=1000",
			`SELECT evaluation_id, code, declared_score, computed_value FROM v_indicator_scores WHERE unit = '湘西州商务局' AND fiscal_year BETWEEN 2021 AND 2022 ORDER BY unit, fiscal_year, evaluation_id, code`,
			[]string{"evaluation_id", "code", "declared_score", "computed_value"}},
		{"/api/v1/trends/income_total?region=" + url.QueryEscape("湘西州") + "&from=2020",
			`SELECT unit, fiscal_year, value, prev_value, delta_pct FROM v_trends WHERE measure = 'income_total' AND fiscal_year >= 2020 AND unit IN (SELECT canonical_name FROM units WHERE region = '湘西州') ORDER BY unit, fiscal_year`,
			[]string{"unit", "fiscal_year", "value", "prev_value", "delta_pct"}},
		{"/api/v1/trends/expenditure_total?unit=" + url.QueryEscape("全州合计"),
			`SELECT fiscal_year, round(value, 4) FROM v_trends WHERE measure = 'expenditure_total' AND unit = '全州合计' ORDER BY fiscal_year`,
			[]string{"fiscal_year", "value"}},
		{"/api/v1/targets?year=2022",
			`SELECT unit, code, target_value, actual_value, attainment_pct, met FROM v_targets WHERE fiscal_year = 2022 ORDER BY unit, fiscal_year, code, evaluation_id`,
			[]string{"unit", "code", "target_value", "actual_value", "attainment_pct", "met"}},
		{"/api/v1/findings?severity=error&per_page=1000",
			`SELECT unit, fiscal_year, rule, message FROM v_findings WHERE severity = 'error' ORDER BY unit, fiscal_year, rule, evidence_block NULLS LAST, message`,
			[]string{"unit", "fiscal_year", "rule", "message"}},
		{"/api/v1/coverage?per_page=1000",
			`SELECT unit, fiscal_year, status FROM v_coverage ORDER BY unit, fiscal_year`,
			[]string{"unit", "fiscal_year", "status"}},
		{"/api/v1/units",
			`SELECT canonical_name, region FROM units ORDER BY canonical_name`,
			[]string{"unit", "region"}},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			l := ts.list(t, c.path, tok)
			want := sqlRows(t, ts, c.sql)
			if l.Total != len(want) || len(l.Items) != len(want) {
				t.Fatalf("total %d, items %d; SQL has %d rows", l.Total, len(l.Items), len(want))
			}
			if len(want) == 0 {
				t.Fatal("the case selects no rows: it proves nothing")
			}
			for i, f := range c.fields {
				if got, exp := column(l.Items, f), sqlColumn(want, i); !slices.Equal(got, exp) {
					t.Errorf("%s: API %v\nSQL %v", f, got, exp)
				}
			}
		})
	}

	// Paging: pages partition the listing, each with the full total.
	all := ts.list(t, "/api/v1/evaluations?per_page=1000", tok)
	var paged []string
	for p := 1; ; p++ {
		l := ts.list(t, fmt.Sprintf("/api/v1/evaluations?per_page=7&page=%d", p), tok)
		if l.Total != all.Total {
			t.Fatalf("page %d total %d, want %d", p, l.Total, all.Total)
		}
		if len(l.Items) == 0 {
			break
		}
		paged = append(paged, column(l.Items, "evaluation_id")...)
	}
	if !slices.Equal(paged, column(all.Items, "evaluation_id")) {
		t.Errorf("pages %v\n!= all %v", paged, column(all.Items, "evaluation_id"))
	}

	// Years and measures.
	var years struct{ Items []map[string]any }
	ts.get("/api/v1/years", tok).json(t, &years)
	if got, want := column(years.Items, "fiscal_year"), sqlColumn(sqlRows(t, ts, `SELECT DISTINCT fiscal_year FROM v_evaluations ORDER BY 1`), 0); !slices.Equal(got, want) {
		t.Errorf("years %v, want %v", got, want)
	}
	var measures struct{ Items []map[string]any }
	ts.get("/api/v1/measures", tok).json(t, &measures)
	if !slices.Contains(column(measures.Items, "measure"), "investment_inflow") {
		t.Errorf("measures lack investment_inflow: %v", column(measures.Items, "measure"))
	}
}

// evaluationContract: GET /evaluations/{id} is the report contract, read
// back from the warehouse, with computed values and findings; phones masked
// below admin.
func evaluationContract(t *testing.T, ts *testServer) {
	rows := sqlRows(t, ts, `SELECT e.evaluation_id, count(f.rule) FROM v_evaluations e LEFT JOIN v_findings f USING (evaluation_id)
		GROUP BY ALL ORDER BY count(f.rule) DESC, e.evaluation_id LIMIT 1`)
	id := int64(rows[0][0].(float64))
	var ev struct {
		EvaluationID int64 `json:"evaluation_id"`
		Current      bool  `json:"current"`
		FiscalYear   int   `json:"fiscal_year"`
		Unit         struct {
			CanonicalName string `json:"canonical_name"`
			Region        string `json:"region"`
		} `json:"unit"`
		Contact    struct{ Phone string } `json:"contact"`
		Income     []map[string]any       `json:"income"`
		Indicators []struct {
			Code          string   `json:"code"`
			DeclaredScore *float64 `json:"declared_score"`
			ComputedValue *float64 `json:"computed_value"`
			Evidence      *struct{ Text string }
		} `json:"indicators"`
		Score struct {
			Total *float64 `json:"total"`
			Grade string   `json:"grade"`
		} `json:"score"`
		Findings []struct{ Rule, Severity, Message string } `json:"findings"`
	}
	r := ts.get(fmt.Sprintf("/api/v1/evaluations/%d", id), tokViewer)
	if r.Status != http.StatusOK {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	r.json(t, &ev)
	want := sqlRows(t, ts, fmt.Sprintf(`SELECT unit, region, fiscal_year, total_score, grade FROM v_evaluations WHERE evaluation_id = %d`, id))[0]
	if ev.EvaluationID != id || !ev.Current || ev.Unit.CanonicalName != want[0] || ev.Unit.Region != want[1] ||
		float64(ev.FiscalYear) != want[2] || ev.Score.Total == nil || *ev.Score.Total != want[3] || ev.Score.Grade != want[4] {
		t.Errorf("evaluation %d: %+v, want %v", id, ev, want)
	}
	inds := sqlRows(t, ts, fmt.Sprintf(`SELECT code, declared_score, computed_value FROM v_indicator_scores WHERE evaluation_id = %d ORDER BY code`, id))
	got := map[string]string{}
	for _, in := range ev.Indicators {
		got[in.Code] = fmt.Sprint(deref(in.DeclaredScore), deref(in.ComputedValue))
		if in.Evidence == nil || in.Evidence.Text == "" {
			t.Errorf("indicator %s has no evidence", in.Code)
		}
	}
	for _, w := range inds {
		if g := got[w[0].(string)]; g != fmt.Sprint(w[1], w[2]) {
			t.Errorf("indicator %s: API %s, view %v %v", w[0], g, w[1], w[2])
		}
	}
	if len(ev.Findings) != int(rows[0][1].(float64)) || len(ev.Findings) == 0 {
		t.Errorf("findings %d, view has %v", len(ev.Findings), rows[0][1])
	}
	if len(ev.Income) == 0 {
		t.Error("no income rows")
	}
	masked := regexp.MustCompile(`\*{4}`)
	if !masked.MatchString(ev.Contact.Phone) {
		t.Errorf("viewer sees phone %q unmasked", ev.Contact.Phone)
	}
	ts.get(fmt.Sprintf("/api/v1/evaluations/%d", id), tokAdmin).json(t, &ev)
	if ev.Contact.Phone == "" || masked.MatchString(ev.Contact.Phone) {
		t.Errorf("admin sees phone %q", ev.Contact.Phone)
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// resourceBadInput: every kind of bad input is a 400 (or 404) in the one
// error shape with a Chinese message naming the problem.
func resourceBadInput(t *testing.T, ts *testServer) {
	cases := []struct {
		path   string
		status int
		says   string
	}{
		{"/api/v1/evaluations/abc", 400, "不是正整数"},
		{"/api/v1/evaluations/-3", 400, "不是正整数"},
		{"/api/v1/evaluations/999999", 404, "999999"},
		{"/api/v1/evaluations?year=1899", 400, "超出范围"},
		{"/api/v1/evaluations?year=二〇二一", 400, "不是整数"},
		{"/api/v1/evaluations?yaer=2021", 400, "yaer"},
		{"/api/v1/evaluations?sort=file_name", 400, "不能按"},
		{"/api/v1/evaluations?sort=-total_score;drop", 400, "不能按"},
		{"/api/v1/evaluations?per_page=0", 400, "per_page"},
		{"/api/v1/evaluations?per_page=100000", 400, "per_page"},
		{"/api/v1/evaluations?page=x", 400, "page"},
		{"/api/v1/indicators?from=2023&to=2020", 400, "晚于"},
		{"/api/v1/findings?severity=fatal", 400, "severity"},
		{"/api/v1/coverage?status=gone", 400, "status"},
		{"/api/v1/trends/no_such_measure", 404, "/api/v1/measures"},
		{"/api/v1/trends/income_total?to=3000", 400, "超出范围"},
		{"/api/v1/years?unit=x", 400, "不接受查询参数"},
		{"/api/v1/dashboards/nope", 404, "overview"},
		{"/api/v1/dashboards/overview?unit=x", 400, "不支持筛选条件"},
		{"/api/v1/dashboards/quality?year=20x", 400, "不是整数"},
		{"/api/v1/dashboards/unit?from=2022&to=2021", 400, "晚于"},
	}
	for _, c := range cases {
		r := ts.get(c.path, tokViewer)
		if r.Status != c.status {
			t.Errorf("GET %s: %d %s, want %d", c.path, r.Status, r.Body, c.status)
			continue
		}
		_, msg := r.apiError(t)
		if !strings.Contains(msg, c.says) || !regexp.MustCompile(`\p{Han}`).MatchString(msg) {
			t.Errorf("GET %s: message %q should say %q in Chinese", c.path, msg, c.says)
		}
	}
}

// scopeLeak: a token scoped to one region (or one unit) sees no row of
// another through any route of the table; asking for another's rows is 403.
func scopeLeak(t *testing.T, ts *testServer) {
	otherIDs := sqlColumn(sqlRows(t, ts, `SELECT evaluation_id FROM v_evaluations WHERE region = '怀化市'`), 0)
	xiangxiUnits := sqlColumn(sqlRows(t, ts, `SELECT canonical_name FROM units WHERE region = '湘西州'`), 0)
	// A unit's own record names its parent unit (湘西州商务局 for the
	// investment centre): that is the unit's data, not another unit's row.
	parent := sqlColumn(sqlRows(t, ts, `SELECT parent FROM units WHERE canonical_name = '湘西州投资促进事务中心'`), 0)[0]
	if len(otherIDs) == 0 || len(xiangxiUnits) < 2 {
		t.Fatal("fixture: both regions need units")
	}
	set, err := dashboards.Load()
	if err != nil {
		t.Fatal(err)
	}
	scoped := []struct {
		name, token string
		forbidden   []string // strings no answer may contain
		ownUnit     string
	}{
		{"region 湘西州", tokRegionVw, otherUnits, "湘西州档案馆"},
		{"unit 湘西州投资促进事务中心", tokUnit, append(append([]string{}, otherUnits...),
			slices.DeleteFunc(slices.Clone(xiangxiUnits), func(u string) bool { return u == "湘西州投资促进事务中心" })...), "湘西州投资促进事务中心"},
		{"region 怀化市", "other-region-viewer-0123456789", xiangxiUnits, otherUnits[0]},
	}
	checked := 0
	for _, sc := range scoped {
		for _, rt := range ts.Srv.Routes() {
			if rt.Method != http.MethodGet || rt.Role == api.Public || rt.Role > api.Viewer {
				continue // admin ledgers: scoped audit is checked in TestUploadScopesAndAudit
			}
			var paths []string
			switch {
			case strings.Contains(rt.Path, ":measure"):
				paths = []string{"/api/v1/trends/income_total", "/api/v1/trends/total_score?unit=" + url.QueryEscape("全州合计")}
			case strings.HasPrefix(rt.Path, "/dashboards/"):
				for _, d := range set.List() {
					paths = append(paths, "/api/v1/dashboards/"+d.ID)
				}
			case strings.Contains(rt.Path, ":id"):
				// handled below: ids of the other scope answer 404
				continue
			default:
				paths = []string{rt.FullPath() + map[bool]string{true: "?per_page=1000", false: ""}[slices.Contains(rt.Query, "per_page")]}
			}
			for _, p := range paths {
				r := ts.get(p, sc.token)
				if !rt.Scoped {
					if r.Status != http.StatusForbidden {
						t.Errorf("%s: unscoped route %s answered %d", sc.name, p, r.Status)
					}
					continue
				}
				if r.Status != http.StatusOK {
					if r.Status == http.StatusNotFound && strings.HasPrefix(p, "/api/v1/trends/") {
						continue // a measure the scope has no value of
					}
					if r.Status == http.StatusForbidden && strings.Contains(p, "unit=") {
						continue // 全州合计 is not a unit-scoped token's
					}
					t.Errorf("%s: GET %s: %d %s", sc.name, p, r.Status, r.Body)
					continue
				}
				checked++
				for _, f := range sc.forbidden {
					if f == parent && strings.HasPrefix(p, "/api/v1/units") {
						continue
					}
					if strings.Contains(string(r.Body), f) {
						t.Errorf("%s: GET %s leaks %s", sc.name, p, f)
					}
				}
			}
		}
		// Another scope's evaluations: 404, as if they did not exist.
		ids := otherIDs
		if sc.token == "other-region-viewer-0123456789" {
			ids = sqlColumn(sqlRows(t, ts, `SELECT evaluation_id FROM v_evaluations WHERE region = '湘西州'`), 0)
		}
		for _, id := range ids {
			if r := ts.get("/api/v1/evaluations/"+id, sc.token); r.Status != http.StatusNotFound {
				t.Errorf("%s: evaluation %s answered %d", sc.name, id, r.Status)
			}
		}
		// The scope's own data is there.
		if l := ts.list(t, "/api/v1/evaluations?unit="+url.QueryEscape(sc.ownUnit), sc.token); l.Total == 0 {
			t.Errorf("%s: own unit %s has no evaluations", sc.name, sc.ownUnit)
		}
		// Naming another scope's unit or region is refused outright.
		for _, p := range []string{"/api/v1/findings?unit=" + url.QueryEscape(sc.forbidden[0]),
			"/api/v1/dashboards/unit?unit=" + url.QueryEscape(sc.forbidden[0])} {
			if r := ts.get(p, sc.token); r.Status != http.StatusForbidden {
				t.Errorf("%s: GET %s: %d, want 403", sc.name, p, r.Status)
			}
		}
	}
	if checked < 30 {
		t.Fatalf("only %d scoped answers checked", checked)
	}
	// An unscoped viewer does see both regions (the fixture is real).
	all := string(ts.get("/api/v1/dashboards/overview", tokViewer).Body)
	if !strings.Contains(all, otherUnits[0]) || !strings.Contains(all, "湘西州档案馆") {
		t.Errorf("unscoped overview lacks a region: %.300s", all)
	}
}

// dashboardsData: every dashboard answers every panel, and panels agree
// with SQL on the views and aggregates.
func dashboardsData(t *testing.T, ts *testServer) {
	var list struct {
		Items []struct {
			ID, Title string
			Panels    []struct{ ID, Title, Chart string }
		}
	}
	ts.get("/api/v1/dashboards", tokViewer).json(t, &list)
	var titles []string
	for _, d := range list.Items {
		titles = append(titles, d.Title)
	}
	sort.Strings(titles)
	if want := []string{"单位详情", "总览", "招商引资", "数据质量"}; !slices.Equal(titles, want) {
		t.Fatalf("dashboards %v, want %v", titles, want)
	}
	type panel struct {
		ID      string
		Columns []string
		Rows    [][]any
	}
	get := func(path string) map[string]panel {
		t.Helper()
		var d struct {
			Filters map[string]any
			Panels  []panel
		}
		r := ts.get(path, tokViewer)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
		}
		r.json(t, &d)
		out := map[string]panel{}
		for _, p := range d.Panels {
			out[p.ID] = p
		}
		return out
	}
	for _, d := range list.Items {
		ps := get("/api/v1/dashboards/" + d.ID)
		if len(ps) != len(d.Panels) {
			t.Errorf("%s: %d panels answered, %d defined", d.ID, len(ps), len(d.Panels))
		}
	}
	ov := get("/api/v1/dashboards/overview")
	grades := sqlRows(t, ts, `SELECT fiscal_year, grade_you, grade_liang, grade_zhong, grade_jiaocha, grade_cha, grade_other FROM agg_yearly ORDER BY fiscal_year`)
	if fmt.Sprint(ov["grade_distribution"].Rows) != fmt.Sprint(grades) {
		t.Errorf("grade distribution %v, agg_yearly %v", ov["grade_distribution"].Rows, grades)
	}
	totals := sqlRows(t, ts, `SELECT fiscal_year, units, round(income_total, 4), round(expenditure_total, 4), round(three_public_total, 4) FROM agg_yearly ORDER BY fiscal_year`)
	if fmt.Sprint(ov["prefecture_totals"].Rows) != fmt.Sprint(totals) {
		t.Errorf("prefecture totals %v, agg_yearly %v", ov["prefecture_totals"].Rows, totals)
	}
	// A year filter narrows the aggregate.
	ov = get("/api/v1/dashboards/overview?from=2022")
	if n := len(ov["grade_distribution"].Rows); n != len(sqlRows(t, ts, `SELECT 1 FROM agg_yearly WHERE fiscal_year >= 2022`)) || n == 0 {
		t.Errorf("from=2022: %d rows", n)
	}
	// 单位详情 of a unit: its findings are the view's.
	unit := get("/api/v1/dashboards/unit?unit=" + url.QueryEscape("湘西州文化旅游局"))
	want := sqlRows(t, ts, `SELECT count(*) FROM v_findings WHERE unit = '湘西州文化旅游局'`)
	if got := len(unit["findings"].Rows); float64(got) != want[0][0] || got == 0 {
		t.Errorf("unit findings %d, view %v", got, want[0][0])
	}
	inv := get("/api/v1/dashboards/investment")
	ev := sqlRows(t, ts, `SELECT count(*) FROM events x JOIN v_evaluations e ON e.evaluation_id = x.document_id`)
	if got := len(inv["events"].Rows); float64(got) != ev[0][0] || got == 0 {
		t.Errorf("events %d, view %v", got, ev[0][0])
	}
}

// noFloatNoise: no number in any answer carries binary-float noise (money
// sums such as 11378.429999999998); DECIMALs keep their digits.
func noFloatNoise(t *testing.T, ts *testServer) {
	noise := regexp.MustCompile(`[:,\[]-?\d+\.\d{5,}[,\]}]`)
	set, err := dashboards.Load()
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{"/api/v1/evaluations", "/api/v1/indicators?per_page=1000", "/api/v1/trends/income_total",
		"/api/v1/trends/three_public_total?unit=" + url.QueryEscape("全州合计"), "/api/v1/targets", "/api/v1/evaluations/1"}
	for _, d := range set.List() {
		paths = append(paths, "/api/v1/dashboards/"+d.ID)
	}
	for _, p := range paths {
		r := ts.get(p, tokViewer)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", p, r.Status)
		}
		if m := noise.FindString(string(r.Body)); m != "" {
			t.Errorf("GET %s: float noise %s", p, m)
		}
	}
}

// TestOpenAPICoversRoutes: the served document is valid OpenAPI 3.1 and holds
// exactly the route table's paths and methods, each parameter documented.
func TestOpenAPICoversRoutes(t *testing.T) {
	ts := startServer(t, serverOpts{tokens: roleTokens()})
	r := ts.get("/api/v1/openapi.json", "")
	if r.Status != http.StatusOK {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	doc, err := openapi3.NewLoader().LoadFromData(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("invalid document: %v", err)
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			documented[method+" "+path] = true
			if op.Summary == "" {
				t.Errorf("%s %s has no summary", method, path)
			}
			for _, p := range op.Parameters {
				if p.Value.Description == "" || p.Value.Schema == nil {
					t.Errorf("%s %s: parameter %s undocumented", method, path, p.Value.Name)
				}
			}
			if op.Responses.Value("200") == nil && op.Responses.Value("201") == nil && op.Responses.Value("204") == nil {
				t.Errorf("%s %s: no success response", method, path)
			}
		}
	}
	routes := map[string]bool{}
	for _, rt := range ts.Srv.Routes() {
		oaPath := strings.Replace(regexp.MustCompile(`:([a-z_]+)`).ReplaceAllString(rt.FullPath(), "{$1}"), "*", "{asset}", 1)
		key := rt.Method + " " + oaPath
		routes[key] = true
		if !documented[key] {
			t.Errorf("route %s is not in openapi.json", key)
		}
		op := doc.Paths.Find(oaPath).GetOperation(rt.Method)
		for _, q := range rt.Query {
			if op.Parameters.GetByInAndName("query", q) == nil {
				t.Errorf("route %s: query parameter %s not documented", key, q)
			}
		}
	}
	for k := range documented {
		if !routes[k] {
			t.Errorf("openapi.json documents %s, which is no route", k)
		}
	}
}
