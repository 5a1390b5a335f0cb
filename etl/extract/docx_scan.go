package extract

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file is the fast path for word/document.xml: a byte-level scanner over
// the whole part in memory, some twenty times faster on a real report than
// encoding/xml, which reads byte by byte and allocates every name and
// attribute.
//
// The encoding/xml walker (docxWalker) stays the reference. The scanner
// mirrors it method for method and accepts only XML that it is sure
// encoding/xml's RawToken accepts and reads the same way; anything else (a
// DOCTYPE, non-ASCII names, a prefix rebound to another namespace, malformed
// or truncated XML, nesting over the cap) makes it give up with errScan, and
// the caller reruns the part through docxWalker, which then decides and words
// any error. So the scanner has no error messages of its own, and whenever it
// succeeds its result is the walker's (TestDocxScannerAgrees* and
// FuzzDocxScannerAgrees check this).

// errScan means the scanner met XML it does not handle; the caller falls
// back to the encoding/xml walker.
var errScan = errors.New("docx scanner: XML outside the fast path")

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
)

// nsClass is what a prefix is bound to, as far as the walker cares.
type nsClass uint8

const (
	nsOther nsClass = iota // unbound or any other namespace
	nsWord                 // WordprocessingML, transitional or strict
	nsMC                   // markup compatibility
)

func classOf(uri []byte) nsClass {
	switch string(uri) {
	case wordNS, wordStrictNS:
		return nsWord
	case mcNS:
		return nsMC
	}
	return nsOther
}

type nsDecl struct {
	prefix string
	class  nsClass
}

// span is a piece of the part as offsets: the scanner keeps no slices in its
// state, since storing a pointer costs a write barrier on every token.
type span struct{ start, end int }

// name is a name as written: prefix (empty when none) and local part.
type name struct{ prefix, local span }

// scanner tokenizes the part like RawToken, without allocating, and walks it
// like docxWalker. Comments and processing instructions are consumed by the
// tokenizer since no walker method looks at them.
type scanner struct {
	ctx  context.Context
	data []byte
	pos  int
	n    int // tokens read, for periodic ctx checks
	nest int // recursion depth of paragraph/table, as docxWalker.nest

	// Current token.
	tagStart     int     // tokStart: offset of its "<"
	name         name    // tokStart, tokEnd
	cls          nsClass // what name's prefix is bound to, once clsOK
	clsOK        bool
	attrs        int  // tokStart: offset where its attributes begin
	text         span // tokText: raw character data
	textPlain    bool // text needs no decoding
	textEntities bool // text is character data, not CDATA: "&" starts an entity
	pendingEnd   bool // the start tag was self-closing: its end comes next

	// Prefix bindings, unscoped like docxWalker.ns, with a one-entry cache
	// (nearly every name is "w:").
	ns          []nsDecl
	cachePrefix span
	cacheClass  nsClass
	cacheOK     bool

	scratch   []byte   // decoded text
	paras     [][]byte // paragraph buffers by nesting level, reused
	open      []name   // names of open elements, for a fast end tag
	unstacked int      // open elements beyond maxOpen, not in open

	// seen holds elements skip has checked, by a hash of their first
	// bytes; see skip.
	seen [64]span
}

// scanDocument reads a whole document part. It returns errScan when the part
// is outside what it handles and ctx.Err() when cancelled.
func scanDocument(ctx context.Context, data []byte) ([]Block, error) {
	s := &scanner{ctx: ctx, data: data}
	return s.document()
}

func (s *scanner) bytes(sp span) []byte { return s.data[sp.start:sp.end] }

