package kpi

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"jixiao/etl/cjk"
	"jixiao/etl/number"
	"jixiao/etl/rematch"
)

//go:embed dictionary/*.yaml
var embedded embed.FS

// moneyUnit is the warehouse money unit; money metrics are always stored in it.
const moneyUnit = "万元"

// Limits on dictionary numbers keep every compiled expression small (RE2 caps
// repetition counts at 1000) and the scan linear.
const (
	maxGap        = 200
	defaultGap    = 10
	defaultWindow = 4
)

// numberRE is a decimal as written after Normalize: optional sign, thousands
// separated by ASCII commas only (a Chinese comma ends a clause), optional fraction.
const numberRE = `[+\-]?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?`

// periodRE is a year range such as 2019-2021年 or 2020—2021年.
const periodRE = `(?P<period>(?:19|20)[0-9]{2}\s*[-—–~～至到]\s*(?:19|20)[0-9]{2})\s*年?`

// stopClass is one character that may sit between keywords and the number: not
// a sentence end and not arithmetic, so that formulas such as "满意度×50%" never
// yield a value.
const stopClass = `[^。；;！？!?\n×＝=＋+÷]`

// Dictionary is the compiled metrics dictionary and the data behind the
// text-level checks. It is immutable after loading and safe for concurrent use.
type Dictionary struct {
	lits *literals
	// patKey and tgtKey are the unions of the entries' keys: a sentence
	// holding none of their literals matches no pattern at all.
	patKey, tgtKey []uint64
	residueKey     []uint64 // the same for the template residue rules
	signIDs        []int    // comparison signs, the gate of false_comparison
	yearIDs        []int    // 年, the gate of year_mismatch
	yuanIDs        []int    // 元, the gate of component_exceeds_total
	entries        []*entry
	scope          targetScope
	events         eventRules
	residue        []residueRule
	years          yearRules
	parts          partRules
}

// Entry describes one metric code (for labels in views, exports and dashboards).
type Entry struct {
	Code       string `json:"code"`
	Label      string `json:"label"`
	Unit       string `json:"unit"`
	Programme  string `json:"programme,omitempty"`
	Comparator string `json:"comparator,omitempty"` // default comparator of its targets
	File       string `json:"file"`
}

type entry struct {
	Entry
	patterns []*pattern
	targets  []*pattern
	// patKey and tgtKey are the unions of one literal set of each pattern
	// (target pattern): a sentence holding none of their literals matches no
	// pattern, which one test tells. nil: some pattern has no literal set.
	patKey, tgtKey []uint64
}

// maybe reports whether a sentence with literal set b may match a pattern
// whose key is key.
func maybe(key []uint64, b bitset) bool {
	if key == nil || len(key) != len(b) {
		return true
	}
	for j, m := range key {
		if b[j]&m != 0 {
			return true
		}
	}
	return false
}

// final completes the dictionary once every file is read: the masks of the
// literal gates and the keys of the entries, and their unions.
func (d *Dictionary) final() {
	d.lits.final()
	d.patKey, d.tgtKey = make([]uint64, d.lits.words()), make([]uint64, d.lits.words())
	for _, e := range d.entries {
		e.patKey = d.lits.key(e.patterns)
		e.tgtKey = d.lits.key(e.targets)
		d.patKey = union(d.patKey, e.patKey)
		d.tgtKey = union(d.tgtKey, e.tgtKey)
	}
	d.residueKey = make([]uint64, d.lits.words())
	for _, r := range d.residue {
		d.residueKey = union(d.residueKey, d.lits.keyOf(r.gate))
	}
}

// union ors b into a; nil (always) absorbs everything.
func union(a, b []uint64) []uint64 {
	if a == nil || b == nil {
		return nil
	}
	for j := range a {
		a[j] |= b[j]
	}
	return a
}

// pattern is one compiled dictionary pattern; the sub-expression indices point
// into its regular expression.
type pattern struct {
	re     *regexp.Regexp
	find   *rematch.Finder
	gate   *gate // literals every match contains
	negate bool
	value  int // index of the named groups below
	num    int
	pre    int
	post   int
	unit   int
	qual   int
	period int
}

