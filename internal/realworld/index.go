// Package realworld holds the measurement of the parser against reports as
// units really publish them: the index of real published reports (facts only:
// source address, province, year, layout families and the figures a careful
// reader finds), the expected figures of the project's own look-alike
// fixtures, and the comparison that turns a parsed report into recall and
// precision per layout family and per format.
//
// The published texts themselves are not in the repository (their sentences
// are not ours to copy): the index names each by id and the harness in
// package etl reads them from a scratch folder when JIXIAO_REALWORLD_DIR
// points at one. The fixtures under etl/testdata/realworld/fixtures are our
// own wording and numbers in the same structures.
//
// Every file is decoded strictly (unknown fields and unknown figure keys are
// errors): a misspelt key would otherwise silently drop a figure from the
// measurement.
package realworld

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Document types, as the report contract spells them (report.Document*).
var documentTypes = []string{"department", "project", "final_accounts", "other"}

// Levels of government a document comes from.
var levels = []string{"province", "city", "county", "unknown"}

// Document is one real published report in the index.
type Document struct {
	ID string `yaml:"id"`
	// File is the saved text's name inside the scratch folder.
	File   string `yaml:"file"`
	Source string `yaml:"source"`
	// Province is the province-level region ("湖南"); "" when the page does not say.
	Province string `yaml:"province"`
	Level    string `yaml:"level"`
	// FiscalYear is the evaluated year.
	FiscalYear int    `yaml:"fiscal_year"`
	Type       string `yaml:"type"`
	// Format is how the document was published (html, pdf, doc, xls, docx).
	Format   string   `yaml:"format"`
	Families []string `yaml:"families"`
	// Excerpt is true when the saved text is only a part of the published
	// document (the beginning of a page, a quoted table).
	Excerpt bool `yaml:"excerpt"`
	// Exhaustive is true when Figures lists every measured figure the saved
	// text holds, so a figure the parser returns beyond them is wrong;
	// otherwise such a figure is only listed as unverified.
	Exhaustive bool    `yaml:"exhaustive"`
	Figures    Figures `yaml:"figures"`
	// Recorded are figures a reader finds that the report contract has no
	// field for yet (调整后预算, 预算执行数 …): kept as facts, not measured.
	Recorded Figures `yaml:"recorded"`
	Notes    string  `yaml:"notes"`
}

// Index is the committed list of real documents.
type Index struct {
	Documents []Document `yaml:"documents"`
}

// Golden is the expected result of one of our own fixtures.
type Golden struct {
	// Type is the document type the fixture is (department, project, …).
	Type     string  `yaml:"type"`
	Figures  Figures `yaml:"figures"`
	Recorded Figures `yaml:"recorded"`
	Notes    string  `yaml:"notes"`
}

// Figures maps a figure key (see Keys) to its value as written in the YAML:
// money in 万元, percentages in percent, counts as numbers, names and grades
// as text ("A|B" when the text names the same thing both ways).
type Figures map[string]string

// decodeStrict decodes one YAML document, refusing unknown fields and
// trailing documents.
func decodeStrict(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return err
	}
	var extra any
	if err := dec.Decode(&extra); err == nil {
		return errors.New("more than one YAML document")
	}
	return nil
}

// LoadIndex reads and checks the index file.
func LoadIndex(path string) (*Index, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read index: %w", err)
	}
	return ParseIndex(data)
}

// ParseIndex decodes and checks an index.
func ParseIndex(data []byte) (*Index, error) {
	var ix Index
	if err := decodeStrict(data, &ix); err != nil {
		return nil, fmt.Errorf("decode index: %w", err)
	}
	seen := map[string]bool{}
	for i, d := range ix.Documents {
		if err := d.check(); err != nil {
			return nil, fmt.Errorf("index document %d (%s): %w", i+1, d.ID, err)
		}
		if seen[d.ID] {
			return nil, fmt.Errorf("index document %d: id %s appears twice", i+1, d.ID)
		}
		seen[d.ID] = true
	}
	return &ix, nil
}

