package parse

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"jixiao/etl/cjk"
)

// Key–value pairs inside one line: "编制人数：35人，实有人数：33人",
// "评价年度：2018年度", "部门（单位）名称：XX县财政局" (unit.go reads the
// unit). A pair is a whole clause — the text between separators (，,；;。
// and runs of spaces) — made of a dictionary label, a colon and one value,
// so a figure is never taken from a sentence around the label. Only counts
// are read here: money stated in sentences is the narrative's (narrative.go,
// budget.go), which knows how a total and its parts are written.

// kvSeps end a clause of a key–value line.
const kvSeps = "，,；;。\t|"

// readKeyValues reads the key–value pairs of every line holding a colon.
func (p *parser) readKeyValues(out *[]layoutFigure, cover *coverFacts) {
	for _, l := range p.lines {
		if l.digits && cjk.Contains(l.norm, "三公") {
			for clause := range clauses(l.text) {
				p.threePublicPart(clause, l, out)
			}
		}
		if !cjk.Contains(l.norm, ":") {
			continue
		}
		// keyValue needs a colon, which norm makes of these two only.
		for clause := range colonClauses(l.text) {
			for _, part := range splitWide(strings.ReplaceAll(strings.TrimSpace(clause), "\u3000", "  ")) {
				for _, kv := range spacedPairs(part) {
					p.keyValue(kv, l, out, cover)
				}
			}
		}
	}
}

// threePublicPart reads a clause naming one 三公 category and its amount
// ("其中公务接待费2.3万元"), in a line about 三公经费: the narrative reads
// the totals, the form table the parts; a sentence listing the parts has
// them nowhere else.
func (p *parser) threePublicPart(part string, l line, out *[]layoutFigure) {
	n := strings.TrimPrefix(strings.TrimPrefix(norm(part), "其中"), ":")
	i := strings.IndexFunc(n, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		p.threePublicNone(n, part, l, out)
		return
	}
	if i == 0 {
		return
	}
	key := strings.TrimSuffix(strings.TrimSuffix(n[:i], ":"), "为")
	f, ok := lookupLabel(key)
	if !ok || !strings.HasPrefix(f.field, "three_public.") || f.field == "three_public.total" {
		return
	}
	lv, ok := readValue(n[i:])
	if !ok || lv.blank || lv.unit == "" {
		return // a money figure names its unit in a sentence
	}
	v, why := columnValue(f, layoutColumn{label: key, field: f, known: true}, lv, "", false)
	if why != "" {
		return
	}
	*out = append(*out, layoutFigure{field: f.field, label: f.label, value: v, ev: l.evidence(part)})
}

// noneRE is a clause saying a 三公 category was not spent: "无因公出国（境）
// 费用", "未发生公务用车购置费".
var noneRE = regexp.MustCompile(`^(?:本年度?|全年|当年)?(?:无|没有|未发生|未安排|未列支)(.{2,16}?)(?:支出)?$`)

// threePublicNone reads a clause stating that a 三公 category was not spent
// as that category's 0, the way the form prints a category without spending.
func (p *parser) threePublicNone(n, part string, l line, out *[]layoutFigure) {
	m := noneRE.FindStringSubmatch(n)
	if m == nil {
		return
	}
	f, ok := lookupLabel(m[1])
	if !ok {
		f, ok = lookupLabel(strings.TrimSuffix(strings.TrimSuffix(m[1], "用"), "费") + "费")
	}
	if !ok || !strings.HasPrefix(f.field, "three_public.") || f.field == "three_public.total" {
		return
	}
	*out = append(*out, layoutFigure{field: f.field, label: f.label, value: 0, ev: l.evidence(part)})
}

