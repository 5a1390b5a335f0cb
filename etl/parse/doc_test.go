package parse

import (
	"strings"

	"jixiao/etl/extract"
)

// Test documents are written here in our own words and figures (a fictional
// 州数据示范中心), never copied from the seed report.

func para(text string) extract.Block {
	return extract.Block{Kind: extract.Paragraph, Text: text}
}

// tbl builds a table block; each row is its cells separated by "|".
func tbl(rows ...string) extract.Block {
	t := &extract.Table{}
	for _, r := range rows {
		var row extract.Row
		for _, c := range strings.Split(r, "|") {
			row.Cells = append(row.Cells, extract.Cell{Text: c, Span: 1})
		}
		t.Rows = append(t.Rows, row)
	}
	return extract.Block{Kind: extract.TableBlock, Table: t}
}

func mkdoc(blocks ...extract.Block) *extract.Document {
	return &extract.Document{Format: "txt", Encoding: "utf-8", Blocks: blocks}
}

// Form pieces of the fictional report (万元).
var (
	formContact = []string{
		"联系人|李四海|联系电话|0743-1234567",
		"人员编制|20|实有人数|16",
	}
	formIncome = []string{
		"年度收入情况（万元）",
		"机构名称|收入合计|其中：",
		"||上年结转|公共财\n政拨款|政府基金拨款|纳入专户管理的非税收入拨款|其他\n收入",
		"局机关及二级机构汇总|||||| ",
		"1、局机关|210.5|10.5|200||||",
		"2、二级机构1|||||| ",
	}
	formExpenditure = []string{
		"部门（单位）年度支出和结余情况（万元）",
		"机构名称|支出合计|其中：|结余",
		"||基本支出|其中：|项目支出|当年结余|累计结余",
		"|||人员支出|公用支出|||",
		"局机关及二级机构汇总||||||| ",
		"1、局机关|190.5|150|120|30|40.5|20|25",
	}
	formThreePublic = []string{
		"机构名称|三公经费\n合计|其中：",
		"||公务接待费|公务用车运行维护费|公务用车购置费|因公出国（境）费用",
		"局机关及二级机构汇总|||||",
		"1、局机关|6|2|4|0|",
	}
	formFixedAssets = []string{
		"机构名称|固定资产\n合计|其中：",
		"||在用固定资产|出租固定资产|其他",
		"局机关及二级机构汇总||||",
		"1、局机关|55.2|50|5|0.2",
	}
	formScoreRow = []string{
		"绩效自评综合得分及评价等次|备注：90分（含）以上为优；75（含）—90分为良；60（含）—75分为中；60分以下为差。",
	}
	formEvaluators = []string{
		"四、评价人员",
		"姓  名|职务/职称|单  位|签  字",
		"王五|主任|州数据示范中心|",
		"赵六|会计|州数据示范中心|",
		"评价组组长签署意见：",
	}
)

func formRowsOf(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// narrative is the fictional report's text; one paragraph per element.
var narrative = []string{
	"州数据示范中心2023年度部门整体支出绩效自评报告",
	"经湘西自治州编委批复，州数据服务站更名为州数据示范中心，为州发改委所属正科级事业单位。",
	"（一）基本支出情况",
	"2023年本单位基本支出150万元，其中工资福利支出100万元，商品和服务支出30万元，对个人和家庭的补助支出20万元，其他资本性支出0万元。",
	"（二）项目支出情况",
	"2023年本单位项目支出40.5万元，其中：数据采集25.5万元，用于外业调查。平台运维15万元，用于服务器租用。",
	"六、部门整体支出绩效情况",
	"1、投入",
	"（1）目标设定情况",
	"①绩效目标合理性（4分）：本单位2023年度目标依据充分，按评分标准得满分4分。",
	"②在职人员控制率（4分）：本单位2023年度编制人数20人，实际在职人员为16人，在职人员控制率＝（在职人数÷编制数）×100%＝（16÷20）×100%＝80%，得满分4分。",
	"2、过程",
	"（1）预算执行情况",
	"①预算完成率（10分）：本单位上年结转 10.5 万元，年初预算为200万元，本年追加预算0万元，年末结余20万元；预算完成率＝（上年结转+年初预算+本年追加-年末结余）÷（上年结转+年初预算+本年追加）×100%＝90.5%，",
	"按评分标准得8分。",
	"②“三公经费”控制率（6分）：2023年度“三公经费”实际支出6万元，“三公经费”年初预算数8万元；2022年度预算安排的“三公经费”总额为9万元。控制率＝6÷8×100%＝75%，得满分6分。",
	"③公用经费控制率（5分）：2023年度实际公用经费支出为30万元，年初预算安排公用经费为32万元，得满分5分。",
	"④政府采购执行率（5分）：年初政府采购预算为12（以批复为准）万元，实际政府采购金额为12万元，得满分5分。",
	"⑤预算调整率（5分）：剔除政策性追加后，实际追加预算为0万元，预算调整率＝0%，得满分5分。",
	"3、产出及效率",
	"（1）职责履行",
	"数据共享完成率（6分）：全年计划共享目录40项，完成38项，完成率＝95%，扣1分，得5分。",
	"（2）履职效益",
	"①社会公众或服务对象满意度（6分）：综合满意度＝93.5%，得满分6分。",
	"4、绩效评价结论",
	"根据评价指标体系测算，本单位投入绩效为8分，过程绩效为29分，产出及效率绩效为11分，总绩效为48分，评价结果等次为“差”。",
}

// sampleDoc is the whole fictional report: the form table then the narrative.
func sampleDoc() *extract.Document {
	blocks := []extract.Block{tbl(formRowsOf(formContact, formIncome, formExpenditure, formThreePublic, formFixedAssets, formScoreRow, formEvaluators)...)}
	for _, t := range narrative {
		blocks = append(blocks, para(t))
	}
	return mkdoc(blocks...)
}
