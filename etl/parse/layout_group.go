package parse

import "strings"

// A header whose first cell titles the row as a group over its leaves:
// "年度收入（万元） | 合计 | 财政拨款 | 其他收入" over "688.40 | 650.00 |
// 38.40" (the title's cell spans both rows in the form). A leaf that names
// nothing alone ("合计") is the group's: it is looked up with the title's
// words first ("年度收入合计"), then with the title's opening 年度 / 本年
// dropped ("收入合计"). The title's unit is its leaves' unit unless a leaf
// states its own.

// groupTitleLeads open a group title without naming the figure.
var groupTitleLeads = []string{"本年度", "年度", "本年", "全年", "当年"}

// groupTitled returns the leaves of a header whose first cell titles them,
// when the value row is a cell shorter than the header: a first cell naming
// no figure, or one naming the very figure a leaf names under it ("本年支出"
// over "合计": 支出合计 twice is one column, the leaf's). Otherwise cols as
// they are: the count of values then decides.
func groupTitled(cols []layoutColumn) []layoutColumn {
	leaves := titledLeaves(cols[0].label, cols[1:])
	if !figureColumn(cols[0]) {
		return leaves
	}
	for _, c := range leaves {
		if figureColumn(c) && c.field.field == cols[0].field.field {
			return leaves
		}
	}
	return cols
}

// titledLeaves re-reads leaves under the group title title.
func titledLeaves(title string, leaves []layoutColumn) []layoutColumn {
	g := readHeaderLabel(title)
	if g.key == "" {
		return leaves
	}
	keys := []string{g.key}
	for _, lead := range groupTitleLeads {
		if k, ok := strings.CutPrefix(g.key, lead); ok && k != "" {
			keys = append(keys, k)
			break
		}
	}
	out := append([]layoutColumn(nil), leaves...)
	for i, c := range out {
		if figureColumn(c) || c.known && c.field.kind == kindName {
			if c.unit == "" && g.unit != "" && c.field.kind == kindMoney {
				out[i].unit = g.unit
			}
			continue
		}
		leaf := readHeaderLabel(c.label).key
		for _, k := range keys {
			if f, ok := lookupLabel(k + leaf); ok && figureColumn(layoutColumn{field: f, known: true}) {
				out[i].field, out[i].known = f, true
				if out[i].unit == "" {
					out[i].unit = g.unit
				}
				if out[i].year == 0 {
					out[i].year = g.year
				}
				break
			}
		}
	}
	return out
}
