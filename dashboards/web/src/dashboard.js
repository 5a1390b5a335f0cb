// /d/{id}: one dashboard drawn from GET /api/v1/dashboards/{id}. Its filters
// live in the URL (shareable links); every chart has a 数据表 toggle, and a
// click on a figure, a bar or a table row opens its evidence.
import { boot, dashboards, emptyState, fmt, getJSON, h, num, plain, severityLabel, units, years, yoy } from './common.js';
import { drawAll, fitPrint, label, resizeAll, rowsAsObjects } from './charts.js';
import { timeText, valueLabel } from './labels.js';
import { initEvidenceDialog, openEvidence } from './drill.js';
import { similarity } from './similarity.js';

const filterNames = { unit: '单位', region: '地区', year: '年度', from: '起始年度', to: '截止年度' };

async function options(name) {
  if (name === 'unit' || name === 'region') {
    const items = await units();
    const vals = name === 'unit' ? items.map((u) => u.unit) : items.map((u) => u.region);
    return [...new Set(vals.filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  }
  return years();
}

// filterBar draws the filters at once, each showing its current choice; the
// full lists of units and years fill in when they arrive (filled resolves
// then), so the charts do not wait for them.
function filterBar(def, applied, onChange) {
  const form = h('form', { class: 'filters no-print', role: 'search' });
  const fills = [];
  for (const name of def.filters || []) {
    const cur = applied[name] != null ? String(applied[name]) : '';
    const required = (def.required || []).includes(name);
    const text = (o) => (name.length <= 4 && /^\d+$/.test(o) ? `${o} 年` : o);
    const blank = required ? null : h('option', { value: '' }, name === 'unit' || name === 'region' ? '全部' : '不限');
    const sel = h('select', { name, 'aria-label': filterNames[name] || name },
      blank, cur ? h('option', { value: cur, selected: true }, text(cur)) : null);
    fills.push(options(name).catch(() => []).then((opts) => {
      const list = opts.map(String);
      if (cur && !list.includes(cur)) list.unshift(cur);
      sel.replaceChildren(...[blank].filter(Boolean), ...list.map((o) => h('option', { value: o, selected: o === cur }, text(o))));
    }));
    sel.addEventListener('change', () => onChange(new FormData(form)));
    form.append(h('label', {}, h('span', {}, filterNames[name] || name), sel));
  }
  if (form.children.length) {
    form.append(h('a', { class: 'reset', href: location.pathname }, '清除筛选'));
  }
  return { form, filled: Promise.all(fills) };
}

function kpi(p) {
  const rows = rowsAsObjects(p);
  if (!rows.length) return emptyState('暂无数据', '装入该年度的自评报告后这里会显示关键数字。');
  const [cur, prev] = rows;
  const year = cur.fiscal_year ? h('div', { class: 'kpi-year' }, `${cur.fiscal_year} 年度`) : null;
  return h('div', { class: 'kpi-wrap' }, year, h('div', { class: 'kpis' }, ...(p.fields || []).map((f) => h('button', {
    class: 'kpi', type: 'button', 'data-field': f, title: '点击查看出处',
    onclick: () => openEvidence(`${p.title} · ${label(p, f)}`, cur, [f]),
  }, h('span', { class: 'kpi-label' }, label(p, f)), h('span', { class: 'kpi-value' }, fmt(cur[f], p.units?.[f])),
  prev ? yoy(cur[f], prev[f]) : null))));
}

function cell(p, col, v) {
  if (col === 'severity') return h('span', { class: `sev sev-${v}` }, severityLabel[v] || v);
  if (col === 'grade' && v) return h('span', { class: `grade grade-${v}` }, v);
  if (col === 'met') return v == null ? '—' : v ? h('span', { class: 'ok' }, '达标') : h('span', { class: 'bad' }, '未达标');
  if (col === 'fiscal_year') return v == null ? '—' : String(v);
  const u = p.units?.[col];
  if (u) return fmt(v, u);
  if (typeof v === 'string') return timeText(v) || valueLabel(p, v);
  return plain(v) || '—';
}

// dataTable shows the panel's numbers as a table; rows open their evidence.
export function dataTable(p, cols) {
  const rows = rowsAsObjects(p);
  if (!rows.length) return emptyState('暂无数据', '当前筛选条件下没有记录；可以清除筛选或装入更多年度的报告。');
  const numeric = cols.map((c) => rows.some((r) => num(r[c]) != null && c !== 'fiscal_year'));
  // Aggregates (a year's totals, counts by rule or severity) open the list
  // of reports or findings behind them.
  const traceable = rows.some((r) => r.evidence_text || r.evaluation_id || r.unit || r.fiscal_year || r.rule || r.severity);
  const shown = rows.slice(0, 500);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
    // Cells carry their own unit (万元 turns 亿元 from 1 亿 up), so a header
    // naming one unit would contradict half the column.
    h('thead', {}, h('tr', {}, ...cols.map((c, i) => h('th', { class: numeric[i] ? 'num' : null }, label(p, c))))),
    h('tbody', {}, ...shown.map((r) => h('tr', traceable ? { class: 'pick', tabindex: '0', title: '点击查看出处',
      onclick: () => openEvidence(p.title, r, cols), onkeydown: (e) => { if (e.key === 'Enter') openEvidence(p.title, r, cols); } } : {},
    ...cols.map((c, i) => h('td', { class: numeric[i] ? 'num' : null }, cell(p, c, r[c]))))))),
  rows.length > shown.length ? h('p', { class: 'muted' }, `共 ${rows.length} 行，表中显示前 ${shown.length} 行。`) : null);
}

