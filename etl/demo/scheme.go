package demo

// level1Names are the scheme's level-1 groups in order.
var level1Names = [3]string{"投入", "过程", "产出及效率"}

// indicatorDef is one indicator of the seed's scheme (DESIGN §5).
type indicatorDef struct {
	code, name, level1, level2 string
	max                        float64
	headings                   [2]string // heading spellings, chosen by variant
}

// scheme is the seed's scheme: 投入 13 / 过程 61 / 产出及效率 26.
var scheme = []indicatorDef{
	{"goal_reasonableness", "绩效目标合理性", "投入", "目标设定", 3, [2]string{"绩效目标合理性", "绩效目标的合理性"}},
	{"indicator_clarity", "绩效指标明确性", "投入", "目标设定", 3, [2]string{"绩效指标明确性", "绩效指标的明确性"}},
	{"staff_control_rate", "在职人员控制率", "投入", "预算配置", 3, [2]string{"在职人员控制率", "在职人员控制率"}},
	{"sangong_change_rate", "三公经费变动率", "投入", "预算配置", 4, [2]string{"“三公经费”变动率", "三公经费变动率"}},
	{"budget_completion_rate", "预算完成率", "过程", "预算执行", 5, [2]string{"预算完成率", "预算完成率"}},
	{"budget_adjust_rate", "预算调整率", "过程", "预算执行", 5, [2]string{"预算调整率", "预算调整率"}},
	{"new_building_area_ctrl", "新建楼堂馆所面积控制率", "过程", "预算执行", 1, [2]string{"新建楼堂馆所面积控制率", "新建楼堂馆所面积控制率"}},
	{"new_building_invest_ctrl", "新建楼堂馆所投资概算控制率", "过程", "预算执行", 1, [2]string{"新建楼堂馆所投资概算控制率", "新建楼堂馆所投资概算控制率"}},
	{"public_exp_ctrl", "公用经费控制率", "过程", "预算管理", 8, [2]string{"公用经费控制率", "公用经费控制率"}},
	{"sangong_ctrl", "三公经费控制率", "过程", "预算管理", 8, [2]string{"“三公经费”控制率", "三公经费控制率"}},
	{"gov_procurement_exec", "政府采购执行率", "过程", "预算管理", 6, [2]string{"政府采购执行率", "政府采购执行率"}},
	{"mgmt_system_sound", "管理制度健全性", "过程", "预算管理", 8, [2]string{"管理制度健全性", "管理制度健全性"}},
	{"fund_use_compliance", "资金使用合规性", "过程", "预算管理", 6, [2]string{"资金使用合规性", "资金使用合规性"}},
	{"budget_disclosure", "预决算信息公开性", "过程", "预算管理", 5, [2]string{"预决算信息公开性", "预决算信息公开性"}},
	{"asset_mgmt_system", "资产管理制度健全性", "过程", "资产管理", 2, [2]string{"资产管理制度健全性", "资产管理制度健全性"}},
	{"asset_mgmt_safety", "资产管理安全性", "过程", "资产管理", 3, [2]string{"资产管理安全性", "资产管理安全性"}},
	{"fixed_asset_utilization", "固定资产利用率", "过程", "资产管理", 3, [2]string{"固定资产利用率", "固定资产利用率"}},
	{"key_task_completion", "重点工作实际完成率", "产出及效率", "职责履行", 8, [2]string{"重点工作实际完成率", "重点工作实际完成率"}},
	{"econ_social_benefit", "经济效益和社会效益", "产出及效率", "履职效益", 6, [2]string{"经济效益和社会效益", "经济效益和社会效益"}},
	{"admin_efficiency", "行政效能", "产出及效率", "履职效益", 6, [2]string{"行政效能", "行政效能"}},
	{"satisfaction", "社会公众或服务对象满意度", "产出及效率", "履职效益", 6, [2]string{"社会公众或服务对象满意度", "社会公众或服务对象满意度"}},
}

// The level-2 groups in print order with their headings.
var level2Order = []struct{ level1, level2, heading string }{
	{"投入", "目标设定", "（1）目标设定情况"},
	{"投入", "预算配置", "（2）预算配置情况"},
	{"过程", "预算执行", "（1）预算执行情况"},
	{"过程", "预算管理", "（2）预算管理情况"},
	{"过程", "资产管理", "（3）资产管理情况"},
	{"产出及效率", "职责履行", "（1）职责履行情况"},
	{"产出及效率", "履职效益", "（2）履职效益情况"},
}

