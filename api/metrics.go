package api

import (
	"bytes"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/common/expfmt"

	warehouse "jixiao/sql"
)

// metrics are the server's Prometheus series, on a registry of its own (no
// global state: tests run several servers in one process). They hold counts
// and timings only, never data.
type metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	runs        *prometheus.CounterVec
	files       *prometheus.CounterVec
	runSeconds  prometheus.Histogram
	skipped     prometheus.Counter
	queries     *prometheus.CounterVec
	exports     *prometheus.CounterVec
	uploads     *prometheus.CounterVec
	dataVersion prometheus.Gauge
	// panelSeconds is each dashboard panel's query time when its answer is
	// computed (a cache miss): the slow panel of a slow dashboard shows here.
	panelSeconds *prometheus.HistogramVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "jixiao_http_requests_total",
			Help: "HTTP requests by method, route pattern and status."}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "jixiao_http_request_duration_seconds",
			Help:    "HTTP request duration by method and route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .02, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}, []string{"method", "route"}),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "jixiao_etl_runs_total",
			Help: "ETL passes by trigger (schedule, api, upload, demo) and outcome."}, []string{"trigger", "outcome"}),
		files: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "jixiao_etl_files_total",
			Help: "Files handled by ETL passes, by outcome."}, []string{"outcome"}),
		runSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "jixiao_etl_run_seconds",
			Help: "Duration of ETL passes.", Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120, 300}}),
		skipped: prometheus.NewCounter(prometheus.CounterOpts{Name: "jixiao_etl_ticks_skipped_total",
			Help: "Scheduled ETL ticks skipped because a run was in progress."}),
		queries: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "jixiao_sql_queries_total",
			Help: "SQL console queries by outcome."}, []string{"outcome"}),
		exports: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "jixiao_exports_total",
			Help: "Comparison exports by format and outcome."}, []string{"format", "outcome"}),
		uploads: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "jixiao_uploads_total",
			Help: "Uploaded documents by outcome."}, []string{"outcome"}),
		dataVersion: prometheus.NewGauge(prometheus.GaugeOpts{Name: "jixiao_data_version",
			Help: "Warehouse data version (bumped by every ETL pass that changed data)."}),
		panelSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "jixiao_dashboard_panel_seconds",
			Help:    "Query time of a dashboard panel when its answer is computed (cache misses only).",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}, []string{"dashboard", "panel"}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.runs, m.files, m.runSeconds, m.skipped, m.queries, m.exports,
		m.uploads, m.dataVersion, m.panelSeconds, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observeRequest(method, route string, status int, d time.Duration) {
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(method, route).Observe(d.Seconds())
}

func (m *metrics) observeRun(trigger string, sum warehouse.RunSummary, err error) {
	outcome := "done"
	if err != nil {
		outcome = "failed"
	}
	m.runs.WithLabelValues(trigger, outcome).Inc()
	m.runSeconds.Observe(sum.Seconds)
	for k, n := range map[string]int{"loaded": sum.Loaded, "skipped": sum.Skipped, "quarantined": sum.Quarantined, "superseded": sum.Superseded} {
		if n > 0 {
			m.files.WithLabelValues(k).Add(float64(n))
		}
	}
}

// QueryDone counts one SQL console query (outcome: ok, refused, failed, timeout).
func (s *Server) QueryDone(outcome string) { s.metrics.queries.WithLabelValues(outcome).Inc() }

// ExportDone counts one comparison export.
func (s *Server) ExportDone(format, outcome string) {
	s.metrics.exports.WithLabelValues(format, outcome).Inc()
}

// TickSkipped counts a scheduled tick skipped because a run was going; the
// scheduler calls it.
func (s *Server) TickSkipped() { s.metrics.skipped.Inc() }

func (s *Server) metricsHandler(c *fiber.Ctx) error {
	mfs, err := s.metrics.reg.Gather()
	if err != nil {
		return Internal(err)
	}
	var buf bytes.Buffer
	enc := expfmt.NewEncoder(&buf, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			return Internal(err)
		}
	}
	c.Set(fiber.HeaderContentType, string(expfmt.NewFormat(expfmt.TypeTextPlain)))
	return c.Send(buf.Bytes())
}
