package etl

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"jixiao/etl/demo"
)

// WriteBenchCorpus writes n generated reports into dir with a manifest that
// spreads them over n/5 units × 5 years, as a prefecture's 10,000 reports
// would be: each file is its own unit-year (the generator alone repeats a
// handful of units). The ETL and API benchmarks load it.
func WriteBenchCorpus(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("bench corpus: %w", err)
	}
	var manifest strings.Builder
	manifest.WriteString("file,unit,year,region,scheme\n")
	for i := range n {
		name, data := demo.Generate(i)
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return fmt.Errorf("bench corpus: %w", err)
		}
		fmt.Fprintf(&manifest, "%s,州基准测试单位%05d,%d,湘西州,\n", name, i/5, 2019+i%5)
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestName), []byte(manifest.String()), 0o644); err != nil {
		return fmt.Errorf("bench corpus: %w", err)
	}
	return nil
}
