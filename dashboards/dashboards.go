// Package dashboards holds the dashboards as code (DESIGN §11): one YAML file
// per dashboard (id, Chinese title, filters, panels — each a query over the
// documented views or the per-year aggregates, a chart type and its fields),
// embedded in the binary and decoded strictly, so a typo stops the server
// with the file, line and field named instead of drawing an empty chart.
// Running the queries is the warehouse's job (sql.DB.Panel); this package
// only knows the definitions.
package dashboards

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed *.yaml
var files embed.FS

// Filters a dashboard may offer, as URL query parameters.
var Filters = []string{"unit", "region", "year", "from", "to"}

// Charts a panel may use.
// similarity lists v_reuse rows; choosing one shows the two texts side by
// side with the copied sentences highlighted (GET /evaluations/{id}/reuse).
var Charts = []string{"kpi", "line", "bar", "stacked_bar", "bar_line", "pie", "heatmap", "table", "similarity"}

// Dashboard is one dashboard definition.
type Dashboard struct {
	ID          string   `yaml:"id" json:"id"`
	Title       string   `yaml:"title" json:"title"`
	Description string   `yaml:"description" json:"description"`
	Filters     []string `yaml:"filters" json:"filters"`
	// Required filters must be given (or are defaulted by the server, e.g.
	// the first unit in the caller's scope).
	Required []string `yaml:"required" json:"required,omitempty"`
	Panels   []Panel  `yaml:"panels" json:"panels"`
	// File is where the definition came from (for messages).
	File string `yaml:"-" json:"-"`
}

// Panel is one chart or table of a dashboard.
type Panel struct {
	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
	Chart string `yaml:"chart" json:"chart"`
	// X, Y and Series name result columns: the category axis, the plotted
	// values and the column that splits rows into series.
	X      string   `yaml:"x" json:"x,omitempty"`
	Y      []string `yaml:"y" json:"y,omitempty"`
	Series string   `yaml:"series" json:"series,omitempty"`
	// Fields are the columns a table or key-figure panel shows, in order.
	Fields []string `yaml:"fields" json:"fields,omitempty"`
	// Labels are Chinese names for columns or values; Units the measure unit
	// of a column (万元, %, 分, 个 …).
	Labels map[string]string `yaml:"labels" json:"labels,omitempty"`
	Units  map[string]string `yaml:"units" json:"units,omitempty"`
	Query  string            `yaml:"query" json:"-"`
	line   int
}

// Set is every dashboard, in id order.
type Set struct {
	list []*Dashboard
}

// Load reads and checks the embedded dashboards.
func Load() (*Set, error) {
	return LoadFS(files, ".")
}

// LoadFS reads and checks every *.yaml file in dir of fsys (tests use it for
// bad definitions).
func LoadFS(fsys fs.FS, dir string) (*Set, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("看板定义：%w", err)
	}
	sort.Strings(names)
	s := &Set{}
	seen := map[string]string{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("看板定义 %s：%w", name, err)
		}
		d, err := decode(path.Base(name), b)
		if err != nil {
			return nil, err
		}
		if other, ok := seen[d.ID]; ok {
			return nil, fmt.Errorf("看板定义 %s：id %q 与 %s 重复", d.File, d.ID, other)
		}
		seen[d.ID] = d.File
		s.list = append(s.list, d)
	}
	if len(s.list) == 0 {
		return nil, errors.New("看板定义：没有找到任何 *.yaml 文件")
	}
	sort.Slice(s.list, func(i, j int) bool { return s.list[i].ID < s.list[j].ID })
	return s, nil
}

// decode reads one file strictly: unknown fields, missing ones and bad values
// are errors naming the file, line and field.
func decode(file string, b []byte) (*Dashboard, error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("看板定义 %s：YAML 格式错误：%w", file, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("看板定义 %s：一个文件只能定义一个看板", file)
	}
	d := &Dashboard{File: file}
	dec = yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(d); err != nil {
		return nil, fmt.Errorf("看板定义 %s：%w", file, err)
	}
	d.File = file
	if len(root.Content) == 1 {
		markLines(d, root.Content[0])
	}
	if err := d.check(); err != nil {
		return nil, err
	}
	return d, nil
}

