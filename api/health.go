package api

import (
	"context"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	warehouse "jixiao/sql"
)

// healthz says the process answers; it touches nothing else.
func (s *Server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok", "version": s.version})
}

// readyStatus is /readyz's answer.
type readyStatus struct {
	Ready         bool   `json:"ready"`
	Warehouse     string `json:"warehouse"` // ok | 无法访问
	SchemaVersion int    `json:"schema_version"`
	// PendingMigrations are migrations this binary knows that the warehouse lacks.
	PendingMigrations int        `json:"pending_migrations"`
	DataVersion       int64      `json:"data_version"`
	LastRun           *lastRun   `json:"last_run"`
	NextRun           *time.Time `json:"next_run,omitempty"`
	Problems          []string   `json:"problems,omitempty"`
}

type lastRun struct {
	RunID     int64     `json:"run_id"`
	Status    string    `json:"status"`
	Trigger   string    `json:"trigger"`
	StartedAt time.Time `json:"started_at"`
}

// readyz is 200 when the warehouse answers and its schema is the one this
// binary knows; 503 otherwise. The last ETL run's status is reported but a
// failed run does not make the server unready: the data it serves is still
// the last committed state, and taking the API away would hide the failure's
// ledger from the people who must fix it.
func (s *Server) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	st := readyStatus{Ready: true, Warehouse: "ok", SchemaVersion: warehouse.SchemaVersion(), DataVersion: s.dataVersion.Load()}
	if err := s.wh.Ping(ctx); err != nil {
		st.Ready, st.Warehouse = false, "无法访问"
		st.Problems = append(st.Problems, "数据仓库无法访问")
		s.log.Error("readyz: ping", "err", err)
	} else {
		n, err := s.wh.PendingMigrations(ctx)
		st.PendingMigrations = n
		if err != nil || n != 0 {
			st.Ready = false
			st.Problems = append(st.Problems, "数据库结构版本与程序不一致")
		}
		r, err := s.wh.LastRun(ctx)
		switch {
		case err == nil:
			st.LastRun = &lastRun{RunID: r.RunID, Status: r.Status, Trigger: r.Trigger, StartedAt: r.StartedAt}
			if r.Status == "failed" {
				st.Problems = append(st.Problems, "最近一次 ETL 运行失败，请查看 /api/v1/etl/runs")
			}
		case !errors.Is(err, warehouse.ErrNotFound):
			s.log.Error("readyz: last run", "err", err)
		}
	}
	if s.nextRun != nil {
		if t := s.nextRun(); !t.IsZero() {
			st.NextRun = &t
		}
	}
	if !st.Ready {
		c.Status(fiber.StatusServiceUnavailable)
	}
	return c.JSON(st)
}
