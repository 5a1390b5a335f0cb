package api

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"

	"github.com/gofiber/fiber/v2"
)

// respCache holds answers of read resources and dashboards for the current
// warehouse data version. The key is the request (path and query) and the
// caller's role and scope, so no answer crosses callers with different
// rights; the whole cache is dropped the moment the data version changes, so
// an answer is never older than the last committed ETL run. Concurrent misses
// of one key wait for a single computation (50 dashboards opened at once after
// a run cost one query, not fifty).
type respCache struct {
	mu       sync.Mutex
	version  int64
	entries  map[string]any
	inflight map[string]*flight
	max      int
}

type flight struct {
	done chan struct{}
	val  any
	err  error
}

func newRespCache(max int) *respCache {
	return &respCache{entries: map[string]any{}, inflight: map[string]*flight{}, max: max}
}

// get returns the value for key at version, computing it once when missing.
func (rc *respCache) get(ctx context.Context, version int64, key string, compute func(context.Context) (any, error)) (any, error) {
	rc.mu.Lock()
	if version != rc.version {
		rc.version, rc.entries, rc.inflight = version, map[string]any{}, map[string]*flight{}
	}
	if v, ok := rc.entries[key]; ok {
		rc.mu.Unlock()
		return v, nil
	}
	if f, ok := rc.inflight[key]; ok {
		rc.mu.Unlock()
		select {
		case <-f.done:
			return f.val, f.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f := &flight{done: make(chan struct{})}
	rc.inflight[key] = f
	rc.mu.Unlock()

	// The computation belongs to every waiter, not to the first caller: a
	// client that hangs up must not fail the others' answer.
	f.val, f.err = compute(context.WithoutCancel(ctx))
	close(f.done)

	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.version == version && rc.inflight[key] == f {
		delete(rc.inflight, key)
		if f.err == nil {
			if len(rc.entries) >= rc.max {
				// Bounded by dropping everything: entries are cheap to recompute
				// and a leadership dashboard's handful of keys refill at once.
				rc.entries = map[string]any{}
			}
			rc.entries[key] = f.val
		}
	}
	return f.val, f.err
}

// rawJSON is an already encoded JSON body.
type rawJSON []byte

// cached answers compute's value for this data version and key.
func (s *Server) cached(ctx context.Context, key string, compute func(context.Context) (any, error)) (any, error) {
	return s.cache.get(ctx, s.dataVersion.Load(), key, compute)
}

// answerKey is the cache key of an answer: the request and the caller's
// scope, and the role only for answers that depend on it (phones are masked
// below admin), so that viewers and admins share a dashboard's answer.
func answerKey(method, uri string, sc Scope, role *Role) string {
	k := method + " " + uri + "|" + sc.Region + "|" + sc.Unit
	if role != nil {
		k += "|" + role.String()
	}
	return k
}

// cachedJSON answers the request with compute's value, encoded once per data
// version, request and scope (and role when byRole).
func (s *Server) cachedJSON(c *fiber.Ctx, byRole bool, compute func(context.Context) (any, error)) error {
	p := PrincipalOf(c)
	var role *Role
	if byRole {
		role = &p.Role
	}
	key := answerKey(c.Method(), string(c.Request().URI().RequestURI()), p.Scope, role)
	v, err := s.cachedRaw(c.UserContext(), key, compute)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(v)
}

// cachedRaw is compute's value encoded as JSON, once per data version and key.
func (s *Server) cachedRaw(ctx context.Context, key string, compute func(context.Context) (any, error)) (rawJSON, error) {
	v, err := s.cached(ctx, key, func(ctx context.Context) (any, error) {
		v, err := compute(ctx)
		if err != nil {
			return nil, err
		}
		if raw, ok := v.(rawJSON); ok {
			return raw, nil
		}
		return marshalJSON(v)
	})
	if err != nil {
		return nil, err
	}
	return v.(rawJSON), nil
}

// marshalJSON encodes v without HTML escaping (Chinese text with 《》 and
// comparison signs stays readable).
func marshalJSON(v any) (rawJSON, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return rawJSON(bytes.TrimRight(b.Bytes(), "\n")), nil
}
