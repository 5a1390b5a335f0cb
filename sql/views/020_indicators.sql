-- The indicator engine: every scheme formula recomputed from the loaded figures
-- and scored by the scheme's rule, beside what the unit declared.

-- jx_cmp(v, op, limit): does "v op limit" hold? (ops as written in scheme YAML)
CREATE OR REPLACE MACRO jx_cmp(v, op, lim) AS
    CASE op WHEN '<' THEN v < lim WHEN '<=' THEN v <= lim WHEN '>' THEN v > lim
            WHEN '>=' THEN v >= lim WHEN '==' THEN v = lim WHEN '=' THEN v = lim END;

-- jx_rule_score: points a value earns under one scheme indicator's rule.
-- steps is the indicator's ladder (indicator_scores_all's ladders), in order:
-- the first step that holds gives the points. A correlated lookup of
-- scheme_rule_steps here was planned as two delim joins over every indicator
-- row, most of the engine's CPU (docs/decisions.md, "ETL CPU per report: the
-- warehouse side").
CREATE OR REPLACE MACRO jx_rule_score(v, rtype, op, lim, per_point, els, mx, steps) AS
    CASE
        WHEN v IS NULL OR rtype = 'declared' THEN NULL
        WHEN rtype = 'threshold' THEN CASE WHEN jx_cmp(v, op, lim) THEN mx ELSE coalesce(els, 0) END
        WHEN rtype = 'deduction' THEN CASE WHEN jx_cmp(v, op, lim) THEN mx
                                           ELSE round(greatest(0, mx - per_point * abs(v - lim)), 2) END
        WHEN rtype = 'ladder' THEN coalesce(
            list_filter(steps, s -> jx_cmp(v, s.op, s.limit_value))[1].points, els, 0)
    END;

-- figures_all: the named report figures scheme formulas use, one row per
-- document and figure (missing figures have no row), every loaded document.
-- Form tables use the summary row when it is filled, else the sum of the org
-- rows. v_figures (050_current.sql) is the analysts' view of current evaluations.
CREATE OR REPLACE VIEW figures_all AS
WITH fa AS (
    SELECT document_id,
           jx_org_total(total, is_summary) AS fixed_assets_total,
           jx_org_total(in_use, is_summary) AS fixed_assets_in_use
    FROM fixed_assets GROUP BY document_id
)
SELECT document_id, figure, value::DOUBLE AS value FROM (
    UNPIVOT (SELECT document_id, authorized AS staff_authorized, actual AS staff_actual FROM staffing)
        ON staff_authorized, staff_actual INTO NAME figure VALUE value
    UNION ALL
    UNPIVOT (SELECT document_id, carryover AS budget_carryover, initial AS budget_initial,
                    supplementary AS budget_supplementary, year_end_balance AS budget_year_end_balance,
                    adjustment AS budget_adjustment, public_use_budget, public_use_actual,
                    three_public_budget, three_public_actual, three_public_budget_prev,
                    procurement_budget, procurement_actual FROM budget)
        ON COLUMNS(* EXCLUDE document_id) INTO NAME figure VALUE value
    UNION ALL
    UNPIVOT fa ON fixed_assets_total, fixed_assets_in_use INTO NAME figure VALUE value
    UNION ALL
    SELECT document_id, code AS figure, min(value) AS value FROM metrics
    WHERE code IN ('satisfaction_service_target', 'satisfaction_public', 'satisfaction_staff')
    GROUP BY ALL
)
WHERE value IS NOT NULL;

