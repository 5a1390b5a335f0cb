package api

import "github.com/gofiber/fiber/v2"

// Route is one entry of the route table. Every endpoint is declared here, once:
// the table decides its role, whether scoped tokens may call it, which query
// parameters it accepts, how its ETag is formed and whether it is audited, and
// the middleware chain is built from it (see Server.mount).
type Route struct {
	Method string // fiber.MethodGet, fiber.MethodPost, …
	// Path is relative to /api/v1 (e.g. "/units/:id"), or to the root when Root.
	Path string
	Root bool
	// Role is the lowest role allowed; Public needs no token.
	Role Role
	// Scoped means the handler restricts its answer to PrincipalOf(c).Scope.
	// A route without it refuses scoped tokens with 403, so a new endpoint
	// cannot leak rows across scopes by forgetting the filter.
	Scoped bool
	// Query lists the accepted query parameters; any other answers 400.
	Query []string
	// ETag: ETagData (default) answers 304 before the handler runs when the
	// data version and request are unchanged; ETagBody hashes the response
	// (for ledgers that change without new data); ETagNone sends none.
	ETag ETagMode
	// Audit, when set, records every call in the audit log under this action
	// (sql, export, upload, etl_run, download); handlers add rows and detail with
	// SetAuditRows and SetAuditDetail.
	Audit string
	// Summary is one line for the OpenAPI document and the route list.
	Summary string
	Handler fiber.Handler
}

// ETagMode says how a route's ETag is computed.
type ETagMode int

// ETag modes.
const (
	ETagData ETagMode = iota
	ETagBody
	ETagNone
)

// APIPrefix is where the JSON API lives.
const APIPrefix = "/api/v1"

// FullPath is the route's path as clients call it.
func (rt Route) FullPath() string {
	if rt.Root {
		return rt.Path
	}
	return APIPrefix + rt.Path
}

// routes is the route table. To add an endpoint, add one entry here and its
// handler as a method of *Server in a file of its own (see api/README.md).
func (s *Server) routes() []Route {
	return append([]Route{
		{Method: fiber.MethodGet, Root: true, Path: "/healthz", Role: Public, ETag: ETagNone, Summary: "存活检查", Handler: s.healthz},
		{Method: fiber.MethodGet, Root: true, Path: "/readyz", Role: Public, ETag: ETagNone, Summary: "就绪检查：仓库已打开、迁移为最新、最近一次 ETL 的状态", Handler: s.readyz},
		{Method: fiber.MethodGet, Root: true, Path: "/metrics", Role: Public, ETag: ETagNone, Summary: "Prometheus 指标", Handler: s.metricsHandler},

		{Method: fiber.MethodGet, Path: "/etl/runs", Role: Admin, ETag: ETagBody, Query: []string{"limit", "offset"}, Summary: "ETL 运行台账", Handler: s.listRuns},
		{Method: fiber.MethodGet, Path: "/etl/runs/:id", Role: Admin, ETag: ETagBody, Summary: "一次 ETL 运行及其每个文件的结果", Handler: s.getRun},
		{Method: fiber.MethodPost, Path: "/etl/runs", Role: Admin, ETag: ETagNone, Audit: "etl_run", Summary: "立即运行一次收件箱 ETL", Handler: s.startRun},
		{Method: fiber.MethodPost, Path: "/documents", Role: Admin, Scoped: true, ETag: ETagNone, Audit: "upload",
			Summary: "上传一份报告：解析、入库并返回报告、计算值和发现的问题", Handler: s.upload},
		{Method: fiber.MethodPost, Path: "/sql", Role: Analyst, ETag: ETagNone, Audit: "sql",
			Summary: "只读 SQL 查询（沙箱，最近一次提交后的快照）：json、csv、xlsx、parquet；请求头 X-Query-Id 为查询命名以便取消", Handler: s.runSQL},
		{Method: fiber.MethodDelete, Path: "/sql/:qid", Role: Analyst, ETag: ETagNone,
			Summary: "取消本令牌一条正在运行的 SQL 查询（按 X-Query-Id），服务器端查询立即中止", Handler: s.cancelSQL},
		{Method: fiber.MethodGet, Path: "/compare", Role: Analyst, Scoped: true, Query: []string{"unit", "region", "years", "format"}, Audit: "export",
			Summary: "年度对比表：每个单位的指标得分和数据，每年一列，含增减和增减率（json、csv、xlsx、parquet）", Handler: s.compare},
		{Method: fiber.MethodGet, Path: "/audit", Role: Admin, Scoped: true, ETag: ETagBody, Query: []string{"action", "token_id", "limit", "offset"},
			Summary: "审计日志（SQL 查询、导出、上传、接口启动的 ETL）", Handler: s.listAudit},
	}, append(s.resourceRoutes(), s.webRoutes()...)...)
}

// Routes is the route table (for the OpenAPI document and its test).
func (s *Server) Routes() []Route { return s.routes() }
