package sql

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Snapshots: DuckDB lets one process open a warehouse file read-write and
// refuses a second instance on the same file even inside that process, so the
// server publishes an immutable copy after each committed change. The SQL
// console and CLI readers (`jixiao sql`, `jixiao export` while `serve` runs)
// open the copy read-only: heavy analyst queries run in an instance of their
// own, and nobody waits for the writer's lock.

// SnapshotDir is the snapshot folder inside a data dir.
const SnapshotDir = "snapshot"

// snapshotCurrent is the symlink naming the newest snapshot; replaced by
// rename, so a reader resolves either the old or the new one, never half.
const snapshotCurrent = "current.duckdb"

// PublishSnapshot checkpoints the warehouse and publishes a copy of its file
// as dir/jixiao-v<version>.duckdb, then points dir/current.duckdb at it. The
// caller must hold the writer (no load may run: the file must not change
// during the copy); other sessions only add to the WAL, which the copy does
// not need after the checkpoint. Snapshots older than the previous one are
// removed (a reader that still has one open keeps reading it). It returns
// the new snapshot's path.
func (w *DB) PublishSnapshot(ctx context.Context, dir string, version int64) (string, error) {
	if w.path == "" || w.readOnly {
		return "", errors.New("snapshot: only a warehouse file open read-write can publish")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("snapshot: %w", err)
	}
	name := "jixiao-v" + strconv.FormatInt(version, 10) + ".duckdb"
	dst := filepath.Join(dir, name)
	if _, err := os.Stat(dst); err == nil {
		return dst, pointCurrent(dir, name)
	}
	if err := w.Checkpoint(ctx); err != nil {
		return "", err
	}
	tmp := dst + ".tmp"
	if err := copyFile(w.path, tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("snapshot: %w", err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("snapshot: %w", err)
	}
	if err := pointCurrent(dir, name); err != nil {
		return "", err
	}
	pruneSnapshots(dir, 2)
	return dst, nil
}

// SnapshotPath is the newest published snapshot in dir (ErrNotFound: none).
func SnapshotPath(dir string) (string, error) {
	target, err := os.Readlink(filepath.Join(dir, snapshotCurrent))
	if errors.Is(err, os.ErrNotExist) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("snapshot: %w", err)
	}
	p := filepath.Join(dir, filepath.Base(target))
	if _, err := os.Stat(p); err != nil {
		return "", ErrNotFound
	}
	return p, nil
}

// SnapshotVersion is the data version a snapshot path was published at.
func SnapshotVersion(path string) (int64, bool) {
	b := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "jixiao-v"), ".duckdb")
	v, err := strconv.ParseInt(b, 10, 64)
	return v, err == nil
}

func pointCurrent(dir, name string) error {
	tmp := filepath.Join(dir, ".current.tmp")
	os.Remove(tmp)
	if err := os.Symlink(name, tmp); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, snapshotCurrent)); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	return nil
}

// pruneSnapshots keeps the newest keep snapshots.
func pruneSnapshots(dir string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type snap struct {
		name string
		v    int64
	}
	var snaps []snap
	for _, e := range entries {
		if v, ok := SnapshotVersion(e.Name()); ok && strings.HasPrefix(e.Name(), "jixiao-v") {
			snaps = append(snaps, snap{e.Name(), v})
		}
	}
	sort.Slice(snaps, func(i, j int) bool { return snaps[i].v > snaps[j].v })
	for i := keep; i < len(snaps); i++ {
		os.Remove(filepath.Join(dir, snaps[i].name))
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
