package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"jixiao/etl"
	"jixiao/etl/demo"
	"jixiao/etl/extract"
	"jixiao/export"
	"jixiao/report"
	warehouse "jixiao/sql"
)

func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check")
	asJSON := fs.Bool("json", false, "print the report contract as JSON")
	schemeID := fs.String("scheme", "", "scoring scheme id (default: detect)")
	dataDir := fs.String("data", "", "warehouse directory: also compare each report with its unit's earlier reports there (JIXIAO_DATA is not read here)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	histPath := ""
	if *dataDir != "" {
		p, err := historyPath(ctx, *dataDir)
		if err != nil {
			return err
		}
		histPath = p
	}
	if fs.NArg() == 0 {
		return errors.New("没有给出要检查的文件：jixiao check [--json] [--scheme ID] FILE...")
	}
	an, err := etl.NewAnalyzer(extract.Limits{})
	if err != nil {
		return err
	}
	checker, err := warehouse.NewChecker(ctx, an.Schemes)
	if err != nil {
		return err
	}
	defer checker.Close()
	// One entry per argument, in order: a report, or what went wrong with the file.
	entries := make([]any, 0, fs.NArg())
	failed := 0
	for _, path := range fs.Args() {
		var r *report.Report
		if histPath != "" {
			r, err = checkFileAgainst(ctx, an, path, *schemeID, histPath, stderr)
		} else {
			r, err = checkFile(ctx, an, checker, path, *schemeID)
		}
		if err != nil {
			// A refused document still says what it is and whose it is.
			msg := err.Error()
			if note := etl.RefusalNote(err); note != "" {
				msg += "。" + note
			}
			fmt.Fprintf(stderr, "jixiao check: %s: %s\n", path, msg)
			failed++
			entries = append(entries, checkFailure{File: path, Error: msg, Identity: etl.RefusedIdentity(err)})
			continue
		}
		entries = append(entries, r)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		var v any = entries
		if len(entries) == 1 {
			v = entries[0]
		}
		if err := enc.Encode(v); err != nil {
			return err
		}
	} else {
		for _, e := range entries {
			if r, ok := e.(*report.Report); ok {
				if err := printSummary(stdout, r); err != nil {
					return err
				}
			}
		}
	}
	if failed > 0 {
		return exitError{code: 1}
	}
	return nil
}

// checkFailure is the JSON entry of a file check could not read.
type checkFailure struct {
	File  string `json:"file"`
	Error string `json:"error"`
	// What a refused document named: type, unit, year (omitted when none).
	Identity warehouse.FileIdentity `json:"identity,omitzero"`
}

// checkFile parses one file and runs it through an in-memory warehouse so that the
// computed values and findings come from the same SQL views as the warehouse's.
func checkFile(ctx context.Context, an *etl.Analyzer, checker *warehouse.Checker, path, schemeID string) (*report.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r, err := an.Analyze(ctx, filepath.Base(path), data, etl.Overrides{Scheme: schemeID})
	if err != nil {
		return nil, err
	}
	if err := checker.Check(ctx, r, int64(len(data))); err != nil {
		return nil, err
	}
	return r, nil
}

// historyPath is the warehouse file check --data compares with: the file
// itself, or the snapshot a running `jixiao serve` published when it holds it.
func historyPath(ctx context.Context, dir string) (string, error) {
	path := filepath.Join(dir, warehouse.FileName)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("%s 中没有数据仓库（先运行 `jixiao etl --data %s --once`）", dir, dir)
	}
	wh, err := warehouse.Open(ctx, path, warehouse.Options{ReadOnly: true})
	if errors.Is(err, warehouse.ErrLocked) {
		snap, serr := warehouse.SnapshotPath(filepath.Join(dir, warehouse.SnapshotDir))
		if serr != nil {
			return "", fmt.Errorf("数据仓库正被其他进程使用，且没有可读的快照：%w", err)
		}
		return snap, nil
	}
	if err != nil {
		return "", err
	}
	return path, wh.Close()
}

// checkFileAgainst checks one file in its own private warehouse holding the
// unit's earlier reports from the warehouse at hist, so that the findings
// across years (copied text, unchanged figures, prior-year figures …) are
// reported too.
func checkFileAgainst(ctx context.Context, an *etl.Analyzer, path, schemeID, hist string, stderr io.Writer) (*report.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r, err := an.Analyze(ctx, filepath.Base(path), data, etl.Overrides{Scheme: schemeID})
	if err != nil {
		return nil, err
	}
	checker, err := warehouse.NewChecker(ctx, an.Schemes)
	if err != nil {
		return nil, err
	}
	defer checker.Close()
	known, err := checker.CheckAgainst(ctx, r, int64(len(data)), hist)
	if err != nil {
		return nil, err
	}
	if !known {
		fmt.Fprintf(stderr, "jixiao check: %s: 数据仓库中没有该单位以前年度的报告，未做跨年度比对\n", path)
	}
	return r, nil
}

