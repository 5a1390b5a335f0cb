package parse

import (
	"regexp"

	"jixiao/etl/cjk"
)

// Some mirrors that serve a page in traditional characters convert it with
// a broken table that turns every 年 into "-": the title reads
// "XX縣2015-“三公”經費…", a column head "本-預算數". Such a page holds no 年
// at all, which no report in either script does, so a year followed by the
// dash and then a word (never a digit: "2015-2016", "2019-07-07" are ranges
// and dates) is read as the year with its 年 in the normalised text; the
// evidence keeps the text as written.

// dashYearRE is a year whose 年 became "-": the dash must be followed by a
// character that can open a word (a Han character or an opening quote).
var dashYearRE = regexp.MustCompile(`((?:19|20)\d\d)-([\p{Han}“"《(])`)

// lostNian reports whether a traditional document's converter lost every 年:
// no line holds one and some line holds a year written with a dash.
func lostNian(ls []line) bool {
	found := false
	for i := range ls {
		if cjk.Contains(ls[i].text, "年") {
			return false
		}
		if !found && ls[i].digits && cjk.Contains(ls[i].norm, "-") && dashYearRE.MatchString(ls[i].norm) {
			found = true
		}
	}
	return found
}

// restoreNian puts 年 back after a year written with a dash.
func restoreNian(s string) string {
	if !cjk.Contains(s, "-") {
		return s
	}
	return dashYearRE.ReplaceAllString(s, "${1}年$2")
}
