package parse

import (
	"regexp"

	"jixiao/etl/cjk"
)

// Contents entries: a table of contents prints each heading with a leader
// of dots and the page number ("第一部分 部门概况……………4", "一、收入决算情况说明
// ......9"). Such a line names a heading without being one, and its page
// number is no figure: it neither opens a chapter (embedded.go) nor gives a
// figure to the readers that look at lines with digits.

// contentsEntryRE is a normalised line ending in a leader and a page number:
// four or more dots or middle dots, two or more ellipses, or a run of dashes.
var contentsEntryRE = regexp.MustCompile(`\p{Han}.*?(?:\.{4,}|…{2,}|·{4,}|…\.{2,}|-{6,}|—{3,})\d{1,3}$`)

// contentsEntry reports whether a normalised line is a contents entry.
func contentsEntry(norm string) bool {
	if len(norm) <= 6 || norm[len(norm)-1] < '0' || norm[len(norm)-1] > '9' {
		return false
	}
	// Every leader holds one of these; most lines ending in a digit hold none.
	if !cjk.Contains(norm, "....") && !cjk.Contains(norm, "……") && !cjk.Contains(norm, "…..") &&
		!cjk.Contains(norm, "····") && !cjk.Contains(norm, "------") && !cjk.Contains(norm, "———") {
		return false
	}
	return contentsEntryRE.MatchString(norm)
}
