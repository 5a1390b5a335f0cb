-- v_completeness: what was read of each current evaluation's document —
-- the contract figures a document of its type gives, how many were found,
-- and the missing ones named as the form prints them — and whether almost
-- nothing was read (unrecognised_layout). A 决算公开 document was read from
-- its self-evaluation chapter only (excerpt_heading). Documents loaded before
-- the warehouse recorded this have NULL found/expected.
CREATE OR REPLACE VIEW v_completeness AS
SELECT
    e.document_id                AS evaluation_id,
    u.canonical_name             AS unit,
    e.fiscal_year,
    d.file_name,
    x.document_type,
    x.found,
    x.expected,
    CASE WHEN x.expected > 0 THEN round(x.found * 100.0 / x.expected, 1) END AS found_pct,
    x.missing,
    x.missing_labels,
    array_to_string(x.missing_labels, '、') AS missing_text,
    x.unrecognised,
    x.excerpt_heading,
    x.excerpt_end_heading
FROM evaluations e
JOIN documents d ON d.document_id = e.document_id
JOIN units u ON u.unit_id = e.unit_id
LEFT JOIN document_extraction x ON x.document_id = e.document_id;
COMMENT ON VIEW v_completeness IS '读取完整度：每份当前报告应读数据项、已读项及未读项（按表中名称），版式未识别标记';
