package sql

import (
	"bytes"
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// exactValue turns a driver value into a JSON-ready Go value without float
// noise: a DECIMAL keeps its digits (146.9500 → 146.95), a DOUBLE — the views'
// sums and ratios — is rounded to the warehouse's 4 decimal places, so a sum
// of 11378.43 never reads 11378.429999999998.
func exactValue(v any) any {
	switch x := v.(type) {
	case duckdb.Decimal:
		return json.Number(decimalText(x.Value, int(x.Scale)))
	case float64:
		return floatNumber(x)
	case float32:
		return floatNumber(float64(x))
	case *big.Int:
		return json.Number(x.String())
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case []byte:
		return string(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = exactValue(e)
		}
		return out
	}
	return v
}

// floatNumber is x rounded to 4 decimal places as a JSON number; NaN and ±Inf
// (no JSON number) are null.
func floatNumber(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	r := math.Round(x*1e4) / 1e4
	if math.IsInf(r, 0) || math.Abs(x) >= 1e14 {
		r = x // beyond 4 decimals' reach: keep the value as it is
	}
	if r == 0 {
		r = 0 // no "-0"
	}
	return json.Number(strconv.FormatFloat(r, 'f', -1, 64))
}

// decimalText prints an unscaled integer with scale decimals, dropping trailing
// zeros of the fraction (the digits are the DECIMAL's own).
func decimalText(v *big.Int, scale int) string {
	s := new(big.Int).Abs(v).String()
	neg := v.Sign() < 0
	if scale > 0 {
		if len(s) <= scale {
			s = strings.Repeat("0", scale-len(s)+1) + s
		}
		intPart, frac := s[:len(s)-scale], strings.TrimRight(s[len(s)-scale:], "0")
		s = intPart
		if frac != "" {
			s += "." + frac
		}
	}
	if neg && strings.Trim(s, "0.") != "" {
		s = "-" + s
	}
	return s
}

// Row is one listing row: values in the resource's column order, written as a
// JSON object with the keys in that order.
type Row struct {
	cols []Col
	vals []any
}

func newRow(cols []Col, vals []any) Row { return Row{cols: cols, vals: vals} }

// Get is the value of column name (nil when absent or NULL).
func (r Row) Get(name string) any {
	for i, c := range r.cols {
		if c.Name == name {
			return r.vals[i]
		}
	}
	return nil
}

// MarshalJSON writes the row as an object in column order.
func (r Row) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, c := range r.cols {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(c.Name)
		b.Write(k)
		b.WriteByte(':')
		v, err := marshalPlain(r.vals[i])
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshalPlain is json.Marshal without escaping <, > and & (Chinese text with
// 《》 is common; HTML escaping would only make it unreadable).
func marshalPlain(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}
