package demo

import (
	"strconv"
	"strings"
)

// cell is one form cell: its grid span and its paragraphs.
type cell struct {
	span  int
	paras []string
}

// para is one paragraph of the narrative after the form.
type para struct {
	text  string
	title bool // centred and bold in docx
	gap   bool // txt: a blank line follows
}

// layout is a report's content independent of the file format: the form's rows
// (8 grid columns, spans as in the standard form) and the narrative paragraphs.
type layout struct {
	rows  [][]cell
	paras []para
}

func c(span int, paras ...string) cell {
	if len(paras) == 0 {
		paras = []string{""}
	}
	return cell{span: span, paras: paras}
}

// pick chooses one of several phrasings: the report's variant shifted by a
// per-sentence salt, so units mix phrasings instead of using one set each.
func (s *Spec) pick(salt int, n int) int { return (s.Variant + salt) % n }

func (s *Spec) y() string  { return itoa(s.Year) }
func (s *Spec) py() string { return itoa(s.Year - 1) }

// money prints an amount in the narrative; variant 2 drops ".00" from whole amounts.
func (s *Spec) money(v float64) string {
	if v == 0 {
		return "0"
	}
	return fmtMoney(v, s.Variant == 2)
}

func cellMoney(v *float64, trim bool) string {
	if v == nil {
		return ""
	}
	return fmtMoney(*v, trim)
}

func (s *Spec) layout() layout {
	var l layout
	l.rows = s.formRows()
	l.paras = s.narrative()
	return l
}

