// Chinese names for the codes a panel's rows may carry (findings rules, run
// statuses, coverage states), so no chart or table shows an internal code.
// A panel's own `labels` win over these.
export const valueNames = {
  error: '错误', warning: '警告', info: '提示',
  present: '已报', missing: '缺报',
  done: '成功', ok: '成功', failed: '失败', running: '进行中', interrupted: '已中断', stopped: '已中断',
  loaded: '已入库', duplicate: '重复', superseded: '已替换', quarantined: '已隔离', skipped: '已跳过',
  demo: '演示数据', schedule: '定时', scheduled: '定时', api: '手动（接口）', cli: '命令行', upload: '上传', inbox: '收件箱',
  // findings rules (sql/views/README.md, etl/kpi/dictionary/README.md)
  income_sum: '收入合计与分项之和不符', expenditure_sum: '支出合计与分项之和不符',
  basic_expenditure_sum: '基本支出与分项之和不符', three_public_sum: '三公经费合计与分项之和不符',
  basic_detail_sum: '基本支出明细与基本支出不符', same_quantity_two_values: '同一数据前后不一致',
  ratio_mismatch: '自报指标值与重算值不符', sign_lost: '变动率符号错误', change_rate_sign: '变动率方向与预算不符',
  arithmetic_mismatch: '算式结果与自报值不符', score_rule_mismatch: '得分与评分规则不符',
  score_rule_mismatch_declared_value: '按自报值应得分不符', score_over_max: '得分超过分值',
  full_marks_claim: '称满分但未得满分', level_sum: '一级指标得分与明细之和不符', total_vs_levels: '总分与各级得分之和不符',
  grade_mismatch: '评价等次与总分不符', all_full_marks: '全部指标满分', missing_form_cell: '表中必填项未填写',
  malformed_number: '数字格式错误', template_residue: '模板提示语未删除', false_comparison: '比较关系不成立',
  year_mismatch: '年度混用', year_title_body_mismatch: '标题与正文年度不一致', year_unknown: '年度未识别',
  unit_unknown: '单位未识别', component_exceeds_total: '分项大于合计', duplicate_indicator: '指标重复',
  indicator_not_in_scheme: '指标不在评分方案中', form_header_unexpected: '表头与样表不符', form_row_shape: '表格行格式异常',
  form_unit_conflict: '表格金额单位矛盾', form_unit_converted: '表格金额单位已换算', form_unit_unknown: '表格金额单位不明',
  unrecognised_layout: '版式未识别', layout_ambiguous: '版式有歧义，数字未采用', scheme_uncertain: '评分方案判断不确定', summary_vs_org_rows: '汇总行与各机构行之和不符',
  ocr_low_confidence: '扫描件识别置信度低',
  version_conflict: '同一年度多个版本', unit_ambiguous: '单位名称有歧义', manifest_conflict: '清单与报告不一致',
  text_reused_from_previous_year: '正文照搬上年报告', text_shared_with_other_unit: '正文与其他单位雷同',
  figure_unchanged: '数据与上年完全相同', target_never_raised: '目标连年不变且远超', prior_year_mismatch: '所引上年数与上年报告不符',
  score_inflated: '自评得分明显偏高', rate_always_full: '满意度连年100%',
  // spot-check views (sql/views/README.md)
  share_pct: '雷同比例（%）', copied_sentences: '雷同句数', source_unit: '来源单位', robust_z: '稳健z值', median: '同类中位数',
};

// valueLabel is how a value reads on a chart or in a table.
export function valueLabel(p, v) {
  if (v == null) return '—';
  const s = String(v);
  return (p && p.labels && p.labels[s]) || valueNames[s] || s;
}

// isTimestamp recognises the API's ISO times.
const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const dtf = new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
export function timeText(v) {
  if (typeof v !== 'string' || !ISO.test(v)) return null;
  const d = new Date(v.includes('T') || v.endsWith('Z') ? v : v.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? null : dtf.format(d);
}
