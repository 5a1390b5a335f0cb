package parse

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"jixiao/etl/cjk"
	"jixiao/etl/number"
	"jixiao/etl/rematch"
	"jixiao/report"
)

// moneyValue follows a label: optional 为/是/colon/共/合计, the number, an optional
// short parenthetical (template residue such as "(查预算数)") and the unit.
// It runs on norm()ed text, so there are no spaces, quotes or full-width forms.
const moneyValue = `(?:为|是|:|共计|共|合计|总计|达到|达)*([+\-]?\d[\d,.]*)(?:\([^)]{0,16}\))?(亿元|万元|千元|元|万|亿)`

// quantitySpec is a label-anchored money figure of the narrative.
type quantitySpec struct {
	field string   // JSON name in report.Budget / report.ExpenditureDetail
	label string   // Chinese name for messages
	hints []string // literals of which every match contains one; other sentences are skipped
	re    *rematch.Finder
	// notIn skips a match whose clause, before the label, contains one of
	// these: "三公经费年初预算数1万元" is not the unit's 年初预算.
	notIn []string
	// byYear routes a clause naming the previous year (上年 or fiscal year − 1)
	// to prevField, and ignores clauses naming other years.
	byYear    bool
	prevField string
}

func moneyLabel(labels string) *rematch.Finder {
	return rematch.New(regexp.MustCompile(`(?:` + labels + `)` + moneyValue))
}

// budgetSpecs are the budget-execution figures (DESIGN §4 budget).
var budgetSpecs = []quantitySpec{
	// 年初结余 is the carry-over seen from the new year; a PDF's "年初结余未
	// 19.8万元" and "年未结余数" are the typos 未 for 为 and 未 for 末 (未 is
	// taken only right before the number, where it can mean nothing else).
	{field: "carryover", label: "上年结转", hints: []string{"上年结"}, re: moneyLabel(`上年结转(?:和结余|及结余|结余)?(?:资金|数)?|上年结余(?:资金|数)?`)},
	{field: "carryover", label: "上年结转", hints: []string{"年初结"}, re: moneyLabel(`年初结(?:转和结余|转及结余|余)(?:资金|数)?未?`), notIn: []string{"三公", "公用经费", "采购", "项目"}},
	{field: "initial", label: "年初预算", hints: []string{"年初预算"}, re: moneyLabel(`年初预算(?:数|资金|金额)?(?:安排)?`), notIn: []string{"三公", "公用经费", "采购", "项目"}},
	{field: "supplementary", label: "本年追加预算", hints: []string{"追加"}, re: moneyLabel(`(?:本年度?|当年|年中)(?:本单位|本部门)?追加(?:预算)?(?:数|资金)?|(?:20\d\d年度?|本年度?)(?:本单位|本部门)?(?:预算追加|追加预算)(?:数|资金)?`),
		notIn: []string{"其中"}},
	{field: "year_end_balance", label: "年末结余", hints: []string{"年末", "年未结余"}, re: moneyLabel(`年末(?:结转和结余|结转及结余|结转结余|结余|结转)(?:资金|数)?|年未结余(?:资金|数)?`)},
	{field: "adjustment", label: "实际追加预算（预算调整数）", hints: []string{"实际追加", "实际调整", "预算调整"}, re: moneyLabel(`实际(?:追加|调整)(?:预算)?(?:数|金额)?|预算调整(?:数|金额)`)},
	{field: "public_use_budget", label: "公用经费预算", hints: []string{"公用经费"}, re: moneyLabel(`(?:年初)?预算安排公用经费(?:总额)?|公用经费(?:年初)?预算(?:数|安排数)?`)},
	{field: "public_use_actual", label: "公用经费实际支出", hints: []string{"公用经费"}, re: moneyLabel(`实际(?:支出)?公用经费(?:支出)?(?:总额)?|公用经费实际支出(?:数|总额)?`)},
	{field: "three_public_budget", label: "三公经费预算", hints: []string{"三公经费"}, re: moneyLabel(`(?:年初)?预算安排三公经费(?:总额|预算数|预算)?|三公经费(?:年初)?预算(?:数|安排数|总额)?`),
		byYear: true, prevField: "three_public_budget_prev"},
	{field: "three_public_actual", label: "三公经费实际支出", hints: []string{"三公经费"}, re: moneyLabel(`三公经费实际(?:支出)?(?:数|总额)?|实际支出三公经费(?:决算)?(?:总额|数)?|三公经费(?:财政拨款)?支出决算(?:数)?`)},
	{field: "procurement_budget", label: "政府采购预算", hints: []string{"政府采购"}, re: moneyLabel(`政府采购预算(?:数|金额)?`)},
	{field: "procurement_actual", label: "实际政府采购金额", hints: []string{"政府采购"}, re: moneyLabel(`实际(?:完成)?政府采购(?:金额|支出)?|政府采购实际(?:支出|金额)(?:数)?`)},
}