// formRows builds the 57 rows of the standard self-evaluation form.
func (s *Spec) formRows() [][]cell {
	rows := make([][]cell, 0, 57)
	add := func(cs ...cell) { rows = append(rows, cs) }

	add(c(8, "一、部门（单位）基本概况"))
	add(c(2, "联系人"), c(2, s.Contact.Name), c(2, "联系电话"), c(2, s.Contact.Phone))
	add(c(2, "人员编制"), c(2, itoa(s.Authorized)), c(2, "实有人数"), c(2, itoa(s.Actual)))
	add(c(4, "职能职责概述"), c(4, s.dutyParas()...))
	add(c(4, "年度主要", "", "工作内容"), c(4, s.taskParas()...))
	add(c(4, "年度部门（单位）总体运行情况及取得的成绩"), c(4, s.operationParas()...))

	add(c(8, "二、部门（单位）收支情况"))
	add(c(8, "年度收入情况（万元）"))
	add(c(2, "机构名称"), c(2, "收入合计"), c(4, "其中："))
	add(c(1), c(1), c(1, "上年结转"), c(1, "公共财", "", "政拨款"), c(1, "政府基金拨款"), c(1, "纳入专户管理的非税收入拨款"), c(2, "其他", "", "收入"))
	for i, in := range s.Income {
		add(c(1, orgLabels[i]), c(1, cellMoney(in.Total, false)), c(1, cellMoney(in.Carryover, false)),
			c(1, cellMoney(in.FiscalAppropriation, false)), c(1, cellMoney(in.GovFund, false)),
			c(1, cellMoney(in.SpecialAccountNontax, false)), c(2, cellMoney(in.Other, false)))
	}
	add(c(8, "部门（单位）年度支出和结余情况（万元）"))
	add(c(2, "机构名称"), c(2, "支出合计"), c(2, "其中："), c(2, "结余"))
	add(c(1), c(1), c(1, "基本支出"), c(1, "其中："), c(1, "项目支出"), c(1, "当年结余"), c(2, "累计结余"))
	add(c(1), c(1), c(1), c(1, "人员支出"), c(1, "公用支出"), c(1), c(1), c(1))
	for i, e := range s.Expenditure {
		add(c(1, orgLabels[i]), c(1, cellMoney(e.Total, false)), c(1, cellMoney(e.Basic, false)),
			c(1, cellMoney(e.Personnel, false)), c(1, cellMoney(e.PublicUse, false)), c(1, cellMoney(e.Project, false)),
			c(1, cellMoney(e.BalanceCurrent, false)), c(1, cellMoney(e.BalanceCumulative, false)))
	}
	trim := s.Variant == 1 // 三公 amounts are often whole: "1" rather than "1.00"
	add(c(2, "机构名称"), c(2, "三公经费", "", "合计"), c(4, "其中："))
	add(c(1), c(1), c(1, "公务接待费"), c(1, "公务用车运行维护费"), c(1, "公务用车购置费"), c(3, "因公出国（境）费用"))
	for i, t := range s.ThreePublic {
		add(c(1, orgLabels[i]), c(1, cellMoney(t.Total, trim)), c(1, cellMoney(t.Reception, trim)),
			c(1, cellMoney(t.VehicleOperation, trim)), c(1, cellMoney(t.VehiclePurchase, trim)), c(3, cellMoney(t.Overseas, trim)))
	}
	add(c(2, "机构名称"), c(2, "固定资产", "", "合计"), c(4, "其中："))
	add(c(1), c(1), c(1, "在用固定资产"), c(1, "出租固定资产"), c(4, "其他"))
	for i, f := range s.FixedAssets {
		add(c(1, orgLabels[i]), c(1, cellMoney(f.Total, false)), c(1, cellMoney(f.InUse, false)),
			c(1, cellMoney(f.Leased, false)), c(4, cellMoney(f.Other, false)))
	}

	add(c(8, "三、部门（单位）整体支出绩效自评情况"))
	add(c(2, "整体支出绩效定性目标及实施计划完成情况"), c(2, "预期目标"), c(4, "实际完成"))
	add(c(2), c(2, s.Goals...), c(4, s.Achievements...))
	add(c(1, "整体支出", "", "绩效定量目标及实施计划完成情况"), c(1, "评价内容"), c(1), c(1, "绩效目标"), c(4, "完成情况"))
	add(c(2), c(2, "产出目标", "", "（年度重点工作和实事任务完成情况）"), c(4, "数量、质量、时效、成本指标"))
	add(c(2, "指标1："), c(2, s.Outputs[0]), c(4, "完成"))
	add(c(1), c(1), c(1), c(1, "指标2："), c(1, s.Outputs[1]), c(3, "完成"))
	add(c(1), c(1), c(1), c(1, "指标3："), c(1, s.Outputs[2]), c(3, "完成"))
	add(c(1), c(1), c(1), c(1, "……"), c(1), c(3))
	add(c(2), c(2, "效益目标", "", "（预期实现的效益）"), c(2, "社会、经济、生态效益"), c(2, "指标1："))
	add(c(8, s.Benefit))
	add(c(8, "完成"))
	add(c(2), c(2), c(2, "社会公众或服务对象满意度"), c(2, "指标1："))
	add(c(4, "面向服务对象、社会公众和单位职工开展满意度问卷调查"), c(4, "完成"))
	bands := "备注：90（含）—100分为优；80（含）—90分为良；60（含）—80分为较差；60分以下为差。"
	if s.AltBands {
		bands = "备注：90分（含）以上为优，80（含）—90分为良，60（含）—80分为中，60分以下为差。"
	}
	if s.ScoreInForm {
		score := fmtNum(s.Total) + "分（" + s.Grade + "）"
		if s.pick(1, 2) == 1 {
			score = fmtNum(s.Total) + "分，" + s.Grade
		}
		add(c(2, "绩效自评综合得分及评价等次"), c(2, score), c(4, bands))
	} else {
		add(c(4, "绩效自评综合得分及评价等次"), c(4, bands))
	}

	add(c(8, "四、评价人员"))
	add(c(2, "姓  名"), c(2, "职务/职称"), c(2, "单  位"), c(2, "签  字"))
	for _, e := range s.Evaluators {
		add(c(2, e.Name), c(2, e.Title), c(2, e.Unit), c(2))
	}
	add(c(8, "评价组组长签署意见：", "", "评价组组长（签字）：", "", "年    月    日"))
	add(c(8, "部门（单位）意见：", "", "部门（单位）负责人（签字）：          部门（单位）（盖章）：", "", "年    月    日"))
	add(c(8, "财政部门归口业务科室意见：", "", "财政部门归口业务科室负责人（签字）：          财政部门归口业务科室（盖章）：", "", "年    月    日"))
	add(c(8))
	return rows
}

var cnDigits = []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// cnOrdinal writes 1..99 in Chinese numerals (一, 十一, 二十三).
func cnOrdinal(n int) string {
	switch {
	case n < 10:
		return cnDigits[n]
	case n < 20:
		return "十" + cnDigits[n%10]
	}
	return cnDigits[n/10%10] + "十" + cnDigits[n%10]
}

func (s *Spec) dutyParas() []string {
	var out []string
	for i, d := range s.Duties {
		n := "（" + cnOrdinal(i+1) + "）"
		if s.pick(0, 2) == 0 {
			out = append(out, n+d)
		} else {
			out = append(out, n, d)
		}
	}
	return out
}

