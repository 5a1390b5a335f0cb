// Package seedfile locates the real seed report that CI keeps beside the
// repository (../shared: seeds/ and fixtures/), for tests and benchmarks. The
// repository never copies it; tests that need it skip when it is absent.
package seedfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Paths of the seed report inside the shared directory.
const (
	Txt  = "seeds/000_6b3f55403a0e915c.txt"
	Docx = "fixtures/000_6b3f55403a0e915c.docx"
)

// Dir returns ../shared beside the repository root (the directory holding
// go.mod, found by walking up from the working directory).
func Dir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
	shared := filepath.Join(filepath.Dir(dir), "shared")
	if _, err := os.Stat(shared); err != nil {
		return "", err
	}
	return shared, nil
}

// Require returns the shared directory, or skips the test or benchmark with a
// message saying why.
func Require(tb testing.TB) string {
	tb.Helper()
	d, err := Dir()
	if err != nil {
		tb.Skipf("../shared (the seed report) is absent beside the repository (%v); seed tests run in CI", err)
	}
	return d
}

// Path returns a file under the shared directory (e.g. Txt), or skips.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(Require(tb), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("seed file %s is absent (%v)", rel, err)
	}
	return p
}
