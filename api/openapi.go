package api

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3gen"
	"github.com/gofiber/fiber/v2"

	"jixiao/report"
	warehouse "jixiao/sql"
)

// The OpenAPI 3.1 document is built from the route table itself (paths,
// methods, roles, query parameters, summaries), so it cannot drift from what
// the server answers; what the table does not hold — each parameter's
// description and each route's answer schema — lives in the two registries
// below, and TestOpenAPICoversRoutes fails when a route, a parameter or a
// registry entry has no counterpart. Schemas of the read resources come from
// the same column lists (sql.Resource) that build their SELECTs; the report
// contract's from report.Report by reflection.

// paramDoc documents one query or path parameter.
type paramDoc struct {
	desc   string
	schema func() *openapi3.Schema
}

func yearSchema() *openapi3.Schema {
	return openapi3.NewIntegerSchema().WithMin(minYear).WithMax(maxYear)
}

// paramDocs documents every query and path parameter any route accepts.
var paramDocs = map[string]paramDoc{
	"unit":     {"单位的规范名称（见 GET /api/v1/units）", openapi3.NewStringSchema},
	"region":   {"地区，如 湘西州", openapi3.NewStringSchema},
	"year":     {"年度", yearSchema},
	"from":     {"起始年度（含）", yearSchema},
	"to":       {"截止年度（含）", yearSchema},
	"grade":    {"评价等次：优、良、较差、差", openapi3.NewStringSchema},
	"severity": {"严重程度：error、warning、info", func() *openapi3.Schema { return openapi3.NewStringSchema().WithEnum("error", "warning", "info") }},
	"rule":     {"规则代码（见 sql/views/README.md 的规则表）", openapi3.NewStringSchema},
	"code":     {"指标代码", openapi3.NewStringSchema},
	"status":   {"present 已报 或 missing 缺报", func() *openapi3.Schema { return openapi3.NewStringSchema().WithEnum("present", "missing") }},
	"page":     {"页码，从 1 开始", func() *openapi3.Schema { return openapi3.NewIntegerSchema().WithMin(1) }},
	"per_page": {fmt.Sprintf("每页行数（默认 %d，最多 %d）", defaultPerPage, maxPerPage), func() *openapi3.Schema {
		return openapi3.NewIntegerSchema().WithMin(1).WithMax(maxPerPage)
	}},
	"sort":    {"排序列，逗号分隔，降序在列名前加“-”，如 -total_score,unit；只能用该接口可排序的列", openapi3.NewStringSchema},
	"limit":   {"最多返回的条数", func() *openapi3.Schema { return openapi3.NewIntegerSchema().WithMin(1) }},
	"offset":  {"跳过的条数", func() *openapi3.Schema { return openapi3.NewIntegerSchema().WithMin(0) }},
	"id":      {"编号", func() *openapi3.Schema { return openapi3.NewIntegerSchema().WithMin(1) }},
	"qid":     {"查询编号：运行时请求头 X-Query-Id 的值（1–64 个字母、数字、- 或 _）", openapi3.NewStringSchema},
	"hl":      {"网页中要高亮的原文", openapi3.NewStringSchema},
	"blk":     {"原文所在段落序号", func() *openapi3.Schema { return openapi3.NewIntegerSchema().WithMin(0) }},
	"msg":     {"网页上显示的问题说明", openapi3.NewStringSchema},
	"years":   {"年度列表，逗号分隔，如 2020,2021,2022", openapi3.NewStringSchema},
	"v":       {"资源版本（缓存用）", openapi3.NewStringSchema},
	"asset":   {"资源文件名", openapi3.NewStringSchema},
	"measure": {"指标代码（见 GET /api/v1/measures）", openapi3.NewStringSchema},
	"action": {"审计动作：sql、export、upload、etl_run、download（下载原始报告文件）", func() *openapi3.Schema {
		return openapi3.NewStringSchema().WithEnum("sql", "export", "upload", "etl_run", "download")
	}},
	"token_id": {"令牌编号（不是令牌本身）", openapi3.NewStringSchema},
	"format": {"导出格式：json、csv、xlsx、parquet", func() *openapi3.Schema {
		return openapi3.NewStringSchema().WithEnum("json", "csv", "xlsx", "parquet")
	}},
}