// taskParas lists 年度主要工作内容: plain tasks, then the tasks with a target.
func (s *Spec) taskParas() []string {
	var lines []string
	n := 0
	next := func() string { n++; return "任务" + itoa(n) + "：" }
	if len(s.TaskTexts) > 0 {
		lines = append(lines, next()+s.TaskTexts[0])
	}
	for _, g := range s.Targets {
		lines = append(lines, next()+g.Text+fmtNum(g.Value)+g.Unit+"以上。")
	}
	for _, t := range s.TaskTexts[min(1, len(s.TaskTexts)):] {
		lines = append(lines, next()+t)
	}
	var out []string
	for i, l := range lines {
		if i > 0 && s.pick(i, 3) == 0 {
			out = append(out, "")
		}
		out = append(out, l)
	}
	return out
}

func (s *Spec) operationParas() []string {
	out := []string{"一、工作开展情况"}
	intro := [3]string{
		s.y() + "年，本单位紧紧围绕州委州政府中心工作，认真履行部门职责，各项工作取得新进展。",
		s.y() + "年，在上级部门的正确领导下，本单位干部职工团结协作、真抓实干，较好地完成了年度各项目标任务。",
		"本年度，本单位坚持以党建引领业务发展，聚焦主责主业，扎实推进各项重点工作。",
	}
	out = append(out, intro[s.pick(0, 3)])
	for i, w := range s.Works {
		out = append(out, itoa(i+1)+"."+w)
	}
	out = append(out, "二、工作取得成效")
	if k := s.kpiParagraph(); k != "" {
		out = append(out, k)
	}
	for i, e := range s.Events {
		out = append(out, s.eventSentence(i, e))
	}
	if db := s.kpi("investor_database_firms"); db != nil {
		out = append(out, "持续完善客商资源库，已收录珠三角、长三角、京津冀、成渝等地区目标企业"+db.text()+"，并对重点企业信息逐一核实。")
	}
	if len(s.Common) > 0 {
		out = append(out, "三、其他工作情况")
		for i, w := range s.Common {
			out = append(out, "（"+cnOrdinal(i+1)+"）"+w)
		}
	}
	return out
}

// kpi returns the KPI with code, or nil.
func (s *Spec) kpi(code string) *KPI {
	for i := range s.KPIs {
		if s.KPIs[i].Code == code {
			return &s.KPIs[i]
		}
	}
	return nil
}

func (s *Spec) target(code string) *Goal {
	for i := range s.Targets {
		if s.Targets[i].Code == code {
			return &s.Targets[i]
		}
	}
	return nil
}

// change prints a year-over-year change: "同比增长5.2%" or "同比下降2.3%".
func change(k *KPI) string {
	if k.Value < 0 {
		return "同比下降" + k.text()
	}
	return "同比增长" + k.text()
}

// periodText prints a KPI period with one of the dashes reports use.
func (s *Spec) periodText(k *KPI, salt int) string {
	from, to, _ := strings.Cut(k.Period, "-")
	return from + [3]string{"-", "—", "至"}[s.pick(salt, 3)] + to + "年"
}

