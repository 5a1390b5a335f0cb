// Browser tests: Debian's chromium driven by playwright-core against a real
// jixiao server loaded with the demo corpus. The Go test TestBrowser
// (api/web_browser_test.go) starts the servers and runs this file with
//   JIXIAO_URL        server without tokens (loopback: everyone is admin)
//   JIXIAO_TOKEN_URL  server with tokens (optional)
//   JIXIAO_TOKENS_JSON {"admin": "...", "unit": "...", "unit_name": "..."}
//   SHOT_DIR          where screenshots, downloads and timings are written
// Run it by hand against `make run` with JIXIAO_URL=http://127.0.0.1:8080.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';

const BASE = process.env.JIXIAO_URL || 'http://127.0.0.1:8080';
const SHOTS = process.env.SHOT_DIR || join(tmpdir(), 'jixiao-shots');
mkdirSync(SHOTS, { recursive: true });
const SIZES = [[1366, 768], [1920, 1080]];
const DASHBOARDS = ['overview', 'unit', 'investment', 'quality'];
const timings = {};

// apiMissing says why an endpoint this page needs is not on this build
// (another part of the server that lands separately), or '' when it is.
async function apiMissing(method, path) {
  const res = await fetch(`${BASE}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
  if (res.status !== 404) return '';
  const j = await res.json().catch(() => ({}));
  return /没有这个接口/.test(j?.error?.message || '') ? `${method} ${path} is not on this build` : '';
}

// The dashboards' JSON (GET /api/v1/dashboards) lands with the read
// resources; until it is on a build, the pages that draw it cannot be tested.
const noDashboards = await apiMissing('GET', '/api/v1/dashboards');

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--lang=zh-CN'],
  });
});
after(async () => {
  writeFileSync(join(SHOTS, 'timings.json'), JSON.stringify(timings, null, 2));
  await browser?.close();
});

// page opens a fresh context (own storage) and records console errors and
// failed requests, which every test asserts are none.
async function open(width = 1366, height = 768) {
  const ctx = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', acceptDownloads: true });
  const page = await ctx.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => { if (!/aborted|ERR_ABORTED/i.test(r.failure()?.errorText || '')) problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`); });
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().includes('/api/v1/sql')) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => { if (!r.url().startsWith('http://127.0.0.1') && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) problems.push(`external request: ${r.url()}`); });
  return { ctx, page, problems };
}

async function ready(page) {
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
}

// canvasInk counts the non-blank pixels of each chart (ECharts may add a
// hover layer canvas, so every canvas of a chart is summed).
const canvasInk = () => [...document.querySelectorAll('.chart')].map((el) => [...el.querySelectorAll('canvas')].reduce((n, c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  for (let i = 3; i < d.length; i += 16) if (d[i] !== 0) n++;
  return n;
}, 0));

for (const id of DASHBOARDS) {
  test(`dashboard ${id}: every chart drawn, Chinese titles, no errors`, { skip: noDashboards || false }, async () => {
    for (const [w, hgt] of SIZES) {
      const { ctx, page, problems } = await open(w, hgt);
      await page.goto(`${BASE}/d/${id}`);
      await ready(page);
      await page.waitForSelector('body[data-drawn]', { timeout: 20000 });
      const drawn = Number(await page.getAttribute('body', 'data-drawn'));
      (timings[id] ||= {})[`${w}x${hgt}`] = drawn;
      assert.equal(await page.locator('.error-box').count(), 0, await page.locator('.error-box').allTextContents().then(String));
      const title = await page.textContent('h1');
      assert.match(title, /[\u4e00-\u9fff]/, `title ${title}`);
      const panels = await page.locator('.panel').count();
      assert.ok(panels >= 3, `${panels} panels`);
      for (const t of await page.locator('.panel h2').allTextContents()) assert.match(t, /[\u4e00-\u9fff]/);
      const charts = await page.locator('.chart').count();
      const ink = await page.evaluate(canvasInk);
      assert.equal(ink.length, charts, 'every chart measured');
      ink.forEach((n, i) => assert.ok(n > 50, `chart ${i} of ${id} is empty (${n} pixels)`));
      await page.screenshot({ path: join(SHOTS, `${id}-${w}x${hgt}.png`), fullPage: true });
      assert.deepEqual(problems, []);
      await ctx.close();
    }
  });
}

