-- 001: foundation — units, documents, ETL ledger and the form's fact tables.
-- Money is DECIMAL(18,4) in 万元; blank form cells are NULL, never 0.
-- Fact tables are keyed by document_id so that superseded documents keep their
-- facts (nothing is lost); `evaluations` points each unit-year at its current document.

CREATE SEQUENCE unit_id_seq START 1;
CREATE SEQUENCE document_id_seq START 1;
CREATE SEQUENCE run_id_seq START 1;

CREATE TABLE units (
    unit_id        INTEGER PRIMARY KEY,
    canonical_name VARCHAR NOT NULL,  -- unique; enforced by the single ETL writer (renames update it)
    region         VARCHAR,
    parent         VARCHAR,
    created_at     TIMESTAMP NOT NULL DEFAULT current_timestamp
);
COMMENT ON TABLE units IS '报告单位：一行一个单位（更名后仍是同一单位）';

CREATE TABLE unit_aliases (
    alias   VARCHAR PRIMARY KEY,
    unit_id INTEGER NOT NULL,
    source  VARCHAR NOT NULL  -- report | rename | manifest
);
COMMENT ON TABLE unit_aliases IS '单位别名：报告中出现过的名称（含更名前名称）→ 单位';

CREATE TABLE etl_runs (
    run_id      BIGINT PRIMARY KEY,
    trigger     VARCHAR NOT NULL,  -- cli | schedule | api | upload
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

CREATE TABLE documents (
    document_id    BIGINT PRIMARY KEY,
    sha256         VARCHAR NOT NULL UNIQUE,
    file_name      VARCHAR NOT NULL,
    format         VARCHAR NOT NULL,
    encoding       VARCHAR,
    size_bytes     BIGINT NOT NULL,
    unit_id        INTEGER,
    unit_name      VARCHAR,      -- the name as the report writes it
    fiscal_year    INTEGER,
    scheme         VARCHAR,
    parser_version VARCHAR NOT NULL,
    archive_path   VARCHAR,
    run_id         BIGINT,
    loaded_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    superseded_by  BIGINT,       -- document that replaced this one for the same unit-year
    contact_name   VARCHAR,
    contact_phone  VARCHAR,
    missing        VARCHAR[]     -- contract fields the report did not provide
);
COMMENT ON TABLE documents IS '已入库文件：一行一个不同内容的文件（按 sha256 去重）';

CREATE TABLE etl_files (
    run_id      BIGINT NOT NULL,
    file_name   VARCHAR NOT NULL,
    sha256      VARCHAR,
    status      VARCHAR NOT NULL,  -- loaded | skipped | superseded | quarantined
    document_id BIGINT,
    error       VARCHAR,
    read_ms     DOUBLE,
    parse_ms    DOUBLE,
    load_ms     DOUBLE,
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
COMMENT ON TABLE etl_files IS 'ETL 文件台账：每次运行中每个文件一行';

CREATE TABLE evaluations (
    unit_id     INTEGER NOT NULL,
    fiscal_year INTEGER NOT NULL,
    document_id BIGINT NOT NULL,
    updated_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
    -- (unit_id, fiscal_year) is unique; enforced by the single ETL writer because
    -- unit merges rewrite unit_id, which DuckDB indexes handle poorly inside one transaction.
);
COMMENT ON TABLE evaluations IS '单位年度自评：一个单位一年一行，指向当前有效文件';

CREATE TABLE staffing (
    document_id BIGINT NOT NULL,
    authorized  DECIMAL(18,4),
    actual      DECIMAL(18,4)
);
COMMENT ON TABLE staffing IS '人员编制（编制数）与实有人数';

CREATE TABLE income (
    document_id            BIGINT NOT NULL,
    org_order              INTEGER NOT NULL,
    org                    VARCHAR NOT NULL,
    is_summary             BOOLEAN NOT NULL,
    total                  DECIMAL(18,4),
    carryover              DECIMAL(18,4),
    fiscal_appropriation   DECIMAL(18,4),
    gov_fund               DECIMAL(18,4),
    special_account_nontax DECIMAL(18,4),
    other                  DECIMAL(18,4),
    evidence_block         INTEGER,
    evidence_row           INTEGER
);
COMMENT ON TABLE income IS '年度收入情况（万元），一行一个机构行';

CREATE TABLE expenditure (
    document_id        BIGINT NOT NULL,
    org_order          INTEGER NOT NULL,
    org                VARCHAR NOT NULL,
    is_summary         BOOLEAN NOT NULL,
    total              DECIMAL(18,4),
    basic              DECIMAL(18,4),
    personnel          DECIMAL(18,4),
    public_use         DECIMAL(18,4),
    project            DECIMAL(18,4),
    balance_current    DECIMAL(18,4),
    balance_cumulative DECIMAL(18,4),
    evidence_block     INTEGER,
    evidence_row       INTEGER
);
COMMENT ON TABLE expenditure IS '年度支出和结余情况（万元），一行一个机构行';

CREATE TABLE three_public (
    document_id       BIGINT NOT NULL,
    org_order         INTEGER NOT NULL,
    org               VARCHAR NOT NULL,
    is_summary        BOOLEAN NOT NULL,
    total             DECIMAL(18,4),
    reception         DECIMAL(18,4),
    vehicle_operation DECIMAL(18,4),
    vehicle_purchase  DECIMAL(18,4),
    overseas          DECIMAL(18,4),
    evidence_block    INTEGER,
    evidence_row      INTEGER
);
COMMENT ON TABLE three_public IS '三公经费（万元），一行一个机构行';

CREATE TABLE fixed_assets (
    document_id    BIGINT NOT NULL,
    org_order      INTEGER NOT NULL,
    org            VARCHAR NOT NULL,
    is_summary     BOOLEAN NOT NULL,
    total          DECIMAL(18,4),
    in_use         DECIMAL(18,4),
    leased         DECIMAL(18,4),
    other          DECIMAL(18,4),
    evidence_block INTEGER,
    evidence_row   INTEGER
);
COMMENT ON TABLE fixed_assets IS '固定资产（万元），一行一个机构行';

CREATE TABLE evaluators (
    document_id BIGINT NOT NULL,
    name        VARCHAR,
    title       VARCHAR,
    unit        VARCHAR
);
COMMENT ON TABLE evaluators IS '评价人员';

CREATE TABLE parse_findings (
    document_id    BIGINT NOT NULL,
    rule           VARCHAR NOT NULL,
    severity       VARCHAR NOT NULL,
    message        VARCHAR NOT NULL,
    expected       VARCHAR,
    found          VARCHAR,
    evidence_text  VARCHAR,
    evidence_block INTEGER
);
COMMENT ON TABLE parse_findings IS '解析阶段发现的问题（格式错误数字、模板残留等）';
