-- Findings: the spot-check (抽查复核) rules of DESIGN §6. Each row names its rule,
-- severity (error: impossible as written; warning: needs a reviewer; info),
-- a message in Chinese, what was expected, what was found, and the evidence.
-- findings_all covers every loaded document; v_findings the current evaluations.

CREATE OR REPLACE MACRO jx_num(x) AS CASE WHEN x IS NULL THEN '空' ELSE regexp_replace(printf('%.4f', x::DOUBLE), '\.?0+$', '') END;

-- jx_findings takes the indicator and level scores its rules read by name, so
-- that the refresh (sql/materialise.go) reads the scores it has just stored
-- instead of running the engine twice more; findings_all is the definition
-- over the engine's views.
CREATE OR REPLACE MACRO jx_findings(indicator_scores_rel, level_scores_rel) AS TABLE
-- The indicator engine is named once: DuckDB plans a view at every reference
-- (≈ 30 ms each), and the rules below read it nine times.
WITH ind AS MATERIALIZED (SELECT * FROM query_table(indicator_scores_rel))
-- 1. what the parser saw in the text (malformed numbers, template residue,
--    false comparisons, year mix-ups, one label with two values, …)
--    A finding that names a scheme by its id is given the scheme's Chinese name.
SELECT p.document_id, p.rule, p.severity,
       CASE WHEN sc.name IS NULL THEN p.message ELSE replace(p.message, p.expected, '“' || sc.name || '”') END AS message,
       coalesce(sc.name, p.expected) AS expected, p.found, p.evidence_text, p.evidence_block
FROM parse_findings p
LEFT JOIN schemes sc ON p.rule = 'indicator_not_in_scheme' AND sc.scheme_id = p.expected

UNION ALL -- 2. income: total = sum of its parts
SELECT document_id, 'income_sum', 'error',
       '收入合计与各项收入之和不符（' || org || '）',
       jx_num(coalesce(carryover,0)+coalesce(fiscal_appropriation,0)+coalesce(gov_fund,0)+coalesce(special_account_nontax,0)+coalesce(other,0)),
       jx_num(total), org, evidence_block
FROM income
WHERE total IS NOT NULL
  AND coalesce(carryover, fiscal_appropriation, gov_fund, special_account_nontax, other) IS NOT NULL
  AND abs(total - (coalesce(carryover,0)+coalesce(fiscal_appropriation,0)+coalesce(gov_fund,0)+coalesce(special_account_nontax,0)+coalesce(other,0))) > 0.011

UNION ALL -- 3. expenditure: total = basic + project (basic = personnel + public use when
           --    a narrative report gives only those); basic = personnel + public use
SELECT document_id, 'expenditure_sum', 'error',
       '支出合计与基本支出、项目支出之和不符（' || org || '）',
       jx_num(parts), jx_num(total), org, evidence_block
FROM (SELECT *, coalesce(basic, CASE WHEN coalesce(personnel, public_use) IS NOT NULL
                                     THEN coalesce(personnel,0)+coalesce(public_use,0) END, 0)
                + coalesce(project,0) AS parts
      FROM expenditure
      WHERE total IS NOT NULL AND coalesce(basic, project, personnel, public_use) IS NOT NULL)
WHERE abs(total - parts) > 0.011
UNION ALL
SELECT document_id, 'basic_expenditure_sum', 'error',
       '基本支出与人员支出、公用支出之和不符（' || org || '）',
       jx_num(coalesce(personnel,0)+coalesce(public_use,0)), jx_num(basic), org, evidence_block
FROM expenditure
WHERE basic IS NOT NULL AND coalesce(personnel, public_use) IS NOT NULL
  AND abs(basic - (coalesce(personnel,0)+coalesce(public_use,0))) > 0.011

UNION ALL -- 4. three public: total = sum of its parts, no part above the total
SELECT document_id, 'three_public_sum', 'error',
       '三公经费合计与各项之和不符（' || org || '）',
       jx_num(coalesce(reception,0)+coalesce(vehicle_operation,0)+coalesce(vehicle_purchase,0)+coalesce(overseas,0)),
       jx_num(total), org, evidence_block
FROM three_public
WHERE total IS NOT NULL AND coalesce(reception, vehicle_operation, vehicle_purchase, overseas) IS NOT NULL
  AND abs(total - (coalesce(reception,0)+coalesce(vehicle_operation,0)+coalesce(vehicle_purchase,0)+coalesce(overseas,0))) > 0.011

