package parse

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"jixiao/etl/cjk"
)

// The report date: when the report was signed or issued, which tells two
// versions of one unit-year apart (the later one is the correction). It is
// a labelled date anywhere ("报告日期：2022年3月15日"), else the last dated
// signature line near the end of the document ("州投资促进事务中心
// 2022年3月15日", "二〇二二年三月十五日"). Dates inside sentences ("3月15日，
// 我中心…") are events, not the report's date.

// tailLines is how far from the end a signature date may stand.
const tailLines = 30

var (
	// dateLabelRE is a labelled report date; group 1 is the date text.
	dateLabelRE  = regexp.MustCompile(`(?:报告|填报|评价|编制|报送|出具|成文|发布)(?:日期|时间):(.{6,20})`)
	arabicDateRE = regexp.MustCompile(`^(20\d\d)(?:年(\d{1,2})月(\d{1,2})日?|[-./](\d{1,2})[-./](\d{1,2}))`)
	hanDateRE    = regexp.MustCompile(`^([〇○零O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日`)
	// signatureDateRE is a signature line: an optional unit or seal text
	// (Han characters and brackets only), then a date ending the line.
	signatureDateRE = regexp.MustCompile(`^[\p{Han}()]{0,40}?((?:20\d\d年\d{1,2}月\d{1,2}日|20\d\d[-./]\d{1,2}[-./]\d{1,2}|[〇○零O一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日))$`)
)

// reportDate returns the report's date as YYYY-MM-DD, or "".
func (p *parser) reportDate() string {
	for _, l := range p.lines {
		if !cjk.Contains(l.norm, "日期") && !cjk.Contains(l.norm, "时间") {
			continue
		}
		if m := dateLabelRE.FindStringSubmatch(l.norm); m != nil {
			if d := parseDate(m[1]); d != "" {
				return d
			}
		}
	}
	for i := len(p.lines) - 1; i >= 0 && i >= len(p.lines)-tailLines; i-- {
		if m := signatureDateRE.FindStringSubmatch(p.lines[i].norm); m != nil {
			if d := parseDate(m[1]); d != "" {
				return d
			}
		}
	}
	return ""
}

// parseDate reads a date at the start of s ("2022年3月15日", "2022-03-15",
// "2022.3.15", "二〇二二年三月十五日"); "" when there is none or it is no
// calendar date.
func parseDate(s string) string {
	var y, m, d int
	if g := arabicDateRE.FindStringSubmatch(s); g != nil {
		y, _ = strconv.Atoi(g[1])
		ms, ds := g[2], g[3]
		if ms == "" {
			ms, ds = g[4], g[5]
		}
		m, _ = strconv.Atoi(ms)
		d, _ = strconv.Atoi(ds)
	} else if g := hanDateRE.FindStringSubmatch(s); g != nil {
		for _, r := range g[1] {
			y = y*10 + hanDigit(r)
		}
		m, d = hanNumber(g[2]), hanNumber(g[3])
	} else {
		return ""
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d || y < 2000 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

// hanDigit is the value of a Chinese digit; 〇 and what is typed for it
// (○, 零, O) are 0, and so is anything else.
func hanDigit(r rune) int {
	for v, d := range []rune("〇一二三四五六七八九") {
		if d == r {
			return v
		}
	}
	return 0
}

// hanNumber reads 1–31 written in Chinese: 三, 十, 十五, 二十, 三十一; 0 if not one.
func hanNumber(s string) int {
	rs := []rune(s)
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10
	case len(rs) == 1:
		return hanDigit(rs[0])
	case len(rs) == 2 && rs[0] == '十':
		return 10 + hanDigit(rs[1])
	case len(rs) == 2 && rs[1] == '十':
		return hanDigit(rs[0]) * 10
	case len(rs) == 3 && rs[1] == '十':
		return hanDigit(rs[0])*10 + hanDigit(rs[2])
	}
	return 0
}
