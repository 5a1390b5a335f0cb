package api

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	warehouse "jixiao/sql"
)

// listRuns is the ETL ledger, newest first.
func (s *Server) listRuns(c *fiber.Ctx) error {
	limit, offset, err := Page(c, 50)
	if err != nil {
		return err
	}
	runs, err := s.wh.Runs(c.UserContext(), limit, offset)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"runs": runs, "limit": limit, "offset": offset})
}

// getRun is one run with every file's outcome and quarantine reason.
func (s *Server) getRun(c *fiber.Ctx) error {
	id, err := ParamID(c, "id")
	if err != nil {
		return err
	}
	r, err := s.wh.RunByID(c.UserContext(), id)
	if errors.Is(err, warehouse.ErrNotFound) {
		return NotFound("没有编号为 %d 的 ETL 运行", id)
	}
	if err != nil {
		return err
	}
	// File-system errors in the ledger name server paths.
	scrub := func(p *string) *string {
		if p == nil {
			return nil
		}
		x := s.scrubPaths(*p)
		return &x
	}
	r.Error = scrub(r.Error)
	for i := range r.Files {
		r.Files[i].Error = scrub(r.Files[i].Error)
	}
	return c.JSON(r)
}

// startRun runs the inbox once now and answers with its summary. A run
// already going (scheduled or requested) answers 409 rather than queueing.
func (s *Server) startRun(c *fiber.Ctx) error {
	sum, err := s.runner.TryRunOnce(s.runCtx, "api", nil)
	if sum.RunID != 0 {
		SetAuditDetail(c, "run "+strconv.FormatInt(sum.RunID, 10))
		SetAuditRows(c, int64(sum.Loaded))
	}
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(sum)
}

// ParamID reads a positive integer path parameter, answering 400 otherwise.
func ParamID(c *fiber.Ctx, name string) (int64, error) {
	raw := c.Params(name)
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, BadRequest("路径中的编号 %q 不是正整数", raw)
	}
	return id, nil
}

// QueryInt reads an optional integer query parameter within [lo, hi].
func QueryInt(c *fiber.Ctx, name string, def, lo, hi int) (int, error) {
	raw := c.Query(name)
	if raw == "" {
		return def, nil
	}
	v, err := strconv.Atoi(raw)
	if err != nil {
		return 0, BadRequest("查询参数 %s=%q 不是整数", name, raw)
	}
	if v < lo || v > hi {
		return 0, BadRequest("查询参数 %s=%d 超出范围（%d–%d）", name, v, lo, hi)
	}
	return v, nil
}

// Page reads the limit (1–1000, default def) and offset query parameters.
func Page(c *fiber.Ctx, def int) (limit, offset int, err error) {
	if limit, err = QueryInt(c, "limit", def, 1, 1000); err != nil {
		return 0, 0, err
	}
	offset, err = QueryInt(c, "offset", 0, 0, 1<<31-1)
	return limit, offset, err
}
