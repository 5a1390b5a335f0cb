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
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

// clickBar clicks the canvas of a horizontal bar chart down its first bars
// until a click lands on one and the evidence dialog opens.
async function clickBar(page, sel) {
  await page.locator(sel).scrollIntoViewIfNeeded();
  const box = await page.locator(sel).boundingBox();
  const points = [];
  for (let y = 28; y < Math.min(box.height, 200); y += 5) points.push([0.45, y]); // horizontal bars
  for (const fy of [0.75, 0.85, 0.6]) for (let fx = 0.08; fx < 0.97; fx += 0.03) points.push([fx, box.height * fy]); // vertical
  for (const [fx, y] of points) {
    await page.mouse.click(box.x + box.width * fx, box.y + y);
    if (await page.locator('#evidence-dialog[open]').count()) return;
  }
  assert.fail(`no bar of ${sel} opened its evidence`);
}

for (const id of DASHBOARDS) {
  test(`dashboard ${id}: every chart drawn, Chinese titles, no errors`, { skip: noDashboards || false }, async () => {
    for (const [w, hgt] of SIZES) {
      const { ctx, page, problems } = await open(w, hgt);
      await page.goto(`${BASE}/d/${id}`);
      await ready(page);
      await page.waitForSelector('body[data-drawn]', { timeout: 20000 });
      const drawn = Number(await page.getAttribute('body', 'data-drawn'));
      (timings[id] ||= {})[`${w}x${hgt}`] = drawn;
      // Where the time went: the page's script running (after the frame,
      // ECharts' download and compilation), the panels' data in hand, every
      // chart drawn (the frame follows).
      const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)])));
      for (const [k, name] of [['script', 'jx-main'], ['data', 'jx-data'], ['charts', 'jx-charts']]) timings[id][`${w}x${hgt} ${k}`] = marks[name];
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
  await clickBar(page, '[data-panel=ranking] .chart');
  await page.locator('#evidence-dialog[open] .body a').first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Escape');
  // An aggregate bar (a yearly count of grades): the reports it counts are listed.
  await clickBar(page, '[data-panel=grade_distribution] .chart');
  await page.locator('#evidence-dialog[open] ul.evlist li a').first().waitFor({ timeout: 10000 });
  assert.match(await page.locator('#evidence-dialog h3').first().textContent(), /汇总自 .* \d+ 份自评报告/);
  await page.keyboard.press('Escape');
  // A bar counting findings by rule: its findings are listed, each opening
  // the report at its highlighted sentence.
  await page.goto(`${BASE}/d/quality`);
  await ready(page);
  await page.waitForSelector('body[data-drawn]', { timeout: 20000 });
  await clickBar(page, '[data-panel=by_rule] .chart');
  await page.locator('#evidence-dialog[open] ul.findings-list li a').first().waitFor({ timeout: 10000 });
  assert.match(await page.locator('#evidence-dialog h3').first().textContent(), /\d+ 条问题/);
  await page.screenshot({ path: join(SHOTS, 'evidence-aggregate-1366x768.png') });
  const withSentence = page.locator('#evidence-dialog ul.findings-list li:has(q) a').first();
  const target = (await withSentence.count()) ? withSentence : page.locator('#evidence-dialog ul.findings-list li a').first();
  await Promise.all([page.waitForURL(/\/e\/\d+/), target.click()]);
  await ready(page);
  assert.ok(await page.locator('.passage').count() > 0, 'passages listed');
  if (new URL(page.url()).searchParams.get('hl')) assert.equal(await page.locator('.passage.hit').count(), 1, 'the sentence is highlighted');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('screenshots of every page at both sizes', async () => {
  const ev = await (await fetch(`${BASE}/api/v1/evaluations?per_page=1`)).json();
  const pages = [['home', '/'], ['sql', '/sql'], ['compare', '/compare'], ['upload', '/upload'], ['evidence', `/e/${ev.items[0].evaluation_id}`]];
  for (const [name, path] of pages) {
    for (const [w, hgt] of SIZES) {
      const { ctx, page, problems } = await open(w, hgt);
      await page.goto(`${BASE}${path}`);
      await ready(page);
      await page.waitForTimeout(300);
      assert.equal(await page.locator('.error-box').count(), 0, `${path}: ${await page.locator('.error-box').allTextContents()}`);
      await page.screenshot({ path: join(SHOTS, `page-${name}-${w}x${hgt}.png`), fullPage: true });
      assert.deepEqual(problems, []);
      await ctx.close();
    }
  }
});

