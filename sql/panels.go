package sql

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// PanelFilter narrows a dashboard panel (the dashboard's URL filters). Zero
// values mean "not set".
type PanelFilter struct {
	Unit, Region   string
	Year, From, To int
}

// A dashboard panel's query reads relations by their documented names; Panel
// runs it under CTEs of the same names that keep only the caller's scope and
// the dashboard's filters. The query therefore needs no placeholders and cannot
// forget the scope — and it may read nothing else (checked by relationRefs).
type shadow struct {
	// base yields the relation with `unit` (canonical name) and, when years
	// is set, `fiscal_year` columns; "" for relations a scoped caller must not
	// see at all (ledgers of the whole warehouse).
	base  string
	years bool
}

var shadows = map[string]shadow{
	"v_evaluations":      {base: "SELECT * FROM main.v_evaluations", years: true},
	"v_indicator_scores": {base: "SELECT * FROM main.v_indicator_scores", years: true},
	"v_level_scores":     {base: "SELECT * FROM main.v_level_scores", years: true},
	"v_findings":         {base: "SELECT * FROM main.v_findings", years: true},
	"v_measures":         {base: "SELECT * FROM main.v_measures", years: true},
	"v_trends":           {base: "SELECT * FROM main.v_trends", years: true},
	"v_targets":          {base: "SELECT * FROM main.v_targets", years: true},
	"v_coverage":         {base: "SELECT * FROM main.v_coverage", years: true},
	// The source report of a reuse row may be another unit's: a panel names it
	// only as 本单位上年 / 同年其他单位 (the API's reuse route shows it in scope).
	"v_reuse":         {base: "SELECT * EXCLUDE (source_unit, source_evaluation_id) FROM main.v_reuse", years: true},
	"v_peer_outliers": {base: "SELECT * FROM main.v_peer_outliers", years: true},
	"events": {base: `SELECT x.*, e.unit, e.fiscal_year FROM main.events x
		JOIN main.v_evaluations e ON e.evaluation_id = x.document_id`, years: true},
	"metrics": {base: `SELECT x.*, e.unit, e.fiscal_year FROM main.metrics x
		JOIN main.v_evaluations e ON e.evaluation_id = x.document_id`, years: true},
	"units": {base: "SELECT unit_id, canonical_name AS unit, region, parent FROM main.units"},
	// A loaded file's unit is its document's (the scope reads it). A
	// quarantined file's type, unit and year are what its refusal named
	// (etl_file_identity): shown, never scoped by — the text of a refused
	// file is not a unit's word.
	"etl_files": {base: `SELECT f.*, u.canonical_name AS unit, i.document_type, i.unit AS named_unit, i.fiscal_year AS named_fiscal_year FROM main.etl_files f
		LEFT JOIN main.documents d ON d.document_id = f.document_id LEFT JOIN main.units u ON u.unit_id = d.unit_id
		LEFT JOIN main.etl_file_identity i ON i.run_id = f.run_id AND i.file_name = f.file_name`},
	"etl_runs":   {},
	"agg_yearly": {},
}