UNION ALL -- 5. basic-expenditure detail sums to the basic expenditure of the form
SELECT x.document_id, 'basic_detail_sum', 'error',
       '基本支出明细（工资福利、商品和服务、对个人和家庭补助、其他资本性支出）之和与表中基本支出不符',
       jx_num(b.basic), jx_num(coalesce(x.wages_welfare,0)+coalesce(x.goods_services,0)+coalesce(x.family_subsidies,0)+coalesce(x.capital_other,0)),
       NULL, NULL
FROM expenditure_detail x
JOIN (SELECT document_id,
             jx_org_total(basic, is_summary) AS basic
      FROM expenditure GROUP BY document_id) b ON b.document_id = x.document_id
WHERE b.basic IS NOT NULL
  AND abs(b.basic - (coalesce(x.wages_welfare,0)+coalesce(x.goods_services,0)+coalesce(x.family_subsidies,0)+coalesce(x.capital_other,0))) > 0.011

UNION ALL -- 6. the same quantity, two values: 上年结转 in the form vs in the text
SELECT b.document_id, 'same_quantity_two_values', 'warning',
       '上年结转：收入表与正文数字不一致',
       jx_num(i.carryover) || '（收入表）', jx_num(b.carryover) || '（正文）',
       (SELECT evidence_text FROM figure_evidence fe WHERE fe.document_id = b.document_id AND fe.figure = 'budget.carryover' LIMIT 1),
       (SELECT evidence_block FROM figure_evidence fe WHERE fe.document_id = b.document_id AND fe.figure = 'budget.carryover' LIMIT 1)
FROM budget b
JOIN (SELECT document_id,
             jx_org_total(carryover, is_summary) AS carryover
      FROM income GROUP BY document_id) i ON i.document_id = b.document_id
WHERE b.carryover IS NOT NULL AND i.carryover IS NOT NULL AND abs(b.carryover - i.carryover) > 0.001

UNION ALL -- 7. recomputed ratio differs from the declared one
SELECT document_id, 'ratio_mismatch', 'warning',
       name || '：按原始数据重算的值与自报值不符',
       jx_num(computed_value) || '%', jx_num(declared_value) || '%', evidence_text, evidence_block
FROM ind
WHERE computed_value IS NOT NULL AND declared_value IS NOT NULL AND score_basis <> 'declared'
  AND abs(computed_value - declared_value) > 0.05

UNION ALL -- 8. the arithmetic as written has the opposite sign of the declared result
SELECT document_id, 'sign_lost', 'error',
       name || '：算式结果为负，自报值却为正（符号丢失）',
       jx_num(written_value) || '%', jx_num(declared_value) || '%', evidence_text, evidence_block
FROM ind
WHERE written_value IS NOT NULL AND declared_value IS NOT NULL AND sign(written_value) * sign(declared_value) < 0

UNION ALL -- 9. the arithmetic as written does not give the declared result
SELECT document_id, 'arithmetic_mismatch', 'warning',
       name || '：按报告写出的算式计算，结果与自报值不符',
       jx_num(written_value), jx_num(declared_value), evidence_text, evidence_block
FROM ind
WHERE written_value IS NOT NULL AND declared_value IS NOT NULL AND sign(written_value) * sign(declared_value) >= 0
  AND abs(written_value - declared_value) > 0.05

UNION ALL -- 10. the declared score does not follow the scheme's rule
SELECT document_id, 'score_rule_mismatch', 'warning',
       name || '：自报得分与评分规则按重算值给出的得分不符',
       jx_num(computed_score), jx_num(declared_score), evidence_text, evidence_block
FROM ind
WHERE computed_score IS NOT NULL AND declared_score IS NOT NULL AND abs(computed_score - declared_score) > 0.01
UNION ALL
SELECT document_id, 'score_rule_mismatch_declared_value', 'warning',
       name || '：按其自报值，评分规则不应给出该得分',
       jx_num(score_for_declared_value), jx_num(declared_score), evidence_text, evidence_block
FROM ind
WHERE score_for_declared_value IS NOT NULL AND declared_score IS NOT NULL
  AND abs(score_for_declared_value - declared_score) > 0.01
  AND (computed_score IS NULL OR abs(computed_score - score_for_declared_value) > 0.01)

UNION ALL -- 11. declared score above the indicator's maximum
SELECT document_id, 'score_over_max', 'error',
       name || '：自报得分超过该指标分值',
       '≤' || jx_num(max_points), jx_num(declared_score), evidence_text, evidence_block
FROM ind
WHERE declared_score IS NOT NULL AND max_points IS NOT NULL AND declared_score > max_points + 0.001

