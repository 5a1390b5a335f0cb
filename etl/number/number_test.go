package number

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in      string
		want    float64
		wantErr bool
	}{
		{"146.95", 146.95, false},
		{"１４６．９５", 146.95, false},
		{"1,234.5", 1234.5, false},
		{"+66.67", 66.67, false},
		{"-3", -3, false},
		{"40.3.", 0, true},
		{"", 0, true},
		{"abc", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseDecimal(tt.in)
		if (err != nil) != tt.wantErr {
			t.Fatalf("ParseDecimal(%q) err = %v, wantErr %v", tt.in, err, tt.wantErr)
		}
		if err == nil && got != tt.want {
			t.Errorf("ParseDecimal(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if _, err := ParseDecimal("40.3."); !errors.Is(err, ErrMalformed) {
		t.Errorf("want ErrMalformed, got %v", err)
	}
}

func TestCell(t *testing.T) {
	for _, blank := range []string{"", "  ", "-", "无"} {
		v, err := Cell(blank)
		if err != nil || v != nil {
			t.Errorf("Cell(%q) = %v, %v; want nil, nil", blank, v, err)
		}
	}
	v, err := Cell("0")
	if err != nil || v == nil || *v != 0 {
		t.Errorf("Cell(0) = %v, %v; want 0", v, err)
	}
}

// TestProbeU13_FullWidthThousands: a full-width comma between thousands
// groups is a separator; one that does not group digits stays malformed.
func TestProbeU13_FullWidthThousands(t *testing.T) {
	for _, tt := range []struct {
		in      string
		want    float64
		wantErr bool
	}{
		{"1，146.95", 1146.95, false},
		{"１，１４６．９５", 1146.95, false},
		{"12，345，678", 12345678, false},
		{"-1，000", -1000, false},
		{"5，6", 0, true},
		{"1，14.6", 0, true},
		{"1146，95", 0, true},
		{"，146", 0, true},
		{"1，", 0, true},
	} {
		got, err := ParseDecimal(tt.in)
		if (err != nil) != tt.wantErr || (err == nil && got != tt.want) {
			t.Errorf("ParseDecimal(%q) = %v, %v; want %v (error %v)", tt.in, got, err, tt.want, tt.wantErr)
		}
		if tt.wantErr && !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseDecimal(%q): want ErrMalformed, got %v", tt.in, err)
		}
	}
}

// TestProbeW2_CellUnits: a cell's money unit is read, never dropped; Cell
// converts it to 万元, MoneyCell leaves the conversion to the caller.
func TestProbeW2_CellUnits(t *testing.T) {
	for _, tt := range []struct {
		in       string
		raw      float64
		unit     string
		wan      float64
		wantNone bool
	}{
		{"1469500元", 1469500, "元", 146.95, false},
		{"146.95万元", 146.95, "万元", 146.95, false},
		{"1.4695亿元", 1.4695, "亿元", 14695, false},
		{"1469.5 千元", 1469.5, "千元", 146.95, false},
		{"146.95", 146.95, "", 146.95, false},
		{"—", 0, "", 0, true},
	} {
		v, unit, err := MoneyCell(tt.in)
		if err != nil || unit != tt.unit || (v == nil) != tt.wantNone || (v != nil && *v != tt.raw) {
			t.Errorf("MoneyCell(%q) = %v %q %v; want %v %q", tt.in, v, unit, err, tt.raw, tt.unit)
		}
		w, err := Cell(tt.in)
		if err != nil || (w == nil) != tt.wantNone || (w != nil && math.Abs(*w-tt.wan) > 1e-9) {
			t.Errorf("Cell(%q) = %v, %v; want %v", tt.in, w, err, tt.wan)
		}
	}
	if _, unit, err := MoneyCell("12.3.4元"); !errors.Is(err, ErrMalformed) || unit != "元" {
		t.Errorf("MoneyCell(12.3.4元): unit %q err %v; want 元 and ErrMalformed", unit, err)
	}
}

// findCases pin Find's behaviour: these outputs were recorded from the
// original regular expression reader before it was replaced by the scanner.
var findCases = []struct {
	text string
	want []Quantity
}{
	{"到位资金达到180.88亿元，同比增长34.73%", []Quantity{
		{Value: 1808800, Unit: "万元", OrigUnit: "亿元", Text: "180.88亿元", Start: 18, End: 30},
		{Value: 34.73, Unit: "%", OrigUnit: "%", Text: "34.73%", Start: 45, End: 51},
	}},
	{"目标企业1000余家", []Quantity{{Value: 1000, Unit: "家", OrigUnit: "家", Qualifier: "余", Text: "1000余家", Start: 12, End: 22}}},
	{"投资额40.3.亿元", []Quantity{{Value: 0, Unit: "万元", OrigUnit: "亿元", Text: "40.3.亿元", Start: 9, End: 20, Malformed: true}}},
	{"１２．３．亿元", []Quantity{{Unit: "万元", OrigUnit: "亿元", Text: "１２．３．亿元", End: 21, Malformed: true}}},
	{"支出5000元，", []Quantity{{Value: 0.5, Unit: "万元", OrigUnit: "元", Text: "5000元", Start: 6, End: 13}}},
	{"增长12%以上", []Quantity{{Value: 12, Unit: "%", OrigUnit: "%", Qualifier: "以上", Text: "12%以上", Start: 6, End: 15}}},
	{"共１３个", []Quantity{{Value: 13, Unit: "个", OrigUnit: "个", Text: "１３个", Start: 3, End: 12}}},
	// Full-width digits and points.
	{"１２３．４５万元", []Quantity{{Value: 123.45, Unit: "万元", OrigUnit: "万元", Text: "１２３．４５万元", End: 24}}},
	{"5％", []Quantity{{Value: 5, Unit: "%", OrigUnit: "%", Text: "5％", End: 4}}},
	// Qualifiers before the number, after it and after the unit.
	{"约5万元", []Quantity{{Value: 5, Unit: "万元", OrigUnit: "万元", Qualifier: "约", Text: "约5万元", End: 10}}},
	{"近3年", []Quantity{{Value: 3, Qualifier: "近", Text: "近3", End: 4}}},
	{"超过10个", []Quantity{{Value: 10, Unit: "个", OrigUnit: "个", Qualifier: "超过", Text: "超过10个", End: 11}}},
	{"超过+5%", []Quantity{{Value: 5, Unit: "%", OrigUnit: "%", Qualifier: "超过", Text: "超过+5%", End: 9}}},
	{"超5%", []Quantity{{Value: 5, Unit: "%", OrigUnit: "%", Qualifier: "超", Text: "超5%", End: 5}}},
	{"1000多家", []Quantity{{Value: 1000, Unit: "家", OrigUnit: "家", Qualifier: "多", Text: "1000多家", End: 10}}},
	{"1000 余 家", []Quantity{{Value: 1000, Unit: "家", OrigUnit: "家", Qualifier: "余", Text: "1000 余 家", End: 12}}},
	{"50人以上", []Quantity{{Value: 50, Unit: "人", OrigUnit: "人", Qualifier: "以上", Text: "50人以上", End: 11}}},
	{"5万元以下", []Quantity{{Value: 5, Unit: "万元", OrigUnit: "万元", Qualifier: "以下", Text: "5万元以下", End: 13}}},
	{"3以内", []Quantity{{Value: 3, Qualifier: "以内", Text: "3以内", End: 7}}},
	{"3天以内", []Quantity{{Value: 3, Text: "3", End: 1}}},
	{"5余以上", []Quantity{{Value: 5, Qualifier: "以上", Text: "5余以上", End: 10}}},
	{"12 %以上", []Quantity{{Value: 12, Unit: "%", OrigUnit: "%", Qualifier: "以上", Text: "12 %以上", End: 10}}},
	{"近，5", []Quantity{{Value: 5, Text: "5", Start: 6, End: 7}}},
	{"超过", nil},
	{"约-", nil},
	// Units: money is converted to 万元; 万 and 亿 alone and counts are kept.
	{"30万人", []Quantity{{Value: 30, Unit: "万人", OrigUnit: "万人", Text: "30万人", End: 8}}},
	{"30万人次", []Quantity{{Value: 30, Unit: "万人", OrigUnit: "万人", Text: "30万人", End: 8}}},
	{"2亿", []Quantity{{Value: 2, Unit: "亿", OrigUnit: "亿", Text: "2亿", End: 4}}},
	{"5万", []Quantity{{Value: 5, Unit: "万", OrigUnit: "万", Text: "5万", End: 4}}},
	{"2000千元", []Quantity{{Value: 200, Unit: "万元", OrigUnit: "千元", Text: "2000千元", End: 10}}},
	{"5,000元", []Quantity{{Value: 0.5, Unit: "万元", OrigUnit: "元", Text: "5,000元", End: 8}}},
	{"1,234.5万元", []Quantity{{Value: 1234.5, Unit: "万元", OrigUnit: "万元", Text: "1,234.5万元", End: 13}}},
	{"项目10项，8名，3份，2门，4场，6次", []Quantity{
		{Value: 10, Unit: "项", OrigUnit: "项", Text: "10项", Start: 6, End: 11},
		{Value: 8, Unit: "名", OrigUnit: "名", Text: "8名", Start: 14, End: 18},
		{Value: 3, Unit: "份", OrigUnit: "份", Text: "3份", Start: 21, End: 25},
		{Value: 2, Unit: "门", OrigUnit: "门", Text: "2门", Start: 28, End: 32},
		{Value: 4, Unit: "场", OrigUnit: "场", Text: "4场", Start: 35, End: 39},
		{Value: 6, Unit: "次", OrigUnit: "次", Text: "6次", Start: 42, End: 46},
	}},
	// Signs, trailing points and commas, section numbers.
	{"+66.67%", []Quantity{{Value: 66.67, Unit: "%", OrigUnit: "%", Text: "+66.67%", End: 7}}},
	{"增长-3%", []Quantity{{Value: -3, Unit: "%", OrigUnit: "%", Text: "-3%", Start: 6, End: 9}}},
	{"2019-2021年", []Quantity{{Value: 2019, Text: "2019", End: 4}, {Value: -2021, Text: "-2021", Start: 4, End: 9}}},
	{"共4.", []Quantity{{Value: 4, Text: "4.", Start: 3, End: 5}}},
	{"5,", []Quantity{{Value: 5, Text: "5,", End: 2}}},
	{"5.,", []Quantity{{Text: "5.,", End: 3, Malformed: true}}},
	{"3.1.2节", []Quantity{{Text: "3.1.2", End: 5, Malformed: true}}},
	// A Chinese comma ends the number and what the match read after it.
	{"5，6个", []Quantity{{Value: 5, Text: "5", End: 1}}},
	{"3个项目，投资5亿元", []Quantity{
		{Value: 3, Unit: "个", OrigUnit: "个", Text: "3个", End: 4},
		{Value: 50000, Unit: "万元", OrigUnit: "亿元", Text: "5亿元", Start: 19, End: 26},
	}},
	// Invalid UTF-8 is skipped byte by byte.
	{"\xff5万元", []Quantity{{Value: 5, Unit: "万元", OrigUnit: "万元", Text: "5万元", Start: 1, End: 8}}},
	{"约\xff5", []Quantity{{Value: 5, Text: "5", Start: 4, End: 5}}},
	{"abc", nil},
	{"", nil},
}

func TestFind(t *testing.T) {
	for _, tt := range findCases {
		got := Find(tt.text)
		if len(got) != len(tt.want) {
			t.Fatalf("Find(%q) = %+v, want %d quantities", tt.text, got, len(tt.want))
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("Find(%q)[%d] = %+v, want %+v", tt.text, i, got[i], tt.want[i])
			}
		}
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"180.88亿元", "1000余家", "40.3.亿元", "１,２３４．５万元", "12%以上", "，，1，2"} {
		f.Add(s)
	}
	for _, s := range oracleCorpus {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Find(s)
		for _, q := range got {
			if q.Start < 0 || q.End > len(s) || q.Start > q.End || s[q.Start:q.End] != q.Text {
				t.Fatalf("bad offsets %+v for %q", q, s)
			}
		}
		if want := findOracle(s); !sameQuantities(got, want) {
			t.Fatalf("Find(%q) = %+v, regular expression reader gives %+v", s, got, want)
		}
		_, _ = ParseDecimal(s)
		_, _ = Cell(s)
	})
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"abc 12.5%", "abc 12.5%"},
		{"１２３．４５％", "123.45%"},
		{"－３＋５", "-3+5"},
		{"一\u3000二", "一 二"},
		{"到位资金，（万元）", "到位资金，（万元）"}, // other full-width forms stay
		{"\xff5", "\uFFFD5"},
		{"\xe4\xb8", "\uFFFD\uFFFD"},
		{"\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD"}, // a surrogate is invalid
		{"\U0001F600１", "\U0001F6001"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzNormalize checks the fast path against strings.Map over every rune.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"１２．３％", "\u3000", "\xff", "\xed\xa0\x80", "abc", "，。"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Map(normalizeRune, s) // the slow path over every rune
		if got := Normalize(s); got != want {
			t.Fatalf("Normalize(%q) = %q, want %q", s, got, want)
		}
	})
}

// FuzzMoneyCell: Cell is MoneyCell converted to 万元, and a figure read
// through a full-width comma had that comma between thousands groups.
func FuzzMoneyCell(f *testing.F) {
	for _, s := range []string{"1469500元", "1，146.95", "5，6", "1.4695亿元", "—", "12.3.4元", "１，０００万元", "元"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, unit, err := MoneyCell(s)
		w, werr := Cell(s)
		if (err == nil) != (werr == nil) || (v == nil) != (w == nil) {
			t.Fatalf("MoneyCell(%q) = %v %q %v but Cell = %v %v", s, v, unit, err, w, werr)
		}
		if v != nil {
			want := *v
			if unit != "" {
				want, _ = MoneyToWan(*v, unit)
			}
			if *w != want && !(math.IsNaN(*w) && math.IsNaN(want)) {
				t.Fatalf("Cell(%q) = %v, want %v", s, *w, want)
			}
			if t2 := Normalize(s); strings.Contains(t2, "，") && !fullWidthGrouped(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(t2), unit))) {
				t.Fatalf("MoneyCell(%q) read %v through an ungrouped full-width comma", s, *v)
			}
		}
	})
}
