-- 001: foundation — units, the ETL ledger, documents and the report's facts.
--
-- Physical layout: a report is written as one wide `documents` row (its scalar
-- figures) and `report_items` rows (the four form tables' org rows and every
-- list: indicators, metrics, targets, events, …). DuckDB pays a fixed cost for
-- every table appended to in a transaction (measured ≈0.4–1 ms), so one
-- transaction per document over two tables is what keeps the ETL fast. The
-- named tables analysts query (income, expenditure, three_public, fixed_assets,
-- budget, indicators, evaluations, …) are views over these with DECIMAL money
-- columns: see sql/views/005_base.sql.
--
-- Money is in 万元; blank form cells are NULL, never 0. Facts are keyed by
-- document_id so that superseded documents keep their facts (nothing is lost);
-- the current document of a unit-year is the one not superseded.

CREATE SEQUENCE run_id_seq START 1;

CREATE TABLE units (
    unit_id        BIGINT PRIMARY KEY,
    canonical_name VARCHAR NOT NULL,  -- unique; enforced by the single ETL writer (renames update it)
    region         VARCHAR,
    parent         VARCHAR,
    created_at     TIMESTAMP NOT NULL
);
COMMENT ON TABLE units IS '报告单位：一行一个单位（更名后仍是同一单位）';

CREATE TABLE unit_aliases (
    alias   VARCHAR PRIMARY KEY,
    unit_id BIGINT NOT NULL,
    source  VARCHAR NOT NULL  -- report | rename | manifest
);
COMMENT ON TABLE unit_aliases IS '单位别名：报告中出现过的名称（含更名前名称）→ 单位';

CREATE TABLE etl_runs (
    run_id      BIGINT PRIMARY KEY,
    trigger     VARCHAR NOT NULL,  -- cli | schedule | api | upload | bench | test
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      VARCHAR NOT NULL,  -- running | done | failed
    seen        INTEGER NOT NULL DEFAULT 0,
    loaded      INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    superseded  INTEGER NOT NULL DEFAULT 0,
    quarantined INTEGER NOT NULL DEFAULT 0,
    seconds     DOUBLE,
    error       VARCHAR
);
COMMENT ON TABLE etl_runs IS 'ETL 运行台账：每次运行一行';

CREATE TABLE etl_files (
    run_id      BIGINT NOT NULL,
    file_name   VARCHAR NOT NULL,
    sha256      VARCHAR,
    status      VARCHAR NOT NULL,  -- loaded | skipped | quarantined
    document_id BIGINT,
    error       VARCHAR,
    read_ms     DOUBLE,
    parse_ms    DOUBLE,
    load_ms     DOUBLE,
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
COMMENT ON TABLE etl_files IS 'ETL 文件台账：每次运行中每个文件一行';

CREATE TABLE documents (
    document_id    BIGINT PRIMARY KEY,
    sha256         VARCHAR NOT NULL UNIQUE,
    file_name      VARCHAR NOT NULL,
    format         VARCHAR NOT NULL,
    encoding       VARCHAR,
    size_bytes     BIGINT NOT NULL,
    unit_id        BIGINT,
    unit_name      VARCHAR,      -- the name as the report writes it
    region         VARCHAR,
    fiscal_year    INTEGER,
    scheme         VARCHAR,
    parser_version VARCHAR NOT NULL,
    archive_path   VARCHAR,
    run_id         BIGINT,
    loaded_at      TIMESTAMP NOT NULL,
    superseded_by  BIGINT,       -- document that replaced this one for the same unit-year (NULL: current)
    contact_name   VARCHAR,
    contact_phone  VARCHAR,
    missing        VARCHAR[],    -- contract fields the report did not provide
    -- staffing
    staff_authorized DOUBLE,
    staff_actual     DOUBLE,
    -- budget execution quoted in the narrative (万元)
    budget_carryover                DOUBLE,
    budget_initial                  DOUBLE,
    budget_supplementary            DOUBLE,
    budget_year_end_balance         DOUBLE,
    budget_adjustment               DOUBLE,
    budget_public_use_budget        DOUBLE,
    budget_public_use_actual        DOUBLE,
    budget_three_public_budget      DOUBLE,
    budget_three_public_actual      DOUBLE,
    budget_three_public_budget_prev DOUBLE,
    budget_procurement_budget       DOUBLE,
    budget_procurement_actual       DOUBLE,
    -- basic-expenditure detail (万元)
    detail_wages_welfare    DOUBLE,
    detail_goods_services   DOUBLE,
    detail_family_subsidies DOUBLE,
    detail_capital_other    DOUBLE,
    -- declared total score and grade
    score_total          DOUBLE,
    score_grade          VARCHAR,
    score_evidence_text  VARCHAR,
    score_evidence_block INTEGER
);
COMMENT ON TABLE documents IS '已入库文件：一行一个不同内容的文件（按 sha256 去重），含报告的单值数据';


CREATE TABLE report_items (
    document_id    BIGINT NOT NULL,
    -- income | expenditure | three_public | fixed_assets (form org rows: name = org,
    -- flag = summary row, n1…n7 = the table's columns) | indicator | level_score |
    -- grade_band | project | metric | target | event | goal | evaluator | finding | evidence
    kind           VARCHAR NOT NULL,
    ord            INTEGER NOT NULL,
    code           VARCHAR,
    name           VARCHAR,
    text           VARCHAR,
    level1         VARCHAR,
    level2         VARCHAR,
    unit           VARCHAR,
    s1 VARCHAR, s2 VARCHAR, s3 VARCHAR,
    n1 DOUBLE, n2 DOUBLE, n3 DOUBLE, n4 DOUBLE, n5 DOUBLE, n6 DOUBLE, n7 DOUBLE,
    flag           BOOLEAN,
    evidence_text  VARCHAR,
    evidence_block INTEGER,
    evidence_row   INTEGER
);
COMMENT ON TABLE report_items IS '报告中的表格行与列表项（物理存储；请查询视图 income / indicators / metrics 等）';