type targetScope struct {
	sections []string         // labels of target cells (年度主要工作内容)
	markers  []*regexp.Regexp // target lines (任务3：…)
	// markerIDs are the literals that gate the markers: a line holding none
	// of them is no target line, unless a marker has no literal to require
	// (markerAlways) or one may reach over a sentence end, where the split
	// does not see it (markerUnsafe).
	markerIDs    []int
	markerAlways bool
	markerUnsafe bool
	atLeast      []string
	atMost       []string
}

type eventRules struct {
	keywordList  []string
	keywordIDs   []int
	released     []string
	signed       []string
	breakdown    []string
	stops        []*regexp.Regexp
	notCities    []string
	maxSentences int
}

type residueRule struct {
	find  *rematch.Finder
	gate  *gate
	label string
}

type partRules struct {
	notParts []string // a bracket holding one of these lists no parts
}

type yearRules struct {
	moneyWords      []string
	comparisonWords []string
	historyWords    []string
	window          int
}

// The YAML schema. Every key is optional in a file; loading merges all files.
type fileSpec struct {
	Metrics         []metricSpec  `yaml:"metrics"`
	TargetScope     *scopeSpec    `yaml:"target_scope"`
	Events          *eventSpec    `yaml:"events"`
	TemplateResidue []residueSpec `yaml:"template_residue"`
	YearMismatch    *yearSpec     `yaml:"year_mismatch"`
	ComponentTotal  *partSpec     `yaml:"component_exceeds_total"`
}

type metricSpec struct {
	Code       string        `yaml:"code"`
	Label      string        `yaml:"label"`
	Unit       string        `yaml:"unit"`
	Written    []string      `yaml:"written"`
	Programme  string        `yaml:"programme"`
	Comparator string        `yaml:"comparator"`
	Patterns   []patternSpec `yaml:"patterns"`
	Targets    []patternSpec `yaml:"targets"`
}

type patternSpec struct {
	Keywords []string `yaml:"keywords"`
	Gap      *int     `yaml:"gap"`
	Window   *int     `yaml:"window"`
	Period   bool     `yaml:"period"`
	Regex    string   `yaml:"regex"`
	Negate   bool     `yaml:"negate"`
}

type scopeSpec struct {
	Sections    []string `yaml:"sections"`
	LineMarkers []string `yaml:"line_markers"`
	AtLeast     []string `yaml:"at_least"`
	AtMost      []string `yaml:"at_most"`
}

type eventSpec struct {
	Keywords     []string `yaml:"keywords"`
	Released     []string `yaml:"released"`
	Signed       []string `yaml:"signed"`
	Breakdown    []string `yaml:"breakdown"`
	Stops        []string `yaml:"stops"`
	NotCities    []string `yaml:"not_cities"`
	MaxSentences *int     `yaml:"max_sentences"`
}

type residueSpec struct {
	Pattern string `yaml:"pattern"`
	Label   string `yaml:"label"`
}

type partSpec struct {
	NotParts []string `yaml:"not_parts"`
}

type yearSpec struct {
	MoneyWords      []string `yaml:"money_words"`
	ComparisonWords []string `yaml:"comparison_words"`
	HistoryWords    []string `yaml:"history_words"`
	Window          *int     `yaml:"window"`
}

// LoadDictionary loads the dictionary embedded in the binary (dictionary/*.yaml).
func LoadDictionary() (*Dictionary, error) {
	return LoadFS(embedded, "dictionary")
}