// markLines records each panel's line for later messages (e.g. a query
// column that does not exist).
func markLines(d *Dashboard, doc *yaml.Node) {
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value != "panels" {
			continue
		}
		for j, p := range doc.Content[i+1].Content {
			if j < len(d.Panels) {
				d.Panels[j].line = p.Line
			}
		}
	}
}

var idRe = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func (d *Dashboard) errf(format string, args ...any) error {
	return fmt.Errorf("看板定义 %s：%s", d.File, fmt.Sprintf(format, args...))
}

func (d *Dashboard) check() error {
	switch {
	case !idRe.MatchString(d.ID):
		return d.errf("字段 id 必须是小写字母、数字和下划线（现为 %q）", d.ID)
	case strings.TrimSpace(d.Title) == "":
		return d.errf("字段 title（中文标题）不能为空")
	case len(d.Panels) == 0:
		return d.errf("字段 panels 至少要有一个图表")
	}
	for _, f := range d.Filters {
		if !slices.Contains(Filters, f) {
			return d.errf("字段 filters 中的 %q 不是可用的筛选条件（可用：%s）", f, strings.Join(Filters, "、"))
		}
	}
	for _, f := range d.Required {
		if !slices.Contains(d.Filters, f) {
			return d.errf("字段 required 中的 %q 不在 filters 中", f)
		}
	}
	ids := map[string]bool{}
	for i := range d.Panels {
		p := &d.Panels[i]
		where := fmt.Sprintf("第 %d 行，图表 %q", p.line, p.ID)
		switch {
		case !idRe.MatchString(p.ID):
			return d.errf("第 %d 行：图表字段 id 必须是小写字母、数字和下划线（现为 %q）", p.line, p.ID)
		case ids[p.ID]:
			return d.errf("%s：id 重复", where)
		case strings.TrimSpace(p.Title) == "":
			return d.errf("%s：字段 title 不能为空", where)
		case !slices.Contains(Charts, p.Chart):
			return d.errf("%s：字段 chart 的值 %q 不是可用的图表类型（可用：%s）", where, p.Chart, strings.Join(Charts, "、"))
		case strings.TrimSpace(p.Query) == "":
			return d.errf("%s：字段 query 不能为空", where)
		case p.Chart == "table" || p.Chart == "kpi" || p.Chart == "similarity":
			if len(p.Fields) == 0 {
				return d.errf("%s：表格和关键数字需要字段 fields", where)
			}
		default:
			if p.X == "" || len(p.Y) == 0 {
				return d.errf("%s：图表需要字段 x 和 y", where)
			}
		}
		ids[p.ID] = true
	}
	return nil
}

// List is every dashboard, in id order.
func (s *Set) List() []*Dashboard { return s.list }

// Get is the dashboard with that id.
func (s *Set) Get(id string) (*Dashboard, bool) {
	for _, d := range s.list {
		if d.ID == id {
			return d, true
		}
	}
	return nil, false
}

// Columner tells the result columns of a panel query (the warehouse does, by
// planning the query without running it).
type Columner interface {
	PanelColumns(ctx context.Context, query string) ([]string, error)
}

// Check plans every panel's query against the warehouse: a view or column
// that does not exist, or a field the query does not return, is an error
// naming the file, the line and the field. The server runs it at start.
func (s *Set) Check(ctx context.Context, c Columner) error {
	for _, d := range s.list {
		for _, p := range d.Panels {
			where := fmt.Sprintf("第 %d 行，图表 %q", p.line, p.ID)
			cols, err := c.PanelColumns(ctx, p.Query)
			if err != nil {
				return d.errf("%s：字段 query 无法执行：%v", where, err)
			}
			fields := append(append([]string{p.X, p.Series}, p.Y...), p.Fields...)
			for _, f := range fields {
				if f != "" && !slices.Contains(cols, f) {
					return d.errf("%s：查询结果中没有列 %q（有：%s）", where, f, strings.Join(cols, "、"))
				}
			}
		}
	}
	return nil
}
