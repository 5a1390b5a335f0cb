// /sql: the analysts' SQL console over POST /api/v1/sql (the read-only
// sandbox): a schema browser of the documented views with Chinese column
// descriptions, an editor with SQL highlighting, run and cancel (each query is
// named by X-Query-Id and 取消 sends DELETE /api/v1/sql/{id}, which interrupts
// it on the server — aborting the fetch alone would not), a result grid that
// draws only the rows in view so the row cap stays responsive, the truncated
// flag, and the result as CSV, XLSX or Parquet.
import { boot, emptyState, getJSON, h, plain, request, saveAnswer, showError } from './common.js';
import { editor } from './sqleditor.js';

const DEFAULT_SQL = `-- 最新年度各单位自评得分与等次
SELECT unit, fiscal_year, total_score, grade
FROM v_evaluations
ORDER BY fiscal_year DESC, total_score DESC
LIMIT 100`;

// DOWNLOAD_ROWS is the row cap of a download (the console's largest).
const DOWNLOAD_ROWS = 100000;

async function runSQL(sql, format, signal, limit, id) {
  const body = { sql, format };
  if (limit) body.limit = limit;
  const headers = { 'Content-Type': 'application/json' };
  if (id) headers['X-Query-Id'] = id;
  return request('/api/v1/sql', { method: 'POST', signal, body: JSON.stringify(body), headers });
}

// newQueryID names a query so that 取消 can stop it on the server.
const newQueryID = () => `q${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

// cancelOnServer interrupts the named query; the fetch is aborted as well so
// the page is free at once even when the cancel request is slow.
async function cancelOnServer(id) {
  try {
    await request(`/api/v1/sql/${encodeURIComponent(id)}`, { method: 'DELETE' });
  } catch { /* 404: it had ended already */ }
}

// normalise reads the console's JSON answer into {cols, rows, truncated}.
function normalise(j) {
  const cols = (j.columns || []).map((c) => (typeof c === 'string' ? c : c.name));
  const rows = (j.rows || []).map((r) => (Array.isArray(r) ? r : cols.map((c) => r[c])));
  return { cols, rows, truncated: !!j.truncated, limit: j.limit ?? j.row_limit, ms: j.elapsed_ms ?? j.duration_ms };
}

// grid draws only the visible rows of a possibly large result.
function grid(cols, rows) {
  const ROW = 28;
  const numeric = cols.map((_, i) => rows.slice(0, 50).some((r) => typeof r[i] === 'number'));
  // Years and ids are numbers read without thousands separators (2023, not 2,023).
  const bare = cols.map((c) => /(year|_id|^id)$/i.test(c) || /年度|编号/.test(c));
  const show = (v, i) => (bare[i] ? String(v) : plain(v));
  const head = h('div', { class: 'vg-head', style: `grid-template-columns: 4em repeat(${cols.length}, minmax(8em, 1fr))` },
    h('div', {}, '#'), ...cols.map((c, i) => h('div', { class: numeric[i] ? 'num' : null, title: c }, c)));
  const spacer = h('div', { class: 'vg-spacer', style: `height:${rows.length * ROW}px` });
  const body = h('div', { class: 'vg-rows' });
  const scroller = h('div', { class: 'vg-scroll' }, spacer, body);
  const paint = () => {
    const first = Math.max(0, Math.floor(scroller.scrollTop / ROW) - 5);
    const last = Math.min(rows.length, first + Math.ceil(scroller.clientHeight / ROW) + 10);
    body.style.transform = `translateY(${first * ROW}px)`;
    body.replaceChildren(...rows.slice(first, last).map((r, k) => h('div', {
      class: 'vg-row', style: `grid-template-columns: 4em repeat(${cols.length}, minmax(8em, 1fr))`,
    }, h('div', { class: 'rn' }, String(first + k + 1)), ...r.map((v, i) => h('div', { class: numeric[i] ? 'num' : null, title: v == null ? '' : String(v) },
      v == null ? h('span', { class: 'null' }, 'NULL') : numeric[i] ? show(v, i) : String(v))))));
  };
  scroller.addEventListener('scroll', () => requestAnimationFrame(paint));
  const box = h('div', { class: 'vgrid' }, head, scroller);
  scroller.addEventListener('scroll', () => { head.scrollLeft = scroller.scrollLeft; });
  requestAnimationFrame(paint);
  return box;
}

async function schema(titles) {
  const q = `SELECT v.view_name, v.comment, c.column_name, c.data_type
