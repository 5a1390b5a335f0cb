package sql

import (
	"context"
	gosql "database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"jixiao/report"
)

// Document is one parsed file ready to load.
type Document struct {
	Report      *report.Report
	FileName    string
	SHA256      string
	SizeBytes   int64
	ArchivePath string
	RunID       int64 // 0 outside an ETL run (e.g. check)
}

// LoadResult says what loading did.
type LoadResult struct {
	DocumentID int64
	// Skipped is true when a document with the same sha256 was already loaded.
	Skipped bool
	// Superseded is the document this one replaced for the same unit-year (0: none).
	Superseded int64
	UnitID     int64
}

type unitYear struct {
	unit int64
	year int
}

// writer is the warehouse's single writer: one dedicated connection with a
// DuckDB Appender per physical table, and an in-memory mirror of the lookups a
// load needs (hashes, aliases, unit-years), so a document costs one transaction
// of appends and no reads. The mirror is rebuilt from the tables after any
// failed or unusual (merging) load.
type writer struct {
	mu    sync.Mutex // serialises loads; guards everything below but shas
	conn  *gosql.Conn
	apps  map[string]*duckdb.Appender
	ready bool
	// shas is read by parse workers (HasDocument) while a load holds mu, so it
	// has its own lock: otherwise parsing would wait for every load.
	shaMu   sync.RWMutex
	shas    map[string]int64
	mirror  atomic.Bool // the mirror was loaded at least once
	aliases map[string]int64
	evals   map[unitYear]int64
	nextDoc int64
	nextUID int64
	// begin and commit are prepared once: preparing them per document cost
	// ≈0.7 ms each (measured), a third of a document's load time.
	begin, commit *gosql.Stmt
}

// appended tables, in flush order.
var appendTables = []string{"units", "unit_aliases", "documents", "report_items"}

func (w *DB) writerFor(ctx context.Context) (*writer, error) {
	if w.readOnly {
		return nil, errors.New("warehouse is open read-only")
	}
	w.wrOnce.Do(func() { w.wr = &writer{} })
	return w.wr, nil
}

// init opens the connection and appenders once and (re)loads the mirror.
func (wr *writer) init(ctx context.Context, db *gosql.DB) error {
	if wr.conn == nil {
		conn, err := db.Conn(ctx)
		if err != nil {
			return fmt.Errorf("writer connection: %w", err)
		}
		apps := map[string]*duckdb.Appender{}
		err = conn.Raw(func(dc any) error {
			c, ok := dc.(driver.Conn)
			if !ok {
				return fmt.Errorf("unexpected driver connection %T", dc)
			}
			for _, t := range appendTables {
				a, err := duckdb.NewAppenderFromConn(c, "", t)
				if err != nil {
					return fmt.Errorf("appender for %s: %w", t, err)
				}
				apps[t] = a
			}
			return nil
		})
		if err != nil {
			for _, a := range apps {
				a.Close()
			}
			conn.Close()
			return err
		}
		begin, err := conn.PrepareContext(ctx, "BEGIN TRANSACTION")
		if err != nil {
			return fmt.Errorf("writer: %w", err)
		}
		commit, err := conn.PrepareContext(ctx, "COMMIT")
		if err != nil {
			begin.Close()
			return fmt.Errorf("writer: %w", err)
		}
		wr.conn, wr.apps, wr.begin, wr.commit = conn, apps, begin, commit
	}
	if wr.ready {
		return nil
	}
	shas := map[string]int64{}
	wr.aliases = map[string]int64{}
	wr.evals = map[unitYear]int64{}
	if err := scanAll(ctx, wr.conn, `SELECT sha256, document_id FROM documents`, func(r *gosql.Rows) error {
		var s string
		var id int64
		err := r.Scan(&s, &id)
		shas[s] = id
		return err
	}); err != nil {
		return err
	}
	wr.shaMu.Lock()
	wr.shas = shas
	wr.shaMu.Unlock()
	if err := scanAll(ctx, wr.conn, `SELECT alias, unit_id FROM unit_aliases`, func(r *gosql.Rows) error {
		var a string
		var id int64
		err := r.Scan(&a, &id)
		wr.aliases[a] = id
		return err
	}); err != nil {
		return err
	}
	if err := scanAll(ctx, wr.conn, `SELECT unit_id, fiscal_year, document_id FROM evaluations`, func(r *gosql.Rows) error {
		var k unitYear
		var id int64
		err := r.Scan(&k.unit, &k.year, &id)
		wr.evals[k] = id
		return err
	}); err != nil {
		return err
	}
	if err := wr.conn.QueryRowContext(ctx, `SELECT coalesce(max(document_id), 0) + 1 FROM documents`).Scan(&wr.nextDoc); err != nil {
		return fmt.Errorf("writer: %w", err)
	}
	if err := wr.conn.QueryRowContext(ctx, `SELECT coalesce(max(unit_id), 0) + 1 FROM units`).Scan(&wr.nextUID); err != nil {
		return fmt.Errorf("writer: %w", err)
	}
	wr.ready = true
	wr.mirror.Store(true)
	return nil
}

