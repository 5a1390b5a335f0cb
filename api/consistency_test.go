package api_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"jixiao/etl/demo"
)

// TestReadersDuringRun: while an ETL pass loads 80 reports in group commits,
// readers of the server's warehouse never see half a document — every
// document has its facts and its evaluation, or is not there at all — and
// the count of current evaluations only grows. (The 80 reports include
// several versions of the same unit-years, so supersedes happen mid-run.)
func TestReadersDuringRun(t *testing.T) {
	ts := startServer(t, serverOpts{})
	for i := range 80 {
		name, data := demo.Generate(i)
		if err := os.WriteFile(filepath.Join(ts.Layout.Inbox, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	done := make(chan error, 1)
	go func() {
		_, err := ts.Runner.RunOnce(ctx, "test", nil)
		done <- err
	}()
	const q = `SELECT
	    (SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM report_items i WHERE i.document_id = d.document_id)),
	    (SELECT count(*) FROM (SELECT unit_id, fiscal_year FROM evaluations GROUP BY ALL HAVING count(*) > 1)),
	    (SELECT count(*) FROM evaluations)`
	reads, last := 0, int64(-1)
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			running = false
		default:
		}
		res, err := ts.WH.Query(ctx, q, 1)
		if err != nil {
			t.Fatal(err)
		}
		row := res.Rows[0]
		bare, orphan, evals := toInt(row[0]), toInt(row[1]), toInt(row[2])
		if bare != 0 || orphan != 0 {
			t.Fatalf("a reader saw half a document: %d documents without facts, %d unit-years with two current documents (half a supersede)", bare, orphan)
		}
		if evals < last {
			t.Fatalf("evaluations went from %d to %d", last, evals)
		}
		last = evals
		reads++
	}
	if last == 0 {
		t.Fatal("nothing was loaded")
	}
	t.Logf("%d consistent reads during the run; %d evaluations at the end", reads, last)
}

func toInt(v any) int64 {
	var n int64
	fmt.Sscan(fmt.Sprint(v), &n)
	return n
}
