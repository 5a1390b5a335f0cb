// Shared by every page: the API client (Bearer token kept in sessionStorage
// for this browser session only), Chinese number formatting, the token
// prompt, the navigation's dashboard links and small DOM helpers.

const TOKEN_KEY = 'jixiao.token';

export const $ = (sel, el = document) => el.querySelector(sel);
export const $$ = (sel, el = document) => [...el.querySelectorAll(sel)];

// h builds an element: h('td', {class: 'num'}, '12.3').
export function h(tag, attrs = {}, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'html') el.innerHTML = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat()) {
    if (k == null || k === false) continue;
    el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return el;
}

export function token() {
  try { return sessionStorage.getItem(TOKEN_KEY) || ''; } catch { return ''; }
}

function setToken(t) {
  try {
    if (t) sessionStorage.setItem(TOKEN_KEY, t); else sessionStorage.removeItem(TOKEN_KEY);
  } catch { /* private mode: the token lives for this page only */ }
}

// ApiError carries the server's Chinese message and HTTP status.
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function authHeaders(extra = {}) {
  const t = token();
  return t ? { ...extra, Authorization: `Bearer ${t}` } : extra;
}

async function errorOf(res) {
  let msg = `请求失败（HTTP ${res.status}）`;
  let code = '';
  try {
    const j = await res.json();
    if (j && j.error) { msg = j.error.message || msg; code = j.error.code || ''; }
  } catch { /* not JSON */ }
  if (res.status === 404 && code === '') msg = '该数据接口尚未提供（HTTP 404）';
  return new ApiError(res.status, code, msg);
}

// prefetched takes the answer the page frame already requested for path
// (pages/page.html), once; a later request of the same path fetches anew.
function prefetched(path, opts) {
  const pre = window.jixiaoPrefetch;
  if (!pre || !pre[path] || (opts.method && opts.method !== 'GET') || opts.signal) return null;
  const p = pre[path];
  delete pre[path];
  return p;
}

// request fetches an API path; on 401 it asks for a token once and retries.
export async function request(path, opts = {}) {
  for (let attempt = 0; ; attempt++) {
    let res;
    const sent = token();
    try {
      const pre = attempt === 0 ? prefetched(path, opts) : null;
      res = pre ? await pre.catch(() => fetch(path, { ...opts, headers: authHeaders(opts.headers) }))
        : await fetch(path, { ...opts, headers: authHeaders(opts.headers) });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError(0, 'network', '无法连接服务器，请检查网络或服务是否在运行');
    }
    if (res.status === 401 && attempt < 2) {
      const err = await errorOf(res);
      if (sent !== token() && token()) continue; // another request's prompt already got a new token
      if (await askToken(sent ? '令牌无效或已失效，请重新输入。' : err.message)) continue;
      throw err;
    }
    if (!res.ok) throw await errorOf(res);
    return res;
  }
}

