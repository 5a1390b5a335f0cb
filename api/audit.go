package api

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	warehouse "jixiao/sql"
)

// auditInfo is what a handler adds to its audit entry.
type auditInfo struct {
	rows   *int64
	detail string
	// finish, set by DeferAudit, records the entry when a streamed answer ends.
	finish func(rows int64, err error)
	// deferred: the handler took finish; the middleware leaves the entry to it.
	deferred bool
}

const auditKey = "jixiao.audit"

func auditOf(c *fiber.Ctx) *auditInfo {
	a, _ := c.Locals(auditKey).(*auditInfo)
	return a
}

// SetAuditRows records how many rows an audited request answered or loaded.
func SetAuditRows(c *fiber.Ctx, n int64) {
	if a := auditOf(c); a != nil {
		a.rows = &n
	}
}

// SetAuditDetail records what an audited request did (the query text, the
// export's parameters, the stored file name). Never put a token here.
func SetAuditDetail(c *fiber.Ctx, detail string) {
	if a := auditOf(c); a != nil {
		// Copied: Fiber reuses request memory after the handler returns.
		a.detail = string([]byte(detail))
	}
}

// DeferAudit is for a handler that streams its answer after returning: the
// rows, the outcome and the duration are known only when the stream ends, so
// the audit entry is recorded then, by the returned function (call it once;
// err is what ended the stream early, nil when every row was sent). Without an
// audited route it returns a no-op.
func DeferAudit(c *fiber.Ctx) func(rows int64, err error) {
	a := auditOf(c)
	if a == nil || a.finish == nil {
		return func(int64, error) {}
	}
	a.deferred = true
	return a.finish
}

// maxAuditDetail bounds a recorded query text.
const maxAuditDetail = 4000

// audit records every call of an audited route — who (token id, role,
// scope), what, rows, duration, status and outcome — after it answered.
// A failure to record is logged; it does not fail the request.
func (s *Server) audit(rt *Route) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		a := &auditInfo{}
		c.Locals(auditKey, a)
		// The entry is built from values read now: a streamed answer ends after
		// the handler returned, when the request's fiber.Ctx is no longer valid.
		p := PrincipalOf(c)
		record := func(status int, rows *int64, streamErr error) {
			outcome := "ok"
			switch {
			case streamErr != nil || status >= 500:
				outcome = "failed"
			case status >= 400:
				outcome = "refused"
			}
			e := warehouse.AuditEntry{At: start, TokenID: p.TokenID, Role: p.Role.String(), Action: rt.Audit, Rows: rows,
				DurationMS: float64(time.Since(start).Microseconds()) / 1000, Status: status, Outcome: outcome}
			if sc := p.Scope.String(); sc != "" {
				e.Scope = &sc
			}
			if a.detail != "" {
				d := []rune(a.detail)
				if len(d) > maxAuditDetail {
					d = append(d[:maxAuditDetail], '…')
				}
				ds := string(d)
				e.Detail = &ds
			}
			if rerr := s.wh.RecordAudit(context.Background(), e); rerr != nil {
				s.log.Error("record audit", "action", rt.Audit, "err", rerr)
			}
		}
		a.finish = func(rows int64, streamErr error) { record(fiber.StatusOK, &rows, streamErr) }
		err := c.Next()
		status := c.Response().StatusCode()
		if err != nil {
			status = toAPIError(err).Status
		}
		if a.deferred && err == nil {
			return nil // the stream records its entry when it ends
		}
		record(status, a.rows, nil)
		return err
	}
}

// listAudit is the audit log, newest first (admin). A scoped admin sees the
// entries made under its own scope only.
func (s *Server) listAudit(c *fiber.Ctx) error {
	limit, offset, err := Page(c, 100)
	if err != nil {
		return err
	}
	f := warehouse.AuditFilter{Action: c.Query("action"), TokenID: c.Query("token_id"), Limit: limit, Offset: offset}
	switch f.Action {
	case "", "sql", "export", "upload", "etl_run", "download":
	default:
		return BadRequest("查询参数 action 应为 sql、export、upload、etl_run 或 download")
	}
	p := PrincipalOf(c)
	if !p.Scope.All() {
		f.Scope = p.Scope.String()
	}
	entries, err := s.wh.ListAudit(c.UserContext(), f)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"entries": entries, "limit": limit, "offset": offset})
}