// kpiParagraph renders the unit's KPI sentence; every figure comes from KPIs and
// Targets so a changed figure changes the text.
func (s *Spec) kpiParagraph() string {
	k := s.kpi
	var b strings.Builder
	switch s.Kind {
	case "investment":
		projects, inflow, yoy, done, n500 := k("investment_projects"), k("investment_inflow"), k("investment_inflow_yoy"), k("investment_target_completion"), k("top500_new_projects")
		if projects == nil || inflow == nil || yoy == nil || done == nil || n500 == nil {
			return ""
		}
		task := 0.0
		if t := s.target("top500_new_projects"); t != nil {
			task = t.Value
		}
		share := fmtNum(pct(n500.Value, task)) // Truth's top500_task_completion
		if s.pick(2, 2) == 0 {
			b.WriteString(s.y() + "年，全州共实施省外境内招商引资项目" + projects.text() + "，到位资金" + inflow.text() + "，" + change(yoy) +
				"，完成省定年度目标任务的" + done.text() + "；新引进“三类500强”企业投资项目" + n500.text() +
				"，完成年度任务（" + fmtNum(task) + "个）的" + share + "%。")
		} else {
			b.WriteString("全年全州省外境内到位资金" + inflow.text() + "，" + change(yoy) + "，完成省定年度目标任务的" + done.text() +
				"，实施省外境内招商引资项目" + projects.text() + "。新引进“三类500强”企业投资项目" + n500.text() +
				"，完成年度任务（" + fmtNum(task) + "个）的" + share + "%。")
		}
		pairs := []struct{ label, a, b string }{
			{"新引进“三类500强”项目", "top500_fulfilment_rate", "top500_funds_rate"},
			{"省级以上签约项目", "provincial_signed_fulfilment_rate", "provincial_signed_funds_rate"},
			{"州级签约项目", "prefecture_signed_fulfilment_rate", "prefecture_signed_funds_rate"},
		}
		for i, p := range pairs {
			fa, fb := k(p.a), k(p.b)
			if fa == nil || fb == nil {
				continue
			}
			sep := "；"
			if i == len(pairs)-1 {
				sep = "。"
			}
			b.WriteString(s.periodText(fa, 0) + p.label + "履约率" + fa.text() + "，资金到位率" + fb.text() + sep)
		}
	case "commerce":
		retail, ry, trade, ty, firms := k("retail_sales"), k("retail_sales_yoy"), k("foreign_trade"), k("foreign_trade_yoy"), k("new_above_quota_firms")
		if retail == nil || ry == nil || trade == nil || ty == nil || firms == nil {
			return ""
		}
		if s.pick(2, 2) == 0 {
			b.WriteString(s.y() + "年，全州实现社会消费品零售总额" + retail.text() + "，" + change(ry) + "；外贸进出口总额" + trade.text() + "，" + change(ty) + "；新增限额以上商贸企业" + firms.text() + "。")
		} else {
			b.WriteString("全年全州社会消费品零售总额达到" + retail.text() + "，" + change(ry) + "；完成外贸进出口总额" + trade.text() + "，" + change(ty) + "；全年新增限额以上商贸企业" + firms.text() + "。")
		}
	case "tourism":
		v, rev, ry := k("visitors"), k("tourism_revenue"), k("tourism_revenue_yoy")
		if v == nil || rev == nil || ry == nil {
			return ""
		}
		if s.pick(2, 2) == 0 {
			b.WriteString(s.y() + "年，全州共接待国内外游客" + v.text() + "，实现旅游总收入" + rev.text() + "，" + change(ry) + "。")
		} else {
			b.WriteString("全年全州接待游客" + v.text() + "，旅游总收入" + rev.text() + "，" + change(ry) + "。")
		}
	case "agriculture":
		area, out, inc, iy := k("grain_area"), k("grain_output"), k("rural_income_per_capita"), k("rural_income_yoy")
		if area == nil || out == nil || inc == nil || iy == nil {
			return ""
		}
		b.WriteString(s.y() + "年，全州粮食播种面积" + area.text() + "，粮食总产量" + out.text() + "；农村居民人均可支配收入" + inc.text() + "，" + change(iy) + "。")
	case "statistics":
		if t := k("survey_tasks"); t != nil {
			b.WriteString("全年共完成国家、省、州下达的各类统计调查任务" + t.text() + "，各类报表均按时报送。")
		}
	case "forestry":
		cov, aff := k("forest_coverage"), k("afforestation")
		if cov == nil || aff == nil {
			return ""
		}
		b.WriteString(s.y() + "年，全州森林覆盖率达到" + cov.text() + "，完成人工造林" + aff.text() + "。")
	}
	return b.String()
}

func (s *Spec) eventSentence(i int, e Event) string {
	sub := ""
	if e.MalformedSubpart {
		// A typo as reports have them: a stray point before the unit ("12.5.亿元").
		sub = "，其中文旅康养类项目" + itoa(max(e.Signed/4, 2)) + "个，投资额" + strconv.FormatFloat(e.SignedAmount/4, 'f', 1, 64) + ".亿元"
	}
	date := itoa(e.Month) + "月" + itoa(e.Day) + "日"
	body := "发布招商项目" + itoa(e.Released) + "个，总投资" + fmtNum(e.ReleasedAmount) + "亿元；签约合作项目" + itoa(e.Signed) + "个，总投资" + fmtNum(e.SignedAmount) + "亿元" + sub + "。"
	if s.pick(i, 2) == 0 {
		return date + "，配合州商务局在" + e.City + "举办" + e.name(s.Year) + "，会上" + body
	}
	return date + "，本单位协助在" + e.City + "成功举办" + e.name(s.Year) + "，活动现场" + body
}

