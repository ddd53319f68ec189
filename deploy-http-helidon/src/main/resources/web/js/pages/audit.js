// Audit log: who did what, when (operator actions only; device reports are in the deployments' histories).
import { api, listOf } from '../api.js';
import { h, time, table, pick } from '../dom.js';

export default {
  title: 'Audit log',
  async render(root) {
    const listEl = h('div', { id: 'audit-list' });
    const state = { actor: '', action: '' };
    let entries = [];
    const filter = h('form', { class: 'inline', role: 'search', onsubmit: (e) => e.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: 'af-actor' }, 'Operator'),
        h('input', { id: 'af-actor', type: 'search', oninput: (e) => { state.actor = e.target.value.trim().toLowerCase(); draw(); } })),
      h('div', { class: 'field grow' }, h('label', { for: 'af-action' }, 'Action or target contains'),
        h('input', { id: 'af-action', type: 'search', oninput: (e) => { state.action = e.target.value.trim().toLowerCase(); draw(); } })));
    root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Audit log')),
      h('div', { class: 'grid' }, h('section', { class: 'panel span-12', 'aria-label': 'Audit log' }, filter, listEl)));

    function draw() {
      const rows = entries.filter((e) => (!state.actor || e.actor.toLowerCase().includes(state.actor))
        && (!state.action || (e.action + ' ' + e.target + ' ' + e.detail).toLowerCase().includes(state.action)));
      listEl.replaceChildren(table([
        { label: 'When', render: (e) => time(e.at) },
        { label: 'Operator', key: 'actor' },
        { label: 'Action', render: (e) => h('span', { class: 'mono' }, e.action) },
        { label: 'Target', key: 'target' },
        { label: 'Detail', key: 'detail' },
      ], rows, { empty: 'No audit entries.' }));
    }

    const data = await api.get('/api/v1/audit', { limit: 500 });
    entries = listOf(data, 'entries', 'audit').map((e) => ({
      at: pick(e, 'at', 'time', 'timestamp'), actor: String(pick(e, 'actor', 'username', 'user') ?? ''),
      action: String(pick(e, 'action') ?? ''), target: String(pick(e, 'target') ?? ''), detail: String(pick(e, 'detail', 'details') ?? ''),
    }));
    draw();
  },
};
