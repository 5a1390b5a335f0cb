package sql

import (
	"context"
	gosql "database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"jixiao/report"
)

// aliasRef is one unit a name belongs to, within a region ("" : unknown).
// bare marks a name the report wrote without its locality (the 县财政局 of a
// report titled 凤凰县财政局…): it identifies no unit on its own.
type aliasRef struct {
	region string
	unit   int64
	bare   bool
}

// unitName is a unit's canonical name and the fiscal year of the report that
// gave it (0: none).
type unitName struct {
	name string
	year int
}

// identity is who a report says its unit is: region + names.
type identity struct {
	region  string
	display string            // the name the unit is known by
	strong  map[string]string // names that identify the unit → source (report | rename)
	bare    []string          // names written without their locality
}

// identityOf reads a report's unit. When the title's full name is the
// canonical name with a locality in front (凤凰县 + 县财政局), the full name
// identifies the unit and the signed name is bare; former names get the same
// locality (县国土局 → 凤凰县国土局), so a county unit's renames chain too.
func identityOf(u report.Unit) identity {
	name := strings.TrimSpace(u.Name)
	canonical := strings.TrimSpace(u.CanonicalName)
	if canonical == "" {
		canonical = name
	}
	full := strings.TrimSpace(u.FullName)
	id := identity{region: strings.TrimSpace(u.Region), strong: map[string]string{}}
	prefix := ""
	if full != "" && canonical != "" && len(full) > len(canonical) && strings.HasSuffix(full, canonical) {
		prefix = strings.TrimSuffix(full, canonical)
	}
	if prefix != "" {
		id.display = full
		id.strong[full] = "report"
		for _, n := range []string{canonical, name} {
			if n != "" && !slices.Contains(id.bare, n) {
				id.bare = append(id.bare, n)
			}
		}
	} else {
		id.display = canonical
		if id.display == "" {
			id.display = full
		}
		for _, n := range []string{canonical, name, full} {
			if n != "" {
				id.strong[n] = "report"
			}
		}
	}
	if id.display == "" {
		return identity{}
	}
	for _, f := range u.FormerNames {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if prefix != "" && !strings.HasPrefix(f, prefix) {
			f = prefix + f
		}
		if id.strong[f] == "" {
			id.strong[f] = "rename"
		}
	}
	return id
}

// match finds the units a report's names identify: the name in the report's
// region; else a unit known by that name without a region; else, for a
// report without a region, the one unit known by the name in any region.
// Several units under one name (two regions, or two units' bare name) are
// returned as ambiguous, never merged. When no name identifies a unit, a
// name that is one unit's bare name attaches to it.
func (wr *writer) match(id identity) (found, ambiguous []int64) {
	add := func(s []int64, ids ...int64) []int64 {
		for _, x := range ids {
			if !slices.Contains(s, x) {
				s = append(s, x)
			}
		}
		return s
	}
	for _, n := range sortedKeys(id.strong) {
		refs := wr.aliases[n]
		var exact, loose, elsewhere []int64
		for _, a := range refs {
			switch {
			case a.bare:
			case a.region == id.region:
				exact = add(exact, a.unit)
			case a.region == "" || id.region == "":
				loose = add(loose, a.unit)
			default:
				elsewhere = add(elsewhere, a.unit)
			}
		}
		switch {
		case len(exact) > 0:
			found = add(found, exact...)
		case len(loose) == 1:
			found = add(found, loose...)
		case len(loose) > 1:
			ambiguous = add(ambiguous, loose...)
		case len(elsewhere) > 1:
			// Known in several other regions (县财政局 of two counties) and
			// this report's region (the prefecture's) is none of them.
			ambiguous = add(ambiguous, elsewhere...)
		}
	}
	var bare []int64
	for _, n := range sortedKeys(id.strong) {
		for _, a := range wr.aliases[n] {
			if a.bare && (a.region == id.region || a.region == "" || id.region == "") {
				bare = add(bare, a.unit)
			}
		}
	}
	if len(found) == 0 && len(ambiguous) == 0 && len(bare) == 1 {
		return bare, nil
	}
	if len(found) == 0 && len(ambiguous) == 0 && len(id.bare) > 0 {
		// A titled report (凤凰县财政局) of a unit whose earlier reports had
		// no title and are known only by the bare name: that unit, unless it
		// already has a full name of its own (another county's).
		var cands []int64
		for _, b := range id.bare {
			for _, a := range wr.aliases[b] {
				if !a.bare && (a.region == id.region || a.region == "" || id.region == "") && !wr.hasFullName(a.unit, b) {
					cands = add(cands, a.unit)
				}
			}
		}
		if len(cands) == 1 {
			return cands, nil
		}
		ambiguous = add(ambiguous, cands...)
	}
	for _, u := range bare {
		if !slices.Contains(found, u) {
			ambiguous = add(ambiguous, u)
		}
	}
	slices.Sort(found)
	return found, ambiguous
}

