// Package sql is the warehouse: it owns the DuckDB file, applies the numbered
// schema migrations and the analyst views embedded from this folder, loads parsed
// reports (one transaction per document) and answers queries. It is the only
// package that imports the DuckDB driver.
package sql

import (
	"context"
	gosql "database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// FileName is the warehouse file inside a data dir.
const FileName = "jixiao.duckdb"

// ErrLocked is returned when another process holds the warehouse file.
var ErrLocked = errors.New("warehouse is in use by another process")

// DB is an open warehouse.
type DB struct {
	db       *gosql.DB
	path     string // "" for in-memory
	readOnly bool
	wrOnce   sync.Once
	wr       *writer
}

// Options tune Open.
type Options struct {
	// ReadOnly opens the file without write access (no migrations are applied).
	ReadOnly bool
	// Threads caps DuckDB's worker threads (0 = DuckDB default).
	Threads int
	// MemoryLimit such as "1GB"; "" means DefaultMemoryLimit for a warehouse
	// file opened read-write, DuckDB's own default (80% of RAM) otherwise.
	MemoryLimit string
}

// DefaultMemoryLimit bounds DuckDB's memory in a read-write warehouse. The ETL
// keeps a run's new rows in memory until its checkpoint: without a limit a
// 10,000-report run took 0.98 GiB RSS, with this one 0.66 GiB and no slower
// (DuckDB spills to the file's .tmp directory when it must; measured with
// `make bench`).
const DefaultMemoryLimit = "512MB"

// checkpointThreshold is the WAL size at which a commit checkpoints. DuckDB's
// 16 MB rewrote a run's growing tables every few hundred reports. With 1 GB
// (until the fifth session) a 10,000-report run checkpointed only at its end:
// by then DuckDB held ≈ 480 MB of the run's rows uncompressed, at
// DefaultMemoryLimit, so the refresh pushed them to temporary files and read
// them back, and the last checkpoint compressed them all while nothing else
// ran (≈ 3–5 s). At 100 MB a run checkpoints every ≈ 2,500 reports while the
// parsers keep working, and the refresh reads compressed rows from the file
// (measured: docs/decisions.md, "the warehouse side", fifth session).
const checkpointThreshold = "100MB"

// Open opens (creating if needed) the warehouse at path and brings its schema up
// to date. An empty path opens a private in-memory warehouse (used by `check`).
func Open(ctx context.Context, path string, opt Options) (*DB, error) {
	if path != "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("create warehouse dir: %w", err)
		}
	}
	params := []string{}
	if opt.ReadOnly {
		params = append(params, "access_mode=read_only")
	}
	if opt.Threads > 0 {
		params = append(params, fmt.Sprintf("threads=%d", opt.Threads))
	}
	limit := opt.MemoryLimit
	if limit == "" && path != "" && !opt.ReadOnly {
		limit = DefaultMemoryLimit
	}
	if limit != "" {
		params = append(params, "memory_limit="+limit)
	}
	// Extensions are bundled; never reach for the network.
	params = append(params, "autoinstall_known_extensions=false", "autoload_known_extensions=false")
	if !opt.ReadOnly {
		params = append(params, "checkpoint_threshold="+checkpointThreshold)
	}
	db, err := connect(ctx, path, params)
	if err != nil {
		return nil, err
	}
	w := &DB{db: db, path: path, readOnly: opt.ReadOnly}
	if err := w.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return w, nil
}

func openError(path string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "Could not set lock") || strings.Contains(msg, "Conflicting lock") {
		// Any jixiao process may hold it (an etl run, a query, a server): name none.
		return fmt.Errorf("数据目录正被另一个 jixiao 进程使用（例如正在运行的导入或查询），请等它结束后重试；%s: %w", path, ErrLocked)
	}
	return fmt.Errorf("open warehouse %s: %w", path, err)
}

// Close closes the warehouse.
func (w *DB) Close() error {
	var err error
	if w.wr != nil {
		w.wr.mu.Lock()
		err = w.wr.close()
		w.wr.mu.Unlock()
	}
	return errors.Join(err, w.db.Close())
}

// Path is the warehouse file ("" when in memory).
func (w *DB) Path() string { return w.path }
