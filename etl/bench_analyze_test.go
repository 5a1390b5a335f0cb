package etl

import (
	"context"
	"testing"

	"jixiao/etl/demo"
	"jixiao/etl/extract"
)

// BenchmarkAnalyzeCorpus measures the CPU cost of Analyze (extract, parse,
// metrics) per generated report: each op analyzes the next of 200 demo
// reports, round-robin, so the mix matches the ETL benchmark's corpus.
func BenchmarkAnalyzeCorpus(b *testing.B) {
	ctx := context.Background()
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	type file struct {
		name string
		data []byte
	}
	files := make([]file, 200)
	size := 0
	for i := range files {
		name, data := demo.Generate(i)
		files[i] = file{name, data}
		size += len(data)
	}
	// Every report must parse before the timer starts.
	for _, f := range files {
		if _, err := an.Analyze(ctx, f.name, f.data, Overrides{}); err != nil {
			b.Fatalf("%s: %v", f.name, err)
		}
	}
	b.SetBytes(int64(size / len(files)))
	b.ReportAllocs()
	cpu0 := cpuTime()
	i := 0
	for b.Loop() {
		f := files[i%len(files)]
		i++
		if _, err := an.Analyze(ctx, f.name, f.data, Overrides{}); err != nil {
			b.Fatal(err)
		}
	}
	// CPU time (all threads, the collector's included) is steadier than
	// wall time on a shared machine, and it is what the 2-core ETL budgets.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
	if sec := b.Elapsed().Seconds(); sec > 0 {
		b.ReportMetric(float64(b.N)/sec, "reports/s")
	}
}
