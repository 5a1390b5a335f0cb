// /compare: 年度对比导出 — pick units or a region and the years, preview the
// comparison table (GET /api/v1/compare?format=json) and download it as
// XLSX, CSV or Parquet. The URL keeps the choice, so a link reproduces it.
import { boot, emptyState, getJSON, h, num, plain, request, saveAnswer, showError } from './common.js';

function tableOf(j) {
  if (Array.isArray(j.columns) && Array.isArray(j.rows)) {
    const cols = j.columns.map((c) => (typeof c === 'string' ? c : c.title || c.name));
    const keys = j.columns.map((c) => (typeof c === 'string' ? c : c.name));
    return { cols, rows: j.rows.map((r) => (Array.isArray(r) ? r : keys.map((k) => r[k]))) };
  }
  const items = Array.isArray(j) ? j : j.items || j.rows || [];
  const keys = items.length ? Object.keys(items[0]) : [];
  return { cols: keys, rows: items.map((r) => keys.map((k) => r[k])) };
}

function preview({ cols, rows }) {
  if (!rows.length) return emptyState('所选范围内没有可对比的数据', '换一个单位、地区或年度；至少选择两个有报告的年度。');
  const shown = rows.slice(0, 300);
  const delta = cols.map((c) => /Δ|增减|同比/.test(String(c)));
  return h('div', {}, h('div', { class: 'table-wrap' }, h('table', { class: 'grid', id: 'compare-table' },
    h('thead', {}, h('tr', {}, ...cols.map((c) => h('th', {}, c)))),
    h('tbody', {}, ...shown.map((r) => h('tr', {}, ...r.map((v, i) => {
      const n = num(v);
      const cls = n == null ? null : delta[i] ? `num ${n > 0 ? 'up' : n < 0 ? 'down' : ''}` : 'num';
      return h('td', { class: cls }, n == null ? (v ?? '—') : `${delta[i] && n > 0 ? '▲ ' : delta[i] && n < 0 ? '▼ ' : ''}${plain(delta[i] ? Math.abs(n) : n)}`);
    })))))),
  rows.length > shown.length ? h('p', { class: 'muted' }, `共 ${rows.length} 行，预览前 ${shown.length} 行；下载文件包含全部行。`) : null);
}

async function main(root) {
  const params = new URLSearchParams(location.search);
  const [units, years] = await Promise.all([getJSON('/api/v1/units?per_page=500'), getJSON('/api/v1/years')]);
  const unitNames = [...new Set((units.items || []).map((u) => u.unit))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const regions = [...new Set((units.items || []).map((u) => u.region).filter(Boolean))];
  const yearList = [...new Set((years.items || years.years || []).map((y) => (typeof y === 'object' ? y.fiscal_year ?? y.year : y)))].sort();
  const chosenYears = (params.get('years') || yearList.slice(-3).join(',')).split(',').filter(Boolean);
  const form = h('form', { class: 'compare-form' },
    h('fieldset', {}, h('legend', {}, '范围'),
      h('label', {}, h('span', {}, '单位'), h('select', { name: 'unit' }, h('option', { value: '' }, '全部单位'),
        ...unitNames.map((u) => h('option', { value: u, selected: params.get('unit') === u }, u)))),
      h('label', {}, h('span', {}, '或地区'), h('select', { name: 'region' }, h('option', { value: '' }, '不限'),
        ...regions.map((r) => h('option', { value: r, selected: params.get('region') === r }, r))))),
    h('fieldset', { class: 'years' }, h('legend', {}, '年度（至少两个）'),
      ...yearList.map((y) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'years', value: String(y), checked: chosenYears.includes(String(y)) }), `${y} 年`))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, '预览对比表'),
      ...[['xlsx', 'Excel（XLSX）'], ['csv', 'CSV'], ['parquet', 'Parquet']].map(([f, name]) =>
        h('button', { type: 'button', 'data-format': f, onclick: () => save(f) }, `下载 ${name}`))));
  const out = h('div', { class: 'compare-out' });
  const status = h('p', { class: 'sql-status', role: 'status' });
  const query = () => {
    const fd = new FormData(form);
    const q = new URLSearchParams();
    if (fd.get('unit')) q.set('unit', fd.get('unit'));
    if (fd.get('region')) q.set('region', fd.get('region'));
    q.set('years', fd.getAll('years').join(','));
    return q;
  };
  const save = async (format) => {
    const q = query();
    q.set('format', format);
    status.textContent = '正在生成文件…';
    try {
      const res = await request(`/api/v1/compare?${q}`);
      const name = await saveAnswer(res, `年度对比表_${q.get('years').replaceAll(',', '-')}.${format}`);
      status.textContent = `已下载 ${name}`;
    } catch (e) { showError(status, e); }
  };
  const show = async () => {
    const q = query();
    history.replaceState(null, '', `?${q}`);
    if (q.get('years').split(',').filter(Boolean).length < 2) { out.replaceChildren(emptyState('请至少选择两个年度', '')); return; }
    out.replaceChildren(h('p', { class: 'muted' }, '正在生成对比表…'));
    q.set('format', 'json');
    try { out.replaceChildren(preview(tableOf(await getJSON(`/api/v1/compare?${q}`)))); } catch (e) { showError(out, e); }
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); show(); });
  root.replaceChildren(h('div', { class: 'page-head' }, h('h1', {}, '年度对比导出'),
    h('p', { class: 'desc' }, '每个单位的各项指标得分与数据逐年一列，并列出与上年相比的增减额和增减率（▲ 增加，▼ 减少）。')),
  form, status, out);
  if (!yearList.length) { out.replaceChildren(emptyState('仓库中还没有自评报告', '装入报告后即可导出对比表。')); return; }
  await show();
}

boot(main);
