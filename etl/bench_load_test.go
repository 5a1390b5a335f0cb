package etl

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"jixiao/etl/extract"
	warehouse "jixiao/sql"
)

// BenchmarkLoadPhases measures the warehouse side of an ETL run over the
// generated corpus, the reports parsed beforehand: group-commit loads of
// maxBatch documents (JIXIAO_BENCH_GROUP sets another size), the end-of-run
// refresh and the checkpoint, each as CPU per report. Parsing dominates BenchmarkETL's
// profile and varies with the machine's load; this isolates the rest.
func BenchmarkLoadPhases(b *testing.B) {
	// The collector settings of the etl and serve commands (TuneGC).
	defer TuneGC(os.Getenv)()
	n := benchN(b)
	ctx := context.Background()
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	docs := parseBenchCorpus(b, an, n)
	b.ResetTimer()
	var load, refresh, checkpoint time.Duration
	var wall [3]time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), warehouse.FileName)
		wh, err := warehouse.Open(ctx, path, warehouse.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := wh.SyncReference(ctx, an.Schemes, an.Dictionary); err != nil {
			b.Fatal(err)
		}
		runID, err := wh.StartRun(ctx, "bench", time.Now())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		c, w := cpuTime(), time.Now()
		gs := maxBatch
		if v, _ := strconv.Atoi(os.Getenv("JIXIAO_BENCH_GROUP")); v > 0 {
			gs = v
		}
		for k := 0; k < len(docs); k += gs {
			group := append([]warehouse.Document(nil), docs[k:min(k+gs, len(docs))]...)
			for g := range group {
				group[g].RunID = runID
			}
			_, errs := wh.LoadBatch(ctx, group)
			for _, err := range errs {
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		c1, w1 := cpuTime(), time.Now()
		if _, err := wh.RefreshAggregates(ctx); err != nil {
			b.Fatal(err)
		}
		c2, w2 := cpuTime(), time.Now()
		if err := wh.Checkpoint(ctx); err != nil {
			b.Fatal(err)
		}
		c3, w3 := cpuTime(), time.Now()
		wall[0], wall[1], wall[2] = wall[0]+w1.Sub(w), wall[1]+w2.Sub(w1), wall[2]+w3.Sub(w2)
		b.StopTimer()
		load, refresh, checkpoint = load+c1-c, refresh+c2-c1, checkpoint+c3-c2
		wh.Close()
	}
	per := func(d time.Duration) float64 { return d.Seconds() * 1000 / float64(n*b.N) }
	b.ReportMetric(per(load), "load-cpu-ms/report")
	b.ReportMetric(per(refresh), "refresh-cpu-ms/report")
	b.ReportMetric(per(checkpoint), "checkpoint-cpu-ms/report")
	b.ReportMetric(per(load+refresh+checkpoint), "cpu-ms/report")
	b.ReportMetric(per(wall[0]), "load-wall-ms/report")
	b.ReportMetric(per(wall[1]+wall[2]), "end-wall-ms/report")
}

// parseBenchCorpus parses the generated corpus with its manifest, as a run would.
func parseBenchCorpus(b *testing.B, an *Analyzer, n int) []warehouse.Document {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	writeCorpus(b, dir, n)
	m, err := readManifest(filepath.Join(dir, ManifestName), an.Schemes)
	if err != nil {
		b.Fatal(err)
	}
	files, _, err := listInbox(dir)
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]warehouse.Document, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f := files[i]
				data, err := os.ReadFile(f)
				if err != nil {
					errs[i] = err
					continue
				}
				var ov Overrides
				if row := m.lookup(filepath.Base(f)); row != nil {
					ov = row.ov
				}
				a, err := an.analyze(ctx, an.Limits, filepath.Base(f), data, ov)
				if err != nil {
					errs[i] = err
					continue
				}
				docs[i] = warehouse.Document{Report: a.report, FileName: filepath.Base(f), SHA256: SHA256(data),
					SizeBytes: int64(len(data)), ArchivePath: filepath.Join(dir, "archive", filepath.Base(f)),
					NameInReport: a.nameInReport}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
	return docs
}
