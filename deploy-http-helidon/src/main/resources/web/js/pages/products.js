// Products: the hostname strategy of each (pool numbers or device serial) and its active image; add a product.
import { onChange } from '../events.js';
import { api, listOf } from '../api.js';
import { h, time, table, toast, pick } from '../dom.js';
import { form } from '../forms.js';
import { onlyIf } from '../session.js';
import { image } from '../model.js';

export default {
  title: 'Products',
  async render(root) {
    const listEl = h('div', { id: 'product-list' });
    const add = form({
      id: 'product-add',
      submitLabel: 'Add product',
      fields: [
        { name: 'code', label: 'Code', required: true, placeholder: 'KXP3', maxlength: 16, hint: '2-16 letters or digits' },
        { name: 'strategy', label: 'Hostname from', type: 'select', required: true,
          options: [['pool', 'a number from the venue\'s pool'], ['serial', 'the device serial (last 8)']] },
      ],
      onSubmit: async (v) => {
        await api.post('/api/v1/products', v);
        toast(`Product ${v.code.toUpperCase()} added.`);
        add.reset();
        await load();
      },
    });
    root.append(
      h('div', { class: 'page-head' }, h('h1', {}, 'Products')),
      h('div', { class: 'grid' },
        onlyIf('operator', h('section', { class: 'panel span-12', 'aria-labelledby': 'h-pnew' }, h('h2', { id: 'h-pnew' }, 'New product'), add)),
        h('section', { class: 'panel span-12', 'aria-labelledby': 'h-plist' }, h('h2', { id: 'h-plist' }, 'All products'), listEl)));

    async function load() {
      const [products, images] = await Promise.all([api.get('/api/v1/products'), api.get('/api/v1/images')]);
      const active = new Map(listOf(images, 'images').map(image).filter((i) => i.state === 'active').map((i) => [i.product, i]));
      const rows = listOf(products, 'products').map((p) => ({
        code: String(pick(p, 'code') ?? ''), strategy: String(pick(p, 'strategy') ?? ''), createdAt: pick(p, 'created_at'),
      }));
      listEl.replaceChildren(table([
        { label: 'Code', render: (p) => h('strong', { class: 'mono' }, p.code) },
        { label: 'Hostnames', render: (p) => p.strategy === 'serial' ? `${p.code}-VENUE-<serial>` : `${p.code}-VENUE-<number>` },
        { label: 'Active image', render: (p) => active.get(p.code)?.version || h('span', { class: 'muted' }, 'none: devices are refused') },
        { label: 'Created', render: (p) => time(p.createdAt) },
      ], rows, { rowAttrs: (p) => ({ dataset: { product: p.code } }) }));
    }
    const off = onChange(['products', 'images'], load);
    await load();
    return off;
  },
};