// dashboardIDParam documents /dashboards/:id and /d/:id, whose id is a name,
// not a number.
var dashboardIDParam = paramDoc{"看板编号（见 GET /api/v1/dashboards）", openapi3.NewStringSchema}

// answerDocs gives each route ("GET /api/v1/units") the schema of its 200
// answer: a name of a component schema built in schemas(), or "text", "html"
// or "asset" for a body that is no JSON, "none" for 204 No Content.
var answerDocs = map[string]string{
	"GET /":                             "html",
	"GET /d/:id":                        "html",
	"GET /e/:id":                        "html",
	"GET /sql":                          "html",
	"GET /compare":                      "html",
	"GET /upload":                       "html",
	"GET /assets/*":                     "asset",
	"GET /healthz":                      "Health",
	"GET /readyz":                       "Ready",
	"GET /metrics":                      "text",
	"GET /api/v1/openapi.json":          "OpenAPI",
	"GET /api/v1/etl/runs":              "Object",
	"GET /api/v1/etl/runs/:id":          "Object",
	"POST /api/v1/etl/runs":             "Object",
	"POST /api/v1/documents":            "Object",
	"POST /api/v1/sql":                  "Object",
	"DELETE /api/v1/sql/:qid":           "none",
	"GET /api/v1/audit":                 "Object",
	"GET /api/v1/compare":               "Object",
	"GET /api/v1/units":                 "UnitList",
	"GET /api/v1/years":                 "YearList",
	"GET /api/v1/measures":              "MeasureList",
	"GET /api/v1/evaluations":           "EvaluationList",
	"GET /api/v1/evaluations/:id":       "Evaluation",
	"GET /api/v1/evaluations/:id/reuse": "Reuse",
	"GET /api/v1/documents/:id/file":    "file",
	"GET /api/v1/indicators":            "IndicatorList",
	"GET /api/v1/trends/:measure":       "TrendList",
	"GET /api/v1/targets":               "TargetList",
	"GET /api/v1/findings":              "FindingList",
	"GET /api/v1/coverage":              "CoverageList",
	"GET /api/v1/dashboards":            "DashboardList",
	"GET /api/v1/dashboards/:id":        "Dashboard",
}

var pathParamRe = regexp.MustCompile(`:([a-zA-Z_]+)|\*`)

// openAPIPath turns a Fiber path (/evaluations/:id, /assets/*) into an
// OpenAPI one (/evaluations/{id}, /assets/{asset}).
func openAPIPath(p string) string {
	return pathParamRe.ReplaceAllStringFunc(p, func(m string) string { return "{" + paramName(m) + "}" })
}

// paramName is the name of a Fiber path parameter (":id" → id, "*" → asset).
func paramName(m string) string {
	if m == "*" {
		return "asset"
	}
	return m[1:]
}

