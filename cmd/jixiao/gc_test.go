package main

import "testing"

// The commands that run the ETL take its collector settings; the others
// keep Go's defaults.
func TestTunesGC(t *testing.T) {
	for cmd, want := range map[string]bool{"etl": true, "serve": true, "sql": false, "check": false, "export": false, "demo": false} {
		if got := tunesGC(cmd); got != want {
			t.Errorf("tunesGC(%q) = %v, want %v", cmd, got, want)
		}
	}
}
