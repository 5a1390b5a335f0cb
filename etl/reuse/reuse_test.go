package reuse

import (
	"hash/fnv"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"jixiao/etl/extract"
	"jixiao/report"
)

func TestNormalise(t *testing.T) {
	tests := []struct{ a, b string }{
		{"2020年到位资金12.5亿元，同比增长12%。", "2021年到位资金15亿元，同比增长15.3%。"},
		{"全年开展集中学习２４次", "全年开展集中学习 8 次"},
		{"支出1,234.56万元", "支出99万元"},
	}
	for _, tt := range tests {
		if Normalise(tt.a) != Normalise(tt.b) {
			t.Errorf("%q and %q normalise differently: %q vs %q", tt.a, tt.b, Normalise(tt.a), Normalise(tt.b))
		}
	}
	if Normalise("新引进三类500强项目") == Normalise("新引进四类500强项目") {
		t.Error("Chinese numerals must stay: 三类 and 四类 are different wording")
	}
}

// normaliseRef is Normalise rune by rune, without its fast path.
func normaliseRef(s string) string {
	var b strings.Builder
	inNum := false
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		switch {
		case r >= '0' && r <= '9':
			if !inNum {
				b.WriteByte('#')
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
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

var normaliseSeeds = []string{"", "12.5亿元，同比增长12%。", "２４次ＡＢｃ", "\xff\xfe。中\xe4\xb8", "一丁\u4dff\u9fff\ua000鿿", "3,4‰5", "Ａ1．5％"}

func TestNormaliseFastPath(t *testing.T) {
	for _, s := range normaliseSeeds {
		if got, want := Normalise(s), normaliseRef(s); got != want {
			t.Errorf("Normalise(%q) = %q, want %q", s, got, want)
		}
	}
	for r := rune(0x4D00); r <= 0xA100; r++ {
		if s := string(r) + "a" + string(r); Normalise(s) != normaliseRef(s) {
			t.Fatalf("Normalise(%q) = %q, want %q", s, Normalise(s), normaliseRef(s))
		}
	}
}

func FuzzNormalise(f *testing.F) {
	for _, s := range normaliseSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Normalise(s), normaliseRef(s); got != want {
			t.Errorf("Normalise(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestSplit(t *testing.T) {
	got := Split("第一句。第二句！第三句？\n第四句；末句")
	want := []string{"第一句。", "第二句！", "第三句？", "第四句；", "末句"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("sentence %d: got %q, want %q", i, got[i], want[i])
		}
	}
}

func TestSentences(t *testing.T) {
	doc := &extract.Document{Blocks: []extract.Block{
		{Kind: extract.Paragraph, Text: "一、部门基本情况"},
		{Kind: extract.TableBlock, Table: &extract.Table{Rows: []extract.Row{{Cells: []extract.Cell{{Text: "本单位2021年度收入合计123万元，较上年有所增长。"}}}}}},
		{Kind: extract.Paragraph, Text: "本单位2021年度收入合计123万元，较上年有所增长。本单位2022年度收入合计150万元，较上年有所增长。"},
	}}
	got := Sentences(doc)
	if len(got) != 1 {
		t.Fatalf("want one sentence (heading too short, table skipped, repeat kept once), got %+v", got)
	}
	if got[0].Block != 2 || got[0].Hash != Hash(Normalise("本单位2022年度收入合计150万元，较上年有所增长。")) {
		t.Errorf("got %+v", got[0])
	}
	if got[0].Hash >= 1<<53 || got[0].Hash < 0 {
		t.Errorf("hash %d outside 53 bits", got[0].Hash)
	}
}

// hashRef is the fingerprint as hash/fnv computes it, which the stored
// fingerprints of earlier runs were made with.
func hashRef(norm string) int64 {
	h := fnv.New64a()
	h.Write([]byte(norm))
	return int64(h.Sum64() & (1<<53 - 1))
}

// splitRef is Split decoding the text rune by rune.
func splitRef(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		end := -1
		switch r {
		case '。', '！', '？', '；', '!', '?', ';':
			end = i + utf8.RuneLen(r)
		case '\n', '\r':
			end = i
		}
		if end < 0 {
			continue
		}
		if s := strings.TrimSpace(text[start:end]); s != "" {
			out = append(out, s)
		}
		start = end
		if r == '\n' || r == '\r' {
			start = i + 1
		}
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// sentencesRef is Sentences as it was written first: Split, Normalise and
// Hash per sentence. Sentences reads each sentence into one buffer instead.
func sentencesRef(doc *extract.Document) []report.Sentence {
	var out []report.Sentence
	seen := map[int64]bool{}
	for bi, b := range doc.Blocks {
		if b.Kind != extract.Paragraph {
			continue
		}
		for _, s := range splitRef(b.Text) {
			norm := Normalise(s)
			if utf8.RuneCountInString(norm) < MinRunes {
				continue
			}
			h := hashRef(norm)
			if seen[h] {
				continue
			}
			seen[h] = true
			out = append(out, report.Sentence{Block: bi, Text: truncate(strings.TrimSpace(s), MaxSentenceRunes), Hash: h})
		}
	}
	return out
}

func TestHashIsFNV1a(t *testing.T) {
	for _, s := range []string{"", "a", "本单位#年度收入合计#万元较上年有所增长", "\xff\xfe", strings.Repeat("绩效", 300)} {
		if got, want := Hash(s), hashRef(s); got != want {
			t.Errorf("Hash(%q) = %d, want %d", s, got, want)
		}
	}
}

func FuzzSentences(f *testing.F) {
	f.Add("2020年到位资金12.5亿元，同比增长12%。其他内容；\n第三句话比较长一些的文字内容")
	f.Add("\xff\xfe。。")
	f.Add("a!b?c;d\re\n\xe3。\xef！？；\xe3\x80\xef\xbc。 ")
	f.Fuzz(func(t *testing.T, text string) {
		for _, s := range Sentences(&extract.Document{Blocks: []extract.Block{{Kind: extract.Paragraph, Text: text}}}) {
			if utf8.RuneCountInString(Normalise(s.Text)) < MinRunes && utf8.RuneCountInString(s.Text) <= MaxSentenceRunes {
				t.Errorf("sentence %q shorter than MinRunes kept", s.Text)
			}
			if s.Hash < 0 || s.Hash >= 1<<53 {
				t.Errorf("hash %d outside 53 bits", s.Hash)
			}
		}
		if got, want := Split(text), splitRef(text); !slices.Equal(got, want) {
			t.Errorf("Split(%q) = %q, want %q", text, got, want)
		}
		doc := &extract.Document{Blocks: []extract.Block{{Kind: extract.Paragraph, Text: text}, {Kind: extract.Paragraph, Text: text + "。" + text}}}
		if got, want := Sentences(doc), sentencesRef(doc); !reflect.DeepEqual(got, want) {
			t.Errorf("Sentences = %+v, want %+v", got, want)
		}
	})
}