// detailSpecs are the basic-expenditure breakdown (DESIGN §4 expenditure_detail).
var detailSpecs = []quantitySpec{
	{field: "wages_welfare", label: "工资福利支出", hints: []string{"工资福利"}, re: moneyLabel(`工资福利(?:支出)?`)},
	{field: "goods_services", label: "商品和服务支出", hints: []string{"商品"}, re: moneyLabel(`商品和服务(?:支出)?|商品服务支出`)},
	{field: "family_subsidies", label: "对个人和家庭补助支出", hints: []string{"对个人和家庭"}, re: moneyLabel(`对个人和家庭补助(?:支出)?`)},
	{field: "capital_other", label: "其他资本性支出", hints: []string{"资本性支出"}, re: moneyLabel(`(?:其他)?资本性支出`)},
}

// moneyUnits are the unit characters every money figure ends with.
var moneyUnits = []string{"元", "万", "亿"}

// labelName returns the Chinese label of a field for messages.
func labelName(specs []quantitySpec, field string) string {
	for _, s := range specs {
		if s.field == field {
			return s.label
		}
		if s.prevField == field {
			return "上年" + s.label
		}
	}
	return field
}

// quantity is one labelled figure found in the narrative.
type quantity struct {
	value float64
	ev    *report.Evidence
}

// topic lets a bare label borrow its subject from earlier in the sentence:
// in "本年度“三公经费”预算1.10万元，实际支出0.88万元" the 实际支出 is the
// 三公经费's.
type topic struct {
	word           string
	budget, actual string // fields
}

var budgetTopics = []topic{
	{"三公经费", "three_public_budget", "three_public_actual"},
	{"公用经费", "public_use_budget", "public_use_actual"},
	{"政府采购", "procurement_budget", "procurement_actual"},
}

// bareRE is a budget or actual label without its subject.
var bareRE = rematch.New(regexp.MustCompile(`(实际(?:支出|完成|发生)|(?:年初)?预算(?:安排)?)(?:数|额|金额)?` + moneyValue))

// quantities finds every statement of every spec (and, with topics, of bare
// labels), in document order, keyed by field. The first statement is the
// value; later ones that disagree become findings. A malformed number becomes
// a finding and no value.
func (p *parser) quantities(specs []quantitySpec, topics []topic) map[string][]quantity {
	out := map[string][]quantity{}
	reported := map[string]bool{} // malformed numbers already reported, by sentence and text
	record := func(spec quantitySpec, field, clause, raw, unit string, l line, sent sentence) {
		if spec.byYear {
			switch p.clauseYear(clause) {
			case yearPrev:
				field = spec.prevField
			case yearOther:
				return
			}
		}
		ev := l.evidence(sent.text)
		v, err := number.ParseDecimal(raw)
		if err != nil {
			if key := sent.text + "\x00" + raw; !reported[key] {
				reported[key] = true
				p.malformed(raw+unit, labelName(specs, field), ev)
			}
			return
		}
		w, _ := number.MoneyToWan(v, unit)
		out[field] = append(out[field], quantity{value: round(w), ev: ev})
	}
	for _, ms := range p.moneySentences() {
		l, sent, s := p.lines[ms.line], p.lines[ms.line].sents[ms.sent], ms.text
		for _, spec := range specs {
			if !cjk.ContainsAny(s, spec.hints) {
				continue
			}
			for _, m := range spec.re.FindAll(s) {
				clause := clauseBefore(s, m[0])
				if cjk.ContainsAny(clause, spec.notIn) {
					continue
				}
				record(spec, spec.field, clause, s[m[2]:m[3]], s[m[4]:m[5]], l, sent)
			}
		}
		if len(topics) == 0 {
			continue
		}
		for _, m := range bareRE.FindAll(s) {
			t, ok := lastTopic(s[:m[0]], topics)
			if !ok {
				continue
			}
			field := t.budget
			if strings.HasPrefix(s[m[2]:m[3]], "实际") {
				field = t.actual
			}
			spec, _ := specFor(specs, field)
			record(spec, field, clauseBefore(s, m[0]), s[m[4]:m[5]], s[m[6]:m[7]], l, sent)
		}
	}
	return out
}

