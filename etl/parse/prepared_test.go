package parse

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/etl/demo"
	"jixiao/etl/extract"
	"jixiao/etl/scheme"
	"jixiao/internal/seedfile"
)

// preparedOptions are the readings the ETL makes of one document: a
// manifest's unit and year, then the report's own; a forced scheme; a
// manifest year the report contradicts.
var preparedOptions = []Options{
	{Unit: "州基准测试单位00001", Year: 2021}, {}, {Scheme: "national-2013"}, {Year: 2015}, {Unit: "某县财政局"},
}

// readings returns what Parse gives for doc under each of opts, each as
// JSON (an error as its type and text).
func readings(ctx context.Context, parse func(Options) (any, error), opts []Options) []string {
	var out []string
	for _, o := range opts {
		r, err := parse(o)
		b, _ := json.Marshal(r)
		out = append(out, fmt.Sprintf("%s\n%T %v", b, err, err))
	}
	return out
}

// checkPrepared compares the readings of one Prepared document, one after
// another, with a Parse of its own for each (a reading must leave the
// Prepared document as it was), and its Own with a Parse's unit and year.
func checkPrepared(t *testing.T, name string, doc *extract.Document, cat *scheme.Catalog) {
	t.Helper()
	ctx := context.Background()
	want := readings(ctx, func(o Options) (any, error) { return Parse(ctx, doc, cat, o) }, preparedOptions)
	pd, err := Prepare(ctx, doc, cat)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	checkOwn(t, name, doc, cat, pd) // before the readings: it must leave pd as it was
	// Twice over: the second round reads with the caches the first kept.
	opts := append(append([]Options{}, preparedOptions...), preparedOptions...)
	got := readings(ctx, func(o Options) (any, error) { return pd.Parse(ctx, o) }, opts)
	for i, g := range got {
		if w := want[i%len(want)]; g != w {
			t.Errorf("%s, reading %d (%+v): Prepared gives\n%.300s\nParse gives\n%.300s", name, i, opts[i], g, w)
		}
	}
	checkOwn(t, name, doc, cat, pd)
	// The last reading, on pd's own state (the ETL's after Own).
	last := readings(ctx, func(o Options) (any, error) { return pd.ParseLast(ctx, o) }, preparedOptions[:1])
	if last[0] != want[0] {
		t.Errorf("%s, last reading (%+v): ParseLast gives\n%.300s\nParse gives\n%.300s", name, preparedOptions[0], last[0], want[0])
	}
	if _, err := pd.Parse(ctx, preparedOptions[0]); err == nil {
		t.Errorf("%s: a Prepared document was read after its last reading", name)
	}
}

// checkOwn compares pd's Own with Parse's unit, year and error without the
// manifest's unit and year.
func checkOwn(t *testing.T, name string, doc *extract.Document, cat *scheme.Catalog, pd *Prepared) {
	t.Helper()
	ctx := context.Background()
	for _, o := range preparedOptions {
		ownOpt := Options{Scheme: o.Scheme}
		wantOwn := readings(ctx, func(o Options) (any, error) {
			r, err := Parse(ctx, doc, cat, o)
			if err != nil {
				return nil, err
			}
			return Own{Unit: r.Unit, FiscalYear: r.FiscalYear}, nil
		}, []Options{ownOpt})
		gotOwn := readings(ctx, func(Options) (any, error) {
			own, err := pd.Own(ctx, o)
			if err != nil {
				return nil, err
			}
			return own, nil
		}, []Options{o})
		if gotOwn[0] != wantOwn[0] {
			t.Errorf("%s, own reading (%+v): Own gives\n%.300s\nParse gives\n%.300s", name, o, gotOwn[0], wantOwn[0])
		}
	}
}

// TestPreparedMatchesParse: reading a Prepared document under several
// Options gives what Parse gives under each, on generated reports (txt and
// docx), the package's test documents and the seed when present.
func TestPreparedMatchesParse(t *testing.T) {
	ctx := context.Background()
	cat := catalog(t)
	for i := range 12 {
		name, data := demo.Generate(i)
		doc, err := extract.Extract(ctx, name, data, extract.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		checkPrepared(t, name, doc, cat)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*.txt"))
	if shared, err := seedfile.Dir(); err == nil {
		for _, rel := range []string{seedfile.Txt, seedfile.Docx} {
			data, err := os.ReadFile(filepath.Join(shared, rel))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := extract.Extract(ctx, rel, data, extract.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			checkPrepared(t, rel, doc, cat)
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkPrepared(t, f, fuzzDoc(string(data)), cat)
	}
	checkPrepared(t, "sample", sampleDoc(), cat)
	if len(files) < 10 {
		t.Fatalf("only %d test documents", len(files))
	}
}

// TestPreparedRefusal: a document admit refuses is refused by every
// reading, and an unknown scheme is reported before the refusal, as Parse
// does.
func TestPreparedRefusal(t *testing.T) {
	ctx := context.Background()
	cat := catalog(t)
	doc := fuzzDoc("XX县2023年度项目支出绩效自评报告\n项目名称：道路维修\n")
	checkPrepared(t, "project", doc, cat)
	// Admitted, then refused for what it lacks: Own reads it whole.
	checkPrepared(t, "no content", fuzzDoc("凤凰县财政局2022年度工作总结\n今年完成了各项工作。\n"), cat)
	pd, err := Prepare(ctx, doc, cat)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pd.Parse(ctx, Options{}); err == nil {
		t.Fatal("a project report was read")
	}
	if _, err := pd.Parse(ctx, Options{Scheme: "no_such"}); err == nil || !strings.Contains(err.Error(), "unknown scheme") {
		t.Fatalf("unknown scheme: %v", err)
	}
}

func FuzzPrepared(f *testing.F) {
	f.Add(docText(sampleDoc()))
	f.Add("凤凰县财政局2022年度部门整体支出绩效自评报告\n|机构名称|收入合计\n|合　计|1，146.95\n一、投入（20分）\n得满分2分。")
	f.Add("XX市2019年决算公开\n第一部分 XX局概况\n部门整体支出绩效自评\n自评得分90分")
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*.txt"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(string(data))
		}
	}
	cat := catalog(f)
	f.Fuzz(func(t *testing.T, s string) { checkPrepared(t, "fuzz", fuzzDoc(s), cat) })
}