// saveAnswer saves a download answer under the name its Content-Disposition
// gives (filename*, RFC 5987: Chinese names survive), else under fallback.
// The token travels in a header, so a plain link cannot download: the answer
// is fetched, then handed to the browser as a blob.
export async function saveAnswer(res, fallback) {
  const cd = res.headers.get('Content-Disposition') || '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  let name = fallback;
  if (star) { try { name = decodeURIComponent(star[1]); } catch { /* keep the fallback */ } }
  const a = h('a', { href: URL.createObjectURL(await res.blob()), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  return name;
}

export async function getJSON(path, opts) {
  const res = await request(path, opts);
  return res.json();
}

// askToken shows the token dialog; resolves true when a token was entered.
// Requests that meet 401 at the same time share one prompt.
let asking = null;
export function askToken(reason) {
  asking ??= promptToken(reason).finally(() => { asking = null; });
  return asking;
}

function promptToken(reason) {
  const dlg = $('#token-dialog');
  if (!dlg) return Promise.resolve(false);
  $('#token-reason', dlg).textContent = reason || '服务器要求访问令牌。';
  const input = $('input', dlg);
  input.value = '';
  return new Promise((resolve) => {
    const done = (ok) => {
      dlg.close();
      dlg.removeEventListener('close', onClose);
      resolve(ok);
    };
    const onClose = () => resolve(false);
    dlg.addEventListener('close', onClose, { once: true });
    $('form', dlg).onsubmit = (e) => {
      e.preventDefault();
      const v = input.value.trim();
      if (!v) return;
      setToken(v);
      updateTokenButton();
      done(true);
    };
    dlg.showModal();
    input.focus();
  });
}

function updateTokenButton() {
  const b = $('#token-button');
  if (b) b.textContent = token() ? '已登录（令牌）· 退出' : '输入令牌';
}

// ---- numbers, the Chinese way ----

const nf = (d) => new Intl.NumberFormat('zh-CN', { minimumFractionDigits: d, maximumFractionDigits: d });
const nf2 = nf(2);
const nfAuto = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

export function isNum(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

// num reads a JSON value that may be an exact decimal written as a string.
export function num(v) {
  if (isNum(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return null;
}

// money formats 万元: 亿元 from 10,000 万元 up, thousands separators always.
export function money(v) {
  const n = num(v);
  if (n == null) return '—';
  if (Math.abs(n) >= 10000) return `${nf2.format(n / 10000)} 亿元`;
  return `${nf2.format(n)} 万元`;
}

// fmt formats a value with its measure unit (万元, %, 分, 个 …).
export function fmt(v, unit) {
  if (v == null || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  const n = num(v);
  if (n == null) return String(v);
  switch (unit) {
    case '万元': return money(n);
    case '%': return `${nfAuto.format(n)}%`;
    case undefined: case null: case '': return nfAuto.format(n);
    default: return `${nfAuto.format(n)} ${unit}`;
  }
}

// plain is a number for a data table cell: thousands separators, no unit.
export function plain(v) {
  if (v == null || v === '') return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  const n = num(v);
  return n == null ? String(v) : nfAuto.format(n);
}

// yoy is a 同比 badge: red ▲ up, green ▼ down (the Chinese market colours).
export function yoy(cur, prev) {
  const c = num(cur), p = num(prev);
  if (c == null || p == null || p === 0) return null;
  const pct = ((c - p) / Math.abs(p)) * 100;
  const cls = pct > 0 ? 'up' : pct < 0 ? 'down' : 'flat';
  const arrow = pct > 0 ? '▲' : pct < 0 ? '▼' : '—';
  return h('span', { class: `yoy ${cls}`, title: '同比（与上一年度相比）' }, `同比 ${arrow} ${nfAuto.format(Math.abs(pct))}%`);
}

export const severityLabel = { error: '错误', warning: '警告', info: '提示' };
export const gradeColor = { 优: '#2f7d32', 良: '#1f6fb2', 中: '#b58900', 较差: '#d9822b', 差: '#c62828', 其他等次: '#8c8c8c' };

// ---- page frame ----

export function showError(where, err) {
  if (err && err.name === 'AbortError') return;
  const msg = err instanceof ApiError ? err.message : `页面出错：${err && err.message ? err.message : err}`;
  where.replaceChildren(h('div', { class: 'error-box', role: 'alert' }, msg));
}

export function emptyState(text, hint) {
  return h('div', { class: 'empty' }, h('strong', {}, text), hint ? h('p', {}, hint) : null);
}

// dashboards is GET /api/v1/dashboards, fetched once per page.
let dashList;
export function dashboards() {
  const order = ['overview', 'unit', 'investment', 'quality'];
  const rank = (id) => (order.includes(id) ? order.indexOf(id) : order.length);
  dashList ??= getJSON('/api/v1/dashboards')
    .then((j) => (j.items || j.dashboards || []).sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id)));
  return dashList;
}

// units and years feed the filters; each is fetched once per page.
let unitList, yearList;
export function units() {
  unitList ??= getJSON('/api/v1/units?per_page=500').then((j) => j.items || []);
  return unitList;
}
export function years() {
  yearList ??= getJSON('/api/v1/years').then((j) => [...new Set((j.items || j.years || [])
    .map((y) => (typeof y === 'object' ? y.fiscal_year ?? y.year : y)))].sort());
  return yearList;
}

async function fillNav() {
  const nav = $('#nav-dashboards');
  if (!nav) return;
  try {
    const list = await dashboards();
    const here = location.pathname;
    nav.replaceChildren(...list.map((d) => h('a', { href: `/d/${d.id}`, class: here === `/d/${d.id}` ? 'active' : null }, d.title)));
  } catch { /* the page itself shows the error */ }
}

export function boot(main) {
  updateTokenButton();
  const b = $('#token-button');
  if (b) {
    b.addEventListener('click', async () => {
      if (token()) { setToken(''); updateTokenButton(); location.reload(); return; }
      if (await askToken('请输入管理员发给您的访问令牌（仅保存在本浏览器会话中，关闭浏览器即清除）。')) location.reload();
    });
  }
  $('#print-button')?.addEventListener('click', () => window.print());
  fillNav();
  const root = $('#app');
  Promise.resolve()
    .then(() => main(root))
    .catch((e) => showError(root, e))
    .finally(() => { document.body.dataset.ready = '1'; });
}
