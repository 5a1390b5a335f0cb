package api

import (
	"context"
	"net/http"
	"regexp"
	"sync"

	"github.com/gofiber/fiber/v2"
)

// Cancelling a console query. Fiber (fasthttp) does not cancel a handler's
// context when the client closes the connection, so a browser aborting its
// fetch alone would leave the query running in the sandbox until its time
// limit. The page therefore names each query (header X-Query-Id) and cancels
// it with DELETE /api/v1/sql/{qid}, which interrupts the statement at once.

// QueryIDHeader names a console query so that it can be cancelled.
const QueryIDHeader = "X-Query-Id"

var queryIDRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// runningQueries are the named console queries in flight, by token and name:
// a caller cancels only its own.
type runningQueries struct {
	mu sync.Mutex
	m  map[runningKey]context.CancelFunc
}

type runningKey struct{ token, id string }

// start derives the query's context. With no id the query cannot be
// cancelled by name; a name already running for this token is refused.
func (r *runningQueries) start(ctx context.Context, token, id string) (context.Context, func(), error) {
	if id == "" {
		return ctx, func() {}, nil
	}
	if !queryIDRe.MatchString(id) {
		return nil, nil, BadRequest("请求头 %s 应为 1–64 个字母、数字、- 或 _", QueryIDHeader)
	}
	k := runningKey{token, id}
	ctx, cancel := context.WithCancel(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.m[k]; dup {
		cancel()
		return nil, nil, &Error{Status: http.StatusConflict, Code: CodeConflict, Message: "同名查询（" + QueryIDHeader + "）正在运行"}
	}
	if r.m == nil {
		r.m = map[runningKey]context.CancelFunc{}
	}
	r.m[k] = cancel
	return ctx, func() {
		r.mu.Lock()
		delete(r.m, k)
		r.mu.Unlock()
		cancel()
	}, nil
}

// cancel interrupts the named query; false when none of that name runs.
func (r *runningQueries) cancel(token, id string) bool {
	r.mu.Lock()
	cancel, ok := r.m[runningKey{token, id}]
	r.mu.Unlock()
	if ok {
		cancel()
	}
	return ok
}

// cancelSQL answers DELETE /sql/{qid}: 204 when the query was running and is
// now interrupted (its own request answers with 查询已取消), 404 when no query
// of that name runs for this token (it has ended already).
func (s *Server) cancelSQL(c *fiber.Ctx) error {
	id := c.Params("qid")
	if !queryIDRe.MatchString(id) {
		return BadRequest("查询编号应为 1–64 个字母、数字、- 或 _")
	}
	if !s.running.cancel(PrincipalOf(c).TokenID, id) {
		return NotFound("没有正在运行的查询 %s（可能已经结束）", id)
	}
	return c.SendStatus(fiber.StatusNoContent)
}
