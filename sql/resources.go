package sql

import (
	"context"
	"fmt"
	"strings"
)

// Scope restricts an answer to one region (e.g. 湘西州) or one unit (its
// canonical name); the zero Scope sees everything. Every read resource takes
// one, and it is applied in SQL, so a scoped caller's rows never reach Go.
type Scope struct {
	Region string
	Unit   string
}

// All reports whether the scope is unrestricted.
func (s Scope) All() bool { return s.Region == "" && s.Unit == "" }

// Col is one column of a read resource: its JSON name, the SQL that yields it,
// its JSON type (string, integer, number, boolean, array) and a Chinese title.
// The same list drives the SELECT, the JSON objects and the OpenAPI schema.
type Col struct {
	Name  string
	Expr  string // "" means the column of the same name
	Type  string
	Title string
	// Sort marks the column as a sort key clients may ask for.
	Sort bool
}

// Filter is one query parameter a resource accepts and the condition it adds
// (with one ? for the value).
type Filter struct {
	Param string
	Cond  string
	Type  string // string or integer
	Title string
}

// Resource is a read-only listing over one documented view.
type Resource struct {
	Name    string
	From    string
	Cols    []Col
	Filters []Filter
	// Order is the default ORDER BY (also the tie-breaker after a client's sort).
	Order string
	// unitCol is the column holding the canonical unit name, for scopes.
	unitCol string
}

// Filter returns the filter named p.
func (r *Resource) Filter(p string) (Filter, bool) {
	for _, f := range r.Filters {
		if f.Param == p {
			return f, true
		}
	}
	return Filter{}, false
}

// Col returns the column named n.
func (r *Resource) Col(n string) (Col, bool) {
	for _, c := range r.Cols {
		if c.Name == n {
			return c, true
		}
	}
	return Col{}, false
}

// SortKey is one client sort key, already checked against the resource's
// sortable columns.
type SortKey struct {
	Col  string
	Desc bool
}

// ListQuery is a listing request: filter values by parameter, sort, page.
type ListQuery struct {
	Scope   Scope
	Filters map[string]any
	Sort    []SortKey
	Page    int // 1-based
	PerPage int
}

// Listing is one page of a resource with the total number of matching rows.
type Listing struct {
	Total   int64 `json:"total"`
	Page    int   `json:"page"`
	PerPage int   `json:"per_page"`
	Items   []Row `json:"items"`
}

// Common filters.
var (
	filterUnit   = Filter{Param: "unit", Cond: "unit = ?", Type: "string", Title: "单位（规范名称）"}
	filterRegion = Filter{Param: "region", Cond: "unit IN (SELECT canonical_name FROM main.units WHERE region = ?)", Type: "string", Title: "地区（如 湘西州）"}
	filterYear   = Filter{Param: "year", Cond: "fiscal_year = ?", Type: "integer", Title: "年度"}
	filterFrom   = Filter{Param: "from", Cond: "fiscal_year >= ?", Type: "integer", Title: "起始年度（含）"}
	filterTo     = Filter{Param: "to", Cond: "fiscal_year <= ?", Type: "integer", Title: "截止年度（含）"}
)

// scopeCond is the SQL condition (and its arguments) keeping the rows of a
// relation whose canonical unit name is in col inside the scope.
func scopeCond(s Scope, col string) (string, []any) {
	switch {
	case s.Unit != "":
		return col + " = ?", []any{s.Unit}
	case s.Region != "":
		return col + " IN (SELECT canonical_name FROM main.units WHERE region = ?)", []any{s.Region}
	}
	return "true", nil
}

// List answers one page of the resource. Filters and sort keys must already
// be checked against the resource (the API does, with messages for users);
// an unknown one here is a programming error.
func (w *DB) List(ctx context.Context, r *Resource, q ListQuery) (*Listing, error) {
	where, args := scopeCond(q.Scope, r.unitColumn())
	conds := []string{where}
	for _, f := range r.Filters {
		v, ok := q.Filters[f.Param]
		if !ok {
			continue
		}
		conds = append(conds, f.Cond)
		args = append(args, v)
	}
	for p := range q.Filters {
		if _, ok := r.Filter(p); !ok {
			return nil, fmt.Errorf("list %s: unknown filter %q", r.Name, p)
		}
	}
	var order []string
	for _, k := range q.Sort {
		c, ok := r.Col(k.Col)
		if !ok || !c.Sort {
			return nil, fmt.Errorf("list %s: column %q is not sortable", r.Name, k.Col)
		}
		dir := " ASC NULLS LAST"
		if k.Desc {
			dir = " DESC NULLS LAST"
		}
		order = append(order, c.Name+dir)
	}
	if r.Order != "" {
		order = append(order, r.Order)
	}
	if q.PerPage <= 0 {
		q.PerPage = 100
	}
	if q.Page <= 0 {
		q.Page = 1
	}
	sel := make([]string, len(r.Cols))
	for i, c := range r.Cols {
		if c.Expr != "" {
			sel[i] = c.Expr + " AS " + c.Name
		} else {
			sel[i] = c.Name
		}
	}
	// count(*) OVER () gives the total with the page in one scan of the view.
	text := fmt.Sprintf("SELECT %s, count(*) OVER () AS jx_total FROM %s WHERE %s ORDER BY %s LIMIT %d OFFSET %d",
		strings.Join(sel, ", "), r.From, strings.Join(conds, " AND "), strings.Join(order, ", "),
		q.PerPage, (q.Page-1)*q.PerPage)
	out := &Listing{Page: q.Page, PerPage: q.PerPage, Items: []Row{}}
	_, err := w.scanRows(ctx, text, args, func(vals []any) {
		out.Total = toInt64(vals[len(vals)-1])
		out.Items = append(out.Items, newRow(r.Cols, vals[:len(vals)-1]))
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", r.Name, err)
	}
	if len(out.Items) == 0 && q.Page > 1 {
		// The page is past the end: the total still tells the client how far to go.
		n, err := w.count(ctx, r.From, strings.Join(conds, " AND "), args)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", r.Name, err)
		}
		out.Total = n
	}
	return out, nil
}

func (r *Resource) unitColumn() string {
	if r.unitCol != "" {
		return r.unitCol
	}
	return "unit"
}

func (w *DB) count(ctx context.Context, from, where string, args []any) (int64, error) {
	var n int64
	err := w.db.QueryRowContext(ctx, "SELECT count(*) FROM "+from+" WHERE "+where, args...).Scan(&n)
	return n, err
}

// scanRows runs q, hands each row's converted values to each and returns the
// result's column names.
func (w *DB) scanRows(ctx context.Context, q string, args []any, each func([]any)) ([]string, error) {
	rows, err := w.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			vals[i] = exactValue(v)
		}
		each(vals)
	}
	return cols, rows.Err()
}

func toInt64(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int32:
		return int64(x)
	case int:
		return int64(x)
	}
	return 0
}
