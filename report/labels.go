package report

// fieldLabels are the form's own words for the contract fields a report can
// miss (Report.Missing, Completeness.Missing): what a report owner reads
// instead of a field path.
var fieldLabels = map[string]string{
	"unit.name":                           "单位名称",
	"unit.region":                         "所属地区",
	"fiscal_year":                         "评价年度",
	"scheme":                              "评分方案",
	"contact":                             "联系人及电话",
	"staffing.authorized":                 "人员编制",
	"staffing.actual":                     "实有人数",
	"income":                              "年度收入情况表",
	"expenditure":                         "年度支出和结余情况表",
	"three_public":                        "“三公”经费表",
	"fixed_assets":                        "固定资产表",
	"budget.carryover":                    "上年结转",
	"budget.initial":                      "年初预算",
	"budget.supplementary":                "本年追加预算",
	"budget.year_end_balance":             "年末结余",
	"budget.adjustment":                   "预算调整数",
	"budget.public_use_budget":            "公用经费预算",
	"budget.public_use_actual":            "公用经费实际支出",
	"budget.three_public_budget":          "“三公”经费预算",
	"budget.three_public_actual":          "“三公”经费实际支出",
	"budget.three_public_budget_prev":     "上年“三公”经费预算",
	"budget.procurement_budget":           "政府采购预算",
	"budget.procurement_actual":           "实际政府采购金额",
	"expenditure_detail.wages_welfare":    "工资福利支出",
	"expenditure_detail.goods_services":   "商品和服务支出",
	"expenditure_detail.family_subsidies": "对个人和家庭补助支出",
	"expenditure_detail.capital_other":    "其他资本性支出",
	"expenditure_detail.projects":         "项目支出明细",
	"indicators":                          "绩效评价指标",
	"score.total":                         "自评总分",
	"score.grade":                         "评价等次",
	"score.by_level1":                     "一级指标得分",
	"form.total_score":                    "表中绩效自评综合得分",
	"form.grade":                          "表中评价等次",
	"evaluators":                          "评价人员",
	"goals":                               "绩效目标",
}

// FieldLabel is the Chinese name of a contract field path such as
// "budget.carryover" (上年结转); a path it does not know is returned as is.
func FieldLabel(field string) string {
	if l, ok := fieldLabels[field]; ok {
		return l
	}
	return field
}

// documentTypeLabels are the document types as users name them.
var documentTypeLabels = map[string]string{
	DocumentDepartment:    "部门整体支出绩效自评报告",
	DocumentProject:       "项目支出绩效自评报告",
	DocumentFinalAccounts: "部门决算公开文件中的自评部分",
	DocumentOther:         "其他文件",
}

// DocumentTypeLabel is the Chinese name of a document type (DocumentDepartment
// → 部门整体支出绩效自评报告); an unknown type is returned as is.
func DocumentTypeLabel(t string) string {
	if l, ok := documentTypeLabels[t]; ok {
		return l
	}
	return t
}
