-- 020: the narrative's sentences in a table of their own.
--
-- They were report_items rows of kind 'sentence': 54 of a report's ≈ 140
-- rows, each with 20 empty columns of the wide row. Every row cost the loader
-- one call into DuckDB per string and per NULL, and every view that reads a
-- kind of report_items scanned past them. Here a sentence is five columns.
-- The view narrative_sentences reads this table; what it shows is unchanged.
CREATE TABLE report_sentences (
    document_id    BIGINT NOT NULL,
    sentence_order INTEGER NOT NULL,
    block          INTEGER,
    hash           BIGINT NOT NULL,  -- fingerprint of the wording, numbers and years normalised away (etl/reuse)
    text           VARCHAR NOT NULL
);
COMMENT ON TABLE report_sentences IS '正文句子及其指纹（物理存储；请查询视图 narrative_sentences）';

INSERT INTO report_sentences
SELECT document_id, ord, evidence_block, n1::BIGINT, text
FROM report_items WHERE kind = 'sentence'
ORDER BY document_id, ord;
DELETE FROM report_items WHERE kind = 'sentence';
