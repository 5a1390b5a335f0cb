package parse

import (
	"regexp"
	"strings"

	"jixiao/etl/number"
	"jixiao/report"
)

// A total whose sentence a PDF broke after its label: "…开展绩效自评,自评得分"
// / "90 分,存在的问题…". The label must end a sentence's line (a clause
// before it, no table cells) and the next line must open with the points
// and 分 before a punctuation mark; a table header ending in 自评得分 over a
// row of figures is neither.

var (
	wrappedLabelRE = regexp.MustCompile(`[,，;；。、:：](?:本单位|本部门)?(?:最终)?(?:自评得分|自评总分|综合得分|综合评分)(?:为|是)?$`)
	wrappedValueRE = regexp.MustCompile(`^(\d{1,3}(?:\.\d{1,2})?)\s*分(?:[,，;；。]|$)`)
)

// wrappedTotal finds such a total; nil when there is none.
func (p *parser) wrappedTotal() (*float64, *report.Evidence) {
	for i := 0; i+1 < len(p.lines); i++ {
		l, next := p.lines[i], p.lines[i+1]
		if l.inTable() || next.inTable() || strings.ContainsAny(l.text, "|｜\t") || !wrappedLabelRE.MatchString(l.norm) {
			continue
		}
		m := wrappedValueRE.FindStringSubmatch(strings.TrimSpace(light(next.text)))
		if m == nil {
			continue
		}
		v, err := number.ParseDecimal(m[1])
		if err != nil || v > 100 {
			continue
		}
		return &v, l.evidence(strings.TrimSpace(l.text) + strings.TrimSpace(next.text))
	}
	return nil, nil
}
