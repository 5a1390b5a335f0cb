// Package report defines the report contract: the typed result of parsing one
// self-evaluation report (DESIGN §4). It is what `jixiao check --json` prints,
// what the loader writes to the warehouse and what the API serves. Money is in
// 万元, percentages are numbers in percent, blank cells are nil (never 0).
package report

import "encoding/json"

// ParserVersion changes whenever parsing changes the figures it yields; the loader
// records it with every document.
const ParserVersion = "2"

// Report is one parsed report.
type Report struct {
	Source Source `json:"source"`
	// DocumentType is what kind of document this is (DocumentDepartment, …).
	DocumentType string `json:"document_type"`
	// Completeness is what the parser could and could not read.
	Completeness Completeness `json:"completeness"`
	// Excerpt is the part of a larger document that was read, when only a
	// part was (a 决算公开 document's self-evaluation chapter); nil when the
	// whole document is the report.
	Excerpt *Excerpt `json:"excerpt,omitempty"`
	// Title is the report's title line as written, when it has one.
	Title string `json:"title,omitempty"`
	// ReportDate is the date the report was signed or issued (YYYY-MM-DD), when it prints one.
	ReportDate string `json:"report_date,omitempty"`
	// Revision is set when the document marks itself as a correction (更正/修改/修订/最终/v2 …).
	Revision *Revision `json:"revision,omitempty"`
	Unit     Unit      `json:"unit"`
	// FiscalYear is the evaluated year; 0 when unknown (printed as null).
	FiscalYear int `json:"fiscal_year"`
	// YearSource says where FiscalYear came from: YearFromTitle, YearFromCover, YearFromBody or YearFromManifest.
	YearSource        string            `json:"year_source,omitempty"`
	Scheme            string            `json:"scheme"`
	Contact           Contact           `json:"contact"`
	Staffing          Staffing          `json:"staffing"`
	Income            []IncomeRow       `json:"income"`
	Expenditure       []ExpenditureRow  `json:"expenditure"`
	ThreePublic       []ThreePublicRow  `json:"three_public"`
	FixedAssets       []FixedAssetRow   `json:"fixed_assets"`
	Budget            Budget            `json:"budget"`
	ExpenditureDetail ExpenditureDetail `json:"expenditure_detail"`
	Indicators        []Indicator       `json:"indicators"`
	Score             Score             `json:"score"`
	Targets           []Target          `json:"targets"`
	Metrics           []Metric          `json:"metrics"`
	Events            []Event           `json:"events"`
	Evaluators        []Evaluator       `json:"evaluators"`
	// Goals are the form's performance goals: the qualitative goals (定性目标)
	// and the quantitative indicators (定量目标: 产出/效益/满意度) with what was achieved.
	Goals    []Goal    `json:"goals"`
	Findings []Finding `json:"findings"`
	// Missing lists contract fields the document did not provide (e.g. "income",
	// "score.total"), so a reader can tell "absent" from "zero".
	Missing []string `json:"missing"`
	// Sentences are the narrative's sentences with their fingerprints, read
	// by the loader for the text-reuse comparison (not printed: the evaluation's
	// copied passages are served by GET /api/v1/evaluations/{id}/reuse).
	Sentences []Sentence `json:"-"`
}

// Document types (DESIGN §3): 部门整体支出 / 项目支出 / 决算公开 with an embedded self-evaluation / other.
const (
	DocumentDepartment    = "department"
	DocumentProject       = "project"
	DocumentFinalAccounts = "final_accounts"
	DocumentOther         = "other"
)

// Where a report's fiscal year came from.
const (
	YearFromTitle = "title"
	// YearFromCover is a cover's or form's labelled year (评价年度：2018年) in a
	// document whose title names none.
	YearFromCover    = "cover"
	YearFromBody     = "body"
	YearFromManifest = "manifest"
)

// Completeness is how much of what a document of its type should hold was read:
// Found of Expected contract figures, and the ones missing by name.
type Completeness struct {
	Found    int      `json:"found"`
	Expected int      `json:"expected"`
	Missing  []string `json:"missing"`
}

