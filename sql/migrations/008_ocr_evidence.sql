-- 008: provenance of figures read by OCR (scanned PDFs, photos): one row per
-- evidence of an OCR document that has OCR words behind it, with the page, the
-- box on the page image (pixels; PDF pages rendered at 300 dpi) and the lowest
-- word confidence (0–100). The findings view raises ocr_low_confidence from it.

CREATE TABLE ocr_evidence (
    document_id BIGINT NOT NULL,
    ord         INTEGER NOT NULL,   -- 1… in the report's evidence order
    figure      VARCHAR NOT NULL,   -- what the evidence backs: staffing, income, budget.carryover, indicator, …
    label       VARCHAR,            -- the row or indicator as the form names it (org, indicator code/name)
    evidence_text  VARCHAR,
    evidence_block INTEGER,
    evidence_row   INTEGER,
    evidence_cell  INTEGER,
    page        INTEGER NOT NULL,
    box_left    INTEGER NOT NULL,
    box_top     INTEGER NOT NULL,
    box_right   INTEGER NOT NULL,
    box_bottom  INTEGER NOT NULL,
    confidence  DOUBLE NOT NULL
);
COMMENT ON TABLE ocr_evidence IS 'OCR 识别数字的出处：页码、页面位置和识别置信度（0–100），每条出处一行';
