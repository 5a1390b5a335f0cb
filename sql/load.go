package sql

import (
	"context"
	gosql "database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
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
	// ModTime is the file's modification time (zero: unknown); it ranks two
	// versions of a unit-year that neither a correction marker nor a report
	// date tells apart.
	ModTime time.Time
	// Folder is the inbox sub-folder the file came from ("": the inbox itself).
	Folder string
	// NameInReport is the unit name the report itself writes when a manifest
	// overrode it ("": the report's own name is Report.Unit.Name).
	NameInReport string
	// ManifestRow names the archived manifest line that overrode the report.
	ManifestRow string
	// Alone marks a document checked on its own (jixiao check): the other
	// files checked with it are not versions of it, so the loader neither
	// ranks them nor raises version or unit findings; the later one simply
	// replaces the earlier.
	Alone bool
}

// LoadResult says what loading did.
type LoadResult struct {
	DocumentID int64
	// Skipped is true when a document with the same sha256 was already loaded.
	Skipped bool
	// Superseded is the document this one replaced for the same unit-year (0: none).
	Superseded int64
	// SupersededBy is the current document of the unit-year when this one
	// ranked below it and was loaded already superseded (0: it is current).
	SupersededBy int64
	// Conflict is true when another version of the unit-year was loaded in
	// the same run.
	Conflict bool
	UnitID   int64
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
	aliases map[string][]aliasRef
	names   map[int64]unitName
	evals   map[unitYear]version
	// renames are unit names staged in the open transaction (nameUnit),
	// written by sync.
	renames map[int64]unitName
	nextDoc int64
	nextUID int64
	// begin and commit are prepared once: preparing them per document cost
	// ≈0.7 ms each (measured), a third of a document's load time.
	begin, commit *gosql.Stmt
}

