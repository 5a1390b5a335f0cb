package parse

import "strings"

// Summary rows: the form's first data row sums the unit's org rows
// ("局机关及二级机构汇总"); other templates write 合计, 总计, 共计 or 汇总, as
// the first or the last row, with any spacing ("合　计") and sometimes a
// number ("一、合计"). The warehouse takes a filled summary row as the unit's
// figure and otherwise sums the org rows, so a summary row read as an org
// doubles every figure, and an org read as the summary drops the others.
// The decision is the label as a whole, never a word inside it: an org
// named "统计数据汇总中心" is an org.

// summaryWords are the labels that are a summary row wherever they stand.
var summaryWords = map[string]bool{
	"合计": true, "总计": true, "共计": true, "汇总": true, "总合计": true,
	"合计数": true, "全部合计": true, "本部门合计": true, "单位合计": true, "部门合计": true,
}

// summaryEnds end a label that names the rows it sums ("局机关及二级机构汇总",
// "全局合计"): a summary row when it stands first or last and carries no
// org number, since the template numbers its org rows ("1、局机关").
var summaryEnds = []string{"汇总", "合计", "总计", "共计"}

// isSummaryLabel reports whether a form row's first cell labels the summary
// row. label is the cell as written; edge says whether the row is the first or
// the last data row of its table.
func isSummaryLabel(label string, edge bool) bool {
	l := compact(label)
	stripped := orgNumberRE.ReplaceAllString(l, "")
	if summaryWords[stripped] {
		return true
	}
	if stripped != l || !edge {
		return false
	}
	for _, end := range summaryEnds {
		if strings.HasSuffix(l, end) && l != end {
			return true
		}
	}
	return false
}
