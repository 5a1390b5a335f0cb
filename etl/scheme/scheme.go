// Package scheme holds scoring schemes as data: which indicators a region and
// year scores, how many points each is worth, the formula over a report's
// figures and the rule that turns a value into points. Schemes are YAML files
// (embedded from schemes/*.yaml) decoded strictly, so a typo in a field name is
// an error naming the file and the field rather than a silently ignored rule.
// The SQL indicator engine loads the same structures into tables and is the
// only place the formulas and rules are evaluated (sql/views/020_indicators.sql).
package scheme

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Scheme is one scoring scheme, e.g. hunan-xiangxi-2021.
type Scheme struct {
	ID     string `yaml:"id" json:"id"`
	Name   string `yaml:"name" json:"name"`
	Region string `yaml:"region" json:"region"`
	// Source names the published document the scheme follows (财预〔2013〕53号).
	Source string `yaml:"source,omitempty" json:"source,omitempty"`
	// Unweighted marks a framework that publishes indicators without points
	// (财预〔2013〕53号 leaves the weights to each evaluator): levels and
	// indicators have no max, every rule is declared, and an indicator's only
	// maximum is the one its report states.
	Unweighted bool `yaml:"unweighted,omitempty" json:"unweighted,omitempty"`
	// Levels are the level-1 groups with their maxima; the indicators of a
	// level must add up to its max.
	Levels     []Level     `yaml:"levels" json:"levels"`
	Grades     []Grade     `yaml:"grades" json:"grades"`
	Indicators []Indicator `yaml:"indicators" json:"indicators"`

	// index maps a normalised name or alias to its position in Indicators.
	index map[string]int
}

// Level is a level-1 group (投入, 过程, …) and its maximum points (0 in an
// unweighted scheme).
type Level struct {
	Name string  `yaml:"name" json:"name"`
	Max  float64 `yaml:"max,omitempty" json:"max"`
}

// Grade is a grade band; Min is inclusive. Grades are listed best first.
type Grade struct {
	Grade string  `yaml:"grade" json:"grade"`
	Min   float64 `yaml:"min" json:"min"`
}

// Indicator is one scored indicator of a scheme.
type Indicator struct {
	Code    string   `yaml:"code" json:"code"`
	Name    string   `yaml:"name" json:"name"`
	Aliases []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	Level1  string   `yaml:"level1" json:"level1"`
	Level2  string   `yaml:"level2" json:"level2"`
	// Max is the indicator's points; 0 in an unweighted scheme.
	Max float64 `yaml:"max,omitempty" json:"max"`
	// Formula is nil for qualitative indicators.
	Formula *Formula `yaml:"formula,omitempty" json:"formula,omitempty"`
	Rule    Rule     `yaml:"rule" json:"rule"`
}

// Formula computes an indicator's value from report figures:
// value = Σ(weight×figure over Numerator) / Σ(weight×figure over Denominator) × Scale.
// An empty Denominator means 1.
type Formula struct {
	Text        string `yaml:"text" json:"text"`
	Numerator   []Term `yaml:"numerator" json:"numerator"`
	Denominator []Term `yaml:"denominator,omitempty" json:"denominator,omitempty"`
	// Scale multiplies the quotient (100 for percentages). Omitted means 1.
	Scale float64 `yaml:"scale,omitempty" json:"scale"`
}

// Term is one weighted figure of a formula. Weight omitted means 1 (a zero
// weight would drop the term, so it is never meant); it may be negative.
type Term struct {
	Figure string  `yaml:"figure" json:"figure"`
	Weight float64 `yaml:"weight,omitempty" json:"weight"`
}

// Rule types.
const (
	Declared  = "declared"  // the report's declared score stands; nothing to recompute
	Threshold = "threshold" // full points when value Op Limit, else Else (default 0)
	Ladder    = "ladder"    // points of the first step whose condition holds, else Else
	Deduction = "deduction" // full when value Op Limit, else PerPoint lost per point of distance, floor 0
)

// Rule turns an indicator's value into points.
type Rule struct {
	Type     string   `yaml:"type" json:"type"`
	Op       string   `yaml:"op,omitempty" json:"op,omitempty"`
	Limit    *float64 `yaml:"limit,omitempty" json:"limit,omitempty"`
	PerPoint float64  `yaml:"per_point,omitempty" json:"per_point,omitempty"`
	Steps    []Step   `yaml:"steps,omitempty" json:"steps,omitempty"`
	Else     *float64 `yaml:"else,omitempty" json:"else,omitempty"`
}

// Step is one rung of a ladder rule.
type Step struct {
	Op     string  `yaml:"op" json:"op"`
	Limit  float64 `yaml:"limit" json:"limit"`
	Points float64 `yaml:"points" json:"points"`
}

// Figures returns the names of the report figures a formula may use; the SQL
// engine provides exactly these from loaded data.
func Figures() []string {
	return []string{
		"staff_authorized", "staff_actual",
		"three_public_budget", "three_public_budget_prev", "three_public_actual",
		"budget_carryover", "budget_initial", "budget_supplementary", "budget_year_end_balance", "budget_adjustment",
		"public_use_budget", "public_use_actual",
		"procurement_budget", "procurement_actual",
		"fixed_assets_total", "fixed_assets_in_use",
		"satisfaction_service_target", "satisfaction_public", "satisfaction_staff",
	}
}

