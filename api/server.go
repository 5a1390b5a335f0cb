// Package api is the HTTP face of the warehouse (DESIGN §9–§10): a Fiber v2
// server whose every endpoint is one entry of the route table (routes.go), with
// one middleware chain built from that entry — request metrics, bearer-token
// roles and scopes, query-parameter checks, ETags from the warehouse data
// version, the audit log — and one error mapper (errors.go). Handlers are thin:
// they read the request, call sql/ or etl/, and write JSON.
package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/etl"
	warehouse "jixiao/sql"
)

// Deps are what the server serves: the warehouse it holds read-write (the one
// writer) and the ETL runner over its inbox.
type Deps struct {
	WH      *warehouse.DB
	Runner  *etl.Runner
	Log     *slog.Logger
	Version string // the binary's version, for /healthz
	// NextRun, when set, tells /readyz when the next scheduled run fires.
	NextRun func() time.Time
}

// Server is the HTTP API over one warehouse.
type Server struct {
	app     *fiber.App
	cfg     Config
	wh      *warehouse.DB
	runner  *etl.Runner
	log     *slog.Logger
	version string
	nextRun func() time.Time
	tokens  *tokenSet
	metrics *metrics
	site    *site // the web page's templates and assets (web.go)
	// dataVersion is the warehouse data version, read at start and after
	// every ETL pass (this process is the only writer), so ETags cost no query.
	dataVersion atomic.Int64
	// runCtx is cancelled at shutdown: ETL passes started by requests stop
	// with it (their group commits or rolls back) rather than with the request.
	runCtx    context.Context
	cancelRun context.CancelFunc
	// dash are the dashboards as code, checked against the warehouse at start;
	// cache holds read answers for the current data version (cache.go).
	dash    *dashboards.Set
	cache   *respCache
	warming sync.WaitGroup
	warmMu  sync.Mutex
	// consoles is the SQL sandbox over the newest snapshot; running are its
	// named queries in flight, which DELETE /sql/{qid} cancels.
	consoles consoles
	running  runningQueries
}

// New builds the server and its route table. It refuses a configuration that
// would expose the warehouse without tokens.
func New(ctx context.Context, cfg Config, d Deps) (*Server, error) {
	ts, err := newTokenSet(cfg.Tokens)
	if err != nil {
		return nil, fmt.Errorf("访问令牌配置有误：%w", err)
	}
	if ts.empty() {
		if err := requireLoopback(cfg.Addr); err != nil {
			return nil, err
		}
	}
	if d.WH == nil || d.Runner == nil {
		return nil, errors.New("api: warehouse and runner are required")
	}
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, wh: d.WH, runner: d.Runner, log: log, version: d.Version, nextRun: d.NextRun, tokens: ts,
		metrics: newMetrics(), cache: newRespCache(4096)}
	if s.dash, err = dashboards.Load(); err != nil {
		return nil, err
	}
	if err := s.dash.Check(ctx, d.WH); err != nil {
		return nil, err
	}
	if s.site, err = newSite(cfg.TimeZone); err != nil {
		return nil, err
	}
	s.runCtx, s.cancelRun = context.WithCancel(context.WithoutCancel(ctx))
	if err := s.refreshDataVersion(ctx); err != nil {
		return nil, err
	}
	if err := s.publishSnapshot(ctx); err != nil {
		return nil, fmt.Errorf("publish the SQL console's snapshot: %w", err)
	}
	prev := d.Runner.AfterRun
	d.Runner.AfterRun = func(trigger string, sum warehouse.RunSummary, err error) {
		if prev != nil {
			prev(trigger, sum, err)
		}
		s.afterRun(trigger, sum, err)
	}
	s.app = fiber.New(fiber.Config{
		AppName:               "jixiao",
		DisableStartupMessage: true,
		BodyLimit:             int(cfg.UploadMaxBytes()) + 1<<20, // multipart framing on top of the file
		ReadTimeout:           2 * time.Minute,
		WriteTimeout:          10 * time.Minute, // exports stream
		IdleTimeout:           2 * time.Minute,
		// Every error reaching Fiber (unknown route, body too large, …) gets the
		// one error shape; handler errors are mapped earlier, in observe.
		ErrorHandler: func(c *fiber.Ctx, err error) error {
			s.writeError(c, err)
			return nil
		},
	})
	for _, rt := range s.routes() {
		s.mount(rt)
	}
	// Unknown paths: the error shape, counted under one label.
	s.app.Use(s.observe(&Route{Path: "unmatched"}), func(*fiber.Ctx) error { return fiber.ErrNotFound })
	return s, nil
}

// requireLoopback refuses to listen beyond this machine without tokens.
func requireLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("监听地址 %q 无效：%w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("没有配置访问令牌时只能监听本机地址（如 127.0.0.1:8080），而不是 %q："+
		"否则任何能访问该地址的人都能以管理员身份读取数据、上传文件；请用 JIXIAO_TOKENS 或配置文件的 tokens 设置令牌", addr)
}

// mount registers one route with the middleware chain its table entry asks for.
func (s *Server) mount(rt Route) {
	r := rt
	chain := []fiber.Handler{s.observe(&r), s.authenticate(&r), s.checkQuery(&r)}
	if r.ETag != ETagNone {
		chain = append(chain, s.etag(&r))
	}
	if r.Audit != "" {
		chain = append(chain, s.audit(&r))
	}
	chain = append(chain, r.Handler)
	s.app.Add(r.Method, r.FullPath(), chain...)
}

// Serve answers on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	return s.app.Listener(ln)
}

// Shutdown stops taking requests, waits for those in flight (up to the
// context's deadline) and cancels ETL passes that requests started.
func (s *Server) Shutdown(ctx context.Context) error {
	s.cancelRun()
	err := s.app.ShutdownWithContext(ctx)
	// No dashboard query may outlive the server (the warehouse closes next);
	// warmMu orders this Wait after any Add that saw the context still open.
	s.warmMu.Lock()
	s.warmMu.Unlock() //nolint:staticcheck // an empty critical section is the point
	s.warming.Wait()
	s.consoles.close()
	return err
}

// refreshDataVersion reads the warehouse data version into the ETag cache.
func (s *Server) refreshDataVersion(ctx context.Context) error {
	v, err := s.wh.DataVersion(ctx)
	if err != nil {
		return err
	}
	s.dataVersion.Store(v)
	s.metrics.dataVersion.Set(float64(v))
	return nil
}

// afterRun runs at the end of every ETL pass, still holding the writer.
func (s *Server) afterRun(trigger string, sum warehouse.RunSummary, err error) {
	s.metrics.observeRun(trigger, sum, err)
	ctx := context.WithoutCancel(s.runCtx)
	if rerr := s.refreshDataVersion(ctx); rerr != nil {
		s.log.Error("read data version", "err", rerr)
		return
	}
	if perr := s.publishSnapshot(ctx); perr != nil {
		s.log.Error("publish snapshot", "err", perr)
	}
	s.startPrewarm()
}
