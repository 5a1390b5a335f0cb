-- 011: schemes that publish indicators without points (财预〔2013〕53号 leaves the
-- weights to each evaluator). Their levels and indicators have no maximum: the
-- engine then takes the maximum the report states (coalesce(scheme, report)),
-- and nothing is scored above a maximum nobody published. schemes.source names
-- the published document a scheme follows.

ALTER TABLE scheme_levels ALTER COLUMN max_points DROP NOT NULL;
ALTER TABLE scheme_indicators ALTER COLUMN max_points DROP NOT NULL;
ALTER TABLE schemes ADD COLUMN source VARCHAR;
ALTER TABLE schemes ADD COLUMN unweighted BOOLEAN DEFAULT false;
COMMENT ON COLUMN schemes.unweighted IS '方案只列指标、不设分值（如财预〔2013〕53号框架）：指标满分取报告所列分值';