// known looks a hash up in the mirror.
func (wr *writer) known(sha string) (int64, bool) {
	wr.shaMu.RLock()
	defer wr.shaMu.RUnlock()
	id, ok := wr.shas[sha]
	return id, ok
}

func (wr *writer) close() error {
	var errs []error
	for _, a := range wr.apps {
		errs = append(errs, a.Close())
	}
	for _, st := range []*gosql.Stmt{wr.begin, wr.commit} {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	if wr.conn != nil {
		errs = append(errs, wr.conn.Close())
	}
	return errors.Join(errs...)
}

// abort drops buffered appends, rolls back and forgets the mirror.
func (wr *writer) abort(ctx context.Context) {
	for _, a := range wr.apps {
		_ = a.Clear()
	}
	_, _ = wr.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
	wr.ready = false
}

// appendRow hands one row of plain Go values to an appender.
func appendRow(a *duckdb.Appender, row []any) error {
	vals := make([]driver.Value, len(row))
	for i, v := range row {
		vals[i] = v
	}
	return a.AppendRow(vals...)
}

func scanAll(ctx context.Context, conn *gosql.Conn, q string, each func(*gosql.Rows) error) error {
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("writer: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return fmt.Errorf("writer: %w", err)
		}
	}
	return rows.Err()
}

