package kpi

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// finderCases are expressions of every kind newFinder meets: dictionary
// patterns, literal alternations, classes, and ones it must leave to the
// regexp package (assertions, empty matches, large classes).
var finderCases = []string{
	`(?:州|市)级[^。]{0,6}?签约项目履约率[^。]{0,3}?(?P<v>[0-9]+(?:\.[0-9]+)?)%`,
	`[（(]\s*(?:查[^（()）]{0,8}数|(?:填写|填报)[^（()）]{0,20})[）)]`,
	`(?:举办|召开|开展)了?|[，,：:]`,
	`(?:((?:19|20)[0-9]{2})\s*年\s*)?([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日`,
	`a*b`, `(?:x|y)?z+`, `[a-c]{2,3}`,
	`\bab`, `^ab`, `ab$`, `(?m)^任务`, // assertions: the regexp package runs them
	`a*`, `(?:)`, `x?`, // empty matches
	`[一-龥]+元`, `.元`, `(?i)ab`, // too many start runes, any rune, case folding
}

var finderTexts = []string{
	"", "州级签约项目履约率80%，市级签约项目履约率75.5%；市级签约项目履约率",
	"预算为2（查预算数）万元，（填写 说明）(查数)（查看附件）", "举办了会议，召开大会：开展活动",
	"2021年4月29日至5月3日，6月 18 日", "aab ab b zzz yz xz ab abc cab",
	"任务1\n任务2", "一元二元", "AB ab Ab",
}

// seedSentences returns the normalised sentences of the real report, or nil
// when ../shared is absent (the other texts still run).
func seedSentences(t *testing.T) []string {
	t.Helper()
	shared := sharedDir(t)
	if shared == "" {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(shared, seedFiles[0]))
	if err != nil {
		return nil
	}
	var out []string
	for _, se := range splitSentences(strings.ToValidUTF8(string(data), "\uFFFD"), false, &targetScope{}) {
		out = append(out, se.norm)
	}
	return out
}

func TestFinderMatchesRegexp(t *testing.T) {
	d := mustDict(t)
	var res []*regexp.Regexp
	for _, src := range finderCases {
		res = append(res, regexp.MustCompile(src))
	}
	for _, e := range d.entries {
		for _, p := range append(append([]*pattern{}, e.patterns...), e.targets...) {
			res = append(res, p.re)
		}
	}
	for _, r := range d.residue {
		res = append(res, r.find.re)
	}
	res = append(res, dateRE, nameStartRE, comparisonRE)
	texts := append(append([]string{}, finderTexts...), seedSentences(t)...)
	data, err := os.ReadFile(filepath.Join("testdata", "report.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, se := range splitSentences(string(data), false, &targetScope{}) {
		texts = append(texts, se.norm)
	}
	fast := 0
	for _, re := range res {
		f := newFinder(re)
		if f.anchored != nil {
			fast++
		}
		for _, s := range texts {
			if got, want := f.findAll(s), re.FindAllStringSubmatchIndex(s, -1); !reflect.DeepEqual(got, want) {
				t.Errorf("%s on %q: findAll = %v, want %v", re, s, got, want)
			}
			if got, want := f.find(s), re.FindStringSubmatchIndex(s); !reflect.DeepEqual(got, want) {
				t.Errorf("%s on %q: find = %v, want %v", re, s, got, want)
			}
		}
	}
	// Most expressions take the fast path; the ones it must not take do not.
	if fast < len(res)/2 {
		t.Errorf("only %d of %d expressions take the fast path", fast, len(res))
	}
	for _, src := range []string{`\bab`, `^ab`, `ab$`, `a*`, `(?:)`, `.元`, `(?i)ab`, `[一-龥]+元`} {
		if newFinder(regexp.MustCompile(src)).anchored != nil {
			t.Errorf("%s takes the fast path", src)
		}
	}
}

// FuzzFinder checks finders against the regexp package, on the fixed
// expressions and on a fuzzed one.
func FuzzFinder(f *testing.F) {
	for i, s := range finderTexts {
		f.Add(finderCases[i%len(finderCases)], s)
	}
	f.Add(`(?:到位资金|引进[^。]{0,8}资金|引资)[^。]{0,48}?同比增长[^。]{0,2}?([0-9]+)%`, "到位资金3亿元，同比增长5%；引资同比增长7%")
	var finders []*finder
	for _, src := range finderCases {
		finders = append(finders, newFinder(regexp.MustCompile(src)))
	}
	finders = append(finders, newFinder(dateRE), newFinder(nameStartRE))
	f.Fuzz(func(t *testing.T, src, s string) {
		s = strings.ToValidUTF8(s, "\uFFFD") // sentences are repaired before matching
		fs := finders
		if re, err := regexp.Compile(src); err == nil && len(src) < 200 {
			fs = append(fs[:len(fs):len(fs)], newFinder(re))
		}
		for _, fd := range fs {
			if got, want := fd.findAll(s), fd.re.FindAllStringSubmatchIndex(s, -1); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s on %q: findAll = %v, want %v", fd.re, s, got, want)
			}
			if got, want := fd.find(s), fd.re.FindStringSubmatchIndex(s); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s on %q: find = %v, want %v", fd.re, s, got, want)
			}
		}
	})
}
