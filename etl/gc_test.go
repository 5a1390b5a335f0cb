package etl

import (
	"runtime/debug"
	"testing"
)

// TuneGC sets the ETL's collector settings, leaves a setting the environment
// makes to Go, and its restore puts the previous ones back.
func TestTuneGC(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	current := func() (int, int64) {
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		return p, debug.SetMemoryLimit(-1) // a negative limit only reads it
	}
	p0, l0 := current()
	for _, tt := range []struct {
		env     map[string]string
		percent int
		limit   int64
	}{
		{nil, GCPercent, MemoryLimit},
		{map[string]string{"GOGC": "100"}, p0, MemoryLimit},
		{map[string]string{"GOMEMLIMIT": "1GiB"}, GCPercent, l0},
	} {
		restore := TuneGC(env(tt.env))
		p, l := current()
		restore()
		if p != tt.percent || l != tt.limit {
			t.Errorf("env %v: GC percent %d, limit %d; want %d, %d", tt.env, p, l, tt.percent, tt.limit)
		}
		if p, l := current(); p != p0 || l != l0 {
			t.Errorf("env %v: restored to %d, %d; want %d, %d", tt.env, p, l, p0, l0)
		}
	}
}
