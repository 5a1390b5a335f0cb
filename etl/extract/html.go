package extract

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	htmlcharset "golang.org/x/net/html/charset"
)

// HTML pages saved from government portals (.html/.htm). The page is parsed
// with golang.org/x/net/html, which repairs broken markup the way browsers do
// (unclosed <p> and <td>, stray </div>), so the walk below sees a tree.
//
//   - Boilerplate is dropped: <head>, scripts, styles, forms' controls,
//     <nav>, and <header>/<footer>/<aside> outside an <article>/<main>;
//     elements whose role is navigation/banner/contentinfo/search; elements
//     whose id or a class starts with a navigation word (nav, menu, header,
//     top, footer, bottom, breadcrumb, position, share, …: see chromeWords)
//     — only the first word of "article-header" counts, so an article's own
//     heading stays; and link lists (lists and divisions whose text is mostly
//     link text, without a table).
//   - Block elements (p, div, h1–h6, li, …) and <br> end a paragraph. White
//     space collapses as a browser shows it; a line break between two
//     Chinese characters disappears (CSS segment-break rule), so a source
//     wrapped mid-sentence reads as one sentence.
//   - A table becomes a Table: colspan is the cell's Span, and a rowspan
//     puts a Merged cell (Span of the spanning cell) into each row below, so
//     every cell lands in its grid column as in docx and xlsx. A table that
//     holds another table, or has a single cell, is page layout: its cells
//     are read as flowing text.
//
// The encoding comes from a byte-order mark or valid UTF-8, else the page's
// <meta charset> (GBK, GB2312 and GB18030 are read as GB18030, which decodes
// them all), else the .txt reader's detection (GB18030).

// htmlMaxColumns and htmlMaxRowspan bound a table grid: hostile spans must
// not allocate without limit (browsers clamp colspan at 1000, rowspan at 65534).
const (
	htmlMaxColumns = 1000
	htmlMaxRowspan = 65534
)

func extractHTML(ctx context.Context, data []byte, lim Limits) (*Document, error) {
	text, enc, err := decodeHTML(data)
	if err != nil {
		return nil, err
	}
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil, &Error{Stage: stage, Format: "html", Reason: "cannot parse the page", Err: err}
	}
	w := &htmlWalker{ctx: ctx, budget: lim.MaxDocxUncompressed}
	w.flow(root, false)
	w.flush()
	if w.err != nil {
		return nil, w.err
	}
	return &Document{Format: "html", Encoding: enc, Blocks: w.blocks}, nil
}

// decodeHTML decodes a page (see the package comment above).
func decodeHTML(data []byte) (text, enc string, err error) {
	relabel := func(err error) error {
		if e, ok := err.(*Error); ok {
			e.Format = "html"
		}
		return err
	}
	if bytes.HasPrefix(data, utf8BOM) || utf8.Valid(data) {
		text, enc, err = decodeText(data)
		return text, enc, relabel(err)
	}
	label := strings.ToLower(declaredCharset(data[:min(len(data), 4096)]))
	switch label {
	case "", "utf-8", "utf8", "gbk", "gb2312", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312":
		// GB18030 is what the .txt reader tries after UTF-8.
		text, enc, err = decodeText(data)
		return text, enc, relabel(err)
	}
	e, name := htmlcharset.Lookup(label)
	if e == nil {
		text, enc, err = decodeText(data)
		return text, enc, relabel(err)
	}
	dec, err := e.NewDecoder().Bytes(data)
	if err != nil || bytes.ContainsRune(dec, utf8.RuneError) {
		return "", "", &Error{Stage: stage, Format: "html", Where: "meta charset",
			Reason: fmt.Sprintf("page declares charset %q but is not valid in it", label), Err: err}
	}
	return string(dec), name, nil
}

// declaredCharset finds <meta charset=…> or <meta http-equiv content="…;
// charset=…"> in the head of a page.
func declaredCharset(head []byte) string {
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "meta" || !hasAttr {
				continue
			}
			var content string
			for {
				k, v, more := z.TagAttr()
				switch string(k) {
				case "charset":
					return strings.TrimSpace(string(v))
				case "content":
					content = string(v)
				}
				if !more {
					break
				}
			}
			if _, after, ok := strings.Cut(strings.ToLower(content), "charset="); ok {
				return strings.Trim(strings.TrimSpace(after), `"';`)
			}
		}
	}
}

// htmlWalker collects blocks from the tree; para holds the open paragraph's
// raw text (white space not yet collapsed).
type htmlWalker struct {
	ctx     context.Context
	inTable bool // walking a data table's cell
	blocks  []Block
	para    strings.Builder
	nodes   int
	budget  int64 // text bytes still allowed (the decompressed-size limit)
	err     error
}

// chromeWords start the id or class of a page's navigation and furniture.
var chromeWords = map[string]bool{
	"nav": true, "navbar": true, "navi": true, "menu": true, "header": true, "head": true, "top": true, "topbar": true,
	"footer": true, "foot": true, "bottom": true, "breadcrumb": true, "breadcrumbs": true, "crumb": true, "crumbs": true,
	"sidebar": true, "side": true, "share": true, "copyright": true, "banner": true, "toolbar": true, "search": true,
	"login": true, "links": true, "friendlink": true, "position": true, "location": true, "skip": true,
}