// printSummary prints what check found in one report: the headline, each
// indicator with the declared beside the recomputed figures, and each finding.
func printSummary(w io.Writer, r *report.Report) error {
	year := "年度未识别"
	if r.FiscalYear != 0 {
		year = fmt.Sprintf("%d年度", r.FiscalYear)
	}
	unit := r.Unit.CanonicalName
	if unit == "" {
		unit = "单位未识别"
	}
	fmt.Fprintf(w, "%s  %s  %s  格式 %s", r.Source.File, unit, year, r.Source.Format)
	if r.Score.Total != nil {
		fmt.Fprintf(w, "  总分 %s %s", export.Text(*r.Score.Total), r.Score.Grade)
	}
	fmt.Fprintf(w, "  指标 %d 项  数据 %d 项  问题 %d 条\n", len(r.Indicators), len(r.Metrics), len(r.Findings))
	if r.DocumentType != "" {
		c := r.Completeness
		fmt.Fprintf(w, "文件类型：%s  已读 %d/%d 项", report.DocumentTypeLabel(r.DocumentType), c.Found, c.Expected)
		if ex := r.Excerpt; ex != nil {
			end := "至文末"
			if ex.EndHeading != "" {
				end = "至“" + ex.EndHeading + "”前"
			}
			fmt.Fprintf(w, "  只读取其中“%s”一节（%s）", ex.Heading, end)
		}
		fmt.Fprintln(w)
	}
	// 未读到 lists what a document of its type should hold (the N of 已读 N/M);
	// the contract's other empty fields follow apart, so the count and the list agree.
	expected := make(map[string]bool, len(r.Completeness.Missing))
	var missing, other []string
	for _, f := range r.Completeness.Missing {
		expected[f] = true
		missing = append(missing, report.FieldLabel(f))
	}
	for _, f := range r.Missing {
		if !expected[f] {
			other = append(other, report.FieldLabel(f))
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(w, "未读到：%s\n", strings.Join(missing, "、"))
	}
	if len(other) > 0 {
		fmt.Fprintf(w, "另未填（此类文件不一定有）：%s\n", strings.Join(other, "、"))
	}
	if len(r.Indicators) > 0 {
		fmt.Fprintln(w, "\n指标（自评与重算）")
		rows := make([][]any, 0, len(r.Indicators))
		for _, ind := range r.Indicators {
			rows = append(rows, []any{ind.Level1, ind.Name, num(ind.MaxPoints), num(ind.DeclaredValue), num(ind.ComputedValue),
				num(ind.DeclaredScore), num(ind.ComputedScore)})
		}
		if _, err := export.Table(w, export.Slice([]string{"一级指标", "指标", "分值", "自评值", "重算值", "自评得分", "重算得分"}, rows)); err != nil {
			return err
		}
	}
	if len(r.Findings) > 0 {
		fmt.Fprintln(w, "\n问题")
		rows := make([][]any, 0, len(r.Findings))
		for _, f := range r.Findings {
			rows = append(rows, []any{severityName(f.Severity), f.Expected, f.Found, f.Message})
		}
		// The message goes last: the longest cell (a scheme's doubt runs to
		// 200 characters) would otherwise pad every row after it.
		if _, err := export.Table(w, export.Slice([]string{"级别", "应为", "实为", "说明"}, rows)); err != nil {
			return err
		}
	}
	fmt.Fprintln(w)
	return nil
}

// num is a figure for a table cell: nil stays empty.
func num(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func severityName(s string) string {
	switch s {
	case "error":
		return "错误"
	case "warning":
		return "警告"
	case "info":
		return "提示"
	}
	return s
}

func cmdETL(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("etl")
	dataDir := fs.String("data", "", "data dir holding jixiao.duckdb, inbox/, archive/, quarantine/")
	inbox := fs.String("inbox", "", "inbox dir (default DATA/inbox)")
	once := fs.Bool("once", false, "run one pass and exit (required; `serve` schedules runs)")
	asJSON := fs.Bool("json", false, "print the run summary as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dataDir == "" {
		return errNoData
	}
	if !*once {
		return errors.New("需要 --once：`jixiao etl --data DIR --once` 对收件箱运行一次；定时运行请用 `jixiao serve`")
	}
	layout := etl.NewLayout(*dataDir, *inbox)
	if err := layout.Ensure(); err != nil {
		return err
	}
	wh, err := warehouse.Open(ctx, layout.WarehousePath(), warehouse.Options{})
	if err != nil {
		return err
	}
	defer wh.Close()
	if _, err := wh.AbandonRuns(ctx); err != nil {
		return err
	}
	an, err := etl.NewAnalyzer(extract.Limits{})
	if err != nil {
		return err
	}
	runner := &etl.Runner{WH: wh, Analyzer: an, Layout: layout, Log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	var progress etl.Progress
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) && !*asJSON {
		var bar *progressbar.ProgressBar
		progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("etl"),
					progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
			}
			_ = bar.Set(done)
		}
	}
	sum, err := runner.RunOnce(ctx, "cli", progress)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		return enc.Encode(sum)
	}
	fmt.Fprintf(stdout, "run %d: seen %d, loaded %d, skipped %d, superseded %d, quarantined %d, unrecognised %d in %.2fs\n",
		sum.RunID, sum.Seen, sum.Loaded, sum.Skipped, sum.Superseded, sum.Quarantined, sum.Unrecognised, sum.Seconds)
	return nil
}