test('every chart has a 数据表 toggle showing its numbers', { skip: noDashboards || false }, async () => {
  const { ctx, page, problems } = await open();
  await page.goto(`${BASE}/d/overview`);
  await ready(page);
  const toggles = page.locator('.panel .toggle');
  assert.equal(await toggles.count(), await page.locator('.chart').count());
  await toggles.first().click();
  const rows = await page.locator('.panel .data-table tbody tr').count();
  assert.ok(rows > 0, 'data table has rows');
  await toggles.first().click();
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('changing a filter changes the data and the URL', { skip: noDashboards || false }, async () => {
  const { ctx, page, problems } = await open();
  await page.goto(`${BASE}/d/unit`);
  await ready(page);
  const sel = page.locator('select[name=unit]');
  const opts = await sel.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(opts.length >= 2, 'at least two units');
  const before = await page.locator('.panel').allInnerTexts();
  const current = await sel.inputValue();
  const other = opts.find((o) => o !== current);
  await Promise.all([page.waitForURL(/unit=/), sel.selectOption(other)]);
  await ready(page);
  assert.equal(new URL(page.url()).searchParams.get('unit'), other);
  const afterText = await page.locator('.panel').allInnerTexts();
  assert.notDeepEqual(afterText, before);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a click on a figure and on a finding shows its evidence', { skip: noDashboards || false }, async () => {
  const { ctx, page, problems } = await open();
  await page.goto(`${BASE}/d/unit`);
  await ready(page);
  // A finding row: the source sentence is shown.
  const row = page.locator('[data-panel=findings] tr.pick').first();
  await row.click();
  const dlg = page.locator('#evidence-dialog');
  await dlg.locator('blockquote.evidence, a.button').first().waitFor({ timeout: 10000 });
  assert.match(await dlg.innerText(), /出处|报告文件/);
  await page.screenshot({ path: join(SHOTS, 'evidence-finding.png') });
  // Follow to the report's sources: the clicked sentence is highlighted.
  const link = dlg.locator('a.button');
  if (await link.count()) {
    await Promise.all([page.waitForURL(/\/e\/\d+/), link.click()]);
    await ready(page);
    assert.ok(await page.locator('.passage').count() > 0, 'passages listed');
    await page.screenshot({ path: join(SHOTS, 'evidence-page.png') });
  }
  // A figure (key-figure card) on the overview.
  await page.goto(`${BASE}/d/overview`);
  await ready(page);
  await page.locator('.kpi').first().click();
  await page.locator('#evidence-dialog .body h3, #evidence-dialog .body a').first().waitFor({ timeout: 10000 });
  // A bar of a chart: clicking its canvas opens evidence too.
  await page.keyboard.press('Escape');
  const chart = page.locator('[data-panel=ranking] .chart');
  const box = await chart.boundingBox();
  await page.mouse.click(box.x + box.width * 0.3, box.y + 60);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('SQL console runs a query, shows rows, and cancels a long one', async (t) => {
  const missing = await apiMissing('POST', '/api/v1/sql');
  if (missing) { t.skip(missing); return; }
  const { ctx, page, problems } = await open(1920, 1080);
  await page.goto(`${BASE}/sql`);
  await ready(page);
  await page.locator('.schema details').first().waitFor({ timeout: 10000 });
  await page.click('#sql-run');
  await page.locator('.vg-row').first().waitFor({ timeout: 15000 });
  assert.match(await page.textContent('.sql-status'), /共 \d+ 行/);
  await page.screenshot({ path: join(SHOTS, 'sql-1920x1080.png') });
  // A long query, then 取消: the request is aborted and the page says so.
  await page.fill('.sql-input', 'SELECT count(*) FROM range(1000000000000) a, range(1000) b');
  await page.click('#sql-run');
  await page.waitForTimeout(300);
  await page.click('#sql-cancel');
  await page.waitForFunction(() => document.querySelector('.sql-status').textContent.includes('已取消'), null, { timeout: 5000 });
  assert.equal(await page.isDisabled('#sql-cancel'), true);
  assert.deepEqual(problems.filter((p) => !p.includes('/api/v1/sql')), []);
  await ctx.close();
});

test('comparison page previews and downloads an XLSX', async (t) => {
  const missing = await apiMissing('GET', '/api/v1/compare?years=2022,2023&format=json');
  if (missing) { t.skip(missing); return; }
  const { ctx, page, problems } = await open();
  await page.goto(`${BASE}/compare`);
  await ready(page);
  await page.locator('#compare-table, .empty, .error-box').first().waitFor({ timeout: 15000 });
  assert.equal(await page.locator('.error-box').count(), 0, await page.locator('.error-box').allTextContents().then(String));
  await page.screenshot({ path: join(SHOTS, 'compare-1366x768.png'), fullPage: true });
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('button[data-format=xlsx]')]);
  await dl.saveAs(join(SHOTS, 'compare.xlsx'));
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('home lists the dashboards and key figures', { skip: noDashboards || false }, async () => {
  for (const [w, hgt] of SIZES) {
    const { ctx, page, problems } = await open(w, hgt);
    await page.goto(`${BASE}/`);
    await ready(page);
    assert.equal(await page.locator('.cards .card').count() >= 4 + 3, true);
    assert.ok(await page.locator('#nav-dashboards a').count() >= 4);
    await page.screenshot({ path: join(SHOTS, `home-${w}x${hgt}.png`), fullPage: true });
    assert.deepEqual(problems, []);
    await ctx.close();
  }
});

test('upload shows the parsed report and its findings', { skip: !process.env.UPLOAD_FILE && 'UPLOAD_FILE not set' }, async (t) => {
  const missing = await apiMissing('POST', '/api/v1/documents');
  if (missing) { t.skip(missing); return; }
  const { ctx, page, problems } = await open();
  await page.goto(`${BASE}/upload`);
  await ready(page);
  await page.setInputFiles('#upload-file', process.env.UPLOAD_FILE);
  await page.locator('#upload-outcome, .error-box').first().waitFor({ timeout: 20000 });
  assert.equal(await page.locator('.error-box').count(), 0, await page.locator('.error-box').allTextContents().then(String));
  assert.ok(await page.locator('#upload-findings li').count() > 0, 'findings listed');
  await page.screenshot({ path: join(SHOTS, 'upload.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await ctx.close();
});

const TOKEN_URL = process.env.JIXIAO_TOKEN_URL;
const TOKENS = JSON.parse(process.env.JIXIAO_TOKENS_JSON || '{}');
test('a token entered once is kept for the session; a unit-scoped token sees only its unit', { skip: noDashboards || (!TOKEN_URL && 'JIXIAO_TOKEN_URL not set') }, async () => {
  const { ctx, page } = await open();
  await page.goto(`${TOKEN_URL}/d/overview`);
  await page.locator('#token-dialog[open] input').waitFor({ timeout: 10000 });
  await page.fill('#token-dialog input', TOKENS.unit);
  await page.click('#token-dialog button[type=submit]');
  await ready(page);
  await page.waitForSelector('body[data-drawn]', { timeout: 20000 });
  // The ranking has only the token's unit.
  await page.locator('[data-panel=ranking] .toggle').click();
  const units = await page.locator('[data-panel=ranking] .data-table tbody tr td:first-child').allTextContents();
  assert.ok(units.length > 0);
  for (const u of units) assert.equal(u, TOKENS.unit_name);
  // Next page in the same session: no prompt again.
  await page.goto(`${TOKEN_URL}/d/unit`);
  await ready(page);
  assert.equal(await page.locator('#token-dialog[open]').count(), 0);
  const opts = await page.locator('select[name=unit] option').allTextContents();
  assert.deepEqual(opts.filter(Boolean), [TOKENS.unit_name]);
  await ctx.close();
});
