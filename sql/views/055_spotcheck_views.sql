-- The analysts' views of the spot-check across reports (045_spotcheck.sql):
-- text reuse, the copied passages, and peer outliers, over current evaluations.

-- v_reuse: how much of each current evaluation's narrative is copied from the
-- unit's previous year ('previous_year') and from the closest other unit of the
-- same year ('other_unit'); v_reuse_passages lists the sentences side by side.
CREATE OR REPLACE VIEW v_reuse AS
SELECT e.evaluation_id, e.unit, e.fiscal_year, r.source, r.source_evaluation_id,
       se.unit AS source_unit, se.fiscal_year AS source_fiscal_year,
       r.sentences, r.copied_sentences, r.chars, r.copied_chars, r.share_pct
FROM mat_reuse r
JOIN current_evaluations e ON e.evaluation_id = r.evaluation_id
JOIN current_evaluations se ON se.evaluation_id = r.source_evaluation_id;
COMMENT ON VIEW v_reuse IS '文字雷同：正文与本单位上年报告、与同年其他单位报告相同的比例（按句，数字年份不计）';

CREATE OR REPLACE VIEW v_reuse_passages AS
SELECT e.evaluation_id, e.unit, e.fiscal_year, p.source, p.source_evaluation_id,
       p.sentence_order, p.block, a.text, p.source_sentence_order, b.block AS source_block, b.text AS source_text
FROM mat_reuse_passages p
JOIN current_evaluations e ON e.evaluation_id = p.evaluation_id
JOIN narrative_sentences a ON a.document_id = p.evaluation_id AND a.sentence_order = p.sentence_order
JOIN narrative_sentences b ON b.document_id = p.source_evaluation_id AND b.sentence_order = p.source_sentence_order;
COMMENT ON VIEW v_reuse_passages IS '文字雷同的句子：本报告原句与来源报告原句对照';

-- v_peer_outliers: per indicator and year, each current evaluation's computed
-- value (the declared one when the scheme has no formula for it) against its
-- peers — the units of the same region scoring with the same scheme. The
-- robust z-score is 0.6745 × (value − median) ÷ MAD (Iglewicz & Hoaglin); when
-- more than half the peers share one value (MAD 0) the mean absolute deviation
-- × 1.2533 stands in. |z| > 3.5 with at least 5 peers reporting is an outlier;
-- the view lists the outliers only.
CREATE OR REPLACE VIEW v_peer_outliers AS
WITH v AS (
    SELECT s.evaluation_id, s.unit, u.region, s.scheme, s.fiscal_year, s.code, s.name,
           coalesce(s.computed_value, s.declared_value) AS value
    FROM v_indicator_scores s
    JOIN current_evaluations e ON e.evaluation_id = s.evaluation_id
    JOIN units u ON u.unit_id = e.unit_id
    WHERE coalesce(s.computed_value, s.declared_value) IS NOT NULL
),
med AS (
    SELECT region, scheme, fiscal_year, code, median(value) AS median, count(*) AS peers
    FROM v GROUP BY ALL
),
spread AS (
    SELECT v.region, v.scheme, v.fiscal_year, v.code, median(abs(v.value - m.median)) AS mad,
           avg(abs(v.value - m.median)) AS meanad
    FROM v JOIN med m USING (region, scheme, fiscal_year, code) GROUP BY ALL
),
z AS (
    SELECT v.*, m.median, m.peers, s.mad,
           CASE WHEN s.mad > 0 THEN 0.6745 * (v.value - m.median) / s.mad
                WHEN s.meanad > 0 THEN (v.value - m.median) / (1.2533 * s.meanad) END AS robust_z
    FROM v JOIN med m USING (region, scheme, fiscal_year, code) JOIN spread s USING (region, scheme, fiscal_year, code)
)
SELECT evaluation_id, unit, region, scheme, fiscal_year, code, name, value, median, mad, peers,
       round(robust_z, 2) AS robust_z
FROM z WHERE peers >= 5 AND abs(robust_z) > 3.5;
COMMENT ON VIEW v_peer_outliers IS '同类比较异常值：同一地区、同一评分方案的单位中，某指标某年度明显偏离中位数（稳健 z 值 |z|>3.5）';