// moneySentence is a sentence that may state a money figure: it has a digit
// and a money unit. text is its norm without 的.
type moneySentence struct {
	line, sent int
	text       string
}

// moneySentences returns the sentences quantities reads, in document order.
// They are found once: budget and expenditureDetail read the same ones.
func (p *parser) moneySentences() []moneySentence {
	if p.money != nil {
		return p.money
	}
	p.money = []moneySentence{}
	for li, l := range p.lines {
		if !l.digits {
			continue
		}
		for si, sent := range l.sents {
			if !sent.digits || !cjk.ContainsAny(sent.norm, moneyUnits) {
				continue
			}
			// 的 is dropped so that labels need not spell "上年结转的资金" variants.
			p.money = append(p.money, moneySentence{li, si, strings.ReplaceAll(sent.norm, "的", "")})
		}
	}
	return p.money
}

// lastTopic returns the topic mentioned last in s.
func lastTopic(s string, topics []topic) (topic, bool) {
	best, at := topic{}, -1
	for _, t := range topics {
		if i := strings.LastIndex(s, t.word); i > at {
			best, at = t, i
		}
	}
	return best, at >= 0
}

func specFor(specs []quantitySpec, field string) (quantitySpec, bool) {
	for _, s := range specs {
		if s.field == field {
			return s, true
		}
	}
	return quantitySpec{field: field}, false
}

type yearKind int

const (
	yearCurrent yearKind = iota
	yearPrev
	yearOther
)

var yearRE = regexp.MustCompile(`(20\d\d)年`)

// clauseYear tells which year a clause speaks of: 上年 or fiscal year − 1 is
// the previous year; another explicit year is neither.
func (p *parser) clauseYear(clause string) yearKind {
	if cjk.Contains(clause, "上年") || cjk.Contains(clause, "上一年") {
		return yearPrev
	}
	for _, m := range yearRE.FindAllStringSubmatch(clause, -1) {
		y, _ := strconv.Atoi(m[1])
		switch {
		case p.year == 0 || y == p.year:
			return yearCurrent
		case y == p.year-1:
			return yearPrev
		default:
			return yearOther
		}
	}
	return yearCurrent
}

// pick returns the first statement of field and records a finding for every
// later statement with a different value.
func (p *parser) pick(specs []quantitySpec, qs map[string][]quantity, field string) (*float64, *report.Evidence) {
	list := qs[field]
	if len(list) == 0 {
		return nil, nil
	}
	first := list[0]
	reported := map[float64]bool{}
	for _, q := range list[1:] {
		if math.Abs(q.value-first.value) < 1e-9 || reported[q.value] {
			continue
		}
		reported[q.value] = true
		name := labelName(specs, field)
		p.finding(report.Finding{
			Rule:     "same_quantity_two_values",
			Severity: "warning",
			Message:  fmt.Sprintf("同一数据前后不一致：%s先写为%s万元，后又写为%s万元", name, fmtNum(first.value), fmtNum(q.value)),
			Expected: fmtNum(first.value),
			Found:    fmtNum(q.value),
			Evidence: q.ev,
		})
	}
	v := first.value
	return &v, first.ev
}

