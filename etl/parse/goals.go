package parse

import (
	"regexp"
	"strings"

	"jixiao/etl/cjk"
	"jixiao/report"
)

// goalLabelRE splits the qualitative-goals cell ("目标1：…目标2：…") into goals.
var goalLabelRE = regexp.MustCompile(`目标\s*(\d+)\s*[：:]`)

// actualItemRE splits the achievements cell at "2、", "3、" … item numbers that
// start a line.
var actualItemRE = regexp.MustCompile(`(?m)^\s*(\d+)\s*[、.．]`)

// indicatorSlotRE is a quantitative goal's label cell: "指标1：".
var indicatorSlotRE = regexp.MustCompile(`^指标\s*\d+\s*[：:]?$`)

// goals reads the form's performance goals: the qualitative goals beside what
// was achieved, and the quantitative indicators under 产出目标 / 效益目标 /
// 满意度 with their completion. Blank template rows ("……") are skipped.
func (p *parser) goals(gs [][]gridRow) {
	for _, g := range gs {
		for i, row := range g {
			if !cjk.Contains(row.label(0), "定性目标") {
				continue
			}
			if i+1 < len(g) {
				p.qualitativeGoals(g[i+1])
			}
		}
		for i, row := range g {
			if cjk.Contains(row.label(0), "定量目标") {
				p.quantitativeGoals(g[i+1:])
			}
		}
	}
	if len(p.rep.Goals) == 0 {
		p.missing("goals")
	}
}

func (p *parser) qualitativeGoals(row gridRow) {
	var targets, actuals string
	for i := range row.cells {
		t := strings.TrimSpace(row.cells[i].Text)
		switch {
		case t == "":
		case targets == "" && goalLabelRE.MatchString(t):
			targets = t
		case targets != "":
			actuals = t
		}
	}
	if targets == "" {
		return
	}
	locs := goalLabelRE.FindAllStringSubmatchIndex(targets, -1)
	items := splitItems(actuals)
	for k, loc := range locs {
		end := len(targets)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		g := report.Goal{Kind: "定性", Label: "目标" + targets[loc[2]:loc[3]],
			Target: oneLine(targets[loc[1]:end]), Evidence: row.evidence()}
		if k < len(items) {
			g.Actual = items[k]
		}
		p.rep.Goals = append(p.rep.Goals, g)
	}
}

// splitItems cuts an achievements cell into its numbered items; text before
// "2、" is item 1 even when it carries no number.
func splitItems(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	locs := actualItemRE.FindAllStringIndex(s, -1)
	var out []string
	if locs == nil { // unnumbered: one achievement per line
		for _, l := range strings.Split(s, "\n") {
			if l = oneLine(l); l != "" {
				out = append(out, l)
			}
		}
		return out
	}
	start := 0
	for _, l := range locs {
		if l[0] > start {
			out = append(out, oneLine(s[start:l[0]]))
		}
		start = l[1]
	}
	if locs[0][0] == 0 {
		out = nil
		start = 0
		for k, l := range locs {
			end := len(s)
			if k+1 < len(locs) {
				end = locs[k+1][0]
			}
			out = append(out, oneLine(s[l[1]:end]))
		}
		return out
	}
	return append(out, oneLine(s[start:]))
}

func (p *parser) quantitativeGoals(rows []gridRow) {
	category := ""
	var cur *report.Goal
	flush := func() {
		if cur != nil && (cur.Target != "" || cur.Actual != "") {
			p.rep.Goals = append(p.rep.Goals, *cur)
		}
		cur = nil
	}
	for _, row := range rows {
		if cjk.Contains(row.label(0), "综合得分") || cjk.Contains(row.label(0), "评价人员") {
			break
		}
		for i := range row.cells {
			l := row.label(i)
			switch {
			case l == "" || strings.HasPrefix(l, "……") || l == "评价内容" || l == "绩效目标" || l == "完成情况":
			case strings.HasPrefix(l, "产出目标"):
				flush()
				category = "产出目标"
			case strings.HasPrefix(l, "效益目标"):
				flush()
				category = "效益目标"
			case cjk.Contains(l, "满意度") && (cur == nil || cur.Actual != ""):
				flush()
				category = "满意度"
			case (strings.HasSuffix(l, "效益") || strings.HasPrefix(l, "数量、质量")) && (cur == nil || cur.Actual != ""):
				// a sub-category heading of the template (社会、经济、生态效益 …)
			case indicatorSlotRE.MatchString(l):
				flush()
				cur = &report.Goal{Kind: "定量", Category: category, Label: strings.TrimRight(l, "：:"), Evidence: row.evidence()}
			case cur != nil && cur.Target == "":
				cur.Target = oneLine(row.cells[i].Text)
			case cur != nil && cur.Actual == "":
				cur.Actual = oneLine(row.cells[i].Text)
			}
		}
	}
	flush()
}

// oneLine joins a cell's lines and trims it.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
