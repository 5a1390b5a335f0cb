package api

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	warehouse "jixiao/sql"
)

// compareFormats are GET /compare's formats and their content types.
var compareFormats = map[string]string{
	"json":    fiber.MIMEApplicationJSONCharsetUTF8,
	"csv":     "text/csv; charset=utf-8",
	"xlsx":    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"parquet": "application/vnd.apache.parquet",
}

// compare answers the yearly comparison (年度对比表) through the same writer
// as `jixiao export`. The answer is written to a temporary file first, so a
// large export keeps memory bounded and a failure still answers the error
// shape; the file is streamed and removed. A scoped token compares its own
// scope only: a unit scope fixes the unit, a region scope the region.
func (s *Server) compare(c *fiber.Ctx) error {
	f := warehouse.CompareFilter{Region: strings.TrimSpace(c.Query("region"))}
	for _, u := range strings.Split(c.Query("unit"), ",") {
		if u = strings.TrimSpace(u); u != "" {
			f.Units = append(f.Units, u)
		}
	}
	raw := c.Query("years")
	if strings.TrimSpace(raw) == "" {
		return BadRequest("请用查询参数 years 给出要对比的年度，如 years=2020,2021,2022")
	}
	for _, y := range strings.Split(raw, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(y))
		if err != nil || n < 1990 || n > 2100 {
			return BadRequest("years 中的 %q 不是 1990–2100 之间的年度", y)
		}
		f.Years = append(f.Years, n)
	}
	format := strings.ToLower(c.Query("format", "json"))
	ctype, ok := compareFormats[format]
	if !ok {
		return BadRequest("format 应为 json、csv、xlsx 或 parquet，而不是 %q", format)
	}
	p := PrincipalOf(c)
	switch {
	case p.Scope.Unit != "":
		for _, u := range f.Units {
			if u != p.Scope.Unit {
				return Forbidden("单位“%s”不在令牌的范围（%s）内", u, p.Scope.String())
			}
		}
		f.Units = []string{p.Scope.Unit}
	case p.Scope.Region != "":
		if f.Region != "" && f.Region != p.Scope.Region {
			return Forbidden("地区“%s”不在令牌的范围（%s）内", f.Region, p.Scope.String())
		}
		f.Region = p.Scope.Region
	}
	SetAuditDetail(c, fmt.Sprintf("compare unit=%s region=%s years=%s format=%s", strings.Join(f.Units, ","), f.Region, raw, format))

	tmp, err := os.CreateTemp("", "jixiao-compare-*")
	if err != nil {
		return Internal(err)
	}
	remove := func() { tmp.Close(); os.Remove(tmp.Name()) }
	rows, err := s.wh.WriteCompare(c.UserContext(), tmp, f, format)
	if err != nil {
		remove()
		s.ExportDone(format, "failed")
		if errors.Is(err, warehouse.ErrBadFilter) {
			return BadRequest("%s", strings.TrimPrefix(err.Error(), "compare: "))
		}
		return err
	}
	size, err := tmp.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		remove()
		return Internal(err)
	}
	s.ExportDone(format, "ok")
	SetAuditRows(c, int64(rows))
	c.Set(fiber.HeaderContentType, ctype)
	if format != "json" {
		name := "对比表_" + strings.ReplaceAll(raw, ",", "-") + "." + format
		setAttachment(c, "compare."+format, name)
	}
	// fasthttp closes the stream once sent; closing removes the file.
	c.Response().SetBodyStream(removeOnClose{tmp}, int(size))
	return nil
}

// removeOnClose deletes its temporary file when the response is done with it.
type removeOnClose struct{ *os.File }

func (r removeOnClose) Close() error {
	err := r.File.Close()
	os.Remove(r.File.Name())
	return err
}
