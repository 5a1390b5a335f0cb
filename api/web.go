package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"path"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards/web"
	warehouse "jixiao/sql"
)

// The web page (DESIGN §11) is server-rendered HTML frames plus one small
// script per page. A frame holds no warehouse data — only the navigation, the
// data version and the last load time — so pages are public routes: every
// number is fetched by the page's script from /api/v1 with the caller's token
// (a browser cannot send a Bearer header on navigation), and the API's roles
// and scopes decide what it sees.

// webPage is one page of the site.
type webPage struct {
	Path   string
	Title  string
	Script string   // dist/<Script>.js
	Query  []string // query parameters the page's script reads
}

var webPages = []webPage{
	{Path: "/", Title: "首页", Script: "home"},
	{Path: "/d/:id", Title: "看板", Script: "dashboard", Query: []string{"unit", "region", "year", "from", "to"}},
	{Path: "/e/:id", Title: "出处", Script: "evidence", Query: []string{"hl", "blk", "msg"}},
	{Path: "/sql", Title: "SQL 控制台", Script: "sql"},
	{Path: "/compare", Title: "年度对比导出", Script: "compare", Query: []string{"unit", "region", "years"}},
	{Path: "/upload", Title: "上传报告", Script: "upload"},
}

// site is the parsed page template and the asset manifest.
type site struct {
	tmpl     *template.Template
	assets   fs.FS
	manifest web.Manifest
	loc      *time.Location
	// gzipped holds each asset compressed once at start: the dashboard
	// script is ~630 KB and ~215 KB gzipped, and a projector on hotel Wi-Fi
	// feels the difference.
	gzipped map[string][]byte
}

func newSite(timeZone string) (*site, error) {
	t, err := template.ParseFS(web.Pages(), "pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	m, err := web.ReadManifest()
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(timeZone)
	if err != nil {
		loc = time.Local
	}
	st := &site{tmpl: t, assets: web.Assets(), manifest: m, loc: loc, gzipped: map[string][]byte{}}
	for name := range m.Files {
		b, err := fs.ReadFile(st.assets, name)
		if err != nil {
			return nil, fmt.Errorf("web: asset %s listed in the manifest: %w", name, err)
		}
		var z bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
		if _, err := zw.Write(b); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		st.gzipped[name] = z.Bytes()
	}
	return st, nil
}

// webRoutes are the pages and their assets, in the route table like every
// other endpoint.
func (s *Server) webRoutes() []Route {
	out := make([]Route, 0, len(webPages)+1)
	for _, p := range webPages {
		out = append(out, Route{Method: fiber.MethodGet, Root: true, Path: p.Path, Role: Public, ETag: ETagNone,
			Query: p.Query, Summary: "网页：" + p.Title, Handler: s.pageHandler(p)})
	}
	return append(out, Route{Method: fiber.MethodGet, Root: true, Path: "/assets/*", Role: Public, ETag: ETagNone,
		Query: []string{"v"}, Summary: "网页的脚本和样式（内嵌于程序）", Handler: s.asset})
}

// pageData fills the frame.
type pageData struct {
	Title, Script, AssetVersion, LastLoad, Now string
	DataVersion                                int64
}

func (s *Server) pageHandler(p webPage) fiber.Handler {
	return func(c *fiber.Ctx) error {
		d := pageData{Title: p.Title, Script: p.Script, AssetVersion: s.site.assetVersion(),
			DataVersion: s.dataVersion.Load(), LastLoad: s.lastLoad(c.UserContext()),
			Now: time.Now().In(s.site.loc).Format("2006-01-02 15:04")}
		var b bytes.Buffer
		if err := s.site.tmpl.ExecuteTemplate(&b, "page", d); err != nil {
			return Internal(err)
		}
		c.Set(fiber.HeaderCacheControl, "no-cache")
		c.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "+
			"script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
		c.Set("X-Content-Type-Options", "nosniff")
		c.Type("html", "utf-8")
		return c.Send(b.Bytes())
	}
}

// lastLoad is the newest ETL run as people read it.
func (s *Server) lastLoad(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	r, err := s.wh.LastRun(ctx)
	if errors.Is(err, warehouse.ErrNotFound) {
		return "尚未运行"
	}
	if err != nil {
		s.log.Warn("web: last run", "err", err)
		return "未知"
	}
	t := r.StartedAt
	if r.FinishedAt != nil {
		t = *r.FinishedAt
	}
	status := map[string]string{"ok": "成功", "done": "成功", "succeeded": "成功", "failed": "失败", "running": "进行中", "stopped": "已中断"}[r.Status]
	if status == "" {
		status = r.Status
	}
	return fmt.Sprintf("%s（%s，载入 %d 份）", t.In(s.site.loc).Format("2006-01-02 15:04"), status, r.Loaded)
}

func (st *site) assetVersion() string {
	if len(st.manifest.SourceHash) >= 12 {
		return st.manifest.SourceHash[:12]
	}
	return "dev"
}

// asset serves an embedded file. A URL carrying the current bundle version
// may be cached for good; any other is revalidated by its content hash.
func (s *Server) asset(c *fiber.Ctx) error {
	name := path.Clean(c.Params("*"))
	info, ok := s.site.manifest.Files[name]
	if !ok || name == "manifest.json" {
		return NotFound("没有这个网页资源")
	}
	b, err := fs.ReadFile(s.site.assets, name)
	if err != nil {
		return NotFound("没有这个网页资源")
	}
	tag := `"` + info.SHA256[:16] + `"`
	c.Set(fiber.HeaderETag, tag)
	if c.Query("v") == s.site.assetVersion() {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	} else {
		c.Set(fiber.HeaderCacheControl, "no-cache")
	}
	if etagMatches(c.Get(fiber.HeaderIfNoneMatch), tag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if strings.HasPrefix(ct, "text/") || strings.Contains(ct, "javascript") {
		ct = strings.Split(ct, ";")[0] + "; charset=utf-8"
	}
	c.Set(fiber.HeaderContentType, ct)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Vary(fiber.HeaderAcceptEncoding)
	if z, ok := s.site.gzipped[name]; ok && strings.Contains(c.Get(fiber.HeaderAcceptEncoding), "gzip") {
		c.Set(fiber.HeaderContentEncoding, "gzip")
		return c.Send(z)
	}
	return c.Send(b)
}