// keyValue reads one "label:value" clause.
//
// The key and the value are normalised apart, the value only once the key
// is one that is read (most clauses with a colon are narrative): norm maps
// rune by rune and makes ":" of the two colons only, so the first colon of
// the normalised clause is the normalised first colon of the clause.
// keyValueRef in the tests normalises the whole clause first.
func (p *parser) keyValue(part string, l line, out *[]layoutFigure, cover *coverFacts) {
	j := cjk.IndexAny(part, ":：")
	if j < 0 {
		return
	}
	key := norm(part[:j])
	if key == "" {
		return
	}
	_, size := utf8.DecodeRuneInString(part[j:])
	rest := part[j+size:]
	if coverYearLabelRE.MatchString(key) {
		if val := norm(rest); val != "" {
			coverYear(val, part, l, cover)
		}
		return
	}
	if key == "单位" || coverUnitLabelRE.MatchString(key) {
		if val := norm(rest); val != "" {
			coverUnit(val, part, l, cover)
		}
		return
	}
	h := readHeaderLabel(key)
	f, ok := lookupLabel(h.key)
	if !ok || f.kind != kindCount {
		return
	}
	if val := norm(rest); val != "" {
		p.countPair(f, h, key, val, part, l, out)
	}
}

// coverYear takes a cover's year from val, the value of a year label.
func coverYear(val, part string, l line, cover *coverFacts) {
	if m := coverYearValueRE.FindStringSubmatch(val); m != nil && cover.year == 0 {
		cover.year, _ = strconv.Atoi(m[1])
		cover.yearEv = l.evidence(part)
	}
}

// coverUnit takes a cover's unit from val, the value of a unit label:
// "单位：XX局" on a cover; "单位：万元" is no unit's name.
func coverUnit(val, part string, l line, cover *coverFacts) {
	if cover.unit == "" && orgName(val) {
		cover.unit, cover.unitEv = sealMarkRE.ReplaceAllString(val, ""), l.evidence(part)
	}
}

// countPair reads the count val of the dictionary field f, whose label key
// was read as h.
func (p *parser) countPair(f layoutField, h headerLabel, key, val, part string, l line, out *[]layoutFigure) {
	lv, ok := readValue(val)
	if !ok || lv.blank {
		return
	}
	v, why := columnValue(f, layoutColumn{label: key, field: f, known: true, unit: h.unit}, lv, "", false)
	ev := l.evidence(part)
	if why != "" {
		p.ambiguousField(f, ev, why, lv.raw)
		return
	}
	*out = append(*out, layoutFigure{field: f.field, label: f.label, value: v, year: h.year, ev: ev})
}

// inPostRE is "在职30人" as a clause of its own: the in-post count of a
// head count broken down ("现有编制人员48人。其中，在职30人、退休18人").
var inPostRE = regexp.MustCompile(`(?:^|[,，、;；:(]|其中)在职(?:人员)?(?:为|是)?(\d+)(?:名|人)`)

// inPostStaff reads the in-post count of a sentence that breaks a head count
// down into those in post and the retired, or states it beside the posts
// (编制): there 在职 is the actual staff. The sum before the breakdown ("现有
// 编制人员48人", retirees included) is neither 编制数 nor 实有人数.
func inPostStaff(s string) []string {
	if !cjk.Contains(s, "在职") || !cjk.Contains(s, "退休") && !cjk.Contains(s, "编制") {
		return nil
	}
	return inPostRE.FindStringSubmatch(s)
}

// spacedPairs splits a part holding several "label:value" pairs at single
// spaces, as a PDF's text layer prints a sheet's heading line ("填报单位：
// XX站 单位：万元 财政供养人员情况 …"): each word holding a colon is a pair,
// a word ending in one takes the next word as its value. A part with one
// colon is one pair, as before (its value may hold spaces).
func spacedPairs(part string) []string {
	if cjk.Count(part, ":")+cjk.Count(part, "：") < 2 || !cjk.Contains(strings.TrimSpace(part), " ") {
		return []string{part}
	}
	words := strings.Fields(part)
	var out []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if !strings.ContainsAny(w, ":：") {
			continue
		}
		if (strings.HasSuffix(w, ":") || strings.HasSuffix(w, "：")) && i+1 < len(words) && !strings.ContainsAny(words[i+1], ":：") {
			w += words[i+1]
			i++
		}
		out = append(out, w)
	}
	return out
}
