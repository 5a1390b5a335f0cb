-- The report's fact tables as analysts know them, over the physical layout of
-- migration 001 (documents / report_items). Money is DECIMAL(18,4) in 万元;
-- blank cells stay NULL. Every figure is read with TRY_CAST: DuckDB may push a
-- filter on a cast column into the scan of report_items and cast rows of other
-- kinds too, so one figure that does not fit (a metric of 1371200 万元 in a
-- score column's type, or a misread number past 10^14) must not fail every
-- view for the whole warehouse; such a figure reads as NULL.

-- jx_org_total: a form table's figure for the whole unit — the summary row's
-- when it is filled, else the sum of the org rows (the summary row is often
-- left empty).
CREATE OR REPLACE MACRO jx_org_total(x, is_summary) AS
    coalesce(max(x) FILTER (WHERE is_summary), sum(x) FILTER (WHERE NOT is_summary));

-- evaluations: the current document of each unit-year — the one no later
-- document superseded. The single ETL writer keeps it unique per unit-year.
CREATE OR REPLACE VIEW evaluations AS
SELECT unit_id, fiscal_year, document_id, loaded_at AS updated_at
FROM documents
WHERE superseded_by IS NULL AND unit_id IS NOT NULL AND fiscal_year IS NOT NULL;
COMMENT ON VIEW evaluations IS '单位年度自评：一个单位一年一行，指向当前有效文件';

CREATE OR REPLACE VIEW staffing AS
SELECT document_id, TRY_CAST(staff_authorized AS DECIMAL(18,4)) AS authorized, TRY_CAST(staff_actual AS DECIMAL(18,4)) AS actual
FROM documents WHERE staff_authorized IS NOT NULL OR staff_actual IS NOT NULL;
COMMENT ON VIEW staffing IS '人员编制（编制数）与实有人数';

CREATE OR REPLACE VIEW income AS
SELECT document_id, ord AS org_order, name AS org, flag AS is_summary,
       TRY_CAST(n1 AS DECIMAL(18,4)) AS total, TRY_CAST(n2 AS DECIMAL(18,4)) AS carryover, TRY_CAST(n3 AS DECIMAL(18,4)) AS fiscal_appropriation,
       TRY_CAST(n4 AS DECIMAL(18,4)) AS gov_fund, TRY_CAST(n5 AS DECIMAL(18,4)) AS special_account_nontax, TRY_CAST(n6 AS DECIMAL(18,4)) AS other,
       evidence_block, evidence_row
FROM report_items WHERE kind = 'income';
COMMENT ON VIEW income IS '年度收入情况（万元），一行一个机构行';

CREATE OR REPLACE VIEW expenditure AS
SELECT document_id, ord AS org_order, name AS org, flag AS is_summary,
       TRY_CAST(n1 AS DECIMAL(18,4)) AS total, TRY_CAST(n2 AS DECIMAL(18,4)) AS basic, TRY_CAST(n3 AS DECIMAL(18,4)) AS personnel,
       TRY_CAST(n4 AS DECIMAL(18,4)) AS public_use, TRY_CAST(n5 AS DECIMAL(18,4)) AS project, TRY_CAST(n6 AS DECIMAL(18,4)) AS balance_current,
       TRY_CAST(n7 AS DECIMAL(18,4)) AS balance_cumulative, evidence_block, evidence_row
FROM report_items WHERE kind = 'expenditure';
COMMENT ON VIEW expenditure IS '年度支出和结余情况（万元），一行一个机构行';

CREATE OR REPLACE VIEW three_public AS
SELECT document_id, ord AS org_order, name AS org, flag AS is_summary,
       TRY_CAST(n1 AS DECIMAL(18,4)) AS total, TRY_CAST(n2 AS DECIMAL(18,4)) AS reception, TRY_CAST(n3 AS DECIMAL(18,4)) AS vehicle_operation,
       TRY_CAST(n4 AS DECIMAL(18,4)) AS vehicle_purchase, TRY_CAST(n5 AS DECIMAL(18,4)) AS overseas, evidence_block, evidence_row
FROM report_items WHERE kind = 'three_public';
COMMENT ON VIEW three_public IS '三公经费（万元），一行一个机构行';

CREATE OR REPLACE VIEW fixed_assets AS
SELECT document_id, ord AS org_order, name AS org, flag AS is_summary,
       TRY_CAST(n1 AS DECIMAL(18,4)) AS total, TRY_CAST(n2 AS DECIMAL(18,4)) AS in_use, TRY_CAST(n3 AS DECIMAL(18,4)) AS leased,
       TRY_CAST(n4 AS DECIMAL(18,4)) AS other, evidence_block, evidence_row
FROM report_items WHERE kind = 'fixed_assets';
COMMENT ON VIEW fixed_assets IS '固定资产（万元），一行一个机构行';

CREATE OR REPLACE VIEW budget AS
SELECT document_id,
       TRY_CAST(budget_carryover AS DECIMAL(18,4)) AS carryover, TRY_CAST(budget_initial AS DECIMAL(18,4)) AS initial,
       TRY_CAST(budget_supplementary AS DECIMAL(18,4)) AS supplementary, TRY_CAST(budget_year_end_balance AS DECIMAL(18,4)) AS year_end_balance,
       TRY_CAST(budget_adjustment AS DECIMAL(18,4)) AS adjustment,
       TRY_CAST(budget_public_use_budget AS DECIMAL(18,4)) AS public_use_budget, TRY_CAST(budget_public_use_actual AS DECIMAL(18,4)) AS public_use_actual,
       TRY_CAST(budget_three_public_budget AS DECIMAL(18,4)) AS three_public_budget,
       TRY_CAST(budget_three_public_actual AS DECIMAL(18,4)) AS three_public_actual,
       TRY_CAST(budget_three_public_budget_prev AS DECIMAL(18,4)) AS three_public_budget_prev,
       TRY_CAST(budget_procurement_budget AS DECIMAL(18,4)) AS procurement_budget,
       TRY_CAST(budget_procurement_actual AS DECIMAL(18,4)) AS procurement_actual
FROM documents
WHERE coalesce(budget_carryover, budget_initial, budget_supplementary, budget_year_end_balance, budget_adjustment,
               budget_public_use_budget, budget_public_use_actual, budget_three_public_budget, budget_three_public_actual,
               budget_three_public_budget_prev, budget_procurement_budget, budget_procurement_actual) IS NOT NULL;
COMMENT ON VIEW budget IS '预算执行数据（万元），取自报告正文';

CREATE OR REPLACE VIEW expenditure_detail AS
SELECT document_id, TRY_CAST(detail_wages_welfare AS DECIMAL(18,4)) AS wages_welfare,
       TRY_CAST(detail_goods_services AS DECIMAL(18,4)) AS goods_services,
       TRY_CAST(detail_family_subsidies AS DECIMAL(18,4)) AS family_subsidies,
       TRY_CAST(detail_capital_other AS DECIMAL(18,4)) AS capital_other
FROM documents
WHERE coalesce(detail_wages_welfare, detail_goods_services, detail_family_subsidies, detail_capital_other) IS NOT NULL;
COMMENT ON VIEW expenditure_detail IS '基本支出明细（万元）';

CREATE OR REPLACE VIEW scores AS
SELECT document_id, TRY_CAST(score_total AS DECIMAL(18,4)) AS total, score_grade AS grade,
       score_evidence_text AS evidence_text, score_evidence_block AS evidence_block
FROM documents WHERE score_total IS NOT NULL OR score_grade IS NOT NULL;
COMMENT ON VIEW scores IS '自评总分与等次';

CREATE OR REPLACE VIEW project_lines AS
SELECT document_id, ord AS line_order, name, TRY_CAST(n1 AS DECIMAL(18,4)) AS amount, evidence_text, evidence_block
FROM report_items WHERE kind = 'project';
COMMENT ON VIEW project_lines IS '项目支出明细（万元）';

CREATE OR REPLACE VIEW figure_evidence AS
SELECT document_id, code AS figure, evidence_text, evidence_block
FROM report_items WHERE kind = 'evidence';
COMMENT ON VIEW figure_evidence IS '数字出处：每个正文数字对应的原句';

CREATE OR REPLACE VIEW indicators AS
SELECT document_id, ord AS ind_order, code, name, level1, level2,
       TRY_CAST(n1 AS DECIMAL(18,4)) AS max_points, TRY_CAST(n2 AS DECIMAL(18,4)) AS declared_value, TRY_CAST(n3 AS DECIMAL(18,4)) AS declared_score,
       TRY_CAST(n4 AS DECIMAL(18,4)) AS written_value, text AS formula, coalesce(flag, false) AS in_scheme,
       evidence_text, evidence_block
FROM report_items WHERE kind = 'indicator';
COMMENT ON VIEW indicators IS '评分指标：单位自报的指标值与得分（written_value 为按报告所写算式计算的值）';

CREATE OR REPLACE VIEW level_scores AS
SELECT document_id, name AS level1, TRY_CAST(n1 AS DECIMAL(18,4)) AS declared_score
FROM report_items WHERE kind = 'level_score';
COMMENT ON VIEW level_scores IS '一级指标自报得分（投入/过程/产出及效率…）';

CREATE OR REPLACE VIEW grade_bands AS
SELECT document_id, name AS grade, TRY_CAST(n1 AS DECIMAL(18,4)) AS min_score
FROM report_items WHERE kind = 'grade_band';
COMMENT ON VIEW grade_bands IS '报告载明的等次划分';

CREATE OR REPLACE VIEW targets AS
SELECT document_id, code, text, TRY_CAST(n1 AS DECIMAL(18,4)) AS target_value, unit, s1 AS comparator, evidence_text, evidence_block
FROM report_items WHERE kind = 'target';
COMMENT ON VIEW targets IS '年度目标（年度主要工作内容）';

CREATE OR REPLACE VIEW metrics AS
SELECT document_id, code, TRY_CAST(n1 AS DECIMAL(18,4)) AS value, unit, s1 AS qualifier, text, s2 AS period,
       evidence_text, evidence_block
FROM report_items WHERE kind = 'metric';
COMMENT ON VIEW metrics IS '正文指标（到位资金、同比增长、履约率等）；金额为万元';

CREATE OR REPLACE VIEW events AS
SELECT document_id, s1 AS event_date, s2 AS city, name,
       TRY_CAST(n1 AS DECIMAL(18,4)) AS projects_released, TRY_CAST(n2 AS DECIMAL(18,4)) AS amount_released,
       TRY_CAST(n3 AS DECIMAL(18,4)) AS projects_signed, TRY_CAST(n4 AS DECIMAL(18,4)) AS amount_signed,
       evidence_text, evidence_block
FROM report_items WHERE kind = 'event';
COMMENT ON VIEW events IS '招商推介活动；金额为万元';

CREATE OR REPLACE VIEW evaluators AS
SELECT document_id, name, s1 AS title, s2 AS unit
FROM report_items WHERE kind = 'evaluator';
COMMENT ON VIEW evaluators IS '评价人员';

CREATE OR REPLACE VIEW parse_findings AS
SELECT document_id, code AS rule, s1 AS severity, text AS message, s2 AS expected, s3 AS found,
       evidence_text, evidence_block
FROM report_items WHERE kind = 'finding';
COMMENT ON VIEW parse_findings IS '解析阶段发现的问题（格式错误数字、模板残留等）';

CREATE OR REPLACE VIEW performance_goals AS
SELECT document_id, ord AS goal_order, s1 AS kind, s2 AS category, name AS label, text AS target, s3 AS actual,
       evidence_text, evidence_block
FROM report_items WHERE kind = 'goal';
COMMENT ON VIEW performance_goals IS '自评表的绩效目标：定性目标与定量指标（产出/效益/满意度）及完成情况';

-- form_cells: every filled numeric cell of the four form tables, one row per
-- org row and column, with the table's and the column's names as the form
-- prints them (for findings that must name them in Chinese).
CREATE OR REPLACE VIEW form_cells AS
WITH cols(kind, col, table_label, column_label) AS (VALUES
    ('income', 'n1', '年度收入情况', '收入合计'), ('income', 'n2', '年度收入情况', '上年结转'),
    ('income', 'n3', '年度收入情况', '公共财政拨款'), ('income', 'n4', '年度收入情况', '政府基金拨款'),
    ('income', 'n5', '年度收入情况', '纳入专户管理的非税收入拨款'), ('income', 'n6', '年度收入情况', '其他'),
    ('expenditure', 'n1', '年度支出和结余情况', '支出合计'), ('expenditure', 'n2', '年度支出和结余情况', '基本支出'),
    ('expenditure', 'n3', '年度支出和结余情况', '人员支出'), ('expenditure', 'n4', '年度支出和结余情况', '公用支出'),
    ('expenditure', 'n5', '年度支出和结余情况', '项目支出'), ('expenditure', 'n6', '年度支出和结余情况', '当年结余'),
    ('expenditure', 'n7', '年度支出和结余情况', '累计结余'),
    ('three_public', 'n1', '三公经费', '三公经费合计'), ('three_public', 'n2', '三公经费', '公务接待费'),
    ('three_public', 'n3', '三公经费', '公务用车运行维护费'), ('three_public', 'n4', '三公经费', '公务用车购置费'),
    ('three_public', 'n5', '三公经费', '因公出国（境）费用'),
    ('fixed_assets', 'n1', '固定资产', '固定资产合计'), ('fixed_assets', 'n2', '固定资产', '在用固定资产'),
    ('fixed_assets', 'n3', '固定资产', '出租固定资产'), ('fixed_assets', 'n4', '固定资产', '其他')
),
cells AS (
    UNPIVOT (SELECT document_id, kind, ord, name, coalesce(flag, false) AS is_summary, evidence_block,
                    n1, n2, n3, n4, n5, n6, n7
             FROM report_items WHERE kind IN ('income', 'expenditure', 'three_public', 'fixed_assets'))
    ON n1, n2, n3, n4, n5, n6, n7 INTO NAME col VALUE value
)
SELECT c.document_id, c.kind, c.ord AS org_order, c.name AS org, c.is_summary, c.evidence_block,
       k.table_label, k.col AS column_no, k.column_label, TRY_CAST(c.value AS DECIMAL(18,4)) AS value
FROM cells c JOIN cols k ON k.kind = c.kind AND k.col = c.col;
COMMENT ON VIEW form_cells IS '自评表四张数字表的已填单元格：一行一个机构行×列';
