// System: version, listeners, database and disk usage, health checks.
import { api } from '../api.js';
import { h, bytes, time, badge } from '../dom.js';

function kv(obj) {
  if (!obj || typeof obj !== 'object') return h('span', {}, String(obj ?? '—'));
  return h('dl', { class: 'kv' }, Object.entries(obj).map(([k, v]) => [
    h('dt', {}, k.replace(/_/g, ' ')),
    h('dd', {}, v && typeof v === 'object' ? kv(v)
      : /bytes$/.test(k) ? `${bytes(v)} (${Number(v).toLocaleString()} bytes)`
        : /(_at|time|timestamp)$/.test(k) && typeof v === 'string' ? time(v)
          : k === 'status' ? badge(v) : String(v)),
  ]));
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
      h('section', { class: 'panel span-4', 'aria-labelledby': 'h-health' }, h('h2', { id: 'h-health' }, 'Health'), healthEl)));

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
