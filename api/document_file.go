package api

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gofiber/fiber/v2"

	warehouse "jixiao/sql"
)

// documentTypes are the content types of the formats the loader reads.
var documentTypes = map[string]string{
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"pdf":  "application/pdf",
	"txt":  "text/plain; charset=utf-8",
	"doc":  "application/msword",
	"xls":  "application/vnd.ms-excel",
}

// documentFile streams the archived original of one loaded document
// (GET /documents/{id}/file). Admin only: the original holds the contact's
// phone number, which the API masks below admin; a unit- or region-scoped
// admin (a report owner) gets only the documents of its scope, and a document
// outside it answers 404 like one that does not exist. Every download is in
// the audit log (action download, the document id and file name).
func (s *Server) documentFile(c *fiber.Ctx) error {
	id, err := ParamID(c, "id")
	if err != nil {
		return err
	}
	f, err := s.wh.DocumentFile(c.UserContext(), id, sqlScope(PrincipalOf(c)))
	if errors.Is(err, warehouse.ErrNotFound) {
		return NotFound("没有编号为 %d 的报告（或不在您的查看范围内）", id)
	}
	if err != nil {
		return err
	}
	SetAuditDetail(c, fmt.Sprintf("document %d: %s", id, f.FileName))
	gone := NotFound("报告“%s”的原始文件不在归档中，请联系管理员", f.FileName)
	if f.ArchivePath == "" {
		return gone
	}
	// The recorded path must lie inside this server's archive folder: a
	// warehouse copied from elsewhere must not make the server read any file.
	archive, err := filepath.Abs(s.runner.Layout.Archive)
	if err != nil {
		return Internal(err)
	}
	path, err := filepath.Abs(f.ArchivePath)
	if err != nil {
		return Internal(err)
	}
	if rel, err := filepath.Rel(archive, path); err != nil || rel == "." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || rel == ".." {
		s.log.Warn("document file outside the archive", "document", id, "path", f.ArchivePath)
		return gone
	}
	file, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		s.log.Warn("archived document file missing", "document", id, "path", path)
		return gone
	}
	if err != nil {
		return Internal(err)
	}
	st, err := file.Stat()
	if err != nil || !st.Mode().IsRegular() {
		file.Close()
		if err == nil {
			err = fmt.Errorf("%s is not a regular file", path)
		}
		return Internal(err)
	}
	ctype := documentTypes[strings.ToLower(f.Format)]
	if ctype == "" {
		ctype = fiber.MIMEOctetStream
	}
	ext := strings.ToLower(filepath.Ext(f.FileName))
	SetAuditRows(c, 1)
	c.Set(fiber.HeaderContentType, ctype)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	setAttachment(c, fmt.Sprintf("report-%d%s", id, ext), f.FileName)
	// fasthttp closes the file once it is sent.
	c.Response().SetBodyStream(file, int(st.Size()))
	return nil
}
