package sql

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/report"
)

// BenchmarkLoad measures the warehouse side of the ETL alone: one transaction
// per document for a seed-sized report (indicators, metrics and findings with
// their evidence sentences), no parsing.
func BenchmarkLoad(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), FileName), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	base := seedLikeReport()
	sentence := strings.Repeat("本单位按照评分标准开展自评，相关数据来源于部门决算报表。", 6)
	for i := range base.Indicators {
		base.Indicators[i].Evidence = &report.Evidence{Text: sentence, Block: 40 + i}
	}
	for i := 0; i < 10; i++ {
		base.Metrics = append(base.Metrics, report.Metric{Code: fmt.Sprintf("m%d", i), Value: report.Float(float64(i)), Unit: "%",
			Text: "12%", Evidence: &report.Evidence{Text: sentence, Block: 5}})
		base.Findings = append(base.Findings, report.Finding{Rule: "r", Severity: "warning", Message: "消息", Evidence: &report.Evidence{Text: sentence}})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := *base
		r.Unit.CanonicalName = fmt.Sprintf("湘西州单位%d", i%50)
		r.FiscalYear = 2000 + i/50
		if _, err := db.Load(ctx, Document{Report: &r, FileName: "x.txt", SHA256: fmt.Sprint(i)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}