// HasDocument reports whether content with this sha256 is already loaded.
func (w *DB) HasDocument(ctx context.Context, sha string) (bool, error) {
	if !w.readOnly {
		wr, _ := w.writerFor(ctx)
		if !wr.mirror.Load() {
			wr.mu.Lock()
			err := wr.init(ctx, w.db)
			wr.mu.Unlock()
			if err != nil {
				return false, err
			}
		}
		_, ok := wr.known(sha)
		return ok, nil
	}
	var n int
	if err := w.db.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE sha256 = ?`, sha).Scan(&n); err != nil {
		return false, fmt.Errorf("look up document %s: %w", sha, err)
	}
	return n > 0, nil
}

// Load writes one report in one transaction: its document row, its facts, the
// unit (merging aliases and renames) and the unit-year evaluation, replacing an
// older document for the same unit-year. The same sha256 twice is a no-op.
func (w *DB) Load(ctx context.Context, d Document) (LoadResult, error) {
	res, errs := w.LoadBatch(ctx, []Document{d})
	return res[0], errs[0]
}

// LoadBatch loads documents in order, as Load would one by one, with group
// commit: consecutive documents share a transaction, since DuckDB spends
// ≈ 3 ms of CPU on each commit and ≈ 1 ms on each appender flush whatever
// their size, several times a document's own rows (measured; see
// docs/decisions.md). Each document is still all or nothing: when anything in
// a group fails, the group is rolled back and its documents are loaded again
// one transaction each, so a bad document fails alone with its own error.
// Nothing of a group is visible, and no file of it is archived by the caller,
// before its commit. res[i] and errs[i] say what happened to docs[i].
func (w *DB) LoadBatch(ctx context.Context, docs []Document) ([]LoadResult, []error) {
	res := make([]LoadResult, len(docs))
	errs := make([]error, len(docs))
	wr, err := w.writerFor(ctx)
	if err != nil {
		for i, d := range docs {
			errs[i] = fmt.Errorf("load %s: %w", d.FileName, err)
		}
		return res, errs
	}
	wr.mu.Lock()
	defer wr.mu.Unlock()
	for i := 0; i < len(docs); {
		if err := wr.init(ctx, w.db); err != nil {
			for k := i; k < len(docs); k++ {
				errs[k] = fmt.Errorf("load %s: %w", docs[k].FileName, err)
			}
			break
		}
		n, err := wr.loadGroup(ctx, docs[i:], res[i:])
		if err != nil && n == 1 {
			errs[i] = err
		} else if err != nil {
			for k := i; k < i+n; k++ {
				if err := wr.init(ctx, w.db); err != nil {
					errs[k] = fmt.Errorf("load %s: %w", docs[k].FileName, err)
					continue
				}
				res[k], errs[k] = wr.loadOne(ctx, docs[k])
			}
		}
		i += n
	}
	return res, errs
}

// loadOne loads one document in its own transaction (mu held, mirror ready).
func (wr *writer) loadOne(ctx context.Context, d Document) (LoadResult, error) {
	out := make([]LoadResult, 1)
	_, err := wr.loadGroup(ctx, []Document{d}, out)
	return out[0], err
}

// maxGroup bounds the documents of one group commit.
const maxGroup = 64

// loadGroup stages docs[0:n] in one transaction and commits them, writing
// each result to out. A group ends early after a document that merged units
// (the mirror must be read again from the tables). It returns how many
// documents it took; on error nothing of them was committed and out is
// zeroed.
func (wr *writer) loadGroup(ctx context.Context, docs []Document, out []LoadResult) (int, error) {
	if _, err := wr.begin.ExecContext(ctx); err != nil {
		return 1, fmt.Errorf("load %s: begin: %w", docs[0].FileName, err)
	}
	pending := map[string]int64{} // staged in this group, not yet committed
	n := 0
	var err error
	for n < len(docs) && n < maxGroup && wr.ready {
		d := docs[n]
		n++
		if d.Report == nil {
			err = fmt.Errorf("load %s: no report", d.FileName)
			break
		}
		id, ok := pending[d.SHA256]
		if !ok {
			id, ok = wr.known(d.SHA256)
		}
		if ok {
			out[n-1] = LoadResult{DocumentID: id, Skipped: true}
			continue
		}
		var res LoadResult
		var after func()
		res, after, err = wr.load(ctx, d)
		if err != nil {
			err = fmt.Errorf("load %s: %w", d.FileName, err)
			break
		}
		// The next document of the group must see this one's unit, aliases
		// and unit-year; a failed group forgets the mirror (abort).
		after()
		out[n-1] = res
		pending[d.SHA256] = res.DocumentID
	}
	if err == nil {
		err = wr.flush()
		if err == nil {
			_, err = wr.commit.ExecContext(ctx)
		}
		if err != nil {
			err = fmt.Errorf("load %s: %w", groupName(docs[:n]), err)
		}
	}
	if err != nil {
		wr.abort(ctx)
		clear(out[:n])
		return n, err
	}
	for sha, id := range pending {
		wr.addSHA(sha, id)
	}
	return n, nil
}

// groupName names a group's documents in an error.
func groupName(docs []Document) string {
	if len(docs) == 1 {
		return docs[0].FileName
	}
	return fmt.Sprintf("%d documents (%s…)", len(docs), docs[0].FileName)
}

// flush hands the appenders' buffered rows to the open transaction: before
// commit, and before any UPDATE that may touch rows staged in it.
func (wr *writer) flush() error {
	for _, t := range appendTables {
		if err := wr.apps[t].Flush(); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
	}
	return nil
}

// exec runs a statement in the open transaction after flushing the
// appenders, so it sees every row staged so far.
func (wr *writer) exec(ctx context.Context, q string, args ...any) error {
	if err := wr.flush(); err != nil {
		return err
	}
	_, err := wr.conn.ExecContext(ctx, q, args...)
	return err
}

func (wr *writer) addSHA(sha string, id int64) {
	wr.shaMu.Lock()
	wr.shas[sha] = id
	wr.shaMu.Unlock()
}

// load stages one document inside the open transaction. It returns a function
// that updates the mirror (all but the hash) for the documents after it.
func (wr *writer) load(ctx context.Context, d Document) (LoadResult, func(), error) {
	var res LoadResult
	r := d.Report
	now := time.Now().UTC()
	unitID, after, err := wr.resolveUnit(ctx, r.Unit, now)
	if err != nil {
		return res, nil, fmt.Errorf("unit: %w", err)
	}
	res.UnitID = unitID
	res.DocumentID = wr.nextDoc
	id := res.DocumentID
	if err := appendRow(wr.apps["documents"], documentRow(id, d, unitID, now)); err != nil {
		return res, nil, fmt.Errorf("documents: %w", err)
	}
	for _, row := range itemRows(id, r) {
		if err := appendRow(wr.apps["report_items"], row); err != nil {
			return res, nil, fmt.Errorf("report_items: %w", err)
		}
	}
	key := unitYear{unitID, r.FiscalYear}
	if unitID != 0 && r.FiscalYear > 0 {
		// The evaluations view points at the document nobody superseded.
		if old, ok := wr.evals[key]; ok {
			if err := wr.exec(ctx, `UPDATE documents SET superseded_by = ? WHERE document_id = ?`, id, old); err != nil {
				return res, nil, fmt.Errorf("supersede: %w", err)
			}
			res.Superseded = old
		}
	}
	commit := func() {
		after()
		wr.nextDoc = id + 1
		if unitID != 0 && r.FiscalYear > 0 {
			wr.evals[key] = id
		}
	}
	return res, commit, nil
}

// resolveUnit finds the unit a report belongs to through unit_aliases: its name,
// canonical name and any former names it records. Names that resolve to several
// units (a rename seen after both names were loaded) merge them into the oldest.
// It returns 0 when the report names no unit, and a function to run after commit.
func (wr *writer) resolveUnit(ctx context.Context, u report.Unit, now time.Time) (int64, func(), error) {
	noop := func() {}
	canonical := strings.TrimSpace(u.CanonicalName)
	if canonical == "" {
		canonical = strings.TrimSpace(u.Name)
	}
	if canonical == "" {
		return 0, noop, nil
	}
	names := map[string]string{canonical: "report"}
	if n := strings.TrimSpace(u.Name); n != "" {
		names[n] = "report"
	}
	for _, f := range u.FormerNames {
		if f = strings.TrimSpace(f); f != "" && names[f] == "" {
			names[f] = "rename"
		}
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	ids := map[int64]bool{}
	for _, k := range keys {
		if id, ok := wr.aliases[k]; ok {
			ids[id] = true
		}
	}
	var unitID int64
	merged := false
	switch len(ids) {
	case 0:
		unitID = wr.nextUID
		if err := wr.apps["units"].AppendRow(unitID, canonical, nullString(u.Region), nullString(u.Parent), now); err != nil {
			return 0, nil, err
		}
	default:
		all := make([]int64, 0, len(ids))
		for id := range ids {
			all = append(all, id)
		}
		sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
		unitID = all[0]
		for _, other := range all[1:] {
			if err := wr.flush(); err != nil {
				return 0, nil, err
			}
			if err := mergeUnit(ctx, wr.conn, unitID, other); err != nil {
				return 0, nil, err
			}
			merged = true
		}
	}
	var added []string
	for _, k := range keys {
		if id, ok := wr.aliases[k]; ok && (id == unitID || merged) {
			continue // merged aliases were repointed by mergeUnit
		}
		if err := wr.apps["unit_aliases"].AppendRow(k, unitID, names[k]); err != nil {
			return 0, nil, err
		}
		added = append(added, k)
	}
	// A report that records a rename names the unit as it is now called.
	if len(u.FormerNames) > 0 && len(ids) > 0 {
		if err := wr.exec(ctx, `UPDATE units SET canonical_name = ? WHERE unit_id = ?`, canonical, unitID); err != nil {
			return 0, nil, err
		}
	}
	after := func() {
		if len(ids) == 0 {
			wr.nextUID = unitID + 1
		}
		for _, k := range added {
			wr.aliases[k] = unitID
		}
		if merged {
			wr.ready = false // evaluations and aliases moved; rebuild the mirror
		}
	}
	return unitID, after, nil
}

// mergeUnit folds unit other into unit keep: aliases and documents move over;
// where both have a current document for the same year, the later-loaded one
// stays current and the other is marked superseded.
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
	} {
		if _, err := conn.ExecContext(ctx, q, keep, other); err != nil {
			return err
		}
	}
	_, err := conn.ExecContext(ctx, `DELETE FROM units WHERE unit_id = ?`, other)
	return err
}

// batch is rows of one table, written with one multi-row INSERT (used for the
// small, infrequent writes: ledger and schemes).
type batch struct {
	table string
	cols  []string
	rows  [][]any
}

// insertRows writes a batch with one multi-row INSERT.
func insertRows(ctx context.Context, tx *gosql.Tx, b batch) error {
	if len(b.rows) == 0 {
		return nil
	}
	var sb strings.Builder
	sb.WriteString("INSERT INTO ")
	sb.WriteString(b.table)
	sb.WriteString(" (")
	sb.WriteString(strings.Join(b.cols, ", "))
	sb.WriteString(") VALUES ")
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(b.cols)), ", ") + ")"
	args := make([]any, 0, len(b.rows)*len(b.cols))
	for i, r := range b.rows {
		if len(r) != len(b.cols) {
			return fmt.Errorf("row %d has %d values for %d columns", i, len(r), len(b.cols))
		}
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(one)
		args = append(args, r...)
	}
	_, err := tx.ExecContext(ctx, sb.String(), args...)
	return err
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func num(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}