// narrative is the free-text report after the form.
func (s *Spec) narrative() []para {
	var ps []para
	add := func(t string) { ps = append(ps, para{text: t, gap: true}) }
	line := func(t string) { ps = append(ps, para{text: t}) }

	ps = append(ps, para{text: "部门整体支出绩效评价报告", title: true, gap: true})
	if s.Note != "" {
		add(s.Note)
	}
	if s.Serial != "" {
		add("报告编号：" + s.Serial)
	}
	add("一、部门（单位）基本情况")
	intro := s.Unit + s.Intro
	if s.RenameDoc != "" {
		var rename string
		if s.pick(0, 2) == 0 {
			rename = "根据州委机构编制委员会《关于州本级部分事业单位更名的批复》（" + s.RenameDoc + "），" + s.FormerName + "更名为" + s.Unit + "，机构规格和隶属关系不变。"
			intro = rename + intro
		} else {
			rename = "按照" + s.RenameDoc + "文件要求，" + s.FormerName + "更名为" + s.Unit + "，仍由" + s.Parent + "管理。"
			intro += rename
		}
	}
	if s.Variant == 0 {
		intro = "   " + intro
	}
	add(intro)
	line("（一）主要职责")
	for i, d := range s.Duties {
		line(itoa(i+1) + "．" + d)
	}
	line("（二）内设机构")
	line("根据上述职责，" + s.Unit + "设" + itoa(len(s.Sections)) + "个内设机构：")
	for i, sec := range s.Sections {
		line(itoa(i+1) + "．" + sec.Name + "：" + sec.Duty + "。")
	}
	line("（三）人员编制")
	staff := [3]string{
		s.Unit + "核定" + s.StaffKind + itoa(s.Authorized) + "名，" + s.y() + "年末实有在职人员" + itoa(s.Actual) + "人。",
		"根据“三定”方案，" + s.Unit + "核定" + s.StaffKind + itoa(s.Authorized) + "名；截至" + s.y() + "年12月31日，实有在职在编人员" + itoa(s.Actual) + "名。",
		"本单位共核定" + s.StaffKind + itoa(s.Authorized) + "名，年末实有人数" + itoa(s.Actual) + "人。",
	}
	add(staff[s.pick(1, 3)])
	line("（四）年度整体支出绩效目标")
	add(s.y() + "年度，本单位部门整体支出绩效目标完成率设定为100%，各项目支出绩效目标完成率均为100%。")

	add("二、一般公共预算支出情况")
	line("（一）基本支出情况")
	d := s.Detail
	m := s.money
	basic := [3]string{
		s.y() + "年度全年基本支出合计" + m(d.Basic) + "万元。按经济分类，工资福利支出" + m(d.WagesWelfare) + "万元，商品和服务支出" + m(d.GoodsServices) + "万元，对个人和家庭补助支出" + m(d.FamilySubsidies) + "万元，其他资本性支出" + m(d.CapitalOther) + "万元。",
		"本年度基本支出" + m(d.Basic) + "万元，主要包括：工资福利支出" + m(d.WagesWelfare) + "万元；商品和服务支出" + m(d.GoodsServices) + "万元；对个人和家庭补助支出" + m(d.FamilySubsidies) + "万元；其他资本性支出" + m(d.CapitalOther) + "万元。",
		s.y() + "年基本支出" + m(d.Basic) + "万元，其中：工资福利支出" + m(d.WagesWelfare) + "万元、商品和服务支出" + m(d.GoodsServices) + "万元、对个人和家庭补助支出" + m(d.FamilySubsidies) + "万元、其他资本性支出" + m(d.CapitalOther) + "万元。",
	}
	add(basic[s.pick(2, 3)])
	line("（二）项目支出情况")
	var pb strings.Builder
	switch s.pick(3, 3) {
	case 0:
		pb.WriteString(s.y() + "年度项目支出" + m(d.Project) + "万元，其中：")
		for i, p := range d.Projects {
			if i > 0 {
				pb.WriteString("；")
			}
			pb.WriteString(p.Name + m(p.Amount) + "万元，主要用于" + p.Purpose)
		}
	case 1:
		pb.WriteString("本年度项目支出共" + m(d.Project) + "万元，具体为：")
		for i, p := range d.Projects {
			if i > 0 {
				pb.WriteString("；")
			}
			pb.WriteString(p.Name + m(p.Amount) + "万元，用于" + p.Purpose)
		}
	default:
		pb.WriteString(s.y() + "年项目支出" + m(d.Project) + "万元，分项目看：")
		for i, p := range d.Projects {
			if i > 0 {
				pb.WriteString("，")
			}
			pb.WriteString("“" + p.Name + "”" + m(p.Amount) + "万元")
		}
		pb.WriteString("，分别用于")
		for i, p := range d.Projects {
			if i > 0 {
				pb.WriteString("、")
			}
			pb.WriteString(p.Purpose)
		}
	}
	pb.WriteString("。")
	add(pb.String())
	add("三、政府性基金预算支出情况")
	add("本单位" + s.y() + "年度无政府性基金预算支出。")
	add("四、国有资本经营预算支出情况")
	add("本单位无国有资本经营预算支出。")

	add("五、部门整体支出绩效情况")
	l1 := ""
	seq := 0
	for _, g := range level2Order {
		if g.level1 != l1 {
			l1 = g.level1
			for k, n := range level1Names {
				if n == l1 {
					add(itoa(k+1) + "、" + n)
				}
			}
		}
		add(g.heading)
		n := 0
		for _, in := range s.Indicators {
			if in.Level1 != g.level1 || in.Level2 != g.level2 {
				continue
			}
			add(s.indicatorParagraph(in, n, g.level2 == "职责履行", seq))
			n++
			seq++
		}
	}
	add("4、绩效评价结论")
	score := [3]string{
		"经对照评价指标逐项打分，",
		"本单位" + s.y() + "年度部门整体支出绩效自评结果：",
		"综合各项指标得分，",
	}
	a, b, cc := fmtNum(s.ByLevel1[0]), fmtNum(s.ByLevel1[1]), fmtNum(s.ByLevel1[2])
	tail := "投入绩效为" + a + "分，过程绩效为" + b + "分，产出及效率绩效为" + cc + "分，总绩效为" + fmtNum(s.Total) + "分。评价结果等次为“" + s.Grade + "”。"
	add("（1）绩效评价得分情况。" + score[s.pick(4, 3)] + tail)
	add("（2）存在的问题。")
	for i, p := range s.Problems {
		add(string(rune('①'+i)) + p)
	}
	add("六、经验教训及改进建议")
	add("1、经验教训")
	lessons := [2]string{
		"通过开展" + s.y() + "年度部门整体支出绩效自评，本单位进一步树立了“花钱必问效、无效必问责”的理念，认识到绩效管理贯穿预算编制、执行和监督全过程，必须把目标管理、运行监控和评价结果应用结合起来，不断提高财政资金使用效益。",
		"本次自评使全体干部职工对预算绩效管理有了更深入的理解：预算编制要立足职能、量入为出，预算执行要严格规范、注重时效，绩效评价要实事求是、以评促改。",
	}
	add(lessons[s.pick(5, 2)])
	add("2、改进建议")
	for i, a := range s.Advice {
		add("（" + itoa(i+1) + "）" + a)
	}
	return ps
}

