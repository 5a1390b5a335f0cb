-- The analysts' per-document views over current evaluations. They read the
-- materialised results (mat_*, refreshed after every ETL run by
-- sql/materialise.go from the *_all definitions) joined to the current
-- evaluations as of that refresh (mat_current), so a filter on a unit reaches
-- the stored rows of that unit and every one of these views shows the same
-- state: documents a running ETL has committed appear in all of them together,
-- with the run's data version. v_evaluations and v_coverage read the live tables.

-- current_evaluations: mat_current with the unit's canonical name (follows
-- renames at once: names are read live).
CREATE OR REPLACE VIEW current_evaluations AS
SELECT c.document_id AS evaluation_id, c.unit_id, u.canonical_name AS unit, c.fiscal_year, c.scheme
FROM mat_current c JOIN units u ON u.unit_id = c.unit_id;

CREATE OR REPLACE VIEW v_figures AS
SELECT e.evaluation_id, e.unit, e.fiscal_year, f.figure, f.value
FROM mat_figures f JOIN current_evaluations e ON e.evaluation_id = f.document_id;
COMMENT ON VIEW v_figures IS '评分公式所用的报告数字（当前有效报告）';

CREATE OR REPLACE VIEW v_indicator_scores AS
SELECT e.evaluation_id, e.unit, e.fiscal_year, s.scheme, s.code, s.name, s.level1, s.level2, s.max_points,
       s.declared_value, s.computed_value, s.written_value,
       s.declared_score, s.computed_score, s.score_for_declared_value,
       coalesce(s.computed_score, s.declared_score) AS final_score,
       s.score_basis, s.in_scheme, s.formula, s.evidence_text, s.evidence_block
FROM mat_indicator_scores s
JOIN current_evaluations e ON e.evaluation_id = s.document_id;
COMMENT ON VIEW v_indicator_scores IS '指标得分：自报值/自报分 与 按评分方案重算的值/分（当前有效报告）';

CREATE OR REPLACE VIEW v_level_scores AS
SELECT e.evaluation_id, e.unit, e.fiscal_year, l.level1, l.max_points, l.declared_score,
       l.indicator_declared_sum, l.recomputed_score,
       CASE WHEN l.level1 = '合计' THEN
           (SELECT g.grade FROM scheme_grades g WHERE g.scheme_id = e.scheme AND l.recomputed_score >= g.min_score
            ORDER BY g.min_score DESC LIMIT 1) END AS recomputed_grade,
       l.indicators
FROM mat_level_scores l
JOIN current_evaluations e ON e.evaluation_id = l.document_id;
COMMENT ON VIEW v_level_scores IS '一级指标及总分：自报分、指标自报分之和、重算分（当前有效报告）';

-- The per-document findings and those across reports (045_spotcheck.sql:
-- previous years, other units), which name the other report in
-- related_evaluation_id.
CREATE OR REPLACE VIEW v_findings AS
SELECT e.evaluation_id, e.unit, e.fiscal_year, f.rule, f.severity, f.message, f.expected, f.found,
       f.evidence_text, f.evidence_block, NULL::BIGINT AS related_evaluation_id
FROM mat_findings f
JOIN current_evaluations e ON e.evaluation_id = f.document_id
UNION ALL
SELECT e.evaluation_id, e.unit, e.fiscal_year, f.rule, f.severity, f.message, f.expected, f.found,
       f.evidence_text, f.evidence_block, f.related_document_id
FROM mat_cross_findings f
JOIN current_evaluations e ON e.evaluation_id = f.document_id;
COMMENT ON VIEW v_findings IS '数据质量与自评复核发现（当前有效报告）';

-- v_measures: every numeric measure of each current evaluation, one row per
-- unit, year and measure (see measures_all).
CREATE OR REPLACE VIEW v_measures AS
SELECT e.evaluation_id, e.unit_id, e.unit, e.fiscal_year, m.measure, m.label, m.measure_unit, m.additive, m.value
FROM mat_measures m
JOIN current_evaluations e ON e.evaluation_id = m.document_id;
COMMENT ON VIEW v_measures IS '各单位各年度的全部数值指标（长表）';

-- v_trends: value, previous year's value, Δ and Δ% (同比) per unit, measure and
-- year, following units through renames (unit_id, not the name), plus
-- prefecture-wide totals of additive measures as unit '全州合计'.
-- The previous year is joined, not taken with a window function, so that a
-- filter on one unit reaches the scans instead of waiting for a window over
-- the whole prefecture.
--
-- 全州合计 compares like with like: `value` sums every unit that reported the
-- year (`units` of them), while prev_value, delta and delta_pct stand on the
-- `units_compared` units that reported both years, so one unit missing last
-- year never reads as growth. For a unit's own row units is 1 and
-- units_compared 1 when the previous year is there.
CREATE OR REPLACE VIEW v_trends AS
WITH pairs AS (
    SELECT c.unit_id, c.unit, c.measure, c.label, c.measure_unit, c.additive, c.fiscal_year,
           c.value, p.value AS prev_value
    FROM v_measures c
    LEFT JOIN v_measures p ON p.unit_id = c.unit_id AND p.measure = c.measure AND p.fiscal_year = c.fiscal_year - 1
)
SELECT unit_id, unit, measure, label, measure_unit, fiscal_year, value, prev_value,
       round(value - prev_value, 4) AS delta,
       CASE WHEN prev_value <> 0 THEN round((value - prev_value) / abs(prev_value) * 100, 2) END AS delta_pct,
       1 AS units, CASE WHEN prev_value IS NULL THEN 0 ELSE 1 END AS units_compared
FROM pairs
UNION ALL
SELECT NULL, '全州合计', measure, any_value(label), any_value(measure_unit), fiscal_year, sum(value),
       sum(prev_value),
       round(sum(value) FILTER (WHERE prev_value IS NOT NULL) - sum(prev_value), 4),
       CASE WHEN sum(prev_value) <> 0
            THEN round((sum(value) FILTER (WHERE prev_value IS NOT NULL) - sum(prev_value)) / abs(sum(prev_value)) * 100, 2) END,
       count(*), count(prev_value)
FROM pairs WHERE additive
GROUP BY measure, fiscal_year;
COMMENT ON VIEW v_trends IS '同比趋势：本年值、上年值、增减额、增减率（%）；“全州合计”为可加指标的全州汇总，同比只比较两年都有报告的单位（units / units_compared）';

CREATE OR REPLACE VIEW v_targets AS
SELECT e.evaluation_id, e.unit, e.fiscal_year, t.code, t.text, t.target_value, t.unit AS target_unit, t.comparator,
       t.actual_value, t.actual_text, t.attainment_pct, t.met
FROM mat_targets t JOIN current_evaluations e ON e.evaluation_id = t.document_id;
COMMENT ON VIEW v_targets IS '年度目标完成情况：目标值、实际值、完成率（%）、是否达标';

