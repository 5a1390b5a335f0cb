package parse

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"jixiao/etl/cjk"
	"jixiao/etl/number"
	"jixiao/report"
)

// Narrative income and expenditure: reports without the form table (other
// units' templates, 决算 publications) state the year's totals and their
// parts in sentences: "1、收入:512.40万元。…2、支出:498.70万元。其中:人员经费
// 支出301.12万元,公用经费支出45.6万元,项目支出151.98万元". They become one
// contract row with Org narrativeOrg.

// narrativeOrg names the row read from the narrative: it states the unit's
// totals, so it is the unit's summary row (Summary set).
const narrativeOrg = "合计"

// Groups of narrativeRE, in order. A total opens a statement; the parts that
// follow it on the line (or on a next line starting with 其中) belong to it.
const (
	nIncomeTotal = iota + 1
	nExpenditureTotal
	nCarryover
	nFiscal
	nGovFund
	nNontax
	nOtherIncome
	nIgnoredIncome
	nBasic
	nPersonnel
	nPublicUse
	nProject
	nBalanceCurrent
	nBalanceCumulative
	nIgnoredExpenditure
	nGroups
)

// narrativeRE finds every labelled money figure of an income or expenditure
// statement, on norm()ed text with 的 removed. Go's alternation is
// leftmost-first, so a specific label ("财政拨款收入", "基本支出") that starts
// earlier always wins over the bare total label inside it; the ignored groups
// consume parts the contract has no column for, so that they are never read
// as a total.
var narrativeRE = regexp.MustCompile(`(?:` +
	`((?:总)?收入(?:合计|总计|总额|总数)?)` +
	`|((?:总)?支出(?:合计|总计|总额|总数)?)` +
	`|(上年结转(?:和结余|及结余|结余)?(?:收入|资金)?|年初结转和结余)` +
	`|((?:一般公共预算)?(?:公共)?财政(?:拨款|补助)(?:收入)?)` +
	`|(政府性基金(?:预算)?(?:财政)?拨款(?:收入)?|政府基金拨款(?:收入)?)` +
	`|(纳入专户管理非税收入(?:拨款)?|专户管理非税收入|非税收入(?:拨款)?)` +
	`|(其他收入)` +
	`|(事业收入|经营收入|附属单位上缴收入|上级补助收入|利息收入|使用非财政拨款结余)` +
	`|(基本支出)` +
	`|(人员经费(?:支出)?|人员支出)` +
	`|((?:日常)?公用经费(?:支出)?|公用支出)` +
	`|(项目支出)` +
	`|(当年结余)` +
	`|(年末结转和结余|年末结转及结余|年末结转结余|年末结余|累计结余)` +
	`|(三公经费(?:支出)?|工资福利支出|商品和服务支出|对个人和家庭补助(?:支出)?|资本性支出|其他支出|经营支出|上缴上级支出|对附属单位补助支出)` +
	`)` + moneyValue)

// totalLeadRE is what may stand between the start of a clause and a total
// label: the subject, the year, 共/总. Anything else ("财政拨款", "上年",
// "预算", "三公经费") makes the label part of another quantity.
var totalLeadRE = regexp.MustCompile(`^(?:其中)?(?:(?:本|我|全|该)(?:单位|部门|局|馆|中心|乡|镇|街道|办|院|所|站|委|队|校|会|处|室|厅)|部门|单位|全年|本年度?|当年|年度|\d{4}年度?|共|总|全部|累计|实际)*$`)

// leadBefore returns the text between the last clause delimiter before byte
// offset i of s and i.
func leadBefore(s string, i int) string {
	head := s[:i]
	if j := cjk.LastIndexAny(head, "，,；;。、:()）（"); j >= 0 {
		_, size := utf8.DecodeRuneInString(head[j:])
		head = head[j+size:]
	}
	if len(head) > maxClause {
		return "…"
	}
	return head
}

// topicBefore reports whether the sentence holding byte offset i of s speaks
// of a budget topic before it: in "“三公”经费年初预算9.6万元，实际支出7.4万元"
// the 实际支出 is the 三公经费's, not the unit's total.
func topicBefore(s string, i int) bool {
	head := s[:i]
	if j := cjk.LastIndexAny(head, "。；;"); j >= 0 {
		_, size := utf8.DecodeRuneInString(head[j:])
		head = head[j+size:]
	}
	for _, t := range budgetTopics {
		if cjk.Contains(head, t.word) {
			return true
		}
	}
	return false
}

// narrativeStatement is the row being filled by the current statement.
type narrativeStatement struct {
	income   bool // an income statement, else expenditure
	values   map[int]*float64
	evidence *report.Evidence
}

