package number

import (
	"regexp"
	"strings"
	"testing"
)

// oracleRE is the regular expression Find was first written with. The scanner
// that replaced it must give exactly the same quantities; findOracle keeps the
// old reader so that the tests and the fuzz target can compare the two.
var oracleRE = regexp.MustCompile(`(约|近|超过|超)?([+\-]?[0-9０-９][0-9０-９,，．.]*)\s*(余|多)?\s*(亿元|万元|千元|元|万人|%|％|个|家|人|名|份|门|场|次|项|亿|万)?(以上|以下|以内)?`)

func findOracle(text string) []Quantity {
	var out []Quantity
	for _, m := range oracleRE.FindAllStringSubmatchIndex(text, -1) {
		raw := text[m[4]:m[5]]
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

// sameQuantities compares two results field by field; NaN never occurs
// (ParseFloat errors are Malformed with value 0).
func sameQuantities(a, b []Quantity) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// oracleCorpus holds the awkward corners of the grammar.
var oracleCorpus = []string{
	"超过超过5个", "超超5", "约约", "约+", "近-5%以下", "+-5", "--5", "5--6", "5 余", "5\t余\n家 以上",
	"5 \f万元", "5余 以上", "5多多家", "5，，6", "，5", "5，余家", "5.．,，6亿元", "１，２３４．５万元",
	"0.5千元以内", "3万人次以上", "3 万 人", "12 ％", "\xef\xbc", "\xef\xbc\x95", "\xe8\xb6", "\xe8\xb6\x855",
	"超\xff5", "5\xff万元", "９９９９９９９９９９９９９９９９９９９９９９９９９９９９９９９９９９９９９９９９元",
	"1" + strings.Repeat("0", 400) + "亿元", "．5", "5．", "5．亿元", "超过。5", "近5年来超过30%的项目达到1000多家以上",
}

func TestFindMatchesOracle(t *testing.T) {
	corpus := append([]string{ownText}, oracleCorpus...)
	for _, tt := range findCases {
		corpus = append(corpus, tt.text)
	}
	for _, s := range corpus {
		if got, want := Find(s), findOracle(s); !sameQuantities(got, want) {
			t.Errorf("Find(%q) =\n%+v\nwant (regular expression reader)\n%+v", s, got, want)
		}
	}
}

func TestFindMatchesOracleOnSeed(t *testing.T) {
	text := seedText(t)
	got, want := Find(text), findOracle(text)
	if !sameQuantities(got, want) {
		t.Fatalf("Find differs from the regular expression reader on the seed: %d vs %d quantities", len(got), len(want))
	}
	if len(got) < 100 {
		t.Errorf("only %d quantities in the seed report", len(got))
	}
}
