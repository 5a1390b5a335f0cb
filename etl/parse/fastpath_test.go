package parse

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"jixiao/etl/number"
	"jixiao/etl/rematch"
)

// The fast paths of this package must give what the plain code they replace
// gives, byte for byte. The references below are that plain code.

func lightRef(s string) string {
	s = number.Normalize(s)
	return strings.Map(func(r rune) rune {
		switch r {
		case '（':
			return '('
		case '）':
			return ')'
		case '：':
			return ':'
		case '＝':
			return '='
		case '．':
			return '.'
		}
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func compactRef(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// normRef is norm rune by rune: invalid bytes stay as they are.
func normRef(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r < utf8.RuneSelf:
			if !strings.ContainsRune(" \t\r\n\v\f\"'", r) {
				b.WriteByte(byte(r))
			}
		case size == 1:
			b.WriteByte(s[i])
		default:
			if out := normRune(r); out >= 0 {
				b.WriteRune(out)
			}
		}
		i += size
	}
	return b.String()
}

func wordyRef(s string) bool {
	s = strings.NewReplacer("万元", "", "亿元", "", "元", "").Replace(s)
	for _, c := range s {
		if unicode.Is(unicode.Han, c) {
			return true
		}
	}
	return false
}

var fastPathSeeds = []string{
	"", " ", "　", "\t（1）目标设定情况（5分）：", "①在职人员控制率（2分）＝（4÷13）×100%＝30.77%，得满分2分。",
	"预算执行率＝实际支出数÷预算数＝９８．５％", "年初预算１２３．４５万元，“三公经费”支出0.88万元",
	"湘西土家族苗族自治州湘西州四川省四川", "公共财\n政拨款", "bad\xffbytes（\xe4\xb8", "\u00a0\u2028空白\u3000",
	"=右边只有数字100元", "甲=乙的万万元元", "一、投入（20分）", "Q0 90Q总分Q100", "报告(修订版)", "报告【更正】", "〔终稿〕", "(v2)", "自评报告V2", "修改稿", "终稿", "第二版", "报告v29", "(第3版)", "得分 90Q100。 总分Q100；（完成）“是”", "好。好（1）。好：2。好；好。好！好？好;好!好?好。好。好。好。好。好。好。好。好。好。Q。", "部门决策得分 | 部门绩效|",
	" 序 号 | 指标", "“序号”｜分值", "序号|", "序\u3000号|得分", "序列号|",
	"12、投入", "123、投入", "十一、产出(30分)", "一二三四、效益", "1.部门决策:", "2021年度", "一、", "9.x", "十\xff、履职",
}

// savedNameRE is what trimSavedName drops.
var savedNameRE = regexp.MustCompile(`\.(?:docx?|xlsx?|pdf|wps|et)$`)

// newLineRef is newLine normalising each sentence on its own and joining
// their norms into the line's.
func newLineRef(t string, block, row, cell int) line {
	l := line{text: t, block: block, row: row, cell: cell}
	ss := sentences(t)
	if len(ss) == 0 {
		return l
	}
	l.sents = make([]sentence, len(ss))
	for i, s := range ss {
		sn := fixOCRLessEqual(norm(s))
		l.sents[i] = sentence{text: s, norm: sn, digits: hasDigit(sn)}
		l.digits = l.digits || l.sents[i].digits
		l.norm += sn
	}
	if len(ss) == 1 && l.digits && contentsEntry(l.norm) {
		l.digits, l.sents[0].digits = false, false
	}
	return l
}

func checkFastPaths(t *testing.T, s string) {
	t.Helper()
	if got, want := light(s), lightRef(s); got != want {
		t.Errorf("light(%q) = %q, want %q", s, got, want)
	}
	if got, want := compact(s), compactRef(s); got != want {
		t.Errorf("compact(%q) = %q, want %q", s, got, want)
	}
	if got, want := norm(s), normRef(s); got != want {
		t.Errorf("norm(%q) = %q, want %q", s, got, want)
	}
	if got, want := newLine(s, 1, 2, 3), newLineRef(s, 1, 2, 3); !reflect.DeepEqual(got, want) {
		t.Errorf("newLine(%q) = %+v, want %+v", s, got, want)
	}
	if revisionMarkRE.MatchString(s) && !mayMarkRevision(s) || revisionEndRE.MatchString(s) && !mayEndRevision(s) {
		t.Errorf("revision prefilters turn away %q", s)
	}
	// scoreTables asks the row's text for 分 instead of its cells.
	if got, want := strings.Contains(s, "分"), slices.ContainsFunc(splitFields(s), func(f string) bool { return strings.Contains(f, "分") }); got != want {
		t.Errorf("分 in %q: %v, in its cells: %v", s, got, want)
	}
	if got, want := pointsInParens(s), strings.Contains(s, "分）") || strings.Contains(s, "分)"); got != want {
		t.Errorf("pointsInParens(%q) = %v, want %v", s, got, want)
	}
	for _, name := range []string{s, s + ".doc", s + ".docx", s + ".et", s + ".pdf.xls", s + ".DOC"} {
		if got, want := trimSavedName(name), savedNameRE.ReplaceAllString(name, ""); got != want {
			t.Errorf("trimSavedName(%q) = %q, want %q", name, got, want)
		}
	}
	if labelTooLong(s) && len(norm(s)) <= maxCoverLabelBytes {
		t.Errorf("labelTooLong(%q), but norm gives %d bytes", s, len(norm(s)))
	}
	if got, want := level1Match(s), level1RE.FindStringSubmatch(s); !slices.Equal(got, want) {
		t.Errorf("level1Match(%q) = %q, want %q", s, got, want)
	}
	if got, want := formulaText(s), formulaRunes(s); got != want {
		t.Errorf("formulaText(%q) = %q, want %q", s, got, want)
	}
	if utf8.ValidString(s) {
		// The extractors hand on valid UTF-8 only. norm keeps an invalid
		// byte and drops spaces, so "\xe5\xba \x8f" normalises to 序, which
		// numberedHeader's test of the text for 序 does not see.
		if got, want := numberedHeader(s), strings.HasPrefix(norm(s), "序号|") || strings.HasPrefix(norm(s), "序号｜"); got != want {
			t.Errorf("numberedHeader(%q) = %v, want %v", s, got, want)
		}
		if got, want := wordy(s), wordyRef(s); got != want {
			t.Errorf("wordy(%q) = %v, want %v", s, got, want)
		}
	}
	// countEach over lines joined as normText, against Count line by line.
	ls := strings.Split(s, "\n")
	subs := []string{"湘西州", "四川", "四川省", "分", "Q", "元元"}
	got := countEach(strings.Join(ls, "\n")+"\n", subs)
	for k, sub := range subs {
		want := 0
		for _, l := range ls {
			want += strings.Count(l, sub)
		}
		if got[k] != want {
			t.Errorf("countEach(%q)[%q] = %d, want %d", s, sub, got[k], want)
		}
	}
}

func TestFastPaths(t *testing.T) {
	texts := slices.Clone(fastPathSeeds)
	files, _ := filepath.Glob(filepath.Join("testdata", "narrative", "*.txt"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, strings.Split(string(b), "\n")...)
	}
	for _, s := range texts {
		checkFastPaths(t, s)
	}
}

func FuzzFastPaths(f *testing.F) {
	for _, s := range fastPathSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkFastPaths(t, s) })
}

