-- 003: which version of a unit-year counts, who a unit is, and where a file
-- and its manifest row came from.
--
-- Versions: the loader ranks two documents of one unit-year by a correction
-- marker (更正/修改/修订/最终/修正/v2 … in the file name or the text), then the
-- report's own date, then the file's modification time, then load order — so
-- the columns it ranks by are kept with the document.
ALTER TABLE documents ADD COLUMN title VARCHAR;             -- the report's title line
ALTER TABLE documents ADD COLUMN unit_full_name VARCHAR;    -- the title's full unit name (凤凰县财政局)
ALTER TABLE documents ADD COLUMN report_date DATE;          -- signed / issued
ALTER TABLE documents ADD COLUMN revision VARCHAR;          -- correction marker (更正, 修改, v2 …), NULL: none
ALTER TABLE documents ADD COLUMN revision_where VARCHAR;    -- file_name | text
ALTER TABLE documents ADD COLUMN year_source VARCHAR;       -- title | body | manifest
ALTER TABLE documents ADD COLUMN file_modified_at TIMESTAMP; -- the inbox file's modification time
ALTER TABLE documents ADD COLUMN inbox_folder VARCHAR;      -- sub-folder of the inbox the file came from ('' : the inbox itself)
ALTER TABLE documents ADD COLUMN manifest_row VARCHAR;      -- archived manifest and line that overrode the report, if any

-- Unit identity is region + name. The same alias may now belong to several
-- units: a bare name (县财政局) signed by two counties' units whose titles give
-- their full names. The single ETL writer keeps (alias, region, unit_id)
-- unique; source 'bare' marks a name the report wrote without its locality.
CREATE TABLE unit_aliases_v3 (
    alias   VARCHAR NOT NULL,
    region  VARCHAR NOT NULL DEFAULT '',
    unit_id BIGINT NOT NULL,
    source  VARCHAR NOT NULL  -- report | rename | bare
);
INSERT INTO unit_aliases_v3
SELECT a.alias, coalesce(u.region, ''), a.unit_id, a.source
FROM unit_aliases a LEFT JOIN units u USING (unit_id);
DROP TABLE unit_aliases;
ALTER TABLE unit_aliases_v3 RENAME TO unit_aliases;
COMMENT ON TABLE unit_aliases IS '单位别名：报告中出现过的名称（含更名前名称）及地区 → 单位';

-- The canonical name is the one in the latest fiscal year's report.
ALTER TABLE units ADD COLUMN name_year INTEGER;  -- fiscal year of the report that gave canonical_name

ALTER TABLE etl_runs ADD COLUMN conflicts INTEGER DEFAULT 0;             -- versions of a unit-year that met another version
ALTER TABLE etl_runs ADD COLUMN superseded_on_arrival INTEGER DEFAULT 0; -- loaded documents older than the current version
ALTER TABLE etl_runs ADD COLUMN manifest_errors INTEGER DEFAULT 0;       -- manifest.csv lines that could not be used
ALTER TABLE etl_runs ADD COLUMN manifest VARCHAR;                        -- where the run's manifest.csv was archived
ALTER TABLE etl_runs ADD COLUMN notes VARCHAR;                           -- the run's warnings, one a line (Chinese)

-- etl_files.file_name holds folder/name for a file in an inbox sub-folder.
-- (No column is added to etl_files: DuckDB cannot replay an ADD COLUMN from
-- its write-ahead log on a table with a DEFAULT current_timestamp column —
-- "GetDefaultDatabase with no default database set" — so a run killed
-- before its checkpoint would leave a warehouse that no longer opens.)
