// Package reuse cuts a report's narrative into sentences and gives each one a
// fingerprint of its wording with numbers and years taken out, so that
// "2020年到位资金12亿元" and "2021年到位资金15亿元" count as the same sentence.
// Comparing reports is then a join of fingerprints (an inverted index), which
// the warehouse does at refresh time (sql/views/045_spotcheck.sql): no report
// is ever compared with every other one. No database, no I/O here.
package reuse

import (
	"iter"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"jixiao/etl/extract"
	"jixiao/report"
)

// MinRunes is the shortest normalised sentence that counts (numbers count as
// one character): headings such as "一、部门基本情况" and table captions say
// nothing about who wrote the text and are left out.
const MinRunes = 12

// MaxSentenceRunes caps the text kept for one sentence: a paragraph without
// a full stop (a pasted table row) is one "sentence" and is truncated beyond
// this, its fingerprint still covering the whole of it.
const MaxSentenceRunes = 400

// Sentences returns the narrative sentences of doc (paragraph blocks only: the
// form's table cells are figures, not prose) in reading order, each with its
// block index and fingerprint. Sentences shorter than MinRunes once normalised
// are skipped; a sentence repeated within the document is kept once.
func Sentences(doc *extract.Document) []report.Sentence {
	var out []report.Sentence
	seen := map[int64]bool{}
	// One buffer holds each sentence's normalised wording in turn: a
	// report has hundreds of sentences, and only their fingerprints stay.
	var buf []byte
	for bi, b := range doc.Blocks {
		if b.Kind != extract.Paragraph {
			continue
		}
		for s := range sentences(b.Text) {
			var runes int
			buf, runes = appendNormalised(buf[:0], s)
			if runes < MinRunes {
				continue
			}
			h := hash(buf)
			if seen[h] {
				continue
			}
			seen[h] = true
			out = append(out, report.Sentence{Block: bi, Text: truncate(strings.TrimSpace(s), MaxSentenceRunes), Hash: h})
		}
	}
	return out
}

// Split cuts text into sentences after 。！？； and their ASCII forms and at
// line breaks; the terminator stays with its sentence.
func Split(text string) []string { return slices.Collect(sentences(text)) }

// sentences yields Split's sentences one by one. It reads bytes, not runes:
// the ends are ASCII or start with the lead byte E3 (。) or EF (！？；), which
// no rune holds inside, so they are found where decoding would find them.
func sentences(text string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := 0
		for i := 0; i < len(text); i++ {
			end, next := -1, 0
			switch c := text[i]; c {
			case '!', '?', ';':
				end, next = i+1, i+1
			case '\n', '\r':
				end, next = i, i+1
			case 0xE3:
				if strings.HasPrefix(text[i:], "。") {
					end, next = i+3, i+3
				}
			case 0xEF:
				if t := text[i:]; strings.HasPrefix(t, "！") || strings.HasPrefix(t, "？") || strings.HasPrefix(t, "；") {
					end, next = i+3, i+3
				}
			}
			if end < 0 {
				continue
			}
			if s := strings.TrimSpace(text[start:end]); s != "" && !yield(s) {
				return
			}
			start = next
			i = next - 1
		}
		if s := strings.TrimSpace(text[start:]); s != "" {
			yield(s)
		}
	}
}

// Normalise is the wording a fingerprint covers: full-width letters and digits
// folded to ASCII, ASCII lower-cased, every run of digits (with its decimal
// point, thousands separators and a trailing %) replaced by "#", and spaces and
// punctuation dropped. Chinese numerals stay: "三类500强" keeps its 三.
func Normalise(s string) string {
	b, _ := appendNormalised(make([]byte, 0, len(s)), s)
	return string(b)
}

// appendNormalised appends Normalise(s) to b and returns the runes it
// appended.
func appendNormalised(b []byte, s string) ([]byte, int) {
	inNum, runes := false, 0
	for i := 0; i < len(s); {
		// CJK ideographs (U+4E00–U+9FFF), most of a report, are neither
		// digits, spaces, punctuation nor cased: copied without decoding.
		if j := ideographRun(s, i); j > i {
			b = append(b, s[i:j]...)
			runes += (j - i) / 3
			inNum, i = false, j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII block
			r -= 0xFEE0
		}
		switch {
		case r >= '0' && r <= '9':
			if !inNum {
				b = append(b, '#')
				runes++
				inNum = true
			}
			continue
		case inNum && (r == '.' || r == ',' || r == '%' || r == '‰'):
			continue
		}
		inNum = false
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			continue
		}
		b = utf8.AppendRune(b, unicode.ToLower(r))
		runes++
	}
	return b, runes
}

// ideographRun returns the end of the run of CJK ideographs (U+4E00–U+9FFF)
// that opens s[i:], i when there is none; read without decoding.
func ideographRun(s string, i int) int {
	for i+2 < len(s) {
		c := s[i]
		if c < 0xE4 || c > 0xE9 || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 || c == 0xE4 && s[i+1] < 0xB8 {
			break
		}
		i += 3
	}
	return i
}

// Hash is the fingerprint of a normalised sentence: FNV-1a, 53 bits, so that
// it is exact as an integer in every column type the warehouse may read it
// with (a DOUBLE holds 53 bits).
func Hash(norm string) int64 { return hash(norm) }

// hash is FNV-1a (hash/fnv's New64a) written out, so that a sentence's
// wording is hashed where it lies instead of copied into a hash.Hash.
func hash[T string | []byte](norm T) int64 {
	const (
		offset64 = 14695981039346656037
		prime64  = 1099511628211
	)
	h := uint64(offset64)
	for i := 0; i < len(norm); i++ {
		h ^= uint64(norm[i])
		h *= prime64
	}
	return int64(h & (1<<53 - 1))
}

// truncate cuts s to at most n runes.
func truncate(s string, n int) string {
	// No more bytes than n is no more runes; nearly every sentence is
	// shorter than the cap, and counting its runes was a pass over it.
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
