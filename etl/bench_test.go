package etl

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"jixiao/etl/extract"
	warehouse "jixiao/sql"
)

// benchN is the corpus size; scripts/bench.sh runs each size in its own process
// so that peak RSS belongs to one size only.
func benchN(b *testing.B) int {
	n, err := strconv.Atoi(os.Getenv("JIXIAO_BENCH_N"))
	if err != nil || n <= 0 {
		return 200
	}
	return n
}

// writeCorpus writes n generated reports (see WriteBenchCorpus).
func writeCorpus(b *testing.B, dir string, n int) {
	b.Helper()
	if err := WriteBenchCorpus(dir, n); err != nil {
		b.Fatal(err)
	}
}

func peakRSSMiB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024 // Linux reports KiB
}

// BenchmarkETL loads N generated reports through the whole pipeline into a fresh
// warehouse file (one transaction per document).
func BenchmarkETL(b *testing.B) {
	// The collector settings of the etl and serve commands (TuneGC).
	defer TuneGC(os.Getenv)()
	n := benchN(b)
	ctx := context.Background()
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	var total, cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		layout := NewLayout(filepath.Join(dir, "data"), "")
		writeCorpus(b, layout.Inbox, n)
		wh, err := warehouse.Open(ctx, layout.WarehousePath(), warehouse.Options{})
		if err != nil {
			b.Fatal(err)
		}
		r := &Runner{WH: wh, Analyzer: an, Layout: layout}
		b.StartTimer()
		t, c := time.Now(), cpuTime()
		sum, err := r.RunOnce(ctx, "bench", nil)
		total += time.Since(t)
		cpu += cpuTime() - c
		b.StopTimer()
		if err == nil {
			// The run's aggregates must exist: a refresh that failed at this
			// size once went unnoticed.
			var res *warehouse.Result
			res, err = wh.Query(ctx, "SELECT sum(units) FROM agg_yearly", 0)
			if err == nil && fmt.Sprint(res.Rows[0][0]) != fmt.Sprint(n) {
				err = fmt.Errorf("agg_yearly counts %v units, want %d", res.Rows[0][0], n)
			}
		}
		wh.Close()
		if err != nil {
			b.Fatal(err)
		}
		if sum.Loaded+sum.Skipped != n {
			b.Fatalf("loaded %d + skipped %d of %d (quarantined %d)", sum.Loaded, sum.Skipped, n, sum.Quarantined)
		}
	}
	b.ReportMetric(float64(n*b.N)/total.Seconds(), "reports/s")
	// CPU per report (user + system, all threads) does not depend on what else
	// the machine runs; 2 cores at 330 reports/s allow 6 ms.
	b.ReportMetric(cpu.Seconds()*1000/float64(n*b.N), "cpu-ms/report")
	b.ReportMetric(peakRSSMiB(), "peakRSS-MiB")
	b.ReportMetric(float64(n), "reports")
}

// cpuTime is the process's user + system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReadHash is the baseline: read and hash the same files, nothing else.
func BenchmarkReadHash(b *testing.B) {
	n := benchN(b)
	dir := b.TempDir()
	writeCorpus(b, dir, n)
	var total time.Duration
	for i := 0; i < b.N; i++ {
		t := time.Now()
		files, _, err := listInbox(dir)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			_ = SHA256(data)
		}
		total += time.Since(t)
	}
	b.ReportMetric(float64(n*b.N)/total.Seconds(), "reports/s")
	b.ReportMetric(peakRSSMiB(), "peakRSS-MiB")
	b.ReportMetric(float64(n), "reports")
}