// appended tables, in flush order.
var appendTables = []string{"units", "unit_aliases", "documents", "report_items", "report_sentences", "document_extraction", "ocr_evidence", "document_content"}

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
	wr.aliases = map[string][]aliasRef{}
	wr.names = map[int64]unitName{}
	wr.evals = map[unitYear]version{}
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
	if err := wr.loadUnits(ctx); err != nil {
		return err
	}
	if err := wr.loadVersions(ctx); err != nil {
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
	clear(wr.renames)
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

// maxGroup bounds the documents of one group commit: the ETL's group
// (etl.maxBatch) in one transaction.
const maxGroup = 128

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
		err = wr.sync(ctx)
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

// sync hands everything staged so far to the open transaction: the
// appenders' rows, then the unit names staged by nameUnit.
func (wr *writer) sync(ctx context.Context) error {
	if err := wr.flush(); err != nil {
		return err
	}
	return wr.writeRenames(ctx)
}

// exec runs a statement in the open transaction after sync, so it sees
// every row staged so far.
func (wr *writer) exec(ctx context.Context, q string, args ...any) error {
	if err := wr.sync(ctx); err != nil {
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
	unitID, extra, after, err := wr.resolveUnit(ctx, r, now)
	if err != nil {
		return res, nil, fmt.Errorf("unit: %w", err)
	}
	if d.Alone {
		extra = nil
	}
	res.UnitID = unitID
	res.DocumentID = wr.nextDoc
	id := res.DocumentID
	key := unitYear{unitID, r.FiscalYear}
	items := itemRows(id, r)
	cur := versionOf(d, id)
	cur.content = contentKey(r, items)
	var supersededBy any
	if unitID != 0 && r.FiscalYear > 0 {
		// The evaluations view points at the document nobody superseded; of
		// two versions the better-ranked one stays current, whatever the load
		// order, and the other is kept as superseded.
		if old, ok := wr.evals[key]; ok {
			newWins, f := decide(cur, old, r.FiscalYear)
			// One report sent in two files is not a conflict between versions.
			res.Conflict = d.RunID != 0 && old.run == d.RunID && !sameContent(cur, old)
			if d.Alone {
				newWins, f = true, report.Finding{}
			}
			if newWins {
				if err := wr.exec(ctx, `UPDATE documents SET superseded_by = ? WHERE document_id = ?`, id, old.doc); err != nil {
					return res, nil, fmt.Errorf("supersede: %w", err)
				}
				res.Superseded = old.doc
				if f.Rule != "" {
					extra = append(extra, f)
				}
			} else {
				supersededBy = old.doc
				res.SupersededBy = old.doc
				if err := wr.addFindings(ctx, old.doc, []report.Finding{f}); err != nil {
					return res, nil, fmt.Errorf("supersede: %w", err)
				}
			}
		}
	}
	row := documentRow(id, d, unitID, now)
	row[docSupersededBy] = supersededBy
	if d.NameInReport != "" {
		row[docUnitName] = d.NameInReport
	}
	row = append(row, documentRow003(d)...)
	if err := appendRow(wr.apps["documents"], row); err != nil {
		return res, nil, fmt.Errorf("documents: %w", err)
	}
	for _, row := range items {
		if err := appendRow(wr.apps["report_items"], row); err != nil {
			return res, nil, fmt.Errorf("report_items: %w", err)
		}
	}
	for _, row := range sentenceRows(id, r) {
		if err := appendRow(wr.apps["report_sentences"], row); err != nil {
			return res, nil, fmt.Errorf("report_sentences: %w", err)
		}
	}
	if err := appendRow(wr.apps["document_content"], []any{id, cur.content}); err != nil {
		return res, nil, fmt.Errorf("document_content: %w", err)
	}
	for _, row := range ocrRows(id, r) {
		if err := appendRow(wr.apps["ocr_evidence"], row); err != nil {
			return res, nil, fmt.Errorf("ocr_evidence: %w", err)
		}
	}
	if err := wr.appendFindings(id, len(r.Findings), extra); err != nil {
		return res, nil, err
	}
	if row := extractionRow(id, r); row != nil {
		if err := appendRow(wr.apps["document_extraction"], row); err != nil {
			return res, nil, fmt.Errorf("document_extraction: %w", err)
		}
	}
	current := res.SupersededBy == 0
	if current {
		if err := wr.nameUnit(ctx, unitID, r); err != nil {
			return res, nil, fmt.Errorf("unit name: %w", err)
		}
	}
	commit := func() {
		after()
		wr.nextDoc = id + 1
		if unitID != 0 && r.FiscalYear > 0 && current {
			wr.evals[key] = cur
		}
	}
	return res, commit, nil
}

// Positions in documentRow's values that the loader sets itself.
const (
	docUnitName     = 7
	docSupersededBy = 15
)

// documentRow003 is the documents columns of migration 003, in table order.
func documentRow003(d Document) []any {
	r := d.Report
	var date, mtime, rev, revWhere any
	if t, err := time.Parse(time.DateOnly, r.ReportDate); err == nil {
		date = t
	}
	if !d.ModTime.IsZero() {
		mtime = d.ModTime.UTC().Truncate(time.Microsecond)
	}
	if r.Revision != nil && r.Revision.Marker != "" {
		rev, revWhere = r.Revision.Marker, nullString(r.Revision.Where)
	}
	return []any{nullString(r.Title), nullString(r.Unit.FullName), date, rev, revWhere, nullString(r.YearSource),
		mtime, d.Folder, nullString(d.ManifestRow)}
}

// appendFindings stages findings the loader raised for document id, after
// the n the report carries (report_items numbers a kind's rows from 1).
func (wr *writer) appendFindings(id int64, n int, fs []report.Finding) error {
	if len(fs) == 0 {
		return nil
	}
	for i, row := range itemRows(id, &report.Report{Findings: fs}) {
		row[2] = int32(n + i + 1)
		if err := appendRow(wr.apps["report_items"], row); err != nil {
			return fmt.Errorf("report_items: %w", err)
		}
	}
	return nil
}

// addFindings adds findings to a document loaded before (in this transaction
// or an earlier one): the current version of a unit-year when an older one
// arrives.
func (wr *writer) addFindings(ctx context.Context, id int64, fs []report.Finding) error {
	if err := wr.flush(); err != nil {
		return err
	}
	var n int
	if err := wr.conn.QueryRowContext(ctx, `SELECT count(*) FROM report_items WHERE document_id = ? AND kind = 'finding'`, id).Scan(&n); err != nil {
		return err
	}
	return wr.appendFindings(id, n, fs)
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
