package api_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"jixiao/api"
	"jixiao/dashboards"
	"jixiao/etl"
	"jixiao/etl/demo"
	"jixiao/etl/extract"
	"jixiao/internal/seedfile"
	warehouse "jixiao/sql"
)

// envInt reads a positive integer from the environment.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// BenchmarkAPI serves a warehouse of JIXIAO_BENCH_N generated reports
// (default 1000; `make bench` uses 10,000) on loopback and drives each
// dashboard and the evaluations list with 50 concurrent connections for
// JIXIAO_BENCH_SECONDS (default 10), printing p50/p99, throughput and errors
// beside the same query run in-process on DuckDB (uncached) and the first,
// uncached answer over HTTP.
func BenchmarkAPI(b *testing.B) {
	n := envInt("JIXIAO_BENCH_N", 1000)
	secs := envInt("JIXIAO_BENCH_SECONDS", 10)
	const conns = 50
	ctx := context.Background()
	dir := b.TempDir()
	layout := etl.NewLayout(filepath.Join(dir, "data"), "")
	if err := layout.Ensure(); err != nil {
		b.Fatal(err)
	}
	if err := etl.WriteBenchCorpus(layout.Inbox, n); err != nil {
		b.Fatal(err)
	}
	wh, err := warehouse.Open(ctx, layout.WarehousePath(), warehouse.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer wh.Close()
	an, err := etl.NewAnalyzer(extract.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	runner := &etl.Runner{WH: wh, Analyzer: an, Layout: layout}
	if _, err := runner.RunOnce(ctx, "bench", nil); err != nil {
		b.Fatal(err)
	}
	cfg := api.DefaultConfig()
	cfg.Data, cfg.Addr = filepath.Join(dir, "data"), "127.0.0.1:0"
	srv, err := api.New(ctx, cfg, api.Deps{WH: wh, Runner: runner, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	defer func() { _ = srv.Shutdown(ctx) }()
	base := "http://" + ln.Addr().String()

	set, err := dashboards.Load()
	if err != nil {
		b.Fatal(err)
	}
	first, err := wh.List(ctx, warehouse.UnitList, warehouse.ListQuery{PerPage: 1})
	if err != nil || len(first.Items) == 0 {
		b.Fatalf("no units: %v", err)
	}
	unit := fmt.Sprint(first.Items[0].Get("unit"))
	type target struct {
		name, path string
		direct     func(context.Context) error
	}
	var targets []target
	for _, d := range set.List() {
		f := warehouse.PanelFilter{}
		if d.ID == "unit" {
			f.Unit = unit
		}
		targets = append(targets, target{"dashboard " + d.ID, "/api/v1/dashboards/" + d.ID, func(ctx context.Context) error {
			for _, p := range d.Panels {
				if _, err := wh.Panel(ctx, p.Query, warehouse.Scope{}, f); err != nil {
					return err
				}
			}
			return nil
		}})
	}
	list := func(q warehouse.ListQuery) func(context.Context) error {
		return func(ctx context.Context) error { _, err := wh.List(ctx, warehouse.Evaluations, q); return err }
	}
	targets = append(targets,
		target{"evaluations", "/api/v1/evaluations", list(warehouse.ListQuery{PerPage: 100})},
		target{"evaluations filtered+sorted", "/api/v1/evaluations?year=2021&sort=-total_score&per_page=50",
			list(warehouse.ListQuery{Filters: map[string]any{"year": 2021}, Sort: []warehouse.SortKey{{Col: "total_score", Desc: true}}, PerPage: 50})},
	)

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}, Timeout: time.Minute}
	get := func(path string) (time.Duration, error) {
		t := time.Now()
		res, err := client.Get(base + path)
		if err != nil {
			return 0, err
		}
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err == nil && res.StatusCode != http.StatusOK {
			err = fmt.Errorf("status %d", res.StatusCode)
		}
		return time.Since(t), err
	}
	fmt.Printf("\n%-30s %9s %9s %9s %8s %7s %14s %10s\n", "api (N="+strconv.Itoa(n)+", 50 conns)", "p50 ms", "p99 ms", "max ms", "req/s", "errors", "in-proc p50 ms", "cold ms")
	for _, tg := range targets {
		cold, err := get(tg.path)
		if err != nil {
			b.Fatalf("%s: %v", tg.path, err)
		}
		var mu sync.Mutex
		var lat []time.Duration
		errs := 0
		deadline := time.Now().Add(time.Duration(secs) * time.Second)
		var wg sync.WaitGroup
		for range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine []time.Duration
				bad := 0
				for time.Now().Before(deadline) {
					d, err := get(tg.path)
					if err != nil {
						bad++
						continue
					}
					mine = append(mine, d)
				}
				mu.Lock()
				lat, errs = append(lat, mine...), errs+bad
				mu.Unlock()
			}()
		}
		wg.Wait()
		var direct []time.Duration
		for range 3 {
			t := time.Now()
			if err := tg.direct(ctx); err != nil {
				b.Fatalf("%s in-process: %v", tg.name, err)
			}
			direct = append(direct, time.Since(t))
		}
		fmt.Printf("%-30s %9.2f %9.2f %9.1f %8.0f %7d %14.2f %10.1f\n", tg.name, ms(pct(lat, 50)), ms(pct(lat, 99)), ms(pct(lat, 100)),
			float64(len(lat))/float64(secs), errs, ms(pct(direct, 50)), ms(cold))
	}
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	i := len(d) * p / 100
	if i >= len(d) {
		i = len(d) - 1
	}
	return d[i]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkConsole100k answers a 100,000-row SQL console query over HTTP (JSON
// and CSV, read by the client as it arrives) and reports the server process's
// peak Go heap and peak RSS during the answer, above what it held before.
// DuckDB materialises the result in its own (C) memory either way; what the
// heap shows is the answer the server holds in Go.
func BenchmarkConsole100k(b *testing.B) {
	ts := startServer(b, serverOpts{})
	narrow := `SELECT i AS id, '湘西州单位' || i AS unit, i * 1.25 AS amount, DATE '2021-01-01' + (i % 365)::INTEGER AS day FROM range(100000) t(i)`
	wide := `SELECT i AS id, repeat('绩', 150) AS note FROM range(100000) t(i)` // ≈ 45 MB
	fmt.Printf("\n%-30s %10s %14s %14s %10s\n", "sql console (100,000 rows)", "MB sent", "peak heap MiB", "peak RSS MiB", "ms")
	for _, c := range []struct{ name, format, q string }{
		{"json", "json", narrow}, {"csv", "csv", narrow}, {"json, wide rows", "json", wide}, {"csv, wide rows", "csv", wide},
	} {
		format := c.format
		body := fmt.Sprintf(`{"sql":%q,"format":%q,"limit":100000}`, c.q, format)
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		resetPeakRSS()
		rss0 := peakRSS()
		stop := make(chan struct{})
		peak := make(chan uint64)
		go func() { // sample the heap while the answer is produced
			var m runtime.MemStats
			top := uint64(0)
			for {
				runtime.ReadMemStats(&m)
				top = max(top, m.HeapAlloc)
				select {
				case <-stop:
					peak <- top
					return
				case <-time.After(2 * time.Millisecond):
				}
			}
		}()
		t := time.Now()
		res, err := http.Post(ts.URL+"/api/v1/sql", "application/json", strings.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		elapsed := time.Since(t)
		close(stop)
		heap := <-peak
		if err != nil || res.StatusCode != 200 {
			b.Fatalf("%s: status %d, %v", format, res.StatusCode, err)
		}
		fmt.Printf("%-30s %10.1f %14.1f %14.1f %10.0f\n", "sql console "+c.name, float64(n)/1e6,
			float64(heap-min(heap, before.HeapAlloc))/(1<<20), float64(peakRSS()-min(peakRSS(), rss0))/(1<<20), ms(elapsed))
	}
}

// resetPeakRSS resets the kernel's high-water mark of this process's resident
// set (Linux: writing 5 to /proc/self/clear_refs); peakRSS reads it (VmHWM).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// BenchmarkUpload times POST /api/v1/documents of the seed report (or a
// generated report of the same size when ../shared is absent) into the demo
// warehouse, from the request to the answer (DESIGN: ≤ 1 s).
func BenchmarkUpload(b *testing.B) {
	ts := startServer(b, serverOpts{demo: true})
	name, data := "seed.txt", []byte(nil)
	if shared, err := seedfile.Dir(); err == nil {
		data, _ = os.ReadFile(filepath.Join(shared, seedfile.Txt))
	}
	if data == nil {
		name, data = demo.Generate(7)
	}
	fmt.Printf("\n%-30s %10s %10s %10s\n", "upload (demo warehouse)", "KB", "ms", "status")
	for i := range 3 {
		// New bytes each time, so each upload loads instead of being a duplicate.
		body := append(append([]byte(nil), data...), []byte(strings.Repeat("\n", i+1))...)
		// The previous upload's aggregate refresh runs after its answer, still
		// holding the writer: time each upload on its own.
		for !ts.Runner.TryWithWriter(func() {}) {
			time.Sleep(20 * time.Millisecond)
		}
		t := time.Now()
		r := ts.upload("", fmt.Sprintf("bench-%d-%s", i, name), body, nil)
		d := time.Since(t)
		if r.Status != 201 && r.Status != 200 {
			b.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		fmt.Printf("%-30s %10.1f %10.0f %10d\n", "upload "+name, float64(len(body))/1024, ms(d), r.Status)
	}
}
