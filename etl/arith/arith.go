// Package arith evaluates the arithmetic a report writes out in its indicator
// formulas ("＝（4÷13）×100%＝30.77%"), so that the warehouse can compare the
// result as written with the declared value and catch sign slips and typos. It
// reads only numbers, units, + − × ÷ and brackets; anything else is not an
// expression and is left alone.
package arith

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"jixiao/etl/number"
)

// WrittenValue finds the last "expression ＝ result" pair in text whose
// expression is pure arithmetic over numbers and evaluates the expression. When
// the result is written as a percentage the value is returned in percent.
func WrittenValue(text string) (float64, bool) {
	segs := strings.FieldsFunc(text, func(r rune) bool { return r == '＝' || r == '=' })
	var (
		val   float64
		found bool
	)
	for i := 0; i+1 < len(segs); i++ {
		expr := tail(segs[i])
		if expr == "" || !strings.ContainsAny(expr, "+＋-−－×÷*＊/／") {
			continue
		}
		res := strings.TrimSpace(segs[i+1])
		if res == "" || !(res[0] >= '0' && res[0] <= '9' || strings.HasPrefix(res, "-") || strings.HasPrefix(res, "－")) {
			continue
		}
		v, err := Eval(expr)
		if err != nil {
			continue
		}
		if percentResult(res) {
			v *= 100
		}
		val, found = v, true
	}
	return val, found
}

// tail returns the trailing run of s that consists only of arithmetic
// characters, so "预算调整率＝" style prose before the expression is dropped.
func tail(s string) string {
	s = strings.TrimSpace(s)
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !isExprRune(r) {
			break
		}
		i -= size
	}
	out := strings.TrimSpace(s[i:])
	// The expression must start at a number or an opening bracket.
	out = strings.TrimLeft(out, "+×÷*/)）%")
	return out
}

func isExprRune(r rune) bool {
	if r >= '0' && r <= '9' || r >= '０' && r <= '９' {
		return true
	}
	switch r {
	case '.', '．', '+', '＋', '-', '−', '－', '×', '÷', '*', '＊', '/', '／', '(', ')', '（', '）', '%', '％', ' ', '万', '元', '亿':
		return true
	}
	return false
}

// percentResult tells whether the result after "＝" is written as N%.
func percentResult(res string) bool {
	for _, r := range res {
		switch {
		case r >= '0' && r <= '9', r == '.', r == '-', r == '－':
			continue
		case r == '%' || r == '％':
			return true
		default:
			return false
		}
	}
	return false
}

// ErrSyntax is returned for text that is not an arithmetic expression.
var ErrSyntax = errors.New("not an arithmetic expression")

// Eval evaluates an expression of numbers (optionally with 万元/元/亿元 or %
// suffixes; N% is N/100), + − × ÷ and brackets.
func Eval(expr string) (float64, error) {
	p := &parser{src: normalise(expr)}
	v, err := p.sum()
	if err != nil {
		return 0, err
	}
	if p.pos != len(p.src) {
		return 0, ErrSyntax
	}
	return v, nil
}

// operators spells operators, brackets and units the way Eval reads them.
var operators = strings.NewReplacer("（", "(", "）", ")", "×", "*", "÷", "/", "−", "-", "－", "-", "％", "%", "＊", "*", "／", "/",
	"万元", "", "亿元", "", "元", "", " ", "")

func normalise(s string) string {
	return operators.Replace(number.Normalize(s))
}

type parser struct {
	src string
	pos int
}

func (p *parser) peek() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *parser) sum() (float64, error) {
	v, err := p.product()
	if err != nil {
		return 0, err
	}
	for {
		switch p.peek() {
		case '+':
			p.pos++
			w, err := p.product()
			if err != nil {
				return 0, err
			}
			v += w
		case '-':
			p.pos++
			w, err := p.product()
			if err != nil {
				return 0, err
			}
			v -= w
		default:
			return v, nil
		}
	}
}

func (p *parser) product() (float64, error) {
	v, err := p.factor()
	if err != nil {
		return 0, err
	}
	for {
		switch p.peek() {
		case '*':
			p.pos++
			w, err := p.factor()
			if err != nil {
				return 0, err
			}
			v *= w
		case '/':
			p.pos++
			w, err := p.factor()
			if err != nil {
				return 0, err
			}
			if w == 0 {
				return 0, errors.New("division by zero")
			}
			v /= w
		default:
			return v, nil
		}
	}
}

func (p *parser) factor() (float64, error) {
	switch c := p.peek(); {
	case c == '-':
		p.pos++
		v, err := p.factor()
		return -v, err
	case c == '(':
		p.pos++
		v, err := p.sum()
		if err != nil {
			return 0, err
		}
		if p.peek() != ')' {
			return 0, ErrSyntax
		}
		p.pos++
		return p.percent(v), nil
	case c >= '0' && c <= '9':
		start := p.pos
		for p.pos < len(p.src) && (p.src[p.pos] >= '0' && p.src[p.pos] <= '9' || p.src[p.pos] == '.') {
			p.pos++
		}
		v, err := strconv.ParseFloat(p.src[start:p.pos], 64)
		if err != nil {
			return 0, ErrSyntax
		}
		return p.percent(v), nil
	}
	return 0, ErrSyntax
}

func (p *parser) percent(v float64) float64 {
	if p.peek() == '%' {
		p.pos++
		return v / 100
	}
	return v
}