// skipTags never hold report text.
var skipTags = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Canvas: true, atom.Nav: true,
	atom.Select: true, atom.Button: true, atom.Input: true, atom.Textarea: true, atom.Option: true, atom.Map: true,
}

// blockTags end the open paragraph before and after them.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.H1: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true,
	atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Blockquote: true, atom.Pre: true,
	atom.Address: true, atom.Center: true, atom.Figure: true, atom.Figcaption: true, atom.Hr: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Caption: true, atom.Body: true, atom.Form: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Fieldset: true, atom.Legend: true,
}

func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// isChrome reports whether element n is page furniture (see the package
// comment). Inside a data table only skipTags count: a header row's class is
// often "head".
func isChrome(n *html.Node, inArticle, inTable bool) bool {
	if skipTags[n.DataAtom] {
		return true
	}
	if inTable {
		return false
	}
	switch n.DataAtom {
	case atom.Header, atom.Footer, atom.Aside:
		if !inArticle {
			return true
		}
	}
	switch strings.ToLower(htmlAttr(n, "role")) {
	case "navigation", "banner", "contentinfo", "search", "menu", "menubar":
		return true
	}
	if strings.EqualFold(htmlAttr(n, "hidden"), "hidden") || strings.Contains(strings.ReplaceAll(strings.ToLower(htmlAttr(n, "style")), " ", ""), "display:none") {
		return true
	}
	words := strings.Fields(htmlAttr(n, "class"))
	if id := htmlAttr(n, "id"); id != "" {
		words = append(words, id)
	}
	for _, w := range words {
		parts := strings.FieldsFunc(strings.ToLower(w), func(r rune) bool { return r == '-' || r == '_' })
		if len(parts) > 0 && chromeWords[strings.TrimRight(parts[0], "0123456789")] {
			return true
		}
	}
	switch n.DataAtom {
	case atom.Ul, atom.Ol, atom.Div, atom.Dl, atom.Span, atom.P, atom.Td:
		if linkList(n) {
			return true
		}
	}
	return false
}

// linkList reports whether n's text is mostly link text (a menu or a list of
// related articles) and n holds no table.
func linkList(n *html.Node) bool {
	var all, link int
	table := false
	var walk func(m *html.Node, inLink bool)
	walk = func(m *html.Node, inLink bool) {
		for c := m.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				k := utf8.RuneCountInString(strings.TrimSpace(c.Data))
				all += k
				if inLink {
					link += k
				}
			case html.ElementNode:
				if c.DataAtom == atom.Table {
					table = true
				}
				if !skipTags[c.DataAtom] {
					walk(c, inLink || c.DataAtom == atom.A)
				}
			}
		}
	}
	walk(n, false)
	return !table && link > 0 && 10*link >= 7*all
}

// flow walks n as flowing content: paragraphs and tables.
func (w *htmlWalker) flow(n *html.Node, inArticle bool) {
	for c := n.FirstChild; c != nil && w.err == nil; c = c.NextSibling {
		w.nodes++
		if w.nodes%1024 == 0 {
			if err := w.ctx.Err(); err != nil {
				w.err = cancelled("html", "", err)
				return
			}
		}
		switch c.Type {
		case html.TextNode:
			w.text(c.Data)
		case html.ElementNode:
			w.element(c, inArticle)
		case html.DocumentNode:
			w.flow(c, inArticle)
		}
	}
}

func (w *htmlWalker) text(s string) {
	w.budget -= int64(len(s))
	if w.budget < 0 {
		w.err = &Error{Stage: stage, Format: "html", Reason: "page text exceeds the size limit", Err: errLimit}
		return
	}
	w.para.WriteString(s)
}

func (w *htmlWalker) element(n *html.Node, inArticle bool) {
	if isChrome(n, inArticle, w.inTable) {
		return
	}
	inArticle = inArticle || n.DataAtom == atom.Article || n.DataAtom == atom.Main
	switch {
	case n.DataAtom == atom.Br:
		w.flush()
	case n.DataAtom == atom.Table:
		w.flush()
		if layoutTable(n) {
			w.flow(n, inArticle)
			w.flush()
			return
		}
		if t := w.table(n); t != nil && len(t.Rows) > 0 {
			w.blocks = append(w.blocks, Block{Kind: TableBlock, Table: t})
		}
	case blockTags[n.DataAtom]:
		w.flush()
		w.flow(n, inArticle)
		w.flush()
	default:
		w.flow(n, inArticle)
	}
}

// flush ends the open paragraph.
func (w *htmlWalker) flush() {
	if w.para.Len() == 0 {
		return
	}
	t := collapseSpace(w.para.String())
	w.para.Reset()
	if t != "" {
		w.blocks = append(w.blocks, Block{Kind: Paragraph, Text: t})
	}
}

