-- 019: every grade in the yearly grade distribution.
--
-- agg_yearly counted 优 / 良 / 较差 / 差, the grades of the Hunan schemes; the
-- national 财预〔2013〕53号 and Sichuan schemes grade 中 between 良 and 差, and
-- reports of other provinces print grades of their own (合格, 一般 …). Those
-- evaluations were in `units` but in no grade column, so the 总览 dashboard's
-- grade bars did not add up to the units of the year.
ALTER TABLE agg_yearly ADD COLUMN grade_zhong INTEGER;
ALTER TABLE agg_yearly ADD COLUMN grade_other INTEGER;
COMMENT ON COLUMN agg_yearly.grade_zhong IS '评价等次为“中”的单位数';
COMMENT ON COLUMN agg_yearly.grade_other IS '评价等次为其他写法（合格、一般等，不属优、良、中、较差、差）的单位数';
