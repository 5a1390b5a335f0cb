package demo

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao/report"
)

// Finding rule ids planted in the corpus, spelled as the findings views and the
// kpi checks name them (component_exceeds_total is checked by etl/kpi).
const (
	RuleIncomeSum             = "income_sum"               // income components do not add up to 收入合计
	RuleExpenditureSum        = "expenditure_sum"          // 基本支出 + 项目支出 ≠ 支出合计
	RuleScoreRuleMismatch     = "score_rule_mismatch"      // declared score ≠ what the indicator's rule gives
	RuleLevelSum              = "level_sum"                // level-1 scores do not add up to the total
	RuleSameQuantityTwoValues = "same_quantity_two_values" // same quantity, two values (上年结转 table vs text)
	RuleMalformedNumber       = "malformed_number"         // "12.5.亿元"
	RuleFullMarksClaim        = "full_marks_claim"         // "得满分N分" with N below the indicator's max
	RuleTemplateResidue       = "template_residue"         // "（查预算数）" left in the text
	RuleYearMismatch          = "year_mismatch"            // previous year's token next to a current-year amount
	RuleMissingFormCell       = "missing_form_cell"        // form's 绩效自评综合得分及评价等次 cell left empty
	RuleRatioMismatch         = "ratio_mismatch"           // printed ratio ≠ its printed operands
	RuleComponentOverTotal    = "component_exceeds_total"  // 三公 budget part above the budget
	RuleFalseComparison       = "false_comparison"         // "100%＜100%"
	RuleAllFullMarks          = "all_full_marks"           // every indicator at full marks (score inflation)
	RuleGradeMismatch         = "grade_mismatch"           // grade not the one the printed bands give the total
)

// Options select the corpus: the first Units unit profiles over the fiscal years
// FromYear..ToYear. Zero values mean 6 units, 2019–2023.
type Options struct {
	Units            int
	FromYear, ToYear int
}

// File is one written report and its ground truth; the manifest (ManifestName) holds []File.
type File struct {
	Name    string `json:"name"`
	Unit    string `json:"unit"`     // unit name as printed in the report
	UnitKey string `json:"unit_key"` // stable across renames
	// CurrentName is the unit's canonical name after its latest rename: the name
	// the warehouse's alias table should report every year of the series under.
	CurrentName string `json:"current_name"`
	Year        int    `json:"year"`     // fiscal year
	Format      string `json:"format"`   // docx or txt
	Encoding    string `json:"encoding"` // txt: utf-8, utf-8-bom or gb18030; docx: utf-8
	SHA256      string `json:"sha256"`   // of the written bytes
	// Planted lists the finding rule ids (Rule* constants) planted in this report.
	Planted []string `json:"planted"`
	// CrossPlanted lists the rules across reports (RuleTextReusedPrevYear …)
	// the warehouse raises on this report when the whole corpus is loaded.
	CrossPlanted []string `json:"cross_planted,omitempty"`
	// Supersedes names the file this one replaces (a corrected version of the same unit-year).
	Supersedes string `json:"supersedes,omitempty"`
	// Truth is what a correct parser yields (Source filled, findings not).
	Truth report.Report `json:"truth"`
}

// ManifestName is the corpus manifest written beside the reports. It is a
// hidden file so that an inbox scanner, which skips hidden files, never takes
// it for a report.
const ManifestName = ".demo-manifest.json"

// MaxUnits is the number of unit profiles available.
func MaxUnits() int { return len(profiles) }

func (o Options) withDefaults() (Options, error) {
	if o.Units == 0 {
		o.Units = 6
	}
	if o.FromYear == 0 {
		o.FromYear = 2019
	}
	if o.ToYear == 0 {
		o.ToYear = 2023
	}
	switch {
	case o.Units < 0 || o.Units > len(profiles):
		return o, fmt.Errorf("demo: units must be 1..%d, got %d", len(profiles), o.Units)
	case o.FromYear < anchorYear+2 || o.ToYear > 2040:
		return o, fmt.Errorf("demo: years must lie in %d..2040, got %d..%d", anchorYear+2, o.FromYear, o.ToYear)
	case o.FromYear > o.ToYear:
		return o, fmt.Errorf("demo: from year %d is after to year %d", o.FromYear, o.ToYear)
	}
	return o, nil
}

