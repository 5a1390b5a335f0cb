package parse

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"jixiao/etl/cjk"
	"jixiao/etl/extract"
	"jixiao/etl/number"
	"jixiao/report"
)

// gridRow is one table row with its position in the document.
type gridRow struct {
	block, row int
	cells      []extract.Cell
	labels     []string // compact(cell text), computed once
	// key is what tableKey finds in the row, read once by grids: 1 + the
	// index in formTables, -1 for none, 0 when not read (tableKey reads it).
	key int
}

// text is the row as evidence: its non-blank cells joined by " | ".
func (r gridRow) text() string {
	size := 0
	for _, c := range r.cells {
		size += len(c.Text) + len(" | ")
	}
	var b strings.Builder
	b.Grow(size)
	for _, c := range r.cells {
		if strings.TrimSpace(c.Text) == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(" | ")
		}
		appendSpaced(&b, c.Text)
	}
	return b.String()
}

func (r gridRow) evidence() *report.Evidence {
	return &report.Evidence{Text: r.text(), Block: r.block, Row: intp(r.row)}
}

func (r gridRow) cellEvidence(i int) *report.Evidence {
	return &report.Evidence{Text: strings.TrimSpace(r.cells[i].Text), Block: r.block, Row: intp(r.row), Cell: intp(i)}
}

// label is a cell's text with all white space removed, for comparing labels.
func (r gridRow) label(i int) string {
	if i < 0 || i >= len(r.labels) {
		return ""
	}
	return r.labels[i]
}

// grids groups the rows of consecutive table blocks (blank paragraphs between
// them do not count): a form split into several Word tables reads as one.
func grids(doc *extract.Document) [][]gridRow {
	var out [][]gridRow
	var cur []gridRow
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	for bi, b := range doc.Blocks {
		switch {
		case b.Kind == extract.TableBlock && b.Table != nil:
			for ri, r := range b.Table.Rows {
				g := gridRow{block: bi, row: ri, cells: r.Cells, labels: make([]string, len(r.Cells))}
				for ci, c := range r.Cells {
					g.labels[ci] = compact(c.Text)
				}
				g.key = -1
				if i, ok := findTableKey(g); ok {
					g.key = i + 1
				}
				cur = append(cur, g)
			}
		case b.Kind == extract.Paragraph && strings.TrimSpace(b.Text) == "":
		default:
			flush()
		}
	}
	flush()
	return out
}

// formTable describes one numeric table of the standard self-evaluation form.
// Data rows are mapped by the standard form's leaf-column order (header cells
// do not line up with data cells once Word merges header cells), after
// checking that the expected header labels are present.
type formTable struct {
	name   string   // contract field
	title  string   // Chinese name for messages
	key    string   // header label that identifies the table
	labels []string // leaf labels the header must contain (white space removed)
	cols   int      // data cells per row, the org name included
}

var formTables = []formTable{
	{name: "income", title: "年度收入情况", key: "收入合计", cols: 7,
		labels: []string{"收入合计", "上年结转", "公共财政拨款", "政府基金拨款", "非税收入", "其他收入"}},
	{name: "expenditure", title: "年度支出和结余情况", key: "支出合计", cols: 8,
		labels: []string{"支出合计", "基本支出", "人员支出", "公用支出", "项目支出", "当年结余", "累计结余"}},
	{name: "three_public", title: "三公经费", key: "三公经费合计", cols: 6,
		labels: []string{"三公经费合计", "公务接待费", "公务用车运行维护费", "公务用车购置费", "因公出国"}},
	{name: "fixed_assets", title: "固定资产", key: "固定资产合计", cols: 5,
		labels: []string{"固定资产合计", "在用固定资产", "出租固定资产", "其他"}},
}

// tableKey returns the form table whose key label is a cell of r. The
// layout and form readers ask it of each row several times.
func tableKey(r gridRow) (formTable, bool) {
	switch {
	case r.key > 0:
		return formTables[r.key-1], true
	case r.key < 0:
		return formTable{}, false
	}
	if i, ok := findTableKey(r); ok {
		return formTables[i], true
	}
	return formTable{}, false
}

// findTableKey returns the index in formTables of the table whose key label
// is a cell of r.
func findTableKey(r gridRow) (int, bool) {
	for i := range r.cells {
		l := r.label(i)
		if runeLen(l) > 12 {
			continue
		}
		for ti, t := range formTables {
			if cjk.Contains(l, t.key) {
				return ti, true
			}
		}
	}
	return 0, false
}

