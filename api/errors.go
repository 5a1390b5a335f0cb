package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"jixiao/etl"
	warehouse "jixiao/sql"
)

// Error is an API error: an HTTP status, a stable machine code and a Chinese
// message for the user. Handlers return it (or any error: the mapper below
// turns every error into this shape); the message must never hold SQL text,
// file-system paths or stack traces.
type Error struct {
	Status  int
	Code    string
	Message string
	// Err is the underlying cause, logged on 5xx and never sent.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Codes of the error shape {"error":{"code","message"}}.
const (
	CodeBadRequest       = "bad_request"
	CodeUnauthorized     = "unauthorized"
	CodeForbidden        = "forbidden"
	CodeNotFound         = "not_found"
	CodeMethodNotAllowed = "method_not_allowed"
	CodeConflict         = "conflict"
	CodeTooLarge         = "payload_too_large"
	CodeUnprocessable    = "unprocessable"
	CodeTimeout          = "timeout"
	CodeUnavailable      = "unavailable"
	CodeInternal         = "internal"
)

// BadRequest is a 400 with a message saying what to fix.
func BadRequest(format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Code: CodeBadRequest, Message: fmt.Sprintf(format, args...)}
}

// NotFound is a 404 naming what was not found.
func NotFound(format string, args ...any) *Error {
	return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: fmt.Sprintf(format, args...)}
}

// Forbidden is a 403: the caller is known but may not do this.
func Forbidden(format string, args ...any) *Error {
	return &Error{Status: http.StatusForbidden, Code: CodeForbidden, Message: fmt.Sprintf(format, args...)}
}

// Conflict is a 409 (e.g. an ETL run is already going).
func Conflict(format string, args ...any) *Error {
	return &Error{Status: http.StatusConflict, Code: CodeConflict, Message: fmt.Sprintf(format, args...)}
}

// Unprocessable is a 422: the request was well-formed but its content cannot
// be used (a report file that cannot be read).
func Unprocessable(format string, args ...any) *Error {
	return &Error{Status: http.StatusUnprocessableEntity, Code: CodeUnprocessable, Message: fmt.Sprintf(format, args...)}
}

// Internal is a 500 whose cause is logged, never sent.
func Internal(err error) *Error {
	return &Error{Status: http.StatusInternalServerError, Code: CodeInternal, Message: "服务器内部错误，请稍后重试或联系管理员", Err: err}
}

// errorBody is the one error shape every endpoint answers with.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// toAPIError maps any error a handler or middleware returns to an *Error. It
// is the one place where errors become HTTP statuses.
func toAPIError(err error) *Error {
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	var fe *fiber.Error
	if errors.As(err, &fe) {
		switch fe.Code {
		case http.StatusNotFound:
			return &Error{Status: fe.Code, Code: CodeNotFound, Message: "没有这个接口，请查看 /api/v1/openapi.json"}
		case http.StatusMethodNotAllowed:
			return &Error{Status: fe.Code, Code: CodeMethodNotAllowed, Message: "该接口不支持这个请求方法"}
		case http.StatusRequestEntityTooLarge:
			return &Error{Status: fe.Code, Code: CodeTooLarge, Message: "请求体超过大小上限"}
		case http.StatusRequestTimeout:
			return &Error{Status: fe.Code, Code: CodeTimeout, Message: "请求超时"}
		case http.StatusUnprocessableEntity:
			return &Error{Status: fe.Code, Code: CodeUnprocessable, Message: "请求内容无法处理"}
		}
		if fe.Code >= 400 && fe.Code < 500 {
			// Fiber's own 4xx texts are English and may echo input: say it plainly.
			return &Error{Status: fe.Code, Code: CodeBadRequest, Message: "请求格式不正确"}
		}
		return Internal(err)
	}
	switch {
	case errors.Is(err, etl.ErrBusy):
		return Conflict("已有一次 ETL 运行正在进行，请稍后再试")
	case errors.As(err, new(*warehouse.QueryError)):
		// The sandbox's messages are Chinese, for the analyst, and name the cause.
		var qe *warehouse.QueryError
		errors.As(err, &qe)
		switch {
		case errors.Is(err, warehouse.ErrTimeout):
			return &Error{Status: http.StatusGatewayTimeout, Code: CodeTimeout, Message: qe.Message, Err: err}
		case errors.Is(err, warehouse.ErrTooLarge):
			return &Error{Status: http.StatusUnprocessableEntity, Code: CodeUnprocessable, Message: qe.Message, Err: err}
		}
		return &Error{Status: http.StatusBadRequest, Code: CodeBadRequest, Message: qe.Message, Err: err}
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Status: http.StatusGatewayTimeout, Code: CodeTimeout, Message: "处理超时，请缩小查询范围后重试", Err: err}
	case errors.Is(err, context.Canceled):
		return &Error{Status: http.StatusServiceUnavailable, Code: CodeUnavailable, Message: "服务正在停止，请稍后重试", Err: err}
	}
	return Internal(err)
}

// writeError answers with the error shape; 5xx causes are logged here (and
// only here), never sent.
func (s *Server) writeError(c *fiber.Ctx, err error) {
	ae := toAPIError(err)
	if ae.Status >= 500 {
		s.log.Error("request failed", "method", c.Method(), "route", routeLabel(c), "status", ae.Status, "err", err)
	}
	var body errorBody
	body.Error.Code, body.Error.Message = ae.Code, ae.Message
	c.Status(ae.Status)
	c.Response().Header.Del(fiber.HeaderETag)
	if jerr := c.JSON(body); jerr != nil {
		s.log.Error("write error body", "err", jerr)
	}
}
