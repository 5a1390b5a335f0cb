package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"jixiao/api"
	"jixiao/etl"
	"jixiao/etl/demo"
	"jixiao/etl/extract"
	warehouse "jixiao/sql"
)

// cmdServe runs the API and the scheduled ETL until ctx ends (SIGINT/SIGTERM).
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := serveConfig(args)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	layout := etl.NewLayout(cfg.Data, cfg.Inbox)
	if err := layout.Ensure(); err != nil {
		return err
	}
	wh, err := warehouse.Open(ctx, layout.WarehousePath(), warehouse.Options{})
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			wh.Close()
		}
	}()
	if n, err := wh.AbandonRuns(ctx); err != nil {
		return err
	} else if n > 0 {
		log.Warn("runs left running by a stopped process marked interrupted", "runs", n)
	}
	lim := extract.DefaultLimits()
	lim.MaxFileBytes = min(lim.MaxFileBytes, cfg.UploadMaxBytes())
	an, err := etl.NewAnalyzer(lim)
	if err != nil {
		return err
	}
	runner := &etl.Runner{WH: wh, Analyzer: an, Layout: layout, Log: log}
	var sched *etl.Scheduler
	nextRun := func() time.Time {
		if sched == nil {
			return time.Time{}
		}
		return sched.NextRun()
	}
	srv, err := api.New(ctx, cfg, api.Deps{WH: wh, Runner: runner, Log: log, Version: version, NextRun: nextRun})
	if err != nil {
		return err
	}
	if !cfg.ScheduleOff() {
		if sched, err = etl.NewScheduler(runner, cfg.Schedule, cfg.TimeZone, log, srv.TickSkipped); err != nil {
			return err
		}
	}
	if cfg.Demo {
		if err := loadDemo(ctx, wh, runner, layout, log); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s：%w", cfg.Addr, err)
	}
	if sched != nil {
		sched.Start()
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	srv.Prewarm() // the dashboards' first answers, computed before anyone asks
	fmt.Fprintf(stdout, "jixiao serve: listening on http://%s\n", ln.Addr())
	log.Info("serving", "addr", ln.Addr().String(), "data", cfg.Data, "schedule", cfg.Schedule, "time_zone", cfg.TimeZone)

	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-served:
	}
	log.Info("shutting down")
	// Stop taking requests and cancel the running pass at once: the pass's
	// current group commits or rolls back, its other files stay in the inbox.
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	errs := []error{serveErr}
	done := make(chan error, 1)
	go func() { done <- srv.Shutdown(shutCtx) }()
	if sched != nil {
		errs = append(errs, sched.Shutdown())
	}
	errs = append(errs, <-done)
	// Wait for the writer so no pass is mid-group, then checkpoint so no WAL
	// is left to replay at the next start.
	runner.Stop()
	errs = append(errs, wh.Checkpoint(shutCtx), wh.Close())
	closed = true
	log.Info("stopped")
	return errors.Join(errs...)
}

// serveConfig reads the configuration: each setting from its flag, else its
// JIXIAO_* variable, else the --config file, else the default. The file is
// read first and its values become the flags' defaults.
func serveConfig(args []string) (api.Config, error) {
	cfg := api.DefaultConfig()
	file := configFileArg(args)
	if file != "" {
		fc, err := api.ReadConfigFile(file, cfg)
		if err != nil {
			return cfg, err
		}
		cfg = fc
	}
	fs := newFlags("serve")
	fs.StringVar(&cfg.Data, "data", cfg.Data, "data dir holding jixiao.duckdb, inbox/, archive/, quarantine/")
	fs.StringVar(&cfg.Inbox, "inbox", cfg.Inbox, "inbox dir (default DATA/inbox)")
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address")
	fs.BoolVar(&cfg.Demo, "demo", cfg.Demo, "write the demo corpus into the inbox and load it before serving (when the warehouse is empty)")
	fs.String("config", file, "YAML config file")
	fs.StringVar(&cfg.Schedule, "schedule", cfg.Schedule, `cron spec of inbox runs ("off" disables)`)
	fs.StringVar(&cfg.TimeZone, "time-zone", cfg.TimeZone, "time zone of the cron spec")
	fs.IntVar(&cfg.UploadMaxMB, "upload-max-mb", cfg.UploadMaxMB, "largest accepted upload in MiB")
	fs.DurationVar(&cfg.SQLTimeout, "sql-timeout", cfg.SQLTimeout, "time limit of one SQL console query, until its last row is sent (0: 30s)")
	if err := parseFlags(fs, args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("多余的参数 %q（用法见 `jixiao serve --help`）", fs.Arg(0))
	}
	if v, ok := os.LookupEnv("JIXIAO_TOKENS"); ok {
		toks, err := api.ParseTokens(v)
		if err != nil {
			return cfg, err
		}
		cfg.Tokens = toks
	}
	return cfg, cfg.Validate()
}

// configFileArg finds --config FILE (or JIXIAO_CONFIG) before the other flags
// are defined, since the file supplies their defaults.
func configFileArg(args []string) string {
	for i, a := range args {
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "config" {
			continue
		}
		if hasVal {
			return val
		}
		if i+1 < len(args) {
			return args[i+1]
		}
	}
	return os.Getenv("JIXIAO_CONFIG")
}

// loadDemo writes the demo corpus into an empty warehouse's inbox and loads it.
func loadDemo(ctx context.Context, wh *warehouse.DB, runner *etl.Runner, layout etl.Layout, log *slog.Logger) error {
	v, err := wh.DataVersion(ctx)
	if err != nil {
		return err
	}
	if v > 0 {
		log.Info("demo: the warehouse already holds data; not loading the demo corpus again")
		return nil
	}
	files, err := demo.Write(ctx, layout.Inbox, demo.Options{})
	if err != nil {
		return err
	}
	sum, err := runner.RunOnce(ctx, "demo", nil)
	if err != nil {
		return fmt.Errorf("载入演示报告失败：%w", err)
	}
	log.Info("demo corpus loaded", "files", len(files), "loaded", sum.Loaded, "seconds", sum.Seconds)
	return nil
}
