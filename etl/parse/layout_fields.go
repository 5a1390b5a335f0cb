package parse

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"jixiao/etl/number"
)

// The label dictionary of the layout readers (layout_table.go,
// layout_cover.go, layout_kv.go): every spelling of a form's label that
// other templates use, mapped to the contract figure it names. The readers
// never guess from a label's words: a label is either in this dictionary
// (mapped to a figure, or known to name something the contract does not
// hold, such as 控制率) or unknown, and an unknown label in a header makes
// its column unreadable, never a neighbour's.

// figureKind is what a layout label's values are.
type figureKind int

const (
	kindNone  figureKind = iota // a known label the contract has no figure for (控制率, 执行率, 序号)
	kindCount                   // people: a non-negative whole number, 人/名 or no unit
	kindMoney                   // money: converted to 万元 from the unit the cell, column or table states
	kindName                    // a name column (单位名称): text, never a figure
)

// layoutField is one figure the layout readers fill; field is the contract
// path as report.Missing spells it, with the column for table rows
// ("income.total", "three_public.reception").
type layoutField struct {
	field string
	label string // as the form names it, for messages
	kind  figureKind
}

// Contract paths of the layout readers' figures.
const (
	lfAuthorized = "staffing.authorized"
	lfActual     = "staffing.actual"
)

