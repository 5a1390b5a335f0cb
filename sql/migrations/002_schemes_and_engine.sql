-- 002: scoring schemes as tables (synced from the embedded scheme YAML at the
-- start of every ETL run and check), the warehouse data version that caches key
-- on, and the per-year aggregates the dashboards read.

CREATE TABLE schemes (
    scheme_id VARCHAR PRIMARY KEY,
    name      VARCHAR NOT NULL,
    region    VARCHAR
);
COMMENT ON TABLE schemes IS '评分方案（按地区、年度）';

CREATE TABLE scheme_levels (
    scheme_id  VARCHAR NOT NULL,
    level1     VARCHAR NOT NULL,
    max_points DECIMAL(9,4) NOT NULL
);
COMMENT ON TABLE scheme_levels IS '评分方案的一级指标及分值';

CREATE TABLE scheme_grades (
    scheme_id VARCHAR NOT NULL,
    grade     VARCHAR NOT NULL,
    min_score DECIMAL(9,4) NOT NULL
);
COMMENT ON TABLE scheme_grades IS '评分方案的等次划分（下限含）';

CREATE TABLE scheme_indicators (
    scheme_id      VARCHAR NOT NULL,
    code           VARCHAR NOT NULL,
    name           VARCHAR NOT NULL,
    level1         VARCHAR NOT NULL,
    level2         VARCHAR,
    max_points     DECIMAL(9,4) NOT NULL,
    formula_text   VARCHAR,
    scale          DOUBLE,
    rule_type      VARCHAR NOT NULL,  -- declared | threshold | ladder | deduction
    rule_op        VARCHAR,
    rule_limit     DOUBLE,
    rule_per_point DOUBLE,
    rule_else      DOUBLE
);
COMMENT ON TABLE scheme_indicators IS '评分方案的指标、公式与评分规则';

CREATE TABLE scheme_formula_terms (
    scheme_id VARCHAR NOT NULL,
    code      VARCHAR NOT NULL,
    part      VARCHAR NOT NULL,  -- num | den
    figure    VARCHAR NOT NULL,
    weight    DOUBLE NOT NULL
);
COMMENT ON TABLE scheme_formula_terms IS '指标公式的分子/分母项：value = Σ(weight×figure)/Σ(weight×figure)×scale';

CREATE TABLE scheme_rule_steps (
    scheme_id   VARCHAR NOT NULL,
    code        VARCHAR NOT NULL,
    step_no     INTEGER NOT NULL,
    op          VARCHAR NOT NULL,
    limit_value DOUBLE NOT NULL,
    points      DOUBLE NOT NULL
);
COMMENT ON TABLE scheme_rule_steps IS '阶梯评分规则：按顺序第一个成立的条件给分';

CREATE TABLE warehouse_meta (
    key   VARCHAR PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO warehouse_meta VALUES ('data_version', 0);
COMMENT ON TABLE warehouse_meta IS '仓库元数据；data_version 每次 ETL 提交后加一，缓存以此为键';

CREATE TABLE agg_yearly (
    fiscal_year        INTEGER NOT NULL,
    units              INTEGER NOT NULL,
    avg_score          DOUBLE,
    min_score          DOUBLE,
    max_score          DOUBLE,
    grade_you          INTEGER,
    grade_liang        INTEGER,
    grade_jiaocha      INTEGER,
    grade_cha          INTEGER,
    income_total       DOUBLE,
    expenditure_total  DOUBLE,
    three_public_total DOUBLE,
    findings_error     INTEGER,
    findings_warning   INTEGER,
    refreshed_at       TIMESTAMP NOT NULL,
    data_version       BIGINT NOT NULL
);
COMMENT ON TABLE agg_yearly IS '按年度物化的全州汇总（每次 ETL 运行后刷新，供领导看板使用）';