// PanelRelations are the relations a panel query may read.
func PanelRelations() []string {
	out := make([]string, 0, len(shadows))
	for k := range shadows {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var (
	refRe = regexp.MustCompile(`(?i)\b(?:from|join)\s+([a-z_][a-z0-9_.]*)`)
	cteRe = regexp.MustCompile(`(?i)(?:\bwith|,)\s*([a-z_][a-z0-9_]*)\s+as\s*(?:not\s+)?(?:materialized\s*)?\(`)
)

// relationRefs lists the relations q reads after FROM and JOIN, refusing any
// that is neither a panel relation nor one of q's own CTEs.
func relationRefs(q string) ([]string, error) {
	ctes := map[string]bool{}
	for _, m := range cteRe.FindAllStringSubmatch(q, -1) {
		ctes[strings.ToLower(m[1])] = true
	}
	var out []string
	for _, m := range refRe.FindAllStringSubmatch(q, -1) {
		name := strings.ToLower(m[1])
		if ctes[name] {
			continue
		}
		if _, ok := shadows[name]; !ok {
			return nil, fmt.Errorf("查询只能读取 %s（不能读取 %s）", strings.Join(PanelRelations(), "、"), m[1])
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out, nil
}

// panelSQL wraps q in the scoping CTEs of the relations it reads.
func panelSQL(q string, s Scope, f PanelFilter) (string, []any, error) {
	q = strings.TrimSuffix(strings.TrimSpace(q), ";")
	refs, err := relationRefs(q)
	if err != nil {
		return "", nil, err
	}
	narrowed := !s.All() || f.Unit != "" || f.Region != ""
	if slices.Contains(refs, "agg_yearly") && narrowed {
		// The scoped recomputation reads these three views (scoped below).
		for _, v := range []string{"v_evaluations", "v_measures", "v_findings"} {
			if !slices.Contains(refs, v) {
				refs = append(refs, v)
			}
		}
	}
	var ctes []string
	var args []any
	for _, name := range refs {
		sh := shadows[name]
		var body string
		var a []any
		switch {
		case name == "agg_yearly" && narrowed:
			body = aggYearly
		case name == "agg_yearly":
			body = "SELECT * FROM main.agg_yearly WHERE " + yearConds(f, &a)
		case sh.base == "":
			body = "SELECT * FROM main." + name + " WHERE " + map[bool]string{true: "true", false: "false"}[s.All()]
		default:
			cond, sa := scopeCond(s, "unit")
			conds := []string{cond}
			a = append(a, sa...)
			if f.Unit != "" {
				conds, a = append(conds, "unit = ?"), append(a, f.Unit)
			}
			if f.Region != "" {
				conds, a = append(conds, "unit IN (SELECT canonical_name FROM main.units WHERE region = ?)"), append(a, f.Region)
			}
			if sh.years {
				conds = append(conds, yearConds(f, &a))
			}
			body = "SELECT * FROM (" + sh.base + ") WHERE " + strings.Join(conds, " AND ")
		}
		ctes = append(ctes, name+" AS ("+body+")")
		args = append(args, a...)
	}
	// agg_yearly's recomputation must come after the views it reads.
	sort.SliceStable(ctes, func(i, j int) bool {
		return !strings.HasPrefix(ctes[i], "agg_yearly") && strings.HasPrefix(ctes[j], "agg_yearly")
	})
	if len(ctes) == 0 {
		return q, nil, nil
	}
	head := "WITH " + strings.Join(ctes, ",\n")
	if rest, ok := cutPrefixFold(q, "WITH "); ok {
		return head + ",\n" + rest, args, nil
	}
	return head + "\n" + q, args, nil
}

func yearConds(f PanelFilter, args *[]any) string {
	conds := []string{"true"}
	for _, c := range []struct {
		v  int
		op string
	}{{f.Year, "="}, {f.From, ">="}, {f.To, "<="}} {
		if c.v != 0 {
			conds = append(conds, "fiscal_year "+c.op+" ?")
			*args = append(*args, c.v)
		}
	}
	return strings.Join(conds, " AND ")
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// PanelData is a panel's result: column names and rows of JSON-ready values
// (exact decimals, see exactValue), at most PanelRowCap rows.
type PanelData struct {
	Columns   []string `json:"columns"`
	Rows      [][]any  `json:"rows"`
	Truncated bool     `json:"truncated"`
}

// PanelRowCap bounds a panel's rows: a chart of more is unreadable and its
// answer too heavy for a leadership dashboard; panels aggregate or LIMIT.
const PanelRowCap = 1000

// Panel runs a dashboard panel's query inside the scope and filters.
func (w *DB) Panel(ctx context.Context, q string, s Scope, f PanelFilter) (*PanelData, error) {
	text, args, err := panelSQL(q, s, f)
	if err != nil {
		return nil, err
	}
	out := &PanelData{Rows: [][]any{}}
	out.Columns, err = w.scanRows(ctx, text, args, func(v []any) {
		if len(out.Rows) < PanelRowCap {
			out.Rows = append(out.Rows, v)
		} else {
			out.Truncated = true
		}
	})
	if err != nil {
		return nil, fmt.Errorf("panel: %w", err)
	}
	return out, nil
}

// PanelColumns plans a panel query (scoped to nothing, so it reads no rows)
// and returns its result columns; an unknown relation or column is an error.
func (w *DB) PanelColumns(ctx context.Context, q string) ([]string, error) {
	text, args, err := panelSQL(q, Scope{Unit: "\x00"}, PanelFilter{})
	if err != nil {
		return nil, err
	}
	rows, err := w.db.QueryContext(ctx, "SELECT * FROM ("+text+") LIMIT 0", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Columns()
}
