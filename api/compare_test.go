package api_test

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestCompare(t *testing.T) {
	ts := startServer(t, serverOpts{demo: true, tokens: roleTokens()})
	r := ts.get("/api/v1/compare?years=2021,2022", tokAnalyst)
	var a sqlAnswer
	r.json(t, &a)
	if r.Status != 200 || len(a.Rows) == 0 || len(a.Columns) < 6 || r.Header.Get("ETag") == "" {
		t.Fatalf("json: %d %.300s", r.Status, r.Body)
	}
	// 304 on the same data version.
	if r2 := ts.do("GET", "/api/v1/compare?years=2021,2022", tokAnalyst, nil, map[string]string{"If-None-Match": r.Header.Get("ETag")}); r2.Status != 304 {
		t.Fatalf("If-None-Match: %d", r2.Status)
	}

	r = ts.get("/api/v1/compare?years=2021,2022&format=csv", tokAnalyst)
	if r.Status != 200 || !bytes.HasPrefix(r.Body, []byte("\uFEFF")) || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv: %d %v %.200s", r.Status, r.Header, r.Body)
	}
	if lines := strings.Count(string(r.Body), "\n"); lines != len(a.Rows)+1 {
		t.Fatalf("csv has %d lines, json %d rows", lines, len(a.Rows))
	}

	r = ts.get("/api/v1/compare?years=2021,2022&format=xlsx", tokAnalyst)
	if r.Status != 200 {
		t.Fatalf("xlsx: %d %s", r.Status, r.Body)
	}
	x, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatalf("xlsx does not open: %v", err)
	}
	sheet := x.GetSheetName(0)
	rows, err := x.GetRows(sheet)
	if err != nil || len(rows) < len(a.Rows)+2 {
		t.Fatalf("xlsx rows %d (json %d): %v", len(rows), len(a.Rows), err)
	}
	numbers := 0
	for row := 3; row <= len(rows); row++ {
		for col := 1; col <= len(rows[1]); col++ {
			cell, _ := excelize.CoordinatesToCellName(col, row)
			typ, _ := x.GetCellType(sheet, cell)
			v, _ := x.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
			if _, err := strconv.ParseFloat(v, 64); err == nil && (typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset) {
				numbers++
			}
		}
	}
	if numbers == 0 {
		t.Fatal("the xlsx holds no numeric figures")
	}

	r = ts.get("/api/v1/compare?years=2021,2022&format=parquet", tokAnalyst)
	if r.Status != 200 || !bytes.HasPrefix(r.Body, []byte("PAR1")) {
		t.Fatalf("parquet: %d %.20q", r.Status, r.Body)
	}

	cases := []struct {
		name, path, token string
		status            int
		mention           string
	}{
		{"viewer", "/api/v1/compare?years=2021", tokViewer, 403, "分析员"},
		{"no years", "/api/v1/compare", tokAnalyst, 400, "years"},
		{"bad year", "/api/v1/compare?years=2021,abc", tokAnalyst, 400, "abc"},
		{"year out of range", "/api/v1/compare?years=3021", tokAnalyst, 400, "3021"},
		{"bad format", "/api/v1/compare?years=2021&format=pdf", tokAnalyst, 400, "format"},
		{"unknown unit", "/api/v1/compare?years=2021&unit=" + url.QueryEscape("不存在的单位"), tokAnalyst, 400, "不存在的单位"},
		{"unknown parameter", "/api/v1/compare?years=2021&yaers=2020", tokAnalyst, 400, "yaers"},
		{"scoped: other region", "/api/v1/compare?years=2021&region=" + url.QueryEscape("怀化市"), tokRegionAn, 403, "湘西州"},
	}
	for _, c := range cases {
		r := ts.get(c.path, c.token)
		if r.Status != c.status {
			t.Fatalf("%s: %d %s", c.name, r.Status, r.Body)
		}
		if _, msg := r.apiError(t); !strings.Contains(msg, c.mention) {
			t.Fatalf("%s: %q lacks %q", c.name, msg, c.mention)
		}
	}
	// The scoped analyst gets its region only.
	r = ts.get("/api/v1/compare?years=2021,2022", tokRegionAn)
	if r.Status != 200 {
		t.Fatalf("scoped: %d %s", r.Status, r.Body)
	}

	r = ts.get("/api/v1/audit?action=export", tokAdmin)
	if !strings.Contains(string(r.Body), `"format=xlsx`) && !strings.Contains(string(r.Body), "format=xlsx") {
		t.Fatalf("exports not audited: %s", r.Body)
	}
}