// standardKey is tableKey for a row that heads a table of the standard
// form: one whose first column holds the org names. A header whose first
// cell is itself a figure's label (收入合计 | 财政拨款 | 其他收入 over one row
// of values) is another template's table, which layout_table.go reads by
// its labels; read by the form's column order it would shift every figure.
func standardKey(r gridRow) (formTable, bool) {
	t, ok := tableKey(r)
	if !ok {
		return t, false
	}
	if f, known := lookupLabel(readHeaderLabel(r.label(0)).key); known && (f.kind == kindMoney || f.kind == kindCount) {
		return t, false
	}
	return t, true
}

var orgNumberRE = regexp.MustCompile(`^(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[、.．]|[(（]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）])\s*`)

// isHeaderLabel tells header-only first cells from org names.
func isHeaderLabel(s string) bool {
	switch s {
	case "机构名称", "单位名称", "其中", "其中:", "其中：", "项目":
		return true
	}
	return false
}

// formRows is the parsed numeric tables: per table, the data rows' cell values.
type formRows struct {
	found map[string]bool
	rows  map[string][]formRow
	units map[string]tableUnit // the money unit each table was read in (tableunit.go)
	last  string               // the unit the last table read stated, for the next one
}

type formRow struct {
	org     string
	label   string     // the first cell as written, white space removed
	values  []*float64 // cols-1 values, nil for blank cells
	summary bool       // the unit's summary row (markSummary)
	ev      *report.Evidence
}

// markSummary decides which of a table's data rows is its summary row, by
// the whole label and the row's place (isSummaryLabel).
func markSummary(rows []formRow) {
	for i := range rows {
		rows[i].summary = isSummaryLabel(rows[i].label, i == 0 || i == len(rows)-1)
	}
}

// readForm finds the four numeric tables in every grid.
func (p *parser) readForm(gs [][]gridRow) formRows {
	fr := formRows{found: map[string]bool{}, rows: map[string][]formRow{}, units: map[string]tableUnit{}}
	for _, g := range gs {
		for i := 0; i < len(g); i++ {
			t, ok := standardKey(g[i])
			if !ok || fr.found[t.name] {
				continue
			}
			fr.found[t.name] = true
			i = p.readTable(t, g, i, &fr)
		}
	}
	return fr
}

// readTable reads table t whose header starts at row start; it returns the
// index of the last row it consumed.
func (p *parser) readTable(t formTable, g []gridRow, start int, fr *formRows) int {
	// Header rows run until the first row that starts with an org name.
	i := start + 1
	for ; i < len(g); i++ {
		first := g[i].label(0)
		if first != "" && !isHeaderLabel(first) {
			break
		}
	}
	var header strings.Builder
	var headerTexts []string
	for _, r := range g[start:i] {
		for j := range r.cells {
			header.WriteString(r.label(j))
		}
		headerTexts = append(headerTexts, r.text())
	}
	u := p.decideUnit(t, p.titleTexts(g, start), headerTexts, fr.last, g[start].evidence())
	fr.units[t.name] = u
	if u.stated != "" && !u.bad {
		fr.last = u.unit
	}
	var missing []string
	for _, l := range t.labels {
		if !cjk.Contains(header.String(), l) {
			missing = append(missing, l)
		}
	}
	if len(missing) > 0 {
		p.finding(report.Finding{
			Rule:     "form_header_unexpected",
			Severity: "warning",
			Message:  fmt.Sprintf("%s表的表头与标准表样不符，缺少：%s；数据按标准列序读取", t.title, strings.Join(missing, "、")),
			Expected: strings.Join(t.labels, "、"),
			Found:    header.String(),
			Evidence: g[start].evidence(),
		})
	}
	last := i - 1
	for ; i < len(g); i++ {
		r := g[i]
		if len(r.cells) < 2 || r.label(0) == "" || isHeaderLabel(r.label(0)) {
			break
		}
		if _, other := tableKey(r); other || !dataCells(r) {
			break
		}
		fr.rows[t.name] = append(fr.rows[t.name], p.dataRow(t, r, u))
		last = i
	}
	markSummary(fr.rows[t.name])
	return last
}

// unitWords may stand in a numeric cell.
var unitWords = strings.NewReplacer("万元", "", "亿元", "", "千元", "", "元", "", "无", "")

// dataCells tells a data row from the next part of the form: value cells
// hold numbers (possibly malformed) or nothing, never words.
func dataCells(r gridRow) bool {
	if runeLen(r.label(0)) > 30 {
		return false
	}
	for _, c := range r.cells[1:] {
		if ascii(c.Text) {
			// No unit word and no Han character (most value cells): the
			// Replacer would copy the cell to find nothing.
			continue
		}
		t := unitWords.Replace(c.Text)
		for _, ch := range t {
			if unicode.Is(unicode.Han, ch) {
				return false
			}
		}
	}
	return true
}

