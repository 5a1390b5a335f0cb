// /e/{id}: every source of one self-evaluation report — each extracted figure
// with the sentence or table cell it came from, in the document's order, the
// one the user clicked (?hl=) highlighted and scrolled into view.
import { boot, fmt, getJSON, h, severityLabel } from './common.js';
import { figureNeedles, marked, originalButton } from './drill.js';

const sections = {
  unit: '单位', staffing: '人员编制', income: '收入', expenditure: '支出', three_public: '三公经费',
  fixed_assets: '固定资产', budget: '预算执行', expenditure_detail: '基本支出明细', indicators: '绩效指标',
  score: '自评得分', targets: '年度目标', metrics: '叙述中的数字', events: '招商活动', findings: '发现的问题',
  goals: '绩效目标', evaluators: '评价人员',
};

// collect walks the report contract and returns every object that carries
// evidence, with a Chinese label for it.
function collect(node, path, out) {
  if (Array.isArray(node)) { node.forEach((x, i) => collect(x, [...path, i], out)); return out; }
  if (!node || typeof node !== 'object') return out;
  if (node.evidence && typeof node.evidence === 'object' && node.evidence.text) {
    const sec = sections[path.find((x) => typeof x === 'string')] || String(path[0]);
    const name = node.message || node.name || node.text || node.org || node.code || '';
    const vals = ['declared_value', 'declared_score', 'value', 'total', 'target_value', 'found', 'authorized', 'actual', 'amount_signed']
      .filter((k) => node[k] != null).map((k) => node[k]);
    out.push({ sec, name: String(name).slice(0, 60), node, ev: node.evidence, vals });
  }
  for (const [k, v] of Object.entries(node)) if (k !== 'evidence' && v && typeof v === 'object') collect(v, [...path, k], out);
  return out;
}

async function main(root) {
  const id = location.pathname.split('/').filter(Boolean)[1];
  const qs = new URLSearchParams(location.search);
  const hl = qs.get('hl') || '';
  const blk = qs.get('blk');
  const msg = qs.get('msg') || '';
  const r = await getJSON(`/api/v1/evaluations/${encodeURIComponent(id)}`);
  document.title = `${r.unit?.canonical_name || r.unit?.name || ''} ${r.fiscal_year || ''} 年度 · 出处 · 绩效仓`;
  const items = collect(r, [], []).sort((a, b) => (a.ev.block ?? 0) - (b.ev.block ?? 0));
  // One quoted passage per distinct source text, with every figure taken from it.
  const byText = new Map();
  for (const it of items) {
    const k = `${it.ev.block}|${it.ev.text}`;
    if (!byText.has(k)) byText.set(k, { ev: it.ev, uses: [] });
    byText.get(k).uses.push(it);
  }
  // The passage clicked: the finding's own (same message), else the same
  // block and text, else the first with that text.
  const groups = [...byText.values()];
  const textHit = (ev) => hl && (ev.text === hl || ev.text.includes(hl) || hl.includes(ev.text));
  const chosen = (msg && groups.find((g) => g.uses.some((u) => u.node.message === msg)))
    || groups.find((g) => textHit(g.ev) && blk != null && String(g.ev.block) === blk)
    || groups.find((g) => textHit(g.ev));
  let target = null;
  const passages = groups.map((g) => {
    const { ev, uses } = g;
    const hit = g === chosen;
    const needles = figureNeedles(uses.flatMap((u) => u.vals));
    const el = h('article', { class: `passage ${hit ? 'hit' : ''}`, id: `b${ev.block}` },
      h('div', { class: 'where' }, `第 ${(ev.block ?? 0) + 1} 段${ev.row != null ? ` · 表格第 ${ev.row} 行` : ''}${ev.cell != null ? ` 第 ${ev.cell} 格` : ''}`),
      h('blockquote', {}, ...marked(ev.text, needles)),
      h('ul', { class: 'uses' }, ...uses.map((u) => h('li', {}, h('span', { class: 'tag' }, u.sec), ' ', u.name,
        u.node.severity ? h('span', { class: `sev sev-${u.node.severity}` }, severityLabel[u.node.severity]) : null))));
    if (hit && !target) target = el;
    return el;
  });
  const src = r.source || {};
  const findings = (r.findings || []);
  root.replaceChildren(
    h('div', { class: 'page-head' },
      h('h1', {}, `${r.unit?.canonical_name || r.unit?.name || '（未识别单位）'} · ${r.fiscal_year || '—'} 年度自评报告出处`),
      h('dl', { class: 'facts' },
        h('dt', {}, '报告文件'), h('dd', { class: 'file-name' }, src.file || '—', ' ', originalButton(id, src.file)),
        h('dt', {}, '文件格式'), h('dd', {}, src.format || '—'),
        h('dt', {}, '自评得分'), h('dd', {}, r.score?.total != null ? `${fmt(r.score.total, '分')}（${r.score.grade || '—'}）` : '未填写'),
        h('dt', {}, '发现的问题'), h('dd', {}, `${findings.length} 条`),
        h('dt', {}, 'SHA-256'), h('dd', { class: 'mono' }, (src.sha256 || '').slice(0, 16)))),
    h('p', { class: 'muted' }, `以下是报告中被提取为数据的 ${byText.size} 处原文（按原文顺序），每处下方列出由它得到的数据项；黄色标出的是数字。`),
    h('div', { class: 'passages' }, ...passages));
  if (target) {
    target.scrollIntoView({ block: 'center' });
    target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
  }
}

boot(main);
