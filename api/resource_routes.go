package api

import (
	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	warehouse "jixiao/sql"
)

// resourceRoutes are the read resources, the dashboards and the OpenAPI
// document (see resources.go, dashboards.go, openapi.go).
func (s *Server) resourceRoutes() []Route {
	get := fiber.MethodGet
	return []Route{
		{Method: get, Path: "/units", Role: Viewer, Scoped: true, Query: listParams(warehouse.UnitList),
			Summary: "单位列表：规范名称、地区、有自评报告的年度", Handler: s.listHandler(warehouse.UnitList)},
		{Method: get, Path: "/years", Role: Viewer, Scoped: true,
			Summary: "有自评报告的年度及报告数", Handler: s.listYears},
		{Method: get, Path: "/measures", Role: Viewer, Scoped: true,
			Summary: "可查询趋势的指标代码、名称和计量单位", Handler: s.listMeasures},
		{Method: get, Path: "/evaluations", Role: Viewer, Scoped: true, Query: listParams(warehouse.Evaluations),
			Summary: "自评报告列表（每个单位每年一份当前有效的报告），可筛选、分页、排序", Handler: s.listHandler(warehouse.Evaluations)},
		{Method: get, Path: "/evaluations/:id", Role: Viewer, Scoped: true,
			Summary: "一份自评报告的完整数据：各表数据及出处、指标自报值与重算值、得分、目标、发现的问题", Handler: s.getEvaluation},
		{Method: get, Path: "/documents/:id/file", Role: Admin, Scoped: true, ETag: ETagNone, Audit: "download",
			Summary: "下载一份报告的原始文件（含未打码的联系电话，故需管理员角色；单位或地区令牌只能下载范围内的报告）", Handler: s.documentFile},
		{Method: get, Path: "/evaluations/:id/reuse", Role: Viewer, Scoped: true,
			Summary: "一份自评报告的文字雷同：与本单位上年报告、与同年最相近的其他单位报告相同的句子及比例（数字、年份不计）", Handler: s.getReuse},
		{Method: get, Path: "/indicators", Role: Viewer, Scoped: true, Query: listParams(warehouse.Indicators),
			Summary: "评分指标：自报值、重算值、自评得分与重算得分", Handler: s.listHandler(warehouse.Indicators)},
		{Method: get, Path: "/trends/:measure", Role: Viewer, Scoped: true, Query: listParams(warehouse.Trends),
			Summary: "一个指标的逐年趋势：本年值、上年值、增减额、同比（%）", Handler: s.listHandler(warehouse.Trends)},
		{Method: get, Path: "/targets", Role: Viewer, Scoped: true, Query: listParams(warehouse.Targets),
			Summary: "年度目标完成情况：目标值、实际值、完成率、是否达标", Handler: s.listHandler(warehouse.Targets)},
		{Method: get, Path: "/findings", Role: Viewer, Scoped: true, Query: listParams(warehouse.Findings),
			Summary: "数据质量与自评复核发现的问题", Handler: s.listHandler(warehouse.Findings)},
		{Method: get, Path: "/coverage", Role: Viewer, Scoped: true, Query: listParams(warehouse.Coverage),
			Summary: "报告覆盖情况：单位×年度 已报/缺报", Handler: s.listHandler(warehouse.Coverage)},
		{Method: get, Path: "/dashboards", Role: Viewer, Scoped: true,
			Summary: "看板列表（编号、中文标题、筛选条件、图表）", Handler: s.listDashboards},
		{Method: get, Path: "/dashboards/:id", Role: Viewer, Scoped: true, Query: dashboards.Filters,
			Summary: "一个看板及其每个图表的数据", Handler: s.getDashboard},
		{Method: get, Path: "/openapi.json", Role: Public, ETag: ETagBody,
			Summary: "本 API 的 OpenAPI 3.1 文档", Handler: s.openAPIJSON},
	}
}
