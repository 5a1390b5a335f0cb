package etl

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"jixiao/report"
	warehouse "jixiao/sql"
)

// UploadResult is what happened to one uploaded file.
type UploadResult struct {
	RunID int64
	// Status: loaded, duplicate (the same bytes were loaded before),
	// quarantined (the file could not be read; Reason says why) or rejected
	// (Accept refused it; nothing was kept).
	Status     string
	FileName   string // the name the file was stored under (never a path)
	SHA256     string
	DocumentID int64 // the loaded document, or the one it duplicates
	Superseded int64 // the earlier document of the unit-year it replaced (0: none)
	Report     *report.Report
	// Stage and Reason of a quarantined file, as its .error.json records
	// them, and what the refused document named (type, unit, year).
	Stage, Reason string
	Identity      warehouse.FileIdentity
	// Rejected is Accept's error.
	Rejected error
}

// LoadUpload runs one uploaded file through the inbox pipeline (same limits,
// same single writer, archive or quarantine) as a run of its own, waiting for
// a running pass to end. The client's name only labels the file: it is
// reduced to a safe base name (SafeName), never used as a path. The file is
// written into the inbox first, so a crash before commit leaves it there for
// the next run. accept, when set, sees the parsed report before anything is
// loaded; its error rejects the upload and the file is removed.
func (r *Runner) LoadUpload(ctx context.Context, clientName string, data []byte, ov Overrides,
	accept func(*report.Report) error) (UploadResult, error) {
	r.mu.Lock()
	unlock := true // false once the aggregate refresh owns the lock
	defer func() {
		if unlock {
			r.mu.Unlock()
		}
	}()
	log := r.logger()
	start := time.Now()
	var res UploadResult
	if err := r.Layout.Ensure(); err != nil {
		return res, err
	}
	if !r.schemesSynced {
		if err := r.WH.SyncSchemes(ctx, r.Analyzer.Schemes); err != nil {
			return res, err
		}
		r.schemesSynced = true
	}
	path := uniquePath(filepath.Join(r.Layout.Inbox, SafeName(clientName)))
	if err := writeAtomic(path, data); err != nil {
		return res, fmt.Errorf("store upload: %w", err)
	}
	runID, err := r.WH.StartRun(ctx, "upload", start)
	if err != nil {
		_ = os.Remove(path)
		return res, err
	}
	sum := warehouse.RunSummary{RunID: runID, Seen: 1}
	j := &job{path: path, name: filepath.Base(path), parseKnown: true, row: &manifestRow{ov: ov}}
	res.RunID, res.FileName = runID, j.name
	r.prepare(ctx, j, runID, "", true)
	var runErr error
	if j.err == nil && accept != nil {
		if err := accept(j.doc.Report); err != nil {
			res.Status, res.Rejected = "rejected", err
			j.rec.Status, j.rec.Error = "rejected", err.Error()
			// Never accepted: the client's file is not ours to keep.
			if rmErr := os.Remove(path); rmErr != nil {
				log.Error("remove rejected upload", "file", j.name, "err", rmErr)
			}
			return res, r.endRun(ctx, "upload", start, &sum, []warehouse.FileRecord{j.rec}, nil, false, log)
		}
	}
	r.finishBatch(ctx, []*job{j}, runID, &sum, log)
	if j.rec.Status == "interrupted" {
		runErr = ctx.Err()
	}
	res.SHA256, res.Report = j.sha, j.doc.Report
	switch j.rec.Status {
	case "loaded":
		res.Status, res.DocumentID, res.Superseded = "loaded", j.res.DocumentID, j.res.Superseded
	case "skipped":
		res.Status = "duplicate"
		if id, err := r.WH.DocumentBySHA(ctx, j.sha); err == nil {
			res.DocumentID = id
		}
	case "quarantined":
		res.Status, res.Stage, res.Reason, res.Identity = "quarantined", j.errInfo.Stage, j.errInfo.Reason, j.errInfo.Identity
	default:
		res.Status = j.rec.Status
	}
	// The client waits for this answer, and refreshing the aggregates plans
	// the heavy views (≈ 0.5–1.5 s): a loaded upload answers at once and the
	// refresh finishes after it, still holding the writer, so the data
	// version moves only once the aggregates match. Uploads skip the
	// checkpoint: the WAL is folded in by the next inbox pass or at shutdown.
	recs := []warehouse.FileRecord{j.rec}
	if sum.Loaded == 0 && sum.Superseded == 0 {
		return res, r.endRun(ctx, "upload", start, &sum, recs, runErr, false, log)
	}
	unlock = false
	go func() {
		defer r.mu.Unlock()
		_ = r.endRun(ctx, "upload", start, &sum, recs, runErr, false, log)
	}()
	return res, nil
}

func (r *Runner) logger() *slog.Logger {
	if r.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return r.Log
}

// SafeName reduces a client's file name to a base name that is safe in the
// inbox: no directories (../../x.docx is x.docx, C:\\a\\b.pdf is b.pdf), no
// control characters, no leading dot (hidden files are skipped by the inbox)
// and no .part suffix; an empty result is "upload". The extension is kept: it
// selects the extractor.
func SafeName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == ':' || r == 0 {
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	for strings.HasSuffix(strings.ToLower(name), ".part") {
		name = name[:len(name)-len(".part")]
	}
	if name == ManifestName {
		name = "upload-" + name
	}
	// File systems limit names to 255 bytes; keep the extension.
	if len(name) > 200 {
		ext := filepath.Ext(name)
		if len(ext) > 16 {
			ext = ""
		}
		name = strings.ToValidUTF8(name[:200-len(ext)], "") + ext
	}
	if name == "" || name == filepath.Ext(name) {
		name = "upload" + name
	}
	return name
}

// writeAtomic writes data beside path as a hidden .part file (which the
// inbox ignores), syncs it and renames it into place.
func writeAtomic(path string, data []byte) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".part")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}
