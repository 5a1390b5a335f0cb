-- Trends (同比), target attainment and coverage.

-- v_measures: every numeric measure of each current evaluation, one row per
-- unit, year and measure. `additive` marks measures that may be summed across
-- units (money, counts) for prefecture-wide totals.
CREATE OR REPLACE VIEW v_measures AS
WITH cur AS (SELECT evaluation_id AS document_id, unit_id, unit, fiscal_year FROM v_evaluations),
form AS (
    SELECT 'income_total' AS measure, '收入合计' AS label, '万元' AS measure_unit, true AS additive, document_id,
           jx_org_total(total, is_summary) AS value
    FROM income GROUP BY document_id
    UNION ALL
    SELECT 'expenditure_total', '支出合计', '万元', true, document_id,
           jx_org_total(total, is_summary)
    FROM expenditure GROUP BY document_id
    UNION ALL
    SELECT 'basic_expenditure', '基本支出', '万元', true, document_id,
           jx_org_total(basic, is_summary)
    FROM expenditure GROUP BY document_id
    UNION ALL
    SELECT 'project_expenditure', '项目支出', '万元', true, document_id,
           jx_org_total(project, is_summary)
    FROM expenditure GROUP BY document_id
    UNION ALL
    SELECT 'three_public_total', '三公经费合计', '万元', true, document_id,
           jx_org_total(total, is_summary)
    FROM three_public GROUP BY document_id
    UNION ALL
    SELECT 'fixed_assets_total', '固定资产合计', '万元', true, document_id,
           jx_org_total(total, is_summary)
    FROM fixed_assets GROUP BY document_id
    UNION ALL
    SELECT 'staff_authorized', '编制数', '人', true, document_id, authorized FROM staffing
    UNION ALL
    SELECT 'staff_actual', '实有人数', '人', true, document_id, actual FROM staffing
    UNION ALL
    SELECT 'total_score', '自评总分', '分', false, document_id, total FROM scores
    UNION ALL
    SELECT 'recomputed_score', '重算总分', '分', false, document_id, recomputed_score
    FROM level_scores_all WHERE level1 = '合计'
    UNION ALL
    SELECT 'budget_completion_rate', '预算完成率（重算）', '%', false, document_id, computed_value
    FROM indicator_scores_all WHERE code = 'budget_completion_rate'
    UNION ALL
    SELECT 'findings', '发现问题数', '条', true, document_id, count(*) FROM findings_all GROUP BY document_id
    UNION ALL
    -- Narrative KPIs are not summed into 全州合计: many are already prefecture-wide
    -- (到位资金) or per head (农村居民人均可支配收入), so a sum would mislead.
    SELECT code, code, any_value(unit), false, document_id,
           arg_min(value, coalesce(evidence_block, 0))
    FROM metrics WHERE value IS NOT NULL GROUP BY document_id, code
)
SELECT c.document_id AS evaluation_id, c.unit_id, c.unit, c.fiscal_year, f.measure, f.label, f.measure_unit,
       f.additive, f.value::DOUBLE AS value
FROM form f JOIN cur c ON c.document_id = f.document_id
WHERE f.value IS NOT NULL;
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

-- targets_all / v_targets: declared targets against the actual metric of the same
-- code in the same report, with attainment % and met / not met.
CREATE OR REPLACE VIEW targets_all AS
SELECT t.document_id, t.code, t.text, t.target_value::DOUBLE AS target_value, t.unit, t.comparator,
       m.value AS actual_value, m.text AS actual_text,
       CASE WHEN t.target_value <> 0 AND m.value IS NOT NULL THEN round(m.value / t.target_value * 100, 2) END AS attainment_pct,
       CASE WHEN m.value IS NOT NULL THEN jx_cmp(m.value, coalesce(nullif(t.comparator, ''), '>='), t.target_value::DOUBLE) END AS met,
       t.evidence_block
FROM targets t
LEFT JOIN (
    SELECT document_id, code, arg_min(value::DOUBLE, coalesce(evidence_block, 0)) AS value,
           arg_min(text, coalesce(evidence_block, 0)) AS text
    FROM metrics WHERE value IS NOT NULL GROUP BY document_id, code
) m ON m.document_id = t.document_id AND m.code = t.code;

CREATE OR REPLACE VIEW v_targets AS
SELECT e.evaluation_id, e.unit, e.fiscal_year, t.code, t.text, t.target_value, t.unit AS target_unit, t.comparator,
       t.actual_value, t.actual_text, t.attainment_pct, t.met
FROM targets_all t JOIN v_evaluations e ON e.evaluation_id = t.document_id;
COMMENT ON VIEW v_targets IS '年度目标完成情况：目标值、实际值、完成率（%）、是否达标';

-- v_coverage: unit × year matrix over the years the warehouse spans: which
-- reports are present, missing, and how many older versions were superseded.
CREATE OR REPLACE VIEW v_coverage AS
WITH span AS (SELECT min(fiscal_year) AS lo, max(fiscal_year) AS hi FROM evaluations),
years AS (SELECT range::INTEGER AS fiscal_year FROM span, range(span.lo, span.hi + 1)),
grid AS (SELECT u.unit_id, u.canonical_name AS unit, y.fiscal_year FROM units u CROSS JOIN years y)
SELECT g.unit_id, g.unit, g.fiscal_year,
       CASE WHEN e.document_id IS NULL THEN 'missing' ELSE 'present' END AS status,
       e.document_id AS evaluation_id, d.file_name,
       (SELECT count(*) FROM documents o WHERE o.unit_id = g.unit_id AND o.fiscal_year = g.fiscal_year
           AND o.superseded_by IS NOT NULL) AS superseded_versions
FROM grid g
LEFT JOIN evaluations e ON e.unit_id = g.unit_id AND e.fiscal_year = g.fiscal_year
LEFT JOIN documents d ON d.document_id = e.document_id;
COMMENT ON VIEW v_coverage IS '报告覆盖情况：单位×年度，present 已报 / missing 缺报，及被替换的旧版本数';
