// The server's recent log lines (GET /api/v1/logs, ADR-0088): the System page shows them all with a level filter, a
// deployment's detail only those that name its serial. The lines are text: never HTML.
import { api, listOf } from './api.js';
import { h, time, table } from './dom.js';

const LEVELS = ['trace', 'debug', 'info', 'warning', 'error'];

/** A panel of log lines; `serial` narrows it to one device, `id` prefixes its element ids. */
export function logsPanel({ serial, id = 'logs', limit = 200, level = 'info', heading = 'Server log' } = {}) {
  const body = h('div', { id: id + '-lines' });
  const levelSelect = h('select', { id: id + '-level', onchange: () => load() },
    LEVELS.map((l) => h('option', { value: l, selected: l === level }, `${l} and above`)));
  const panel = h('section', { class: 'panel span-12', id, 'aria-labelledby': id + '-h' },
    h('div', { class: 'page-head' }, h('h2', { id: id + '-h' }, heading), h('span', { class: 'spacer' }),
      h('div', { class: 'field' }, h('label', { for: id + '-level' }, 'Level'), levelSelect),
      h('button', { type: 'button', class: 'btn', id: id + '-refresh', onclick: () => load() }, 'Refresh')),
    body);

  async function load() {
    try {
      const data = await api.get('/api/v1/logs', { level: levelSelect.value, serial, limit });
      const lines = listOf(data, 'lines').slice().reverse();
      body.replaceChildren(table([
        { label: 'Time', render: (l) => time(l.at, { short: true }) },
        { label: 'Level', render: (l) => h('span', { class: 'log-level ' + String(l.level).toLowerCase() }, l.level) },
        { label: 'Source', key: 'logger', cls: 'mono' },
        { label: 'Message', key: 'message', cls: 'mono log-message' },
      ], lines, {
        empty: serial ? 'No recent server log line names this serial.' : 'No log lines at this level.',
        caption: heading, rowAttrs: (l) => ({ 'data-level': l.level, 'data-sequence': l.sequence }),
      }));
      panel.dataset.loaded = String(lines.length);
    } catch (e) {
      body.replaceChildren(h('p', { class: 'form-error' }, e.message));
    }
  }
  load();
  return panel;
}
