// Draws one dashboard panel with ECharts. Only the charts and components
// used here are imported through echarts/core, which keeps the dashboard
// page's script small (see build output and the bundle-size test).
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer } from 'echarts/renderers';
import { fmt, gradeColor, num } from './common.js';
import { valueLabel } from './labels.js';

echarts.use([BarChart, HeatmapChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent,
  VisualMapComponent, LabelLayout, CanvasRenderer]);

export const palette = ['#1f6fb2', '#d9822b', '#2f7d32', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d', '#b58900',
  '#34495e', '#e67e22', '#2980b9', '#27ae60'];

const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

// label is a column's Chinese name from the panel definition.
export const label = (p, col) => (p.labels && p.labels[col]) || col;
const unitOf = (p, col) => (p.units && p.units[col]) || '';

// rowsAsObjects turns the panel's columns/rows into objects.
export function rowsAsObjects(p) {
  const cols = p.columns || [];
  return (p.rows || []).map((r) => (Array.isArray(r) ? Object.fromEntries(cols.map((c, i) => [c, r[i]])) : r));
}

// shortAxis cuts a category label to max characters (the tooltip and the
// data table keep it whole): 12 on a half-width chart, more on a wide one.
const shortAxis = (max) => (v) => {
  const s = String(v ?? '');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

// sameData says two series draw the same points (a declared total equal to
// its recomputation): the later one is dashed so that both stay visible.
const sameData = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

// build returns {option, points, height}: points[seriesIndex][dataIndex] is
// the row behind each mark, for the click-through to evidence. width is the
// chart's width in CSS px (0: unknown).
export function build(p, width = 0) {
  const labelMax = width >= 1000 ? 20 : width >= 800 ? 16 : 12;
  const rows = rowsAsObjects(p);
  const ys = p.y || [];
  const tooltipValue = (col) => (v) => fmt(v, unitOf(p, col));
  const base = {
    textStyle: { fontFamily: FONT },
    color: palette,
    animation: false,
    tooltip: { trigger: 'item', confine: true },
    legend: { type: 'scroll', top: 0, textStyle: { fontSize: 12 } },
  };
  if (p.chart === 'pie') {
    const col = ys[0];
    return {
      option: { ...base, series: [{ type: 'pie', radius: ['35%', '65%'], top: 24,
        label: { formatter: '{b}\n{d}%' }, labelLayout: { hideOverlap: true },
        tooltip: { valueFormatter: tooltipValue(col) },
        data: rows.map((r) => ({ name: valueLabel(p, r[p.x]), value: num(r[col]) })) }] },
      points: [rows],
      height: 320,
    };
  }
  if (p.chart === 'heatmap') {
    const xs = [...new Set(rows.map((r) => r[p.x]))];
    const ss = [...new Set(rows.map((r) => r[p.series]))];
    const col = ys[0];
    const numeric = rows.every((r) => r[col] == null || num(r[col]) != null);
    // A state column (已报/缺报) is drawn as coloured categories.
    const cats = numeric ? [] : [...new Set(rows.map((r) => r[col]).filter((v) => v != null))].sort();
    // 已报 is the normal state and light; 缺报 is what the matrix is for.
    const catColor = (c) => ({ present: '#b9d5ee', missing: '#e57373' }[c] || palette[cats.indexOf(c) % palette.length]);
    const value = (r) => (numeric ? num(r[col]) : cats.indexOf(r[col]));
    const vals = rows.map(value).filter((v) => v != null);
    const visualMap = numeric
      ? { min: Math.min(0, ...vals), max: Math.max(1, ...vals), calculable: false, orient: 'horizontal',
        left: 'center', bottom: 0, inRange: { color: ['#f3f6fa', '#1f6fb2'] } }
      : { type: 'piecewise', orient: 'horizontal', left: 'center', bottom: 0,
        pieces: cats.map((c, i) => ({ value: i, label: valueLabel(p, c), color: catColor(c) })) };
    return {
      option: { ...base, legend: undefined,
        grid: { left: 8, right: 16, top: 8, bottom: 48, containLabel: true },
        xAxis: { type: 'category', data: xs.map(String), splitArea: { show: true } },
        yAxis: { type: 'category', data: ss.map(String), axisLabel: { formatter: shortAxis(labelMax) } },
        visualMap,
        tooltip: { confine: true, formatter: (e) => `${ss[e.value[1]]} ${xs[e.value[0]]} 年：${numeric ? fmt(e.value[2], unitOf(p, col)) : valueLabel(p, cats[e.value[2]])}` },
        series: [{ type: 'heatmap', itemStyle: { borderColor: '#fff', borderWidth: 2 },
          label: { show: true, formatter: (e) => (numeric ? fmt(e.value[2], unitOf(p, col)) : valueLabel(p, cats[e.value[2]])) },
          data: rows.map((r) => [xs.indexOf(r[p.x]), ss.indexOf(r[p.series]), value(r)]) }] },
      points: [rows.map((r) => r)],
      height: Math.max(240, ss.length * 32 + 90),
    };
  }
  // Category charts: line, bar, stacked_bar, bar_line.
  const cats = [...new Set(rows.map((r) => r[p.x]))];
  let series = [];
  const points = [];
  const kind = (i) => (p.chart === 'line' ? 'line' : p.chart === 'bar_line' && i > 0 ? 'line' : 'bar');
  if (p.series) {
    // One series per value of the series column and y column (target and
    // actual bars side by side); bar_line draws a line per value over its
    // second column, and a stacked bar stacks the first column only.
    const cols = p.chart === 'bar_line' ? ys.slice(0, 2) : p.chart === 'stacked_bar' ? ys.slice(0, 1) : ys;
    const names = [...new Set(rows.map((r) => r[p.series]))];
    cols.forEach((col, ci) => names.forEach((name) => {
      const byCat = new Map(rows.filter((r) => r[p.series] === name).map((r) => [r[p.x], r]));
      points.push(cats.map((c) => byCat.get(c) || null));
      const base = valueLabel(p, name);
      series.push({ name: cols.length > 1 ? `${base} · ${label(p, col)}` : base, type: kind(ci), col, axis: ci,
        data: cats.map((c) => (byCat.has(c) ? num(byCat.get(c)[col]) : null)) });
    }));
  } else {
    ys.forEach((col, i) => {
      const byCat = new Map(rows.map((r) => [r[p.x], r]));
      points.push(cats.map((c) => byCat.get(c)));
      series.push({ name: label(p, col), type: kind(i), col, axis: i, data: cats.map((c) => num(byCat.get(c)[col])) });
    });
  }
  const longCats = cats.some((c) => valueLabel(p, c).length > 5);
  const horizontal = longCats && p.chart !== 'line';
  const twoAxes = p.chart === 'bar_line' && ys.length > 1 && unitOf(p, ys[0]) !== unitOf(p, ys[1]);
  const axisSeries = (k) => series.filter((s) => (s.yAxisIndex ?? 0) === k);
  const cols = series.map((s) => s.col);
  series = series.map((s, i) => ({
    name: s.name,
    type: s.type,
    data: s.data,
    // Grades keep the colours of the grade badges (优 green … 差 red).
    itemStyle: gradeColor[s.name] ? { color: gradeColor[s.name] } : undefined,
    stack: p.chart === 'stacked_bar' ? 'total' : undefined,
    yAxisIndex: !horizontal && twoAxes && s.axis > 0 ? 1 : undefined,
    connectNulls: true,
    symbolSize: 7,
    barMaxWidth: 28,
    emphasis: { focus: 'series' },
    tooltip: { valueFormatter: tooltipValue(s.col) },
    label: p.chart === 'stacked_bar' ? { show: true, formatter: (x) => (num(x.value) ? x.value : '') }
      : horizontal && ys.length === 1 && !p.series ? { show: true, position: 'right', formatter: (x) => fmt(x.value, unitOf(p, s.col)) }
        : undefined,
    ...(s.type === 'line' && series.slice(0, i).some((o) => o.type === 'line' && sameData(o.data, s.data))
      ? { lineStyle: { type: 'dashed', width: 2 }, symbol: 'emptyDiamond', symbolSize: 10, z: 3 } : {}),
  }));
  // Money axes read 亿元 when the largest value reaches 1 亿元, else 万元.
  const valueAxis = (col, k = 0) => {
    const u = unitOf(p, col);
    const maxAbs = Math.max(0, ...axisSeries(k).flatMap((s) => s.data.map((v) => Math.abs(v ?? 0))));
    const yi = u === '万元' && maxAbs >= 10000;
    return {
      type: 'value',
      name: yi ? '亿元' : u,
      nameTextStyle: { align: horizontal ? 'left' : 'center' },
      axisLabel: { formatter: (v) => (yi ? (v / 10000).toLocaleString('zh-CN', { maximumFractionDigits: 2 }) : v.toLocaleString('zh-CN')) },
      scale: p.chart === 'line' && u === '分',
      // A score line starts near its lowest score (a multiple of 5) and ends
      // at the scheme's maximum, 100, not at a rounded 102.
      ...(p.chart === 'line' && u === '分' ? {
        min: (e) => Math.max(0, Math.floor(e.min / 5) * 5 - 5),
        max: (e) => (e.max <= 100 ? Math.min(100, Math.ceil(e.max / 5) * 5) : Math.ceil(e.max / 5) * 5),
      } : {}),
      minInterval: ['个', '条', '家', '份', '人'].includes(u) ? 1 : undefined,
    };
  };
  const catAxis = {
    type: 'category', data: cats.map((c) => valueLabel(p, c)),
    axisLabel: { formatter: shortAxis(labelMax), interval: 0, hideOverlap: true },
    inverse: horizontal,
  };
  const legendRows = Math.ceil(series.length / 6);
  const option = {
    ...base,
    tooltip: { trigger: 'axis', confine: true, axisPointer: { type: p.chart === 'line' ? 'line' : 'shadow' } },
    legend: series.length > 1 ? base.legend : { show: false },
    grid: { left: 8, right: horizontal && ys.length === 1 && !p.series ? 64 : 24, top: series.length > 1 ? 36 + (legendRows > 1 ? 8 : 0) : 24, bottom: 8, containLabel: true },
    xAxis: horizontal ? valueAxis(ys[0]) : catAxis,
    yAxis: horizontal ? catAxis : twoAxes ? [valueAxis(ys[0], 0), { ...valueAxis(ys[1], 1), splitLine: { show: false } }] : valueAxis(ys[0]),
    series,
  };
  const height = horizontal ? Math.max(280, cats.length * (p.chart === 'stacked_bar' ? 26 : 14 + 12 * series.length) + 80) : 320;
  return { option, points, cols, height: Math.min(height, 1400) };
}

// drawAll renders every chart ({el, p, onPick}) of a page; onPick(row, col)
// is called when a mark is clicked (col: the value column of the series
// clicked). The boxes get their heights first and their widths are read in
// one pass, then each chart is drawn at that size: an ECharts init measures
// its box, and measuring after each chart's height was set forced one layout
// of the whole page per chart (a third of the draw time of 数据质量).
export function drawAll(items) {
  // The box's width does not depend on its height: read once, before any
  // height is set (one layout), then build each chart for its width.
  const widths = items.map(({ el }) => el.clientWidth);
  const built = items.map(({ el, p }, i) => {
    const b = build(p, widths[i]);
    el.style.height = `${b.height}px`;
    return b;
  });
  return items.map(({ el, p, onPick }, i) => {
    const { option, points, cols, height } = built[i];
    const t0 = performance.now();
    const chart = echarts.init(el, null, { renderer: 'canvas', width: widths[i] || undefined, height });
    chart.setOption(option);
    performance.measure(`chart ${p.id}`, { start: t0 });
    chart.on('click', (e) => {
      const row = points[e.seriesIndex]?.[e.dataIndex] ?? points[0]?.[e.dataIndex];
      if (row) onPick(row, cols?.[e.seriesIndex] ?? (p.y || [])[0]);
    });
    return chart;
  });
}

// PRINT_WIDTH is a chart's width on A4: the text width (210 mm − 2 × 12 mm
// margins = 186 mm ≈ 703 CSS px) less the panel's padding and border.
const PRINT_WIDTH = 660;

// fitPrint redraws the charts at the A4 text width — at their screen height
// (320 px: two charts share a page), a long bar list at most 760 px (it fits
// on the first page under the dashboard's heading) — and back at screen size after printing: the labels keep their size
// instead of a screen canvas being scaled, and the chart's box is exactly the
// drawing (no blank band under it).
export function fitPrint(on) {
  document.querySelectorAll('.chart').forEach((el) => {
    const c = echarts.getInstanceByDom(el);
    if (!c || el.hidden) return;
    if (on) {
      el.dataset.screenHeight ||= el.style.height;
      const hgt = Math.min(parseInt(el.dataset.screenHeight, 10) || el.clientHeight, 760);
      el.style.width = `${PRINT_WIDTH}px`;
      el.style.height = `${hgt}px`;
      c.resize({ width: PRINT_WIDTH, height: hgt });
    } else if (el.dataset.screenHeight) {
      el.style.width = '';
      el.style.height = el.dataset.screenHeight;
      delete el.dataset.screenHeight;
      c.resize();
    }
  });
}

export function resizeAll() {
  document.querySelectorAll('.chart').forEach((el) => echarts.getInstanceByDom(el)?.resize());
}
