package parse

import (
	"regexp"

	"jixiao/etl/cjk"
	"jixiao/report"
)

// A 决算公开 document's first part describes the unit's organisation under
// a heading "机构设置", and the statement under it opens with the unit's
// own name: "XX县农业综合技术服务中心下设办公室、财务室…", "XX市人民检察院内
// 设8个内设机构". When no label, title or overview heading names the unit,
// that statement does — taken only when the name opens with a place and
// ends as a unit's name does ("本中心下设…" and "内设办公室…" name none).

// structureHeadingRE is the heading of the organisation section: "二、机构设
// 置", "(一)机构设置情况", "2、机构设置", "二、机构设置及决算单位构成".
var structureHeadingRE = regexp.MustCompile(`^(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[、.])?(?:部门|单位)?(?:职能与)?机构设置(?:情况)?(?:及\p{Han}{2,12})?$`)

// structureUnitRE is the unit's name opening the section's statement.
var structureUnitRE = regexp.MustCompile(`^(\p{Han}{4,30}?)(?:下设|内设|设有|机关内设)`)

// shortCountyRE is a name opening with a county of one character (渠县, 南县,
// 沛县), which regionPrefixRE (two or three characters before 县) leaves out;
// "本县…", "全县…", "该县…" are no county's name.
var shortCountyRE = regexp.MustCompile(`^[^本全该我各此其每县市区]县\p{Han}{2,}`)

// structureLookahead is how many lines under the heading may hold the
// statement (a sub-heading "(一)内设机构设置" may stand between).
const structureLookahead = 3

// structureUnit is the unit named by the statement under the organisation
// heading, outside tables and the table of contents.
func (p *parser) structureUnit(regions []string) (string, *report.Evidence) {
	for i, l := range p.lines {
		if l.inTable() || !cjk.Contains(l.norm, "机构设置") || !structureHeadingRE.MatchString(l.norm) {
			continue
		}
		for j := i + 1; j < len(p.lines) && j <= i+structureLookahead; j++ {
			s := p.lines[j]
			if s.inTable() || s.norm == "" {
				continue
			}
			m := structureUnitRE.FindStringSubmatch(s.norm)
			if m == nil {
				continue
			}
			if orgSuffixRE.MatchString(m[1]) && (regionOf(m[1], regions) != "" || shortCountyRE.MatchString(m[1])) {
				return m[1], s.evidence(s.text)
			}
			break
		}
	}
	return "", nil
}
