package api

import (
	"bytes"
	"encoding/hex"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// observe is the outermost handler of every route: it maps an error returned
// by anything below to the error shape (so the status is known here), then
// counts the request by route and status and times it.
func (s *Server) observe(rt *Route) fiber.Handler {
	label := rt.FullPath()
	if rt.Path == "unmatched" {
		label = "unmatched"
	}
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		if err != nil {
			s.writeError(c, err)
		}
		status := c.Response().StatusCode()
		s.metrics.observeRequest(c.Method(), label, status, time.Since(start))
		return nil
	}
}

// routeLabel is the matched route's pattern (never the raw URL: it may carry
// names and ids).
func routeLabel(c *fiber.Ctx) string {
	if r := c.Route(); r != nil && r.Path != "" {
		return r.Path
	}
	return "unmatched"
}

// checkQuery refuses query parameters the route does not know, naming them,
// so a typo (?yaer=2021) is an error instead of a silently unfiltered answer.
func (s *Server) checkQuery(rt *Route) fiber.Handler {
	return func(c *fiber.Ctx) error {
		var unknown []string
		c.Request().URI().QueryArgs().VisitAll(func(k, _ []byte) {
			key := string(k)
			if !slices.Contains(rt.Query, key) && !slices.Contains(unknown, key) {
				unknown = append(unknown, key)
			}
		})
		if len(unknown) > 0 {
			if len(rt.Query) == 0 {
				return BadRequest("该接口不接受查询参数，收到：%s", strings.Join(unknown, "、"))
			}
			return BadRequest("未知的查询参数：%s（可用：%s）", strings.Join(unknown, "、"), strings.Join(rt.Query, "、"))
		}
		return c.Next()
	}
}

// etag gives every successful response an ETag. ETagData routes answer 304
// before doing any work when the warehouse data version, the request and the
// caller (role and scope shape the answer) are unchanged; ETagBody routes
// hash what they answered.
func (s *Server) etag(rt *Route) fiber.Handler {
	mode := rt.ETag
	return func(c *fiber.Ctx) error {
		if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
			return c.Next()
		}
		inm := c.Get(fiber.HeaderIfNoneMatch)
		if mode == ETagData {
			tag := s.dataETag(c)
			if inm != "" && etagMatches(inm, tag) {
				c.Set(fiber.HeaderETag, tag)
				return c.SendStatus(fiber.StatusNotModified)
			}
			if err := c.Next(); err != nil {
				return err
			}
			if c.Response().StatusCode() == fiber.StatusOK {
				c.Set(fiber.HeaderETag, tag)
			}
			return nil
		}
		if err := c.Next(); err != nil {
			return err
		}
		if c.Response().StatusCode() != fiber.StatusOK || c.Response().IsBodyStream() {
			return nil
		}
		h := fnv.New64a()
		h.Write([]byte(s.callerKey(c)))
		h.Write(c.Response().Body())
		tag := `W/"b-` + hex.EncodeToString(h.Sum(nil)) + `"`
		c.Set(fiber.HeaderETag, tag)
		if inm != "" && etagMatches(inm, tag) {
			c.Response().ResetBody()
			return c.SendStatus(fiber.StatusNotModified)
		}
		return nil
	}
}

// dataETag is W/"v<data version>-<hash of request and caller>".
func (s *Server) dataETag(c *fiber.Ctx) string {
	h := fnv.New64a()
	h.Write([]byte(c.Method()))
	h.Write([]byte{0})
	h.Write(c.Request().URI().RequestURI())
	h.Write([]byte{0})
	h.Write([]byte(s.callerKey(c)))
	return `W/"v` + strconv.FormatInt(s.dataVersion.Load(), 10) + "-" + hex.EncodeToString(h.Sum(nil)) + `"`
}

// callerKey is what of the caller shapes an answer: role (phones are masked
// below admin) and scope.
func (s *Server) callerKey(c *fiber.Ctx) string {
	p := PrincipalOf(c)
	return p.Role.String() + "|" + p.Scope.Region + "|" + p.Scope.Unit
}

// etagMatches reads If-None-Match: "*" or a list of (weak or strong) tags.
func etagMatches(header, tag string) bool {
	if strings.TrimSpace(header) == "*" {
		return true
	}
	want := []byte(strings.TrimPrefix(tag, "W/"))
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if bytes.Equal([]byte(t), want) {
			return true
		}
	}
	return false
}