// budget reads DESIGN §4 budget from the narrative.
func (p *parser) budget() report.Budget {
	qs := p.quantities(budgetSpecs, budgetTopics)
	b := report.Budget{Evidence: map[string]report.Evidence{}}
	targets := []struct {
		field string
		dst   **float64
	}{
		{"carryover", &b.Carryover}, {"initial", &b.Initial}, {"supplementary", &b.Supplementary},
		{"year_end_balance", &b.YearEndBalance}, {"adjustment", &b.Adjustment},
		{"public_use_budget", &b.PublicUseBudget}, {"public_use_actual", &b.PublicUseActual},
		{"three_public_budget", &b.ThreePublicBudget}, {"three_public_actual", &b.ThreePublicActual},
		{"three_public_budget_prev", &b.ThreePublicBudgetPrev},
		{"procurement_budget", &b.ProcurementBudget}, {"procurement_actual", &b.ProcurementActual},
	}
	for _, t := range targets {
		v, ev := p.pick(budgetSpecs, qs, t.field)
		if v == nil {
			// A table of another template (layout_table.go) states it.
			v, ev = p.layoutBudget(t.field)
		}
		*t.dst = v
		if v == nil {
			p.missing("budget." + t.field)
			continue
		}
		b.Evidence[t.field] = *ev
	}
	if len(b.Evidence) == 0 {
		b.Evidence = nil
	}
	return b
}

// projectTotalRE finds "项目支出N万元，其中：…" (the project list follows
// 其中, 具体为, or any short lead-in ending in a colon such as "分项目看：").
var (
	projectTotalRE = regexp.MustCompile(`项目支出(?:为|是|:|共计|共|合计|总计)*[+\-]?\d[\d,.]*(?:万元|元|亿元)[,，]?(?:(?:其中|具体为|具体如下|主要包括|包括|分别为)[:：]?|[^,，。；;:：\d]{0,8}[:：])`)
	projectItemRE  = regexp.MustCompile(`(?:^|[，,。；;:、])([^\d，,。；;:、()]{2,20}?)(?:为|是)?([+\-]?\d[\d,.]*)(万元|亿元|千元|元)`)
)

// expenditureDetail reads the basic-expenditure breakdown and the project
// lines ("其中：NAME金额万元" items after the 项目支出 total).
func (p *parser) expenditureDetail() report.ExpenditureDetail {
	qs := p.quantities(detailSpecs, nil)
	d := report.ExpenditureDetail{Evidence: map[string]report.Evidence{}, Projects: []report.ProjectLine{}}
	targets := []struct {
		field string
		dst   **float64
	}{
		{"wages_welfare", &d.WagesWelfare}, {"goods_services", &d.GoodsServices},
		{"family_subsidies", &d.FamilySubsidies}, {"capital_other", &d.CapitalOther},
	}
	for _, t := range targets {
		v, ev := p.pick(detailSpecs, qs, t.field)
		*t.dst = v
		if v == nil {
			p.missing("expenditure_detail." + t.field)
			continue
		}
		d.Evidence[t.field] = *ev
	}
	if len(d.Evidence) == 0 {
		d.Evidence = nil
	}
	for _, l := range p.lines {
		if !l.digits || !cjk.Contains(l.norm, "项目支出") {
			continue
		}
		s := l.norm
		loc := projectTotalRE.FindStringIndex(s)
		if loc == nil {
			continue
		}
		for _, m := range projectItemRE.FindAllStringSubmatch("，"+s[loc[1]:], -1) {
			name := strings.TrimPrefix(m[1], "其中")
			if runeLen(name) < 2 {
				continue
			}
			ev := l.evidence(l.text)
			v, err := number.ParseDecimal(m[2])
			if err != nil {
				p.malformed(m[2]+m[3], "项目支出 "+name, ev)
				d.Projects = append(d.Projects, report.ProjectLine{Name: name, Evidence: ev})
				continue
			}
			w, _ := number.MoneyToWan(v, m[3])
			w = round(w)
			d.Projects = append(d.Projects, report.ProjectLine{Name: name, Amount: &w, Evidence: ev})
		}
		break // the first 项目支出 breakdown is the report's
	}
	if len(d.Projects) == 0 {
		p.missing("expenditure_detail.projects")
	}
	return d
}

// round removes float noise from unit conversion (万元 to 6 decimals, i.e. 0.01 元).
func round(v float64) float64 { return math.Round(v*1e6) / 1e6 }

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
