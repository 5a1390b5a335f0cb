-- 005: the audit log of the server (DESIGN §9): every SQL console query,
-- export, upload and request-started ETL run. A token is recorded by its id,
-- never the token itself.

CREATE SEQUENCE audit_id_seq START 1;

CREATE TABLE audit_log (
    audit_id    BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
    logged_at   TIMESTAMP NOT NULL,     -- UTC, when the request started
    token_id    VARCHAR NOT NULL,       -- configured id or role-<sha256 prefix>; 'local' without tokens
    role        VARCHAR NOT NULL,       -- viewer | analyst | admin
    scope       VARCHAR,                -- region=… | unit=… (NULL: everything)
    action      VARCHAR NOT NULL,       -- sql | export | upload | etl_run
    detail      VARCHAR,                -- the query text, export parameters, uploaded file name, run id
    rows        BIGINT,                 -- rows answered or loaded
    duration_ms DOUBLE NOT NULL,
    status      INTEGER NOT NULL,       -- HTTP status answered
    outcome     VARCHAR NOT NULL        -- ok | refused | failed
);
COMMENT ON TABLE audit_log IS '审计日志：SQL 查询、导出、上传和通过接口启动的 ETL 运行，每次一行（只记录令牌编号，不记录令牌）';