UNION ALL -- 12. "满分" claimed for fewer points than the maximum
SELECT document_id, 'full_marks_claim', 'warning',
       name || '：称“得满分”，但得分低于该指标分值',
       jx_num(coalesce(declared_max_points, max_points)), jx_num(declared_score), evidence_text, evidence_block
FROM ind
-- A claim says the unit got full marks (得满分, 给予满分, 计满分 …); a scoring
-- standard quoted with a score table's row states a condition ("执行率100%得满分",
-- "完成的得满分") and a maximum is not a claim ("（满分3分）").
WHERE declared_score IS NOT NULL
  AND regexp_matches(evidence_text, '(^|[^0-9%％的则即者])(得|获得?|给予?|计)满分')
  AND declared_score < coalesce(declared_max_points, max_points) - 0.001

UNION ALL -- 13. level-1 scores: declared vs the sum of its indicators. A sum above
           --     the declared score is wrong whatever was read (no score is
           --     negative); a sum below it only when the indicators read carry the
           --     level's whole maximum (合计: the scheme's, else 100) — else the
           --     report has indicators the parser did not read (a province's form
           --     with more rows than the scheme names) and the gap is ours.
SELECT l.document_id, 'level_sum', 'error',
       CASE WHEN l.level1 = '合计' THEN '总分与各指标得分之和不符' ELSE l.level1 || '得分与其下各指标得分之和不符' END,
       jx_num(l.indicator_declared_sum), jx_num(l.declared_score), NULL, NULL
FROM query_table(level_scores_rel) l
WHERE l.declared_score IS NOT NULL AND l.indicator_declared_sum IS NOT NULL
  AND (l.indicator_declared_sum > l.declared_score + 0.01
       OR (l.indicator_declared_sum < l.declared_score - 0.01
           AND l.indicator_max_sum >= coalesce(l.max_points, CASE WHEN l.level1 = '合计' THEN 100 END) - 0.01))
UNION ALL -- the same for the total against its level-1 scores: below it only when
          -- every level-1 group of the scheme was read
SELECT s.document_id, 'total_vs_levels', 'error', '总分与各一级指标得分之和不符',
       jx_num(sum(ls.declared_score)), jx_num(any_value(s.total)), any_value(s.evidence_text), any_value(s.evidence_block)
FROM scores s JOIN level_scores ls ON ls.document_id = s.document_id
JOIN documents d ON d.document_id = s.document_id
WHERE s.total IS NOT NULL
GROUP BY s.document_id
HAVING sum(ls.declared_score) > any_value(s.total) + 0.01
    OR (sum(ls.declared_score) < any_value(s.total) - 0.01
        AND count(DISTINCT ls.level1) >= (SELECT count(*) FROM scheme_levels sl WHERE sl.scheme_id = any_value(d.scheme)))

UNION ALL -- 14. the grade does not match the total under the report's own bands, or
           --     the scheme's bands when the report prints none (DESIGN §5)
SELECT document_id, 'grade_mismatch', 'error',
       CASE WHEN own_bands THEN '评价等次与总分不符' ELSE '评价等次与总分不符（按评分方案的等次划分）' END,
       expected, grade, evidence_text, evidence_block
FROM (
    SELECT s.document_id, s.grade, s.evidence_text, s.evidence_block, b.document_id IS NOT NULL AS own_bands,
           CASE WHEN b.document_id IS NOT NULL
                THEN (SELECT g.grade FROM grade_bands g WHERE g.document_id = s.document_id AND s.total >= g.min_score
                      ORDER BY g.min_score DESC LIMIT 1)
                ELSE (SELECT g.grade FROM scheme_grades g WHERE g.scheme_id = d.scheme AND s.total >= g.min_score
                      ORDER BY g.min_score DESC LIMIT 1) END AS expected
    FROM scores s
    JOIN documents d ON d.document_id = s.document_id
    LEFT JOIN (SELECT DISTINCT document_id FROM grade_bands) b ON b.document_id = s.document_id
    WHERE s.total IS NOT NULL AND s.grade IS NOT NULL
)
WHERE expected IS NOT NULL AND grade <> expected

UNION ALL -- 15. every indicator at full marks: possible score inflation
SELECT document_id, 'all_full_marks', 'info', '所有指标均为满分，自评可能偏高',
       '部分指标应有扣分', count(*) || '个指标全部满分', NULL, NULL
FROM ind
GROUP BY document_id
HAVING count(*) >= 5 AND bool_and(declared_score IS NOT NULL AND declared_score >= max_points - 0.001)

