package api

import "testing"

// TestAttachmentNames: a file name of any bytes gives a header value that
// holds no quote, separator, control character or non-ASCII byte.
func TestAttachmentNames(t *testing.T) {
	cases := []struct{ name, fallback, star string }{
		{"湘西州商务局2023年自评报告.docx", "2023.docx", "%E6%B9%98%E8%A5%BF%E5%B7%9E%E5%95%86%E5%8A%A1%E5%B1%802023%E5%B9%B4%E8%87%AA%E8%AF%84%E6%8A%A5%E5%91%8A.docx"},
		{`a"b;c\d/e.txt`, `abcde.txt`, `a%22b%3Bc%5Cd%2Fe.txt`},
		{"x\r\nSet-Cookie: y.txt", "xSet-Cookie:y.txt", "x%0D%0ASet-Cookie%3A%20y.txt"},
		{"报告.pdf", "download.pdf", "%E6%8A%A5%E5%91%8A.pdf"},
		{"100% (final)'s.txt", "100(final)'s.txt", "100%25%20%28final%29%27s.txt"},
	}
	for _, c := range cases {
		if got := asciiFileName(c.name); got != c.fallback {
			t.Errorf("asciiFileName(%q) = %q, want %q", c.name, got, c.fallback)
		}
		if got := rfc5987(c.name); got != c.star {
			t.Errorf("rfc5987(%q) = %q, want %q", c.name, got, c.star)
		}
	}
}
