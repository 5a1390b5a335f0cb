package export

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestText(t *testing.T) {
	for _, tt := range []struct {
		v    any
		want string
	}{
		{nil, ""},
		{json.Number("124.94"), "124.94"},
		{1808800.0, "1808800"},
		{6.068e6, "6068000"},
		{0.30000000000000004, "0.30000000000000004"},
		{1e-7, "0.0000001"},
		{math.Inf(1), "inf"},
		{math.NaN(), "nan"},
		{float32(1.5), "1.5"},
		{int32(7), "7"},
		{true, "true"},
		{"湘西州", "湘西州"},
		{[]any{1.0, json.Number("2.5"), nil}, "[1,2.5,null]"},
		{map[string]any{"a": math.Inf(-1)}, `{"a":null}`},
	} {
		if got := Text(tt.v); got != tt.want {
			t.Errorf("Text(%#v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestJSONAndCSV(t *testing.T) {
	rows := [][]any{{"<甲>", math.Inf(1), json.Number("12345678901234.5678")}, {"乙", 1808800.0, nil}}
	var b bytes.Buffer
	sum, err := JSON(&b, Slice([]string{"unit", "r", "d"}, rows))
	want := `{"columns":["unit","r","d"],"rows":[["<甲>",null,12345678901234.5678]` + "\n" + `,["乙",1808800,null]` + "\n" + `],"truncated":false,"row_count":2}` + "\n"
	if err != nil || sum.Rows != 2 || b.String() != want {
		t.Errorf("JSON = %q, %v\nwant %q", b.String(), err, want)
	}
	var v map[string]any
	if err := json.Unmarshal(b.Bytes(), &v); err != nil {
		t.Errorf("not JSON: %v", err)
	}
	b.Reset()
	if _, err := CSV(&b, Slice([]string{"unit", "r", "d"}, rows), CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	if b.String() != BOM+"unit,r,d\n<甲>,inf,12345678901234.5678\n乙,1808800,\n" {
		t.Errorf("CSV = %q", b.String())
	}
}

// bigSource is n comparison-shaped rows, generated as they are read.
type bigSource struct{ i, n int }

func (s *bigSource) Columns() []string {
	return []string{"单位", "类别", "项目", "计量单位", "2020年", "2021年", "增减", "增减率(%)"}
}
func (s *bigSource) Next() bool      { s.i++; return s.i <= s.n }
func (s *bigSource) Err() error      { return nil }
func (s *bigSource) Truncated() bool { return false }
func (s *bigSource) Row() []any {
	return []any{"湘西州投资促进事务中心", "收支与资产", "收入合计", "万元", json.Number("1469.5"), json.Number("1711.28"), json.Number("241.78"), 16.45}
}

var bigColumns = []Column{{"单位", "text"}, {"类别", "text"}, {"项目", "text"}, {"计量单位", "text"},
	{"2020年", "value"}, {"2021年", "value"}, {"增减", "delta"}, {"增减率(%)", "percent"}}

// TestXLSXStreamsRows writes 20,000 rows and reads them back.
func TestXLSXStreamsRows(t *testing.T) {
	var b bytes.Buffer
	sum, err := XLSX(&b, &bigSource{n: 20000}, XLSXOptions{Title: "t", Columns: bigColumns, UnitColumn: 3})
	if err != nil || sum.Rows != 20000 {
		t.Fatalf("%+v %v", sum, err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, _ := f.GetCellValue("对比表", "H20002", excelize.Options{RawCellValue: true})
	shown, _ := f.GetCellValue("对比表", "H20002")
	money, _ := f.GetCellValue("对比表", "F20002")
	if v != "0.1645" || shown != "16.45%" || money != "1,711.28" {
		t.Errorf("last row: raw %q shown %q money %q", v, shown, money)
	}
}

// BenchmarkXLSX100k: DESIGN §12 asks ≤ 10 s for a 100,000-row XLSX export.
func BenchmarkXLSX100k(b *testing.B) {
	for range b.N {
		if _, err := XLSX(io.Discard, &bigSource{n: 100000}, XLSXOptions{Title: "t", Columns: bigColumns, UnitColumn: 3}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCSV1M: the writer's share of a 1,000,000-row CSV export.
func BenchmarkCSV1M(b *testing.B) {
	for range b.N {
		if _, err := CSV(io.Discard, &bigSource{n: 1000000}, CSVOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTableDisplayWidth: columns line up by display width (CJK two cells),
// numbers right-aligned, a cell of several lines on lines of its own.
func TestTableDisplayWidth(t *testing.T) {
	var b bytes.Buffer
	_, err := Table(&b, Slice([]string{"unit", "n", "note"}, [][]any{
		{"湘西州投资促进事务中心", json.Number("94"), "a\nb"},
		{"ab", 1808800.0, nil},
	}))
	want := "unit                    n        note\n" +
		"湘西州投资促进事务中心       94  a\n" +
		strings.Repeat(" ", 22+2+7+2) + "b\n" +
		"ab                      1808800\n" +
		"(2 行)\n"
	if err != nil || b.String() != want {
		t.Errorf("table\n%s\nwant\n%s", b.String(), want)
	}
}