// Excerpt is the cut of a document that was parsed: the self-evaluation
// chapter of a 决算公开 document, from its heading to the heading that ends it
// (blocks of the extracted Document; the title's blocks before it are read
// too, for the unit and year).
type Excerpt struct {
	// Heading is the chapter's heading as written (第四部分 部门整体支出绩效自评情况).
	Heading    string `json:"heading"`
	StartBlock int    `json:"start_block"`
	// EndBlock is the chapter's last block (inclusive).
	EndBlock int `json:"end_block"`
	// EndHeading is the heading that ends the chapter ("": the document's end).
	EndHeading string `json:"end_heading,omitempty"`
}

// Revision records why a document counts as a corrected version of its unit-year.
type Revision struct {
	// Marker is the word that marks it (更正, 修改, 修订, 最终, v2 …).
	Marker string `json:"marker"`
	// Where is "file_name" or "text".
	Where string `json:"where"`
}

// MarshalJSON prints an unknown fiscal year (0) as null, as the contract asks.
func (r Report) MarshalJSON() ([]byte, error) {
	type plain Report
	var year *int
	if r.FiscalYear != 0 {
		year = &r.FiscalYear
	}
	return json.Marshal(struct {
		plain
		FiscalYear *int `json:"fiscal_year"`
	}{plain(r), year})
}

// Source identifies the file a report came from.
type Source struct {
	File          string `json:"file"`
	SHA256        string `json:"sha256"`
	Format        string `json:"format"`
	Encoding      string `json:"encoding,omitempty"`
	ParserVersion string `json:"parser_version"`
}

// Unit is the reporting unit. CanonicalName follows renames via unit aliases.
type Unit struct {
	Name string `json:"name"`
	// FullName is the unit's full name from the title (凤凰县财政局 where the form signs 县财政局).
	FullName      string    `json:"full_name,omitempty"`
	CanonicalName string    `json:"canonical_name"`
	Parent        string    `json:"parent,omitempty"`
	Region        string    `json:"region,omitempty"`
	FormerNames   []string  `json:"former_names,omitempty"` // names this unit had before a rename the report records
	Evidence      *Evidence `json:"evidence,omitempty"`
}

// Contact is the report's contact person.
type Contact struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

// Staffing is 编制 (authorized posts) and 实有人数 (actual staff).
type Staffing struct {
	Authorized *float64  `json:"authorized"`
	Actual     *float64  `json:"actual"`
	Evidence   *Evidence `json:"evidence,omitempty"`
}

// Evidence is where a figure came from: the sentence or cell text and its position
// in the extracted Document (block index; row and cell for tables). A figure read
// by OCR (a scanned PDF, a photo) also carries its page, its box on the page and
// the OCR confidence of the words it was read from.
type Evidence struct {
	Text  string `json:"text"`
	Block int    `json:"block"`
	Row   *int   `json:"row,omitempty"`
	Cell  *int   `json:"cell,omitempty"`
	// Source is SourceOCR when the text was read from an image; empty for a text layer.
	Source string `json:"source,omitempty"`
	// Page is the 1-based page of an OCR figure.
	Page *int `json:"page,omitempty"`
	// Box is left, top, right, bottom in pixels of the page image (PDF pages
	// rendered at 300 dpi; photos in their own pixels): the union of the
	// words the figures were read from, on Page.
	Box []int `json:"box,omitempty"`
	// Confidence is the lowest OCR confidence (0–100) of those words.
	Confidence *float64 `json:"confidence,omitempty"`
}

// SourceOCR marks evidence read by OCR.
const SourceOCR = "ocr"

// OCRLowConfidence: a figure read by OCR with a confidence below this (0–100)
// is not trusted silently; the warehouse raises ocr_low_confidence for it.
const OCRLowConfidence = 80.0

// IncomeRow is one org row of 年度收入情况 (万元).
type IncomeRow struct {
	Org string `json:"org"`
	// Summary marks the unit's summary row (局机关及二级机构汇总, 合计, 总计 …): the
	// parser decides it by the row's whole label and its place in the table.
	Summary              bool      `json:"summary"`
	Total                *float64  `json:"total"`
	Carryover            *float64  `json:"carryover"`
	FiscalAppropriation  *float64  `json:"fiscal_appropriation"`
	GovFund              *float64  `json:"gov_fund"`
	SpecialAccountNontax *float64  `json:"special_account_nontax"`
	Other                *float64  `json:"other"`
	Evidence             *Evidence `json:"evidence,omitempty"`
}

