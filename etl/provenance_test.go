package etl

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"jixiao/etl/demo"
	"jixiao/etl/extract"
	"jixiao/internal/seedfile"
	"jixiao/report"
)

// unevidenced lists the figures of r — non-nil numbers of the report
// contract — that carry no evidence: a struct with an Evidence field must
// have it when any of its numbers is set; Budget, ExpenditureDetail and
// Score.ByLevel1 key their evidence by the figure's JSON name.
func unevidenced(r *report.Report) []string {
	var out []string
	walk(reflect.ValueOf(*r), "report", &out)
	keyed := func(path string, v reflect.Value, ev map[string]report.Evidence) {
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := v.Field(i)
			name := strings.Split(t.Field(i).Tag.Get("json"), ",")[0]
			if f.Kind() == reflect.Pointer && !f.IsNil() && f.Type().Elem().Kind() == reflect.Float64 {
				if _, ok := ev[name]; !ok {
					out = append(out, path+"."+name)
				}
			}
		}
	}
	keyed("budget", reflect.ValueOf(r.Budget), r.Budget.Evidence)
	keyed("expenditure_detail", reflect.ValueOf(r.ExpenditureDetail), r.ExpenditureDetail.Evidence)
	for k := range r.Score.ByLevel1 {
		if _, ok := r.Score.ByLevel1Evidence[k]; !ok {
			out = append(out, "score.by_level1."+k)
		}
	}
	return out
}

// walk visits structs holding an Evidence field (besides Budget and
// ExpenditureDetail, whose evidence is keyed) and lists those with a number
// set and no evidence.
func walk(v reflect.Value, path string, out *[]string) {
	switch v.Kind() {
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.Struct:
		t := v.Type()
		if t == reflect.TypeOf(report.Budget{}) || t == reflect.TypeOf(report.ExpenditureDetail{}) || t == reflect.TypeOf(report.Finding{}) {
			return
		}
		ev := v.FieldByName("Evidence")
		hasNumber := false
		for i := 0; i < t.NumField(); i++ {
			f := v.Field(i)
			name := strings.Split(t.Field(i).Tag.Get("json"), ",")[0]
			switch {
			case f.Kind() == reflect.Pointer && !f.IsNil() && f.Type().Elem().Kind() == reflect.Float64:
				// Computed by the warehouse, not read from the document.
				if !strings.HasPrefix(name, "computed_") && name != "score_for_declared_value" && name != "actual_value" && name != "attainment_pct" {
					hasNumber = true
				}
			case f.Kind() == reflect.Slice || f.Kind() == reflect.Struct:
				walk(f, path+"."+name, out)
			}
		}
		if ev.IsValid() && hasNumber && ev.Kind() == reflect.Pointer && ev.IsNil() {
			*out = append(*out, path)
		}
	}
}

// Every figure of the seed report and of the demo corpus carries its
// provenance (block, and the row — and cell — of a table's): a figure a reader
// cannot trace to the document is one they cannot check.
func TestEveryFigureHasEvidence(t *testing.T) {
	ctx := context.Background()
	an, err := NewAnalyzer(extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	if shared, err := seedfile.Dir(); err == nil {
		b, err := os.ReadFile(filepath.Join(shared, seedfile.Txt))
		if err != nil {
			t.Fatal(err)
		}
		files["seed.txt"] = b
	} else {
		t.Logf("seed report absent (%v): checking the demo corpus only", err)
	}
	dir := t.TempDir()
	written, err := demo.Write(ctx, dir, demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range written {
		b, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = b
	}
	for name, data := range files {
		r, err := an.Analyze(ctx, name, data, Overrides{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if miss := unevidenced(r); len(miss) > 0 {
			t.Errorf("%s: figures without evidence: %s", name, strings.Join(miss, ", "))
		}
		for _, ev := range evidenceOf(r) {
			// A form row's evidence is the row (its figures are its cells);
			// a cell is always within a row.
			if ev.Text == "" || ev.Cell != nil && ev.Row == nil {
				t.Errorf("%s: incomplete evidence %+v", name, ev)
			}
		}
	}
}

// evidenceOf is every evidence of a report's figures.
func evidenceOf(r *report.Report) []report.Evidence {
	var out []report.Evidence
	var visit func(v reflect.Value)
	visit = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				visit(v.Elem())
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				visit(v.Index(i))
			}
		case reflect.Map:
			for _, k := range v.MapKeys() {
				visit(v.MapIndex(k))
			}
		case reflect.Struct:
			if ev, ok := v.Interface().(report.Evidence); ok {
				out = append(out, ev)
				return
			}
			for i := 0; i < v.NumField(); i++ {
				visit(v.Field(i))
			}
		}
	}
	visit(reflect.ValueOf(*r))
	return out
}
