package etl

import (
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"jixiao/etl/extract"
	"jixiao/etl/scheme"
)

// ManifestName is the optional overrides file in the inbox (file,unit,year,region,scheme).
const ManifestName = "manifest.csv"

// manifestRow is one usable line of the manifest.
type manifestRow struct {
	line int
	file string // as written: a name, or folder/name for a file in a sub-folder
	ov   Overrides
	rec  []string // the line's cells, to write it back while its file has not arrived
	used bool
}

// manifest is the inbox's manifest.csv as read at the start of a run. Its
// rows apply to the files of that run only: a complete run moves the file to
// archive/manifests/, so a row never re-applies to a later file that happens
// to have the same name.
type manifest struct {
	present bool
	rows    []*manifestRow
	notes   []string // Chinese, one per line that could not be used
	errors  int
}

// yearRE reads a year cell: "2021", "2021年", "2021年度" (full-width digits too).
var yearRE = regexp.MustCompile(`^(\d{4})(?:年度?)?$`)

// readManifest reads inbox/manifest.csv; absent is fine. The bytes are decoded
// as a .txt report is (UTF-8, BOM, GBK/GB18030: Excel on Chinese Windows saves
// CSV as GBK). A line that cannot be used is counted and described in notes
// and the other lines still apply; a manifest that cannot be read at all is
// one note, and every file loads as its report says — a good report is never
// held back or quarantined for a manifest problem.
func readManifest(p string, cat *scheme.Catalog) (*manifest, error) {
	m := &manifest{}
	data, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	m.present = true
	bad := func(line int, format string, args ...any) {
		m.errors++
		where := ManifestName
		if line > 0 {
			where = fmt.Sprintf("%s 第 %d 行", ManifestName, line)
		}
		m.notes = append(m.notes, where+"："+fmt.Sprintf(format, args...))
	}
	text, _, err := extract.DecodeText(data)
	if err != nil {
		bad(0, "无法读取（不是 UTF-8 或 GBK 编码的文本），本次未使用；请另存为 UTF-8 编码的 CSV")
		return m, nil
	}
	rd := csv.NewReader(strings.NewReader(text))
	rd.FieldsPerRecord = -1
	rd.LazyQuotes = true
	for {
		rec, err := rd.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad(pe.Line, "不是有效的 CSV 行（%v），该行未使用", pe.Err)
				continue
			}
			break // io.EOF
		}
		line, _ := rd.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if len(rec) == 0 || strings.Join(rec, "") == "" {
			continue
		}
		if rec[0] == "file" || rec[0] == "文件" || rec[0] == "文件名" {
			continue // header
		}
		if len(rec) < 2 || rec[0] == "" {
			bad(line, "应为 file,unit,year,region,scheme（文件名,单位,年度,地区,评分方案），该行未使用")
			continue
		}
		row := &manifestRow{line: line, file: path.Clean(strings.ReplaceAll(rec[0], `\`, "/")), ov: Overrides{Unit: rec[1]}, rec: rec}
		if len(rec) > 2 && rec[2] != "" {
			y := strings.Map(fullWidthDigit, rec[2])
			mm := yearRE.FindStringSubmatch(y)
			if mm == nil {
				bad(line, "年度“%s”不是年份（应如 2021），该行未使用", rec[2])
				continue
			}
			row.ov.Year, _ = strconv.Atoi(mm[1])
		}
		if len(rec) > 3 {
			row.ov.Region = rec[3]
		}
		if len(rec) > 4 && rec[4] != "" {
			if _, ok := cat.Scheme(rec[4]); !ok {
				bad(line, "评分方案“%s”不存在（可用：%s），按报告自动选择方案", rec[4], strings.Join(cat.IDs(), "、"))
			} else {
				row.ov.Scheme = rec[4]
			}
		}
		m.rows = append(m.rows, row)
	}
	return m, nil
}

func fullWidthDigit(r rune) rune {
	if r >= '０' && r <= '９' {
		return '0' + r - '０'
	}
	return r
}

// lookup finds the row for a file at rel (folder/name inside the inbox): the
// row naming its path, else the row naming its bare name.
func (m *manifest) lookup(rel string) *manifestRow {
	if m == nil {
		return nil
	}
	for _, r := range m.rows {
		if r.file == rel {
			return r
		}
	}
	base := path.Base(rel)
	for _, r := range m.rows {
		if r.file == base {
			return r
		}
	}
	return nil
}

// keepUnused describes the rows no file of the run matched and writes them
// back as the inbox's manifest.csv (the run's copy is archived), so a row
// whose file has not arrived yet (uploads trickle in between scheduled runs)
// still applies when it does — once, like every row.
func (m *manifest) keepUnused(p string) ([]string, error) {
	var notes []string
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"file", "unit", "year", "region", "scheme"})
	for _, r := range m.rows {
		if r.used {
			continue
		}
		notes = append(notes, fmt.Sprintf("%s 第 %d 行：收件箱中没有文件“%s”，该行留在 %s 中，待该文件到达时使用", ManifestName, r.line, r.file, ManifestName))
		_ = w.Write(r.rec)
	}
	w.Flush()
	if len(notes) == 0 {
		return nil, nil
	}
	// Written beside it as a hidden file, then renamed: the inbox never holds
	// half a manifest.
	tmp := filepath.Join(filepath.Dir(p), "."+ManifestName+".part")
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return notes, err
	}
	return notes, os.Rename(tmp, p)
}
