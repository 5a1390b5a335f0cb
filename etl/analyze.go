// Package etl runs the report pipeline: extract → parse → (kpi, findings) → load.
// Analyze turns one file into a report without touching the warehouse; Runner
// watches an inbox and loads every file in one transaction per document, moving
// it to archive/ after commit or to quarantine/ with an error file.
package etl

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"jixiao/etl/arith"
	"jixiao/etl/extract"
	"jixiao/etl/kpi"
	"jixiao/etl/parse"
	"jixiao/etl/reuse"
	"jixiao/etl/scheme"
	"jixiao/report"
)

// Analyzer holds the data files the pipeline reads: scoring schemes and the
// metrics dictionary. It is safe for concurrent use.
type Analyzer struct {
	Schemes    *scheme.Catalog
	Dictionary *kpi.Dictionary
	Limits     extract.Limits
}

// NewAnalyzer loads the embedded schemes and metrics dictionary.
func NewAnalyzer(lim extract.Limits) (*Analyzer, error) {
	cat, err := scheme.LoadCatalog()
	if err != nil {
		return nil, fmt.Errorf("load scoring schemes: %w", err)
	}
	dict, err := kpi.LoadDictionary()
	if err != nil {
		return nil, fmt.Errorf("load metrics dictionary: %w", err)
	}
	return &Analyzer{Schemes: cat, Dictionary: dict, Limits: lim}, nil
}

// Overrides replace what a report says about itself (manifest.csv, upload form).
type Overrides struct {
	Unit   string
	Year   int
	Region string
	Scheme string
}

// StageError says which pipeline stage failed for a file.
type StageError struct {
	Stage string // read | extract | parse | load
	Err   error
}

// Error names the stage once: the parser's own errors already start with it.
func (e *StageError) Error() string {
	msg := e.Err.Error()
	if strings.HasPrefix(msg, e.Stage+": ") {
		return msg
	}
	return e.Stage + ": " + msg
}
func (e *StageError) Unwrap() error { return e.Err }

// SHA256 returns the hex content hash that identifies a document.
func SHA256(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Analyze extracts and parses one file's bytes into a report (no database).
func (a *Analyzer) Analyze(ctx context.Context, name string, data []byte, ov Overrides) (*report.Report, error) {
	res, err := a.analyze(ctx, a.Limits, name, data, ov)
	return res.report, err
}

// analysis is a report and, when an override replaced the unit, the name the
// report itself writes (kept as documents.unit_name, "unit_name_in_report").
type analysis struct {
	report       *report.Report
	nameInReport string
}

func (a *Analyzer) analyze(ctx context.Context, lim extract.Limits, name string, data []byte, ov Overrides) (analysis, error) {
	doc, err := extract.Extract(ctx, name, data, lim)
	if err != nil {
		return analysis{}, &StageError{Stage: "extract", Err: err}
	}
	return a.analyzeDocument(ctx, doc, name, data, ov)
}

// analyzeDocument parses an extracted document into its report.
func (a *Analyzer) analyzeDocument(ctx context.Context, doc *extract.Document, name string, data []byte, ov Overrides) (analysis, error) {
	// An override reads the report twice (below): once only as far as its
	// own unit and year, once whole with the override; Prepare reads once
	// what both share.
	pd, err := parse.Prepare(ctx, doc, a.Schemes)
	if err != nil {
		return analysis{}, &StageError{Stage: "parse", Err: err}
	}
	// What the report says without the override is read first, on a copy
	// (Own leaves pd as it was), so that the reading with the override can
	// be pd's last and need no copy of its own.
	var own parse.Own
	var ownErr error
	if ov.Unit != "" || ov.Year != 0 {
		own, ownErr = pd.Own(ctx, parse.Options{Scheme: ov.Scheme})
	}
	r, err := pd.ParseLast(ctx, parse.Options{Scheme: ov.Scheme, Unit: ov.Unit, Year: ov.Year})
	if err != nil {
		return analysis{}, &StageError{Stage: "parse", Err: err}
	}
	var res analysis
	if (ov.Unit != "" || ov.Year != 0) && ownErr == nil {
		// An override that contradicts the report is a finding, and the
		// report's own name is kept.
		r.Findings = append(r.Findings, overrideFindings(ov, own)...)
		if ov.Unit != "" {
			res.nameInReport = own.Unit.Name
		}
	}
	if ov.Region != "" {
		r.Unit.Region = ov.Region
	}
	if r.Revision == nil {
		if m := revisionInName(name); m != "" {
			r.Revision = &report.Revision{Marker: m, Where: "file_name"}
		}
	}
	for i := range r.Indicators {
		if ev := r.Indicators[i].Evidence; ev != nil && r.Indicators[i].WrittenValue == nil {
			if v, ok := arith.WrittenValue(ev.Text); ok {
				v = math.Round(v*100) / 100
				r.Indicators[i].WrittenValue = &v
			}
		}
	}
	k := a.Dictionary.Extract(doc, r.FiscalYear)
	r.Metrics = append(r.Metrics, k.Metrics...)
	r.Targets = append(r.Targets, k.Targets...)
	r.Events = append(r.Events, k.Events...)
	r.Findings = appendNew(r.Findings, k.Findings)
	annotateOCR(r, doc)
	r.Sentences = reuse.Sentences(doc)
	// Parse filled the format, encoding and parser version from the Document;
	// only the caller knows the file.
	r.Source.File = filepath.Base(name)
	r.Source.SHA256 = SHA256(data)
	res.report = r
	return res, nil
}

// appendNew appends the metric scan's findings that parse did not already
// raise: both read the money sentences, so a malformed number there ("3.5.6万元")
// would otherwise be reported twice. Same rule, same text found, same block.
func appendNew(have, more []report.Finding) []report.Finding {
	type key struct {
		rule, found string
		block       int
	}
	keyOf := func(f report.Finding) key {
		k := key{rule: f.Rule, found: f.Found, block: -1}
		if f.Evidence != nil {
			k.block = f.Evidence.Block
		}
		return k
	}
	seen := make(map[key]bool, len(have))
	for _, f := range have {
		seen[keyOf(f)] = true
	}
	for _, f := range more {
		if !seen[keyOf(f)] {
			have = append(have, f)
		}
	}
	return have
}
