package sql

import (
	"encoding/json"
	"math/big"
	"testing"
)

func TestDecimalText(t *testing.T) {
	cases := []struct {
		v     int64
		scale int
		want  string
	}{
		{1469500, 4, "146.95"}, {10000, 4, "1"}, {0, 4, "0"}, {-5, 4, "-0.0005"}, {-1469500, 4, "-146.95"},
		{123, 0, "123"}, {1, 2, "0.01"}, {13712000000, 4, "1371200"},
	}
	for _, c := range cases {
		if got := decimalText(big.NewInt(c.v), c.scale); got != c.want {
			t.Errorf("decimalText(%d, %d) = %s, want %s", c.v, c.scale, got, c.want)
		}
	}
}

func TestFloatNumber(t *testing.T) {
	cases := []struct {
		v    float64
		want any
	}{
		{11378.429999999998, json.Number("11378.43")}, {100.74000000000001, json.Number("100.74")},
		{0.1 + 0.2, json.Number("0.3")}, {94.08333333333333, json.Number("94.0833")}, {-0.00001, json.Number("0")},
		{3.462e6, json.Number("3462000")}, {1e15 + 0.5, json.Number("1000000000000000.5")},
	}
	for _, c := range cases {
		if got := floatNumber(c.v); got != c.want {
			t.Errorf("floatNumber(%v) = %v, want %v", c.v, got, c.want)
		}
	}
}
