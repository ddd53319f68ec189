// One Pi, by serial: every deployment it made (newest first), the card it was last written on, its current hostname.
import { api, listOf } from '../api.js';
import { h, time, table, badge } from '../dom.js';
import { deployment } from '../model.js';
import { cardText } from './deployments.js';

export default {
  title: 'Device',
  async render(root, args) {
    const serial = String(args[0] || '');
    const page = await api.get('/api/v1/deployments', { serial, limit: 1000 });
    const all = listOf(page, 'items', 'deployments').map(deployment);
    if (!all.length) throw new Error(`no deployment of a device with serial ${serial} is recorded`);
    const latest = all[0];
    const carded = all.find((d) => d.cardCid || d.cardName);
    root.append(h('div', { class: 'page-head', id: 'device-page', dataset: { serial } },
      h('h1', {}, latest.hostname || serial, ' ', h('span', { class: 'muted mono' }, serial))),
    h('div', { class: 'grid' },
      h('section', { class: 'panel span-12', 'aria-label': 'Device' },
        h('dl', { class: 'kv' },
          h('dt', {}, 'Hostname'), h('dd', { id: 'device-hostname' }, latest.hostname || '—', ' ',
            h('span', { class: 'muted' }, '(from its latest deployment)')),
          h('dt', {}, 'Venue / product'), h('dd', {}, h('a', { href: '#/venue/' + encodeURIComponent(latest.venue) }, latest.venue),
            ` / ${latest.product}`),
          h('dt', {}, 'MAC'), h('dd', { class: 'mono' }, latest.mac || '—'),
          h('dt', {}, 'SD card'), h('dd', { id: 'device-card' }, carded ? cardText(carded) : 'not reported'),
          h('dt', {}, 'Last phone-home'), h('dd', {}, time(all.map((d) => d.bootedAt).filter(Boolean).sort().pop())))),
      h('section', { class: 'panel span-12', id: 'device-deployments', 'aria-label': 'Deployments' },
        h('h2', {}, 'Deployments ', h('span', { class: 'count' }, String(all.length))),
        table([{ label: 'Deployment', render: (d) => h('a', { href: '#/deployments/' + encodeURIComponent(d.id) }, '#' + d.id) },
          { label: 'Hostname', key: 'hostname' }, { label: 'Status', render: (d) => badge(d.status) },
          { label: 'Image', key: 'image' }, { label: 'SD card', render: cardText },
          { label: 'Started', render: (d) => time(d.startedAt) }, { label: 'First boot', render: (d) => time(d.bootedAt) },
          { label: 'Failure', render: (d) => (d.error ? `${d.step ? d.step + ': ' : ''}${d.error}` : '') }],
        all))));
  },
};