// qualitative texts: two phrasings and a deduction reason per indicator.
var qualitative = map[string]struct {
	texts [2]string
	weak  string
}{
	"goal_reasonableness": {[2]string{
		"本单位{Y}年度整体支出绩效目标依据部门职责和年度工作计划设定，与中长期发展规划相衔接，目标内容符合实际、依据充分",
		"{Y}年度绩效目标在预算编制阶段同步申报，紧扣本单位“三定”职责和年度重点任务，目标设定科学合理",
	}, "但个别目标与预算资金的对应关系不够紧密"},
	"indicator_clarity": {[2]string{
		"绩效指标按照产出、效益和满意度分类设置，指标细化、量化程度较高，便于考核评价",
		"所设定的绩效指标清晰具体，能够反映年度主要工作任务，指标值与预算规模基本匹配",
	}, "但部分效益指标以定性描述为主，量化程度有待提高"},
	"mgmt_system_sound": {[2]string{
		"本单位建立健全了财务管理、预算管理、政府采购、公务接待、差旅费管理等内部控制制度，各项制度合法合规并得到有效执行",
		"单位内部管理制度较为完备，涵盖预算编制、经费审批、合同管理和资产管理等环节，制度执行情况良好",
	}, "但个别制度修订不够及时"},
	"fund_use_compliance": {[2]string{
		"各项资金支出严格按照预算批复用途使用，审批程序完整，会计核算规范，未发现截留、挤占、挪用等违规问题",
		"资金拨付和使用符合财经法规及专项资金管理规定，大额支出经集体研究决定，手续齐全",
	}, "但少数报销凭证附件不够完整"},
	"budget_disclosure": {[2]string{
		"本单位按规定时限在门户网站公开了本年度部门预算和上年度部门决算，公开内容完整，数据真实准确",
		"预决算信息按要求及时公开，并对“三公经费”等社会关注事项作了说明，基础数据真实完整",
	}, "但部分项目支出说明不够详细"},
	"asset_mgmt_system": {[2]string{
		"本单位制定了固定资产管理办法，明确了资产配置、使用、处置等环节的管理要求，并严格执行",
		"资产管理制度健全，资产购置、登记、领用和报废均有章可循",
	}, "但资产管理信息系统数据更新不够及时"},
	"asset_mgmt_safety": {[2]string{
		"本单位资产账实相符，配置合理，处置程序规范，未发生资产流失情况",
		"年末对固定资产进行了全面清查盘点，资产保管安全，账、卡、物一致",
	}, "但少量闲置设备未及时办理处置手续"},
	"econ_social_benefit": {[2]string{
		"{EFFECT}本单位各项工作为全州经济社会发展提供了有力支撑",
		"{EFFECT}履职成效得到上级部门和服务对象的肯定",
	}, "但部分工作的长效机制尚未完全建立"},
	"admin_efficiency": {[2]string{
		"本单位持续深化作风建设，优化内部办事流程，推行限时办结和首问负责制度，公文流转和事项办理效率明显提高",
		"通过精简会议文件、推进网上办公和加强干部业务培训，行政运行成本得到有效控制，履职效率不断提升",
	}, "但个别业务环节衔接仍需加强"},
}

// scorePhrases end an indicator paragraph: full marks, a deduction, in three
// phrasings.
var scorePhrases = [3]struct{ full, part string }{
	{"根据评分标准，本单位该项指标得满分{M}分。", "根据评分标准，扣{D}分，本单位该项指标得{S}分。"},
	{"对照评分细则，本项得满分{M}分。", "对照评分细则，本项扣{D}分，得{S}分。"},
	{"按照评分办法，该指标得满分{M}分。", "按照评分办法，该指标扣减{D}分，得{S}分。"},
}

// budgetLadder is the 预算完成率 ladder of the hunan-xiangxi-2021 scheme data
// (etl/scheme): ≥100% 5, ≥95% 4, ≥90% 3, below 0 (the seed's 85.02% → 0).
func budgetLadder(rate float64) float64 {
	switch {
	case rate >= 100:
		return 5
	case rate >= 95:
		return 4
	case rate >= 90:
		return 3
	}
	return 0
}