// OpenAPI builds the document from the route table.
func (s *Server) OpenAPI() (*openapi3.T, error) {
	comps, err := schemas()
	if err != nil {
		return nil, err
	}
	doc := &openapi3.T{
		OpenAPI: "3.1.0",
		Info: &openapi3.Info{Title: "jixiao 绩效仓 API", Version: "1",
			Description: "部门整体支出绩效自评报告数据仓库的只读资源、看板、上传与 ETL 接口。" +
				"除 /healthz、/readyz、/metrics 和本文档外都需要 Authorization: Bearer 令牌；" +
				"错误统一为 {\"error\":{\"code\",\"message\"}}；金额单位为万元，百分比为数值（34.73 表示 34.73%）。"},
		Paths:      openapi3.NewPaths(),
		Components: &openapi3.Components{Schemas: comps, SecuritySchemes: openapi3.SecuritySchemes{}},
	}
	doc.Components.SecuritySchemes["bearer"] = &openapi3.SecuritySchemeRef{Value: openapi3.NewJWTSecurityScheme().WithBearerFormat("opaque")}
	errRef := openapi3.NewSchemaRef("#/components/schemas/Error", nil)
	for _, rt := range s.routes() {
		key := rt.Method + " " + rt.FullPath()
		answer, ok := answerDocs[key]
		if !ok {
			return nil, fmt.Errorf("openapi: route %s has no entry in answerDocs", key)
		}
		op := &openapi3.Operation{Summary: rt.Summary, OperationID: operationID(rt), Responses: openapi3.NewResponses()}
		op.Responses.Delete("default")
		ok200 := openapi3.NewResponse().WithDescription("成功")
		switch answer {
		case "text":
			ok200.WithContent(openapi3.NewContentWithSchema(openapi3.NewStringSchema(), []string{"text/plain"}))
		case "html":
			ok200.WithContent(openapi3.NewContentWithSchema(openapi3.NewStringSchema(), []string{"text/html"}))
		case "file":
			ok200.WithDescription("原始报告文件（Content-Disposition 给出文件名，中文名按 RFC 5987 编码）").
				WithContent(openapi3.NewContentWithSchema(openapi3.NewStringSchema().WithFormat("binary"), []string{"application/octet-stream"}))
		case "none":
			ok200.WithDescription("成功，无内容")
		case "asset":
			ok200.WithContent(openapi3.NewContentWithSchema(openapi3.NewStringSchema(), []string{"text/javascript", "text/css"}))
		default:
			if _, ok := comps[answer]; !ok {
				return nil, fmt.Errorf("openapi: route %s answers unknown schema %s", key, answer)
			}
			ok200.WithJSONSchemaRef(openapi3.NewSchemaRef("#/components/schemas/"+answer, nil))
		}
		status := http.StatusOK
		switch {
		case answer == "none":
			status = http.StatusNoContent
		case rt.Method == fiber.MethodPost:
			status = http.StatusCreated
		}
		op.Responses.Set(fmt.Sprint(status), &openapi3.ResponseRef{Value: ok200})
		errors := map[int]string{400: "请求参数有误", 500: "服务器内部错误"}
		if rt.Role != Public {
			errors[401] = "缺少或无效的令牌"
			errors[403] = "角色不足或超出令牌的查看范围"
			op.Security = &openapi3.SecurityRequirements{{"bearer": []string{}}}
			op.Description = "最低角色：" + rt.Role.label()
			if rt.Scoped {
				op.Description += "；带范围（地区或单位）的令牌只看到范围内的数据"
			}
		}
		if strings.Contains(rt.Path, ":") {
			errors[404] = "不存在（或不在您的查看范围内）"
		}
		if rt.ETag == ETagData || rt.ETag == ETagBody {
			op.Responses.Set("304", &openapi3.ResponseRef{Value: openapi3.NewResponse().WithDescription("未修改（If-None-Match 与 ETag 相同）")})
		}
		for code, desc := range errors {
			op.Responses.Set(fmt.Sprint(code), &openapi3.ResponseRef{Value: openapi3.NewResponse().WithDescription(desc).WithJSONSchemaRef(errRef)})
		}
		for _, m := range pathParamRe.FindAllString(rt.Path, -1) {
			name := paramName(m)
			pd, ok := paramDocs[name]
			if (strings.HasPrefix(rt.Path, "/dashboards/") || strings.HasPrefix(rt.Path, "/d/")) && name == "id" {
				pd, ok = dashboardIDParam, true
			}
			if !ok {
				return nil, fmt.Errorf("openapi: path parameter %s of %s is not documented", name, key)
			}
			op.AddParameter(openapi3.NewPathParameter(name).WithDescription(pd.desc).WithSchema(pd.schema()))
		}
		for _, q := range rt.Query {
			pd, ok := paramDocs[q]
			if !ok {
				return nil, fmt.Errorf("openapi: query parameter %s of %s is not documented", q, key)
			}
			op.AddParameter(openapi3.NewQueryParameter(q).WithDescription(pd.desc).WithSchema(pd.schema()))
		}
		item := doc.Paths.Value(openAPIPath(rt.FullPath()))
		if item == nil {
			item = &openapi3.PathItem{}
			doc.Paths.Set(openAPIPath(rt.FullPath()), item)
		}
		item.SetOperation(rt.Method, op)
	}
	for key := range answerDocs {
		if !s.hasRoute(key) {
			return nil, fmt.Errorf("openapi: answerDocs has %s, which is no route", key)
		}
	}
	return doc, nil
}

func (s *Server) hasRoute(key string) bool {
	for _, rt := range s.routes() {
		if rt.Method+" "+rt.FullPath() == key {
			return true
		}
	}
	return false
}

func operationID(rt Route) string {
	p := strings.NewReplacer("/api/v1/", "", "/", "_", ":", "by_", ".", "_").Replace(rt.FullPath())
	if rt.Root {
		// Pages at the root share names with API resources (/compare).
		p = "root_" + p
	}
	return strings.ToLower(rt.Method) + "_" + strings.Trim(p, "_")
}

