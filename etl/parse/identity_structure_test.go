package parse

import (
	"testing"

	"jixiao/etl/extract"
)

// The statement under a 机构设置 heading names the unit only when it opens
// with a place and a unit's name.
func TestStructureUnit(t *testing.T) {
	for _, tt := range []struct {
		name, text, want string
	}{
		{"one-character county", "二、机构设置\n沛县林业技术推广站内设综合股、种苗股。", "沛县林业技术推广站"},
		{"city and 下设", "(一)机构设置情况\n青州市水利局下设办公室、工程股。", "青州市水利局"},
		{"sub-heading between", "二、机构设置及决算单位构成\n(一)内设机构设置:\n云溪县审计局内设4个股室。", "云溪县审计局"},
		{"the unit as 本中心", "二、机构设置\n本中心下设办公室、财务室。", ""},
		{"a bare county-level name", "二、机构设置\n县财政局下设预算股、国库股。", ""},
		{"the whole county", "二、机构设置\n全县共设有林业站12个。", ""},
		{"no heading", "青州市水利局下设办公室、工程股。", ""},
		{"a contents entry", "二、机构设置……3\n青州市水利局下设办公室。", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := &parser{lines: lines(&extract.Document{Blocks: []extract.Block{{Kind: extract.Paragraph, Text: tt.text}}})}
			got, ev := p.structureUnit(nil)
			if got != tt.want {
				t.Fatalf("structureUnit = %q, want %q", got, tt.want)
			}
			if got != "" && ev == nil {
				t.Errorf("no evidence for %q", got)
			}
		})
	}
}
