-- Trends (同比), target attainment and coverage.

-- measures_all: every numeric measure of each loaded document, one row per
-- document and measure. `additive` marks measures that may be summed across
-- units (money, counts) for prefecture-wide totals. Narrative metrics carry the
-- metrics dictionary's Chinese label (metric_labels, synced every run).
-- jx_measures takes the relations its recomputed measures come from by name,
-- so that the refresh (sql/materialise.go) can read the level scores,
-- indicator scores and findings it has just stored instead of planning and
-- running the engine a second time; measures_all is the definition over the
-- engine's views.
CREATE OR REPLACE MACRO jx_measures(level_scores_rel, indicator_scores_rel, findings_rel) AS TABLE
WITH form AS (
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
    FROM query_table(level_scores_rel) WHERE level1 = '合计'
    UNION ALL
    SELECT 'budget_completion_rate', '预算完成率（重算）', '%', false, document_id, computed_value
    FROM query_table(indicator_scores_rel) WHERE code = 'budget_completion_rate'
    UNION ALL
    SELECT 'findings', '发现问题数', '条', true, document_id, count(*) FROM query_table(findings_rel) GROUP BY document_id
    UNION ALL
    -- Narrative KPIs are not summed into 全州合计: many are already prefecture-wide
    -- (到位资金) or per head (农村居民人均可支配收入), so a sum would mislead.
    SELECT m.code, coalesce(any_value(l.label), m.code), any_value(m.unit), false, m.document_id,
           arg_min(m.value, coalesce(m.evidence_block, 0))
    FROM metrics m LEFT JOIN metric_labels l ON l.code = m.code
    WHERE m.value IS NOT NULL GROUP BY m.document_id, m.code
)
SELECT document_id, measure, label, measure_unit, additive, value::DOUBLE AS value
FROM form WHERE value IS NOT NULL;

CREATE OR REPLACE VIEW measures_all AS
SELECT * FROM jx_measures('level_scores_all', 'indicator_scores_all', 'findings_all');

-- targets_all: declared targets against the actual metric of the same
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