// plants assigns the planted defects of the default corpus to unit-years.
var plants = map[string][]string{
	"tzcj/2021": {RuleMissingFormCell},
	"tzcj/2022": {RuleMalformedNumber},
	"swj/2021":  {RuleScoreRuleMismatch},
	"swj/2023":  {RuleYearMismatch},
	"whly/2020": {RuleRatioMismatch},
	"whly/2022": {RuleLevelSum},
	"nync/2019": {RuleFalseComparison},
	"nync/2020": {RuleSameQuantityTwoValues},
	"nync/2022": {RuleExpenditureSum},
	"tjj/2020":  {RuleIncomeSum},
	"tjj/2022":  {RuleTemplateResidue},
	"tjj/2023":  {RuleGradeMismatch},
	"dag/2019":  {RuleAllFullMarks},
	"dag/2021":  {RuleFullMarksClaim},
	"dag/2023":  {RuleComponentOverTotal},
}

// Unit-years written in both formats (identical figures), the one written twice
// (a corrected version replaces the first) and txt files in other encodings.
var (
	bothFormats = map[string]bool{"tzcj/2021": true, "swj/2022": true, "nync/2019": true}
	corrected   = map[string]bool{"tjj/2020": true}
	encodings   = map[string]string{"whly/2019": "utf-8-bom", "tjj/2023": "gb18030"}
)

// NewSpec builds the corpus report of the unit with key slug (see UnitKeys) for
// year, with the defects the corpus plants in that unit-year.
func NewSpec(slug string, year int) (Spec, error) {
	for i, p := range profiles {
		if p.slug == slug {
			if year < anchorYear+2 || year > 2040 {
				return Spec{}, fmt.Errorf("demo: year %d outside %d..2040", year, anchorYear+2)
			}
			return planted(i, year, plants[slug+"/"+itoa(year)]), nil
		}
	}
	return Spec{}, fmt.Errorf("demo: unknown unit key %q", slug)
}

// UnitKeys lists the unit keys in corpus order.
func UnitKeys() []string {
	out := make([]string, len(profiles))
	for i, p := range profiles {
		out[i] = p.slug
	}
	return out
}

// planted builds a report consistent with the unit's previous one and
// applies the given defects and the rules across reports planted there.
func planted(pi, year int, rules []string) Spec { return plantedSpec(pi, year, rules, true) }

// plantedSpec builds a report with the given defects, linked to the unit's
// previous report (built the same way, back to the first year a corpus may
// start), and with cross set the rules across reports planted in it.
func plantedSpec(pi, year int, rules []string, cross bool) Spec {
	o := buildOpts{}
	for _, r := range rules {
		switch r {
		case RuleAllFullMarks:
			o.allFull = true
		case RuleGradeMismatch:
			o.gradeMismatch = true
		}
	}
	s := build(pi, year, 0, o)
	var prev Spec
	alone := func(pi, year int) Spec {
		return plantedSpec(pi, year, plants[profiles[pi].slug+"/"+itoa(year)], false)
	}
	if year-1 >= anchorYear+2 {
		prev = alone(pi, year-1)
		linkPrevious(&s, prev, o.allFull)
	}
	if cross {
		applyStreaks(&s, pi, alone)
	}
	for _, r := range rules {
		applyPlant(&s, r)
	}
	s.Planted = append([]string(nil), rules...)
	if cross {
		applyCross(&s, pi, prev)
	}
	return s
}