// LoadFS loads every *.yaml and *.yml file of dir in fsys (in name order) as one
// dictionary. Unknown keys, duplicate metric codes, bad regular expressions and
// out-of-range numbers are errors that name the file and the field.
func LoadFS(fsys fs.FS, dir string) (*Dictionary, error) {
	des, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("kpi: read dictionary dir %q: %w", dir, err)
	}
	var names []string
	for _, de := range des {
		n := de.Name()
		if !de.IsDir() && (strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml")) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("kpi: dictionary dir %q holds no .yaml files", dir)
	}
	b := newBuilder()
	for _, n := range names {
		data, err := fs.ReadFile(fsys, path.Join(dir, n))
		if err != nil {
			return nil, fmt.Errorf("kpi: read dictionary %s: %w", n, err)
		}
		spec, err := decodeFile(data)
		if err != nil {
			return nil, fmt.Errorf("kpi: dictionary %s: %w", n, err)
		}
		if err := b.add(n, spec); err != nil {
			return nil, fmt.Errorf("kpi: dictionary %s: %w", n, err)
		}
	}
	b.d.final()
	return b.d, nil
}

// decodeFile decodes one YAML file strictly: unknown keys and a second document
// are errors; an empty file is an error too, since it is almost always a mistake.
func decodeFile(data []byte) (fileSpec, error) {
	var spec fileSpec
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&spec); err != nil {
		if errors.Is(err, io.EOF) {
			return spec, errors.New("file is empty")
		}
		return spec, err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return spec, errors.New("more than one YAML document")
	}
	return spec, nil
}

// builder merges the files; scalar settings may be set in one file only.
type builder struct {
	d        *Dictionary
	codes    map[string]string // code → file
	evFile   string            // file that set events.max_sentences
	yearFile string            // file that set year_mismatch.window
}

func newBuilder() *builder {
	d := &Dictionary{lits: newLiterals()}
	d.signIDs = d.lits.add(comparisonSigns)
	d.yearIDs = d.lits.add([]string{"年"})
	d.yuanIDs = d.lits.add([]string{"元"})
	d.events.maxSentences = defaultEventSentences
	d.years.window = defaultYearWindow
	return &builder{d: d, codes: map[string]string{}}
}

// Defaults of the scalar settings.
const (
	defaultEventSentences = 6
	defaultYearWindow     = 4
)

func (b *builder) add(file string, spec fileSpec) error {
	d := b.d
	for i, m := range spec.Metrics {
		e, err := compileEntry(m, d.lits)
		if err != nil {
			return fmt.Errorf("metrics[%d] (%s): %w", i, m.Code, err)
		}
		if prev, ok := b.codes[m.Code]; ok {
			return fmt.Errorf("metrics[%d]: code %q is already defined in %s", i, m.Code, prev)
		}
		b.codes[m.Code] = file
		e.File = file
		d.entries = append(d.entries, e)
	}
	if sc := spec.TargetScope; sc != nil {
		d.scope.sections = append(d.scope.sections, nonEmpty(sc.Sections)...)
		for i, m := range sc.LineMarkers {
			re, err := regexp.Compile(m)
			if err != nil {
				return fmt.Errorf("target_scope.line_markers[%d]: %w", i, err)
			}
			d.scope.markers = append(d.scope.markers, re)
			lits := anchorsOf(m)
			d.scope.markerAlways = d.scope.markerAlways || lits == nil
			d.scope.markerIDs = append(d.scope.markerIDs, d.lits.add(lits)...)
			for _, l := range lits {
				d.scope.markerUnsafe = d.scope.markerUnsafe || !safeLiteral(l)
			}
		}
		d.scope.atLeast = append(d.scope.atLeast, nonEmpty(sc.AtLeast)...)
		d.scope.atMost = append(d.scope.atMost, nonEmpty(sc.AtMost)...)
	}
	if e := spec.Events; e != nil {
		ev := &d.events
		if e.MaxSentences != nil {
			if b.evFile != "" {
				return fmt.Errorf("events.max_sentences: already set in %s", b.evFile)
			}
			if *e.MaxSentences < 1 || *e.MaxSentences > 50 {
				return fmt.Errorf("events.max_sentences: %d is outside 1..50", *e.MaxSentences)
			}
			b.evFile, ev.maxSentences = file, *e.MaxSentences
		}
		for i, k := range e.Keywords {
			if strings.TrimSpace(k) == "" {
				return fmt.Errorf("events.keywords[%d]: empty keyword", i)
			}
		}
		ev.keywordList = append(ev.keywordList, e.Keywords...)
		ev.keywordIDs = append(ev.keywordIDs, d.lits.add(e.Keywords)...)
		ev.released = append(ev.released, nonEmpty(e.Released)...)
		ev.signed = append(ev.signed, nonEmpty(e.Signed)...)
		ev.breakdown = append(ev.breakdown, nonEmpty(e.Breakdown)...)
		ev.notCities = append(ev.notCities, nonEmpty(e.NotCities)...)
		for i, st := range e.Stops {
			re, err := regexp.Compile(st)
			if err != nil {
				return fmt.Errorf("events.stops[%d]: %w", i, err)
			}
			ev.stops = append(ev.stops, re)
		}
	}
	for i, r := range spec.TemplateResidue {
		if r.Pattern == "" {
			return fmt.Errorf("template_residue[%d].pattern: empty", i)
		}
		re, err := regexp.Compile(r.Pattern)
		if err != nil {
			return fmt.Errorf("template_residue[%d].pattern: %w", i, err)
		}
		if re.MatchString("") {
			return fmt.Errorf("template_residue[%d].pattern: matches the empty string", i)
		}
		d.residue = append(d.residue, residueRule{find: newFinder(re), gate: d.lits.gate(r.Pattern), label: r.Label})
	}
	if y := spec.YearMismatch; y != nil {
		if y.Window != nil {
			if b.yearFile != "" {
				return fmt.Errorf("year_mismatch.window: already set in %s", b.yearFile)
			}
			if *y.Window < 0 || *y.Window > 20 {
				return fmt.Errorf("year_mismatch.window: %d is outside 0..20", *y.Window)
			}
			b.yearFile, d.years.window = file, *y.Window
		}
		d.years.moneyWords = append(d.years.moneyWords, nonEmpty(y.MoneyWords)...)
		d.years.comparisonWords = append(d.years.comparisonWords, nonEmpty(y.ComparisonWords)...)
		d.years.historyWords = append(d.years.historyWords, nonEmpty(y.HistoryWords)...)
	}
	if c := spec.ComponentTotal; c != nil {
		for _, w := range nonEmpty(c.NotParts) {
			// Matched against normalised text, like the sentences.
			d.parts.notParts = append(d.parts.notParts, number.Normalize(w))
		}
	}
	return nil
}