FROM duckdb_views() v JOIN duckdb_columns() c ON c.table_name = v.view_name AND c.schema_name = v.schema_name
WHERE v.comment IS NOT NULL AND NOT v.internal ORDER BY v.view_name NOT LIKE 'v\\_%' ESCAPE '\\', v.view_name, c.column_index`;
  const res = await runSQL(q, 'json');
  const { rows } = normalise(await res.json());
  const views = new Map();
  for (const [view, comment, col, type] of rows) {
    if (!views.has(view)) views.set(view, { comment, cols: [] });
    views.get(view).cols.push({ col, type, title: titles.get(col) || '' });
  }
  return views;
}

// columnTitles are the Chinese column descriptions the API documents.
async function columnTitles() {
  const m = new Map();
  try {
    const doc = await getJSON('/api/v1/openapi.json');
    for (const s of Object.values(doc.components?.schemas || {})) {
      for (const [k, v] of Object.entries(s.properties || {})) {
        const t = v.description || v.title;
        if (t && !m.has(k)) m.set(k, t);
      }
      const items = s.properties?.items?.items?.properties || {};
      for (const [k, v] of Object.entries(items)) if ((v.description || v.title) && !m.has(k)) m.set(k, v.description || v.title);
    }
  } catch { /* descriptions are a help, not a requirement */ }
  return m;
}

// csvRecords counts the records of a CSV text (line breaks inside quoted
// fields do not end a record).
function csvRecords(t) {
  let n = 0, quoted = false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 10 && !quoted) n++;
  }
  if (t.length && t.charCodeAt(t.length - 1) !== 10) n++;
  return n;
}

async function main(root) {
  let ctrl = null;
  let running = '';
  const status = h('div', { class: 'sql-status', role: 'status', 'aria-live': 'polite' }, '按 Ctrl+Enter 或点击“运行”执行查询。');
  const result = h('div', { class: 'sql-result' }, emptyState('还没有结果', '在上方写一条 SELECT 查询并运行；只能查询，不能修改数据。'));
  const run = h('button', { type: 'button', class: 'primary', id: 'sql-run' }, '运行');
  const cancel = h('button', { type: 'button', id: 'sql-cancel', disabled: true }, '取消');
  const ed = editor(DEFAULT_SQL, () => run.click());
  const dl = (format, ext) => h('button', { type: 'button', 'data-format': format, onclick: async (e) => {
    const btn = e.currentTarget;
    btn.disabled = true;
    status.textContent = `正在生成 ${ext.toUpperCase()} 文件…`;
    try {
      const res = await runSQL(ed.value, format, undefined, DOWNLOAD_ROWS);
      // A streamed CSV states its cut in an HTTP trailer, which fetch cannot
      // read: a file that holds the cap's number of records is reported as cut.
      const copy = format === 'csv' ? res.clone() : null;
      const name = await saveAnswer(res, `查询结果.${ext}`);
      const cut = res.headers.get('X-Truncated') === 'true' ||
        (copy !== null && csvRecords(await copy.text()) - 1 >= DOWNLOAD_ROWS);
      status.replaceChildren(`已下载 ${name}`, cut ? h('span', { class: 'truncated', id: 'sql-download-truncated' },
        `文件已截断：只含前 ${DOWNLOAD_ROWS.toLocaleString('zh-CN')} 行，请加筛选条件`) : '');
    } catch (err) {
      showError(status, err);
    } finally { btn.disabled = false; }
  } }, `下载 ${ext.toUpperCase()}`);

  run.addEventListener('click', async () => {
    ctrl?.abort();
    ctrl = new AbortController();
    running = newQueryID();
    run.disabled = true;
    cancel.disabled = false;
    const t0 = performance.now();
    status.replaceChildren(h('span', { class: 'spinner' }), ' 正在查询…');
    try {
      const res = await runSQL(ed.value, 'json', ctrl.signal, undefined, running);
      const r = normalise(await res.json());
      r.truncated ||= res.headers.get('X-Truncated') === 'true';
      const secs = ((performance.now() - t0) / 1000).toFixed(2);
      status.replaceChildren(`共 ${r.rows.length.toLocaleString('zh-CN')} 行，用时 ${secs} 秒`,
        r.truncated ? h('span', { class: 'truncated', id: 'sql-truncated' }, `结果已截断：只显示前 ${r.rows.length.toLocaleString('zh-CN')} 行，完整结果请下载`) : '');
      result.replaceChildren(r.cols.length ? grid(r.cols, r.rows) : emptyState('查询没有返回列', ''));
      if (!r.rows.length) result.append(emptyState('查询没有返回任何行', '检查筛选条件或换一个年度。'));
    } catch (err) {
      if (err.name === 'AbortError' || err.code === 'timeout' && /取消/.test(err.message)) status.textContent = '已取消查询。';
      else { status.textContent = ''; showError(result, err); }
    } finally {
      run.disabled = false;
      cancel.disabled = true;
      ctrl = null;
      running = '';
    }
  });
  cancel.addEventListener('click', () => {
    if (running) cancelOnServer(running);
    ctrl?.abort();
  });

  const tree = h('div', { class: 'schema' }, h('p', { class: 'muted' }, '正在读取视图…'));
  root.replaceChildren(
    h('div', { class: 'page-head' }, h('h1', {}, 'SQL 控制台'),
      h('p', { class: 'desc' }, '在只读沙箱中查询文档化的视图（金额单位：万元，百分比为百分数）。点击左侧视图或字段可插入查询。')),
    h('div', { class: 'sql-layout' }, h('aside', {}, h('h2', {}, '视图与字段'), tree),
      h('div', { class: 'sql-main' }, ed.el,
        h('div', { class: 'sql-actions' }, run, cancel, h('span', { class: 'spacer' }), h('span', { class: 'hint' }, '下载完整结果：'),
          dl('csv', 'csv'), dl('xlsx', 'xlsx'), dl('parquet', 'parquet')),
        status, result)));
  try {
    const views = await schema(await columnTitles());
    if (!views.size) { tree.replaceChildren(emptyState('没有可查询的视图', '')); return; }
    tree.replaceChildren(...[...views].map(([name, v]) => h('details', { open: name === 'v_evaluations' },
      h('summary', { title: v.comment }, h('code', {}, name), h('span', { class: 'vdesc' }, v.comment)),
      h('ul', {}, ...v.cols.map((c) => h('li', { title: `${c.col} ${c.type}`, onclick: () => { ed.value = `${ed.value.trimEnd()} ${c.col}`; ed.focus(); } },
        h('code', {}, c.col), c.title ? h('span', {}, c.title) : h('span', { class: 'type' }, c.type)))),
      h('button', { type: 'button', class: 'link', onclick: () => { ed.value = `SELECT *\nFROM ${name}\nLIMIT 100`; ed.focus(); } }, `查询 ${name}`))));
  } catch (err) {
    showError(tree, err);
  }
}

boot(main);
