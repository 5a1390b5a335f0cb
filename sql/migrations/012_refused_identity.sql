-- 012: what a quarantined document is and whose it is (issue 9). A refused
-- document (a 项目支出 report, a 决算公开 document without its self-evaluation
-- chapter, a report nothing could be read of) still names its type, unit and
-- fiscal year on its title, cover or labels; the quarantine lists them so a
-- person knows whom to ask for the report.
--
-- A table of its own beside etl_files, not columns of it: DuckDB cannot
-- replay an ADD COLUMN from its write-ahead log on a table with a DEFAULT
-- current_timestamp column (decisions.md, migration 003). One row per
-- ledger row (run_id, file_name) whose refusal named something.
CREATE TABLE etl_file_identity (
    run_id        BIGINT NOT NULL,
    file_name     VARCHAR NOT NULL,  -- as etl_files.file_name (folder/name)
    document_type VARCHAR,           -- project | final_accounts | department | other (report.Document*)
    unit          VARCHAR,           -- the unit the document names (canonical name as read)
    fiscal_year   INTEGER,           -- the fiscal year it names
    evidence      VARCHAR            -- the text that named the unit, else the year (as written)
);
COMMENT ON TABLE etl_file_identity IS '未入库文件的类型、单位与年度：按标题、封面或表头读出（一个台账行一行）';
