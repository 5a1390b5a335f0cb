package api

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// setAttachment makes the answer a download named name (Chinese file names
// included) with a plain ASCII fallback for clients that ignore filename*.
// The name is encoded per RFC 5987/6266, so quotes, semicolons, line breaks
// and path separators in a file name cannot break or forge the header.
func setAttachment(c *fiber.Ctx, fallback, name string) {
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+asciiFileName(fallback)+`"; filename*=UTF-8''`+rfc5987(name))
}

// rfc5987 percent-encodes every byte outside RFC 5987's attr-char.
func rfc5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// asciiFileName keeps the printable ASCII of a name other than quotes,
// backslashes and path separators; "download" when nothing is left but the
// extension.
func asciiFileName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > 0x20 && r < 0x7f && !strings.ContainsRune(`"\/;%`, r) {
			b.WriteRune(r)
		}
	}
	out := b.String()
	if out == "" || strings.HasPrefix(out, ".") {
		out = "download" + out
	}
	return out
}
