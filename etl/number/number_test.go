package number

import (
	"errors"
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

func TestFind(t *testing.T) {
	tests := []struct {
		text string
		want []Quantity
	}{
		{"到位资金达到180.88亿元，同比增长34.73%", []Quantity{
			{Value: 1808800, Unit: "万元", OrigUnit: "亿元", Text: "180.88亿元"},
			{Value: 34.73, Unit: "%", OrigUnit: "%", Text: "34.73%"},
		}},
		{"目标企业1000余家", []Quantity{{Value: 1000, Unit: "家", OrigUnit: "家", Qualifier: "余", Text: "1000余家"}}},
		{"投资额40.3.亿元", []Quantity{{Value: 0, Unit: "万元", OrigUnit: "亿元", Text: "40.3.亿元", Malformed: true}}},
		{"支出5000元，", []Quantity{{Value: 0.5, Unit: "万元", OrigUnit: "元", Text: "5000元"}}},
		{"增长12%以上", []Quantity{{Value: 12, Unit: "%", OrigUnit: "%", Qualifier: "以上", Text: "12%以上"}}},
		{"共１３个", []Quantity{{Value: 13, Unit: "个", OrigUnit: "个", Text: "１３个"}}},
	}
	for _, tt := range tests {
		got := Find(tt.text)
		if len(got) != len(tt.want) {
			t.Fatalf("Find(%q) = %+v, want %d quantities", tt.text, got, len(tt.want))
		}
		for i := range got {
			g, w := got[i], tt.want[i]
			if g.Value != w.Value || g.Unit != w.Unit || g.OrigUnit != w.OrigUnit || g.Qualifier != w.Qualifier || g.Text != w.Text || g.Malformed != w.Malformed {
				t.Errorf("Find(%q)[%d] = %+v, want %+v", tt.text, i, g, w)
			}
		}
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"180.88亿元", "1000余家", "40.3.亿元", "１,２３４．５万元", "12%以上", "，，1，2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, q := range Find(s) {
			if q.Start < 0 || q.End > len(s) || q.Start > q.End {
				t.Fatalf("bad offsets %+v for %q", q, s)
			}
		}
		_, _ = ParseDecimal(s)
		_, _ = Cell(s)
	})
}
