// A small SQL editor: a textarea under a highlighted copy of its text (the
// usual overlay technique), so typing stays native (IME for Chinese names,
// undo, selection) while keywords, strings, numbers and comments are coloured.
import { h } from './common.js';

const KEYWORDS = new Set(`select from where group by order having limit offset as and or not in is null like ilike
between case when then else end join left right inner outer full cross on using union all distinct with
desc asc nulls first last over partition window filter count sum avg min max round cast try_cast coalesce
exists any_value true false interval date qualify`.split(/\s+/));

const TOKEN = /(--[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|('(?:[^']|'')*'?)|("(?:[^"]|"")*"?)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)|([\s\S])/g;

const escapeHTML = (s) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' }[c]));

export function highlight(sql) {
  let out = '';
  for (const m of sql.matchAll(TOKEN)) {
    const [t, comment, str, ident, number, word] = m;
    const e = escapeHTML(t);
    if (comment) out += `<span class="t-com">${e}</span>`;
    else if (str) out += `<span class="t-str">${e}</span>`;
    else if (ident) out += `<span class="t-id">${e}</span>`;
    else if (number) out += `<span class="t-num">${e}</span>`;
    else if (word && KEYWORDS.has(word.toLowerCase())) out += `<span class="t-kw">${e}</span>`;
    else out += e;
  }
  return `${out}\n`;
}

export function editor(initial, onRun) {
  const pre = h('pre', { class: 'sql-hl', 'aria-hidden': 'true' });
  const ta = h('textarea', { class: 'sql-input', spellcheck: 'false', 'aria-label': 'SQL 查询语句', autocomplete: 'off' });
  ta.value = initial;
  const sync = () => { pre.innerHTML = highlight(ta.value); pre.scrollTop = ta.scrollTop; pre.scrollLeft = ta.scrollLeft; };
  ta.addEventListener('input', sync);
  ta.addEventListener('scroll', sync);
  ta.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); onRun(); }
    if (e.key === 'Tab' && !e.shiftKey) {
      e.preventDefault();
      ta.setRangeText('  ', ta.selectionStart, ta.selectionEnd, 'end');
      sync();
    }
  });
  sync();
  const wrap = h('div', { class: 'sql-editor' }, pre, ta);
  return { el: wrap, get value() { return ta.value; }, set value(v) { ta.value = v; sync(); }, focus: () => ta.focus() };
}