UNION ALL -- 16. required form cells left empty (the parser lists them in documents.missing)
SELECT d.document_id, 'missing_form_cell', 'warning',
       '表中必填项为空：' || CASE m.field WHEN 'form.total_score' THEN '绩效自评综合得分'
                                           WHEN 'form.grade' THEN '评价等次' ELSE '自评表必填项' END,
       '已填写', '空', NULL, NULL
FROM documents d, unnest(d.missing) AS m(field)
WHERE m.field LIKE 'form.%'

UNION ALL -- 17. change rates: a "变动率/增长" value whose sign contradicts the budgets it compares
SELECT document_id, 'change_rate_sign', 'error',
       name || '：变动率符号与本年、上年预算数的大小关系矛盾',
       CASE WHEN computed_value < 0 THEN '负数' WHEN computed_value = 0 THEN '0' ELSE '正数' END,
       jx_num(declared_value) || '%', evidence_text, evidence_block
FROM ind
WHERE code LIKE '%change_rate%' AND computed_value IS NOT NULL AND declared_value IS NOT NULL
  AND sign(computed_value) <> sign(declared_value)

UNION ALL -- 18. a filled summary row that disagrees with the sum of its org rows: the
           --     views take the summary row for the unit's figure, so say when it
           --     contradicts the rows it summarises (a stale or literal 0 summary).
           --     A column is compared only when every org row with figures fills it:
           --     a blank cell may be an unknown (a negative balance left out), and a
           --     partial sum is no evidence.
SELECT c.document_id, 'summary_vs_org_rows', 'error',
       c.table_label || '：汇总行与各机构行之和不符（' || c.column_label || '）',
       jx_num(c.org_sum) || '（各机构行之和）', jx_num(c.summary) || '（汇总行）', NULL, c.evidence_block
FROM (
    SELECT document_id, kind, column_no, any_value(table_label) AS table_label, any_value(column_label) AS column_label,
           max(value) FILTER (WHERE is_summary) AS summary,
           sum(value) FILTER (WHERE NOT is_summary) AS org_sum,
           count(*) FILTER (WHERE NOT is_summary) AS org_cells,
           max(evidence_block) FILTER (WHERE is_summary) AS evidence_block
    FROM form_cells GROUP BY document_id, kind, column_no
) c
JOIN (SELECT document_id, kind, count(DISTINCT org_order) FILTER (WHERE NOT is_summary) AS org_rows
      FROM form_cells GROUP BY document_id, kind) o ON o.document_id = c.document_id AND o.kind = c.kind
WHERE c.summary IS NOT NULL AND c.org_sum IS NOT NULL AND c.org_cells = o.org_rows
  AND abs(c.summary - c.org_sum) > 0.011

UNION ALL -- 19. a figure read by OCR (a scanned PDF, a photo) with a low confidence: the
           --     words it was read from scored under 80 (report.OCRLowConfidence), so a
           --     reviewer compares it with the page before it is trusted. Names, goals
           --     and findings' own evidence are not figures.
SELECT document_id, 'ocr_low_confidence', 'warning',
       '扫描件识别置信度低，请对照原件核对：' ||
       CASE WHEN figure = 'staffing' THEN '人员编制/实有人数'
            WHEN figure = 'income' THEN '收入情况表（' || coalesce(label, '') || '）'
            WHEN figure = 'expenditure' THEN '支出和结余情况表（' || coalesce(label, '') || '）'
            WHEN figure = 'three_public' THEN '三公经费表（' || coalesce(label, '') || '）'
            WHEN figure = 'fixed_assets' THEN '固定资产表（' || coalesce(label, '') || '）'
            WHEN figure = 'project' THEN '项目支出（' || coalesce(label, '') || '）'
            WHEN figure = 'indicator' THEN '评分指标（' || coalesce(label, '') || '）'
            WHEN figure = 'score.total' THEN '自评总分'
            WHEN figure LIKE 'budget.%' THEN '预算执行情况（正文）'
            WHEN figure LIKE 'expenditure_detail.%' THEN '基本支出明细（正文）'
            ELSE '正文数字' END || '，第 ' || page || ' 页',
       '置信度 ≥ 80', printf('%.0f', confidence), evidence_text, evidence_block
FROM ocr_evidence
WHERE confidence < 80 AND figure NOT IN ('unit', 'goal', 'finding');

CREATE OR REPLACE VIEW findings_all AS SELECT * FROM jx_findings('indicator_scores_all', 'level_scores_all');
