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

// The fleet's servers on one shared database (ADR-0098), each with its last heartbeat.
function fleetServers(list) {
  if (!Array.isArray(list) || !list.length) return h('p', { class: 'empty' }, 'No server has recorded a heartbeat yet.');
  return h('div', { class: 'table-wrap' }, h('table', { id: 'fleet-servers' },
    h('thead', {}, h('tr', {}, ['Server', 'Version', 'Device URL', 'Started', 'Last heartbeat'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, list.map((s) => h('tr', { 'data-server': s.name || '' },
      h('td', {}, s.error ? h('span', { class: 'failure-reason' }, s.error) : s.name, s.this_server ? h('span', { class: 'muted' }, ' (this server)') : null),
      h('td', {}, s.version || '—'),
      h('td', { class: 'mono' }, s.device_url || '—'),
      h('td', {}, s.started_at ? time(s.started_at) : '—'),
      h('td', { class: 'heartbeat' }, s.heartbeat_at ? time(s.heartbeat_at) : '—'))))));
}

export default {
  title: 'System',
  async render(root) {
    const sysEl = h('div', { id: 'system-info' });
    const healthEl = h('div', { id: 'system-health' });
    const fleetEl = h('div', { id: 'system-fleet' });
    root.append(h('div', { class: 'page-head' }, h('h1', {}, 'System'),
      h('span', { class: 'spacer' }), h('button', { type: 'button', class: 'btn', onclick: () => load() }, 'Refresh')),
    h('div', { class: 'grid' },
      h('section', { class: 'panel span-8', 'aria-labelledby': 'h-sys' }, h('h2', { id: 'h-sys' }, 'Server'), sysEl),
      h('section', { class: 'panel span-4', 'aria-labelledby': 'h-health' }, h('h2', { id: 'h-health' }, 'Health'), healthEl),
      h('section', { class: 'panel span-12', 'aria-labelledby': 'h-fleet' }, h('h2', { id: 'h-fleet' }, 'Servers of the fleet'), fleetEl),
      logsPanel({ id: 'system-logs' })));

    async function load() {
      const [sys, health] = await Promise.all([
        api.get('/api/v1/system').catch((e) => ({ error: e.message })),
        fetch('/health', { cache: 'no-store' }).then((r) => r.json()).catch((e) => ({ status: 'unreachable', error: e.message })),
      ]);
      const { fleet_servers: servers, ...facts } = sys;
      sysEl.replaceChildren(kv(facts));
      fleetEl.replaceChildren(fleetServers(servers));
      healthEl.replaceChildren(kv(health));
    }
    await load();
  },
};
