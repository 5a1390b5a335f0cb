-- Spot-check across reports (抽查复核, DESIGN §6 "Across reports"): text reused
-- from the unit's previous year or from another unit, figures and targets that
-- never move, prior-year figures quoted differently from last year's own
-- report, self-scores far above the recomputed ones, rates at 100 % year after
-- year, and peer outliers. Every rule compares a current evaluation with other
-- current evaluations, so the results are recomputed whole at every refresh
-- (sql/spotcheck.go) from the stored per-document results (mat_*) and stored
-- in the derived tables below; v_findings (050) shows them beside the
-- per-document findings. Thresholds: sql/views/README.md, docs/decisions.md.

-- narrative_sentences: the narrative's sentences with the fingerprint of their
-- wording, numbers and years normalised away (etl/reuse, computed at parse time).
CREATE OR REPLACE VIEW narrative_sentences AS
SELECT document_id, sentence_order, block, hash, text
FROM report_sentences;
COMMENT ON VIEW narrative_sentences IS '正文句子及其指纹（数字、年份不计），用于比对抄袭上年或其他单位的文字';

-- The passages are stored as sentence numbers, not texts: writing the texts
-- again cost most of the refresh at 10,000 reports (v_reuse_passages joins
-- them back from narrative_sentences).
CREATE TABLE IF NOT EXISTS mat_reuse_passages (
    evaluation_id BIGINT, source VARCHAR, source_evaluation_id BIGINT,
    sentence_order INTEGER, block INTEGER, chars INTEGER, source_sentence_order INTEGER
);
CREATE TABLE IF NOT EXISTS mat_reuse (
    evaluation_id BIGINT, source VARCHAR, source_evaluation_id BIGINT,
    sentences INTEGER, copied_sentences INTEGER, chars INTEGER, copied_chars INTEGER, share_pct DOUBLE
);
CREATE TABLE IF NOT EXISTS mat_cross_findings (
    document_id BIGINT, rule VARCHAR, severity VARCHAR, message VARCHAR, expected VARCHAR, found VARCHAR,
    evidence_text VARCHAR, evidence_block INTEGER, related_document_id BIGINT
);

-- jx_template_units: a sentence written by more than this many units in the
-- same year is template wording (the form's questions, policy phrases every
-- unit uses), not evidence that two units share a text. It also keeps the
-- comparison linear: no fingerprint joins more than this many reports.
CREATE OR REPLACE MACRO jx_template_units() AS 3;

-- reuse_passages_def: every sentence of a current evaluation found (same
-- fingerprint) in the same unit's previous-year report, or in the other
-- unit's report of the same year that shares most of its text. The join on
-- fingerprints is the inverted index: each sentence meets only the reports
-- holding the same wording, never every report.
CREATE OR REPLACE VIEW reuse_passages_def AS
WITH s AS MATERIALIZED (
    SELECT c.document_id, c.unit_id, c.fiscal_year, n.sentence_order, n.block, n.hash,
           length(n.text)::INTEGER AS chars
    FROM mat_current c JOIN narrative_sentences n ON n.document_id = c.document_id
),
shared AS (
    SELECT fiscal_year, hash FROM s GROUP BY fiscal_year, hash
    HAVING count(*) BETWEEN 2 AND jx_template_units()
),
other AS MATERIALIZED (
    SELECT a.document_id, b.document_id AS source_id, a.sentence_order, a.block, a.chars,
           b.sentence_order AS source_order
    FROM s a
    JOIN shared h ON h.fiscal_year = a.fiscal_year AND h.hash = a.hash
    JOIN s b ON b.fiscal_year = a.fiscal_year AND b.hash = a.hash AND b.unit_id <> a.unit_id
),
closest AS (
    SELECT document_id, source_id FROM other GROUP BY document_id, source_id
    QUALIFY row_number() OVER (PARTITION BY document_id ORDER BY sum(chars) DESC, source_id) = 1
)
SELECT a.document_id AS evaluation_id, 'previous_year' AS source, b.document_id AS source_evaluation_id,
       a.sentence_order, a.block, a.chars, b.sentence_order
FROM s a JOIN s b ON b.unit_id = a.unit_id AND b.fiscal_year = a.fiscal_year - 1 AND b.hash = a.hash
UNION ALL
SELECT o.document_id, 'other_unit', o.source_id, o.sentence_order, o.block, o.chars, o.source_order
FROM other o JOIN closest c ON c.document_id = o.document_id AND c.source_id = o.source_id;

-- reuse_def: per current evaluation and source, the share of the narrative's
-- characters in sentences found in the source (mat_reuse_passages).
CREATE OR REPLACE VIEW reuse_def AS
WITH tot AS (
    SELECT c.document_id, count(*)::INTEGER AS sentences, sum(length(n.text))::INTEGER AS chars
    FROM mat_current c JOIN narrative_sentences n ON n.document_id = c.document_id
    GROUP BY c.document_id
)
SELECT p.evaluation_id, p.source, p.source_evaluation_id, any_value(t.sentences), count(*)::INTEGER,
       any_value(t.chars), sum(p.chars)::INTEGER, round(100.0 * sum(p.chars) / any_value(t.chars), 1)
