// One Pi, by serial: the hostname it holds now, every deployment it made (newest first) and the card it was written on.
import { api } from '../api.js';
import { h, time, table, badge } from '../dom.js';
import { deployment } from '../model.js';
import { cardText } from './deployments.js';

export default {
  title: 'Device',
  async render(root, args) {
    const serial = String(args[0] || '');
    const dev = await api.get('/api/v1/devices/' + encodeURIComponent(serial));
    const all = (dev.deployments || []).map(deployment);
    const latest = all[0];
    const carded = all.find((d) => d.cardCid || d.cardName);
    root.append(h('div', { class: 'page-head', id: 'device-page', dataset: { serial } },
      h('h1', {}, dev.hostname || latest?.hostname || serial, ' ', h('span', { class: 'muted mono' }, serial))),
    h('div', { class: 'grid' },
      h('section', { class: 'panel span-12', 'aria-label': 'Device' },
        h('dl', { class: 'kv' },
          h('dt', {}, 'Hostname'), h('dd', { id: 'device-hostname' }, dev.hostname
            || h('span', { class: 'muted' }, 'none held (released); its next request gets a new one')),
          latest ? [h('dt', {}, 'Venue / product'), h('dd', {},
            h('a', { href: '#/venue/' + encodeURIComponent(latest.venue) }, latest.venue), ` / ${latest.product}`)] : null,
          h('dt', {}, 'MAC'), h('dd', { class: 'mono' }, dev.mac || '—'),
          h('dt', {}, 'SD card'), h('dd', { id: 'device-card' }, carded ? cardText(carded) : 'not reported'),
          h('dt', {}, 'First / last seen'), h('dd', {}, time(dev.first_seen), ' / ', time(dev.last_seen)),
          h('dt', {}, 'Last phone-home'), h('dd', {}, time(all.map((d) => d.bootedAt).filter(Boolean).sort().pop())))),
      h('section', { class: 'panel span-12', id: 'device-deployments', 'aria-label': 'Deployments' },
        h('h2', {}, 'Deployments ', h('span', { class: 'count' }, String(all.length))),
        table([{ label: 'Deployment', render: (d) => h('a', { href: '#/deployments/' + encodeURIComponent(d.id) }, '#' + d.id) },
          { label: 'Hostname', key: 'hostname' }, { label: 'Status', render: (d) => badge(d.status) },
          { label: 'Image', key: 'image' }, { label: 'SD card', render: cardText },
          { label: 'Started', render: (d) => time(d.startedAt) }, { label: 'First boot', render: (d) => time(d.bootedAt) },
          { label: 'Failure', render: (d) => (d.error ? `${d.step ? d.step + ': ' : ''}${d.error}` : '') }],
        all, { empty: 'No deployment recorded.' }))));
  },
};