// Normalize reduces an indicator name to the form names are compared in:
// full-width forms folded to half-width, quotes, brackets of quotation, spaces
// and the particle 的 removed (“三公经费”变动率 = 三公经费变动率,
// 绩效指标的明确性 = 绩效指标明确性).
func Normalize(name string) string {
	if normal(name) {
		return name
	}
	s := width.Narrow.String(name)
	return strings.Map(func(r rune) rune {
		switch r {
		case '“', '”', '"', '‘', '’', '\'', '「', '」', '『', '』', '的', '\u3000':
			return -1
		}
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
}

// normal reports whether Normalize leaves name as it is, without its cost
// for the common name made of CJK ideographs and printable ASCII only (every
// name the parser matches goes through it): width.Narrow leaves those as they
// are, so only 的, white space and quotes would go, and a name without them
// is its own form.
func normal(name string) bool {
	for i := 0; i < len(name); {
		c := name[i]
		if c < utf8.RuneSelf {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(name[i:])
		if r < 0x4E00 || r > 0x9FFF || r == '的' {
			return false
		}
		i += size
	}
	return true
}

// CustomCode derives a stable code for an indicator a scheme does not know:
// "custom_" and the first 8 hex digits of the SHA-256 of its normalised name.
func CustomCode(name string) string {
	sum := sha256.Sum256([]byte(Normalize(name)))
	return "custom_" + hex.EncodeToString(sum[:4])
}

// Match finds the indicator called name (or one of its aliases) after
// normalisation; only whole names match, so 管理制度健全性 never matches
// 资产管理制度健全性.
func (s *Scheme) Match(name string) (*Indicator, bool) {
	if s == nil {
		return nil, false
	}
	i, ok := s.index[Normalize(name)]
	if !ok {
		return nil, false
	}
	return &s.Indicators[i], true
}

// Indicator returns the indicator with the given code.
func (s *Scheme) Indicator(code string) (*Indicator, bool) {
	if s == nil {
		return nil, false
	}
	for i := range s.Indicators {
		if s.Indicators[i].Code == code {
			return &s.Indicators[i], true
		}
	}
	return nil, false
}

// Level1Names returns the scheme's level-1 names in order.
func (s *Scheme) Level1Names() []string {
	if s == nil {
		return nil
	}
	out := make([]string, len(s.Levels))
	for i, l := range s.Levels {
		out[i] = l.Name
	}
	return out
}

// Total is the scheme's maximum score (the sum of its levels).
func (s *Scheme) Total() float64 {
	var t float64
	for _, l := range s.Levels {
		t += l.Max
	}
	return t
}

// GradeFor returns the grade a total earns under the scheme's bands.
func (s *Scheme) GradeFor(total float64) (string, bool) {
	for _, g := range s.Grades {
		if total >= g.Min {
			return g.Grade, true
		}
	}
	return "", false
}

// year returns the year an id ends with ("hunan-xiangxi-2021" → 2021), or 0.
func (s *Scheme) year() int {
	i := strings.LastIndexByte(s.ID, '-')
	if i < 0 {
		return 0
	}
	y, err := strconv.Atoi(s.ID[i+1:])
	if err != nil {
		return 0
	}
	return y
}

// Catalog is a set of schemes keyed by id.
type Catalog struct {
	schemes map[string]*Scheme
}

// Scheme returns the scheme with the given id.
func (c *Catalog) Scheme(id string) (*Scheme, bool) {
	if c == nil {
		return nil, false
	}
	s, ok := c.schemes[id]
	return s, ok
}

// IDs returns the scheme ids in sorted order.
func (c *Catalog) IDs() []string {
	if c == nil {
		return nil
	}
	ids := make([]string, 0, len(c.schemes))
	for id := range c.schemes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Regions returns the distinct regions the catalog's schemes cover, sorted.
func (c *Catalog) Regions() []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range c.IDs() {
		r := c.schemes[id].Region
		if r != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// Detect picks the scheme for a report of region and fiscal year. Among the
// schemes of that region it takes the one whose id ends in the latest year not
// after the fiscal year; when every scheme is newer than the report (or the
// year is unknown), the earliest one, because a region's first published
// scheme is the best guess for its earlier reports. So 湘西州 maps to
// hunan-xiangxi-2021 for every year until a later 湘西州 scheme is added.
func (c *Catalog) Detect(region string, year int) (string, bool) {
	if c == nil || region == "" {
		return "", false
	}
	var best, earliest *Scheme
	for _, id := range c.IDs() {
		s := c.schemes[id]
		if s.Region != region {
			continue
		}
		if earliest == nil || s.year() < earliest.year() {
			earliest = s
		}
		if year > 0 && s.year() <= year && (best == nil || s.year() >= best.year()) {
			best = s
		}
	}
	if best == nil {
		best = earliest
	}
	if best == nil {
		return "", false
	}
	return best.ID, true
}
