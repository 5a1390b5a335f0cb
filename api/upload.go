package api

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"jixiao/etl"
	"jixiao/report"
)

// uploadFields are the multipart fields POST /documents reads.
var uploadFields = []string{"file", "unit", "year", "region", "scheme"}

// uploadAnswer is POST /documents' answer.
type uploadAnswer struct {
	// Status: loaded (a new unit-year), superseded (loaded, replacing an
	// earlier version of the unit-year) or duplicate (these bytes were loaded before).
	Status               string         `json:"status"`
	RunID                int64          `json:"run_id"`
	FileName             string         `json:"file_name"`
	SHA256               string         `json:"sha256"`
	DocumentID           int64          `json:"document_id"`
	SupersededDocumentID *int64         `json:"superseded_document_id,omitempty"`
	Seconds              float64        `json:"seconds"`
	Report               *report.Report `json:"report"`
}

// upload loads one report file through the inbox pipeline and answers with
// the parsed report, what the views compute for it and its findings.
func (s *Server) upload(c *fiber.Ctx) error {
	start := time.Now()
	p := PrincipalOf(c)
	form, err := c.MultipartForm()
	if err != nil {
		return BadRequest("请求体应为 multipart/form-data，文件放在字段 file 中")
	}
	var unknown []string
	for k := range form.Value {
		if !slices.Contains(uploadFields, k) {
			unknown = append(unknown, k)
		}
	}
	for k := range form.File {
		if k != "file" {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		return BadRequest("未知的表单字段：%s（可用：%s）", strings.Join(unknown, "、"), strings.Join(uploadFields, "、"))
	}
	files := form.File["file"]
	if len(files) != 1 {
		return BadRequest("请在表单字段 file 中上传且只上传一个文件")
	}
	fh := files[0]
	if fh.Size > s.cfg.UploadMaxBytes() {
		return &Error{Status: fiber.StatusRequestEntityTooLarge, Code: CodeTooLarge,
			Message: fmt.Sprintf("文件大小 %d 字节，超过上限 %d MiB", fh.Size, s.cfg.UploadMaxMB)}
	}
	ov, err := uploadOverrides(form.Value)
	if err != nil {
		return err
	}
	f, err := fh.Open()
	if err != nil {
		return Internal(err)
	}
	data, err := io.ReadAll(io.LimitReader(f, s.cfg.UploadMaxBytes()+1))
	f.Close()
	if err != nil {
		return Internal(err)
	}
	var accept func(*report.Report) error
	if !p.Scope.All() {
		accept = func(r *report.Report) error {
			if p.Scope.Contains(r.Unit.Region, r.Unit.Name, r.Unit.FullName, r.Unit.CanonicalName) {
				return nil
			}
			return Forbidden("该报告属于%s（%s），不在令牌的范围（%s）内，未入库", r.Unit.CanonicalName, r.Unit.Region, p.Scope.String())
		}
	}
	res, err := s.runner.LoadUpload(s.runCtx, fh.Filename, data, ov, accept)
	SetAuditDetail(c, res.FileName)
	if err != nil {
		return err
	}
	switch res.Status {
	case "rejected":
		return res.Rejected
	case "quarantined":
		s.metrics.uploads.WithLabelValues("quarantined").Inc()
		return Unprocessable("文件无法处理（%s）：%s", stageLabel(res.Stage), s.scrubPaths(res.Reason))
	case "loaded", "duplicate":
	default:
		return Internal(fmt.Errorf("upload ended %q", res.Status))
	}
	ans := uploadAnswer{Status: res.Status, RunID: res.RunID, FileName: res.FileName, SHA256: res.SHA256,
		DocumentID: res.DocumentID, Report: res.Report}
	if res.Superseded != 0 {
		ans.Status = "superseded"
		ans.SupersededDocumentID = &res.Superseded
	}
	if res.DocumentID != 0 {
		if err := s.wh.Annotate(c.UserContext(), res.DocumentID, res.Report); err != nil {
			return err
		}
	}
	if !p.SeesPhones() && res.Report != nil {
		res.Report.Contact.Phone = MaskPhone(res.Report.Contact.Phone)
	}
	SetAuditRows(c, 1)
	s.metrics.uploads.WithLabelValues(ans.Status).Inc()
	ans.Seconds = time.Since(start).Seconds()
	status := fiber.StatusCreated
	if ans.Status == "duplicate" {
		status = fiber.StatusOK
	}
	return c.Status(status).JSON(ans)
}

func uploadOverrides(v map[string][]string) (etl.Overrides, error) {
	one := func(k string) (string, error) {
		switch len(v[k]) {
		case 0:
			return "", nil
		case 1:
			return strings.TrimSpace(v[k][0]), nil
		}
		return "", BadRequest("表单字段 %s 只能出现一次", k)
	}
	var ov etl.Overrides
	var err error
	if ov.Unit, err = one("unit"); err != nil {
		return ov, err
	}
	if ov.Region, err = one("region"); err != nil {
		return ov, err
	}
	if ov.Scheme, err = one("scheme"); err != nil {
		return ov, err
	}
	y, err := one("year")
	if err != nil || y == "" {
		return ov, err
	}
	ov.Year, err = strconv.Atoi(y)
	if err != nil || ov.Year < 1990 || ov.Year > 2100 {
		return ov, BadRequest("表单字段 year=%q 应为 1990–2100 之间的年份", y)
	}
	return ov, nil
}

// stageLabel names a pipeline stage as users read it.
func stageLabel(stage string) string {
	switch stage {
	case "read":
		return "读取文件"
	case "extract":
		return "提取内容"
	case "parse":
		return "解析报告"
	case "load":
		return "入库"
	}
	return stage
}

// scrubPaths removes the server's directories from a message: errors of the
// file system name paths, which clients must not see.
func (s *Server) scrubPaths(msg string) string {
	l := s.runner.Layout
	for _, d := range []string{l.Inbox, l.Archive, l.Quarantine, l.Dir} {
		if d != "" {
			msg = strings.ReplaceAll(msg, strings.TrimSuffix(d, "/")+"/", "")
		}
	}
	return msg
}
