package rematch

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// cases are expressions of every kind a finder meets: dictionary-like
// patterns, literal alternations, classes, and ones it must leave to the
// regexp package (assertions, empty matches, large classes, case folding).
var cases = []string{
	`(?:州|市)级[^。]{0,6}?签约项目履约率[^。]{0,3}?(?P<v>[0-9]+(?:\.[0-9]+)?)%`,
	`[（(]\s*(?:查[^（()）]{0,8}数|(?:填写|填报)[^（()）]{0,20})[）)]`,
	`(?:举办|召开|开展)了?|[，,：:]`,
	`(?:((?:19|20)[0-9]{2})\s*年\s*)?([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日`,
	`(?:年初预算|上年结转|上年结余)(?:数|额)?[^0-9]{0,6}([0-9]+(?:\.[0-9]+)?)万元`,
	`a*b`, `(?:x|y)?z+`, `[a-c]{2,3}`,
	`\bab`, `^ab`, `ab$`, `(?m)^任务`,
	`a*`, `(?:)`, `x?`,
	`[一-龥]+元`, `.元`, `(?i)ab`,
}

var texts = []string{
	"", "州级签约项目履约率80%，市级签约项目履约率75.5%；市级签约项目履约率",
	"预算为2（查预算数）万元，（填写 说明）(查数)（查看附件）", "举办了会议，召开大会：开展活动",
	"2021年4月29日至5月3日，6月 18 日", "aab ab b zzz yz xz ab abc cab",
	"年初预算数为120.5万元，上年结转8万元；上年结余额：3万元", "任务1\n任务2", "一元二元", "AB ab Ab",
}

func check(t *testing.T, f *Finder, s string) {
	t.Helper()
	re := f.Regexp()
	if got, want := f.FindAll(s), re.FindAllStringSubmatchIndex(s, -1); !reflect.DeepEqual(got, want) {
		t.Errorf("%s on %q: FindAll = %v, want %v", re, s, got, want)
	}
	if got, want := f.Find(s), re.FindStringSubmatchIndex(s); !reflect.DeepEqual(got, want) {
		t.Errorf("%s on %q: Find = %v, want %v", re, s, got, want)
	}
}

func TestFinderMatchesRegexp(t *testing.T) {
	fast := 0
	for _, src := range cases {
		f := New(regexp.MustCompile(src))
		if f.Accelerated() {
			fast++
		}
		for _, s := range texts {
			check(t, f, s)
		}
	}
	if fast < 5 {
		t.Errorf("only %d of %d expressions take the fast path", fast, len(cases))
	}
	for _, src := range []string{`\bab`, `^ab`, `ab$`, `(?m)^任务`, `a*`, `(?:)`, `.元`, `(?i)ab`, `[一-龥]+元`} {
		if New(regexp.MustCompile(src)).Accelerated() {
			t.Errorf("%s takes the fast path", src)
		}
	}
}

// TestRequire: a required literal set ends the search early without changing
// what is found, and one-rune sets are ignored.
func TestRequire(t *testing.T) {
	re := regexp.MustCompile(`满意度[^。]{0,20}?服务对象[^。]{0,6}?([0-9]+(?:\.[0-9]+)?)%`)
	f := New(re).Require([][]string{{"服务对象"}, {"%"}})
	if len(f.sets) != 1 {
		t.Errorf("sets = %v, want only the multi-byte literal", f.sets)
	}
	for _, s := range []string{"满意度调查：服务对象满意度96.1%。满意度较高", "满意度较高，无服务", "满意度服务对象 12%"} {
		check(t, f, s)
	}
}

// FuzzFinder checks finders against the regexp package, on the fixed
// expressions and on a fuzzed one.
func FuzzFinder(f *testing.F) {
	for i, s := range texts {
		f.Add(cases[i%len(cases)], s)
	}
	var finders []*Finder
	for _, src := range cases {
		finders = append(finders, New(regexp.MustCompile(src)))
	}
	f.Fuzz(func(t *testing.T, src, s string) {
		s = strings.ToValidUTF8(s, "\uFFFD") // sentences are repaired before matching
		fs := finders
		if re, err := regexp.Compile(src); err == nil && len(src) < 200 {
			fs = append(fs[:len(fs):len(fs)], New(re))
		}
		for _, fd := range fs {
			check(t, fd, s)
		}
	})
}
