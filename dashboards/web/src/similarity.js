// The 相似度 panel (chart: similarity): the v_reuse rows as a table; choosing
// a row loads GET /api/v1/evaluations/{id}/reuse and shows the report's
// narrative beside the compared report's, the shared sentences highlighted.
// A compared report outside the caller's scope is named by its share only.
import { emptyState, getJSON, h } from './common.js';
import { dataTable } from './dashboard.js';

const sourceName = { previous_year: '本单位上年报告', other_unit: '同年其他单位报告' };

function column(title, sentences, source) {
  return h('div', { class: 'sim-col' }, h('h3', {}, title),
    h('div', { class: 'sim-text' }, ...sentences.map((s) => h('span', {
      class: (s.copied || []).includes(source) ? 'sim-copied' : null,
      title: (s.copied || []).includes(source) ? '雷同句' : null,
    }, s.text))));
}

async function compare(view, row) {
  view.replaceChildren(h('p', { class: 'loading' }, '正在读取两份报告的正文…'));
  let body;
  try {
    body = await getJSON(`/api/v1/evaluations/${encodeURIComponent(row.evaluation_id)}/reuse`);
  } catch (e) {
    view.replaceChildren(emptyState('无法读取正文', String(e.message || e)));
    return;
  }
  const src = (body.sources || []).find((s) => s.source === row.source);
  if (!src) {
    view.replaceChildren(emptyState('没有雷同的句子', '该报告与对照报告没有相同的句子。'));
    return;
  }
  const head = `${body.unit} ${body.fiscal_year} 年度 · 与${sourceName[src.source] || src.source}雷同 ${src.share_pct}%（${src.copied_sentences}/${src.sentences} 句）`;
  const right = src.source_sentences
    ? column(`${src.source_unit} ${src.source_fiscal_year} 年度`, src.source_sentences, src.source)
    : h('div', { class: 'sim-col' }, h('h3', {}, sourceName[src.source]), h('p', { class: 'muted' }, '对照报告不在您的查看范围内，仅显示雷同比例。'));
  view.replaceChildren(h('p', { class: 'sim-head' }, head),
    h('div', { class: 'sim-cols' }, column(`${body.unit} ${body.fiscal_year} 年度`, body.sentences || [], src.source), right));
}

export function similarity(p) {
  const view = h('div', { class: 'sim-view' }, h('p', { class: 'muted' }, '点击上表中的一行，左右对照两份报告的正文，雷同的句子以底色标出。'));
  const rows = p.rows || [];
  if (!rows.length) return emptyState('暂无雷同', '装入同一单位连续年度或同年多个单位的报告后，这里会列出正文雷同的比例。');
  const cols = p.columns || [];
  const table = dataTable({ ...p, rows }, p.fields || cols);
  // The table's rows open evidence by default; here a row opens the comparison.
  table.querySelectorAll('tbody tr').forEach((tr, i) => {
    const obj = Object.fromEntries(cols.map((c, k) => [c, rows[i][k]]));
    const open = (e) => { e.stopPropagation(); compare(view, obj); };
    tr.onclick = open;
    tr.onkeydown = (e) => { if (e.key === 'Enter') open(e); };
    tr.title = '点击对照两份报告的正文';
  });
  return h('div', { class: 'sim' }, table, view);
}
