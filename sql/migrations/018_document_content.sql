-- 018: a fingerprint of what each document says, apart from its file.
--
-- A bureau often receives one report twice: the Word file and the PDF or text
-- the unit also sent. Both load as versions of the same unit-year; with equal
-- fingerprints the loader says they are the same report in two files rather
-- than asking a person which one is final. A table of its own for the reason
-- 006 gives (the loader appends rows positionally). Documents loaded before
-- this migration have no row: their pairs are ranked as before.
CREATE TABLE document_content (
    document_id BIGINT NOT NULL,
    content_key UBIGINT NOT NULL  -- FNV-64a over the report's figures and labels (no file name, format, evidence or findings)
);
COMMENT ON TABLE document_content IS '文件内容指纹：同一单位同一年度的两个文件内容相同（同一报告的不同格式）时据此判断为重复文件';