func nonEmpty(ss []string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

var codeRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func compileEntry(m metricSpec, lits *literals) (*entry, error) {
	if !codeRE.MatchString(m.Code) {
		return nil, fmt.Errorf("code: %q is not a lower-case identifier", m.Code)
	}
	if strings.TrimSpace(m.Label) == "" {
		return nil, errors.New("label: empty")
	}
	if strings.TrimSpace(m.Unit) == "" {
		return nil, errors.New("unit: empty")
	}
	switch m.Comparator {
	case "", ">=", "<=", "=":
	default:
		return nil, fmt.Errorf("comparator: %q is not one of >=, <=, =", m.Comparator)
	}
	if len(m.Patterns) == 0 && len(m.Targets) == 0 {
		return nil, errors.New("patterns: an entry needs patterns or targets")
	}
	written := m.Written
	if len(written) == 0 {
		switch m.Unit {
		case moneyUnit:
			written = []string{"亿元", "万元", "千元", "元"}
		default:
			written = []string{m.Unit}
		}
	}
	for i, w := range written {
		if strings.TrimSpace(w) == "" {
			return nil, fmt.Errorf("written[%d]: empty unit", i)
		}
		if _, ok := number.MoneyToWan(1, w); m.Unit == moneyUnit && !ok {
			return nil, fmt.Errorf("written[%d]: %q cannot be converted to 万元", i, w)
		}
	}
	e := &entry{Entry: Entry{Code: m.Code, Label: m.Label, Unit: m.Unit, Programme: m.Programme, Comparator: m.Comparator}}
	for i, p := range m.Patterns {
		cp, err := compilePattern(p, written, lits)
		if err != nil {
			return nil, fmt.Errorf("patterns[%d]: %w", i, err)
		}
		e.patterns = append(e.patterns, cp)
	}
	for i, p := range m.Targets {
		cp, err := compilePattern(p, written, lits)
		if err != nil {
			return nil, fmt.Errorf("targets[%d]: %w", i, err)
		}
		e.targets = append(e.targets, cp)
	}
	return e, nil
}

// valueRE is the {value} macro for one entry: the number with its written unit
// and the qualifiers around it.
func valueRE(written []string) string {
	units := append([]string(nil), written...)
	sort.SliceStable(units, func(i, j int) bool { return len(units[i]) > len(units[j]) })
	for i, u := range units {
		units[i] = regexp.QuoteMeta(u)
	}
	return `(?P<value>(?P<vpre>约|近|超过|逾)?(?P<vnum>` + numberRE + `)\s*(?P<vpost>余|多)?\s*(?P<vunit>` +
		strings.Join(units, "|") + `)(?P<vqual>以上|以下|以内|左右)?)`
}

// expand replaces the macros {value}, {period} and {any} in a pattern.
func expand(s, value string) string {
	s = strings.ReplaceAll(s, "{period}", periodRE)
	s = strings.ReplaceAll(s, "{any}", stopClass)
	return strings.ReplaceAll(s, "{value}", value)
}

func compilePattern(p patternSpec, written []string, lits *literals) (*pattern, error) {
	value := valueRE(written)
	var src string
	switch {
	case len(p.Keywords) > 0 && p.Regex != "":
		return nil, errors.New("keywords and regex are mutually exclusive")
	case p.Regex != "":
		if p.Gap != nil || p.Window != nil || p.Period {
			return nil, errors.New("regex: gap, window and period apply to keywords only (write {period} in the regex)")
		}
		if n := cjk.Count(p.Regex, "{value}"); n != 1 {
			return nil, fmt.Errorf("regex: needs {value} exactly once, found %d", n)
		}
		if cjk.Count(p.Regex, "{period}") > 1 {
			return nil, errors.New("regex: {period} may appear once")
		}
		src = expand(p.Regex, value)
	case len(p.Keywords) > 0:
		gap, window := defaultGap, defaultWindow
		if p.Gap != nil {
			gap = *p.Gap
		}
		if p.Window != nil {
			window = *p.Window
		}
		if gap < 0 || gap > maxGap {
			return nil, fmt.Errorf("gap: %d is outside 0..%d", gap, maxGap)
		}
		if window < 0 || window > maxGap {
			return nil, fmt.Errorf("window: %d is outside 0..%d", window, maxGap)
		}
		var sb strings.Builder
		if p.Period {
			fmt.Fprintf(&sb, "(?:%s%s{0,%d}?)?", periodRE, stopClass, gap)
		}
		for i, k := range p.Keywords {
			if strings.TrimSpace(k) == "" {
				return nil, fmt.Errorf("keywords[%d]: empty", i)
			}
			if cjk.Contains(k, "{value}") || cjk.Contains(k, "{period}") {
				return nil, fmt.Errorf("keywords[%d]: {value} and {period} are not allowed in keywords (use period: true)", i)
			}
			k = expand(k, "")
			kre, err := regexp.Compile(k)
			if err != nil {
				return nil, fmt.Errorf("keywords[%d]: %w", i, err)
			}
			if kre.MatchString("") {
				return nil, fmt.Errorf("keywords[%d]: %q matches the empty string", i, k)
			}
			if i > 0 {
				fmt.Fprintf(&sb, "%s{0,%d}?", stopClass, gap)
			}
			sb.WriteString("(?:" + k + ")")
		}
		fmt.Fprintf(&sb, "%s{0,%d}?%s", stopClass, window, value)
		src = sb.String()
	default:
		return nil, errors.New("needs keywords or regex")
	}
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, fmt.Errorf("regex: %w", err)
	}
	cp := &pattern{re: re, find: newFinder(re), negate: p.Negate}
	cp.value = re.SubexpIndex("value")
	cp.num = re.SubexpIndex("vnum")
	cp.pre = re.SubexpIndex("vpre")
	cp.post = re.SubexpIndex("vpost")
	cp.unit = re.SubexpIndex("vunit")
	cp.qual = re.SubexpIndex("vqual")
	cp.period = re.SubexpIndex("period")
	seen := map[string]bool{}
	for _, name := range re.SubexpNames() {
		if name != "" && seen[name] {
			return nil, fmt.Errorf("regex: group name %q is used twice", name)
		}
		seen[name] = true
	}
	cp.gate = lits.gate(src)
	return cp, nil
}

