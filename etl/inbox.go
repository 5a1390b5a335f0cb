package etl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"jixiao/etl/extract"
	warehouse "jixiao/sql"
)

// Layout is a data dir: the warehouse file and the three file folders.
type Layout struct {
	Dir        string
	Inbox      string
	Archive    string
	Quarantine string
}

// NewLayout returns the standard layout under dir; inbox may override dir/inbox.
func NewLayout(dir, inbox string) Layout {
	if inbox == "" {
		inbox = filepath.Join(dir, "inbox")
	}
	return Layout{Dir: dir, Inbox: inbox, Archive: filepath.Join(dir, "archive"), Quarantine: filepath.Join(dir, "quarantine")}
}

// WarehousePath is the DuckDB file of the layout.
func (l Layout) WarehousePath() string { return filepath.Join(l.Dir, warehouse.FileName) }

// Ensure creates the folders.
func (l Layout) Ensure() error {
	for _, d := range []string{l.Dir, l.Inbox, l.Archive, l.Quarantine} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("create %s: %w", d, err)
		}
	}
	return nil
}

// Runner performs ETL passes over an inbox. Only one pass runs at a time.
type Runner struct {
	WH       *warehouse.DB
	Analyzer *Analyzer
	Layout   Layout
	Log      *slog.Logger
	// Workers parse files in parallel (default: number of CPUs); loading is
	// sequential in file-name order so superseding is deterministic.
	Workers int
	// FileTimeout bounds reading+parsing one file (default 60 s).
	FileTimeout time.Duration
	// OCRTimeout bounds reading one file that needs OCR (a scanned PDF, a
	// photo; default 10 min): such files are read in a lane of their own,
	// one at a time with its pages in parallel, and loaded after the other
	// files, so a slow scan never holds up the rest of the inbox.
	OCRTimeout time.Duration
	// AfterRun, when set, is called at the end of every pass (still holding
	// the writer), e.g. for metrics and to drop caches keyed on the data version.
	AfterRun func(trigger string, sum warehouse.RunSummary, err error)
	mu       sync.Mutex
	// schemesSynced: uploads sync the scoring schemes once per process (an
	// inbox pass syncs them every time).
	schemesSynced bool
}

// Progress is called after each file with the count done and the total.
type Progress func(done, total int)

// job is one inbox file moving through the pipeline.
type job struct {
	path   string
	name   string
	folder string       // inbox sub-folder, "/"-separated ("": the inbox itself)
	row    *manifestRow // the manifest line for this file, if any
	data   []byte
	sha    string
	rec    warehouse.FileRecord
	doc    warehouse.Document
	known  bool // sha already in the warehouse before parsing
	// ocr: the file needs OCR; the workers leave it to the OCR lane, which
	// closes ocrDone when it has read it.
	ocr     bool
	ocrDone chan struct{}
	// parseKnown parses a known file too (uploads answer with the report).
	parseKnown bool
	res        warehouse.LoadResult
	err        error // stage error → quarantine
	errInfo    errorInfo
	done       chan struct{}
}

// errorInfo is written as NAME.error.json beside a quarantined file.
type errorInfo struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256,omitempty"`
	Stage  string `json:"stage"`
	Format string `json:"format,omitempty"`
	Where  string `json:"where,omitempty"`
	Reason string `json:"reason"`
	Error  string `json:"error"`
	// What a refused document is and whose (document_type, unit,
	// fiscal_year, evidence): empty when it named nothing.
	Identity warehouse.FileIdentity `json:"identity,omitzero"`
	RunID    int64                  `json:"run_id"`
	At       time.Time              `json:"at"`
}

// RunOnce performs one ETL pass: every file in the inbox is loaded, skipped (same
// content already loaded) or quarantined; nothing is deleted.
func (r *Runner) RunOnce(ctx context.Context, trigger string, progress Progress) (warehouse.RunSummary, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.runLocked(ctx, trigger, progress)
}

// Stop waits for a running pass to end and keeps the writer: later passes
// block (RunOnce) or answer ErrBusy (TryRunOnce). Called at shutdown, before
// the warehouse is checkpointed and closed.
func (r *Runner) Stop() { r.mu.Lock() }