// collapseSpace collapses white space as a browser shows it: runs become one
// space, a run holding a line break between two wide characters disappears,
// and the ends are trimmed. A no-break space counts as a space; an
// ideographic space is text (indentation) and is trimmed only at the ends.
func collapseSpace(s string) string {
	var b strings.Builder
	var prev rune // last rune written
	pending, newline := false, false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\u00a0':
			pending = true
			newline = newline || r == '\n' || r == '\r'
			continue
		}
		if pending && prev != 0 && !(newline && isWide(prev) && isWide(r)) {
			b.WriteByte(' ')
		}
		pending, newline = false, false
		b.WriteRune(r)
		prev = r
	}
	return strings.Trim(b.String(), " \u3000")
}

// layoutTable reports whether a table is page layout rather than data: it
// holds another table, or it has one cell.
func layoutTable(n *html.Node) bool {
	cells := 0
	var nested bool
	var walk func(m *html.Node, depth int)
	walk = func(m *html.Node, depth int) {
		for c := m.FirstChild; c != nil && !nested; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Table:
				nested = true
				return
			case atom.Td, atom.Th:
				cells++
			}
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return nested || cells <= 1
}

// htmlCell is a source cell before grid placement.
type htmlCell struct {
	text             string
	colspan, rowspan int
}

// table reads a data table's rows (its own, not a nested table's) and places
// cells on the grid (see the package comment).
func (w *htmlWalker) table(n *html.Node) *Table {
	var rows [][]htmlCell
	var collect func(m *html.Node)
	collect = func(m *html.Node) {
		for c := m.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || skipTags[c.DataAtom] {
				continue
			}
			switch c.DataAtom {
			case atom.Thead, atom.Tbody, atom.Tfoot:
				collect(c)
			case atom.Tr:
				var row []htmlCell
				for d := c.FirstChild; d != nil; d = d.NextSibling {
					if d.Type == html.ElementNode && (d.DataAtom == atom.Td || d.DataAtom == atom.Th) {
						row = append(row, htmlCell{text: w.cellText(d),
							colspan: spanAttr(d, "colspan", htmlMaxColumns), rowspan: spanAttr(d, "rowspan", htmlMaxRowspan)})
					}
				}
				rows = append(rows, row)
			}
		}
	}
	collect(n)
	if w.err != nil {
		return nil
	}
	return placeCells(rows)
}

// spanAttr reads colspan/rowspan: a missing, invalid or zero value is 1,
// large values are clamped.
func spanAttr(n *html.Node, key string, limit int) int {
	v, err := strconv.Atoi(strings.TrimSpace(htmlAttr(n, key)))
	if err != nil || v < 1 {
		return 1
	}
	return min(v, limit)
}

// placeCells lays source rows on the grid: a rowspan leaves a Merged cell of
// the same Span in each row it covers below.
func placeCells(rows [][]htmlCell) *Table {
	type hold struct{ left, span int } // rows still covered below, width
	holds := map[int]*hold{}           // by start column
	t := &Table{}
	for _, src := range rows {
		var cells []Cell
		col := 0
		emitHeld := func() {
			for {
				h, ok := holds[col]
				if !ok {
					return
				}
				cells = append(cells, Cell{Span: h.span, Merged: true})
				if h.left--; h.left == 0 {
					delete(holds, col)
				}
				col += h.span
			}
		}
		for _, c := range src {
			emitHeld()
			if col >= htmlMaxColumns {
				break
			}
			span := min(c.colspan, htmlMaxColumns-col)
			cells = append(cells, Cell{Text: c.text, Span: span})
			if c.rowspan > 1 && len(rows) > 1 {
				holds[col] = &hold{left: c.rowspan - 1, span: span}
			}
			col += span
		}
		// Cells held from above right of the row's last cell.
		for len(holds) > 0 {
			next := -1
			for k := range holds {
				if k >= col && (next < 0 || k < next) {
					next = k
				}
			}
			if next < 0 {
				break
			}
			col = next
			emitHeld()
		}
		if len(cells) > 0 && !allBlank(cells) {
			t.Rows = append(t.Rows, Row{Cells: cells})
		}
	}
	return t
}

func allBlank(cells []Cell) bool {
	for _, c := range cells {
		if c.Merged || strings.TrimSpace(c.Text) != "" {
			return false
		}
	}
	return true
}

// cellText is a cell's paragraphs joined with "\n" (a nested data table's
// cells become lines too).
func (w *htmlWalker) cellText(n *html.Node) string {
	sub := &htmlWalker{ctx: w.ctx, budget: w.budget, inTable: true}
	sub.flow(n, true)
	sub.flush()
	w.budget, w.nodes = sub.budget, w.nodes+sub.nodes
	if sub.err != nil && w.err == nil {
		w.err = sub.err
	}
	var lines []string
	for _, b := range sub.blocks {
		switch b.Kind {
		case Paragraph:
			lines = append(lines, b.Text)
		case TableBlock:
			for _, r := range b.Table.Rows {
				for _, c := range r.Cells {
					if c.Text != "" {
						lines = append(lines, c.Text)
					}
				}
			}
		}
	}
	return strings.Join(lines, "\n")
}
