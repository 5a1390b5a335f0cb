// Package demo writes the project's own demo corpus of self-evaluation reports
// (部门整体支出绩效自评报告): invented prefecture units of 湘西州 over several
// fiscal years, in the standard form's layout — the 57-row table on an 8-column
// grid with gridSpan cells, then the narrative 部门整体支出绩效评价报告 with the
// 21 scored indicators of the seed's scheme — as .docx and as tab-flattened .txt.
// All wording and figures are the project's own; only the standard form's labels
// are shared with real reports.
//
// Every report carries its ground truth (File.Truth, Spec.Truth: the printed
// figures as report.Report, money in 万元, blank cells nil, all-blank org rows
// left out) and the finding rules planted in it (File.Planted, Rule* constants),
// so parser, validator and warehouse tests can assert against known answers.
// Generation is deterministic: the same Options give byte-identical files.
//
// The default corpus (Options{}: 6 units × 2019–2023) holds 34 files:
//
//   - tzcj 州投资促进事务局, renamed 州投资促进事务中心 from 2021 (the 2021 and 2022
//     reports state "州投资促进事务局更名为州投资促进事务中心"); only org row
//     二级机构1 filled; investment KPIs (DESIGN §7 codes), targets and 招商推介会 events.
//   - swj 州商务局: 局机关 + 二级机构1 + 二级机构2 and the summary row; retail and
//     foreign-trade KPIs.
//   - whly 州文化旅游局: 局机关 + 二级机构1, summary row only in odd years; tourism KPIs.
//   - nync 州农业农村局: three org rows, summary row from 2021; grain and rural
//     income KPIs (a 元 amount with thousands separators).
//   - tjj 州统计局: 局机关 only, no summary; one KPI.
//   - dag 州档案馆: 局机关 and summary; no KPIs; prints 优/良/中/差 grade bands.
//   - lyj 州林业局: a seventh unit for Options{Units: 7}.
//
// Formats alternate by unit and year; tzcj 2021, swj 2022 and nync 2019 are
// written in both formats (same figures); whly 2019 is UTF-8 with BOM and tjj
// 2023 GBK; tjj_2020_r2.docx is a corrected version superseding tjj_2020.docx.
// Each of the 15 Rule* defects is planted in exactly one unit-year (see plants)
// and absent from every other report, which the tests check rule by rule.
//
// Scoring follows DESIGN §5 with one assumption the scheme data must share:
// 预算完成率 scores ≥95% → 5, ≥90% → 3, below → 0 (the seed only shows 85.02% → 0).
//
// Generate(i) makes the i-th synthetic report for benchmarks (about 20–60 KB,
// docx stored uncompressed for speed), distinct bytes for every i.
package demo
