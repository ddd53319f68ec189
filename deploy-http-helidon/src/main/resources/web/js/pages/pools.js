// Hostname pools per venue: bulk import of number ranges, list with filters, release and retire.
import { onChange } from '../events.js';
import { api } from '../api.js';
import { h, time, table, badge, toast, confirmAction } from '../dom.js';
import { form, act } from '../forms.js';
import { can, onlyIf } from '../session.js';
import { venues, products, options, pool } from '../model.js';

export default {
  title: 'Pools',
  async render(root, args, query) {
    const [venueList, productList] = await Promise.all([venues(), products()]);
    const poolProducts = productList.filter((p) => !p.strategy || p.strategy === 'pool');
    const state = {
      venue: query.get('venue') || venueList[0]?.code || '',
      product: query.get('product') || '',
      status: query.get('state') || '',
      text: '',
    };
    const countsEl = h('div', { id: 'pool-counts' });
    const listEl = h('div', { id: 'pool-list' });

    if (!venueList.length) {
      root.append(h('h1', {}, 'Pools'), h('p', {}, 'Create a venue first: ', h('a', { href: '#/venues' }, 'Venues'), '.'));
      return;
    }

    const filterForm = h('form', { class: 'inline', id: 'pool-filter', role: 'search', onsubmit: (e) => e.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: 'pf-venue' }, 'Venue'),
        h('select', { id: 'pf-venue', onchange: (e) => { state.venue = e.target.value; syncHash(); load(); } },
          options(venueList, (v) => v.code, (v) => `${v.code} — ${v.name}`).map(([v, t]) => h('option', { value: v, selected: v === state.venue }, t)))),
      h('div', { class: 'field' }, h('label', { for: 'pf-product' }, 'Product'),
        h('select', { id: 'pf-product', onchange: (e) => { state.product = e.target.value; draw(); } },
          options(productList, (p) => p.code, (p) => p.code, { any: 'All products' }).map(([v, t]) => h('option', { value: v, selected: v === state.product }, t)))),
      h('div', { class: 'field' }, h('label', { for: 'pf-state' }, 'State'),
        h('select', { id: 'pf-state', onchange: (e) => { state.status = e.target.value; draw(); } },
          [['', 'Any state'], ['available', 'Available'], ['assigned', 'Assigned'], ['retired', 'Retired']]
            .map(([v, t]) => h('option', { value: v, selected: v === state.status }, t)))),
      h('div', { class: 'field grow' }, h('label', { for: 'pf-text' }, 'Hostname contains'),
        h('input', { id: 'pf-text', type: 'search', oninput: (e) => { state.text = e.target.value.trim().toUpperCase(); draw(); } })));

    const importForm = form({
      id: 'pool-import',
      submitLabel: 'Import',
      fields: [
        { name: 'product', label: 'Product', type: 'select', required: true, aliases: ['product_type', 'product_code'],
          options: options(poolProducts, (p) => p.code, (p) => p.code) },
        { name: 'numbers', label: 'Numbers', type: 'textarea', rows: 4, required: true, grow: true, placeholder: '1-50,77\nor paste kart numbers, one per line', aliases: ['ranges'],
          hint: 'Ranges and single numbers, separated by commas, spaces or new lines (paste a column of kart numbers). One bad entry imports nothing. Numbers already in the pool are skipped.' },
      ],
      onSubmit: async (v) => {
        const r = await api.post(`/api/v1/pools/${encodeURIComponent(state.venue)}/import`, v);
        const added = r?.added ?? r?.imported ?? r?.created;
        toast(added !== undefined ? `${added} hostname(s) added to ${state.venue}.` : `Imported into ${state.venue}.`);
        importForm.controls.get('numbers').value = '';
        await load();
      },
    });

    root.append(
      h('div', { class: 'page-head' }, h('h1', {}, 'Hostname pools')),
      h('div', { class: 'grid' },
        h('section', { class: 'panel span-12', 'aria-labelledby': 'h-pf' }, h('h2', { id: 'h-pf' }, 'Venue and filters'), filterForm),
        onlyIf('operator', h('section', { class: 'panel span-6', 'aria-labelledby': 'h-pi' }, h('h2', { id: 'h-pi' }, 'Import numbers'), importForm)),
        h('section', { class: 'panel span-6', 'aria-labelledby': 'h-pc' }, h('h2', { id: 'h-pc' }, 'Usage'), countsEl),
        h('section', { class: 'panel span-12', 'aria-labelledby': 'h-pl' }, h('h2', { id: 'h-pl' }, 'Hostnames'), listEl)));

    let data = { entries: [], counts: [] };

    function syncHash() {
      history.replaceState(null, '', '#/pools?venue=' + encodeURIComponent(state.venue));
    }

    async function changeEntry(button, entry, verb) {
      const warn = verb === 'retire'
        ? `Retire ${entry.hostname}? A retired hostname is never handed out again.`
        : `Release ${entry.hostname}? Its device loses the name and the next device may get it.`;
      if (!(await confirmAction(warn, { title: verb === 'retire' ? 'Retire hostname' : 'Release hostname', ok: verb === 'retire' ? 'Retire' : 'Release' }))) return;
      if (await act(button, () => api.post(`/api/v1/hostnames/${encodeURIComponent(entry.hostname)}/${verb}`), `${entry.hostname} ${verb === 'retire' ? 'retired' : 'released'}.`)) {
        await load();
      }
    }

    function draw() {
      countsEl.replaceChildren(table([
        { label: 'Product', key: 'product' },
        { label: 'Available', key: 'available', num: true },
        { label: 'Assigned', key: 'assigned', num: true },
        { label: 'Retired', key: 'retired', num: true },
      ], data.counts, { empty: `The pool of ${state.venue} is empty. Import numbers to fill it.` }));
      const rows = data.entries.filter((e) => (!state.product || e.product === state.product)
        && (!state.status || e.state === state.status) && (!state.text || e.hostname.includes(state.text)));
      const shown = rows.slice(0, 500);
      listEl.replaceChildren(
        h('p', { class: 'muted' }, `${rows.length} of ${data.entries.length} hostname(s)` + (rows.length > shown.length ? `, first ${shown.length} shown` : '')),
        table([
          { label: 'Hostname', render: (e) => h('span', { class: 'mono' }, e.hostname) },
          { label: 'Product', key: 'product' },
          { label: 'Number', key: 'number', num: true },
          { label: 'State', render: (e) => badge(e.state) },
          { label: 'Device', render: (e) => e.holder ? h('a', { class: 'mono', dataset: { role: 'holder' },
            href: '#/deployments?hostname=' + encodeURIComponent(e.hostname), title: 'Deployments of this hostname' }, e.holder)
            : e.holderDevice ? `device #${e.holderDevice}` : '—' },
          { label: 'Assigned', render: (e) => time(e.assignedAt) },
          { label: 'Actions', render: (e) => !can('operator') ? '—' : h('div', { class: 'row-actions' },
            e.state === 'assigned' ? h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Release ${e.hostname}`,
              onclick: (ev) => changeEntry(ev.currentTarget, e, 'release') }, 'Release') : null,
            e.state !== 'retired' ? h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': `Retire ${e.hostname}`,
              onclick: (ev) => changeEntry(ev.currentTarget, e, 'retire') }, 'Retire') : null) },
        ], shown, { empty: 'No hostname matches.', rowAttrs: (e) => ({ dataset: { hostname: e.hostname } }) }));
    }

    async function load() {
      try {
        data = pool(await api.get('/api/v1/pools/' + encodeURIComponent(state.venue)));
      } catch (e) {
        data = { entries: [], counts: [] };
        toast(e.message, { error: true });
      }
      draw();
    }
    const off = onChange(['pools', 'venues', 'products'], load);
    await load();
    return off;
  },
};
