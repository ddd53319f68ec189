// Deployments: filter by venue, product, status and date; each deployment's details and event history; CSV export.
import { api, listOf } from '../api.js';
import { h, time, table, badge, bytes, progressBar, rate, TIME_ZONE } from '../dom.js';
import { onEvent } from '../events.js';
import { logsPanel } from '../logs.js';
import { venues, products, options, deployment, historyEvent, STATUSES } from '../model.js';

const PAGE = 200;

// A local calendar day (from <input type="date">) as the instant it starts in the operator's time zone.
function dayStart(value, plusDays = 0) {
  if (!value) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

export default {
  title: 'Deployments',
  async render(root, args, query) {
    const [venueList, productList] = await Promise.all([venues(), products()]);
    const f = {
      venue: query.get('venue') || '', product: query.get('product') || '', status: query.get('status') || '',
      from: query.get('from') || '', to: query.get('to') || '', hostname: query.get('hostname') || '',
    };
    let offset = 0;
    let rows = [];
    const selected = args[0] ? decodeURIComponent(args[0]) : '';

    const listEl = h('div', { id: 'deployment-list' });
    const detailEl = h('section', { class: 'panel span-12', id: 'deployment-detail', 'aria-labelledby': 'h-ddetail', hidden: true });
    const more = h('button', { type: 'button', class: 'btn', hidden: true, onclick: () => load(true) }, 'Load more');
    const csv = h('a', { class: 'btn', id: 'csv-export', download: 'deployments.csv' }, 'Export CSV');

    const select = (id, label, opts, key) => h('div', { class: 'field' }, h('label', { for: id }, label),
      h('select', { id, onchange: (e) => { f[key] = e.target.value; apply(); } },
        opts.map(([v, t]) => h('option', { value: v, selected: v === f[key] }, t))));
    const date = (id, label, key) => h('div', { class: 'field' }, h('label', { for: id }, label),
      h('input', { id, type: 'date', value: f[key], onchange: (e) => { f[key] = e.target.value; apply(); } }));

    const filters = h('form', { class: 'inline', id: 'deployment-filter', role: 'search', onsubmit: (e) => { e.preventDefault(); apply(); } },
      select('df-venue', 'Venue', options(venueList, (v) => v.code, (v) => v.code, { any: 'All venues' }), 'venue'),
      select('df-product', 'Product', options(productList, (p) => p.code, (p) => p.code, { any: 'All products' }), 'product'),
      select('df-status', 'Status', [['', 'Any status'], ...STATUSES.map((s) => [s, s])], 'status'),
      date('df-from', 'From (day)', 'from'),
      date('df-to', 'To (day, inclusive)', 'to'),
      h('div', { class: 'field grow' }, h('label', { for: 'df-hostname' }, 'Hostname'),
        h('input', { id: 'df-hostname', type: 'search', value: f.hostname, placeholder: 'KXP2-CORO-001',
          onchange: (e) => { f.hostname = e.target.value.trim().toUpperCase(); apply(); } })),
      h('div', { class: 'field submit' }, csv));

    root.append(
      h('div', { class: 'page-head' }, h('h1', {}, 'Deployments'), h('span', { class: 'spacer' }),
        h('span', { class: 'muted' }, `Dates and times in ${TIME_ZONE}`)),
      h('div', { class: 'grid' },
        h('section', { class: 'panel span-12', 'aria-label': 'Filters' }, filters),
        detailEl,
        h('section', { class: 'panel span-12', 'aria-labelledby': 'h-dlist' }, h('h2', { id: 'h-dlist' }, 'Results'), listEl, more)));

    function params() {
      return {
        venue: f.venue, product: f.product, status: f.status, hostname: f.hostname,
        from: dayStart(f.from), to: dayStart(f.to, 1),
      };
    }

    function apply() {
      const q = new URLSearchParams(Object.entries(f).filter(([, v]) => v));
      history.replaceState(null, '', '#/deployments' + (selected ? '/' + encodeURIComponent(selected) : '') + (q.toString() ? '?' + q : ''));
      const u = new URL('/api/v1/deployments', location.origin);
      for (const [k, v] of Object.entries({ ...params(), format: 'csv' })) if (v) u.searchParams.set(k, v);
      csv.href = u.pathname + u.search;
      load(false);
    }

    async function load(append) {
      offset = append ? offset + PAGE : 0;
      const page = listOf(await api.get('/api/v1/deployments', { ...params(), limit: PAGE, offset }), 'deployments')
        .map(deployment).filter(Boolean);
      rows = append ? rows.concat(page) : page;
      more.hidden = page.length < PAGE;
      listEl.replaceChildren(table([
        { label: 'Hostname', render: (d) => h('a', { href: '#/deployments/' + encodeURIComponent(d.id) }, d.hostname || d.id) },
        { label: 'Serial', render: (d) => h('span', { class: 'mono' }, d.serial || d.mac || '—') },
        { label: 'Venue', key: 'venue' },
        { label: 'Product', key: 'product' },
        { label: 'Image', key: 'image' },
        { label: 'Status', render: (d) => [badge(d.status), d.verified ? null : h('span', { class: 'muted unverified', title: 'legacy client: its reports carry no device secret' }, ' unverified'),
          d.refusedReports ? h('span', { class: 'failure-reason refused', title: 'status reports refused as spoofing attempts' }, ` ${d.refusedReports} refused`) : null] },
        { label: 'Progress', render: (d) => progressBar(d.bytesDone, d.bytesTotal, { status: d.status, label: `progress of ${d.hostname}` }) },
        { label: 'Started', render: (d) => time(d.startedAt) },
        { label: 'Error', cls: 'failure-reason', render: (d) => d.error ? `${d.step ? d.step + ': ' : ''}${d.error}` : '' },
      ], rows, { empty: 'No deployment matches these filters.',
        rowAttrs: (d) => ({ dataset: { deploymentId: d.id }, class: d.id === selected ? 'selected' : null }) }));
    }

    async function showDetail(id) {
      detailEl.hidden = false;
      detailEl.replaceChildren(h('h2', { id: 'h-ddetail' }, 'Deployment ' + id), h('p', { class: 'muted' }, 'Loading…'));
      try {
        const [d, hist] = await Promise.all([
          api.get('/api/v1/deployments/' + encodeURIComponent(id)).then(deployment),
          api.get(`/api/v1/deployments/${encodeURIComponent(id)}/history`),
        ]);
        const events = listOf(hist, 'events', 'history').map(historyEvent);
        detailEl.replaceChildren(
          h('h2', { id: 'h-ddetail' }, `${d.hostname || 'Deployment'} `, badge(d.status),
            h('a', { href: '#/deployments', class: 'btn btn-small', style: { marginLeft: 'auto' } }, 'Close')),
          h('div', { class: 'grid' },
            h('dl', { class: 'kv span-6' },
              h('dt', {}, 'Deployment'), h('dd', { class: 'mono' }, d.id),
              h('dt', {}, 'Serial / MAC'), h('dd', { class: 'mono' }, d.serial
                ? h('a', { href: '#/device/' + encodeURIComponent(d.serial) }, d.serial) : '—', ` / ${d.mac || '—'}`),
              h('dt', {}, 'SD card'), h('dd', { id: 'deployment-card' }, cardText(d)),
              h('dt', {}, 'Address'), h('dd', { class: 'mono' }, d.ip || '—'),
              h('dt', {}, 'Answered by'), h('dd', { id: 'deployment-answered-by' }, d.answeredBy || '—'),
              h('dt', {}, 'Venue / product'), h('dd', {}, h('a', { href: '#/venue/' + encodeURIComponent(d.venue) }, d.venue), ` / ${d.product}`),
              h('dt', {}, 'Image'), h('dd', {}, d.image || '—'),
              h('dt', {}, 'Batch'), h('dd', {}, d.batch ? '#' + d.batch : '—'),
              h('dt', {}, 'Written'), h('dd', {}, `${bytes(d.bytesDone)} of ${bytes(d.bytesTotal)}`, d.writeRate ? ` at ${rate(d.writeRate)}` : ''),
              h('dt', {}, 'Started'), h('dd', {}, time(d.startedAt)),
              h('dt', {}, 'Finished'), h('dd', {}, time(d.finishedAt)),
              h('dt', {}, 'First boot'), h('dd', {}, time(d.bootedAt)),
              h('dt', {}, 'Device proof'), h('dd', { id: 'deployment-proof' }, d.verified
                ? 'verified: reports carry the device secret' : 'unverified: legacy client, reports carry no device secret'),
              h('dt', {}, 'Refused reports'), h('dd', { id: 'deployment-refused', class: d.refusedReports ? 'failure-reason' : null },
                d.refusedReports ? `${d.refusedReports} spoofing attempt(s), see the audit log (device.spoof_refused)` : 'none'),
              d.error ? [h('dt', {}, 'Failure'), h('dd', { class: 'failure-reason' }, `${d.step ? d.step + ': ' : ''}${d.error}`)] : null),
            h('div', { class: 'span-6' }, h('h3', {}, 'History'),
              events.length ? h('ol', { class: 'timeline', id: 'deployment-history' }, events.map((e) => h('li', { class: e.status },
                time(e.at), ' ', badge(e.status), ' ', e.type === 'progress' && e.bytesTotal ? `${bytes(e.bytesDone)} of ${bytes(e.bytesTotal)}` : '',
                e.message ? h('div', {}, e.message) : null)))
                : h('p', { class: 'empty' }, 'No events recorded.')),
            d.serial ? logsPanel({ id: 'deployment-logs', serial: d.serial, level: 'debug', heading: 'Server log lines naming ' + d.serial }) : null));
      } catch (e) {
        detailEl.replaceChildren(h('h2', { id: 'h-ddetail' }, 'Deployment ' + id), h('p', { class: 'form-error' }, e.message));
      }
    }

    let timer = null;
    const offs = [onEvent('*', (data, name) => {
      const d = deployment(data);
      if (name === 'refresh' || (d && (rows.some((r) => r.id === d.id) || name === 'deployment'))) {
        clearTimeout(timer);
        timer = setTimeout(() => { load(false).catch(() => {}); if (selected && d?.id === selected) showDetail(selected); }, 1000);
      }
    })];

    apply();
    if (selected) showDetail(selected);
    return () => { offs.forEach((o) => o()); clearTimeout(timer); };
  },
};

/** Vendor (manufacturer id), product name, CID and measured write rate of the card a deployment wrote. */
export function cardText(d) {
  if (!d.cardCid && !d.cardName && !d.cardManfid) return 'not reported';
  return `${d.cardManfid || '?'} ${d.cardName || '?'} · CID ${d.cardCid || '—'}`
    + (d.writeRate ? ` · written at ${rate(d.writeRate)}` : '');
}