// ErrBusy is returned by TryRunOnce while another pass or upload holds the writer.
var ErrBusy = errors.New("an ETL run is already in progress")

// TryWithWriter runs fn holding the writer, unless a run or an upload holds
// it (then it returns false at once without running fn).
func (r *Runner) TryWithWriter(fn func()) bool {
	if !r.mu.TryLock() {
		return false
	}
	defer r.mu.Unlock()
	fn()
	return true
}

// TryRunOnce is RunOnce unless another pass is running, when it returns ErrBusy
// at once (a scheduled tick during a run is skipped, not queued).
func (r *Runner) TryRunOnce(ctx context.Context, trigger string, progress Progress) (warehouse.RunSummary, error) {
	if !r.mu.TryLock() {
		return warehouse.RunSummary{}, ErrBusy
	}
	defer r.mu.Unlock()
	return r.runLocked(ctx, trigger, progress)
}

func (r *Runner) runLocked(ctx context.Context, trigger string, progress Progress) (sum warehouse.RunSummary, runErr error) {
	log := r.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	start := time.Now()
	if err := r.Layout.Ensure(); err != nil {
		return sum, err
	}
	manifestPath := filepath.Join(r.Layout.Inbox, ManifestName)
	manifest, err := readManifest(manifestPath, r.Analyzer.Schemes)
	if err != nil {
		return sum, err
	}
	files, notes, err := listInbox(r.Layout.Inbox)
	if err != nil {
		return sum, err
	}
	if err := r.WH.SyncReference(ctx, r.Analyzer.Schemes, r.Analyzer.Dictionary); err != nil {
		return sum, err
	}
	runID, err := r.WH.StartRun(ctx, trigger, start)
	if err != nil {
		return sum, err
	}
	sum.RunID = runID
	sum.Seen = len(files)
	sum.ManifestErrors = manifest.errors
	sum.Notes = append(manifest.notes, notes...)
	// Where the manifest goes when the run completes; documents name the line
	// that overrode them by this path.
	archivedManifest := filepath.Join(r.Layout.Archive, "manifests", fmt.Sprintf("%d-%s", runID, ManifestName))

	jobs := make([]*job, len(files))
	for i, f := range files {
		rel, _ := filepath.Rel(r.Layout.Inbox, f)
		rel = filepath.ToSlash(rel)
		j := &job{path: f, name: filepath.Base(f), folder: path.Dir(rel), done: make(chan struct{})}
		if j.folder == "." {
			j.folder = ""
		}
		if j.row = manifest.lookup(rel); j.row != nil {
			j.row.used = true
		}
		jobs[i] = j
	}
	workers := r.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	queue := make(chan *job)
	// window bounds how far parsing may run ahead of the single writer, so a
	// 10,000-file inbox never holds thousands of parsed reports in memory. It
	// holds two groups: the workers parse the next while one loads (a window
	// of one group stalled them, measured: 1.5 of 2 cores busy).
	window := make(chan struct{}, 2*maxBatch+4*workers)
	var wg sync.WaitGroup
	// Files that need OCR go to the OCR lane (see Runner.OCRTimeout).
	ocrQueue := make(chan *job, len(jobs))
	ocrLane := make(chan struct{})
	go func() {
		defer close(ocrLane)
		for j := range ocrQueue {
			r.prepare(ctx, j, runID, archivedManifest, true)
			close(j.ocrDone)
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				r.prepare(ctx, j, runID, archivedManifest, false)
				if j.ocr {
					j.ocrDone = make(chan struct{})
					ocrQueue <- j
				}
				close(j.done)
			}
		}()
	}
	go func() {
		defer close(queue)
		for _, j := range jobs {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case queue <- j:
			case <-ctx.Done():
				return
			}
		}
	}()

	var recs []warehouse.FileRecord
	var deferred []*job // waiting for the OCR lane, in file-name order
	finished := 0
	record := func(j *job) {
		recs = append(recs, j.rec)
		finished++
		if progress != nil {
			progress(finished, len(jobs))
		}
	}
	for i := 0; i < len(jobs) && runErr == nil; {
		select {
		case <-jobs[i].done:
		case <-ctx.Done():
			runErr = ctx.Err()
			continue
		}
		// The files parsed within groupWait load together (group commit, see
		// warehouse.LoadBatch); a lone file is its own transaction. Waiting
		// costs no CPU, while each commit costs the same however small.
		k := i + 1
		deadline := time.NewTimer(groupWait)
	gather:
		for ; k < len(jobs) && k-i < maxBatch; k++ {
			select {
			case <-jobs[k].done:
			case <-deadline.C:
				break gather
			case <-ctx.Done():
				break gather
			}
		}
		deadline.Stop()
		batch := make([]*job, 0, k-i)
		for _, j := range jobs[i:k] {
			if j.ocr {
				deferred = append(deferred, j)
			} else {
				batch = append(batch, j)
			}
		}
		r.finishBatch(ctx, batch, runID, &sum, log)
		for ; i < k; i++ {
			<-window
			if !jobs[i].ocr {
				record(jobs[i])
			}
			// Keep only the ledger record: the run may hold thousands of jobs.
			jobs[i] = nil
		}
		if len(recs) >= 500 {
			if err := r.WH.RecordFiles(ctx, recs); err != nil {
				log.Error("record files", "err", err)
			}
			recs = recs[:0]
		}
	}
	wg.Wait()
	close(ocrQueue)
	// The scans load last, each as the OCR lane finishes it.
	for _, j := range deferred {
		if runErr != nil {
			break
		}
		select {
		case <-j.ocrDone:
			r.finishBatch(ctx, []*job{j}, runID, &sum, log)
			record(j)
		case <-ctx.Done():
			runErr = ctx.Err()
		}
	}
	<-ocrLane
	if runErr == nil {
		pruneEmptyDirs(r.Layout.Inbox, log)
	}
	if runErr == nil && manifest.present {
		// The run saw every file: its manifest has done its work. Archived,
		// its rows cannot re-apply to a later file of the same name. A stopped
		// run leaves it for the rerun, whose files it still describes (the
		// ones already loaded are skipped by their hash).
		if err := moveFile(manifestPath, archivedManifest); err != nil {
			log.Error("archive manifest", "err", err)
			sum.Notes = append(sum.Notes, "manifest.csv 未能归档（"+err.Error()+"），请手动移出收件箱，以免下次运行重复使用")
		} else {
			sum.Manifest = archivedManifest
			notes, err := manifest.keepUnused(manifestPath)
			sum.Notes = append(sum.Notes, notes...)
			if err != nil {
				log.Error("keep unused manifest rows", "err", err)
				sum.Notes = append(sum.Notes, "manifest.csv 中未使用的行未能写回（"+err.Error()+"），请从 "+archivedManifest+" 取回")
			}
		}
	}
	return sum, r.endRun(ctx, trigger, start, &sum, recs, runErr, true, log)
}