// narrativeRows reads the income and expenditure rows from the narrative
// when the form has none; wantIncome / wantExpenditure say which are needed.
// It reports whether it found a row.
func (p *parser) narrativeRows(wantIncome, wantExpenditure bool) bool {
	if !wantIncome && !wantExpenditure {
		return false
	}
	var income, expenditure *narrativeStatement
	var cur *narrativeStatement
	for _, l := range p.lines {
		if l.inTable() {
			cur = nil
			continue
		}
		s := strings.ReplaceAll(l.norm, "的", "")
		if cur != nil && !strings.HasPrefix(s, "其中") && !strings.HasPrefix(s, "(其中") {
			cur = nil
		}
		if cur != nil {
			cur.evidence.Text += "\n" + strings.TrimSpace(l.text)
		}
		if !l.digits || !cjk.ContainsAny(s, moneyUnits) {
			continue
		}
		for _, m := range narrativeRE.FindAllStringSubmatchIndex(s, -1) {
			g := 0
			for k := 1; k < nGroups; k++ {
				if m[2*k] >= 0 {
					g = k
					break
				}
			}
			if g == 0 {
				continue
			}
			numAt := 2 * nGroups
			label, raw, unit := s[m[2*g]:m[2*g+1]], s[m[numAt]:m[numAt+1]], s[m[numAt+2]:m[numAt+3]]
			switch g {
			case nIncomeTotal, nExpenditureTotal:
				if !totalLeadRE.MatchString(leadBefore(s, m[0])) || topicBefore(s, m[0]) {
					continue
				}
				isIncome := g == nIncomeTotal
				slot := &expenditure
				if isIncome {
					slot = &income
				}
				if *slot != nil && restates(*slot, g, raw, unit) {
					// "收入总计1,860.45万元" in the overview, then "本年收入合计
					// 1,860.45万元，其中：…" in the income chapter: the same
					// total, and its parts are this row's.
					cur = *slot
					if !cjk.Contains(cur.evidence.Text, strings.TrimSpace(l.text)) {
						cur.evidence.Text += "\n" + strings.TrimSpace(l.text)
					}
					continue
				}
				if *slot != nil || (isIncome && !wantIncome) || (!isIncome && !wantExpenditure) {
					// A later statement of another total (another chapter,
					// another year): its parts are not this row's.
					cur = nil
					continue
				}
				st := &narrativeStatement{income: isIncome, values: map[int]*float64{}, evidence: l.evidence(l.text)}
				st.values[g] = p.narrativeValue(label, raw, unit, l)
				*slot, cur = st, st
			case nIgnoredIncome, nIgnoredExpenditure:
			default:
				if cur == nil || cur.income != (g < nBasic) {
					continue
				}
				if _, seen := cur.values[g]; seen {
					continue
				}
				cur.values[g] = p.narrativeValue(label, raw, unit, l)
			}
		}
	}
	r := p.rep
	if income != nil {
		v := income.values
		r.Income = append(r.Income, report.IncomeRow{Org: narrativeOrg, Summary: true, Total: v[nIncomeTotal], Carryover: v[nCarryover],
			FiscalAppropriation: v[nFiscal], GovFund: v[nGovFund], SpecialAccountNontax: v[nNontax], Other: v[nOtherIncome],
			Evidence: income.evidence})
	}
	if expenditure != nil {
		v := expenditure.values
		r.Expenditure = append(r.Expenditure, report.ExpenditureRow{Org: narrativeOrg, Summary: true, Total: v[nExpenditureTotal], Basic: v[nBasic],
			Personnel: v[nPersonnel], PublicUse: v[nPublicUse], Project: v[nProject], BalanceCurrent: v[nBalanceCurrent],
			BalanceCumulative: v[nBalanceCumulative], Evidence: expenditure.evidence})
	}
	return income != nil || expenditure != nil
}

// restates reports whether a total stated again (label group g, raw and
// unit as written) is the total st holds: the same amount in 万元.
func restates(st *narrativeStatement, g int, raw, unit string) bool {
	prev := st.values[g]
	if prev == nil {
		return false
	}
	v, err := number.ParseDecimal(raw)
	if err != nil {
		return false
	}
	w, _ := number.MoneyToWan(v, unit)
	return round(w) == *prev
}

// narrativeValue reads one money figure in 万元; a malformed number is a
// finding and no value.
func (p *parser) narrativeValue(label, raw, unit string, l line) *float64 {
	v, err := number.ParseDecimal(raw)
	if err != nil {
		p.malformed(raw+unit, label, l.evidence(l.text))
		return nil
	}
	w, _ := number.MoneyToWan(v, unit)
	w = round(w)
	return &w
}
