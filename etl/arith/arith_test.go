package arith

import (
	"math"
	"testing"
)

func TestWrittenValue(t *testing.T) {
	tests := []struct {
		text string
		want float64
		ok   bool
	}{
		{"控制率＝（在岗人数÷核定数）×100%＝（6÷20）×100%＝30%，得3分", 30, true},
		{"变动率＝（本年数-上年数）÷上年数×100%＝（2万元-5万元）÷5万元×100%＝60%。", -60, true},
		{"完成率＝（10万元+20万元-6万元）÷（10万元+20万元）＝80%，", 80, true},
		{"调整率＝（0.5万元÷50万元）×100%＝1%＜10%", 1, true},
		{"综合满意度＝（服务对象满意度×50%+公众满意度×40%+员工满意度×10%）＝95%", 0, false},
		{"满意度＝（90%×50%+100%×50%）＝95%", 95, true},
		{"综合满意度＝90％×50％＋100％×40％＋80％×10％＝93％", 93, true},
		{"无算式的句子，得满分5分。", 0, false},
		{"＝（1÷0）×100%＝0%", 0, false},
	}
	for _, tt := range tests {
		got, ok := WrittenValue(tt.text)
		if ok != tt.ok || (ok && math.Abs(got-tt.want) > 0.005) {
			t.Errorf("WrittenValue(%q) = %v, %v; want %v, %v", tt.text, got, ok, tt.want, tt.ok)
		}
	}
}

func TestEval(t *testing.T) {
	for expr, want := range map[string]float64{
		"1+2×3":       7,
		"（1+2）×3":     9,
		"-3+1":        -2,
		"50%×2":       1,
		"１０÷4":        2.5,
		"1.5万元+2.5万元": 4,
	} {
		got, err := Eval(expr)
		if err != nil || math.Abs(got-want) > 1e-9 {
			t.Errorf("Eval(%q) = %v, %v; want %v", expr, got, err, want)
		}
	}
	for _, bad := range []string{"", "1+", "(1", "abc", "1..2"} {
		if _, err := Eval(bad); err == nil {
			t.Errorf("Eval(%q) succeeded", bad)
		}
	}
}

func FuzzWrittenValue(f *testing.F) {
	for _, s := range []string{"＝（4÷13）×100%＝30.77%", "＝((((1", "=-", "＝1-－-2＝3%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = WrittenValue(s)
		_, _ = Eval(s)
	})
}