// layoutLabels maps a header key (headerKey) to its figure.
var layoutLabels = func() map[string]layoutField {
	m := map[string]layoutField{}
	add := func(f layoutField, keys ...string) {
		for _, k := range keys {
			m[k] = f
		}
	}
	add(layoutField{lfAuthorized, "编制数", kindCount}, "编制数", "编制人数", "人员编制", "人员编制数", "核定编制", "核定编制数",
		"核定编制人数", "编制", "编制总数", "编制总人数")
	add(layoutField{lfActual, "实有人数", kindCount}, "实有人数", "实际在职人数", "在职人数", "实有人员", "实有人员数", "实际人数",
		"在职人员", "在职人员数", "实有在职人数", "实有在职人员", "年末在职人数", "年末实有人数", "实际在职人员", "现有人数", "在职职工人数")
	add(layoutField{"income.total", "收入合计", kindMoney}, "收入合计", "本年收入合计", "收入总计", "总收入", "收入总额", "本年收入")
	add(layoutField{"income.carryover", "上年结转", kindMoney}, "上年结转", "上年结转结余", "上年结转和结余", "年初结转和结余")
	add(layoutField{"income.fiscal_appropriation", "财政拨款", kindMoney}, "财政拨款", "公共财政拨款", "一般公共预算财政拨款",
		"财政拨款收入", "一般公共预算拨款", "一般公共预算财政拨款收入")
	add(layoutField{"income.gov_fund", "政府基金拨款", kindMoney}, "政府性基金", "政府基金拨款", "政府性基金拨款", "政府性基金预算拨款",
		"政府性基金预算财政拨款")
	add(layoutField{"income.special_account_nontax", "非税收入", kindMoney}, "非税收入", "纳入专户管理的非税收入拨款",
		"非税收入拨款", "专户管理非税收入", "纳入专户管理的非税收入")
	add(layoutField{"income.other", "其他收入", kindMoney}, "其他收入")
	add(layoutField{"expenditure.total", "支出合计", kindMoney}, "支出合计", "本年支出合计", "支出总计", "总支出", "支出总额", "本年支出")
	add(layoutField{"expenditure.basic", "基本支出", kindMoney}, "基本支出")
	add(layoutField{"expenditure.personnel", "人员支出", kindMoney}, "人员支出", "人员经费", "人员经费支出")
	add(layoutField{"expenditure.public_use", "公用支出", kindMoney}, "公用支出", "公用经费", "公用经费支出")
	add(layoutField{"expenditure.project", "项目支出", kindMoney}, "项目支出")
	add(layoutField{"expenditure.balance_current", "当年结余", kindMoney}, "当年结余")
	add(layoutField{"expenditure.balance_cumulative", "累计结余", kindMoney}, "累计结余", "年末结转和结余", "年末结余")
	add(layoutField{"three_public.total", "三公经费合计", kindMoney}, "三公经费合计", "三公经费", "三公经费支出", "三公经费总额")
	add(layoutField{"three_public.reception", "公务接待费", kindMoney}, "公务接待费", "公务接待", "公务接待经费")
	add(layoutField{"three_public.vehicle_operation", "公务用车运行维护费", kindMoney}, "公务用车运行维护费", "公车运行维护费",
		"公务用车运行费", "公务用车运行维护经费", "公车运行维护")
	add(layoutField{"three_public.vehicle_purchase", "公务用车购置费", kindMoney}, "公务用车购置费", "公车购置费", "公务用车购置", "公车购置")
	add(layoutField{"three_public.overseas", "因公出国（境）费", kindMoney}, "因公出国(境)费", "因公出国(境)费用", "因公出国(境)经费",
		"因公出国境费", "因公出国费", "出国经费", "因公出国(境)")
	add(layoutField{"budget.initial", "年初预算", kindMoney}, "年初预算", "年初预算数", "年初预算金额")
	add(layoutField{"budget.three_public_budget", "三公经费预算", kindMoney}, "三公经费预算", "三公经费预算数", "三公经费年初预算",
		"三公经费年初预算数")
	add(layoutField{"budget.three_public_actual", "三公经费实际支出", kindMoney}, "三公经费决算", "三公经费决算数",
		"三公经费实际支出", "三公经费实际支出数", "三公经费执行数")
	add(layoutField{"budget.public_use_budget", "公用经费预算", kindMoney}, "公用经费预算", "公用经费预算数", "公用经费年初预算")
	add(layoutField{"budget.public_use_actual", "公用经费实际支出", kindMoney}, "公用经费决算", "公用经费决算数",
		"公用经费实际支出", "公用经费执行数")
	// A matrix's cells (layout_matrix.go) are looked up by row and column
	// label together: "公务接待费" + "决算数".
	actuals := []string{"决算数", "决算", "实际支出", "实际支出数", "执行数", "全年执行数", "支出数", "实际数"}
	for _, part := range []struct {
		field, label string
		names        []string
	}{
		{"three_public.reception", "公务接待费", []string{"公务接待费", "公务接待", "公务接待经费"}},
		{"three_public.vehicle_operation", "公务用车运行维护费", []string{"公务用车运行维护费", "公车运行维护费", "公车运行维护", "公务用车运行费"}},
		{"three_public.vehicle_purchase", "公务用车购置费", []string{"公务用车购置费", "公车购置费", "公车购置", "公务用车购置"}},
		{"three_public.overseas", "因公出国（境）费", []string{"因公出国(境)费", "因公出国(境)费用", "出国经费", "因公出国费", "出国(境)经费"}},
		{"budget.three_public_actual", "三公经费实际支出", []string{"三公经费"}},
		{"budget.public_use_actual", "公用经费实际支出", []string{"公用经费"}},
	} {
		for _, n := range part.names {
			for _, a := range actuals {
				add(layoutField{part.field, part.label, kindMoney}, n+a)
			}
		}
	}
	for _, n := range []string{"政府采购", "政府采购金额", "政府采购支出"} {
		for _, b := range []string{"预算数", "预算", "年初预算数"} {
			add(layoutField{"budget.procurement_budget", "政府采购预算", kindMoney}, n+b)
		}
		for _, a := range actuals {
			add(layoutField{"budget.procurement_actual", "实际政府采购金额", kindMoney}, n+a)
		}
	}
	// Known labels without a contract figure: they keep their column, so
	// that the columns beside them are read from the right cell.
	add(layoutField{kind: kindNone}, "控制率", "编制控制率", "人员控制率", "财政供养人员控制率", "执行率", "预算执行率",
		"全年预算", "全年预算数", "调整预算", "调整预算数", "调整后预算", "调整后预算数", "预算数", "决算数", "实际支出",
		"实际支出数", "执行数", "全年执行数", "支出数", "差额", "差异", "增减", "增减额", "增减率", "备注", "说明", "序号",
		"上年决算数", "上年数", "本年数", "上年预算数", "离退休人数", "退休人数", "离退休人员", "临聘人员", "编外人员",
		"编外人数", "合计", "指标", "调整率", "调整数", "预算调整率", "调整后预算", "实有人数占编制比例", "年度", "其中", "完成率", "完成值", "目标值", "结余率")
	add(layoutField{kind: kindName}, "单位名称", "部门名称", "部门(单位)名称", "单位", "名称", "项目", "项目名称",
		"科目", "类别", "内容", "机构名称")
	return m
}()

var (
	// headerUnitRE finds a unit in brackets within a label: "收入合计（万元）",
	// "编制数(人)", "（单位：元）".
	headerUnitRE = regexp.MustCompile(`\((?:单位:|金额单位:)?(万元|亿元|千元|元|人|名|%)\)`)
	// headerYearRE is a year opening a label: "2019年实际在职人数".
	headerYearRE = regexp.MustCompile(`^(20\d\d)年度?`)
	// labelLeadRE is numbering or 其中 before a label: "1、", "(一)", "其中:".
	labelLeadRE = regexp.MustCompile(`^(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.]|\((?:\d{1,2}|[一二三四五六七八九十]{1,3})\)|其中:?)`)
)