// applyPlant changes the printed figures or texts of s so that it carries the
// defect rule, and nothing else.
func applyPlant(s *Spec, rule string) {
	first := 0 // first filled org row: the summary when it is filled
	for i := range 4 {
		if s.Income[i].Total != nil {
			first = i
			break
		}
	}
	bump := func(p **float64, d float64) {
		if *p != nil {
			*p = report.Float(round2(**p + d))
		}
	}
	switch rule {
	case RuleIncomeSum:
		bump(&s.Income[first].Total, 10)
	case RuleExpenditureSum:
		bump(&s.Expenditure[first].Total, 5)
	case RuleScoreRuleMismatch:
		// 三公 budget up 20% on last year, still declared at full marks.
		s.Budget.ThreePublicBudget = round2(s.Budget.ThreePublicBudgetPrev * 1.2)
		s.Budget.ReceptionBudget = round2(s.Budget.ThreePublicBudget * s.Budget.ReceptionActual / s.Budget.ThreePublicActual)
		s.rescore(map[string]float64{"sangong_change_rate": 4})
	case RuleLevelSum:
		s.ByLevel1[1] += 2
	case RuleSameQuantityTwoValues:
		s.Budget.Carryover = round2(s.Budget.Carryover - 0.01)
		s.rescore(nil)
	case RuleMalformedNumber:
		if len(s.Events) > 0 {
			s.Events[0].MalformedSubpart = true
		}
	case RuleFullMarksClaim:
		s.setIndicator("asset_mgmt_safety", func(in *Indicator) { in.Score, in.FullClaim, in.Weak = in.Max-1, true, false })
	case RuleTemplateResidue:
		s.Quirks.Residue = true
	case RuleYearMismatch:
		s.Quirks.PrevYearProcurement = true
	case RuleMissingFormCell:
		s.ScoreInForm = false
	case RuleRatioMismatch:
		s.setIndicator("staff_control_rate", func(in *Indicator) {
			v := *in.Value + 4
			if v > 100 {
				v = *in.Value - 4
			}
			in.Value = report.Float(round2(v))
		})
	case RuleComponentOverTotal:
		s.Quirks.ReceptionOverBudget = round2(s.Budget.ThreePublicBudget + 1.5)
	case RuleFalseComparison:
		s.Budget.ThreePublicBudget = s.Budget.ThreePublicActual
		s.Budget.ReceptionBudget = s.Budget.ReceptionActual
		s.Quirks.FalseComparison = true
		s.rescore(nil)
	case RuleAllFullMarks:
		// built with every indicator at full marks
	case RuleGradeMismatch:
		s.Grade = "优"
	}
}

// rescore recomputes the computed indicators from changed figures, keeping the
// qualitative deductions already drawn.
func (s *Spec) rescore(override map[string]float64) {
	weak := map[string]bool{}
	for _, in := range s.Indicators {
		if in.Weak {
			weak[in.Code] = true
		}
	}
	s.score(weak, override)
}

func (s *Spec) setIndicator(code string, f func(*Indicator)) {
	for i := range s.Indicators {
		if s.Indicators[i].Code == code {
			f(&s.Indicators[i])
		}
	}
	s.sumScores()
}

// entry is one file of the corpus plan.
type entry struct {
	spec       Spec
	name       string
	format     string
	encoding   string
	supersedes string
}

func corpusPlan(o Options) []entry {
	var out []entry
	for pi := range o.Units {
		p := profiles[pi]
		for y := o.FromYear; y <= o.ToYear; y++ {
			key := p.slug + "/" + itoa(y)
			s := planted(pi, y, plants[key])
			format := "docx"
			if (pi+y)%2 == 1 {
				format = "txt"
			}
			base := p.slug + "_" + itoa(y)
			enc := "utf-8"
			if format == "txt" && encodings[key] != "" {
				enc = encodings[key]
			}
			out = append(out, entry{spec: s, name: base + "." + format, format: format, encoding: enc})
			if bothFormats[key] {
				other := map[string]string{"docx": "txt", "txt": "docx"}[format]
				out = append(out, entry{spec: s, name: base + "." + other, format: other, encoding: "utf-8"})
			}
			if corrected[key] {
				fixed := planted(pi, y, nil)
				fixed.Note = "（更正稿）"
				out = append(out, entry{spec: fixed, name: base + "_r2." + format, format: format, encoding: enc, supersedes: base + "." + format})
			}
		}
	}
	return out
}

