package parse

import (
	"slices"
	"testing"
)

func TestNorm(t *testing.T) {
	for in, want := range map[string]string{
		"":              "",
		"上年结转 47.83 万元": "上年结转47.83万元",
		"“三公经费”总额为１．５万元":   "三公经费总额为1.5万元",
		"率＝（４÷１３）×１００％":    "率=(4÷13)×100%",
		"\u3000①资产（2分）：\t": "①资产(2分):",
		"'a' \"b\" 「c」":    "abc",
		"无需改变的文字":          "无需改变的文字",
		"－1＋2":             "-1+2",
	} {
		if got := norm(in); got != want {
			t.Errorf("norm(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSentences(t *testing.T) {
	for in, want := range map[string][]string{
		"":             nil,
		"甲。乙；丙!丁？戊":    {"甲。", "乙；", "丙!", "丁？", "戊"},
		" 甲。 。乙":       {"甲。", "。", "乙"},
		"没有句号":         {"没有句号"},
		"a;b?c!":       {"a;", "b?", "c!"},
		"。":            {"。"},
		"收到１０．５万元。结束！": {"收到１０．５万元。", "结束！"},
	} {
		if got := sentences(in); !slices.Equal(got, want) {
			t.Errorf("sentences(%q) = %q, want %q", in, got, want)
		}
	}
}