FROM mat_reuse_passages p JOIN tot t ON t.document_id = p.evaluation_id
GROUP BY p.evaluation_id, p.source, p.source_evaluation_id;

-- cross_findings_def: the findings that compare a current evaluation with
-- other current evaluations (its own previous years, other units), stored as
-- mat_cross_findings at every refresh. related_document_id is the other
-- report the finding points at (the previous year's, the other unit's).
CREATE OR REPLACE VIEW cross_findings_def AS
WITH cur AS MATERIALIZED (
    SELECT c.document_id, c.unit_id, c.fiscal_year, c.scheme, d.file_name, u.canonical_name AS unit
    FROM mat_current c JOIN documents d ON d.document_id = c.document_id JOIN units u ON u.unit_id = c.unit_id
),
-- prev: each current evaluation with the same unit's evaluation one year back
prev AS (
    SELECT a.document_id, b.document_id AS prev_id, a.fiscal_year, b.file_name AS prev_file
    FROM cur a JOIN cur b ON b.unit_id = a.unit_id AND b.fiscal_year = a.fiscal_year - 1
),
-- reuse: the shares above a rule's threshold, with the first copied sentence
reuse AS (
    SELECT r.*, n.text AS first_text, f.block AS first_block
    FROM mat_reuse r
    JOIN (SELECT evaluation_id, source, min(sentence_order) AS sentence_order, arg_min(block, sentence_order) AS block
          FROM mat_reuse_passages GROUP BY evaluation_id, source) f
      ON f.evaluation_id = r.evaluation_id AND f.source = r.source
    LEFT JOIN narrative_sentences n ON n.document_id = r.evaluation_id AND n.sentence_order = f.sentence_order
    WHERE r.share_pct >= 75
),
-- figures that move every year: money spent and received, not stocks or staff
flows(figure, label) AS (VALUES
    ('income_total', '收入合计'), ('expenditure_total', '支出合计'), ('basic_expenditure', '基本支出'),
    ('project_expenditure', '项目支出'), ('three_public_total', '三公经费合计'),
    ('budget_initial', '年初预算'), ('budget_year_end_balance', '年末结余'), ('public_use_actual', '实际公用经费'),
    ('procurement_actual', '实际政府采购金额'), ('investment_inflow', '到位资金')
),
fig AS (
    SELECT document_id, figure, value FROM mat_figures
    WHERE figure IN ('budget_initial', 'budget_year_end_balance', 'public_use_actual', 'procurement_actual')
    UNION ALL
    SELECT document_id, measure, value FROM mat_measures
    WHERE measure IN ('income_total', 'expenditure_total', 'basic_expenditure', 'project_expenditure',
                      'three_public_total', 'investment_inflow')
),
-- prior-year figures quoted in this year's report: 上年“三公”经费预算 as
-- printed, and last year's value of every narrative metric with a 同比 rate
-- (value ÷ (1 + 同比%), e.g. 上年到位资金)
quoted AS (
    SELECT document_id, 'three_public_budget' AS figure, '上年“三公”经费预算' AS label, value AS quoted, 0.011 AS tol_abs, 0.0 AS tol_rel
    FROM mat_figures WHERE figure = 'three_public_budget_prev'
    UNION ALL
    SELECT v.document_id, v.measure, '上年' || v.label, v.value / (1 + y.value / 100), 0.0, 0.01
    FROM mat_measures v JOIN mat_measures y ON y.document_id = v.document_id AND y.measure = v.measure || '_yoy'
    WHERE y.value > -100
),
-- the quotes beside the same unit's previous report, materialised so that
-- last year's figures are joined through the pair of reports: the refresh
-- plans this view while the stored tables it reads are its own transaction's
-- uncommitted rows, and the optimiser then joined quotes to last year's
-- figures on the figure's name first, every report with every other
-- (≈ 0.1 s at 1,000 reports, 5–8 s at 10,000).
quotes AS MATERIALIZED (
    SELECT p.document_id, p.prev_id, p.fiscal_year, q.figure, q.label, q.quoted, q.tol_abs, q.tol_rel
    FROM prev p JOIN quoted q ON q.document_id = p.document_id
),
last_year AS (
    SELECT document_id, figure, value FROM mat_figures WHERE figure = 'three_public_budget'
    UNION ALL
    SELECT document_id, measure, value FROM mat_measures
),
-- rates a report can honestly put at 100 % once, not every year: the
-- satisfaction indicator (its survey's composite, or the declared value).
-- 重点工作完成率 is left out: the unit sets its own plan, and completing it
-- in full is the expected outcome, not a sign of a pasted figure.
rates AS (
    SELECT document_id, code, name AS label, coalesce(computed_value, declared_value) AS value
    FROM mat_indicator_scores WHERE code = 'satisfaction'
)
-- 1. narrative copied from the unit's previous year
SELECT r.evaluation_id AS document_id, 'text_reused_from_previous_year' AS rule, 'warning' AS severity,
       '正文约' || round(r.share_pct)::INTEGER || '%与本单位上年报告相同（数字、年份不计）' AS message,
       '＜80%（' || p.fiscal_year - 1 || '年度报告：' || p.prev_file || '）' AS expected,
       r.share_pct || '%（' || r.copied_sentences || '/' || r.sentences || '句）' AS found,
       r.first_text AS evidence_text, r.first_block AS evidence_block, r.source_evaluation_id AS related_document_id
FROM reuse r JOIN prev p ON p.document_id = r.evaluation_id AND p.prev_id = r.source_evaluation_id
WHERE r.source = 'previous_year' AND r.share_pct >= 80

UNION ALL -- 2. narrative shared with another unit's report of the same year
-- (the other unit is named by related_document_id only: a unit-scoped reader
-- of this finding must not learn another unit's name or file)
SELECT r.evaluation_id, 'text_shared_with_other_unit', 'warning',
       '正文约' || round(r.share_pct)::INTEGER || '%与同年度另一单位的报告相同（数字、年份不计）',
       '＜75%（' || o.fiscal_year || '年度其他单位报告）',
       r.share_pct || '%（' || r.copied_sentences || '/' || r.sentences || '句）',
       r.first_text, r.first_block, r.source_evaluation_id
FROM reuse r JOIN cur o ON o.document_id = r.source_evaluation_id
WHERE r.source = 'other_unit' AND r.share_pct >= 75

UNION ALL -- 3. a yearly flow figure identical to last year's to the last digit
SELECT p.document_id, 'figure_unchanged', 'warning',
       l.label || '与上年报告完全相同',
       '与上年不同（' || p.fiscal_year - 1 || '年度：' || jx_num(b.value) || '）', jx_num(a.value),
       NULL, NULL, p.prev_id
FROM prev p
JOIN fig a ON a.document_id = p.document_id
JOIN fig b ON b.document_id = p.prev_id AND b.figure = a.figure
JOIN flows l ON l.figure = a.figure
WHERE a.value = b.value AND a.value <> 0

UNION ALL -- 4. a target unchanged three years running while far exceeded every year
SELECT t.document_id, 'target_never_raised', 'info',
       '年度目标连续三年未调整，实际完成远超目标：' || t.text,
       '目标随完成情况提高', '目标' || jx_num(t.target_value) || coalesce(t.unit, '') || '，完成率 '
           || jx_num(t2.attainment_pct) || '% / ' || jx_num(t1.attainment_pct) || '% / ' || jx_num(t.attainment_pct) || '%',
       t.text, t.evidence_block, p1.prev_id
FROM mat_targets t
JOIN prev p1 ON p1.document_id = t.document_id
JOIN prev p2 ON p2.document_id = p1.prev_id
JOIN mat_targets t1 ON t1.document_id = p1.prev_id AND t1.code = t.code AND t1.target_value = t.target_value
JOIN mat_targets t2 ON t2.document_id = p2.prev_id AND t2.code = t.code AND t2.target_value = t.target_value
WHERE coalesce(nullif(t.comparator, ''), '>=') IN ('>=', '>')
  AND t.attainment_pct >= 150 AND t1.attainment_pct >= 150 AND t2.attainment_pct >= 150

UNION ALL -- 5. a prior-year figure quoted differently from last year's own report
SELECT q.document_id, 'prior_year_mismatch', 'error',
       q.label || '与上年报告所载不一致',
       jx_num(l.value) || '（' || q.fiscal_year - 1 || '年度报告）', jx_num(round(q.quoted, 2)) || '（本年报告所引）',
       NULL, NULL, q.prev_id
FROM quotes q
JOIN last_year l ON l.document_id = q.prev_id AND l.figure = q.figure
WHERE abs(q.quoted - l.value) > greatest(q.tol_abs, q.tol_rel * abs(l.value))

UNION ALL -- 6. self-score at or near full marks, the recomputed score well below
SELECT l.document_id, 'score_inflated', 'warning',
       '自评得分达“优”，但按评分规则重算低' || jx_num(round(l.declared_score - l.recomputed_score, 2)) || '分',
       jx_num(l.recomputed_score) || '（重算）', jx_num(l.declared_score) || '（自评）',
       NULL, NULL, NULL
FROM mat_level_scores l JOIN cur c ON c.document_id = l.document_id
WHERE l.level1 = '合计' AND l.declared_score >= 0.9 * l.max_points AND l.recomputed_score <= l.declared_score - 5

UNION ALL -- 7. a satisfaction or completion rate at exactly 100 % three years running
SELECT r.document_id, 'rate_always_full', 'info',
       r.label || '连续三年均为100%',
       '如实反映（逐年应有变化）', '100% / 100% / 100%', NULL, NULL, p1.prev_id
FROM rates r
JOIN prev p1 ON p1.document_id = r.document_id
JOIN prev p2 ON p2.document_id = p1.prev_id
JOIN rates r1 ON r1.document_id = p1.prev_id AND r1.code = r.code
JOIN rates r2 ON r2.document_id = p2.prev_id AND r2.code = r.code
WHERE r.value = 100 AND r1.value = 100 AND r2.value = 100;
