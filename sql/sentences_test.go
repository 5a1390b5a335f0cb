package sql

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"jixiao/etl/scheme"
	"jixiao/report"
)

// sentenceDump lists narrative_sentences in order, one line per sentence.
func sentenceDump(t *testing.T, db *DB) []string {
	t.Helper()
	rows, err := db.db.QueryContext(context.Background(),
		`SELECT document_id, sentence_order, block, hash, text FROM narrative_sentences ORDER BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var doc, ord, block, hash int64
		var text string
		if err := rows.Scan(&doc, &ord, &block, &hash, &text); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(doc, ord, block, hash, text))
	}
	return out
}

func reportWithSentences(unit string, year int) *report.Report {
	r := sampleReport(unit, year)
	r.Sentences = []report.Sentence{
		{Block: 3, Text: "本年度完成招商推介活动十二场。", Hash: 1<<52 + 7},
		{Block: 3, Text: "各项支出均按预算执行。", Hash: 42},
		{Block: 9, Text: "下一步将加强绩效目标管理。", Hash: 9007199254740991},
	}
	return r
}

// warehouseBefore020 loads rs into a new warehouse file and puts their
// sentences back where the binaries before migration 020 wrote them:
// report_items rows of kind 'sentence', the hash as a DOUBLE in n1, the block
// as the row's evidence block. It returns the file and narrative_sentences as
// loaded.
func warehouseBefore020(t *testing.T, rs ...*report.Report) (string, []string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i, r := range rs {
		d := Document{Report: r, FileName: fmt.Sprint(i, ".txt"), SHA256: fmt.Sprint("sha", i)}
		if _, err := db.Load(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	loaded := sentenceDump(t, db)
	for _, q := range []string{
		`INSERT INTO report_items (document_id, kind, ord, text, n1, evidence_block)
		 SELECT document_id, 'sentence', sentence_order, text, hash::DOUBLE, block FROM report_sentences`,
		`DROP TABLE report_sentences`,
		`DELETE FROM schema_migrations WHERE version = 20`,
	} {
		if _, err := db.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return path, loaded
}

// TestSentencesMigrateOutOfReportItems opens a warehouse written before
// migration 020, whose sentences are report_items rows of kind 'sentence',
// and checks that the upgrade moves them into report_sentences unchanged.
func TestSentencesMigrateOutOfReportItems(t *testing.T) {
	ctx := context.Background()
	path, want := warehouseBefore020(t, reportWithSentences("州甲局", 2021), reportWithSentences("州乙局", 2021))
	if len(want) != 6 {
		t.Fatalf("narrative_sentences has %d rows, want 6: %q", len(want), want)
	}

	// Read-only (jixiao sql, the server's snapshot) it cannot upgrade: it says how.
	if _, err := Open(ctx, path, Options{ReadOnly: true}); err == nil || !strings.Contains(err.Error(), "jixiao etl") {
		t.Errorf("read-only open before the upgrade: err = %v, want one naming jixiao etl", err)
	}
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := sentenceDump(t, db); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after the upgrade narrative_sentences =\n%q\nwant\n%q", got, want)
	}
	if n := count(t, db, `SELECT count(*) FROM report_items WHERE kind = 'sentence'`); n != 0 {
		t.Errorf("%d sentence rows left in report_items", n)
	}
	// The upgraded warehouse keeps loading: a third report's sentences follow.
	if _, err := db.Load(ctx, Document{Report: reportWithSentences("州丙局", 2021), FileName: "c.txt", SHA256: "sha-c"}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM narrative_sentences`); n != 9 {
		t.Errorf("narrative_sentences after a third load = %d, want 9", n)
	}
}

// TestCheckAgainstWarehouseBefore020: jixiao check --data attaches the
// warehouse read-only, so a file no etl run has upgraded still holds its
// sentences in report_items; the comparison with the unit's previous year
// must find them there.
func TestCheckAgainstWarehouseBefore020(t *testing.T) {
	ctx := context.Background()
	path, _ := warehouseBefore020(t, reportWithSentences("州甲局", 2021))

	cat, err := scheme.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	checker, err := NewChecker(ctx, cat)
	if err != nil {
		t.Fatal(err)
	}
	defer checker.Close()
	r := reportWithSentences("州甲局", 2022)
	r.Source.File, r.Source.SHA256 = "b.txt", "b"
	known, err := checker.CheckAgainst(ctx, r, 0, path)
	if err != nil {
		t.Fatal(err)
	}
	if !known {
		t.Fatal("the warehouse's unit was not recognised")
	}
	var rules []string
	for _, f := range r.Findings {
		rules = append(rules, f.Rule)
	}
	if !slices.Contains(rules, "text_reused_from_previous_year") {
		t.Errorf("no text_reused_from_previous_year among %v", rules)
	}
}
