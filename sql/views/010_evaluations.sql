-- v_evaluations: one row per current unit-year (the document that counts), with
-- the unit's canonical name, so trends follow a unit through renames.
CREATE OR REPLACE VIEW v_evaluations AS
SELECT
    e.document_id                AS evaluation_id,
    e.unit_id,
    u.canonical_name             AS unit,
    d.unit_name                  AS unit_name_in_report,
    u.region,
    e.fiscal_year,
    d.scheme,
    d.file_name,
    d.format,
    d.sha256,
    d.loaded_at,
    s.total                      AS total_score,
    s.grade,
    st.authorized                AS staff_authorized,
    st.actual                    AS staff_actual,
    -- department | final_accounts (the self-evaluation chapter of a 决算公开
    -- document); NULL for documents loaded before types were recorded.
    x.document_type
FROM evaluations e
JOIN documents d ON d.document_id = e.document_id
JOIN units u ON u.unit_id = e.unit_id
LEFT JOIN scores s ON s.document_id = e.document_id
LEFT JOIN staffing st ON st.document_id = e.document_id
LEFT JOIN document_extraction x ON x.document_id = e.document_id;