// TestFindersMatchRegexp checks that the budget finders are in use (their
// expressions have known start runes) and find what the regexp package
// finds.
func TestFindersMatchRegexp(t *testing.T) {
	var fs []*rematch.Finder
	for _, specs := range [][]quantitySpec{budgetSpecs, detailSpecs} {
		for _, s := range specs {
			fs = append(fs, s.re)
		}
	}
	fs = append(fs, bareRE)
	texts := slices.Clone(fastPathSeeds)
	texts = append(texts,
		"上年结转和结余资金为12.5万元，年初预算数(查预算数)100万元，本年度追加预算20万元",
		"2022年度预算追加数30万元；年末结转结余5万元，实际追加预算3万元，预算调整数2万元",
		"年初预算安排公用经费10万元，公用经费实际支出9.5万元，预算安排三公经费1.1万元，三公经费实际支出0.88万元",
		"政府采购预算40万元，实际完成政府采购金额39万元；工资福利支出100万元，商品和服务支出50万元",
		"对个人和家庭补助支出3万元，其他资本性支出2万元，实际支出12万元，预算安排13万元，年初预算40.3.亿元")
	files, _ := filepath.Glob(filepath.Join("testdata", "narrative", "*.txt"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			texts = append(texts, strings.ReplaceAll(norm(l), "的", ""))
		}
	}
	matched := 0
	for _, f := range fs {
		if !f.Accelerated() {
			t.Errorf("%s: no finder", f.Regexp())
			continue
		}
		for _, s := range texts {
			got, want := f.FindAll(s), f.Regexp().FindAllStringSubmatchIndex(s, -1)
			if !slices.EqualFunc(got, want, slices.Equal[[]int]) {
				t.Errorf("%s on %q: %v, want %v", f.Regexp(), s, got, want)
			}
			matched += len(want)
		}
	}
	if matched < 20 {
		t.Errorf("only %d matches: the test texts do not exercise the finders", matched)
	}
}