// anchorsOf returns the required literals of a valid expression: every match
// contains one of them (nil when that cannot be told).
func anchorsOf(src string) []string {
	re, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		return nil
	}
	return requiredLiterals(re.Simplify())
}

// requiredSetsOf returns the literal sets of a valid expression of which every
// match contains one literal of each set: "A.{0,9}B(?:C|D)" gives {A}, {B},
// {C, D}. A pattern is skipped on a sentence that misses one of its sets,
// which leaves few sentences for the regular expression itself.
func requiredSetsOf(src string) [][]string {
	re, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		return nil
	}
	return requiredSets(re.Simplify())
}

func requiredSets(re *syntax.Regexp) [][]string {
	switch re.Op {
	case syntax.OpConcat:
		var out [][]string
		for _, sub := range re.Sub {
			out = append(out, requiredSets(sub)...)
		}
		return out
	case syntax.OpCapture, syntax.OpPlus:
		return requiredSets(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredSets(re.Sub[0])
		}
		return nil
	}
	if lits := requiredLiterals(re); lits != nil {
		return [][]string{lits}
	}
	return nil
}

// requiredLiterals returns strings of which every match of re contains at least
// one, or nil when that cannot be told. The scanner skips a pattern on sentences
// that hold none of them, which keeps the per-report cost low.
func requiredLiterals(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || len(re.Rune) == 0 {
			return nil
		}
		return []string{string(re.Rune)}
	case syntax.OpCharClass:
		// A small class such as [市州] (what 州|市 simplifies to) is a set
		// of one-rune literals; a large one gates nothing.
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(out) == maxClassLiterals {
					return nil
				}
				out = append(out, string(r))
			}
		}
		return out
	case syntax.OpCapture, syntax.OpPlus:
		return requiredLiterals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredLiterals(re.Sub[0])
		}
		return nil
	case syntax.OpConcat:
		var best []string
		bestLen := 0
		for _, sub := range re.Sub {
			lits := requiredLiterals(sub)
			if lits == nil {
				continue
			}
			if l := minLen(lits); l > bestLen {
				best, bestLen = lits, l
			}
		}
		return best
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			lits := requiredLiterals(sub)
			if lits == nil {
				return nil
			}
			all = append(all, lits...)
		}
		return all
	}
	return nil
}