// headerLabel is a header cell read as a label.
type headerLabel struct {
	key  string // the label as the dictionary spells it
	unit string // a unit the label states in brackets ("万元", "人"), else ""
	year int    // a year the label opens with, else 0
}

// readHeaderLabel normalises a header cell: norm, no trailing colon, the
// bracketed unit and the opening year taken out, numbering and 其中 dropped.
func readHeaderLabel(s string) headerLabel {
	t := strings.TrimRight(norm(s), ":")
	var h headerLabel
	// Every cell of every row is read as a label, most of them plain words:
	// each expression runs only when the text can open (or hold) a match.
	if strings.IndexByte(t, '(') >= 0 {
		if m := headerUnitRE.FindStringSubmatchIndex(t); m != nil {
			h.unit = t[m[2]:m[3]]
			t = t[:m[0]] + t[m[1]:]
		}
	}
	if strings.HasPrefix(t, "20") {
		if m := headerYearRE.FindStringSubmatch(t); m != nil {
			h.year, _ = strconv.Atoi(m[1])
			t = t[len(m[0]):]
		}
	}
	if mayOpenLead(t) {
		// The expression is anchored and never matches empty: replacing
		// every match removes the one that opens t, if any (without the
		// copy ReplaceAllString makes of t when nothing matches).
		if m := labelLeadRE.FindStringIndex(t); m != nil {
			t = t[m[1]:]
		}
	}
	h.key = strings.TrimRight(t, ":")
	return h
}

// mayOpenLead reports whether t opens with what labelLeadRE's match must
// open with: a digit, a bracket, a Chinese numeral up to 十, or 其中.
func mayOpenLead(t string) bool {
	if t == "" {
		return false
	}
	if c := t[0]; c >= '0' && c <= '9' || c == '(' {
		return true
	}
	r, _ := utf8.DecodeRuneInString(t)
	return strings.ContainsRune("一二三四五六七八九十其", r)
}

// lookupLabel returns the dictionary entry of a label and whether it is known.
func lookupLabel(key string) (layoutField, bool) {
	f, ok := layoutLabels[key]
	return f, ok
}

// layoutValue is a value cell as written: a figure, its unit, a percentage.
type layoutValue struct {
	v     *float64 // nil for a blank cell or placeholder
	unit  string   // 万元, 亿元, 千元, 元, 人, 名, 个, %, or ""
	raw   string
	blank bool
}

// valueUnits may follow a figure in a value cell, longest first.
var valueUnits = []string{"万元", "亿元", "千元", "元", "人", "名", "个", "%"}

// readValue reads a value cell: a number (full-width digits, thousands
// separators, a negative amount in brackets as accountants write it) with an
// optional unit, or a blank or placeholder. ok is false when the cell is not
// a value at all (words, a date, a document number such as "财预2013 53号").
func readValue(s string) (layoutValue, bool) {
	t := strings.TrimSpace(number.Normalize(s))
	lv := layoutValue{raw: t}
	switch t {
	case "", "-", "—", "——", "/", "／", "无", "—/—":
		lv.blank = true
		return lv, true
	}
	neg := false
	if n := len(t); n >= 2 && (t[0] == '(' && t[n-1] == ')') {
		t, neg = t[1:n-1], true
	} else if strings.HasPrefix(t, "（") && strings.HasSuffix(t, "）") && len(t) > len("（）") {
		t, neg = t[len("（"):len(t)-len("）")], true
	}
	for _, u := range valueUnits {
		if strings.HasSuffix(t, u) {
			lv.unit, t = u, strings.TrimSpace(strings.TrimSuffix(t, u))
			break
		}
	}
	if t == "" || !numeric(t) {
		return lv, false
	}
	v, err := number.ParseDecimal(t)
	if err != nil {
		return lv, false
	}
	if neg {
		if v < 0 {
			return lv, false
		}
		v = -v
	}
	lv.v = &v
	return lv, true
}

// numeric reports whether t holds only what a written number holds: digits,
// separators, a decimal point and a leading sign.
func numeric(t string) bool {
	digits := false
	for i, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case r == ',' || r == '.' || r == '，':
		case (r == '-' || r == '+') && i == 0:
		default:
			return false
		}
	}
	return digits
}

// isValueCell reports whether a cell is a figure (not a blank).
func isValueCell(s string) bool {
	lv, ok := readValue(s)
	return ok && !lv.blank
}

// isLabelCell reports whether a cell reads as a label: words, no figure
// beyond a year that opens it ("2019年实际在职人数").
func isLabelCell(s string) bool {
	_, ok := labelCell(s)
	return ok
}

// labelCell is isLabelCell with the label it read, for the readers that
// go on to use it.
func labelCell(s string) (headerLabel, bool) {
	h := readHeaderLabel(s)
	return h, h.key != "" && !hasDigit(h.key) && !isValueCell(s)
}