func FuzzFinder(f *testing.F) {
	for _, s := range fastPathSeeds {
		f.Add(s)
	}
	re := regexp.MustCompile(`(?:年初)?预算(?:数)?` + moneyValue)
	fd := rematch.New(re)
	f.Fuzz(func(t *testing.T, s string) {
		for _, x := range []*rematch.Finder{fd, bareRE, budgetSpecs[0].re, budgetSpecs[2].re} {
			if got, want := x.FindAll(s), x.Regexp().FindAllStringSubmatchIndex(s, -1); !slices.EqualFunc(got, want, slices.Equal[[]int]) {
				t.Errorf("%s on %q: %v, want %v", x.Regexp(), s, got, want)
			}
		}
	})
}

// finiteLanguage returns every string re matches when it matches finitely
// many (no repetition beyond ?), else false: what a literal prefilter is
// checked against.
func finiteLanguage(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginText, syntax.OpEndText, syntax.OpBeginLine, syntax.OpEndLine:
		return []string{""}, true
	case syntax.OpLiteral:
		return []string{string(re.Rune)}, true
	case syntax.OpCharClass:
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(out) > 64 {
					return nil, false
				}
				out = append(out, string(r))
			}
		}
		return out, true
	case syntax.OpCapture:
		return finiteLanguage(re.Sub[0])
	case syntax.OpQuest:
		sub, ok := finiteLanguage(re.Sub[0])
		return append(sub, ""), ok
	case syntax.OpAlternate:
		var out []string
		for _, s := range re.Sub {
			l, ok := finiteLanguage(s)
			if !ok {
				return nil, false
			}
			out = append(out, l...)
		}
		return out, true
	case syntax.OpConcat:
		out := []string{""}
		for _, s := range re.Sub {
			l, ok := finiteLanguage(s)
			if !ok {
				return nil, false
			}
			var next []string
			for _, a := range out {
				for _, b := range l {
					next = append(next, a+b)
				}
			}
			out = next
		}
		return out, true
	}
	return nil, false
}

// TestLiteralPrefilters: each expression a literal prefilter guards matches
// only strings holding that literal, and none longer than the length guard,
// so skipping other text changes nothing.
func TestLiteralPrefilters(t *testing.T) {
	for _, c := range []struct {
		re  *regexp.Regexp
		lit string
	}{{coverScoreLabelRE, "分"}, {coverGradeLabelRE, "等"}, {coverUnitLabelRE, ""}} {
		tree, err := syntax.Parse(c.re.String(), syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		lang, ok := finiteLanguage(tree.Simplify())
		if !ok || len(lang) < 2 {
			t.Fatalf("%s: not a finite expression (%d strings)", c.re, len(lang))
		}
		for _, s := range lang {
			if !c.re.MatchString(s) {
				t.Fatalf("%s: enumerated %q, which it does not match", c.re, s)
			}
			if !strings.Contains(s, c.lit) {
				t.Errorf("%s matches %q, which lacks %q", c.re, s, c.lit)
			}
			if len(s) > maxCoverLabelBytes {
				t.Errorf("%s matches %q, longer than maxCoverLabelBytes", c.re, s)
			}
		}
	}
}