test('SQL console runs a query, shows rows, downloads it, and cancels a long one on the server', async () => {
  const { ctx, page, problems } = await open(1920, 1080);
  await page.goto(`${BASE}/sql`);
  await ready(page);
  await page.locator('.schema details').first().waitFor({ timeout: 10000 });
  await page.click('#sql-run');
  await page.locator('.vg-row').first().waitFor({ timeout: 15000 });
  assert.match(await page.textContent('.sql-status'), /共 \d+ 行/);
  assert.ok(await page.locator('.vg-row').count() > 1, 'rows shown');
  await page.screenshot({ path: join(SHOTS, 'sql-1920x1080.png') });
  // The result as XLSX (read back by the Go test: numbers as number cells), CSV and Parquet.
  for (const [fmt, magic] of [['xlsx', 'PK'], ['csv', '\ufeff'], ['parquet', 'PAR1']]) {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`button[data-format=${fmt}]`)]);
    assert.equal(dl.suggestedFilename(), `查询结果.${fmt}`);
    const path = join(SHOTS, `sql.${fmt}`);
    await dl.saveAs(path);
    assert.ok(readFileSync(path).subarray(0, 4).toString('utf8').startsWith(magic), `${fmt} download starts with ${magic}`);
  }
  // More rows than the grid's cap: the truncated flag is shown.
  await page.fill('.sql-input', 'SELECT range AS n FROM range(50000)');
  await page.click('#sql-run');
  await page.locator('#sql-truncated').waitFor({ timeout: 15000 });
  assert.match(await page.textContent('#sql-truncated'), /截断/);
  // Scrolling the capped grid stays responsive: the last rows are drawn.
  await page.locator('.vg-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForFunction(() => [...document.querySelectorAll('.vg-row .rn')].some((c) => Number(c.textContent.replace(/\D/g, '')) > 9000), null, { timeout: 5000 });
  // A long query, then 取消: the server interrupts it (DELETE /api/v1/sql/{id}
  // answers 204) and its audit entry shows it ended within seconds, not at
  // the sandbox's 30 s limit; the console answers the next query at once.
  await page.fill('.sql-input', 'SELECT count(*) FROM range(1000000000000) a, range(1000) b');
  await page.click('#sql-run');
  await page.waitForTimeout(500);
  const [del] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().includes('/api/v1/sql/'), { timeout: 5000 }),
    page.click('#sql-cancel'),
  ]);
  assert.equal(del.status(), 204, 'the query was running and is cancelled on the server');
  await page.waitForFunction(() => document.querySelector('.sql-status').textContent.includes('已取消'), null, { timeout: 5000 });
  assert.equal(await page.isDisabled('#sql-cancel'), true);
  let entry;
  for (let i = 0; i < 50 && !entry; i++) {
    const log = await (await fetch(`${BASE}/api/v1/audit?action=sql&limit=50`)).json();
    entry = (log.entries || []).find((e) => e.detail.includes('range(1000000000000)'));
    if (!entry) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(entry, 'the cancelled query is in the audit log (it has ended on the server)');
  assert.notEqual(entry.outcome, 'ok');
  assert.ok(entry.duration_ms < 5000, `the cancelled query ran ${entry.duration_ms} ms on the server`);
  const t0 = Date.now();
  await page.fill('.sql-input', 'SELECT 4242 AS answer');
  await page.click('#sql-run');
  await page.locator('.vg-row >> text=4,242').waitFor({ timeout: 5000 });
  assert.ok(Date.now() - t0 < 5000, 'the console answers right after a cancel');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('comparison page previews and downloads an XLSX', async () => {
  const { ctx, page, problems } = await open();
  await page.goto(`${BASE}/compare`);
  await ready(page);
  await page.locator('#compare-table, .empty, .error-box').first().waitFor({ timeout: 15000 });
  assert.equal(await page.locator('.error-box').count(), 0, await page.locator('.error-box').allTextContents().then(String));
  await page.screenshot({ path: join(SHOTS, 'compare-1366x768.png'), fullPage: true });
  assert.ok(await page.locator('#compare-table tbody tr').count() > 0, 'preview rows');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: join(SHOTS, 'compare-1920x1080.png'), fullPage: true });
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('button[data-format=xlsx]')]);
  assert.match(dl.suggestedFilename(), /对比表_.*\.xlsx$/);
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

// uploadFile drops a file on the upload page and returns the outcome line
// and the findings as shown.
async function uploadFile(page, file, { keyboard = false } = {}) {
  if (keyboard) {
    // Tab reaches the hidden input; Enter opens the file picker. The waiter
    // is set before the Tab presses: it turns on the browser's file-chooser
    // interception without waiting for an answer, and a picker opened
    // before that lands is a native dialog the test never sees.
    const chooserShown = page.waitForEvent('filechooser');
    await page.locator('a, button, input, select').first().focus();
    for (let i = 0; i < 30 && await page.evaluate(() => document.activeElement?.id) !== 'upload-file'; i++) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'upload-file', 'the file input is reached with Tab');
    await page.keyboard.press('Enter');
    const chooser = await chooserShown;
    await chooser.setFiles(file);
  } else {
    await page.setInputFiles('#upload-file', file);
  }
  await page.locator('#upload-outcome, .error-box').first().waitFor({ timeout: 30000 });
  assert.equal(await page.locator('.error-box').count(), 0, await page.locator('.error-box').allTextContents().then(String));
  return { outcome: await page.textContent('#upload-outcome'), findings: await page.locator('#upload-findings li').allInnerTexts() };
}

