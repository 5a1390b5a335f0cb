-- Derived tables: what the warehouse can rebuild at any time from the binary
-- (the metrics dictionary) and from the loaded facts (the per-document results
-- of the views). They are declared here, beside the views, rather than in
-- numbered migrations: their shape follows the views of this binary, and when
-- the views' text changes the materialised tables are dropped and re-created
-- on open and filled again by the next refresh (sql/materialise.go). Dropping
-- them loses nothing.

-- metric_labels: the metrics dictionary's Chinese label of every metric code,
-- rewritten at the start of every ETL run (SyncMetricLabels).
CREATE TABLE IF NOT EXISTS metric_labels (
    code  VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    unit  VARCHAR
);
COMMENT ON TABLE metric_labels IS '正文指标词典：指标代码的中文名称与单位';

-- The materialised per-document results: each mat_X holds X_all's rows (the
-- definition, in 020–040) for every document listed in mat_documents, so that
-- the v_* views read stored rows and a filter on one unit costs that unit's
-- rows, not the engine over the whole prefecture. TestMaterialisedMatchDefinitions
-- keeps the columns equal to the definitions'.
-- items: the document's report_items rows when stored; the loader may append
-- findings to an earlier document, which makes its stored results stale.
CREATE TABLE IF NOT EXISTS mat_documents (document_id BIGINT NOT NULL, items BIGINT NOT NULL);
COMMENT ON TABLE mat_documents IS '已物化结果的文件（内部）';

-- mat_current: the current evaluations as of the last refresh, so that every
-- materialised view shows one consistent state while a run is loading.
CREATE TABLE IF NOT EXISTS mat_current (
    document_id BIGINT NOT NULL, unit_id BIGINT NOT NULL, fiscal_year INTEGER NOT NULL, scheme VARCHAR
);
COMMENT ON TABLE mat_current IS '上次刷新时的当前有效报告（内部）';

CREATE TABLE IF NOT EXISTS mat_figures (document_id BIGINT, figure VARCHAR, value DOUBLE);

CREATE TABLE IF NOT EXISTS mat_indicator_scores (
    document_id BIGINT, ind_order INTEGER, code VARCHAR, name VARCHAR, level1 VARCHAR, level2 VARCHAR,
    max_points DOUBLE, declared_max_points DOUBLE, declared_value DOUBLE, computed_value DOUBLE, written_value DOUBLE,
    declared_score DOUBLE, computed_score DOUBLE, score_for_declared_value DOUBLE, score_basis VARCHAR, scheme VARCHAR,
    in_scheme BOOLEAN, formula VARCHAR, evidence_text VARCHAR, evidence_block INTEGER
);

CREATE TABLE IF NOT EXISTS mat_level_scores (
    document_id BIGINT, level1 VARCHAR, declared_score DOUBLE, indicator_declared_sum DOUBLE, recomputed_score DOUBLE,
    max_points DOUBLE, indicators BIGINT, indicator_max_sum DOUBLE
);

CREATE TABLE IF NOT EXISTS mat_findings (
    document_id BIGINT, rule VARCHAR, severity VARCHAR, message VARCHAR, expected VARCHAR, found VARCHAR,
    evidence_text VARCHAR, evidence_block INTEGER
);

CREATE TABLE IF NOT EXISTS mat_measures (
    document_id BIGINT, measure VARCHAR, label VARCHAR, measure_unit VARCHAR, additive BOOLEAN, value DOUBLE
);

CREATE TABLE IF NOT EXISTS mat_targets (
    document_id BIGINT, code VARCHAR, text VARCHAR, target_value DOUBLE, unit VARCHAR, comparator VARCHAR,
    actual_value DOUBLE, actual_text VARCHAR, attainment_pct DOUBLE, met BOOLEAN, evidence_block INTEGER
);