// ascii reports whether s is ASCII only.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// dataRow maps one data row by position, its money in unit u (tableunit.go). Trailing blank cells beyond the
// standard width are ignored; any other width mismatch is reported, because
// reading by position would then be a guess.
func (p *parser) dataRow(t formTable, r gridRow, u tableUnit) formRow {
	cells := r.cells
	for len(cells) > t.cols && strings.TrimSpace(cells[len(cells)-1].Text) == "" {
		cells = cells[:len(cells)-1]
	}
	ev := r.evidence()
	if len(cells) != t.cols {
		p.finding(report.Finding{
			Rule:     "form_row_shape",
			Severity: "warning",
			Message:  fmt.Sprintf("%s表的数据行有%d个单元格，标准表样为%d个；按顺序读取", t.title, len(cells), t.cols),
			Expected: fmt.Sprint(t.cols),
			Found:    fmt.Sprint(len(cells)),
			Evidence: ev,
		})
	}
	org := strings.Join(strings.Fields(strings.TrimSpace(cells[0].Text)), "")
	org = orgNumberRE.ReplaceAllString(org, "")
	fr := formRow{org: org, label: compact(cells[0].Text), values: make([]*float64, t.cols-1), ev: ev}
	for j := 1; j < t.cols && j < len(cells); j++ {
		fr.values[j-1] = p.moneyCell(t, org, r, j, u)
	}
	return fr
}

// applyForm copies the parsed rows into the report's contract rows.
func (p *parser) applyForm(fr formRows) {
	r := p.rep
	for _, row := range fr.rows["income"] {
		v := row.values
		r.Income = append(r.Income, report.IncomeRow{Org: row.org, Summary: row.summary, Total: v[0], Carryover: v[1],
			FiscalAppropriation: v[2], GovFund: v[3], SpecialAccountNontax: v[4], Other: v[5], Evidence: row.ev})
	}
	for _, row := range fr.rows["expenditure"] {
		v := row.values
		r.Expenditure = append(r.Expenditure, report.ExpenditureRow{Org: row.org, Summary: row.summary, Total: v[0], Basic: v[1],
			Personnel: v[2], PublicUse: v[3], Project: v[4], BalanceCurrent: v[5], BalanceCumulative: v[6], Evidence: row.ev})
	}
	for _, row := range fr.rows["three_public"] {
		v := row.values
		r.ThreePublic = append(r.ThreePublic, report.ThreePublicRow{Org: row.org, Summary: row.summary, Total: v[0], Reception: v[1],
			VehicleOperation: v[2], VehiclePurchase: v[3], Overseas: v[4], Evidence: row.ev})
	}
	for _, row := range fr.rows["fixed_assets"] {
		v := row.values
		r.FixedAssets = append(r.FixedAssets, report.FixedAssetRow{Org: row.org, Summary: row.summary, Total: v[0], InUse: v[1],
			Leased: v[2], Other: v[3], Evidence: row.ev})
	}
}

// missingTables lists the numeric tables that neither the form nor the
// narrative provided.
func (p *parser) missingTables() {
	r := p.rep
	for _, t := range []struct {
		name string
		n    int
	}{{"income", len(r.Income)}, {"expenditure", len(r.Expenditure)}, {"three_public", len(r.ThreePublic)}, {"fixed_assets", len(r.FixedAssets)}} {
		if t.n == 0 {
			p.missing(t.name)
		}
	}
}

// contactAndStaffing reads the label/value cells of the form's first rows
// (联系人, 联系电话, 人员编制, 实有人数): the value is the cell right after
// the label.
func (p *parser) contactAndStaffing(gs [][]gridRow) (formFound bool) {
	r := p.rep
	for _, g := range gs {
		for _, row := range g {
			for i := 0; i+1 < len(row.cells); i++ {
				val := strings.TrimSpace(row.cells[i+1].Text)
				switch row.label(i) {
				case "联系人":
					if r.Contact.Name == "" && val != "" {
						r.Contact.Name = strings.Join(strings.Fields(val), "")
						formFound = true
					}
				case "联系电话", "电话", "联系方式":
					if r.Contact.Phone == "" && val != "" {
						r.Contact.Phone = compact(val)
						formFound = true
					}
				case "人员编制", "编制人数", "编制数", "核定编制":
					if r.Staffing.Authorized == nil && !headerNext(val) {
						r.Staffing.Authorized = p.staffCell(row, i+1)
						formFound = formFound || r.Staffing.Authorized != nil
					}
				case "实有人数", "实际人数", "在职人数", "实有人员":
					if r.Staffing.Actual == nil && !headerNext(val) {
						r.Staffing.Actual = p.staffCell(row, i+1)
						formFound = formFound || r.Staffing.Actual != nil
					}
				}
			}
		}
	}
	return formFound
}

