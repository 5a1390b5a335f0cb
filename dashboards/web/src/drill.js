// Drill-down: a click on a figure, a bar or a finding opens its evidence —
// the sentence or table cell the number came from, the figure highlighted in
// it, the report's file name and a link to every source of that report.
import { $, getJSON, h, num, plain, showError } from './common.js';

// marked returns the text as nodes with every occurrence of the needles
// (figures as the report may write them) wrapped in <mark>.
export function marked(text, needles) {
  const ns = [...new Set(needles.filter((n) => n && String(n).length > 0).map(String))]
    .sort((a, b) => b.length - a.length);
  if (!ns.length) return [text];
  const esc = ns.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(${esc.join('|')})`, 'g');
  return String(text).split(re).map((part, i) => (i % 2 ? h('mark', {}, part) : part));
}

// figureNeedles are the spellings a value may have in the report's text.
export function figureNeedles(vals) {
  const out = [];
  for (const v of vals) {
    const n = num(v);
    if (n == null) { if (typeof v === 'string' && v.length > 1 && v.length < 40) out.push(v); continue; }
    if (Math.abs(n) < 1 && n !== 0 && !String(v).includes('.')) continue;
    out.push(String(n));
    if (!Number.isInteger(n)) out.push(n.toFixed(2));
    if (Math.abs(n) >= 1000) out.push(plain(n));
  }
  return out.filter((s) => !/^[0-9]$/.test(s));
}

const dialog = () => $('#evidence-dialog');

// openEvidence shows the evidence of one row of a panel.
export async function openEvidence(title, row, valueCols) {
  const dlg = dialog();
  const body = $('.body', dlg);
  $('h2', dlg).textContent = title;
  body.replaceChildren(h('p', { class: 'muted' }, '正在查找出处…'));
  if (!dlg.open) dlg.showModal();
  try {
    body.replaceChildren(...(await evidenceNodes(row, valueCols)));
  } catch (e) {
    showError(body, e);
  }
}

async function evidenceNodes(row, valueCols) {
  const out = [];
  const facts = [];
  if (row.unit) facts.push(['单位', row.unit]);
  if (row.fiscal_year) facts.push(['年度', `${row.fiscal_year} 年度`]);
  if (facts.length) out.push(h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
  const vals = valueCols.map((c) => row[c]).concat([row.found, row.expected]);
  if (row.message) out.push(h('p', { class: 'finding-msg' }, row.message));
  if (row.evidence_text) {
    out.push(h('h3', {}, '出处原文'), h('blockquote', { class: 'evidence' }, ...marked(row.evidence_text, figureNeedles(vals))));
  }
  let evalID = num(row.evaluation_id);
  let file = row.file_name || '';
  if ((!evalID || !file) && row.unit && row.fiscal_year) {
    const q = new URLSearchParams({ unit: row.unit, year: row.fiscal_year, per_page: '1' });
    const list = await getJSON(`/api/v1/evaluations?${q}`);
    const it = (list.items || [])[0];
    if (it) { evalID = evalID || num(it.evaluation_id); file = file || it.file_name || ''; }
  }
  if (evalID) {
    const q = new URLSearchParams();
    if (row.evidence_text) q.set('hl', row.evidence_text);
    if (row.evidence_block != null) q.set('blk', String(row.evidence_block));
    if (row.message) q.set('msg', row.message);
    out.push(h('p', { class: 'file' }, file ? `报告文件：${file}` : '',
      h('a', { class: 'button', href: `/e/${evalID}${q.size ? `?${q}` : ''}` }, '查看该报告的全部出处 →')));
  } else if (!row.unit && row.fiscal_year) {
    // An aggregate over units: list the reports it sums.
    const q = new URLSearchParams({ year: row.fiscal_year, per_page: '100' });
    const list = await getJSON(`/api/v1/evaluations?${q}`);
    out.push(h('h3', {}, `该数字汇总自 ${row.fiscal_year} 年度 ${(list.items || []).length} 份自评报告`),
      h('ul', { class: 'evlist' }, ...(list.items || []).map((it) => h('li', {},
        h('a', { href: `/e/${it.evaluation_id}` }, it.unit), ` · ${it.file_name || ''}`))));
  }
  if (!row.evidence_text && !evalID && !row.fiscal_year) out.push(h('p', { class: 'muted' }, '这一项没有可追溯的原文出处。'));
  return out;
}

export function initEvidenceDialog() {
  const dlg = dialog();
  if (!dlg) return;
  $('.close', dlg).addEventListener('click', () => dlg.close());
  dlg.addEventListener('click', (e) => { if (e.target === dlg) dlg.close(); });
}
