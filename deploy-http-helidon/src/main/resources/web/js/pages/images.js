// Master images: list (size, checksum, customisation method), register a file from the images folder,
// activate a version, roll back to the previous one.
import { api, listOf, upload } from '../api.js';
import { h, time, table, badge, bytes, toast, confirmAction, progressBar } from '../dom.js';
import { form, act } from '../forms.js';
import { can, onlyIf } from '../session.js';
import { products, options, image } from '../model.js';

// The block-map + zstd form prepared in the background after registration (ADR-0025): state, progress, sizes,
// and whether its block map came with the image (ADR-0033).
function transferCell(t) {
  if (!t) return '—';
  const cell = h('div', { class: 'transfer', dataset: { transferState: t.state } });
  if (t.state === 'preparing') {
    cell.append(progressBar(t.bytes_done, t.bytes_total, { label: 'transfer form preparation' }));
  } else if (t.state === 'ready') {
    cell.append(badge('ready'), h('span', { class: 'hint' },
      ` ${bytes(t.compressed_bytes)} for ${bytes(t.mapped_bytes)} of data`
        + (t.map_source === 'imported' ? ', block map imported with the image' : '')));
  } else if (t.state === 'failed') {
    cell.append(h('span', { class: 'badge failed', title: t.reason || '' }, 'failed'),
      h('span', { class: 'hint' }, ' ' + (t.reason || '') + ' (devices get the raw image)'));
  } else {
    cell.append(badge(t.state || 'pending'));
  }
  return cell;
}

export default {
  title: 'Images',
  async render(root) {
    const productList = await products();
    const listEl = h('div', { id: 'image-list' });
    const status = h('p', { class: 'hint', role: 'status', 'aria-live': 'polite' });
    const register = form({
      id: 'image-register',
      submitLabel: 'Register',
      fields: [
        { name: 'product', label: 'Product', type: 'select', required: true, aliases: ['product_type', 'product_code'],
          options: options(productList, (p) => p.code, (p) => p.code) },
        { name: 'version', label: 'Version', required: true, placeholder: '2026.11.1', aliases: ['image_version'] },
        { name: 'file', label: 'Image file', type: 'file', required: true, grow: true, accept: '.img,.bin,.raw',
          aliases: ['filename', 'file_name'], hint: 'Uploaded to the server\'s images folder; its SHA-256 is computed once, while it arrives.' },
        { name: 'customization', label: 'First-boot customisation', type: 'select', aliases: ['customization_method'],
          options: [['', 'Detect from the image'], ['firstrun', 'firstrun (Raspberry Pi OS)'], ['cloud-init', 'cloud-init']] },
        { name: 'notes', label: 'Notes', grow: true },
        { name: 'activate', label: 'Activate now', type: 'checkbox' },
      ],
      onSubmit: async (v) => {
        const bar = h('progress', { max: v.file.size, value: 0, id: 'image-upload-progress', 'aria-label': 'upload progress' });
        const text = h('span', {}, `Uploading ${v.file.name} (${bytes(v.file.size)})… `);
        status.replaceChildren(text, bar);
        try {
          await upload('/api/v1/images', {
            product: v.product, version: v.version, filename: v.file.name, notes: v.notes,
            customization: v.customization, activate: v.activate ? 'true' : undefined,
          }, v.file, (loaded) => {
            bar.value = loaded;
            if (loaded >= v.file.size) text.textContent = `Registering ${v.file.name}… `;
          });
        } finally {
          status.replaceChildren();
        }
        toast(`Image ${v.product} ${v.version} registered${v.activate ? ' and activated' : ''}.`);
        register.reset();
        await load();
      },
    });

    root.append(
      h('div', { class: 'page-head' }, h('h1', {}, 'Master images')),
      h('div', { class: 'grid' },
        onlyIf('operator', h('section', { class: 'panel span-12', 'aria-labelledby': 'h-ireg' }, h('h2', { id: 'h-ireg' }, 'Register an image'), register, status)),
        h('section', { class: 'panel span-12', 'aria-labelledby': 'h-ilist' }, h('h2', { id: 'h-ilist' }, 'Registered images'), listEl)));

    async function activate(button, i) {
      if (!(await confirmAction(`Activate ${i.product} ${i.version}? Every device deployed from now on gets this image.`,
        { title: 'Activate image', ok: 'Activate' }))) return;
      if (await act(button, () => api.post('/api/v1/images/activate', { product: i.product, version: i.version }),
        `${i.product} ${i.version} is now active.`)) await load();
    }

    async function rollback(button, product) {
      if (!(await confirmAction(`Roll ${product} back to the previously active image?`, { title: 'Roll back', ok: 'Roll back' }))) return;
      if (await act(button, () => api.post('/api/v1/images/rollback', { product }), `${product} rolled back.`)) await load();
    }

    async function load() {
      const data = await api.get('/api/v1/images');
      const list = listOf(data, 'images').map(image)
        .sort((a, b) => a.product.localeCompare(b.product) || String(b.registeredAt).localeCompare(String(a.registeredAt)));
      const activeProducts = new Set(list.filter((i) => i.state === 'active').map((i) => i.product));
      listEl.replaceChildren(table([
        { label: 'Product', key: 'product' },
        { label: 'Version', render: (i) => h('strong', {}, i.version) },
        { label: 'State', render: (i) => badge(i.state || 'inactive') },
        { label: 'File', render: (i) => h('span', { class: 'mono' }, i.file) },
        { label: 'Size', num: true, render: (i) => bytes(i.size) },
        { label: 'SHA-256', render: (i) => h('span', { class: 'mono', title: i.sha256 }, i.sha256 ? i.sha256.slice(0, 12) + '…' : '—') },
        { label: 'Customisation', render: (i) => [i.customization || '—', i.overridden ? h('span', { class: 'hint' }, ' (set by operator)') : null] },
        { label: 'Fast transfer', render: (i) => transferCell(i.transfer) },
        { label: 'Registered', render: (i) => time(i.registeredAt) },
        { label: 'Notes', key: 'notes' },
        { label: 'Actions', render: (i) => !can('operator') ? '—' : h('div', { class: 'row-actions' },
          i.state !== 'active' ? h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Activate ${i.product} ${i.version}`,
            onclick: (e) => activate(e.currentTarget, i) }, 'Activate') : null,
          i.state === 'active' && activeProducts.has(i.product) && list.filter((x) => x.product === i.product).length > 1
            ? h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': `Roll back ${i.product}`,
              onclick: (e) => rollback(e.currentTarget, i.product) }, 'Roll back') : null) },
      ], list, { empty: 'No images registered yet.', rowAttrs: (i) => ({ dataset: { product: i.product, version: i.version } }) }));
    }
    await load();
  },
};
