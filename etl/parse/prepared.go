package parse

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"jixiao/etl/extract"
	"jixiao/etl/scheme"
	"jixiao/report"
)

// Prepared is a document read as far as no Options change anything: its
// lines, the form tables, the layout readers' figures. The ETL reads a
// report twice when a manifest names its unit or year (with the manifest's
// figures, and with the report's own for the manifest_conflict check), and
// that first half of Parse — about half of its time — is the same both
// times. A Prepared is not safe for concurrent use.
type Prepared struct {
	cat       *scheme.Catalog
	p         *parser // the state after the first half; each Parse reads on a copy
	gs        [][]gridRow
	formFound bool
	err       error // what admit refused, returned by Parse after the Options are checked
}

// Prepare reads doc as far as no Options change anything. Parse the result
// once per set of Options.
func Prepare(ctx context.Context, doc *extract.Document, cat *scheme.Catalog) (*Prepared, error) {
	if doc == nil {
		return nil, errors.New("parse: nil document")
	}
	if cat == nil {
		return nil, errors.New("parse: nil scheme catalog")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	p := &parser{
		lines: lines(flowText(doc)),
		miss:  map[string]bool{},
		codes: map[string]int{},
		rep: &report.Report{
			Source:      report.Source{Format: doc.Format, Encoding: doc.Encoding, ParserVersion: report.ParserVersion},
			Income:      []report.IncomeRow{},
			Expenditure: []report.ExpenditureRow{},
			ThreePublic: []report.ThreePublicRow{},
			FixedAssets: []report.FixedAssetRow{},
			Indicators:  []report.Indicator{},
			Targets:     []report.Target{},
			Metrics:     []report.Metric{},
			Events:      []report.Event{},
			Evaluators:  []report.Evaluator{},
			Goals:       []report.Goal{},
			Findings:    []report.Finding{},
			Missing:     []string{},
		},
	}
	pd := &Prepared{cat: cat, p: p}
	p.trad = traditional(p.lines)
	p.lines = p.fold(p.lines)
	doc, err := p.admit(doc, cat.Regions())
	if err != nil {
		pd.err = err
		return pd, nil
	}
	gs := grids(doc)

	// The form first: the evaluators name the unit.
	fr := p.readForm(gs)
	p.readLayoutForm(gs, &fr)
	p.applyForm(fr)
	pd.formFound = p.contactAndStaffing(gs) || len(fr.found) > 0
	p.evaluators(gs)
	if pd.formFound {
		p.goals(gs)
	}
	p.layout = p.readLayouts(doc, gs)
	pd.gs = gs
	if err := ctx.Err(); err != nil {
		pd.err = fmt.Errorf("parse: %w", err)
	}
	return pd, nil
}

// Parse reads the rest of the document under opt, as the package's Parse
// does, leaving pd as it was for the next Options.
func (pd *Prepared) Parse(ctx context.Context, opt Options) (*report.Report, error) {
	return pd.read(ctx, opt, true)
}

// ParseLast is Parse for the last reading of pd: it reads on pd's own state
// instead of a copy of it, and pd can be read no more. Copying the state
// (the report read so far, the parser's maps) is a tenth of a reading.
func (pd *Prepared) ParseLast(ctx context.Context, opt Options) (*report.Report, error) {
	return pd.read(ctx, opt, false)
}

// read is Parse; keep false lets the reading use pd's own state, which is
// then spent (Parse of the package reads a document once).
func (pd *Prepared) read(ctx context.Context, opt Options, keep bool) (*report.Report, error) {
	sch, err := pd.scheme(opt)
	if err != nil {
		return nil, err
	}
	p := pd.p
	if keep {
		p = pd.p.clone()
		defer pd.p.keepCaches(p)
	} else {
		pd.p, pd.err = nil, errors.New("parse: prepared document already read")
	}
	return p.finish(ctx, pd.cat, sch, opt, pd.gs, pd.formFound)
}

// scheme returns the scheme opt forces (nil: detect), or the error Parse
// gives before reading: an unknown scheme, then what admit refused.
func (pd *Prepared) scheme(opt Options) (*scheme.Scheme, error) {
	var sch *scheme.Scheme
	if opt.Scheme != "" {
		s, ok := pd.cat.Scheme(opt.Scheme)
		if !ok {
			return nil, fmt.Errorf("parse: unknown scheme %q (known: %s)", opt.Scheme, strings.Join(pd.cat.IDs(), ", "))
		}
		sch = s
	}
	return sch, pd.err
}

// Own is what a report states of itself, whatever a manifest says.
type Own struct {
	Unit       report.Unit
	FiscalYear int
}

// Own returns the unit and fiscal year Parse reads under opt without its
// Unit and Year, and Parse's error. A document with the form's tables is
// never refused after its unit is read (classifyDocument and the no-content
// check refuse only documents without them), so for one the reading stops
// there; any other is read whole.
func (pd *Prepared) Own(ctx context.Context, opt Options) (Own, error) {
	opt.Unit, opt.Year = "", 0
	if _, err := pd.scheme(opt); err != nil || !pd.formFound {
		r, err := pd.Parse(ctx, opt)
		if err != nil {
			return Own{}, err
		}
		return Own{Unit: r.Unit, FiscalYear: r.FiscalYear}, nil
	}
	if err := ctx.Err(); err != nil {
		return Own{}, fmt.Errorf("parse: %w", err)
	}
	p := pd.p.identityClone()
	defer pd.p.keepCaches(p)
	// readIdentity's steps that decide the year and the unit; the others
	// (the title–body year check, the report's date and revision, the
	// unknown year or unit findings) only add to the report.
	title := p.findTitle()
	p.readYear(opt, title)
	p.unit(opt.Unit, pd.cat.Regions(), title)
	return Own{Unit: p.rep.Unit, FiscalYear: p.rep.FiscalYear}, nil
}

// clone returns a copy of p whose reading leaves p as it was: the report and
// everything a reading adds to or changes in place are copied; the lines,
// the grids' text and the evidence of figures not yet placed are only read.
func (p *parser) clone() *parser {
	cp := *p
	cp.rep = deepCopy(p.rep)
	cp.miss = maps.Clone(p.miss)
	cp.codes = maps.Clone(p.codes)
	cp.tableLevels = maps.Clone(p.tableLevels)
	cp.tableLevelsEv = maps.Clone(p.tableLevelsEv)
	cp.tableGroups = maps.Clone(p.tableGroups)
	cp.tableRows = maps.Clone(p.tableRows)
	cp.level1 = maps.Clone(p.level1)
	cp.matches = maps.Clone(p.matches)
	cp.levelHits = maps.Clone(p.levelHits)
	cp.wholeNames = maps.Clone(p.wholeNames)
	cp.lineStart = slices.Clone(p.lineStart)
	cp.money = slices.Clone(p.money)
	cp.layout.figures = slices.Clone(p.layout.figures)
	cp.layout.budget = maps.Clone(p.layout.budget)
	return &cp
}

// identityClone is clone for reading the year and the unit only, which set
// fields of the report and the parser and add to the report's missing
// fields and the unit's former names: those are copied (the slices clipped,
// so that an append copies them), the rest is shared.
func (p *parser) identityClone() *parser {
	cp := *p
	r := *p.rep
	r.Missing = slices.Clip(r.Missing)
	r.Findings = slices.Clip(r.Findings)
	r.Unit.FormerNames = slices.Clip(r.Unit.FormerNames)
	cp.rep = &r
	cp.miss = maps.Clone(p.miss)
	return &cp
}

// keepCaches takes over what a reading q of p's copy computed of the lines
// alone (the joined texts, money sentences, where level and indicator names
// stand, scheme matches by name): the same lines give the same answers to
// the next reading.
func (p *parser) keepCaches(q *parser) {
	if p.allNorm == "" {
		p.allNorm, p.lineStart = q.allNorm, q.lineStart
	}
	if p.fielded == "" {
		p.fielded = q.fielded
	}
	if p.money == nil {
		p.money = q.money
	}
	if p.levelHits == nil {
		p.levelHits = q.levelHits
	}
	if p.matches == nil {
		p.matches = q.matches
	}
	if p.wholeNames == nil {
		p.wholeNames = q.wholeNames
	}
	if p.namedRegion == nil {
		p.namedRegion = q.namedRegion
	}
}

// deepCopy returns a copy of v sharing no pointer, slice or map with it. It
// copies exported fields only, which is all the report contract has.
func deepCopy[T any](v T) T {
	out := reflect.New(reflect.TypeOf(v)).Elem()
	copyValue(out, reflect.ValueOf(v))
	return out.Interface().(T)
}

func copyValue(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		n := reflect.New(src.Type().Elem())
		copyValue(n.Elem(), src.Elem())
		dst.Set(n)
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		n := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			copyValue(n.Index(i), src.Index(i))
		}
		dst.Set(n)
	case reflect.Map:
		if src.IsNil() {
			return
		}
		n := reflect.MakeMapWithSize(src.Type(), src.Len())
		iter := src.MapRange()
		for iter.Next() {
			v := reflect.New(src.Type().Elem()).Elem()
			copyValue(v, iter.Value())
			n.SetMapIndex(iter.Key(), v)
		}
		dst.Set(n)
	case reflect.Struct:
		for i := range src.NumField() {
			if src.Type().Field(i).IsExported() {
				copyValue(dst.Field(i), src.Field(i))
			}
		}
	default:
		dst.Set(src)
	}
}