// endRun records the run's files, refreshes the aggregates (and with them
// the data version) when data changed, closes the run in the ledger and
// calls AfterRun. checkpoint folds the WAL into the file (end of an inbox pass).
func (r *Runner) endRun(ctx context.Context, trigger string, start time.Time, sum *warehouse.RunSummary, recs []warehouse.FileRecord,
	runErr error, checkpoint bool, log *slog.Logger) error {
	if r.AfterRun != nil {
		defer func() { r.AfterRun(trigger, *sum, runErr) }()
	}
	ctx = context.WithoutCancel(ctx)
	if err := r.WH.RecordFiles(ctx, recs); err != nil {
		log.Error("record files", "err", err)
	}
	if sum.Loaded > 0 || sum.Superseded > 0 {
		if _, err := r.WH.RefreshAggregates(ctx); err != nil {
			// The files are loaded, but dashboards would show stale totals: the
			// run reports it (etl_runs.error, and the command fails).
			log.Error("refresh aggregates", "err", err)
			if runErr == nil {
				runErr = err
			}
		}
		if checkpoint {
			if err := r.WH.Checkpoint(ctx); err != nil {
				log.Error("checkpoint", "err", err)
			}
		}
	}
	// Milliseconds are all a reader needs; a raw float prints as 1.5072049010000002.
	sum.Seconds = time.Since(start).Round(time.Millisecond).Seconds()
	if err := r.WH.FinishRun(ctx, *sum, runErr); err != nil {
		log.Error("finish run", "err", err)
	}
	for _, n := range sum.Notes {
		log.Warn(n)
	}
	log.Info("etl run", "run_id", sum.RunID, "seen", sum.Seen, "loaded", sum.Loaded, "skipped", sum.Skipped,
		"superseded", sum.Superseded, "quarantined", sum.Quarantined, "conflicts", sum.Conflicts,
		"superseded_on_arrival", sum.SupersededOnArrival, "unrecognised", sum.Unrecognised, "manifest_errors", sum.ManifestErrors,
		"seconds", sum.Seconds)
	return runErr
}

