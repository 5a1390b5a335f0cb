package sql

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/report"
)

// compareWarehouse holds 湘西州甲局 in 2020 and 2021 and 湘西州乙局 in 2021.
func compareWarehouse(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	db := openTemp(t)
	for i, c := range []struct {
		unit   string
		year   int
		total  float64
		income float64
		score  float64
	}{
		{"州甲局", 2020, 90, 146.95, 3},
		{"州甲局", 2021, 94, 200.5, 2.5},
		{"州乙局", 2021, 88, 0.01, 1},
	} {
		r := sampleReport(c.unit, c.year)
		r.Score.Total = report.Float(c.total)
		r.Income[1].Total = report.Float(c.income)
		r.Indicators = []report.Indicator{{Code: "goal_reasonableness", Name: "绩效目标合理性", Level1: "投入",
			MaxPoints: report.Float(3), DeclaredScore: report.Float(c.score)}}
		if _, err := db.Load(ctx, Document{Report: r, FileName: fmt.Sprint(i, ".txt"), SHA256: fmt.Sprint("sha", i)}); err != nil {
			t.Fatal(err)
		}
	}
	// The views read results stored by the refresh that ends every ETL run.
	if _, err := db.RefreshAggregates(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestCompareYears: one row per unit and item, one column per year, 增减 and
// 增减率 against the previous listed year, exact decimals, the 对比表's order.
func TestCompareYears(t *testing.T) {
	ctx := context.Background()
	db := compareWarehouse(t)
	rows, err := db.Compare(ctx, CompareFilter{Units: []string{"湘西州甲局"}, Years: []int{2021, 2020}})
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	want := "单位|类别|项目|计量单位|2020年|2021年|2021年比2020年增减|2021年比2020年增减率(%)"
	if got := strings.Join(rows.Columns(), "|"); got != want {
		t.Errorf("columns %s, want %s", got, want)
	}
	got := map[string][]any{}
	var order []string
	for rows.Next() {
		r := append([]any(nil), rows.Row()...)
		got[r[2].(string)] = r
		order = append(order, r[1].(string)+"/"+r[2].(string))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for item, w := range map[string]string{
		"自评总分":    "[湘西州甲局 总体 自评总分 分 90 94 4 4.44]",
		"收入合计":    "[湘西州甲局 收支与资产 收入合计 万元 146.95 200.5 53.55 36.44]",
		"绩效目标合理性": "[湘西州甲局 指标得分 绩效目标合理性 分 3 2.5 -0.5 -16.67]",
	} {
		if fmt.Sprint(got[item]) != w {
			t.Errorf("%s = %v, want %s", item, got[item], w)
		}
	}
	if v, ok := got["收入合计"][6].(json.Number); !ok || v != "53.55" {
		t.Errorf("增减 is %#v, want the exact json.Number 53.55", got["收入合计"][6])
	}
	if len(order) < 3 || order[0] != "总体/自评总分" || !strings.HasPrefix(order[1], "总体/") {
		t.Errorf("order = %v; want 总体 first, 自评总分 at the top", order)
	}
	sections := strings.Join(order, ",")
	if strings.Index(sections, "指标得分/") > strings.Index(sections, "收支与资产/") {
		t.Errorf("indicator scores must precede the measures: %v", order)
	}
	// The whole prefecture: both units; 乙局 has no 2020 figure, so no change.
	rows2, err := db.Compare(ctx, CompareFilter{Region: "湘西州", Years: []int{2020, 2021}})
	if err != nil {
		t.Fatal(err)
	}
	defer rows2.Close()
	units := map[string]bool{}
	for rows2.Next() {
		r := rows2.Row()
		units[r[0].(string)] = true
		if r[0] == "湘西州乙局" && (r[4] != nil || r[6] != nil || r[7] != nil) {
			t.Errorf("乙局 without 2020 shows %v", r)
		}
	}
	if len(units) != 2 {
		t.Errorf("units = %v", units)
	}
}

// TestCompareScopeErrors: a scope that cannot be answered says why.
func TestCompareScopeErrors(t *testing.T) {
	db := compareWarehouse(t)
	for _, tt := range []struct {
		f    CompareFilter
		want string
	}{
		{CompareFilter{}, "请给出要对比的年度"},
		{CompareFilter{Years: []int{20210}}, "不在 1990–2100"},
		{CompareFilter{Units: []string{"湘西州丙局"}, Years: []int{2021}}, "没有单位“湘西州丙局”"},
		{CompareFilter{Region: "凤凰县", Years: []int{2021}}, "没有地区“凤凰县”"},
		{CompareFilter{Years: []int{2019}}, "2019 年度没有报告"},
	} {
		_, err := db.Compare(context.Background(), tt.f)
		if !errors.Is(err, ErrBadFilter) || !strings.Contains(fmt.Sprint(err), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.f, err, tt.want)
		}
	}
}

// TestCompareParquetTypes reads the Parquet export back with DuckDB: Chinese
// column names, DECIMAL figures, DOUBLE percentages, the same rows as Compare.
func TestCompareParquetTypes(t *testing.T) {
	ctx := context.Background()
	db := compareWarehouse(t)
	var buf bytes.Buffer
	f := CompareFilter{Years: []int{2020, 2021}}
	n, err := db.CompareParquet(ctx, &buf, f)
	if err != nil || n == 0 || !bytes.HasPrefix(buf.Bytes(), []byte("PAR1")) {
		t.Fatalf("parquet: %d bytes, %v", n, err)
	}
	path := filepath.Join(t.TempDir(), "c.parquet")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := db.Query(ctx, fmt.Sprintf(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '%s')`, path), 0)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, r := range res.Rows {
		types = append(types, fmt.Sprint(r[0], " ", r[1]))
	}
	want := "单位 VARCHAR|类别 VARCHAR|项目 VARCHAR|计量单位 VARCHAR|2020年 DECIMAL(18,4)|2021年 DECIMAL(18,4)|2021年比2020年增减 DECIMAL(18,4)|2021年比2020年增减率(%) DOUBLE"
	if got := strings.Join(types, "|"); got != want {
		t.Errorf("parquet columns\n got %s\nwant %s", got, want)
	}
	res, err = db.Query(ctx, fmt.Sprintf(`SELECT "2020年", "2021年", "2021年比2020年增减", "2021年比2020年增减率(%%)" FROM '%s'
		WHERE 单位 = '湘西州甲局' AND 项目 = '收入合计'`, path), 0)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(res.Rows) != "[[146.95 200.5 53.55 36.44]]" {
		t.Errorf("收入合计 in parquet = %v", res.Rows)
	}
	rows, err := db.Compare(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cnt := 0
	for rows.Next() {
		cnt++
	}
	if m := count(t, db, fmt.Sprintf(`SELECT count(*) FROM '%s'`, path)); m != cnt {
		t.Errorf("parquet has %d rows, Compare %d", m, cnt)
	}
}