// Write writes the corpus selected by opt into dir (created if missing) and a
// manifest (ManifestName) holding the returned []File.
func Write(ctx context.Context, dir string, opt Options) ([]File, error) {
	o, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("demo: create %s: %w", dir, err)
	}
	var files []File
	for _, e := range corpusPlan(o) {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("demo: writing corpus: %w", err)
		}
		data, err := encode(e.spec, e.format, e.encoding)
		if err != nil {
			return nil, fmt.Errorf("demo: %s: %w", e.name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.name), data, 0o644); err != nil {
			return nil, fmt.Errorf("demo: write %s: %w", e.name, err)
		}
		sum := sha256.Sum256(data)
		f := File{
			Name: e.name, Unit: e.spec.Unit, UnitKey: e.spec.Slug, CurrentName: canonicalName(e.spec.Canonical), Year: e.spec.Year,
			Format: e.format, Encoding: e.encoding, SHA256: hex.EncodeToString(sum[:]),
			Planted: append([]string{}, e.spec.Planted...), CrossPlanted: e.spec.CrossPlanted, Supersedes: e.supersedes,
			Truth: e.spec.Truth(),
		}
		f.Truth.Source = report.Source{File: e.name, SHA256: f.SHA256, Format: e.format}
		if e.format == "txt" {
			f.Truth.Source.Encoding = e.encoding
		}
		files = append(files, f)
	}
	manifest, err := json.MarshalIndent(files, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("demo: encode manifest: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestName), append(manifest, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("demo: write manifest: %w", err)
	}
	return files, nil
}

// encode renders s in format and, for txt, in the text encoding.
func encode(s Spec, format, encoding string) ([]byte, error) {
	switch format {
	case "docx":
		return ReportDocx(s)
	case "txt":
		b := ReportTxt(s)
		switch encoding {
		case "", "utf-8":
			return b, nil
		case "utf-8-bom":
			return append([]byte("\xEF\xBB\xBF"), b...), nil
		case "gb18030":
			// GBK bytes, which every GB18030 decoder reads; the encoder fails on
			// a character GBK lacks instead of writing a replacement.
			out, err := simplifiedchinese.GBK.NewEncoder().Bytes(b)
			if err != nil {
				return nil, fmt.Errorf("encode GBK: %w", err)
			}
			return out, nil
		}
		return nil, fmt.Errorf("unknown text encoding %q", encoding)
	}
	return nil, errors.New("unknown format " + format)
}

// GenerateSpec is the report behind Generate(i): unit i mod the number of
// profiles, fiscal year 2019 + (i / profiles) mod 5, figures perturbed by i and
// a report number that makes every i distinct. No defects are planted.
func GenerateSpec(i int) Spec {
	u := uint(i) // negative i wraps instead of indexing out of range
	pi := int(u % uint(len(profiles)))
	year := 2019 + int(u/uint(len(profiles))%5)
	s := build(pi, year, uint64(u)+1, buildOpts{})
	s.Serial = fmt.Sprintf("XXJX-%d-%s-%06d", year, s.Slug, i)
	return s
}

// Generate returns the i-th synthetic report for benchmarks: docx for even i,
// UTF-8 txt for odd i, distinct bytes for every i. It is cheap (well under a
// millisecond) so that 10,000 reports can be made on the fly.
func Generate(i int) (name string, data []byte) {
	s := GenerateSpec(i)
	if uint(i)%2 == 0 {
		data, err := renderDocx(&s, zip.Store, true)
		if err == nil {
			return fmt.Sprintf("gen_%06d_%s_%d.docx", i, s.Slug, s.Year), data
		}
		// Writing to memory cannot fail; fall back to txt rather than return nothing.
	}
	return fmt.Sprintf("gen_%06d_%s_%d.txt", i, s.Slug, s.Year), renderTxt(&s, true)
}