// headerNext reports whether the cell after a label is another label: the
// row is a header (编制数 | 实际在职人数 | 控制率) whose values stand in the row
// below, which layout_table.go reads.
func headerNext(val string) bool {
	_, known := lookupLabel(readHeaderLabel(val).key)
	return known && val != ""
}

func (p *parser) staffCell(row gridRow, i int) *float64 {
	t := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(row.cells[i].Text), "人"), "名")
	v, err := number.Cell(t)
	if err != nil {
		p.malformed(strings.TrimSpace(row.cells[i].Text), "人员编制/实有人数", row.cellEvidence(i))
		return nil
	}
	if v != nil && p.rep.Staffing.Evidence == nil {
		p.rep.Staffing.Evidence = row.evidence()
	}
	return v
}

var (
	staffAuthorizedRE = regexp.MustCompile(`编制(?:人数|数)?(?:为|是|:)*(\d+)(?:名|人|个)`)
	staffActualRE     = regexp.MustCompile(`(?:实际在职人员|实际在职人数|实有在职人员|实有人员|实有人数|在职人员|在职人数|在职职工|现有人员|现有人数)(?:为|是|:)*(\d+)(?:名|人)`)
	contactNameRE     = regexp.MustCompile(`联系人(?:姓名)?:(\p{Han}{2,4})`)
	contactPhoneRE    = regexp.MustCompile(`联系电话:([\d\-]{7,20})`)
)

// staffingFromText is the narrative fallback for staffing and contact.
func (p *parser) staffingFromText() {
	r := p.rep
	for _, l := range p.lines {
		if !l.digits || !cjk.ContainsAny(l.norm, []string{"编制", "在职", "实有", "联系"}) {
			continue
		}
		for _, sent := range l.sents {
			s := sent.norm
			if r.Staffing.Authorized == nil {
				if m := staffAuthorizedRE.FindStringSubmatch(s); m != nil {
					v, _ := number.ParseDecimal(m[1])
					r.Staffing.Authorized = &v
					if r.Staffing.Evidence == nil {
						r.Staffing.Evidence = l.evidence(sent.text)
					}
				}
			}
			if r.Staffing.Actual == nil {
				m := staffActualRE.FindStringSubmatch(s)
				if m == nil {
					m = inPostStaff(s)
				}
				if m != nil {
					v, _ := number.ParseDecimal(m[1])
					r.Staffing.Actual = &v
					if r.Staffing.Evidence == nil {
						r.Staffing.Evidence = l.evidence(sent.text)
					}
				}
			}
			if r.Contact.Name == "" {
				if m := contactNameRE.FindStringSubmatch(s); m != nil {
					r.Contact.Name = m[1]
				}
			}
			if r.Contact.Phone == "" {
				if m := contactPhoneRE.FindStringSubmatch(s); m != nil {
					r.Contact.Phone = m[1]
				}
			}
		}
	}
	if r.Staffing.Authorized == nil {
		p.missing("staffing.authorized")
	}
	if r.Staffing.Actual == nil {
		p.missing("staffing.actual")
	}
	if r.Contact.Name == "" && r.Contact.Phone == "" {
		p.missing("contact")
	}
}

// evaluators reads the 评价人员 rows: a header row with 姓名 and 单位, then
// one row per person until a row without a name.
func (p *parser) evaluators(gs [][]gridRow) {
	for _, g := range gs {
		for i, row := range g {
			nameCol, titleCol, unitCol := -1, -1, -1
			for j := range row.cells {
				switch l := row.label(j); {
				case l == "姓名":
					nameCol = j
				case l == "单位" || l == "工作单位" || l == "所在单位":
					unitCol = j
				case cjk.Contains(l, "职务") || cjk.Contains(l, "职称"):
					titleCol = j
				}
			}
			if nameCol < 0 || unitCol < 0 {
				continue
			}
			for _, r := range g[i+1:] {
				name := strings.Join(strings.Fields(cellText(r, nameCol)), "")
				if name == "" || len(r.cells) < 2 || runeLen(name) > 12 {
					break
				}
				p.rep.Evaluators = append(p.rep.Evaluators, report.Evaluator{
					Name:  name,
					Title: strings.TrimSpace(cellText(r, titleCol)),
					Unit:  strings.Join(strings.Fields(cellText(r, unitCol)), ""),
				})
			}
			if len(p.rep.Evaluators) > 0 {
				return
			}
		}
	}
	p.missing("evaluators")
}

func cellText(r gridRow, i int) string {
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return r.cells[i].Text
}
