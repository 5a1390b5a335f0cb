// Package number reads the numbers written in Chinese government reports:
// full-width digits, thousands separators, money in 元/万元/亿元 (normalised to
// 万元), percentages, counts with measure words ("13个", "1000余家") and
// malformed numbers such as "40.3.亿元", which are reported, never silently read.
package number

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// ErrMalformed marks a number that cannot be read as written (e.g. "40.3.").
var ErrMalformed = errors.New("malformed number")

// Normalize maps full-width digits, letters and common punctuation to their ASCII
// forms and turns the ideographic space into a plain space.
func Normalize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '．':
			return '.'
		case r == '％':
			return '%'
		case r == '－':
			return '-'
		case r == '＋':
			return '+'
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

// ParseDecimal reads a plain decimal such as "1,234.50", "９.１７", "-3" or "+66.67".
// Blank input is an error; so is a second decimal point ("40.3.").
func ParseDecimal(s string) (float64, error) {
	t := strings.TrimSpace(Normalize(s))
	if t == "" {
		return 0, fmt.Errorf("empty number")
	}
	if strings.Count(t, ".") > 1 || strings.HasSuffix(t, ".") || strings.HasPrefix(t, ".") {
		return 0, fmt.Errorf("%q: %w", s, ErrMalformed)
	}
	t = strings.ReplaceAll(t, ",", "")
	v, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, fmt.Errorf("%q: %w", s, ErrMalformed)
	}
	return v, nil
}

// Cell reads a table cell: blank (or a dash placeholder) is nil, never 0.
func Cell(s string) (*float64, error) {
	t := strings.TrimSpace(Normalize(s))
	switch t {
	case "", "-", "—", "/", "／", "无":
		return nil, nil
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, "万元"), "元")
	v, err := ParseDecimal(t)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// Quantity is a number with its unit as written in a sentence.
type Quantity struct {
	Value float64 `json:"value"`
	// Unit is the normalised unit: money is always 万元; % for percentages; else
	// the measure word as written (个, 家, 人, 名, 份, 门, 场, 次).
	Unit string `json:"unit"`
	// OrigUnit is the unit as written (元, 万元, 亿元, …).
	OrigUnit  string `json:"orig_unit"`
	Qualifier string `json:"qualifier,omitempty"` // 余, 多, 以上, 以下, 近, 约
	Text      string `json:"text"`                // the matched text
	Start     int    `json:"start"`               // byte offset in the searched text
	End       int    `json:"end"`
	Malformed bool   `json:"malformed,omitempty"`
}

// MoneyToWan converts an amount in unit (元, 万元, 亿元, 千元) to 万元.
func MoneyToWan(v float64, unit string) (float64, bool) {
	switch unit {
	case "万元", "万":
		return v, true
	case "亿元", "亿":
		return v * 10000, true
	case "元":
		return v / 10000, true
	case "千元":
		return v / 10, true
	}
	return 0, false
}

// units are ordered so that longer spellings win.
var quantityRE = regexp.MustCompile(`(约|近|超过|超)?([+\-]?[0-9０-９][0-9０-９,，．.]*)\s*(余|多)?\s*(亿元|万元|千元|元|万人|%|％|个|家|人|名|份|门|场|次|项|亿|万)?(以上|以下|以内)?`)

// Find returns every number in text with its unit and qualifier. Thousands
// separators are only accepted as "," between groups of three digits; a number
// such as "40.3." is returned with Malformed set.
func Find(text string) []Quantity {
	var out []Quantity
	for _, m := range quantityRE.FindAllStringSubmatchIndex(text, -1) {
		raw := text[m[4]:m[5]]
		// A Chinese comma after a number ends the clause; never a separator.
		if i := strings.Index(raw, "，"); i >= 0 {
			raw = raw[:i]
			m[5] = m[4] + i
			m[7], m[6] = -1, -1
			m[9], m[8] = -1, -1
			m[11], m[10] = -1, -1
		}
		q := Quantity{Start: m[0], End: m[5]}
		if m[2] >= 0 {
			q.Qualifier = text[m[2]:m[3]]
		}
		if m[6] >= 0 {
			q.Qualifier = text[m[6]:m[7]]
		}
		unit := ""
		if m[8] >= 0 {
			unit = Normalize(text[m[8]:m[9]])
			q.End = m[9]
		}
		if m[10] >= 0 {
			q.Qualifier = text[m[10]:m[11]]
			q.End = m[11]
		}
		num := Normalize(raw)
		// A trailing dot directly before the unit ("40.3.亿元") is a typo to flag;
		// a trailing dot at a sentence end ("共4.") is just punctuation.
		if strings.HasSuffix(num, ".") && unit == "" {
			num = strings.TrimSuffix(num, ".")
		}
		if strings.HasSuffix(num, ",") {
			num = strings.TrimSuffix(num, ",")
		}
		v, err := ParseDecimal(num)
		if err != nil {
			q.Malformed = true
		}
		q.OrigUnit = unit
		q.Unit = unit
		if w, ok := MoneyToWan(v, unit); ok && unit != "万" && unit != "亿" {
			v, q.Unit = w, "万元"
		}
		q.Value = v
		q.Text = text[q.Start:q.End]
		out = append(out, q)
	}
	return out
}
