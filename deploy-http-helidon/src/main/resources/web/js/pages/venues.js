// Venues: list with pool usage, create, edit (name, location, contact; the code is part of hostnames and stays).
import { onChange } from '../events.js';
import { api } from '../api.js';
import { h, time, table, toast } from '../dom.js';
import { form } from '../forms.js';
import { onlyIf } from '../session.js';
import { venues, pool } from '../model.js';

function usage(counts) {
  if (!counts || !counts.length) return h('span', { class: 'muted' }, 'no pool');
  return h('ul', { class: 'plain' }, counts.map((c) => h('li', { class: 'nowrap' },
    h('strong', {}, c.product), ` ${c.available} free · ${c.assigned} assigned · ${c.retired} retired`)));
}

export default {
  title: 'Venues',
  async render(root) {
    const listEl = h('div', { id: 'venue-list' });
    const editEl = h('div', { id: 'venue-edit', class: 'span-12', hidden: true });
    const create = form({
      id: 'venue-create',
      submitLabel: 'Create venue',
      fields: [
        { name: 'code', label: 'Code', required: true, placeholder: 'CORO', maxlength: 4, hint: '4 letters or digits', aliases: ['venue_code'] },
        { name: 'name', label: 'Name', required: true, grow: true, placeholder: 'Coronado karting' },
        { name: 'location', label: 'Location', grow: true },
        { name: 'contact_email', label: 'Contact email', type: 'email', grow: true, aliases: ['email'] },
      ],
      onSubmit: async (v) => {
        const created = await api.post('/api/v1/venues', v);
        toast(`Venue ${created?.code ?? v.code.toUpperCase()} created.`);
        create.reset();
        await load();
      },
    });

    root.append(
      h('div', { class: 'page-head' }, h('h1', {}, 'Venues')),
      h('div', { class: 'grid' },
        onlyIf('operator', h('section', { class: 'panel span-12', 'aria-labelledby': 'h-vnew' }, h('h2', { id: 'h-vnew' }, 'New venue'), create)),
        editEl,
        h('section', { class: 'panel span-12', 'aria-labelledby': 'h-vlist' }, h('h2', { id: 'h-vlist' }, 'All venues'), listEl)));

    function closeEdit() {
      editEl.hidden = true;
      editEl.replaceChildren();
    }

    function edit(v) {
      const f = form({
        id: 'venue-edit-form',
        submitLabel: 'Save changes',
        fields: [
          { name: 'name', label: 'Name', required: true, grow: true, value: v.name },
          { name: 'location', label: 'Location', grow: true, value: v.location },
          { name: 'contact_email', label: 'Contact email', type: 'email', grow: true, value: v.email, aliases: ['email'] },
        ],
        extra: h('div', { class: 'field submit' },
          h('button', { type: 'button', class: 'btn', id: 'venue-edit-cancel', onclick: closeEdit }, 'Cancel')),
        onSubmit: async (values) => {
          await api.put('/api/v1/venues/' + encodeURIComponent(v.code), values);
          toast(`Venue ${v.code} saved.`);
          closeEdit();
          await load();
        },
      });
      editEl.replaceChildren(h('section', { class: 'panel', 'aria-labelledby': 'h-vedit' },
        h('h2', { id: 'h-vedit' }, `Edit venue ${v.code}`), f));
      editEl.hidden = false;
      f.querySelector('input').focus();
    }

    async function load() {
      const list = await venues();
      const pools = await Promise.all(list.map((v) =>
        api.get('/api/v1/pools/' + encodeURIComponent(v.code)).then(pool).catch(() => null)));
      const rows = list.map((v, i) => ({ ...v, counts: pools[i]?.counts ?? v.pool }));
      listEl.replaceChildren(table([
        { label: 'Code', render: (v) => h('strong', { class: 'mono' }, v.code) },
        { label: 'Name', key: 'name' },
        { label: 'Location', key: 'location' },
        { label: 'Contact', render: (v) => v.email ? h('a', { href: 'mailto:' + v.email }, v.email) : '—' },
        { label: 'Pool usage', render: (v) => usage(v.counts) },
        { label: 'Created', render: (v) => time(v.createdAt) },
        { label: 'Actions', render: (v) => h('div', { class: 'row-actions' },
          onlyIf('operator', h('button', { type: 'button', class: 'btn btn-small', onclick: () => edit(v), 'aria-label': `Edit venue ${v.code}` }, 'Edit')),
          h('a', { class: 'btn btn-small', href: '#/pools?venue=' + encodeURIComponent(v.code) }, 'Pool')) },
      ], rows, { empty: 'No venues yet.', rowAttrs: (v) => ({ dataset: { venue: v.code } }) }));
    }
    const off = onChange(['venues', 'pools'], load);
    await load();
    return off;
  },
};
