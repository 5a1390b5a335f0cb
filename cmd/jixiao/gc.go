package main

import (
	"os"

	"jixiao/etl"
)

// tunesGC says whether a command runs the ETL and so takes its collector
// settings (etl.TuneGC); the others keep Go's defaults — `jixiao sql`'s
// streamed CSV is held to its peak RSS budget with them.
func tunesGC(command string) bool {
	return command == "etl" || command == "serve"
}

// tuneGC applies them for the command (main only: tests run commands inside
// their own process, which keeps its settings).
func tuneGC(command string) {
	if tunesGC(command) {
		etl.TuneGC(os.Getenv)
	}
}
