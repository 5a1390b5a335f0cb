package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestExportXLSX reads the XLSX comparison back: title naming the scope and
// years, frozen Chinese header, real numbers with number formats.
func TestExportXLSX(t *testing.T) {
	data := demoWarehouse(t)
	out := filepath.Join(t.TempDir(), "对比表.xlsx")
	code, stdout, stderr := runCLI(t, "export", "--data", data, "--unit", "湘西州商务局", "--years", "2021,2022", "--out", out)
	if code != 0 || !strings.Contains(stdout, "已导出") {
		t.Fatalf("export: exit %d, %q, %q", code, stdout, stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	if sheet != "对比表" {
		t.Errorf("sheet %q", sheet)
	}
	if title, _ := f.GetCellValue(sheet, "A1"); title != "湘西州商务局 2021、2022年度绩效对比表" {
		t.Errorf("title %q", title)
	}
	head, _ := f.GetRows(sheet)
	if len(head) < 10 || strings.Join(head[1], "|") != "单位|类别|项目|计量单位|2021年|2022年|2022年比2021年增减|2022年比2021年增减率(%)" {
		t.Fatalf("header %v (%d rows)", head[1], len(head))
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("panes %+v, %v; want the title and header frozen", panes, err)
	}
	found := map[string]bool{}
	for i, r := range head[2:] {
		if len(r) < 8 {
			continue
		}
		row := i + 3
		checkNumber := func(col, numFmt string) {
			t.Helper()
			cell := col + strconv.Itoa(row)
			typ, _ := f.GetCellType(sheet, cell)
			if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
				t.Errorf("%s (%s %s) is %v, want a number", cell, r[2], col, typ)
			}
			style, _ := f.GetCellStyle(sheet, cell)
			s, _ := f.GetStyle(style)
			if s == nil || s.CustomNumFmt == nil || *s.CustomNumFmt != numFmt {
				t.Errorf("%s (%s) number format %v, want %s", cell, r[2], s, numFmt)
			}
		}
		switch r[3] {
		case "万元":
			checkNumber("E", "#,##0.00")
			checkNumber("G", "#,##0.00")
			checkNumber("H", "0.00%")
			found["万元"] = true
			if r[2] == "收入合计" {
				shown, _ := f.GetCellValue(sheet, "E"+strconv.Itoa(row))
				if !strings.Contains(shown, ",") {
					t.Errorf("收入合计 2021 shows %q, want thousands separators", shown)
				}
			}
		case "分":
			checkNumber("E", "0.00")
			found["分"] = true
		case "%":
			checkNumber("E", `0.00"%"`)
			found["%"] = true
		}
	}
	if len(found) != 3 {
		t.Errorf("rows by unit of measure: %v; want 万元, 分 and %%", found)
	}
}

// TestExportCSVAndParquet: CSV with BOM and Chinese header; Parquet by DuckDB
// (its types are read back in the sql package's tests); errors leave no file.
func TestExportCSVAndParquet(t *testing.T) {
	data := demoWarehouse(t)
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "c.csv")
	if code, _, stderr := runCLI(t, "export", "--data", data, "--region", "湘西州", "--years", "2020,2021,2022", "--out", csvPath); code != 0 {
		t.Fatalf("csv: %s", stderr)
	}
	b, _ := os.ReadFile(csvPath)
	if !strings.HasPrefix(string(b), "\uFEFF单位,类别,项目,计量单位,2020年,2021年,2021年比2020年增减,2021年比2020年增减率(%),2022年,") {
		t.Errorf("csv starts %q", string(b[:min(len(b), 200)]))
	}
	if strings.Contains(string(b), "e+") {
		t.Errorf("csv has e-notation")
	}
	pq := filepath.Join(dir, "c.parquet")
	if code, _, stderr := runCLI(t, "export", "--data", data, "--years", "2021", "--out", pq); code != 0 {
		t.Fatalf("parquet: %s", stderr)
	}
	if b, _ := os.ReadFile(pq); !strings.HasPrefix(string(b), "PAR1") {
		t.Errorf("not a parquet file")
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--unit", "不存在的局", "--years", "2021", "--out", filepath.Join(dir, "x.xlsx")}, "没有单位“不存在的局”"},
		{[]string{"--years", "二〇二一", "--out", filepath.Join(dir, "x.csv")}, "不是年度"},
		{[]string{"--years", "2021", "--out", filepath.Join(dir, "x.txt")}, "未知的导出格式"},
		{[]string{"--years", "2021"}, "需要 --out FILE"},
	} {
		code, _, stderr := runCLI(t, append([]string{"export", "--data", data}, tt.args...)...)
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("export %v: exit %d, %q; want %q", tt.args, code, stderr, tt.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("files after the failed exports: %v", entries)
	}
}
