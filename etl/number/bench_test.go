package number

import (
	"os"
	"strings"
	"testing"

	"jixiao/internal/seedfile"
)

// seedText reads the real report's text export from ../shared, or skips.
func seedText(tb testing.TB) string {
	tb.Helper()
	data, err := os.ReadFile(seedfile.Path(tb, seedfile.Txt))
	if err != nil {
		tb.Fatal(err)
	}
	return string(data)
}

// ownText is a report-sized text of our own wording: numbers in every form
// Find reads, between long runs of prose.
var ownText = strings.Repeat("2022年，全市实施招商引资项目96个，到位资金达到75.36亿元，同比增长11.2%；"+
	"新引进企业投资项目5个，完成年度任务（3个）的167%。会上发布项目６０个，总投资１８８．２亿元，"+
	"其中文旅项目6个，投资额12.3.亿元。收录目标企业1200余家，服务对象满意度为95.5%以上，"+
	"支出5,000元，接待游客约30万人。组织开展驻点招商和节会招商活动，推进各项工作落实。\n", 60)

func BenchmarkFind(b *testing.B) {
	for _, bc := range []struct {
		name string
		text func(testing.TB) string
	}{
		{"own", func(testing.TB) string { return ownText }},
		{"seed", seedText},
	} {
		b.Run(bc.name, func(b *testing.B) {
			text := bc.text(b)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				Find(text)
			}
		})
	}
}
