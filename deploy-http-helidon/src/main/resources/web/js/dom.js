// Small DOM and formatting helpers shared by the pages. Everything user-supplied goes in as text, never as HTML.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Reads a value whichever spelling the server uses (snake_case first, camelCase as fallback). */
export function pick(obj, ...names) {
  if (!obj) return undefined;
  for (const n of names) {
    if (obj[n] !== undefined && obj[n] !== null) return obj[n];
  }
  return undefined;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
export const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** An instant in the operator's own time zone; a <time> element keeps the exact ISO value. */
export function time(iso, { short } = {}) {
  if (!iso) return h('span', { class: 'muted', text: '—' });
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return h('span', { text: String(iso) });
  const sameDay = d.toDateString() === new Date().toDateString();
  return h('time', { datetime: d.toISOString(), title: d.toISOString() },
    short && sameDay ? timeOnly.format(d) : dateTime.format(d));
}

export function bytes(n) {
  if (n === undefined || n === null || Number.isNaN(Number(n))) return '—';
  n = Number(n);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 || n >= 100 ? n.toFixed(0) : n.toFixed(n < 10 ? 2 : 1)) + ' ' + units[i];
}

export function rate(bytesPerSecond) {
  if (!bytesPerSecond || bytesPerSecond <= 0) return '—';
  return bytes(bytesPerSecond) + '/s';
}

export function duration(seconds) {
  if (seconds === undefined || seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  seconds = Math.round(seconds);
  if (seconds < 60) return seconds + ' s';
  const m = Math.floor(seconds / 60), s = seconds % 60;
  if (m < 60) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function badge(state) {
  const s = String(state || 'unknown').toLowerCase();
  return h('span', { class: 'badge ' + s.replace(/[^a-z-]/g, '-') }, s.replace(/_/g, ' '));
}

export function progressBar(done, total, { status, label } = {}) {
  const pct = total > 0 ? Math.max(0, Math.min(100, (done / total) * 100)) : 0;
  const cls = status === 'failed' ? 'progress failed' : (status === 'success' || status === 'booted') ? 'progress done' : 'progress';
  return h('div', {
    class: cls, role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100,
    'aria-valuenow': Math.round(pct), 'aria-label': label || 'progress', dataset: { percent: pct.toFixed(1) },
  }, h('span', { class: 'bar', style: { width: pct.toFixed(1) + '%' } }),
  h('span', { class: 'label' }, pct.toFixed(0) + ' %'));
}

export function table(columns, rows, { empty = 'Nothing here yet.', rowAttrs, caption } = {}) {
  if (!rows.length) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'table-wrap' },
    h('table', {},
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
      h('tbody', {}, rows.map((r) => h('tr', rowAttrs ? rowAttrs(r) : {},
        columns.map((c) => h('td', { class: c.num ? 'num' : c.cls || null }, c.render ? c.render(r) : r[c.key])))))));
}

let toastBox;
export function toast(message, { error } = {}) {
  toastBox ??= document.getElementById('toasts');
  if (!toastBox) return;
  const t = h('div', { class: 'toast' + (error ? ' error' : '') }, message);
  toastBox.append(t);
  while (toastBox.children.length > 3) toastBox.firstElementChild.remove();
  setTimeout(() => t.remove(), error ? 8000 : 4000);
}

/** Asks before anything destructive; resolves true only on an explicit "Confirm". */
export function confirmAction(text, { title = 'Are you sure?', ok = 'Confirm' } = {}) {
  const dlg = document.getElementById('confirm');
  if (!dlg || typeof dlg.showModal !== 'function') return Promise.resolve(window.confirm(text));
  dlg.querySelector('#confirm-title').textContent = title;
  dlg.querySelector('#confirm-text').textContent = text;
  dlg.querySelector('#confirm-ok').textContent = ok;
  dlg.returnValue = 'cancel';
  return new Promise((resolve) => {
    dlg.addEventListener('close', () => resolve(dlg.returnValue === 'ok'), { once: true });
    dlg.showModal();
    dlg.querySelector('#confirm-cancel').focus();
  });
}
