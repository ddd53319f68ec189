// System: version, listeners, database and disk usage, health checks.
import { api } from '../api.js';
import { h, bytes, time, badge, duration } from '../dom.js';
import { logsPanel } from '../logs.js';

function label(key) {
  return key.replace(/_(bytes|seconds)$/, '').replace(/_/g, ' ');
}

function value(key, v) {
  if (v === null || v === undefined || v === '') return h('span', { class: 'muted' }, '—');
  if (typeof v === 'object' && 'host' in v && 'port' in v && Object.keys(v).length === 2) return `${v.host}:${v.port}`;
  if (typeof v === 'object') return kv(v);
  if (/bytes$/.test(key)) return `${bytes(v)} (${Number(v).toLocaleString()} bytes)`;
  if (/seconds$/.test(key)) return duration(Number(v));
  if (/(_at|time|timestamp)$/.test(key) && typeof v === 'string') return time(v);
  if (key === 'status') return badge(v);
  return String(v);
}

function kv(obj) {
  if (!obj || typeof obj !== 'object') return h('span', {}, String(obj ?? '—'));
  return h('dl', { class: 'kv' }, Object.entries(obj).map(([k, v]) => [h('dt', {}, label(k)), h('dd', {}, value(k, v))]));
}

export default {
  title: 'System',
  async render(root) {
    const sysEl = h('div', { id: 'system-info' });
    const healthEl = h('div', { id: 'system-health' });
    root.append(h('div', { class: 'page-head' }, h('h1', {}, 'System'),
      h('span', { class: 'spacer' }), h('button', { type: 'button', class: 'btn', onclick: () => load() }, 'Refresh')),
    h('div', { class: 'grid' },
      h('section', { class: 'panel span-8', 'aria-labelledby': 'h-sys' }, h('h2', { id: 'h-sys' }, 'Server'), sysEl),
      h('section', { class: 'panel span-4', 'aria-labelledby': 'h-health' }, h('h2', { id: 'h-health' }, 'Health'), healthEl),
      logsPanel({ id: 'system-logs' })));

    async function load() {
      const [sys, health] = await Promise.all([
        api.get('/api/v1/system').catch((e) => ({ error: e.message })),
        fetch('/health', { cache: 'no-store' }).then((r) => r.json()).catch((e) => ({ status: 'unreachable', error: e.message })),
      ]);
      sysEl.replaceChildren(kv(sys));
      healthEl.replaceChildren(kv(health));
    }
    await load();
  },
};