func cmdDemo(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("demo")
	out := fs.String("out", "", "directory to write the demo corpus into (e.g. DATA/inbox)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("需要 --out DIR：演示报告写入的目录（如 data/inbox）")
	}
	files, err := demo.Write(ctx, *out, demo.Options{})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d demo reports to %s\n", len(files), *out)
	return nil
}

func cmdSQL(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sql")
	dataDir := fs.String("data", "", "data dir holding jixiao.duckdb")
	format := fs.String("format", "table", "output format: table, csv, json or parquet")
	maxRows := fs.Int("max-rows", -1, "row cap; 0 = no cap (default: 10000 for table and json, none for csv)")
	timeout := fs.Duration("timeout", warehouse.DefaultSandboxTimeout, "stop the query after this long")
	out := fs.String("out", "", "write to FILE instead of standard output")
	bom := fs.Bool("bom", true, "start CSV with a UTF-8 byte-order mark, so Excel reads Chinese correctly")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dataDir == "" {
		return errNoData
	}
	if fs.NArg() != 1 {
		return fmt.Errorf(`需要一条查询（收到 %d 个参数）：jixiao sql --data DIR "SELECT ..."`, fs.NArg())
	}
	switch *format {
	case "table", "csv", "json", "parquet":
	default:
		return fmt.Errorf("未知的输出格式 %q：可选 table、csv、json、parquet", *format)
	}
	exporting := *format == "csv" || *format == "parquet"
	limit := *maxRows
	if limit < 0 {
		limit = warehouse.DefaultMaxRows
		if exporting {
			limit = 0 // the export formats: every row, streamed
		}
	}
	sb, err := openSandbox(ctx, *dataDir, *timeout)
	if err != nil {
		return err
	}
	defer sb.Close()
	q := warehouse.QueryOptions{MaxRows: limit}
	if limit == 0 {
		q.MaxRows = -1
	}
	var sum export.Summary
	if *format == "parquet" {
		err = writeOut(*out, stdout, func(w io.Writer) error {
			sum, err = sb.QueryParquet(ctx, w, fs.Arg(0), q)
			return err
		})
	} else {
		var rows *warehouse.Rows
		rows, err = sb.Query(ctx, fs.Arg(0), q)
		if err != nil {
			return err
		}
		defer rows.Close()
		err = writeOut(*out, stdout, func(w io.Writer) error {
			var err error
			switch *format {
			case "csv":
				sum, err = export.CSV(w, rows, export.CSVOptions{NoBOM: !*bom})
			case "json":
				sum, err = export.JSON(w, rows)
			default:
				sum, err = export.Table(w, rows)
			}
			return err
		})
	}
	if err != nil {
		return err
	}
	if sum.Truncated {
		fmt.Fprintf(stderr, "jixiao sql: 注意：结果不止 %d 行，只输出了前 %d 行；用 --max-rows N 调整上限（0 表示不限）\n", sum.Rows, sum.Rows)
		if exporting {
			// An export cut short must not pass for a complete one in a script.
			return exitError{code: 3}
		}
	}
	return nil
}

// openSandbox opens the data dir's warehouse in the SQL sandbox.
func openSandbox(ctx context.Context, dataDir string, timeout time.Duration) (*warehouse.Sandbox, error) {
	path := filepath.Join(dataDir, warehouse.FileName)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%s 中没有数据仓库（先运行 `jixiao etl --data %s --once`）", dataDir, dataDir)
	}
	sb, err := warehouse.OpenSandbox(ctx, path, warehouse.SandboxOptions{Timeout: timeout})
	if errors.Is(err, warehouse.ErrLocked) {
		// A running `jixiao serve` holds the file: read the snapshot it
		// published after its last committed change.
		snap, serr := warehouse.SnapshotPath(filepath.Join(dataDir, warehouse.SnapshotDir))
		if serr != nil {
			return nil, err
		}
		return warehouse.OpenSandbox(ctx, snap, warehouse.SandboxOptions{Timeout: timeout})
	}
	return sb, err
}

// writeOut runs write on stdout, or on a new file at path that appears only
// complete: written beside it, then renamed; a failed write leaves no file.
func writeOut(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" {
		return write(stdout)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
