-- 006: what kind of document each one is and how much of it was read
-- (issue 9 §4, §6; DESIGN §3).
--
-- One row per loaded document, written by the loader in the document's
-- transaction. A table of its own rather than columns of `documents`:
-- the loader appends `documents` rows positionally (DuckDB Appender), and
-- columns that several migrations add to one table land in the order the
-- migrations ran on each warehouse, which differs when work numbered in
-- parallel lands in any order. Documents loaded before this migration have
-- no row (their type was not recorded).
CREATE TABLE document_extraction (
    document_id         BIGINT NOT NULL,
    document_type       VARCHAR NOT NULL,  -- department | final_accounts (report.Document*)
    found               INTEGER NOT NULL,  -- contract figures read, of
    expected            INTEGER NOT NULL,  -- those a document of its type gives
    missing             VARCHAR[] NOT NULL, -- the expected figures not read (field paths: income, score.total …)
    missing_labels      VARCHAR[] NOT NULL, -- the same, named as the form prints them (年度收入情况表, 自评总分 …)
    unrecognised        BOOLEAN NOT NULL,  -- almost nothing was read (an unrecognised_layout finding)
    excerpt_heading     VARCHAR,           -- the chapter read from a larger document (决算公开): its heading
    excerpt_start_block INTEGER,           -- its first and last block of the extracted document
    excerpt_end_block   INTEGER,
    excerpt_end_heading VARCHAR            -- the heading that ended it (NULL: the document's end)
);
COMMENT ON TABLE document_extraction IS '文件类型与读取完整度：一个文件一行（部门整体支出自评 / 决算公开中的自评部分；应读数据项、已读项与未读项）';

-- Documents loaded in a run with almost nothing read (unrecognised_layout).
ALTER TABLE etl_runs ADD COLUMN unrecognised INTEGER DEFAULT 0;