function chartCols(p) {
  return [p.x, p.series, ...(p.y || [])].filter(Boolean);
}

// widenLonely stretches a half-width panel that would stand alone in its row.
function widenLonely(boxes) {
  let col = 0;
  boxes.forEach((b, i) => {
    if (b.classList.contains('wide')) { col = 0; return; }
    const next = boxes[i + 1];
    if (col === 0 && (!next || next.classList.contains('wide'))) { b.classList.add('wide'); return; }
    col = (col + 1) % 2;
  });
  return boxes;
}

function panel(p, charts) {
  const wide = p.chart === 'kpi' || p.chart === 'table' || p.chart === 'similarity' || (p.rows || []).length > 12;
  const box = h('section', { class: `panel ${wide ? 'wide' : ''}`, 'data-panel': p.id, 'data-chart': p.chart });
  const head = h('header', {}, h('h2', {}, p.title));
  const body = h('div', { class: 'panel-body' });
  box.append(head, body);
  if (p.chart === 'kpi') { body.append(kpi(p)); return box; }
  if (p.chart === 'table') { body.append(dataTable(p, p.fields || p.columns)); return box; }
  if (p.chart === 'similarity') { body.append(similarity(p)); return box; }
  if (!(p.rows || []).length) { body.append(emptyState('暂无数据', '当前筛选条件下没有记录；可以清除筛选或装入更多年度的报告。')); return box; }
  const el = h('div', { class: 'chart', role: 'img', 'aria-label': p.title });
  const table = h('div', { class: 'data-table', hidden: true });
  const toggle = h('button', { type: 'button', class: 'toggle no-print', 'aria-pressed': 'false' }, '数据表');
  toggle.addEventListener('click', () => {
    const on = table.hidden;
    if (on && !table.firstChild) table.append(dataTable(p, chartCols(p)));
    table.hidden = !on;
    el.hidden = on;
    toggle.setAttribute('aria-pressed', String(on));
    toggle.textContent = on ? '图表' : '数据表';
    if (!on) resizeAll();
  });
  head.append(toggle);
  body.append(el, table);
  charts.push({ el, p, onPick: (row, col) => openEvidence(p.title, row, p.y || [], col, p) });
  return box;
}

async function main(root) {
  performance.mark('jx-main');
  initEvidenceDialog();
  const id = location.pathname.split('/').filter(Boolean)[1];
  const params = new URLSearchParams(location.search);
  // The definition list, the panels' data and the filters' choices load at
  // once (the page frame started these requests before this script ran).
  const bodyP = getJSON(`/api/v1/dashboards/${encodeURIComponent(id)}?${params}`);
  units().catch(() => {});
  years().catch(() => {});
  const list = await dashboards();
  const def = list.find((d) => d.id === id);
  if (!def) {
    bodyP.catch(() => {});
    root.replaceChildren(emptyState(`没有编号为“${id}”的看板`, '请从上方导航选择一个看板。'));
    return;
  }
  const body = await bodyP;
  performance.mark('jx-data');
  document.title = `${body.title} · 绩效仓`;
  const charts = [];
  const bar = filterBar(def, body.filters || {}, (fd) => {
    const q = new URLSearchParams();
    for (const [k, v] of fd) if (v) q.set(k, v);
    location.search = q.toString();
  });
  const scope = Object.entries(body.filters || {}).map(([k, v]) => `${filterNames[k] || k}：${v}`).join('　');
  root.replaceChildren(
    h('div', { class: 'page-head' }, h('h1', {}, body.title), h('p', { class: 'desc' }, body.description || ''),
      scope ? h('p', { class: 'scope print-only' }, scope) : null),
    bar.form,
    h('div', { class: 'panels' }, ...widenLonely((body.panels || []).map((p) => panel(p, charts)))));
  drawAll(charts);
  performance.mark('jx-charts');
  addEventListener('resize', resizeAll);
  addEventListener('beforeprint', () => fitPrint(true));
  addEventListener('afterprint', () => fitPrint(false));
  requestAnimationFrame(() => {
    document.body.dataset.drawn = String(Math.round(performance.now()));
    performance.mark('dashboard-drawn');
  });
  await bar.filled;
}

boot(main);
