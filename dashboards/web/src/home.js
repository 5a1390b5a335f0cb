// /: the dashboards with their descriptions and the latest year's key
// figures (the first key-figure panel of the first dashboard that has one).
import { boot, dashboards, emptyState, fmt, getJSON, h, yoy } from './common.js';

const icons = { overview: '总', unit: '单', investment: '招', quality: '质' };

async function keyFigures(list) {
  for (const d of list) {
    if (!(d.panels || []).some((p) => p.chart === 'kpi')) continue;
    const body = await getJSON(`/api/v1/dashboards/${encodeURIComponent(d.id)}`);
    const p = (body.panels || []).find((x) => x.chart === 'kpi');
    if (!p) continue;
    const rows = (p.rows || []).map((r) => Object.fromEntries((p.columns || []).map((c, i) => [c, r[i]])));
    if (!rows.length) return emptyState('仓库中还没有自评报告', '把报告文件放进收件箱目录，或在“上传报告”页面上传，入库后这里显示关键数字。');
    const [cur, prev] = rows;
    return h('section', { class: 'home-kpis' },
      h('h2', {}, cur.fiscal_year ? `${cur.fiscal_year} 年度${p.title.replace(/^最新年度/, '')}` : p.title),
      h('div', { class: 'kpis' }, ...(p.fields || []).map((f) => h('a', { class: 'kpi', href: `/d/${d.id}` },
        h('span', { class: 'kpi-label' }, p.labels?.[f] || f), h('span', { class: 'kpi-value' }, fmt(cur[f], p.units?.[f])),
        prev ? yoy(cur[f], prev[f]) : null))));
  }
  return null;
}

async function main(root) {
  const list = await dashboards();
  const cards = h('div', { class: 'cards' }, ...list.map((d) => h('a', { class: 'card', href: `/d/${d.id}` },
    h('span', { class: 'card-icon', 'aria-hidden': 'true' }, icons[d.id] || d.title.slice(0, 1)),
    h('span', { class: 'card-text' }, h('strong', {}, d.title), h('span', {}, d.description || '')))),
  h('a', { class: 'card', href: '/sql' }, h('span', { class: 'card-icon' }, '查'),
    h('span', { class: 'card-text' }, h('strong', {}, 'SQL 控制台'), h('span', {}, '分析员在只读沙箱中查询视图，结果可下载 CSV、XLSX、Parquet'))),
  h('a', { class: 'card', href: '/compare' }, h('span', { class: 'card-icon' }, '比'),
    h('span', { class: 'card-text' }, h('strong', {}, '年度对比导出'), h('span', {}, '选择单位或地区与年度，预览对比表并下载'))),
  h('a', { class: 'card', href: '/upload' }, h('span', { class: 'card-icon' }, '传'),
    h('span', { class: 'card-text' }, h('strong', {}, '上传报告'), h('span', {}, '报告单位上传自评报告，几秒内看到解析结果与发现的问题'))));
  root.replaceChildren(h('div', { class: 'page-head' }, h('h1', {}, '部门整体支出绩效自评 · 数据看板'),
    h('p', { class: 'desc' }, '点击任意数字、柱形或问题，可查看它在报告原文中的出处。')), cards);
  const k = await keyFigures(list);
  if (k) root.insertBefore(k, cards);
}

boot(main);
