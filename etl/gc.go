package etl

import "runtime/debug"

// The ETL allocates ≈ 0.5 MiB per report and keeps little of it (a live Go
// heap of 15–40 MiB at 10,000 reports; DuckDB's memory is outside it), so
// with Go's default GOGC=100 the collector ran ≈ 600 times in a 10,000-report
// run, ≈ 0.4 ms of CPU per report in marking alone. GCPercent lets the heap
// grow to five times the live data before collecting; MemoryLimit keeps the
// Go heap near 384 MiB whatever else the process holds (the 1 GiB budget of
// DESIGN §12 is mostly DuckDB's). Measured in docs/decisions.md ("ETL CPU per
// report: garbage collection").
const (
	GCPercent   = 400
	MemoryLimit = 384 << 20
)

// TuneGC gives the process the collector settings the ETL is measured and
// run with (the etl and serve commands, BenchmarkETL), except a setting the
// environment makes (GOGC, GOMEMLIMIT: Go's own, which wins). It returns a
// function that puts the previous settings back.
func TuneGC(getenv func(string) string) (restore func()) {
	percent, limit := -1, int64(-1)
	if getenv("GOGC") == "" {
		percent = debug.SetGCPercent(GCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		limit = debug.SetMemoryLimit(MemoryLimit)
	}
	return func() {
		if percent >= 0 {
			debug.SetGCPercent(percent)
		}
		if limit >= 0 {
			debug.SetMemoryLimit(limit)
		}
	}
}