// indicatorParagraph renders one scored indicator: heading with its points, the
// figures and formula, and the score sentence.
func (s *Spec) indicatorParagraph(in Indicator, n int, bare bool, seq int) string {
	var def indicatorDef
	for _, d := range scheme {
		if d.code == in.Code {
			def = d
		}
	}
	heading := def.headings[s.pick(seq, 2)]
	pts := "（" + fmtNum(in.Max) + "分）："
	if s.Variant == 2 {
		pts = "(" + fmtNum(in.Max) + "分)："
	}
	num := ""
	if !bare || s.Variant != 0 {
		num = string(rune('①' + n))
	}
	indent := ""
	if s.Variant == 1 {
		indent = "\u3000"
	}
	body := s.indicatorBody(in, seq)
	if q, ok := qualitative[in.Code]; ok {
		body = strings.ReplaceAll(q.texts[s.pick(seq, 2)], "{Y}", s.y())
		body = strings.ReplaceAll(body, "{EFFECT}", s.Effect)
		if in.Weak && !in.FullClaim {
			body += "，" + q.weak
		}
	}
	return indent + num + heading + pts + body + "，" + s.scorePhrase(in, seq)
}

func (s *Spec) scorePhrase(in Indicator, seq int) string {
	p := scorePhrases[s.pick(seq, 3)]
	var t string
	switch {
	case in.FullClaim:
		t = strings.ReplaceAll(p.full, "{M}", fmtNum(in.Score))
	case in.Score >= in.Max:
		t = strings.ReplaceAll(p.full, "{M}", fmtNum(in.Max))
	default:
		t = strings.ReplaceAll(p.part, "{D}", fmtNum(in.Max-in.Score))
		t = strings.ReplaceAll(t, "{S}", fmtNum(in.Score))
	}
	return t
}