// hasFullName reports whether unit has a name that qualifies bare (a longer
// name ending with it). It scans every alias: it runs only when a titled
// report's full name is new and its bare name is known.
func (wr *writer) hasFullName(unit int64, bare string) bool {
	for name, refs := range wr.aliases {
		if len(name) <= len(bare) || !strings.HasSuffix(name, bare) {
			continue
		}
		for _, a := range refs {
			if a.unit == unit && !a.bare {
				return true
			}
		}
	}
	return false
}

// resolveUnit finds or creates the unit a report belongs to (unit_aliases:
// its names within its region, and every former name it records). Names that
// resolve to several units of the region (a rename seen after both names were
// loaded) merge them into the oldest. It returns 0 when the report names no
// unit, the findings identity raised, and a function to run after the load.
func (wr *writer) resolveUnit(ctx context.Context, r *report.Report, now time.Time) (int64, []report.Finding, func(), error) {
	noop := func() {}
	id := identityOf(r.Unit)
	if id.display == "" {
		return 0, nil, noop, nil
	}
	found, ambiguous := wr.match(id)
	var findings []report.Finding
	if len(ambiguous) > 0 {
		findings = append(findings, wr.ambiguity(id, r.Unit, ambiguous))
	}
	var unitID int64
	merged := false
	if len(found) == 0 {
		unitID = wr.nextUID
		var year any
		if r.FiscalYear > 0 {
			year = int32(r.FiscalYear)
		}
		if err := appendRow(wr.apps["units"], []any{unitID, id.display, nullString(id.region), nullString(r.Unit.Parent), now, year}); err != nil {
			return 0, nil, nil, err
		}
		wr.names[unitID] = unitName{id.display, r.FiscalYear}
	} else {
		unitID = found[0]
		for _, other := range found[1:] {
			if err := wr.sync(ctx); err != nil {
				return 0, nil, nil, err
			}
			if err := mergeUnit(ctx, wr.conn, unitID, other); err != nil {
				return 0, nil, nil, err
			}
			if o := wr.names[other]; o.year > wr.names[unitID].year {
				wr.names[unitID] = o
			}
			merged = true
		}
	}
	type added struct {
		name string
		ref  aliasRef
	}
	var adds []added
	// has: the name already points at the unit (or at a unit merged into it,
	// whose aliases mergeUnit repointed).
	has := func(name string, ref aliasRef) bool {
		for _, a := range wr.aliases[name] {
			if a.region == ref.region && a.bare == ref.bare && (a.unit == unitID || slices.Contains(found, a.unit)) {
				return true
			}
		}
		return slices.ContainsFunc(adds, func(a added) bool { return a.name == name && a.ref == ref })
	}
	for _, k := range sortedKeys(id.strong) {
		if ref := (aliasRef{region: id.region, unit: unitID}); !has(k, ref) {
			adds = append(adds, added{k, ref})
		}
	}
	for _, k := range id.bare {
		if ref := (aliasRef{region: id.region, unit: unitID, bare: true}); !has(k, ref) {
			adds = append(adds, added{k, ref})
		}
	}
	for _, a := range adds {
		source := id.strong[a.name]
		if a.ref.bare {
			source = "bare"
		}
		if err := appendRow(wr.apps["unit_aliases"], []any{a.name, a.ref.region, unitID, source}); err != nil {
			return 0, nil, nil, err
		}
	}
	after := func() {
		if len(found) == 0 {
			wr.nextUID = unitID + 1
		}
		for _, a := range adds {
			wr.aliases[a.name] = append(wr.aliases[a.name], a.ref)
		}
		if merged {
			wr.ready = false // evaluations and aliases moved; rebuild the mirror
		}
	}
	return unitID, findings, after, nil
}

