package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Corrections of what tesseract's chi_sim model commonly misreads in the
// printed reports, applied to OCR text only. Each is confined to a context
// where the misread glyph cannot be meant: marks around a figure are
// restored, letters inside a number become the digits they look like, and
// only a heading's "5"/"59" standing for 分 is dropped (ocrPoints). The
// words keep their confidence, so a figure they give is still marked when
// tesseract was unsure of it.

// ocrRune maps single glyphs: the angle brackets 〈〉 stand for the
// full-width parentheses （） of the text (the report never uses 〈〉), and
// full-width digits and signs are their ASCII forms as a text layer gives
// them.
func ocrRune(r rune) rune {
	switch {
	case r == '〈':
		return '（'
	case r == '〉':
		return '）'
	case r >= '０' && r <= '９':
		return '0' + (r - '０')
	case r == '．':
		return '.'
	case r == '％':
		return '%'
	}
	return r
}

// quotedBracket is an opening bracket read as two glyphs, a quote and the
// bracket ("“〈" for "（"), alone in its word.
var quotedBracket = regexp.MustCompile(`^[“”"]+([（(])$`)

// fixOCRWord applies ocrRune to a word, joins a quoted bracket and reads
// the letters of a numeric word as the digits they stand for.
func fixOCRWord(s string) string {
	return numericLetters(quotedBracket.ReplaceAllString(strings.Map(ocrRune, s), "$1"))
}

// numericWord is a word of digits in which OCR read a 0 as O or o and a 1
// as l, I or |: at least two real digits, nothing but digits, those
// letters and the marks of a number.
var numericWord = regexp.MustCompile(`^[0-9OolI|][0-9OolI|.,]*%?$`)

// numericLetters maps O/o to 0 and l/I/| to 1 inside a numeric word only
// ("1O.22" → "10.22"); a word with any other letter is left as read.
func numericLetters(s string) string {
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if digits < 2 || !strings.ContainsAny(s, "OolI|") || !numericWord.MatchString(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case 'O', 'o':
			return '0'
		case 'l', 'I', '|':
			return '1'
		}
		return r
	}, s)
}

// misreadMarks are what tesseract makes of a circled number ①–⑳ at the
// start of a line (chi_sim does not know the glyphs): ©, ®, @, "GD", "G)",
// often with a stray bracket or quote after them. The number itself cannot be recovered,
// so the mark is dropped: "©绩效目标合理性（3分）" reads as the heading it is.
var misreadMarks = regexp.MustCompile(`^(?:[©®@]+|G[D)])[)）"”“]*`)

// dropLeadingMark removes a misread circled number from the first word of a
// line when Chinese text follows it (in the word or the next one).
func dropLeadingMark(words []OCRWord) []OCRWord {
	if len(words) == 0 {
		return words
	}
	m := misreadMarks.FindString(words[0].Text)
	if m == "" {
		return words
	}
	rest := words[0].Text[len(m):]
	next := rest
	if next == "" && len(words) > 1 {
		next = words[1].Text
	}
	if r, _ := utf8.DecodeRuneInString(next); !unicode.Is(unicode.Han, r) && r != '“' && r != '"' {
		return words
	}
	out := append([]OCRWord(nil), words...)
	if rest == "" {
		return out[1:]
	}
	out[0].Text = rest
	return out
}

// ocrEquals is an equals sign read as 三 or 王 between a closing mark of a
// formula (")", "%") and the figure it gives: "×100%三1.14%".
var ocrEquals = regexp.MustCompile(`([%)）])[三王]([0-9])`)

// ocrOpenParen is an opening parenthesis read as a title mark: "《" closed
// by ")" before any "》" ("部门《单位)").
var ocrOpenParen = regexp.MustCompile(`《([^《》()（）\s]{1,12})[)）]`)

// ocrPoints is the points of a scored heading whose 分 was read as 5 or 59:
// "绩效指标的明确性(359) :" for "（3分）：". Only a single digit before the
// misread and the colon that ends a heading are taken: weights of scored
// indicators are single digits, and a real "(35)" heading would have
// been read "(355)" or "(3559)".
var ocrPoints = regexp.MustCompile(`^(\s*[^\s()（）:：，,。；;]{2,40}?)\s?[（(]([1-9])59?[)）](\s*[:：])`)

// ocrIncl is （含） read as "(&)" after a figure, and ocrBandDash the dash
// of a grade band read as "_" or "一" before "N分为": "90 (&)_100分为优"
// is the legend "90（含）—100分为优", which the parser then knows for one.
var (
	ocrIncl     = regexp.MustCompile(`([0-9])\s?[(（]&[)）]`)
	ocrBandDash = regexp.MustCompile(`(^|[^\p{Han}])[_一](\s?[0-9]{1,3}\s?分为)`)
)

// fixOCRLine corrects a laid-out line (see ocrEquals, ocrOpenParen,
// ocrPoints, ocrIncl, ocrBandDash).
func fixOCRLine(s string) string {
	if strings.Contains(s, "&") {
		s = ocrIncl.ReplaceAllString(s, "${1}（含）")
	}
	if strings.Contains(s, "分为") {
		s = ocrBandDash.ReplaceAllString(s, "${1}—${2}")
	}
	if strings.Contains(s, "5") {
		s = ocrPoints.ReplaceAllString(s, "${1}（${2}分）${3}")
	}
	if strings.ContainsAny(s, "三王") {
		s = ocrEquals.ReplaceAllString(s, "$1=$2")
	}
	if strings.Contains(s, "《") {
		s = ocrOpenParen.ReplaceAllString(s, "（${1}）")
	}
	return s
}
