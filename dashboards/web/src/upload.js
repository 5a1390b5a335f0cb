// /upload: a report owner drops a file; POST /api/v1/documents answers within
// seconds with the parsed report, declared-vs-recomputed figures, findings in
// plain Chinese and whether it loaded, was a duplicate or replaced an earlier
// version.
import { boot, fmt, h, request, severityLabel, showError } from './common.js';

const outcomes = {
  loaded: ['已入库', 'ok'], duplicate: ['重复文件：与已入库的文件内容相同，未重复入库', 'warn'],
  superseded: ['已入库，并替换了该单位该年度此前的版本', 'ok'], replaced: ['已入库，并替换了该单位该年度此前的版本', 'ok'],
  quarantined: ['未能入库（已隔离）', 'bad'], failed: ['未能入库', 'bad'],
};

function indicatorTable(inds) {
  const head = h('tr', {}, ...['指标', '分值', '自报值', '重算值', '自评得分', '重算得分'].map((t) => h('th', {}, t)));
  const rows = inds.map((i) => {
    const differs = i.computed_score != null && i.declared_score != null && i.computed_score !== i.declared_score;
    const nums = [i.max_points, i.declared_value, i.computed_value, i.declared_score, i.computed_score];
    return h('tr', { class: differs ? 'diff' : null }, h('td', {}, i.name || i.code), ...nums.map((v) => h('td', { class: 'num' }, fmt(v))));
  });
  return h('div', { class: 'table-wrap' }, h('table', { class: 'grid' }, h('thead', {}, head), h('tbody', {}, ...rows)));
}

function result(j) {
  const r = j.report || j.evaluation || j;
  const oc = j.outcome || j.status || '';
  const [ocText, ocCls] = outcomes[oc] || [oc || '已处理', 'ok'];
  const inds = r.indicators || [];
  const findings = j.findings || r.findings || [];
  return h('div', { class: 'upload-result' },
    h('div', { class: `outcome ${ocCls}`, id: 'upload-outcome' }, ocText),
    h('dl', { class: 'facts' },
      h('dt', {}, '单位'), h('dd', {}, r.unit?.canonical_name || r.unit?.name || '未识别'),
      h('dt', {}, '年度'), h('dd', {}, r.fiscal_year ? `${r.fiscal_year} 年度` : '未识别'),
      h('dt', {}, '自评得分'), h('dd', {}, r.score?.total != null ? `${fmt(r.score.total, '分')}（${r.score.grade || '—'}）` : '未填写'),
      h('dt', {}, '报告文件'), h('dd', {}, r.source?.file || '—'),
      j.evaluation_id || j.document_id ? [h('dt', {}, '出处'), h('dd', {}, h('a', { href: `/e/${j.evaluation_id || j.document_id}` }, '查看全部出处 →'))] : null),
    h('h2', {}, `发现的问题（${findings.length} 条）`),
    findings.length ? h('ul', { class: 'findings', id: 'upload-findings' }, ...findings.map((f) => h('li', {},
      h('span', { class: `sev sev-${f.severity}` }, severityLabel[f.severity] || f.severity), ' ', f.message,
      f.expected || f.found ? h('span', { class: 'muted' }, `（应为 ${f.expected ?? '—'}，实为 ${f.found ?? '—'}）`) : null,
      f.evidence?.text || f.evidence_text ? h('blockquote', { class: 'evidence' }, f.evidence?.text || f.evidence_text) : null)))
      : h('p', { class: 'ok' }, '没有发现问题。'),
    inds.length ? [h('h2', {}, '指标：自报与重算对照'), indicatorTable(inds)] : null);
}

async function main(root) {
  // The browser's own file button reads "Choose File / No file chosen" in
  // English whatever the page's language: the input is hidden from sight
  // (still focusable, so Tab then Enter or Space opens the file picker) and
  // the whole drop zone is its label, with a Chinese button and file name.
  const input = h('input', { type: 'file', id: 'upload-file', class: 'visually-hidden', 'aria-describedby': 'upload-chosen',
    accept: '.docx,.doc,.txt,.xlsx,.xls,.et,.pdf,.wps,.html,.htm,.png,.jpg,.jpeg' });
  const chosen = h('span', { class: 'chosen', id: 'upload-chosen', 'aria-live': 'polite' }, '未选择文件');
  const out = h('div', { class: 'upload-out' });
  const zone = h('label', { class: 'dropzone', for: 'upload-file' },
    h('strong', {}, '把自评报告拖到这里，或点击选择文件'),
    h('span', {}, '支持 Word（.docx/.doc）、PDF、Excel（.xlsx）和纯文本；上传后几秒内显示解析结果'),
    input, h('span', { class: 'button primary pick', 'aria-hidden': 'true' }, '选择文件'), chosen);
  const send = async (file) => {
    chosen.textContent = `已选择：${file.name}`;
    out.replaceChildren(h('p', { class: 'muted' }, h('span', { class: 'spinner' }), ` 正在解析 ${file.name} …`));
    const fd = new FormData();
    fd.append('file', file);
    try {
      const res = await request('/api/v1/documents', { method: 'POST', body: fd });
      out.replaceChildren(result(await res.json()));
    } catch (e) { showError(out, e); }
  };
  input.addEventListener('change', () => input.files[0] && send(input.files[0]));
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => { e.preventDefault(); zone.classList.remove('over'); if (e.dataTransfer.files[0]) send(e.dataTransfer.files[0]); });
  root.replaceChildren(h('div', { class: 'page-head' }, h('h1', {}, '上传自评报告'),
    h('p', { class: 'desc' }, '上传后与收件箱中的文件走同一条处理流程：同一文件不会重复入库，同一单位同一年度的新版本会替换旧版本。')),
  zone, out);
}

boot(main);