// ExpenditureRow is one org row of 年度支出和结余情况 (万元).
type ExpenditureRow struct {
	Org string `json:"org"`
	// Summary marks the unit's summary row (局机关及二级机构汇总, 合计, 总计 …): the
	// parser decides it by the row's whole label and its place in the table.
	Summary           bool      `json:"summary"`
	Total             *float64  `json:"total"`
	Basic             *float64  `json:"basic"`
	Personnel         *float64  `json:"personnel"`
	PublicUse         *float64  `json:"public_use"`
	Project           *float64  `json:"project"`
	BalanceCurrent    *float64  `json:"balance_current"`
	BalanceCumulative *float64  `json:"balance_cumulative"`
	Evidence          *Evidence `json:"evidence,omitempty"`
}

// ThreePublicRow is one org row of 三公经费 (万元).
type ThreePublicRow struct {
	Org string `json:"org"`
	// Summary marks the unit's summary row (局机关及二级机构汇总, 合计, 总计 …): the
	// parser decides it by the row's whole label and its place in the table.
	Summary          bool      `json:"summary"`
	Total            *float64  `json:"total"`
	Reception        *float64  `json:"reception"`
	VehicleOperation *float64  `json:"vehicle_operation"`
	VehiclePurchase  *float64  `json:"vehicle_purchase"`
	Overseas         *float64  `json:"overseas"`
	Evidence         *Evidence `json:"evidence,omitempty"`
}

// FixedAssetRow is one org row of 固定资产 (万元).
type FixedAssetRow struct {
	Org string `json:"org"`
	// Summary marks the unit's summary row (局机关及二级机构汇总, 合计, 总计 …): the
	// parser decides it by the row's whole label and its place in the table.
	Summary  bool      `json:"summary"`
	Total    *float64  `json:"total"`
	InUse    *float64  `json:"in_use"`
	Leased   *float64  `json:"leased"`
	Other    *float64  `json:"other"`
	Evidence *Evidence `json:"evidence,omitempty"`
}

// Budget holds the budget-execution figures quoted in the narrative (万元).
type Budget struct {
	Carryover             *float64 `json:"carryover"`
	Initial               *float64 `json:"initial"`
	Supplementary         *float64 `json:"supplementary"`
	YearEndBalance        *float64 `json:"year_end_balance"`
	Adjustment            *float64 `json:"adjustment"`
	PublicUseBudget       *float64 `json:"public_use_budget"`
	PublicUseActual       *float64 `json:"public_use_actual"`
	ThreePublicBudget     *float64 `json:"three_public_budget"`
	ThreePublicActual     *float64 `json:"three_public_actual"`
	ThreePublicBudgetPrev *float64 `json:"three_public_budget_prev"`
	ProcurementBudget     *float64 `json:"procurement_budget"`
	ProcurementActual     *float64 `json:"procurement_actual"`
	// Evidence maps a field's JSON name to where it came from.
	Evidence map[string]Evidence `json:"evidence,omitempty"`
}

// ExpenditureDetail is the basic-expenditure breakdown and the project lines (万元).
type ExpenditureDetail struct {
	WagesWelfare    *float64            `json:"wages_welfare"`
	GoodsServices   *float64            `json:"goods_services"`
	FamilySubsidies *float64            `json:"family_subsidies"`
	CapitalOther    *float64            `json:"capital_other"`
	Projects        []ProjectLine       `json:"projects"`
	Evidence        map[string]Evidence `json:"evidence,omitempty"`
}

// ProjectLine is one project expenditure line.
type ProjectLine struct {
	Name     string    `json:"name"`
	Amount   *float64  `json:"amount"`
	Evidence *Evidence `json:"evidence,omitempty"`
}

// Indicator is one scored indicator: what the unit declared and, after the
// warehouse views ran, what the scheme's rule computes.
type Indicator struct {
	Code          string   `json:"code"`
	Name          string   `json:"name"`
	Level1        string   `json:"level1"`
	Level2        string   `json:"level2"`
	MaxPoints     *float64 `json:"max_points"`
	DeclaredValue *float64 `json:"declared_value"`
	DeclaredScore *float64 `json:"declared_score"`
	ComputedValue *float64 `json:"computed_value"`
	ComputedScore *float64 `json:"computed_score"`
	// WrittenValue is the arithmetic the report wrote out, evaluated (e.g.
	// "（1-3）÷3×100%" → -66.67); it exposes sign slips and typos.
	WrittenValue *float64 `json:"written_value"`
	// ScoreForDeclaredValue is what the scheme's rule gives the declared value.
	ScoreForDeclaredValue *float64  `json:"score_for_declared_value"`
	Formula               string    `json:"formula"`
	InScheme              bool      `json:"in_scheme"`
	Evidence              *Evidence `json:"evidence,omitempty"`
}