-- indicator_scores_all: every loaded document's indicators (current or not);
-- v_indicator_scores (050_current.sql) is the analysts' view of current evaluations.
CREATE OR REPLACE VIEW indicator_scores_all AS
WITH calc AS (
    SELECT i.document_id, i.ind_order,
           sum(t.weight * f.value) FILTER (WHERE t.part = 'num') AS num,
           sum(t.weight * f.value) FILTER (WHERE t.part = 'den') AS den,
           count(*) FILTER (WHERE t.part = 'num') AS n_num,
           count(f.value) FILTER (WHERE t.part = 'num') AS have_num,
           count(*) FILTER (WHERE t.part = 'den') AS n_den,
           count(f.value) FILTER (WHERE t.part = 'den') AS have_den
    FROM indicators i
    JOIN documents d ON d.document_id = i.document_id
    JOIN scheme_formula_terms t ON t.scheme_id = d.scheme AND t.code = i.code
    LEFT JOIN figures_all f ON f.document_id = i.document_id AND f.figure = t.figure
    GROUP BY i.document_id, i.ind_order
),
valued AS (
    SELECT i.document_id, i.ind_order, i.code, i.name,
           coalesce(si.level1, i.level1) AS level1, coalesce(si.level2, i.level2) AS level2,
           coalesce(si.max_points, i.max_points)::DOUBLE AS max_points,
           i.max_points::DOUBLE AS declared_max_points,
           i.declared_value::DOUBLE AS declared_value, i.written_value::DOUBLE AS written_value,
           i.declared_score::DOUBLE AS declared_score,
           CASE
               WHEN c.document_id IS NOT NULL THEN
                   CASE WHEN c.have_num = c.n_num AND c.have_den = c.n_den AND (c.n_den = 0 OR c.den <> 0)
                        THEN round(c.num / CASE WHEN c.n_den = 0 THEN 1 ELSE c.den END * si.scale, 2) END
               -- rule without formula (figures not in the form): score the declared value
               WHEN si.rule_type <> 'declared' THEN i.declared_value::DOUBLE
           END AS computed_value,
           si.rule_type, si.rule_op, si.rule_limit, si.rule_per_point, si.rule_else,
           d.scheme, si.code IS NOT NULL AS in_scheme,
           coalesce(i.formula, si.formula_text) AS formula,
           i.evidence_text, i.evidence_block
    FROM indicators i
    JOIN documents d ON d.document_id = i.document_id
    LEFT JOIN scheme_indicators si ON si.scheme_id = d.scheme AND si.code = i.code
    LEFT JOIN calc c ON c.document_id = i.document_id AND c.ind_order = i.ind_order
),
-- each scheme indicator's ladder steps in order, one row per indicator
ladders AS (
    SELECT scheme_id AS ladder_scheme, code AS ladder_code,
           list(struct_pack(op, limit_value, points) ORDER BY step_no) AS steps
    FROM scheme_rule_steps GROUP BY scheme_id, code
)
SELECT document_id, ind_order, code, name, level1, level2, max_points, declared_max_points,
       declared_value, computed_value, written_value, declared_score,
       jx_rule_score(computed_value, rule_type, rule_op, rule_limit, rule_per_point, rule_else, max_points, l.steps)
           AS computed_score,
       jx_rule_score(declared_value, rule_type, rule_op, rule_limit, rule_per_point, rule_else, max_points, l.steps)
           AS score_for_declared_value,
       coalesce(rule_type, 'unknown') AS score_basis,
       scheme, in_scheme, formula, evidence_text, evidence_block
FROM valued
LEFT JOIN ladders l ON l.ladder_scheme = valued.scheme AND l.ladder_code = valued.code;

-- level_scores_all: per document and level-1 group (plus a 合计 row): declared
-- level score, the sum of declared indicator scores, the recomputed sum (computed
-- score where the scheme can recompute, else declared), the scheme maximum, and
-- the sum of the maxima of the indicators read (whether they cover the level).
-- jx_level_scores takes the indicator scores it sums by name, so that the
-- refresh (sql/materialise.go) reads the scores it has just stored instead of
-- running the engine again; level_scores_all is the definition over the engine.
CREATE OR REPLACE MACRO jx_level_scores(indicator_scores_rel) AS TABLE
-- The indicator engine is named once (DuckDB plans a view at every reference).
WITH ind AS MATERIALIZED (
    SELECT document_id, level1, declared_score, computed_score, max_points FROM query_table(indicator_scores_rel)
),
per_level AS (
    SELECT document_id, level1,
           sum(declared_score) AS indicator_declared_sum,
           sum(coalesce(computed_score, declared_score)) AS recomputed_score,
           count(*) AS indicators, sum(max_points) AS indicator_max_sum
    FROM ind WHERE level1 IS NOT NULL GROUP BY ALL
),
per_document AS (
    SELECT document_id, sum(declared_score) AS indicator_declared_sum,
           sum(coalesce(computed_score, declared_score)) AS recomputed_score, count(*) AS indicators,
           sum(max_points) AS indicator_max_sum
    FROM ind GROUP BY document_id
),
levels AS (
    SELECT document_id, level1 FROM per_level
    UNION SELECT document_id, level1 FROM level_scores
)
SELECT l.document_id, l.level1,
       ls.declared_score::DOUBLE AS declared_score,
       p.indicator_declared_sum, p.recomputed_score, sl.max_points::DOUBLE AS max_points, coalesce(p.indicators, 0) AS indicators,
       p.indicator_max_sum::DOUBLE AS indicator_max_sum
FROM levels l
JOIN documents d ON d.document_id = l.document_id
LEFT JOIN per_level p ON p.document_id = l.document_id AND p.level1 = l.level1
LEFT JOIN level_scores ls ON ls.document_id = l.document_id AND ls.level1 = l.level1
LEFT JOIN scheme_levels sl ON sl.scheme_id = d.scheme AND sl.level1 = l.level1
UNION ALL
SELECT d.document_id, '合计',
       sc.total::DOUBLE,
       pd.indicator_declared_sum,
       pd.recomputed_score,
       (SELECT sum(max_points)::DOUBLE FROM scheme_levels sl WHERE sl.scheme_id = d.scheme),
       coalesce(pd.indicators, 0), pd.indicator_max_sum::DOUBLE
FROM documents d LEFT JOIN scores sc ON sc.document_id = d.document_id
LEFT JOIN per_document pd ON pd.document_id = d.document_id
WHERE sc.document_id IS NOT NULL OR EXISTS (SELECT 1 FROM indicators i WHERE i.document_id = d.document_id);

CREATE OR REPLACE VIEW level_scores_all AS SELECT * FROM jx_level_scores('indicator_scores_all');
