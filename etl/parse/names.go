package parse

import (
	"unicode/utf8"

	"jixiao/etl/scheme"
)

// normName is scheme.Normalize, without its cost for the common name made of
// CJK ideographs and printable ASCII only: width.Narrow leaves those as they
// are, so Normalize would only drop 的, white space and quotes, and a name
// without them is returned as is.
func normName(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' {
				return scheme.Normalize(s)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < 0x4E00 || r > 0x9FFF || r == '的' {
			return scheme.Normalize(s)
		}
		i += size
	}
	return s
}

type matchKey struct {
	s    *scheme.Scheme
	name string
}

type matchResult struct {
	ind *scheme.Indicator
	ok  bool
}

// match is s.Match, remembered per name: an indicator's name is matched when
// its paragraph is read and again when it is placed.
func (p *parser) match(s *scheme.Scheme, name string) (*scheme.Indicator, bool) {
	k := matchKey{s, name}
	if r, ok := p.matches[k]; ok {
		return r.ind, r.ok
	}
	ind, ok := s.Match(name)
	if p.matches == nil {
		p.matches = map[matchKey]matchResult{}
	}
	p.matches[k] = matchResult{ind, ok}
	return ind, ok
}
