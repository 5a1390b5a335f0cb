package scheme

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed schemes/*.yaml
var embedded embed.FS

// LoadCatalog loads the schemes shipped with the binary (schemes/*.yaml).
func LoadCatalog() (*Catalog, error) {
	return LoadFS(embedded, "schemes")
}

// LoadFS loads every *.yaml file in dir of fsys. Any file that does not decode
// strictly or does not validate fails the whole catalog: a half-loaded set of
// schemes would score reports against the wrong rules.
func LoadFS(fsys fs.FS, dir string) (*Catalog, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("scheme: read %s: %w", dir, err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && (strings.HasSuffix(e.Name(), ".yaml") || strings.HasSuffix(e.Name(), ".yml")) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("scheme: no *.yaml files in %s", dir)
	}
	c := &Catalog{schemes: map[string]*Scheme{}}
	for _, n := range names {
		file := path.Join(dir, n)
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("scheme: %w", err)
		}
		s, err := Decode(file, data)
		if err != nil {
			return nil, err
		}
		if want := strings.TrimSuffix(strings.TrimSuffix(n, ".yaml"), ".yml"); s.ID != want {
			return nil, fmt.Errorf("%s: id: %q does not match the file name (want %q)", file, s.ID, want)
		}
		if _, dup := c.schemes[s.ID]; dup {
			return nil, fmt.Errorf("%s: id: duplicate scheme id %q", file, s.ID)
		}
		c.schemes[s.ID] = s
	}
	return c, nil
}

// Decode reads one scheme strictly (unknown fields are errors) and validates
// it. file names the source in error messages.
func Decode(file string, data []byte) (*Scheme, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var s Scheme
	if err := dec.Decode(&s); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty scheme file", file)
		}
		return nil, fmt.Errorf("%s: %s", file, describeYAMLError(data, err))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: more than one YAML document; one scheme per file", file)
	}
	s.applyDefaults()
	if err := s.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	s.buildIndex()
	return &s, nil
}

var (
	unknownFieldRE = regexp.MustCompile(`^line (\d+): field (\S+) not found in type scheme\.(\w+)$`)
	lineRE         = regexp.MustCompile(`^line (\d+): `)
)

// describeYAMLError rewrites yaml.v3's messages so they name the indicator and
// the field: "indicator staff_control_rate: line 14: unknown field "foo" in rule".
func describeYAMLError(data []byte, err error) string {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return strings.TrimPrefix(err.Error(), "yaml: ")
	}
	loc := locate(data)
	msgs := make([]string, 0, len(te.Errors))
	for _, e := range te.Errors {
		msg := e
		m := lineRE.FindStringSubmatch(e)
		if m == nil {
			msgs = append(msgs, msg)
			continue
		}
		line, _ := strconv.Atoi(m[1])
		if u := unknownFieldRE.FindStringSubmatch(e); u != nil {
			msg = fmt.Sprintf("line %s: unknown field %q in %s", u[1], u[2], typeLabel(u[3]))
		} else if p := loc.paths[line]; p != "" {
			msg = fmt.Sprintf("line %d: %s: %s", line, p, strings.TrimPrefix(e, m[0]))
		}
		if code := loc.indicator(line); code != "" {
			msg = "indicator " + code + ": " + msg
		}
		msgs = append(msgs, msg)
	}
	return strings.Join(msgs, "; ")
}

func typeLabel(goType string) string {
	switch goType {
	case "Scheme":
		return "scheme"
	case "Indicator":
		return "indicator"
	case "Formula":
		return "formula"
	case "Term":
		return "formula term"
	case "Rule":
		return "rule"
	case "Step":
		return "rule step"
	case "Grade":
		return "grades"
	case "Level":
		return "levels"
	}
	return goType
}

// locator knows, for each line of a scheme file, which indicator it belongs to
// and the dotted path of the key written on it; it only serves error messages.
type locator struct {
	starts []indicatorStart
	paths  map[int]string
}

type indicatorStart struct {
	line int
	code string // "" for lines after the indicators list
}

func (l locator) indicator(line int) string {
	code := ""
	for _, st := range l.starts {
		if st.line <= line {
			code = st.code
		}
	}
	return code
}

// locate parses the same bytes loosely (into nodes) to build a locator.
func locate(data []byte) locator {
	l := locator{paths: map[int]string{}}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return l
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		if key.Value != "indicators" || val.Kind != yaml.SequenceNode {
			l.walk(key.Value, val)
			l.paths[key.Line] = key.Value
			continue
		}
		for n, item := range val.Content {
			code := fmt.Sprintf("#%d", n+1)
			for j := 0; j+1 < len(item.Content); j += 2 {
				if item.Content[j].Value == "code" && item.Content[j+1].Value != "" {
					code = item.Content[j+1].Value
				}
			}
			l.starts = append(l.starts, indicatorStart{item.Line, code})
			l.walk("", item)
		}
	}
	// Keys written after the indicators list belong to no indicator.
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; k.Value != "indicators" && len(l.starts) > 0 && k.Line > l.starts[len(l.starts)-1].line {
			l.starts = append(l.starts, indicatorStart{k.Line, ""})
		}
	}
	sort.SliceStable(l.starts, func(a, b int) bool { return l.starts[a].line < l.starts[b].line })
	return l
}

func (l locator) walk(prefix string, n *yaml.Node) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := n.Content[i].Value
			if prefix != "" {
				p = prefix + "." + p
			}
			if _, seen := l.paths[n.Content[i].Line]; !seen {
				l.paths[n.Content[i].Line] = p
			}
			l.walk(p, n.Content[i+1])
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			l.walk(fmt.Sprintf("%s[%d]", prefix, i), c)
		}
	}
}

func (s *Scheme) applyDefaults() {
	for i := range s.Indicators {
		f := s.Indicators[i].Formula
		if f == nil {
			continue
		}
		if f.Scale == 0 {
			f.Scale = 1
		}
		for j := range f.Numerator {
			if f.Numerator[j].Weight == 0 {
				f.Numerator[j].Weight = 1
			}
		}
		for j := range f.Denominator {
			if f.Denominator[j].Weight == 0 {
				f.Denominator[j].Weight = 1
			}
		}
	}
}

func (s *Scheme) buildIndex() {
	s.index = map[string]int{}
	for i, ind := range s.Indicators {
		s.index[Normalize(ind.Name)] = i
		for _, a := range ind.Aliases {
			s.index[Normalize(a)] = i
		}
	}
}

// validate checks what strict decoding cannot: required fields, unique codes
// and names, level sums, grade order and the fields each rule type needs.
func (s *Scheme) validate() error {
	switch {
	case strings.TrimSpace(s.ID) == "":
		return errors.New("id: required")
	case strings.TrimSpace(s.Name) == "":
		return errors.New("name: required")
	case len(s.Levels) == 0:
		return errors.New("levels: required (level-1 names and their maxima)")
	case len(s.Grades) == 0:
		return errors.New("grades: required")
	case len(s.Indicators) == 0:
		return errors.New("indicators: required")
	}
	levelMax := map[string]float64{}
	for i, l := range s.Levels {
		if l.Name == "" {
			return fmt.Errorf("levels[%d].name: required", i)
		}
		if _, dup := levelMax[l.Name]; dup {
			return fmt.Errorf("levels[%d].name: duplicate level %q", i, l.Name)
		}
		switch {
		case s.Unweighted && l.Max != 0:
			return fmt.Errorf("levels[%d].max: an unweighted scheme has no points, got %v", i, l.Max)
		case !s.Unweighted && !(l.Max > 0):
			return fmt.Errorf("levels[%d].max: must be positive, got %v", i, l.Max)
		}
		levelMax[l.Name] = l.Max
	}
	for i, g := range s.Grades {
		if g.Grade == "" {
			return fmt.Errorf("grades[%d].grade: required", i)
		}
		if g.Min < 0 {
			return fmt.Errorf("grades[%d].min: must not be negative, got %v", i, g.Min)
		}
		if i > 0 && g.Min >= s.Grades[i-1].Min {
			return fmt.Errorf("grades[%d].min: grades must be listed best first with decreasing min (%v after %v)", i, g.Min, s.Grades[i-1].Min)
		}
	}
	if last := s.Grades[len(s.Grades)-1]; last.Min != 0 {
		return fmt.Errorf("grades[%d].min: the lowest grade must start at 0, got %v", len(s.Grades)-1, last.Min)
	}
	codes := map[string]bool{}
	names := map[string]string{}
	levelSum := map[string]float64{}
	figures := map[string]bool{}
	for _, f := range Figures() {
		figures[f] = true
	}
	for i, ind := range s.Indicators {
		where := fmt.Sprintf("indicator %s", ind.Code)
		if ind.Code == "" {
			return fmt.Errorf("indicators[%d].code: required", i)
		}
		if !codeRE.MatchString(ind.Code) {
			return fmt.Errorf("%s: code: %q must be lower_snake_case ASCII", where, ind.Code)
		}
		if codes[ind.Code] {
			return fmt.Errorf("%s: code: duplicate code %q", where, ind.Code)
		}
		codes[ind.Code] = true
		if ind.Name == "" {
			return fmt.Errorf("%s: name: required", where)
		}
		for _, n := range append([]string{ind.Name}, ind.Aliases...) {
			k := Normalize(n)
			if k == "" {
				return fmt.Errorf("%s: aliases: empty name", where)
			}
			if other, dup := names[k]; dup && other != ind.Code {
				return fmt.Errorf("%s: aliases: %q is also a name of indicator %s", where, n, other)
			}
			names[k] = ind.Code
		}
		if _, ok := levelMax[ind.Level1]; !ok {
			return fmt.Errorf("%s: level1: %q is not one of levels", where, ind.Level1)
		}
		if ind.Level2 == "" {
			return fmt.Errorf("%s: level2: required", where)
		}
		switch {
		case s.Unweighted && ind.Max != 0:
			return fmt.Errorf("%s: max: an unweighted scheme has no points, got %v", where, ind.Max)
		case s.Unweighted && ind.Rule.Type != Declared:
			return fmt.Errorf("%s: rule.type: an unweighted scheme has no points to award; want %q, got %q", where, Declared, ind.Rule.Type)
		case !s.Unweighted && !(ind.Max > 0):
			return fmt.Errorf("%s: max: must be positive, got %v", where, ind.Max)
		}
		levelSum[ind.Level1] += ind.Max
		if ind.Formula != nil {
			if err := ind.Formula.validate(figures); err != nil {
				return fmt.Errorf("%s: formula.%w", where, err)
			}
		}
		if err := ind.Rule.validate(ind.Max); err != nil {
			return fmt.Errorf("%s: rule.%w", where, err)
		}
	}
	for _, l := range s.Levels {
		if !s.Unweighted && math.Abs(levelSum[l.Name]-l.Max) > 1e-9 {
			return fmt.Errorf("levels: %s: indicators add up to %v, level max is %v", l.Name, levelSum[l.Name], l.Max)
		}
	}
	return nil
}

var codeRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// fieldError is returned by the nested validators; its text starts with the
// field name so that callers can prefix "formula." or "rule.".
func fieldError(field, format string, args ...any) error {
	return fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...))
}

func (f *Formula) validate(figures map[string]bool) error {
	if strings.TrimSpace(f.Text) == "" {
		return fieldError("text", "required")
	}
	if len(f.Numerator) == 0 {
		return fieldError("numerator", "required (at least one figure)")
	}
	if f.Scale < 0 {
		return fieldError("scale", "must be positive, got %v", f.Scale)
	}
	for _, p := range []struct {
		name  string
		terms []Term
	}{{"numerator", f.Numerator}, {"denominator", f.Denominator}} {
		part := p.name
		for j, t := range p.terms {
			if !figures[t.Figure] {
				return fieldError(fmt.Sprintf("%s[%d].figure", part, j), "unknown figure %q (known: %s)", t.Figure, strings.Join(Figures(), ", "))
			}
		}
	}
	return nil
}

func validOp(op string) bool {
	switch op {
	case "<", "<=", ">", ">=", "==":
		return true
	}
	return false
}

func (r *Rule) validate(max float64) error {
	points := func(field string, v float64) error {
		if v < 0 || v > max {
			return fieldError(field, "points %v outside 0..%v", v, max)
		}
		return nil
	}
	forbid := func(fields ...string) error {
		for _, f := range fields {
			set := false
			switch f {
			case "op":
				set = r.Op != ""
			case "limit":
				set = r.Limit != nil
			case "per_point":
				set = r.PerPoint != 0
			case "steps":
				set = len(r.Steps) > 0
			case "else":
				set = r.Else != nil
			}
			if set {
				return fieldError(f, "not allowed for type %q", r.Type)
			}
		}
		return nil
	}
	needOpLimit := func() error {
		if !validOp(r.Op) {
			return fieldError("op", "want one of < <= > >= ==, got %q", r.Op)
		}
		if r.Limit == nil {
			return fieldError("limit", "required for type %q", r.Type)
		}
		return nil
	}
	switch r.Type {
	case Declared:
		return forbid("op", "limit", "per_point", "steps", "else")
	case Threshold:
		if err := needOpLimit(); err != nil {
			return err
		}
		if err := forbid("per_point", "steps"); err != nil {
			return err
		}
	case Ladder:
		if err := forbid("op", "limit", "per_point"); err != nil {
			return err
		}
		if len(r.Steps) == 0 {
			return fieldError("steps", "required for type %q", r.Type)
		}
		for i, st := range r.Steps {
			if !validOp(st.Op) {
				return fieldError(fmt.Sprintf("steps[%d].op", i), "want one of < <= > >= ==, got %q", st.Op)
			}
			if err := points(fmt.Sprintf("steps[%d].points", i), st.Points); err != nil {
				return err
			}
		}
	case Deduction:
		if err := needOpLimit(); err != nil {
			return err
		}
		if err := forbid("steps", "else"); err != nil {
			return err
		}
		if !(r.PerPoint > 0) {
			return fieldError("per_point", "must be positive for type %q, got %v", r.Type, r.PerPoint)
		}
	case "":
		return fieldError("type", "required (declared, threshold, ladder or deduction)")
	default:
		return fieldError("type", "unknown type %q (want declared, threshold, ladder or deduction)", r.Type)
	}
	if r.Else != nil {
		return points("else", *r.Else)
	}
	return nil
}