// schemas are the document's component schemas.
func schemas() (openapi3.Schemas, error) {
	out := openapi3.Schemas{}
	obj := func(s *openapi3.Schema) *openapi3.SchemaRef { return &openapi3.SchemaRef{Value: s} }
	out["Error"] = obj(openapi3.NewObjectSchema().WithRequired([]string{"error"}).
		WithProperty("error", openapi3.NewObjectSchema().WithRequired([]string{"code", "message"}).
			WithProperty("code", openapi3.NewStringSchema()).
			WithProperty("message", described("中文说明", openapi3.NewStringSchema()))))
	out["Object"] = obj(openapi3.NewObjectSchema())
	out["Health"] = obj(openapi3.NewObjectSchema())
	out["Ready"] = obj(openapi3.NewObjectSchema())
	out["OpenAPI"] = obj(described("本文档", openapi3.NewObjectSchema()))
	for name, r := range map[string]*warehouse.Resource{
		"UnitList": warehouse.UnitList, "EvaluationList": warehouse.Evaluations, "IndicatorList": warehouse.Indicators,
		"TrendList": warehouse.Trends, "TargetList": warehouse.Targets, "FindingList": warehouse.Findings,
		"CoverageList": warehouse.Coverage,
	} {
		out[name] = obj(pageSchema(rowSchema(r.Cols)))
	}
	out["YearList"] = obj(itemsSchema(rowSchema(warehouse.YearList.Cols)))
	out["MeasureList"] = obj(itemsSchema(rowSchema([]warehouse.Col{
		{Name: "measure", Type: "string", Title: "指标代码"}, {Name: "label", Type: "string", Title: "指标名称"},
		{Name: "measure_unit", Type: "string", Title: "计量单位"}})))
	reuse, err := openapi3gen.NewSchemaRefForValue(warehouse.Reuse{}, nil)
	if err != nil {
		return nil, fmt.Errorf("openapi: reuse schema: %w", err)
	}
	to31(reuse.Value)
	reuse.Value.Description = "文字雷同：正文各句（copied 标出与哪份对照报告相同）、与本单位上年报告（previous_year）和同年最相近的其他单位报告（other_unit）相同的比例与句子；对照报告不在查看范围内时只给比例"
	out["Reuse"] = reuse
	ev, err := openapi3gen.NewSchemaRefForValue(report.Report{}, nil)
	if err != nil {
		return nil, fmt.Errorf("openapi: report schema: %w", err)
	}
	to31(ev.Value)
	ev.Value.Description = "报告契约（DESIGN §4）：原文件、单位、年度、各表数据、指标（自报与重算）、得分、目标、正文指标、推介活动和发现的问题；非管理员的联系电话已打码"
	ev.Value.WithProperty("evaluation_id", described("自评报告编号", openapi3.NewIntegerSchema()))
	ev.Value.WithProperty("current", described("是否为该单位该年度当前有效的版本", openapi3.NewBoolSchema()))
	ev.Value.Properties["fiscal_year"] = obj(nullable(openapi3.NewIntegerSchema()))
	out["Evaluation"] = ev
	panel := openapi3.NewObjectSchema().
		WithProperty("id", openapi3.NewStringSchema()).
		WithProperty("title", described("中文标题", openapi3.NewStringSchema())).
		WithProperty("chart", described("图表类型", openapi3.NewStringSchema()))
	out["DashboardList"] = obj(itemsSchema(openapi3.NewObjectSchema().
		WithProperty("id", openapi3.NewStringSchema()).
		WithProperty("title", described("中文标题", openapi3.NewStringSchema())).
		WithProperty("description", openapi3.NewStringSchema()).
		WithProperty("filters", openapi3.NewArraySchema().WithItems(openapi3.NewStringSchema())).
		WithProperty("required", openapi3.NewArraySchema().WithItems(openapi3.NewStringSchema())).
		WithProperty("panels", openapi3.NewArraySchema().WithItems(panel))))
	panelData := openapi3.NewObjectSchema().
		WithProperty("id", openapi3.NewStringSchema()).
		WithProperty("title", openapi3.NewStringSchema()).
		WithProperty("chart", openapi3.NewStringSchema()).
		WithProperty("x", described("类别轴的列", openapi3.NewStringSchema())).
		WithProperty("y", described("数值列", openapi3.NewArraySchema().WithItems(openapi3.NewStringSchema()))).
		WithProperty("series", described("区分系列的列", openapi3.NewStringSchema())).
		WithProperty("fields", described("表格显示的列", openapi3.NewArraySchema().WithItems(openapi3.NewStringSchema()))).
		WithProperty("labels", described("列名或取值的中文名称", openapi3.NewObjectSchema().WithAdditionalProperties(openapi3.NewStringSchema()))).
		WithProperty("units", described("列的计量单位", openapi3.NewObjectSchema().WithAdditionalProperties(openapi3.NewStringSchema()))).
		WithProperty("columns", openapi3.NewArraySchema().WithItems(openapi3.NewStringSchema())).
		WithProperty("rows", openapi3.NewArraySchema().WithItems(described("一行，按 columns 的顺序", openapi3.NewArraySchema())))
	out["Dashboard"] = obj(openapi3.NewObjectSchema().
		WithProperty("id", openapi3.NewStringSchema()).
		WithProperty("title", openapi3.NewStringSchema()).
		WithProperty("description", openapi3.NewStringSchema()).
		WithProperty("filters", described("实际使用的筛选条件", openapi3.NewObjectSchema())).
		WithProperty("data_version", described("仓库数据版本", openapi3.NewIntegerSchema())).
		WithProperty("panels", openapi3.NewArraySchema().WithItems(panelData)))
	return out, nil
}