func (d Document) check() error {
	switch {
	case d.ID == "" || strings.ContainsAny(d.ID, "/\\ "):
		return errors.New("id must be a non-empty name without slashes or spaces")
	case d.File == "" || filepath.Base(d.File) != d.File:
		return errors.New("file must be a bare file name")
	case !strings.HasPrefix(d.Source, "http://") && !strings.HasPrefix(d.Source, "https://"):
		return errors.New("source must be the page's address")
	case !slices.Contains(levels, d.Level):
		return fmt.Errorf("level %q is not one of %v", d.Level, levels)
	case d.FiscalYear != 0 && (d.FiscalYear < 2010 || d.FiscalYear > 2030):
		return fmt.Errorf("fiscal year %d out of range", d.FiscalYear)
	case !slices.Contains(documentTypes, d.Type):
		return fmt.Errorf("type %q is not one of %v", d.Type, documentTypes)
	case d.Format == "":
		return errors.New("format (how it was published) is required")
	case len(d.Families) == 0:
		return errors.New("at least one layout family is required")
	}
	for _, f := range d.Families {
		if !slices.Contains(Families, f) {
			return fmt.Errorf("unknown layout family %q", f)
		}
	}
	if err := d.Figures.check(); err != nil {
		return err
	}
	if fy, ok := d.Figures["fiscal_year"]; ok && fy != strconv.Itoa(d.FiscalYear) {
		return fmt.Errorf("figure fiscal_year %s disagrees with the document's fiscal_year %d", fy, d.FiscalYear)
	}
	return d.Recorded.checkRecorded()
}

// LoadGolden reads the expected figures of one fixture.
func LoadGolden(path string) (*Golden, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read golden: %w", err)
	}
	var g Golden
	if err := decodeStrict(data, &g); err != nil {
		return nil, fmt.Errorf("decode golden %s: %w", filepath.Base(path), err)
	}
	if !slices.Contains(documentTypes, g.Type) {
		return nil, fmt.Errorf("golden %s: type %q is not one of %v", filepath.Base(path), g.Type, documentTypes)
	}
	if err := g.Figures.check(); err != nil {
		return nil, fmt.Errorf("golden %s: %w", filepath.Base(path), err)
	}
	if err := g.Recorded.checkRecorded(); err != nil {
		return nil, fmt.Errorf("golden %s: %w", filepath.Base(path), err)
	}
	return &g, nil
}

// Fixture is one of our own look-alike files and its expected figures.
type Fixture struct {
	Family string // the directory it lives in
	Path   string
	Golden *Golden
}

// GoldenSuffix is what a fixture's expected-figures file adds to its name
// (report.txt → report.txt.golden.yaml).
const GoldenSuffix = ".golden.yaml"

// LoadFixtures lists dir/<family>/<file> with its <file>.golden.yaml beside it.
// A family directory that is not a known family, or a fixture without a
// golden (or a golden without its fixture), is an error.
func LoadFixtures(dir string) ([]Fixture, error) {
	fams, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read fixtures: %w", err)
	}
	var out []Fixture
	for _, fam := range fams {
		if !fam.IsDir() {
			continue
		}
		if !slices.Contains(Families, fam.Name()) {
			return nil, fmt.Errorf("fixtures: %s is not a known layout family", fam.Name())
		}
		files, err := os.ReadDir(filepath.Join(dir, fam.Name()))
		if err != nil {
			return nil, fmt.Errorf("read fixtures: %w", err)
		}
		names := map[string]bool{}
		for _, f := range files {
			names[f.Name()] = true
		}
		for _, f := range files {
			name := f.Name()
			if base, ok := strings.CutSuffix(name, GoldenSuffix); ok {
				if !names[base] {
					return nil, fmt.Errorf("fixtures: %s/%s has no fixture beside it", fam.Name(), name)
				}
				continue
			}
			if !names[name+GoldenSuffix] {
				return nil, fmt.Errorf("fixtures: %s/%s has no %s beside it", fam.Name(), name, GoldenSuffix)
			}
			g, err := LoadGolden(filepath.Join(dir, fam.Name(), name+GoldenSuffix))
			if err != nil {
				return nil, err
			}
			out = append(out, Fixture{Family: fam.Name(), Path: filepath.Join(dir, fam.Name(), name), Golden: g})
		}
	}
	return out, nil
}
