package parse

import (
	"jixiao/etl/scheme"
)

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