func (s *scanner) next() (tokKind, error) {
	if s.pendingEnd {
		s.pendingEnd = false
		return tokEnd, nil
	}
	s.n++
	if s.n%4096 == 0 {
		if err := s.ctx.Err(); err != nil {
			return tokEOF, err
		}
	}
	d := s.data
	for {
		if s.pos >= len(d) {
			return tokEOF, nil
		}
		if d[s.pos] != '<' {
			end := bytes.IndexByte(d[s.pos:], '<')
			if end < 0 {
				end = len(d) - s.pos
			}
			plain, ok := checkText(d[s.pos:s.pos+end], textData)
			if !ok {
				return tokEOF, errScan
			}
			s.text = span{s.pos, s.pos + end}
			s.textPlain, s.textEntities = plain, true
			s.pos += end
			return tokText, nil
		}
		if s.pos+1 >= len(d) {
			return tokEOF, errScan
		}
		switch d[s.pos+1] {
		case '/':
			return s.endTag()
		case '?':
			if err := s.procInst(); err != nil {
				return tokEOF, err
			}
		case '!':
			if bytes.HasPrefix(d[s.pos:], []byte("<![CDATA[")) {
				return s.cdata()
			}
			if err := s.comment(); err != nil {
				return tokEOF, err
			}
		default:
			return s.startTag()
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

func skipSpace(d []byte, i int) int {
	for i < len(d) && isSpace(d[i]) {
		i++
	}
	return i
}

// nameRun returns the end of the run of name bytes other than ":" at d[i:].
func nameRun(d []byte, i int) int {
	for i < len(d) && nameByte[d[i]] != 0 {
		i++
	}
	return i
}

// scanName reads a name at d[i:]. It accepts the ASCII names that
// encoding/xml splits into prefix and local part the same way: a letter or
// "_", then name bytes with at most one colon, not last. A non-ASCII byte
// right after the name (encoding/xml would take it into the name) or anything
// else fails.
func scanName(d []byte, i int) (n name, next int, ok bool) {
	if i >= len(d) || nameStart[d[i]] == 0 {
		return n, i, false
	}
	start := i
	i = nameRun(d, i+1)
	n = name{prefix: span{start, start}, local: span{start, i}}
	if i < len(d) && d[i] == ':' {
		colon := i
		if i = nameRun(d, i+1); i == colon+1 {
			return n, i, false
		}
		n = name{prefix: span{start, colon}, local: span{colon + 1, i}}
	}
	if i < len(d) && (d[i] == ':' || d[i] >= utf8.RuneSelf) {
		return n, i, false
	}
	return n, i, true
}

// attr is one attribute of a start tag: name and value as written.
type attr struct {
	name  name
	value span
}

// nextAttr reads the attribute at d[i:] (after white space), or the end of
// the tag: then end is set, next is just after ">" or "/>", and selfClose
// tells which. startTag has its own copy of this for speed; wordAttr uses it
// to reread a tag startTag accepted.
func nextAttr(d []byte, i int) (a attr, next int, end, selfClose, ok bool) {
	if i >= len(d) {
		return a, i, false, false, false
	}
	switch d[i] {
	case '>':
		return a, i + 1, true, false, true
	case '/':
		if i+1 < len(d) && d[i+1] == '>' {
			return a, i + 2, true, true, true
		}
		return a, i, false, false, false
	}
	if a.name, i, ok = scanName(d, i); !ok {
		return a, i, false, false, false
	}
	if i = skipSpace(d, i); i >= len(d) || d[i] != '=' {
		return a, i, false, false, false
	}
	if i = skipSpace(d, i+1); i >= len(d) || (d[i] != '"' && d[i] != '\'') {
		return a, i, false, false, false
	}
	n := bytes.IndexByte(d[i+1:], d[i])
	if n < 0 {
		return a, i, false, false, false
	}
	a.value = span{i + 1, i + 1 + n}
	return a, i + n + 2, false, false, true
}

// startTag reads a start tag as the current token.
func (s *scanner) startTag() (tokKind, error) {
	n, attrs, next, selfClose, err := s.tag(s.pos)
	if err != nil {
		return tokEOF, err
	}
	s.tagStart = s.pos
	s.name, s.attrs, s.pos, s.pendingEnd, s.clsOK = n, attrs, next, selfClose, false
	if !selfClose {
		s.push(n)
	}
	return tokStart, nil
}

// tag checks the start tag at d[i] ("<") and applies its namespace
// bindings. It returns the element name, where the attributes begin, where
// the tag ends and whether it closes itself. Start tags are most of a Word
// part, so the attribute loop is nextAttr written out with fast paths for
// the usual shape: one space, name="value", value plain ASCII.
func (s *scanner) tag(i int) (n name, attrs, next int, selfClose bool, err error) {
	d := s.data
	n, i, ok := scanName(d, i+1)
	if !ok {
		return n, 0, 0, false, errScan
	}
	attrs = i
	for {
		i = skipSpace(d, i)
		if i >= len(d) {
			return n, 0, 0, false, errScan
		}
		c := d[i]
		if c == '>' {
			i++
			break
		}
		if c == '/' {
			if i+1 < len(d) && d[i+1] == '>' {
				selfClose = true
				i += 2
				break
			}
			return n, 0, 0, false, errScan
		}
		// Attribute name, as in scanName.
		if nameStart[c] == 0 {
			return n, 0, 0, false, errScan
		}
		as, colon := i, -1
		j := nameRun(d, i+1)
		if j < len(d) && d[j] == ':' {
			colon = j
			if j = nameRun(d, j+1); j == colon+1 {
				return n, 0, 0, false, errScan
			}
		}
		if j < len(d) && (d[j] == ':' || d[j] >= utf8.RuneSelf) {
			return n, 0, 0, false, errScan
		}
		ae := j
		if j < len(d) && d[j] != '=' {
			j = skipSpace(d, j)
		}
		if j >= len(d) || d[j] != '=' {
			return n, 0, 0, false, errScan
		}
		if j++; j < len(d) && d[j] != '"' && d[j] != '\'' {
			j = skipSpace(d, j)
		}
		if j >= len(d) || (d[j] != '"' && d[j] != '\'') {
			return n, 0, 0, false, errScan
		}
		q := d[j]
		vs := j + 1
		for j = vs; j < len(d) && attrByte[d[j]] == 0; j++ {
		}
		if j >= len(d) {
			return n, 0, 0, false, errScan
		}
		plain := true
		if d[j] != q {
			k := bytes.IndexByte(d[j:], q)
			if k < 0 {
				return n, 0, 0, false, errScan
			}
			j += k
			if plain, ok = checkText(d[vs:j], textAttr); !ok {
				return n, 0, 0, false, errScan
			}
		}
		i = j + 1
		// Bindings take effect as they are read; docxWalker binds after the
		// whole tag, which comes to the same since a broken tag ends the scan.
		switch {
		case d[as] != 'x':
		case colon < 0 && string(d[as:ae]) == "xmlns":
			if err := s.declare(nil, s.decode(d[vs:j], plain, true)); err != nil {
				return n, 0, 0, false, err
			}
		case colon >= 0 && string(d[as:colon]) == "xmlns":
			if err := s.declare(d[colon+1:ae], s.decode(d[vs:j], plain, true)); err != nil {
				return n, 0, 0, false, err
			}
		}
	}
	return n, attrs, i, selfClose, nil
}

// declare binds prefix. docxWalker does not scope bindings, so rebinding a
// prefix to another kind of namespace is where scoping could matter: leave
// that to the walker rather than reason about it here.
func (s *scanner) declare(prefix, uri []byte) error {
	c := classOf(uri)
	for _, d := range s.ns {
		if d.prefix == string(prefix) {
			if d.class != c {
				return errScan
			}
			return nil
		}
	}
	s.ns = append(s.ns, nsDecl{prefix: string(prefix), class: c})
	s.cacheOK = false
	return nil
}

func (s *scanner) class(prefix span) nsClass {
	d, c := s.data, s.cachePrefix
	if l := prefix.end - prefix.start; s.cacheOK && l == c.end-c.start &&
		(l == 0 || d[prefix.start] == d[c.start]) && (l <= 1 || string(d[prefix.start:prefix.end]) == string(d[c.start:c.end])) {
		return s.cacheClass
	}
	p, cl := s.bytes(prefix), nsOther
	for _, d := range s.ns {
		if d.prefix == string(p) {
			cl = d.class
			break
		}
	}
	s.cachePrefix, s.cacheClass, s.cacheOK = prefix, cl, true
	return cl
}

func (s *scanner) endTag() (tokKind, error) {
	n, next, err := s.endTagAt(s.pos)
	if err != nil {
		return tokEOF, err
	}
	s.pos, s.name, s.clsOK = next, n, false
	return tokEnd, nil
}

// maxOpen bounds the stack of open element names, which serves only the
// fast path for end tags: hostile XML could open millions of elements.
const maxOpen = 1024

// push records an element left open; beyond maxOpen it is only counted.
func (s *scanner) push(n name) {
	if len(s.open) < maxOpen && s.unstacked == 0 {
		s.open = append(s.open, n)
		return
	}
	s.unstacked++
}

// pop returns the innermost open element recorded by push, if any.
func (s *scanner) pop() (name, bool) {
	if s.unstacked > 0 {
		s.unstacked--
		return name{}, false
	}
	k := len(s.open)
	if k == 0 {
		return name{}, false
	}
	n := s.open[k-1]
	s.open = s.open[:k-1]
	return n, true
}

// endTagAt checks the end tag at d[i] ("</") and returns its name and where
// it ends.
func (s *scanner) endTagAt(i int) (name, int, error) {
	d := s.data
	// Fast path: the name of the innermost open element, as checked in its
	// start tag, then ">".
	if n, ok := s.pop(); ok {
		j, l := i+2, n.local.end-n.prefix.start
		if j+l < len(d) && d[j+l] == '>' && sameBytes(d, j, n.prefix.start, l) {
			return n, j + l + 1, nil
		}
	}
	n, j, ok := scanName(d, i+2)
	if !ok {
		return n, 0, errScan
	}
	if j = skipSpace(d, j); j >= len(d) || d[j] != '>' {
		return n, 0, errScan
	}
	return n, j + 1, nil
}

// sameBytes reports whether d[a:a+l] equals d[b:b+l], both within d: with
// one 8-byte comparison for the short names of WordprocessingML.
func sameBytes(d []byte, a, b, l int) bool {
	if l <= 8 && a+8 <= len(d) && b+8 <= len(d) {
		mask := uint64(1)<<(8*l) - 1 // all ones when l == 8
		return (binary.LittleEndian.Uint64(d[a:])^binary.LittleEndian.Uint64(d[b:]))&mask == 0
	}
	return string(d[a:a+l]) == string(d[b:b+l])
}

// procInst consumes <?target ...?>. encoding/xml checks the version and
// encoding of an "xml" declaration; rather than copy its parsing, such a
// declaration is handed to a throwaway decoder.
func (s *scanner) procInst() error {
	d := s.data
	start := s.pos
	n, i, ok := scanName(d, start+2)
	if !ok {
		return errScan
	}
	i = skipSpace(d, i)
	end := bytes.Index(d[i:], []byte("?>"))
	if end < 0 {
		return errScan
	}
	s.pos = i + end + 2
	if n.prefix.start == n.prefix.end && string(s.bytes(n.local)) == "xml" {
		if _, err := xml.NewDecoder(bytes.NewReader(d[start:s.pos])).RawToken(); err != nil {
			return errScan
		}
	}
	return nil
}

// comment consumes <!--...-->; as in encoding/xml the first "--" must end it.
// Other <! forms (DOCTYPE and such) are left to the walker.
func (s *scanner) comment() error {
	d := s.data
	if !bytes.HasPrefix(d[s.pos:], []byte("<!--")) {
		return errScan
	}
	i := s.pos + 4
	end := bytes.Index(d[i:], []byte("--"))
	if end < 0 || i+end+2 >= len(d) || d[i+end+2] != '>' {
		return errScan
	}
	s.pos = i + end + 3
	return nil
}

func (s *scanner) cdata() (tokKind, error) {
	i := s.pos + len("<![CDATA[")
	end := bytes.Index(s.data[i:], []byte("]]>"))
	if end < 0 {
		return tokEOF, errScan
	}
	plain, ok := checkText(s.data[i:i+end], textCDATA)
	if !ok {
		return tokEOF, errScan
	}
	s.text = span{i, i + end}
	s.textPlain, s.textEntities = plain, false
	s.pos = i + end + 3
	return tokText, nil
}

// textMode says where a piece of text stands, which decides what it may hold.
type textMode uint8

const (
	textData  textMode = iota // character data: entities; "]]>" is an error
	textAttr                  // attribute value: entities; "<" is an error
	textCDATA                 // CDATA section: no entities, "<" allowed
)

// Byte classes for checkText.
const (
	bPlain = iota // stands for itself
	bBad          // control character outside the XML Char range
	bAmp
	bCR
	bGT
	bLT
	bHigh // starts a multi-byte UTF-8 sequence, or is invalid
)

// textByte, nameStart, nameByte and attrByte are constant lookup tables.
var textByte = func() (t [256]uint8) {
	for c := 0; c < 0x20; c++ {
		t[c] = bBad
	}
	t['\t'], t['\n'] = bPlain, bPlain
	t['\r'], t['&'], t['>'], t['<'] = bCR, bAmp, bGT, bLT
	for c := utf8.RuneSelf; c < 256; c++ {
		t[c] = bHigh
	}
	return t
}()

var nameStart = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = 1, 1
	}
	t['_'] = 1
	return t
}()

// nameByte excludes ":", which scanName handles.
var nameByte = func() (t [256]uint8) {
	t = nameStart
	for c := '0'; c <= '9'; c++ {
		t[c] = 1
	}
	t['-'], t['.'] = 1, 1
	return t
}()

// attrByte marks the bytes that end the fast path through an attribute
// value: both quotes and everything checkText treats specially.
var attrByte = func() (t [256]uint8) {
	for c := range t {
		if textByte[c] != bPlain {
			t[c] = 1
		}
	}
	t['"'], t['\''] = 1, 1
	return t
}()

// checkText reports whether encoding/xml accepts raw as text in mode, and
// whether raw stands for itself (no entity to decode, no CR to normalise).
// It mirrors Decoder.text: an entity must be one of the five predefined ones
// or a character reference, and the decoded text must be valid UTF-8 made
// of XML Chars (a reference to a surrogate decodes to U+FFFD there, which
// passes).
func checkText(raw []byte, mode textMode) (plain, ok bool) {
	plain = true
	for i := 0; i < len(raw); {
		c := raw[i]
		if textByte[c] == bPlain {
			i++
			continue
		}
		// Three-byte sequences for U+1000–U+CFFF (CJK text) are all XML
		// Chars: check them inline, other non-ASCII the long way.
		if 0xE1 <= c && c <= 0xEC && i+2 < len(raw) && raw[i+1]&0xC0 == 0x80 && raw[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		switch textByte[c] {
		case bBad:
			return false, false
		case bAmp:
			if mode == textCDATA {
				i++
				continue
			}
			n, r := entity(raw[i:])
			if n == 0 || !isXMLChar(r) {
				return false, false
			}
			plain = false
			i += n
		case bCR:
			plain = false
			i++
		case bGT:
			// "]]>" is an error in character data. Entities end in ";",
			// so the two brackets are literal, as encoding/xml requires.
			if mode == textData && i >= 2 && raw[i-1] == ']' && raw[i-2] == ']' {
				return false, false
			}
			i++
		case bLT:
			if mode == textAttr {
				return false, false
			}
			i++
		case bHigh:
			r, size := utf8.DecodeRune(raw[i:])
			if (r == utf8.RuneError && size == 1) || !isXMLChar(r) {
				return false, false
			}
			i += size
		}
	}
	return plain, true
}

// isXMLChar is encoding/xml's isInCharacterRange.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// predefined are the entities encoding/xml knows without a DTD.
var predefined = [...]struct {
	ref string
	r   rune
}{{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&apos;", '\''}, {"&quot;", '"'}}

// entity decodes the entity at the start of b ("&..."), returning its length
// and the rune it stands for, or 0 when encoding/xml would reject it.
func entity(b []byte) (int, rune) {
	if len(b) < 2 || b[1] != '#' {
		for _, e := range predefined {
			if len(b) >= len(e.ref) && string(b[:len(e.ref)]) == e.ref {
				return len(e.ref), e.r
			}
		}
		return 0, 0
	}
	i, base := 2, rune(10)
	if i < len(b) && b[i] == 'x' {
		i, base = 3, 16
	}
	start := i
	var n rune
	for ; i < len(b); i++ {
		c, v := b[i], rune(-1)
		switch {
		case '0' <= c && c <= '9':
			v = rune(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			v = rune(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			v = rune(c-'A') + 10
		}
		if v < 0 {
			break
		}
		if n = n*base + v; n > utf8.MaxRune {
			return 0, 0
		}
	}
	if i == start || i >= len(b) || b[i] != ';' {
		return 0, 0
	}
	if 0xD800 <= n && n <= 0xDFFF {
		n = utf8.RuneError // what string(rune(n)) gives in encoding/xml
	}
	return i + 1, n
}

// appendDecoded appends raw, accepted by checkText, as encoding/xml returns
// it: entities replaced (unless CDATA), CR and CR LF turned into LF.
func appendDecoded(dst, raw []byte, entities bool) []byte {
	cr := false // the previous raw byte was a CR
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '&' && entities:
			n, r := entity(raw[i:])
			dst = utf8.AppendRune(dst, r)
			i += n
			cr = false
			continue
		case c == '\r':
			dst = append(dst, '\n')
		case c == '\n' && cr:
		default:
			dst = append(dst, c)
		}
		cr = c == '\r'
		i++
	}
	return dst
}

// decode returns raw decoded; the result is valid until the next call.
func (s *scanner) decode(raw []byte, plain, entities bool) []byte {
	if plain {
		return raw
	}
	s.scratch = appendDecoded(s.scratch[:0], raw, entities)
	return s.scratch
}

// The walker below mirrors docxWalker; see there for the why of each rule.
// Every failure is errScan (or a ctx error): the encoding/xml walker then
// rereads the part and reports it in its own words.

// inner reads the next token inside an element.
func (s *scanner) inner() (tokKind, error) {
	k, err := s.next()
	if err == nil && k == tokEOF {
		return k, errScan
	}
	return k, err
}

func (s *scanner) enter() error {
	s.nest++
	if s.nest > maxNesting {
		return errScan
	}
	return nil
}

func (s *scanner) leave() { s.nest-- }

// word returns the local name of the current element if it is in the Word
// namespace, else nil: the walker switches on it once per token instead of
// testing names one by one.
func (s *scanner) word() []byte {
	if s.nameClass() != nsWord {
		return nil
	}
	return s.bytes(s.name.local)
}

// nameClass is the class of the current element name, looked up once.
func (s *scanner) nameClass() nsClass {
	if !s.clsOK {
		s.cls, s.clsOK = s.class(s.name.prefix), true
	}
	return s.cls
}

// skipped is docxWalker.skipped for the current element.
func (s *scanner) skipped() bool {
	switch s.nameClass() {
	case nsMC:
		return string(s.bytes(s.name.local)) == "Fallback"
	case nsWord:
		return skippedWord(string(s.bytes(s.name.local)))
	}
	return false
}

// skip consumes the rest of the current element, as docxWalker.skip.
//
// Most of a Word part is properties that are skipped, and they repeat: the
// same run properties on every run, the same borders on every cell. An
// element byte for byte equal to one already skipped needs no second look:
// the tokens, and so their validity and the walker's reading, depend on the
// bytes alone. (Namespace bindings it makes are already in force: bindings
// are never undone and a change bails out.) So skip remembers what it
// skipped and compares before scanning.
func (s *scanner) skip() error {
	if s.pendingEnd {
		s.pendingEnd = false
		return nil
	}
	d, start := s.data, s.tagStart
	var slot *span
	if start+16 <= len(d) {
		h := (binary.LittleEndian.Uint64(d[start:]) ^ binary.LittleEndian.Uint64(d[start+8:])*0x9E3779B97F4A7C15) >> 58
		slot = &s.seen[h]
		if seen := *slot; seen.end > seen.start {
			if end := start + seen.end - seen.start; end <= len(d) && string(d[start:end]) == string(s.bytes(seen)) {
				s.pos = end
				s.pop()
				return nil
			}
		}
	}
	if err := s.skipRest(); err != nil {
		return err
	}
	if slot != nil {
		*slot = span{start, s.pos}
	}
	return nil
}

// skipRest is skip without the memory: it checks tags in place instead of
// making tokens of them.
func (s *scanner) skipRest() error {
	d := s.data
	for depth := 1; ; {
		if s.pos >= len(d) {
			return errScan
		}
		if d[s.pos] != '<' {
			if _, err := s.next(); err != nil { // text
				return err
			}
			continue
		}
		if s.n++; s.n%4096 == 0 {
			if err := s.ctx.Err(); err != nil {
				return err
			}
		}
		if s.pos+1 >= len(d) {
			return errScan
		}
		switch d[s.pos+1] {
		case '/':
			_, next, err := s.endTagAt(s.pos)
			if err != nil {
				return err
			}
			s.pos = next
			if depth--; depth == 0 {
				return nil
			}
		case '?':
			if err := s.procInst(); err != nil {
				return err
			}
		case '!':
			if bytes.HasPrefix(d[s.pos:], []byte("<![CDATA[")) {
				if _, err := s.cdata(); err != nil {
					return err
				}
			} else if err := s.comment(); err != nil {
				return err
			}
		default:
			n, _, next, selfClose, err := s.tag(s.pos)
			if err != nil {
				return err
			}
			s.pos = next
			if !selfClose {
				s.push(n)
				depth++
			}
		}
	}
}

func (s *scanner) document() ([]Block, error) {
	var blocks []Block
	sawBody := false
	depth := 0
	for {
		k, err := s.next()
		if err != nil {
			return nil, err
		}
		switch k {
		case tokEOF:
			if depth != 0 || !sawBody {
				return nil, errScan
			}
			return blocks, nil
		case tokEnd:
			depth--
			continue
		case tokText:
			continue
		}
		w := s.word()
		switch {
		case string(w) == "body":
			sawBody = true
			depth++
		case string(w) == "p":
			text, err := s.paragraph()
			if err != nil {
				return nil, err
			}
			if strings.TrimSpace(text) != "" {
				blocks = append(blocks, Block{Kind: Paragraph, Text: text})
			}
		case string(w) == "tbl":
			t, err := s.table()
			if err != nil {
				return nil, err
			}
			if len(t.Rows) > 0 {
				blocks = append(blocks, Block{Kind: TableBlock, Table: t})
			}
		case s.skipped():
			if err := s.skip(); err != nil {
				return nil, err
			}
		default:
			depth++
		}
	}
}

func (s *scanner) paragraph() (string, error) {
	defer s.leave()
	if err := s.enter(); err != nil {
		return "", err
	}
	// Reuse one buffer per nesting level: the text is copied out at the end.
	for len(s.paras) < s.nest {
		s.paras = append(s.paras, nil)
	}
	p := paraText{b: s.paras[s.nest-1][:0]}
	defer func() { s.paras[s.nest-1] = p.b }()
	inText := false
	for {
		k, err := s.inner()
		if err != nil {
			return "", err
		}
		switch k {
		case tokStart:
			// docxWalker tests skipped first; the names differ, so order
			// does not matter.
			switch string(s.word()) {
			case "t":
				inText = true
			case "tab", "ptab":
				p.write("\t")
			case "br", "cr":
				p.write("\n")
			case "noBreakHyphen":
				p.write("-")
			case "p":
				t, err := s.paragraph()
				if err != nil {
					return "", err
				}
				p.line(t)
			case "tbl":
				nt, err := s.table()
				if err != nil {
					return "", err
				}
				for _, t := range flattenTable(nt) {
					p.line(t)
				}
			default:
				if s.skipped() {
					if err := s.skip(); err != nil {
						return "", err
					}
				}
			}
		case tokEnd:
			w := s.word()
			switch {
			case string(w) == "t":
				inText = false
			case string(w) == "p":
				return p.String(), nil
			}
		case tokText:
			if inText {
				p.writeBytes(s.decode(s.bytes(s.text), s.textPlain, s.textEntities))
			}
		}
	}
}

func (s *scanner) table() (*Table, error) {
	defer s.leave()
	if err := s.enter(); err != nil {
		return nil, err
	}
	t := &Table{}
	for {
		k, err := s.inner()
		if err != nil {
			return nil, err
		}
		switch k {
		case tokStart:
			w := s.word()
			switch {
			case string(w) == "tr":
				r, err := s.row()
				if err != nil {
					return nil, err
				}
				if len(r.Cells) > 0 {
					t.Rows = append(t.Rows, r)
				}
			case s.skipped():
				if err := s.skip(); err != nil {
					return nil, err
				}
			}
		case tokEnd:
			if w := s.word(); string(w) == "tbl" {
				return t, nil
			}
		}
	}
}

func (s *scanner) row() (Row, error) {
	var r Row
	for {
		k, err := s.inner()
		if err != nil {
			return r, err
		}
		switch k {
		case tokStart:
			w := s.word()
			switch {
			case string(w) == "tc":
				c, err := s.cell()
				if err != nil {
					return r, err
				}
				r.Cells = append(r.Cells, c)
			case s.skipped():
				if err := s.skip(); err != nil {
					return r, err
				}
			}
		case tokEnd:
			if w := s.word(); string(w) == "tr" {
				return r, nil
			}
		}
	}
}

func (s *scanner) cell() (Cell, error) {
	c := Cell{Span: 1}
	var parts []string
	merged := false
	for {
		k, err := s.inner()
		if err != nil {
			return c, err
		}
		switch k {
		case tokStart:
			w := s.word()
			switch {
			case string(w) == "tcPr":
				if err := s.cellProps(&c, &merged); err != nil {
					return c, err
				}
			case string(w) == "p":
				t, err := s.paragraph()
				if err != nil {
					return c, err
				}
				parts = append(parts, t)
			case string(w) == "tbl":
				nt, err := s.table()
				if err != nil {
					return c, err
				}
				parts = append(parts, flattenTable(nt)...)
			case s.skipped():
				if err := s.skip(); err != nil {
					return c, err
				}
			}
		case tokEnd:
			if w := s.word(); string(w) == "tc" {
				if merged {
					c.Merged = true
				} else {
					c.Text = strings.Join(parts, "\n")
				}
				return c, nil
			}
		}
	}
}

func (s *scanner) cellProps(c *Cell, merged *bool) error {
	for {
		k, err := s.inner()
		if err != nil {
			return err
		}
		switch k {
		case tokStart:
			w := s.word()
			switch {
			case string(w) == "gridSpan":
				if n, err := strconv.Atoi(string(s.wordAttr("val"))); err == nil && n >= 1 && n <= maxSpan {
					c.Span = n
				}
			case string(w) == "vMerge":
				*merged = string(s.wordAttr("val")) != "restart"
			}
			if err := s.skip(); err != nil {
				return err
			}
		case tokEnd:
			if w := s.word(); string(w) == "tcPr" {
				return nil
			}
		}
	}
}

// wordAttr returns the decoded value of the current start tag's first
// attribute named local, unprefixed or in the Word namespace. The tag was
// checked when read, so it is simply read again.
func (s *scanner) wordAttr(local string) []byte {
	d := s.data
	for i := s.attrs; ; {
		a, next, end, _, ok := nextAttr(d, skipSpace(d, i))
		if !ok || end {
			return nil
		}
		i = next
		if string(s.bytes(a.name.local)) == local &&
			(a.name.prefix.start == a.name.prefix.end || s.class(a.name.prefix) == nsWord) {
			raw := s.bytes(a.value)
			plain, _ := checkText(raw, textAttr)
			return s.decode(raw, plain, true)
		}
	}
}
