package parse

import (
	"fmt"
	"regexp"
	"strings"

	"jixiao/etl/number"
	"jixiao/report"
)

// Money units of the form tables. The warehouse keeps 万元 (DESIGN §3); the
// standard form prints "（万元）" in the titles of its income and expenditure
// tables and nothing above 三公经费 and 固定资产, which follow. A unit that
// fills in the form in 元 says so in a title ("年度收入情况（元）"), a header
// ("收入合计（元）", "单位：元") or the cells ("1469500元"). Read as 万元 those
// figures would be 10,000 times too large, so:
//   - a table's unit is what its title row (the short rows just above its
//     header, or the paragraph before the table) and its header state; a
//     table that states none keeps the unit the previous table stated, and
//     the first table without one is in 万元, as the form prints;
//   - a cell that names its own unit ("1469500元") is read in that unit;
//   - 元, 千元 and 亿元 are converted to 万元, with an info finding naming the
//     unit (the evidence keeps the figures as written);
//   - a unit that is not money the warehouse knows ("美元"), or two different
//     units stated for one table, is an error finding, and the table's
//     figures without a unit of their own are nil: a wrong figure is worse
//     than none.

// tableUnitRE finds a unit statement in a compacted cell: "(万元)", "（单位：元）",
// "金额单位:万元". Group 1 or 2 holds the unit.
var tableUnitRE = regexp.MustCompile(`(?:单位|金额单位|计量单位)[:：]([^,，;；:：()（）]{1,6}?)(?:[)）,，;；]|$)|[(（]([^()（）:：]{0,4}元)[)）]`)

// maxTitleRunes bounds a title row or paragraph read for a unit statement: a
// longer text is narrative, whose "（万元）" belongs to a sentence.
const maxTitleRunes = 40

// tableUnit is the money unit a form table's figures are written in.
type tableUnit struct {
	unit   string // 万元, 元, 千元, 亿元; "" when unknown or contradictory
	stated string // the statement as written ("" when inherited or the default)
	bad    bool   // unknown or contradictory: figures without their own unit are nil
}

// unitStatements returns the units stated in the given texts, in order, each once.
func unitStatements(texts []string) []string {
	var out []string
	for _, t := range texts {
		for _, m := range tableUnitRE.FindAllStringSubmatch(compact(t), -1) {
			u := m[1] + m[2]
			if u == "" {
				continue
			}
			dup := false
			for _, o := range out {
				dup = dup || o == u
			}
			if !dup {
				out = append(out, u)
			}
		}
	}
	return out
}

// titleTexts returns the texts above a table's header that may state its
// unit: the short rows directly above row start of g (at most two), or, when
// the table opens its grid, the short paragraph line just before it.
func (p *parser) titleTexts(g []gridRow, start int) []string {
	var out []string
	for k := start - 1; k >= 0 && k >= start-2; k-- {
		t := g[k].text()
		if t == "" || runeLen(t) > maxTitleRunes || dataCells(g[k]) && len(g[k].cells) > 2 {
			break
		}
		out = append(out, t)
	}
	if start > 0 {
		return out
	}
	block := g[start].block
	for i := len(p.lines) - 1; i >= 0; i-- {
		l := p.lines[i]
		if l.block >= block || l.inTable() {
			continue
		}
		if runeLen(l.norm) <= maxTitleRunes {
			out = append(out, l.text)
		}
		break
	}
	return out
}

// decideUnit settles a table's unit from what its title and header state,
// raising the findings described above; inherited is the unit the previous
// table stated ("" for none).
func (p *parser) decideUnit(t formTable, title, header []string, inherited string, ev *report.Evidence) tableUnit {
	stated := unitStatements(append(append([]string(nil), title...), header...))
	switch {
	case len(stated) > 1:
		p.finding(report.Finding{
			Rule:     "form_unit_conflict",
			Severity: "error",
			Message:  fmt.Sprintf("%s表的金额单位前后矛盾（%s），表中未注明单位的数字未采用，请核实", t.title, strings.Join(stated, "、")),
			Expected: "一个金额单位",
			Found:    strings.Join(stated, "、"),
			Evidence: ev,
		})
		return tableUnit{stated: strings.Join(stated, "、"), bad: true}
	case len(stated) == 1:
		u := stated[0]
		if _, ok := number.MoneyToWan(1, u); !ok || u == "万" || u == "亿" {
			p.finding(report.Finding{
				Rule:     "form_unit_unknown",
				Severity: "error",
				Message:  fmt.Sprintf("%s表的金额单位“%s”无法识别，表中未注明单位的数字未采用，请按万元填报", t.title, u),
				Expected: "万元",
				Found:    u,
				Evidence: ev,
			})
			return tableUnit{stated: u, bad: true}
		}
		if u != "万元" {
			p.finding(report.Finding{
				Rule:     "form_unit_converted",
				Severity: "info",
				Message:  fmt.Sprintf("%s表以“%s”为金额单位，已折算为万元", t.title, u),
				Expected: "万元",
				Found:    u,
				Evidence: ev,
			})
		}
		return tableUnit{unit: u, stated: u}
	case inherited != "" && inherited != "万元":
		p.finding(report.Finding{
			Rule:     "form_unit_converted",
			Severity: "info",
			Message:  fmt.Sprintf("%s表未注明金额单位，沿用前表的“%s”，已折算为万元", t.title, inherited),
			Expected: "万元",
			Found:    inherited,
			Evidence: ev,
		})
		return tableUnit{unit: inherited}
	}
	return tableUnit{unit: "万元"}
}

// moneyCell reads one money cell of table t in unit u; the figure is in
// 万元, nil when blank, malformed (a malformed_number finding) or without a
// unit in a table whose unit is in doubt.
func (p *parser) moneyCell(t formTable, org string, r gridRow, j int, u tableUnit) *float64 {
	raw := r.cells[j].Text
	v, unit, err := number.MoneyCell(raw)
	if err != nil {
		p.malformed(strings.TrimSpace(raw), t.title+" "+org, r.cellEvidence(j))
		return nil
	}
	if v == nil {
		return nil
	}
	if unit == "" {
		if u.bad {
			return nil
		}
		unit = u.unit
	}
	w, _ := number.MoneyToWan(*v, unit)
	w = round(w)
	return &w
}
