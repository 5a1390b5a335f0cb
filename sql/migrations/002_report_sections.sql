-- 002: the narrative sections of a report — budget execution, expenditure detail,
-- scored indicators, scores, targets, metrics and events. Every row keeps the
-- evidence (sentence text and block index) it was read from.

CREATE TABLE budget (
    document_id              BIGINT NOT NULL,
    carryover                DECIMAL(18,4),
    initial                  DECIMAL(18,4),
    supplementary            DECIMAL(18,4),
    year_end_balance         DECIMAL(18,4),
    adjustment               DECIMAL(18,4),
    public_use_budget        DECIMAL(18,4),
    public_use_actual        DECIMAL(18,4),
    three_public_budget      DECIMAL(18,4),
    three_public_actual      DECIMAL(18,4),
    three_public_budget_prev DECIMAL(18,4),
    procurement_budget       DECIMAL(18,4),
    procurement_actual       DECIMAL(18,4)
);
COMMENT ON TABLE budget IS '预算执行数据（万元），取自报告正文';

CREATE TABLE expenditure_detail (
    document_id      BIGINT NOT NULL,
    wages_welfare    DECIMAL(18,4),
    goods_services   DECIMAL(18,4),
    family_subsidies DECIMAL(18,4),
    capital_other    DECIMAL(18,4)
);
COMMENT ON TABLE expenditure_detail IS '基本支出明细（万元）';

CREATE TABLE project_lines (
    document_id BIGINT NOT NULL,
    line_order  INTEGER NOT NULL,
    name        VARCHAR NOT NULL,
    amount      DECIMAL(18,4)
);
COMMENT ON TABLE project_lines IS '项目支出明细（万元）';

CREATE TABLE figure_evidence (
    document_id    BIGINT NOT NULL,
    figure         VARCHAR NOT NULL,  -- e.g. budget.carryover, expenditure_detail.wages_welfare
    evidence_text  VARCHAR,
    evidence_block INTEGER
);
COMMENT ON TABLE figure_evidence IS '数字出处：每个正文数字对应的原句';

CREATE TABLE indicators (
    document_id    BIGINT NOT NULL,
    ind_order      INTEGER NOT NULL,
    code           VARCHAR NOT NULL,
    name           VARCHAR NOT NULL,
    level1         VARCHAR,
    level2         VARCHAR,
    max_points     DECIMAL(9,4),
    declared_value DECIMAL(18,4),
    declared_score DECIMAL(9,4),
    formula        VARCHAR,
    in_scheme      BOOLEAN NOT NULL,
    evidence_text  VARCHAR,
    evidence_block INTEGER
);
COMMENT ON TABLE indicators IS '评分指标：单位自报的指标值与得分';

CREATE TABLE scores (
    document_id    BIGINT NOT NULL,
    total          DECIMAL(9,4),
    grade          VARCHAR,
    evidence_text  VARCHAR,
    evidence_block INTEGER
);
COMMENT ON TABLE scores IS '自评总分与等次';

CREATE TABLE level_scores (
    document_id    BIGINT NOT NULL,
    level1         VARCHAR NOT NULL,
    declared_score DECIMAL(9,4)
);
COMMENT ON TABLE level_scores IS '一级指标自报得分（投入/过程/产出及效率…）';

CREATE TABLE grade_bands (
    document_id BIGINT NOT NULL,
    grade       VARCHAR NOT NULL,
    min_score   DECIMAL(9,4) NOT NULL
);
COMMENT ON TABLE grade_bands IS '报告载明的等次划分';

CREATE TABLE targets (
    document_id    BIGINT NOT NULL,
    code           VARCHAR NOT NULL,
    text           VARCHAR,
    target_value   DECIMAL(18,4),
    unit           VARCHAR,
    comparator     VARCHAR,
    evidence_block INTEGER
);
COMMENT ON TABLE targets IS '年度目标（年度主要工作内容）';

CREATE TABLE metrics (
    document_id    BIGINT NOT NULL,
    code           VARCHAR NOT NULL,
    value          DECIMAL(18,4),
    unit           VARCHAR,
    qualifier      VARCHAR,
    text           VARCHAR,
    period         VARCHAR,
    evidence_text  VARCHAR,
    evidence_block INTEGER
);
COMMENT ON TABLE metrics IS '正文指标（到位资金、同比增长、履约率等）；金额为万元';

CREATE TABLE events (
    document_id       BIGINT NOT NULL,
    event_date        VARCHAR,
    city              VARCHAR,
    name              VARCHAR,
    projects_released DECIMAL(18,4),
    amount_released   DECIMAL(18,4),
    projects_signed   DECIMAL(18,4),
    amount_signed     DECIMAL(18,4),
    evidence_text     VARCHAR,
    evidence_block    INTEGER
);
COMMENT ON TABLE events IS '招商推介活动；金额为万元';