// rowSchema is the object schema of a listing row; every column may be null.
func rowSchema(cols []warehouse.Col) *openapi3.Schema {
	s := openapi3.NewObjectSchema()
	names := make([]string, 0, len(cols))
	for _, c := range cols {
		var cs *openapi3.Schema
		switch c.Type {
		case "integer":
			cs = openapi3.NewIntegerSchema()
		case "number":
			cs = openapi3.NewFloat64Schema()
		case "boolean":
			cs = openapi3.NewBoolSchema()
		case "array":
			cs = openapi3.NewArraySchema().WithItems(openapi3.NewIntegerSchema())
		default:
			cs = openapi3.NewStringSchema()
		}
		cs.Description = c.Title
		s.WithProperty(c.Name, nullable(cs))
		names = append(names, c.Name)
	}
	sort.Strings(names)
	return s.WithRequired(names)
}

func pageSchema(item *openapi3.Schema) *openapi3.Schema {
	return openapi3.NewObjectSchema().WithRequired([]string{"total", "page", "per_page", "items"}).
		WithProperty("total", described("符合条件的总行数", openapi3.NewIntegerSchema())).
		WithProperty("page", openapi3.NewIntegerSchema()).
		WithProperty("per_page", openapi3.NewIntegerSchema()).
		WithProperty("items", openapi3.NewArraySchema().WithItems(item))
}

func itemsSchema(item *openapi3.Schema) *openapi3.Schema {
	return openapi3.NewObjectSchema().WithRequired([]string{"items"}).
		WithProperty("items", openapi3.NewArraySchema().WithItems(item))
}

// nullable adds "null" to the schema's types (OpenAPI 3.1 / JSON Schema 2020-12).
func nullable(s *openapi3.Schema) *openapi3.Schema {
	if s.Type != nil && !s.Type.Includes("null") {
		t := append(openapi3.Types{}, *s.Type...)
		t = append(t, "null")
		s.Type = &t
	}
	s.Nullable = false
	return s
}

// to31 rewrites the generator's OpenAPI 3.0 "nullable" into 3.1 type lists.
func to31(s *openapi3.Schema) {
	if s == nil {
		return
	}
	if s.Nullable {
		nullable(s)
	}
	for _, p := range s.Properties {
		to31(p.Value)
	}
	if s.Items != nil {
		to31(s.Items.Value)
	}
	if s.AdditionalProperties.Schema != nil {
		to31(s.AdditionalProperties.Schema.Value)
	}
}

// openAPIJSON is GET /api/v1/openapi.json.
func (s *Server) openAPIJSON(c *fiber.Ctx) error {
	doc, err := s.OpenAPI()
	if err != nil {
		return err
	}
	b, err := doc.MarshalJSON()
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(b)
}

// described sets a schema's description.
func described(d string, s *openapi3.Schema) *openapi3.Schema {
	s.Description = d
	return s
}
