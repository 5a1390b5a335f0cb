package etl

import (
	"context"
	"testing"

	"jixiao/etl/extract"
	"jixiao/report"
)

// TestAnalyzeReportsAFindingOnce: parse and the metric scan both read the
// money sentences; a malformed number in one is reported once.
func TestAnalyzeReportsAFindingOnce(t *testing.T) {
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	text := "某县统计局2022年度部门整体支出绩效自评报告\n" +
		"一、部门基本情况\n" +
		"本年收入合计4.1.2万元，其中财政拨款收入400.00万元，其他收入12.00万元。本年支出合计398.50万元，其中基本支出250.50万元，项目支出148.00万元。\n"
	r, err := an.Analyze(context.Background(), "county.txt", []byte(text), Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	var got []report.Finding
	for _, f := range r.Findings {
		if f.Rule == "malformed_number" {
			got = append(got, f)
		}
	}
	if len(got) != 1 || got[0].Found != "4.1.2万元" {
		t.Errorf("malformed_number findings = %+v, want one for 4.1.2万元", got)
	}
}

func TestAppendNew(t *testing.T) {
	ev := func(block int) *report.Evidence { return &report.Evidence{Block: block} }
	have := []report.Finding{{Rule: "a", Found: "x", Evidence: ev(1)}}
	more := []report.Finding{
		{Rule: "a", Found: "x", Evidence: ev(1)}, // the same: dropped
		{Rule: "a", Found: "x", Evidence: ev(2)}, // another block
		{Rule: "b", Found: "x", Evidence: ev(1)}, // another rule
		{Rule: "a", Found: "y", Evidence: ev(1)}, // another text
		{Rule: "a", Found: "x"},                  // no evidence
	}
	if got := appendNew(have, more); len(got) != 5 {
		t.Errorf("appendNew kept %d findings, want 5: %+v", len(got), got)
	}
}
