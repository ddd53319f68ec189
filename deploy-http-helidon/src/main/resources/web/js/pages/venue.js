// One venue: its pools (free / assigned / retired per product), its batches, recent deployments, and the devices seen
// there with their last phone-home. Reached from the dashboard, the deployments and the reports.
import { api, listOf } from '../api.js';
import { h, time, table, badge } from '../dom.js';
import { deployment } from '../model.js';
import { cardText } from './deployments.js';

const RECENT = 200;

export default {
  title: 'Venue',
  async render(root, args) {
    const code = String(args[0] || '').toUpperCase();
    const [venues, pool, batches, page] = await Promise.all([
      api.get('/api/v1/venues'),
      api.get('/api/v1/pools/' + encodeURIComponent(code)),
      api.get('/api/v1/batches'),
      api.get('/api/v1/deployments', { venue: code, limit: RECENT }),
    ]);
    const venue = listOf(venues, 'venues').find((v) => v.code === code);
    if (!venue) throw new Error(`venue ${code} does not exist`);
    const deployments = listOf(page, 'items', 'deployments').map(deployment);
    // Newest first, so the first deployment of each serial is its latest.
    const devices = new Map();
    for (const d of deployments) {
      const key = d.serial || d.mac;
      if (!key) continue;
      const seen = devices.get(key);
      if (!seen) devices.set(key, { latest: d, lastBoot: d.bootedAt || null });
      else if (d.bootedAt && (!seen.lastBoot || d.bootedAt > seen.lastBoot)) seen.lastBoot = d.bootedAt;
    }
    const serialLink = (s) => (s ? h('a', { href: '#/device/' + encodeURIComponent(s), class: 'mono' }, s) : '—');

    root.append(h('div', { class: 'page-head', id: 'venue-page', dataset: { venue: code } },
      h('h1', {}, `${venue.name} `, h('span', { class: 'muted mono' }, code)),
      h('p', { class: 'muted' }, [venue.location, venue.contact_email].filter(Boolean).join(' · '),
        ' · ', h('a', { href: '#/reports?venue=' + encodeURIComponent(code) }, 'Reports for this venue'))),
    h('div', { class: 'grid' },
      h('section', { class: 'panel span-6', id: 'venue-pools', 'aria-label': 'Pools' }, h('h2', {}, 'Pools'),
        table([{ label: 'Product', key: 'product' }, { label: 'Free', key: 'available', num: true },
          { label: 'Assigned', key: 'assigned', num: true }, { label: 'Retired', key: 'retired', num: true }],
        listOf(pool, 'counts'), { empty: 'No pool for this venue yet.' })),
      h('section', { class: 'panel span-6', id: 'venue-batches', 'aria-label': 'Batches' }, h('h2', {}, 'Batches'),
        table([{ label: 'Batch', render: (b) => '#' + b.id }, { label: 'Product', key: 'product' },
          { label: 'State', render: (b) => badge(b.state) }, { label: 'Remaining', render: (b) => `${b.remaining} of ${b.count}`, num: true },
          { label: 'Priority', key: 'priority', num: true }],
        listOf(batches, 'batches').filter((b) => b.venue === code), { empty: 'No batch for this venue.' })),
      h('section', { class: 'panel span-12', id: 'venue-devices', 'aria-label': 'Devices' },
        h('h2', {}, 'Devices ', h('span', { class: 'count' }, `seen in the last ${RECENT} deployments`)),
        table([{ label: 'Serial', render: (e) => serialLink(e.latest.serial) },
          { label: 'Hostname', key: 'hostname', render: (e) => e.latest.hostname },
          { label: 'Latest deployment', render: (e) => badge(e.latest.status) },
          { label: 'SD card', render: (e) => cardText(e.latest) },
          { label: 'Last phone-home', render: (e) => time(e.lastBoot) }],
        [...devices.values()], { empty: 'No device has been deployed here yet.' })),
      h('section', { class: 'panel span-12', id: 'venue-deployments', 'aria-label': 'Recent deployments' },
        h('h2', {}, 'Recent deployments'),
        table([{ label: 'Hostname', render: (d) => h('a', { href: '#/deployments/' + encodeURIComponent(d.id) }, d.hostname || d.id) },
          { label: 'Serial', render: (d) => serialLink(d.serial) }, { label: 'Product', key: 'product' },
          { label: 'Status', render: (d) => badge(d.status) }, { label: 'Started', render: (d) => time(d.startedAt) }],
        deployments.slice(0, 20), { empty: 'No deployment yet.' }))));
  },
};