// prepare reads, hashes, extracts and parses one file (runs on a worker).
// Without withOCR, a file that needs OCR is only marked (j.ocr) for the OCR
// lane, which prepares it again withOCR under OCRTimeout.
func (r *Runner) prepare(ctx context.Context, j *job, runID int64, archivedManifest string, withOCR bool) {
	timeout := r.FileTimeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	if withOCR {
		timeout = r.OCRTimeout
		if timeout <= 0 {
			timeout = 10 * time.Minute
		}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	t0 := time.Now()
	j.rec = warehouse.FileRecord{RunID: runID, FileName: displayName(j.folder, j.name)}
	var mtime time.Time
	if st, err := os.Stat(j.path); err == nil {
		mtime = st.ModTime()
	}
	data, err := readLimited(j.path, r.Analyzer.Limits)
	j.rec.ReadMS = ms(time.Since(t0))
	if err != nil {
		j.fail("read", err)
		return
	}
	j.data = data
	j.sha = SHA256(data)
	j.rec.SHA256 = j.sha
	if known, err := r.WH.HasDocument(ctx, j.sha); err == nil && known {
		j.known = true
		if !j.parseKnown {
			return
		}
	}
	var ov Overrides
	var manifestRow string
	if j.row != nil {
		ov = j.row.ov
		if j.row.line > 0 { // 0: an upload's form fields, not a manifest line
			manifestRow = fmt.Sprintf("%s 第 %d 行", archivedManifest, j.row.line)
		}
	}
	t1 := time.Now()
	lim := r.Analyzer.Limits
	lim.SkipOCR = !withOCR
	a, err := r.Analyzer.analyze(ctx, lim, j.name, data, ov)
	if err != nil && !withOCR && errors.Is(err, extract.ErrNeedsOCR) {
		j.ocr = true
		return
	}
	j.rec.ParseMS = ms(time.Since(t1))
	if err != nil {
		stage := "parse"
		var se *StageError
		if errors.As(err, &se) {
			stage = se.Stage
		}
		j.fail(stage, err)
		return
	}
	if missing := unidentified(a.report); missing != "" {
		// Loaded, it would belong to no unit-year and show in no view.
		j.fail("identify", &identifyError{missing: missing})
		return
	}
	j.doc = warehouse.Document{Report: a.report, FileName: j.name, SHA256: j.sha, SizeBytes: int64(len(data)),
		ArchivePath: filepath.Join(r.Layout.Archive, archiveName(j.sha, j.name)), RunID: runID,
		ModTime: mtime, Folder: j.folder, NameInReport: a.nameInReport, ManifestRow: manifestRow}
}

// toLoad reports whether the job's file was prepared and is new to the
// warehouse, so the writer loads it.
func (j *job) toLoad() bool { return j.err == nil && !j.known }

func (j *job) fail(stage string, err error) {
	j.err = err
	j.errInfo = errorInfo{File: displayName(j.folder, j.name), SHA256: j.sha, Stage: stage, Reason: reasonZh(stage, j.name, err), Error: err.Error(),
		Identity: RefusedIdentity(err)}
	j.rec.Identity = j.errInfo.Identity
	var xe *extract.Error
	if errors.As(err, &xe) {
		j.errInfo.Format, j.errInfo.Where = xe.Format, xe.Where
	}
}

// displayName is a file as the user put it in the inbox: folder/name.
func displayName(folder, name string) string {
	if folder == "" {
		return name
	}
	return folder + "/" + name
}

// maxBatch bounds the parsed files the writer loads together, and groupWait
// how long it waits for them to be parsed. DuckDB's fixed cost per group
// (an appender flush per table, the commit) is ≈ 25 ms of CPU whatever the
// group's size, as much as a dozen documents' rows: groups of 64 instead of
// 20 cut the load's CPU by a third (BenchmarkLoadPhases), and 128 instead of
// 64 took a 10,000-report run from 5.1–5.5 to 4.6–5.1 ms of CPU per report
// (BenchmarkETL, alternated). Waiting costs no CPU: the window lets the
// parsers run two groups ahead meanwhile, and a run of one file never waits.
// A stop finishes the group gathered (warehouse.LoadBatch takes as many).
const (
	maxBatch  = 128
	groupWait = 250 * time.Millisecond
)

// finishBatch loads prepared files in one group commit and moves each (runs on
// the single writer).
func (r *Runner) finishBatch(ctx context.Context, js []*job, runID int64, sum *warehouse.RunSummary, log *slog.Logger) {
	var docs []warehouse.Document
	for _, j := range js {
		if j.toLoad() {
			docs = append(docs, j.doc)
		}
	}
	var res []warehouse.LoadResult
	var errs []error
	if len(docs) > 0 {
		t := time.Now()
		res, errs = r.WH.LoadBatch(ctx, docs)
		// A document's share of its group's load time.
		each := ms(time.Since(t)) / float64(len(docs))
		for _, j := range js {
			if j.toLoad() {
				j.rec.LoadMS = each
			}
		}
	}
	k := 0
	for _, j := range js {
		var loadRes warehouse.LoadResult
		var loadErr error
		if j.toLoad() {
			loadRes, loadErr = res[k], errs[k]
			k++
		}
		if (j.err != nil || loadErr != nil) && ctx.Err() != nil {
			// The run was stopped (shutdown), not the file at fault: it stays in
			// the inbox for the next run instead of going to quarantine.
			j.rec.Status = "interrupted"
			j.rec.Error = ctx.Err().Error()
			continue
		}
		r.finish(j, loadRes, loadErr, runID, sum, log)
	}
}

// finish moves a file after its load (res, err) or its failed preparation.
func (r *Runner) finish(j *job, res warehouse.LoadResult, err error, runID int64, sum *warehouse.RunSummary, log *slog.Logger) {
	skipped := j.err == nil && j.known
	if j.toLoad() {
		switch {
		case err != nil:
			j.fail("load", err)
		case res.Skipped:
			skipped = true
		default:
			j.rec.Status = "loaded"
			j.rec.DocumentID = res.DocumentID
			j.res = res
			sum.Loaded++
			if warehouse.Unrecognised(j.doc.Report) {
				sum.Unrecognised++
			}
			if res.Superseded != 0 {
				sum.Superseded++
			}
			if res.SupersededBy != 0 {
				sum.SupersededOnArrival++
			}
			if res.Conflict {
				sum.Conflicts++
			}
			if err := moveFile(j.path, j.doc.ArchivePath); err != nil {
				// The document is committed; the file stays in the inbox and the next
				// run will see its hash and archive it.
				log.Error("archive file", "file", j.name, "err", err)
			}
			return
		}
	}
	if skipped {
		j.rec.Status = "skipped"
		sum.Skipped++
		if err := r.archiveDuplicate(j); err != nil {
			log.Error("archive duplicate", "file", j.name, "err", err)
		}
		return
	}
	j.errInfo.RunID = runID
	j.errInfo.At = time.Now().UTC()
	j.rec.Status = "quarantined"
	j.rec.Error = j.errInfo.Reason
	sum.Quarantined++
	if err := r.quarantine(j); err != nil {
		log.Error("quarantine", "file", j.name, "err", err)
	}
	log.Warn("quarantined", "file", j.errInfo.File, "stage", j.errInfo.Stage, "reason", j.errInfo.Reason, "err", j.err)
}

func (r *Runner) archiveDuplicate(j *job) error {
	dst := filepath.Join(r.Layout.Archive, archiveName(j.sha, j.name))
	if _, err := os.Stat(dst); err == nil {
		dst = uniquePath(filepath.Join(r.Layout.Archive, "duplicates", j.sha[:12]+"-"+j.name))
	}
	return moveFile(j.path, dst)
}

func (r *Runner) quarantine(j *job) error {
	// The inbox sub-folder is kept: two counties' folders may hold the same name.
	dst := uniquePath(filepath.Join(r.Layout.Quarantine, filepath.FromSlash(j.folder), j.name))
	if err := moveFile(j.path, dst); err != nil {
		return err
	}
	b, err := json.MarshalIndent(j.errInfo, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(dst+".error.json", append(b, '\n'), 0o644)
}

// archiveName is where a loaded file is kept: its content hash plus extension.
func archiveName(sha, name string) string {
	return sha + strings.ToLower(filepath.Ext(name))
}

// uniquePath adds -2, -3, … before the extension until the path is free.
func uniquePath(p string) string {
	if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
		return p
	}
	ext := filepath.Ext(p)
	base := strings.TrimSuffix(p, ext)
	for i := 2; ; i++ {
		c := fmt.Sprintf("%s-%d%s", base, i, ext)
		if _, err := os.Stat(c); errors.Is(err, os.ErrNotExist) {
			return c
		}
	}
}

// moveFile renames src to dst, copying across file systems when rename cannot.
func moveFile(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if err := os.Rename(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("move %s: %w", src, err)
	}
	defer in.Close()
	tmp := dst + ".part"
	out, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("move %s: %w", src, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("move %s: %w", src, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return fmt.Errorf("move %s: %w", src, err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("move %s: %w", src, err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("move %s: %w", src, err)
	}
	return os.Remove(src)
}

// readLimited reads a file, refusing one larger than the limit before reading it.
func readLimited(path string, lim extract.Limits) ([]byte, error) {
	max := lim.MaxFileBytes
	if max <= 0 {
		max = extract.DefaultLimits().MaxFileBytes
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > max {
		return nil, fmt.Errorf("file is %d bytes, over the %d-byte limit", st.Size(), max)
	}
	return os.ReadFile(path)
}

// listInbox returns the inbox files in path order, sub-folders included (a
// county's zip unpacked into the inbox), skipping hidden files and folders
// (uploads in progress), *.part files and the manifest. A manifest.csv inside
// a sub-folder is not used; notes says so.
func listInbox(dir string) (files, notes []string, err error) {
	err = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		n := e.Name()
		if p == dir {
			return nil
		}
		if strings.HasPrefix(n, ".") {
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !e.Type().IsRegular() || strings.HasSuffix(n, ".part") {
			return nil
		}
		if n == ManifestName {
			if filepath.Dir(p) != dir {
				rel, _ := filepath.Rel(dir, p)
				notes = append(notes, fmt.Sprintf("子目录中的 %s 未使用（%s）：请把其中各行并入收件箱根目录的 %s，文件名写成“子目录/文件名”",
					ManifestName, filepath.ToSlash(rel), ManifestName))
			}
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read inbox %s: %w", dir, err)
	}
	sort.Strings(files)
	return files, notes, nil
}

// pruneEmptyDirs removes the inbox sub-folders a run emptied (deepest first);
// a folder still holding anything stays.
func pruneEmptyDirs(inbox string, log *slog.Logger) {
	var dirs []string
	_ = filepath.WalkDir(inbox, func(p string, e fs.DirEntry, err error) error {
		if err == nil && e.IsDir() && p != inbox {
			if strings.HasPrefix(e.Name(), ".") {
				return filepath.SkipDir
			}
			dirs = append(dirs, p)
		}
		return nil
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		if entries, err := os.ReadDir(dirs[i]); err == nil && len(entries) == 0 {
			if err := os.Remove(dirs[i]); err != nil {
				log.Warn("remove empty inbox folder", "dir", dirs[i], "err", err)
			}
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
