// Reports: how the last weeks went, per day, venue, product, step and card model. The figures come from
// GET /api/v1/reports/{name} (the same as `pideploy report`); each panel links its CSV. Charts are SVG (ADR-0057).
import { api, listOf } from '../api.js';
import { h, table, duration, rate } from '../dom.js';
import { stackedBars, horizontalBars } from '../chart.js';

const pct = (v) => (v === null || v === undefined ? '—' : (v * 100).toFixed(1) + ' %');
const secs = (v) => (v === null || v === undefined ? '—' : duration(v));
const venueLink = (code) => h('a', { href: '#/venue/' + encodeURIComponent(code), class: 'venue-link' }, code);

/** UTC days: the per-day report counts by UTC day, and a date field names one. */
function filterFromQuery(query) {
  const f = {};
  if (query.get('from')) f.from = query.get('from') + 'T00:00:00Z';
  if (query.get('to')) {
    const d = new Date(query.get('to') + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + 1);
    f.to = d.toISOString().replace('.000Z', 'Z');
  }
  if (query.get('venue')) f.venue = query.get('venue');
  if (query.get('product')) f.product = query.get('product');
  return f;
}

function csvHref(name, filter) {
  const q = new URLSearchParams({ ...filter, format: 'csv' });
  return `/api/v1/reports/${name}?${q}`;
}

function panel(name, heading, filter, span, ...body) {
  return h('section', { class: `panel ${span}`, id: 'report-' + name, 'aria-label': heading },
    h('h2', {}, heading, h('a', { class: 'csv-link', href: csvHref(name, filter), download: name + '.csv' }, 'CSV')),
    ...body);
}

