package etl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	// The scheduler's time zone (Asia/Shanghai by default) must resolve on a
	// machine or container without /usr/share/zoneinfo.
	_ "time/tzdata"

	"github.com/go-co-op/gocron/v2"
	"github.com/google/uuid"
)

// DefaultSchedule runs the inbox every 10 minutes; DefaultTimeZone is where
// the cron spec is read.
const (
	DefaultSchedule = "*/10 * * * *"
	DefaultTimeZone = "Asia/Shanghai"
)

// Scheduler runs the inbox ETL on a cron spec. Runs never overlap: gocron's
// singleton mode drops a tick while the scheduled run is still going, and a
// tick that finds a run started elsewhere (an API request, an upload) is
// skipped too; both are logged.
type Scheduler struct {
	s      gocron.Scheduler
	runner *Runner
	log    *slog.Logger
	// OnSkip, when set, is called for every skipped tick (metrics).
	onSkip func()
}

// NewScheduler prepares (but does not start) a scheduler running r on the
// cron spec (five fields, or six with seconds first) read in the named time zone.
func NewScheduler(r *Runner, spec, tz string, log *slog.Logger, onSkip func()) (*Scheduler, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("时区 %q 无法识别：%w", tz, err)
	}
	sc := &Scheduler{runner: r, log: log, onSkip: onSkip}
	s, err := gocron.NewScheduler(gocron.WithLocation(loc), gocron.WithStopTimeout(time.Minute),
		gocron.WithMonitor(skipMonitor{sc}))
	if err != nil {
		return nil, fmt.Errorf("create scheduler: %w", err)
	}
	// Six fields lead with seconds (tests use "*/1 * * * * *").
	withSeconds := len(strings.Fields(spec)) == 6
	_, err = s.NewJob(gocron.CronJob(spec, withSeconds), gocron.NewTask(sc.tick),
		gocron.WithName("inbox-etl"), gocron.WithSingletonMode(gocron.LimitModeReschedule))
	if err != nil {
		_ = s.Shutdown()
		return nil, fmt.Errorf("定时规则 %q 无效（五段 cron，例如 */10 * * * *；六段时第一段为秒）：%w", spec, err)
	}
	sc.s = s
	return sc, nil
}

// Start starts the ticks.
func (sc *Scheduler) Start() { sc.s.Start() }

// NextRun is when the next tick fires (zero when unknown).
func (sc *Scheduler) NextRun() time.Time {
	for _, j := range sc.s.Jobs() {
		if t, err := j.NextRun(); err == nil {
			return t
		}
	}
	return time.Time{}
}

// Shutdown cancels a running tick's context (its current group commits or
// rolls back; its remaining files stay in the inbox) and waits for it.
func (sc *Scheduler) Shutdown() error { return sc.s.Shutdown() }

// tick is one scheduled pass; gocron passes a context cancelled at Shutdown.
func (sc *Scheduler) tick(ctx context.Context) {
	sum, err := sc.runner.TryRunOnce(ctx, "schedule", nil)
	switch {
	case errors.Is(err, ErrBusy):
		sc.skipped("another run is in progress")
	case err != nil:
		sc.log.Error("scheduled etl run failed", "run_id", sum.RunID, "err", err)
	case sum.Seen > 0:
		sc.log.Info("scheduled etl run", "run_id", sum.RunID, "seen", sum.Seen, "loaded", sum.Loaded,
			"quarantined", sum.Quarantined, "seconds", sum.Seconds)
	}
}

func (sc *Scheduler) skipped(why string) {
	sc.log.Warn("scheduled etl tick skipped", "reason", why)
	if sc.onSkip != nil {
		sc.onSkip()
	}
}

// skipMonitor hears gocron drop a tick of the still-running job (singleton mode).
type skipMonitor struct{ sc *Scheduler }

func (m skipMonitor) IncrementJob(_ uuid.UUID, _ string, _ []string, status gocron.JobStatus) {
	if status == gocron.SingletonRescheduled {
		m.sc.skipped("the previous scheduled run is still going")
	}
}

func (skipMonitor) RecordJobTiming(time.Time, time.Time, uuid.UUID, string, []string) {}
