package sql

import (
	"context"
	gosql "database/sql"
	"fmt"
	"path"
	"time"

	"jixiao/report"
)

// version is what ranks one document of a unit-year against another (the
// loader's mirror keeps it for each current document).
type version struct {
	doc      int64
	run      int64
	file     string // folder/name as the user saw it in the inbox
	revision string // correction marker, "" for none
	date     time.Time
	mtime    time.Time
	content  uint64 // contentKey; 0 for a document loaded before it was kept
}

// sameContent: both versions say the same (one report sent in two files).
func sameContent(a, b version) bool {
	return a.content != 0 && a.content == b.content
}

func versionOf(d Document, id int64) version {
	v := version{doc: id, run: d.RunID, file: displayFile(d.Folder, d.FileName), mtime: d.ModTime.UTC().Truncate(time.Microsecond)}
	if r := d.Report; r != nil {
		if r.Revision != nil {
			v.revision = r.Revision.Marker
		}
		if t, err := time.Parse(time.DateOnly, r.ReportDate); err == nil {
			v.date = t
		}
	}
	return v
}

func displayFile(folder, name string) string {
	if folder == "" {
		return name
	}
	return path.Join(folder, name)
}

// decide ranks a newly loaded version against the current one of the same
// unit-year: a version marked as a correction wins over one that is not; else
// the later report date; else the later file modification time; else the one
// loaded later. File names never decide (their bytes sort "X(修改版).txt"
// before "X.txt"), and the rule does not depend on run boundaries, so an
// interrupted run and its rerun keep the same version as one run would. The
// finding names both files and why one won; it goes on the winner, where
// v_findings shows it.
func decide(n, o version, year int) (newWins bool, f report.Finding) {
	var why string
	certain := true
	switch {
	case (n.revision != "") != (o.revision != ""):
		newWins = n.revision != ""
		marker := n.revision + o.revision
		why = "标注为更正版（“" + marker + "”）"
	case !n.date.IsZero() && !o.date.IsZero() && !n.date.Equal(o.date):
		newWins = n.date.After(o.date)
		why = "报告日期较晚（" + later(n.date, o.date).Format("2006年1月2日") + "）"
	case !n.mtime.IsZero() && !o.mtime.IsZero() && (n.mtime.Sub(o.mtime) >= mtimeGrain || o.mtime.Sub(n.mtime) >= mtimeGrain):
		newWins = n.mtime.After(o.mtime)
		why = "文件修改时间较晚"
		certain = false
	default:
		newWins = true
		why = "更正标记、报告日期和文件修改时间都分不出先后，取后导入的一份"
		certain = false
	}
	win, lose := o, n
	if newWins {
		win, lose = n, o
	}
	if sameContent(n, o) {
		// Nothing to verify: whichever file stays current, the figures are the same.
		return newWins, report.Finding{
			Rule:     "version_conflict",
			Severity: "info",
			Message: fmt.Sprintf("%d年度本单位的“%s”与“%s”内容相同（同一份报告的两个文件）；采用“%s”，“%s”作为重复文件保留、不参与统计",
				year, o.file, n.file, win.file, lose.file),
			Expected: win.file,
			Found:    lose.file,
		}
	}
	f = report.Finding{
		Rule:     "version_conflict",
		Severity: "info",
		Message: fmt.Sprintf("%d年度本单位有两个版本：“%s”与“%s”；采用“%s”（%s），“%s”作为旧版本保留、不参与统计",
			year, o.file, n.file, win.file, why, lose.file),
		Expected: win.file,
		Found:    lose.file,
	}
	if !certain {
		f.Severity = "warning"
		f.Message += "；请核实哪一份是最终版本"
	}
	return newWins, f
}

// mtimeGrain: modification times closer than this do not rank versions. Zip
// archives (a county's folder arrives as one) keep times to 2 seconds, and
// files one program writes in a burst differ by milliseconds that mean nothing.
const mtimeGrain = 2 * time.Second

// later is the later of two times.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// loadVersions reads the current document of every unit-year into the mirror.
func (wr *writer) loadVersions(ctx context.Context) error {
	return scanAll(ctx, wr.conn, `SELECT e.unit_id, e.fiscal_year, d.document_id, coalesce(d.run_id, 0), d.file_name,
		       coalesce(d.inbox_folder, ''), coalesce(d.revision, ''), d.report_date, d.file_modified_at,
		       coalesce(c.content_key, 0)
		FROM evaluations e JOIN documents d USING (document_id)
		LEFT JOIN document_content c ON c.document_id = d.document_id`, func(r *gosql.Rows) error {
		var k unitYear
		var v version
		var name, folder string
		var date, mtime gosql.NullTime
		if err := r.Scan(&k.unit, &k.year, &v.doc, &v.run, &name, &folder, &v.revision, &date, &mtime, &v.content); err != nil {
			return err
		}
		v.file = displayFile(folder, name)
		v.date, v.mtime = date.Time, mtime.Time
		wr.evals[k] = v
		return nil
	})
}
