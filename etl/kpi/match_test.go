package kpi

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// finderTexts are sentences shaped like report text for the dictionary's
// finders (the finder itself is tested in etl/rematch).
var finderTexts = []string{
	"", "州级签约项目履约率80%，市级签约项目履约率75.5%；市级签约项目履约率",
	"预算为2（查预算数）万元，（填写 说明）(查数)（查看附件）", "举办了会议，召开大会：开展活动",
	"2021年4月29日至5月3日，6月 18 日",
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
	for _, e := range d.entries {
		for _, p := range append(append([]*pattern{}, e.patterns...), e.targets...) {
			res = append(res, p.re)
		}
	}
	for _, r := range d.residue {
		res = append(res, r.find.Regexp())
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
		if f.Accelerated() {
			fast++
		}
		for _, s := range texts {
			if got, want := f.FindAll(s), re.FindAllStringSubmatchIndex(s, -1); !reflect.DeepEqual(got, want) {
				t.Errorf("%s on %q: findAll = %v, want %v", re, s, got, want)
			}
			if got, want := f.Find(s), re.FindStringSubmatchIndex(s); !reflect.DeepEqual(got, want) {
				t.Errorf("%s on %q: find = %v, want %v", re, s, got, want)
			}
		}
	}
	// Most dictionary expressions take the fast path.
	if fast < len(res)/2 {
		t.Errorf("only %d of %d expressions take the fast path", fast, len(res))
	}
}