// Findings read in Chinese, naming things as the form does: no field paths
// (form.total_score) or rule codes (sum_mismatch).
function assertChineseFindings(findings) {
  for (const f of findings) {
    assert.match(f, /[\u4e00-\u9fff]/, `finding not in Chinese: ${f}`);
    assert.doesNotMatch(f, /\bform\.[a-z_]+|\b[a-z]+_[a-z_]+\b/, `finding names an internal code: ${f}`);
  }
}

test('upload shows the outcome (loaded, then duplicate) and the findings in Chinese', { skip: !process.env.UPLOAD_NEW && 'UPLOAD_NEW not set' }, async () => {
  const { ctx, page, problems } = await open();
  await page.goto(`${BASE}/upload`);
  await ready(page);
  // The file button speaks Chinese: the browser's own control ("Choose
  // File", "No file chosen") is out of sight, a styled label stands for it.
  assert.equal(await page.textContent('.dropzone .pick'), '选择文件');
  assert.equal(await page.textContent('#upload-chosen'), '未选择文件');
  const native = await page.locator('#upload-file').boundingBox();
  assert.ok(!native || (native.width <= 1 && native.height <= 1), `the native file button shows (${JSON.stringify(native)})`);
  assert.doesNotMatch(await page.innerText('main'), /Choose File|No file chosen|Browse/);
  const first = await uploadFile(page, process.env.UPLOAD_NEW, { keyboard: true });
  assert.match(await page.textContent('#upload-chosen'), /^已选择：/);
  assert.match(first.outcome, /^已入库/);
  assertChineseFindings(first.findings);
  assert.ok(await page.locator('.upload-result dd').first().textContent().then((t) => /[\u4e00-\u9fff]/.test(t)), 'unit named');
  await page.screenshot({ path: join(SHOTS, 'upload-loaded-1366x768.png'), fullPage: true });
  // The same file again: a duplicate, not loaded twice.
  await page.goto(`${BASE}/upload`);
  await ready(page);
  const again = await uploadFile(page, process.env.UPLOAD_NEW);
  assert.match(again.outcome, /重复/);
  await page.screenshot({ path: join(SHOTS, 'upload-duplicate-1366x768.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('upload of the seed report shows its findings in Chinese', { skip: !process.env.UPLOAD_FILE && 'UPLOAD_FILE not set' }, async () => {
  const { ctx, page, problems } = await open(1920, 1080);
  await page.goto(`${BASE}/upload`);
  await ready(page);
  const r = await uploadFile(page, process.env.UPLOAD_FILE);
  assert.match(r.outcome, /已入库|重复|替换/);
  assert.ok(r.findings.length > 0, 'findings listed');
  assertChineseFindings(r.findings);
  await page.screenshot({ path: join(SHOTS, 'upload-1920x1080.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await ctx.close();
});

const TOKEN_URL = process.env.JIXIAO_TOKEN_URL;
const TOKENS = JSON.parse(process.env.JIXIAO_TOKENS_JSON || '{}');
test('a token entered once is kept for the session; a unit-scoped token sees only its unit', { skip: !TOKEN_URL && 'JIXIAO_TOKEN_URL not set' }, async () => {
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
  // 数据质量: findings by unit hold the token's unit only.
  await page.goto(`${TOKEN_URL}/d/quality`);
  await ready(page);
  await page.waitForSelector('body[data-drawn]', { timeout: 20000 });
  await page.locator('[data-panel=by_unit] .toggle').click();
  for (const u of await page.locator('[data-panel=by_unit] .data-table tbody tr td:first-child').allTextContents()) assert.equal(u, TOKENS.unit_name);
  // 年度对比导出: the preview compares the token's unit only; the unit list offers nothing else.
  await page.goto(`${TOKEN_URL}/compare`);
  await ready(page);
  await page.locator('#compare-table, .empty').first().waitFor({ timeout: 15000 });
  assert.deepEqual((await page.locator('select[name=unit] option').allTextContents()).filter((o) => o !== '全部单位'), [TOKENS.unit_name]);
  const cells = await page.locator('#compare-table tbody tr td:first-child').allTextContents();
  assert.ok(cells.length > 0, 'preview rows');
  for (const c of cells) assert.equal(c, TOKENS.unit_name);
  // Evidence of its own report: the original file downloads; another unit's report is not found.
  await page.goto(`${TOKEN_URL}/e/${TOKENS.own_id}`);
  await ready(page);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('.download-original')]);
  assert.match(dl.suggestedFilename(), /\.(docx|txt|xlsx|pdf|doc)$/);
  await dl.saveAs(join(SHOTS, 'original-download'));
  await page.screenshot({ path: join(SHOTS, 'evidence-scoped-1366x768.png'), fullPage: true });
  await page.goto(`${TOKEN_URL}/e/${TOKENS.other_id}`);
  await ready(page);
  assert.match(await page.locator('.error-box').textContent(), /不在您的查看范围内/);
  // The SQL console cannot be held to a scope: the page says so in Chinese.
  await page.goto(`${TOKEN_URL}/sql`);
  await ready(page);
  await page.locator('.error-box').first().waitFor({ timeout: 10000 });
  assert.match(await page.locator('.error-box').first().textContent(), /范围/);
  await ctx.close();
});