// ambiguity is the finding for a report whose unit name belongs to several
// units it cannot be told apart from.
func (wr *writer) ambiguity(id identity, u report.Unit, units []int64) report.Finding {
	var names []string
	for _, x := range units {
		if n := wr.names[x].name; n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return report.Finding{
		Rule:     "unit_ambiguous",
		Severity: "warning",
		Message: fmt.Sprintf("报告中的单位名称“%s”也是其他单位的名称（%s），报告未写明单位全称或所属地区，未与其中任何一个合并；请在报告标题中写明单位全称，或在 manifest.csv 中指定单位与地区",
			id.display, strings.Join(names, "、")),
		Expected: "单位全称或地区",
		Found:    id.display,
		Evidence: u.Evidence,
	}
}

// nameUnit gives a unit the name of its latest fiscal year's report (called
// for the current version of a unit-year), so loading older years after the
// current one never renames the unit back.
func (wr *writer) nameUnit(ctx context.Context, unitID int64, r *report.Report) error {
	if unitID == 0 || r.FiscalYear <= 0 {
		return nil
	}
	display := identityOf(r.Unit).display
	cur := wr.names[unitID]
	if display == "" || r.FiscalYear < cur.year || (display == cur.name && r.FiscalYear == cur.year) {
		return nil
	}
	// Staged, not executed: an UPDATE here would flush every appender for
	// each document (≈ 1 ms each, measured), and most documents of a run
	// rename their unit (its years arrive in order). sync writes the group's
	// renames with one statement.
	if wr.renames == nil {
		wr.renames = map[int64]unitName{}
	}
	wr.renames[unitID] = unitName{display, r.FiscalYear}
	wr.names[unitID] = unitName{display, r.FiscalYear}
	return nil
}

// writeRenames writes the unit names nameUnit staged, with one UPDATE (the
// appenders flushed before it, as a unit may have been staged in the group).
func (wr *writer) writeRenames(ctx context.Context) error {
	if len(wr.renames) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(wr.renames))
	for id := range wr.renames {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var q strings.Builder
	q.WriteString(`UPDATE units SET canonical_name = v.name, name_year = v.year FROM (VALUES `)
	args := make([]any, 0, 3*len(ids))
	for i, id := range ids {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?::BIGINT, ?::VARCHAR, ?::INTEGER)")
		n := wr.renames[id]
		args = append(args, id, n.name, n.year)
	}
	q.WriteString(`) v(id, name, year) WHERE units.unit_id = v.id`)
	if _, err := wr.conn.ExecContext(ctx, q.String(), args...); err != nil {
		return fmt.Errorf("unit names: %w", err)
	}
	clear(wr.renames)
	return nil
}

// loadUnits reads aliases and unit names into the mirror.
func (wr *writer) loadUnits(ctx context.Context) error {
	if err := scanAll(ctx, wr.conn, `SELECT alias, region, unit_id, source FROM unit_aliases`, func(r *gosql.Rows) error {
		var name, source string
		var a aliasRef
		err := r.Scan(&name, &a.region, &a.unit, &source)
		a.bare = source == "bare"
		wr.aliases[name] = append(wr.aliases[name], a)
		return err
	}); err != nil {
		return err
	}
	return scanAll(ctx, wr.conn, `SELECT unit_id, canonical_name, coalesce(name_year, 0) FROM units`, func(r *gosql.Rows) error {
		var id int64
		var n unitName
		err := r.Scan(&id, &n.name, &n.year)
		wr.names[id] = n
		return err
	})
}

// mergeUnit folds unit other into unit keep: aliases and documents move over,
// keep takes the name of the later fiscal year; where both have a current
// document for the same year, the later-loaded one stays current and the
// other is marked superseded.
func mergeUnit(ctx context.Context, conn *gosql.Conn, keep, other int64) error {
	for _, q := range []string{
		`UPDATE documents d SET superseded_by = w.winner
		 FROM (SELECT o.document_id AS loser, k.document_id AS winner
		       FROM evaluations o JOIN evaluations k ON k.fiscal_year = o.fiscal_year
		       WHERE o.unit_id = $2 AND k.unit_id = $1 AND k.document_id > o.document_id
		       UNION ALL
		       SELECT k.document_id, o.document_id
		       FROM evaluations o JOIN evaluations k ON k.fiscal_year = o.fiscal_year
		       WHERE o.unit_id = $2 AND k.unit_id = $1 AND o.document_id > k.document_id) w
		 WHERE d.document_id = w.loser`,
		`UPDATE unit_aliases SET unit_id = $1 WHERE unit_id = $2`,
		`UPDATE documents SET unit_id = $1 WHERE unit_id = $2`,
		`UPDATE units k SET canonical_name = o.canonical_name, name_year = o.name_year
		 FROM units o WHERE k.unit_id = $1 AND o.unit_id = $2 AND coalesce(o.name_year, 0) > coalesce(k.name_year, 0)`,
	} {
		if _, err := conn.ExecContext(ctx, q, keep, other); err != nil {
			return err
		}
	}
	_, err := conn.ExecContext(ctx, `DELETE FROM units WHERE unit_id = ?`, other)
	return err
}
