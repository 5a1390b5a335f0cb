// Drill-down: a click on a figure, a bar or a finding opens its evidence —
// the sentence or table cell the number came from, the figure highlighted in
// it, the report's file name and a link to every source of that report.
import { $, getJSON, h, num, plain, request, saveAnswer, showError } from './common.js';

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

// originalButton downloads the report's original file (GET
// /api/v1/documents/{id}/file: admins, and report owners' unit-scoped admin
// tokens, since the original holds the unmasked contact phone number).
export function originalButton(evalID, file) {
  const note = h('span', { class: 'dl-note', role: 'status' });
  const btn = h('button', { type: 'button', class: 'link download-original', 'data-document': String(evalID), onclick: async () => {
    btn.disabled = true;
    note.textContent = '正在下载…';
    try {
      const name = await saveAnswer(await request(`/api/v1/documents/${evalID}/file`), file || `报告-${evalID}`);
      note.textContent = `已下载 ${name}`;
    } catch (e) {
      showError(note, e);
    } finally { btn.disabled = false; }
  } }, '下载原始文件');
  return h('span', { class: 'original' }, btn, note);
}

const dialog = () => $('#evidence-dialog');

// openEvidence shows the evidence of one row of a panel; col is the column
// of the mark clicked (a series of a stacked bar), p the panel.
export async function openEvidence(title, row, valueCols, col, p) {
  const dlg = dialog();
  const body = $('.body', dlg);
  $('h2', dlg).textContent = title;
  body.replaceChildren(h('p', { class: 'muted' }, '正在查找出处…'));
  if (!dlg.open) dlg.showModal();
  try {
    const isAggregate = !row.unit || !row.fiscal_year;
    const nodes = !row.evidence_text && !row.evaluation_id && isAggregate && !row.message
      ? await aggregateNodes(row, col, p) : null;
    body.replaceChildren(...(nodes || await evidenceNodes(row, valueCols)));
  } catch (e) {
    showError(body, e);
  }
}

// Series columns of findings counts by severity (数据质量 · 问题最多的单位).
const severityCols = { errors: 'error', warnings: 'warning', infos: 'info' };

// evidenceLink opens a report's sources with the sentence highlighted.
const evidenceLink = (id, text, block, msg) => {
  const q = new URLSearchParams();
  if (text) q.set('hl', text);
  if (block != null) q.set('blk', String(block));
  if (msg) q.set('msg', msg);
  return `/e/${id}${q.size ? `?${q}` : ''}`;
};

// aggregateNodes lists what an aggregate mark sums — the findings behind a
// count of findings, the reports behind a yearly total or a grade count —
// each item opening its report's sources at the highlighted sentence. The
// dashboard's own filters (in the page URL) apply; null when the row is no
// aggregate the page can trace.
async function aggregateNodes(row, col, p) {
  const page = new URLSearchParams(location.search);
  const q = new URLSearchParams({ per_page: '100' });
  for (const k of ['unit', 'region', 'year']) if (page.get(k)) q.set(k, page.get(k));
  if (row.unit) q.set('unit', row.unit);
  if (row.fiscal_year) q.set('year', String(row.fiscal_year));
  const from = num(page.get('from')), to = num(page.get('to'));
  const inRange = (it) => (from == null || it.fiscal_year >= from) && (to == null || it.fiscal_year <= to);
  // by_rule carries any_value(severity): the rule alone picks its findings.
  const severity = severityCols[col] || (!row.rule ? row.severity : null);
  if (row.rule || severity) {
    if (row.rule) q.set('rule', row.rule);
    if (severity) q.set('severity', severity);
    const list = await getJSON(`/api/v1/findings?${q}`);
    const items = (list.items || []).filter(inRange);
    const more = (list.total ?? items.length) > (list.items || []).length;
    return [h('h3', {}, `这一项汇总了 ${more ? `${list.total} 条问题中的前 ${items.length} 条` : `${items.length} 条问题`}，点击查看原文出处`),
      h('ul', { class: 'evlist findings-list' }, ...items.map((f) => h('li', {},
        h('a', { href: evidenceLink(f.evaluation_id, f.evidence_text, f.evidence_block, f.message) }, `${f.unit || '（未识别单位）'} · ${f.fiscal_year ?? '—'} 年度`),
        h('span', { class: 'msg' }, f.message),
        f.evidence_text ? h('q', { class: 'evidence-snippet' }, f.evidence_text.length > 90 ? `${f.evidence_text.slice(0, 89)}…` : f.evidence_text) : null)))];
  }
  if (!row.fiscal_year && !row.unit) return null;
  const grade = col && /^grade_/.test(col) ? p?.labels?.[col] : null;
  if (grade) q.set('grade', grade);
  const list = await getJSON(`/api/v1/evaluations?${q}`);
  const items = (list.items || []).filter(inRange);
  const what = [row.unit, row.fiscal_year ? `${row.fiscal_year} 年度` : '', grade ? `等次为“${grade}”的` : ''].filter(Boolean).join(' ');
  return [h('h3', {}, `该数字汇总自 ${what} ${items.length} 份自评报告`),
    h('ul', { class: 'evlist' }, ...items.map((it) => h('li', {},
      h('a', { href: `/e/${it.evaluation_id}` }, `${it.unit}${row.fiscal_year ? '' : ` · ${it.fiscal_year} 年度`}`), ` · ${it.file_name || ''}`)))];
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
    out.push(h('p', { class: 'file' }, file ? `报告文件：${file}` : '', originalButton(evalID, file),
      h('a', { class: 'button', href: `/e/${evalID}${q.size ? `?${q}` : ''}` }, '查看该报告的全部出处 →')));
  }
  if (!row.evidence_text && !evalID) out.push(h('p', { class: 'muted' }, '这一项没有可追溯的原文出处。'));
  return out;
}

export function initEvidenceDialog() {
  const dlg = dialog();
  if (!dlg) return;
  $('.close', dlg).addEventListener('click', () => dlg.close());
  dlg.addEventListener('click', (e) => { if (e.target === dlg) dlg.close(); });
}