// indicatorBody writes the figures and the formula of a computed indicator.
func (s *Spec) indicatorBody(in Indicator, seq int) string {
	b := s.Budget
	m := s.money
	v := ""
	if in.Value != nil {
		v = fmtNum(*in.Value)
	}
	alt := s.pick(seq, 2) == 1
	switch in.Code {
	case "staff_control_rate":
		a, n := itoa(s.Actual), itoa(s.Authorized)
		if alt {
			return s.y() + "年度编制数为" + n + "人，实际在职" + a + "人，在职人员控制率＝实有人数÷编制数×100%＝（" + a + "÷" + n + "）×100%＝" + v + "%"
		}
		return "本单位" + s.y() + "年度核定" + s.StaffKind + n + "名，年末实有在职人员" + a + "人，在职人员控制率＝（在职人数÷编制数）×100%＝（" + a + "÷" + n + "）×100%＝" + v + "%，未超出编制数"
	case "sangong_change_rate":
		cur, prev := m(b.ThreePublicBudget), m(b.ThreePublicBudgetPrev)
		val := signed(*in.Value, s.Variant == 1)
		note := ""
		if *in.Value <= 0 {
			note = "，预算规模未增加"
		}
		if alt {
			return "本年度“三公经费”预算安排" + cur + "万元，上年度预算安排" + prev + "万元，变动率＝（" + cur + "万元－" + prev + "万元）÷" + prev + "万元×100%＝" + val + "%" + note
		}
		return s.y() + "年度本单位“三公经费”预算数为" + cur + "万元，上年度“三公经费”预算数为" + prev + "万元，“三公经费”变动率＝（本年度“三公经费”预算数－上年度“三公经费”预算数）÷上年度“三公经费”预算数×100%＝（" + cur + "－" + prev + "）÷" + prev + "×100%＝" + val + "%" + note
	case "budget_completion_rate":
		c, i, sp, y := m(b.Carryover), m(b.Initial), m(b.Supplementary), m(b.YearEndBalance)
		if alt {
			return s.y() + "年度上年结转资金" + c + "万元，年初预算" + i + "万元，本年追加" + sp + "万元，年末结转结余" + y + "万元，预算完成率＝（" + c + "万元＋" + i + "万元＋" + sp + "万元－" + y + "万元）÷（" + c + "万元＋" + i + "万元＋" + sp + "万元）×100%＝" + v + "%"
		}
		return "本单位上年结转" + c + "万元，年初预算" + i + "万元，本年追加预算" + sp + "万元，年末结余" + y + "万元。预算完成率＝（上年结转＋年初预算＋本年追加预算－年末结余）÷（上年结转＋年初预算＋本年追加预算）×100%＝（" + c + "＋" + i + "＋" + sp + "－" + y + "）÷（" + c + "＋" + i + "＋" + sp + "）×100%＝" + v + "%"
	case "budget_adjust_rate":
		sp, pp, a, i := m(b.Supplementary), m(b.PolicySupplement), m(b.Adjustment), m(b.Initial)
		if alt {
			return "本年度追加预算共" + sp + "万元，剔除政策性追加" + pp + "万元后，实际调整预算" + a + "万元，预算调整率＝调整数÷年初预算数×100%＝（" + a + "÷" + i + "）×100%＝" + v + "%"
		}
		return s.y() + "年度本单位追加预算" + sp + "万元，其中因落实工资调整及奖励性绩效等政策追加" + pp + "万元，按规定予以剔除，预算调整数为" + a + "万元。预算调整率＝（预算调整数÷年初预算数）×100%＝（" + a + "万元÷" + i + "万元）×100%＝" + v + "%，低于10%"
	case "new_building_area_ctrl", "new_building_invest_ctrl":
		if alt {
			return "本年度未安排楼堂馆所建设"
		}
		return s.y() + "年度本单位无新建楼堂馆所项目"
	case "public_exp_ctrl":
		a, bb := m(b.PublicUseActual), m(b.PublicUseBudget)
		if alt {
			return "本年度公用经费预算" + bb + "万元，实际支出" + a + "万元，公用经费控制率＝（" + a + "÷" + bb + "）×100%＝" + v + "%"
		}
		return s.y() + "年度本单位实际支出公用经费" + a + "万元，年初预算安排公用经费" + bb + "万元，公用经费控制率＝（实际支出公用经费÷预算安排公用经费）×100%＝（" + a + "万元÷" + bb + "万元）×100%＝" + v + "%，控制在预算范围内"
	case "sangong_ctrl":
		a, bb := m(b.ThreePublicActual), m(b.ThreePublicBudget)
		ra, va := m(b.ReceptionActual), m(b.ThreePublicActual-b.ReceptionActual)
		rb, vb := m(b.ReceptionBudget), m(b.ThreePublicBudget-b.ReceptionBudget)
		if s.Quirks.ReceptionOverBudget > 0 {
			rb, vb = m(s.Quirks.ReceptionOverBudget), "0"
			alt = false
		}
		cmp := "＝" + v + "%"
		if *in.Value < 100 || s.Quirks.FalseComparison {
			cmp += "＜100%"
		}
		if alt {
			return "本年度“三公经费”预算" + bb + "万元，实际支出" + a + "万元，其中公务接待费" + ra + "万元、公务用车运行维护费" + va + "万元，“三公经费”控制率＝（" + a + "÷" + bb + "）×100%" + cmp
		}
		return s.y() + "年度本单位“三公经费”实际支出" + a + "万元（其中公务接待费" + ra + "万元、公务用车运行维护费" + va + "万元），“三公经费”年初预算数" + bb + "万元（其中公务接待费" + rb + "万元、公务用车运行维护费" + vb + "万元），“三公经费”控制率＝（“三公经费”实际支出数÷“三公经费”预算安排数）×100%＝（" + a + "万元÷" + bb + "万元）×100%" + cmp
	case "gov_procurement_exec":
		bb, a := m(b.ProcurementBudget), m(b.ProcurementActual)
		if s.Quirks.Residue {
			bb += "（查预算数）"
		}
		when := ""
		if s.Quirks.PrevYearProcurement {
			when = s.py() + "年"
		}
		if alt {
			return "本年度年初政府采购预算为" + bb + "万元，" + when + "全年实际完成政府采购" + a + "万元，政府采购执行率＝（" + m(b.ProcurementActual) + "÷" + m(b.ProcurementBudget) + "）×100%＝" + v + "%"
		}
		return s.y() + "年度本单位政府采购预算" + bb + "万元，" + when + "实际政府采购金额" + a + "万元（其中货物类" + m(b.ProcGoods) + "万元、服务类" + m(b.ProcServices) + "万元、工程类" + m(b.ProcWorks) + "万元），政府采购执行率＝（实际政府采购金额÷政府采购预算数）×100%＝（" + m(b.ProcurementActual) + "万元÷" + m(b.ProcurementBudget) + "万元）×100%＝" + v + "%"
	case "fixed_asset_utilization":
		t, u := m(b.FixedTotal), m(b.FixedInUse)
		if alt {
			return "本单位固定资产账面总额" + t + "万元，实际在用" + u + "万元，固定资产利用率＝（" + u + "÷" + t + "）×100%＝" + v + "%"
		}
		return s.y() + "年末本单位固定资产总额" + t + "万元，其中在用固定资产" + u + "万元，固定资产利用率＝（在用固定资产总额÷固定资产总额）×100%＝（" + u + "万元÷" + t + "万元）×100%＝" + v + "%"
	case "key_task_completion":
		n, d := itoa(s.TasksOK), itoa(s.TasksDue)
		if alt {
			return "本年度共安排重点工作" + d + "项，已完成" + n + "项，完成率＝（" + n + "÷" + d + "）×100%＝" + v + "%。" + s.KeyWork
		}
		return s.KeyWork + "。" + s.y() + "年度计划完成重点工作" + d + "项，实际完成" + n + "项，重点工作实际完成率＝（实际完成数÷计划数）×100%＝（" + n + "÷" + d + "）×100%＝" + v + "%"
	case "satisfaction":
		sv := s.Survey
		se, pu, st := fmtNum(sv.Service), fmtNum(sv.Public), fmtNum(sv.Staff)
		if alt {
			return "通过问卷调查（共" + itoa(sv.Sheets) + "份），服务对象满意度为" + se + "%，社会公众满意度为" + pu + "%，部门内部员工满意度为" + st + "%，社会公众或服务对象综合满意度＝" + se + "%×50%＋" + pu + "%×40%＋" + st + "%×10%＝" + v + "%"
		}
		return "本单位面向服务对象、社会公众和单位内部职工发放满意度调查问卷" + itoa(sv.Sheets) + "份，统计结果为：服务对象满意度" + se + "%，社会公众满意度" + pu + "%，部门内部员工满意度" + st + "%。综合满意度＝服务对象满意度×50%＋社会公众满意度×40%＋部门内部员工满意度×10%＝" + v + "%，高于90%"
	}
	return ""
}