export default {
  title: 'Reports',
  async render(root, args, query) {
    const filter = filterFromQuery(query);
    const [venues, products] = await Promise.all([api.get('/api/v1/venues'), api.get('/api/v1/products')]);
    const get = (name) => api.get('/api/v1/reports/' + name, filter);
    const [perDay, byVenue, byProduct, failures, cards, boot] = await Promise.all(
      ['deployments-per-day', 'venues', 'products', 'failures', 'card-models', 'time-to-first-boot'].map(get));

    const select = (id, label, items, value) => h('div', { class: 'field' }, h('label', { for: id }, label),
      h('select', { id, name: id.replace('rf-', '') }, h('option', { value: '' }, 'All'),
        items.map((code) => h('option', { value: code, selected: code === value }, code))));
    const form = h('form', { class: 'inline', id: 'report-filter', role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        const q = new URLSearchParams();
        for (const el of form.querySelectorAll('input, select')) if (el.value) q.set(el.name, el.value);
        location.hash = '#/reports' + (q.toString() ? '?' + q : '');
      } },
    h('div', { class: 'field' }, h('label', { for: 'rf-from' }, 'From (UTC day)'),
      h('input', { id: 'rf-from', name: 'from', type: 'date', value: query.get('from') || perDay.from.slice(0, 10) })),
    h('div', { class: 'field' }, h('label', { for: 'rf-to' }, 'To (UTC day, included)'),
      h('input', { id: 'rf-to', name: 'to', type: 'date', value: query.get('to') || '' })),
    select('rf-venue', 'Venue', listOf(venues, 'venues').map((v) => v.code), query.get('venue')),
    select('rf-product', 'Product', listOf(products, 'products').map((p) => p.code), query.get('product')),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Show')));

    const days = perDay.rows.map((r) => ({ label: r.day, values: r }));
    const legend = h('p', { class: 'chart-legend' },
      h('span', {}, h('span', { class: 'key ok' }), 'succeeded'), h('span', {}, h('span', { class: 'key bad' }), 'failed'),
      h('span', {}, h('span', { class: 'key busy' }), 'in flight'));
    const outcomeColumns = (key, link) => [
      { label: key === 'venue' ? 'Venue' : 'Product', render: (r) => (link ? venueLink(r[key]) : r[key]) },
      { label: 'Deployments', key: 'deployments', num: true },
      { label: 'Succeeded', key: 'succeeded', num: true },
      { label: 'Failed', key: 'failed', num: true },
      { label: 'Success rate', render: (r) => pct(r.success_rate), num: true },
      { label: 'Median', render: (r) => secs(r.median_seconds), num: true },
      { label: 'p95', render: (r) => secs(r.p95_seconds), num: true },
    ];
    const rateBars = (rows, key, id) => horizontalBars(rows.map((r) => ({ label: r[key], value: r.success_rate })),
      { title: `Success rate per ${key}`, max: 1, format: pct, id });
    const steps = failures.rows.filter((r) => r.group === 'step');
    const models = failures.rows.filter((r) => r.group === 'card_model');

    root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Reports'),
      h('p', { class: 'muted' }, `${perDay.from.slice(0, 10)} to ${perDay.to.slice(0, 16).replace('T', ' ')} UTC`)),
    h('div', { class: 'grid' },
      h('section', { class: 'panel span-12', 'aria-label': 'Filter' }, form),
      panel('deployments-per-day', 'Deployments per day', filter, 'span-12', legend,
        stackedBars(days, [{ key: 'succeeded', label: 'succeeded', cls: 'ok' }, { key: 'failed', label: 'failed', cls: 'bad' },
          { key: 'in_flight', label: 'in flight', cls: 'busy' }], { title: 'Deployments per day by outcome', id: 'chart-per-day' })),
      panel('venues', 'Venues', filter, 'span-6', rateBars(byVenue.rows, 'venue', 'chart-venues'),
        table(outcomeColumns('venue', true), byVenue.rows, { empty: 'No deployments in this period.' })),
      panel('products', 'Products', filter, 'span-6', rateBars(byProduct.rows, 'product', 'chart-products'),
        table(outcomeColumns('product', false), byProduct.rows, { empty: 'No deployments in this period.' })),
      panel('failures', 'Failures', filter, 'span-6',
        steps.length ? horizontalBars(steps.map((r) => ({ label: r.key, value: r.failures, cls: 'bad' })),
          { title: 'Failures by installer step', id: 'chart-failure-steps' }) : null,
        table([{ label: 'By', render: (r) => (r.group === 'step' ? 'step' : 'card model') }, { label: 'Which', key: 'key' },
          { label: 'Failures', key: 'failures', num: true }, { label: 'Share', render: (r) => pct(r.share), num: true }],
        [...steps, ...models], { empty: 'No failures in this period.' })),
      panel('card-models', 'SD card models', filter, 'span-6',
        cards.rows.length ? horizontalBars(cards.rows.map((r) => ({ label: r.model, value: r.median_write_rate, cls: 'accent' })),
          { title: 'Median write rate per card model', format: rate, id: 'chart-card-rates' }) : null,
        table([{ label: 'Model (manfid/name)', key: 'model' }, { label: 'Deployments', key: 'deployments', num: true },
          { label: 'Failure rate', render: (r) => pct(r.failure_rate), num: true },
          { label: 'Median write', render: (r) => rate(r.median_write_rate), num: true },
          { label: 'Slowest', render: (r) => rate(r.slowest_write_rate), num: true }],
        cards.rows, { empty: 'No card reported in this period.' })),
      panel('time-to-first-boot', 'Time from success to first boot', filter, 'span-12',
        table([{ label: 'Venue', render: (r) => venueLink(r.venue) }, { label: 'Product', key: 'product' },
          { label: 'Succeeded', key: 'succeeded', num: true }, { label: 'Phoned home', key: 'booted', num: true },
          { label: 'Median', render: (r) => secs(r.median_seconds), num: true },
          { label: 'p95', render: (r) => secs(r.p95_seconds), num: true }],
        boot.rows, { empty: 'No successful deployment in this period.' }))));
  },
};
