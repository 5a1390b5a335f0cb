// Package web is the dashboards' web page (DESIGN §11): the built JavaScript
// and CSS bundle (dist/, built from src/ by `make assets` with esbuild and
// committed, so `go build` alone works on a machine without npm) and the HTML
// page templates the server renders (pages/). The api package serves both;
// this package only holds the files and says which source state the bundle
// was built from.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
)

//go:embed dist
var dist embed.FS

//go:embed pages/*.html
var pages embed.FS

// Assets are the built files, served under /assets/.
func Assets() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// Pages are the HTML templates.
func Pages() fs.FS { return pages }

// Manifest is dist/manifest.json, written by build.mjs: the hash of the
// sources the bundle was built from and each output's size.
type Manifest struct {
	SourceHash string           `json:"source_hash"`
	Files      map[string]Asset `json:"files"`
}

// Asset is one built file.
type Asset struct {
	Bytes     int    `json:"bytes"`
	GzipBytes int    `json:"gzip_bytes"`
	SHA256    string `json:"sha256"`
}

// ReadManifest reads the embedded manifest.
func ReadManifest() (Manifest, error) {
	var m Manifest
	b, err := fs.ReadFile(Assets(), "manifest.json")
	if err != nil {
		return m, fmt.Errorf("web: manifest: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("web: manifest: %w", err)
	}
	return m, nil
}

// SourceFiles are the inputs of the bundle, relative to this directory: what
// build.mjs hashes into the manifest (keep the two lists in step).
func SourceFiles(fsys fs.FS) ([]string, error) {
	var out []string
	for _, f := range []string{"build.mjs", "package.json", "package-lock.json"} {
		out = append(out, f)
	}
	err := fs.WalkDir(fsys, "src", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// SourceHash is the SHA-256 over every source file's path and content, in
// path order — the same digest build.mjs writes.
func SourceHash(fsys fs.FS) (string, error) {
	files, err := SourceFiles(fsys)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", path.Clean(f), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