// maxClassLiterals bounds the character classes read as literal sets.
const maxClassLiterals = 4

func minLen(ss []string) int {
	m := -1
	for _, s := range ss {
		if m < 0 || len(s) < m {
			m = len(s)
		}
	}
	return m
}

// Entries lists the metric codes of the dictionary in file order.
func (d *Dictionary) Entries() []Entry {
	if d == nil {
		return nil
	}
	out := make([]Entry, len(d.entries))
	for i, e := range d.entries {
		out[i] = e.Entry
	}
	return out
}

// Lookup returns the entry for code.
func (d *Dictionary) Lookup(code string) (Entry, bool) {
	if d == nil {
		return Entry{}, false
	}
	for _, e := range d.entries {
		if e.Code == code {
			return e.Entry, true
		}
	}
	return Entry{}, false
}

// normalisePeriod turns a {period} match such as "2020—2021" or "2020 至 2022"
// into "2020-2021": the first and the last four digits.
func normalisePeriod(s string) string {
	if len(s) < 8 || !isDigits(s[:4]) || !isDigits(s[len(s)-4:]) {
		return s
	}
	return s[:4] + "-" + s[len(s)-4:]
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// newFinder returns the finder for a dictionary expression; it also stops
// searching once a text lacks one of the literals every match holds.
func newFinder(re *regexp.Regexp) *rematch.Finder {
	return rematch.New(re).Require(requiredSetsOf(re.String()))
}