// Score is the report's total score and grade.
type Score struct {
	Total    *float64           `json:"total"`
	Grade    string             `json:"grade"`
	ByLevel1 map[string]float64 `json:"by_level1"`
	// ByLevel1Evidence maps a level-1 name of ByLevel1 to where its score came from.
	ByLevel1Evidence map[string]Evidence `json:"by_level1_evidence,omitempty"`
	// GradeBands as printed in the report, e.g. 优 ≥ 90.
	GradeBands []GradeBand `json:"grade_bands,omitempty"`
	Evidence   *Evidence   `json:"evidence,omitempty"`
}

// GradeBand is one grade band (lower bound inclusive).
type GradeBand struct {
	Grade    string    `json:"grade"`
	Min      float64   `json:"min"`
	Evidence *Evidence `json:"evidence,omitempty"`
}

// Target is a declared target from 年度主要工作内容.
type Target struct {
	Code        string   `json:"code"`
	Text        string   `json:"text"`
	TargetValue *float64 `json:"target_value"`
	Unit        string   `json:"unit"`
	Comparator  string   `json:"comparator"` // ">=", "<=", "="
	// ActualValue, AttainmentPct and Met compare the target with the report's
	// metric of the same code (filled by the warehouse views).
	ActualValue   *float64  `json:"actual_value"`
	AttainmentPct *float64  `json:"attainment_pct"`
	Met           *bool     `json:"met"`
	Evidence      *Evidence `json:"evidence,omitempty"`
}

// Metric is a narrative KPI pulled from a sentence by the metrics dictionary.
type Metric struct {
	Code      string    `json:"code"`
	Value     *float64  `json:"value"`
	Unit      string    `json:"unit"`
	Qualifier string    `json:"qualifier,omitempty"` // 余, 以上, 近, …
	Text      string    `json:"text"`                // the original text of the number and unit
	Period    string    `json:"period,omitempty"`    // e.g. 2019-2021
	Evidence  *Evidence `json:"evidence,omitempty"`
}

// Event is an investment-promotion event (招商推介会).
type Event struct {
	Date             string    `json:"date"`
	City             string    `json:"city"`
	Name             string    `json:"name"`
	ProjectsReleased *float64  `json:"projects_released"`
	AmountReleased   *float64  `json:"amount_released"`
	ProjectsSigned   *float64  `json:"projects_signed"`
	AmountSigned     *float64  `json:"amount_signed"`
	Evidence         *Evidence `json:"evidence,omitempty"`
}

// Goal is one performance goal of the form and its reported completion.
type Goal struct {
	Kind     string    `json:"kind"`     // 定性 | 定量
	Category string    `json:"category"` // 产出目标, 效益目标, 满意度 (定量 only)
	Label    string    `json:"label"`    // 目标1, 指标2 …
	Target   string    `json:"target"`   // the goal as written
	Actual   string    `json:"actual"`   // what the unit reports as done
	Evidence *Evidence `json:"evidence,omitempty"`
}

// Evaluator is one row of 评价人员.
type Evaluator struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Unit  string `json:"unit"`
}

// Finding is a data-quality or scoring problem found in a report.
type Finding struct {
	Rule     string    `json:"rule"`
	Severity string    `json:"severity"` // error, warning, info
	Message  string    `json:"message"`  // Chinese, for users
	Expected string    `json:"expected"`
	Found    string    `json:"found"`
	Evidence *Evidence `json:"evidence,omitempty"`
}

// Float returns a pointer to v; convenient for literals in tests and parsers.
func Float(v float64) *float64 { return &v }

// Sentence is one sentence of the narrative with the fingerprint of its
// wording (numbers and years normalised away, see etl/reuse): what the
// warehouse compares between a unit's years and between units. Not part of
// the JSON contract (Report.Sentences is hidden); stored with the document.
type Sentence struct {
	Block int    `json:"block"`
	Text  string `json:"text"`
	Hash  int64  `json:"-"`
}
