// Master images: list (size, checksum, customisation method), register a file (raw or compressed), activate a
// version, roll back to the previous one, delete one no device needs.
import { api, listOf, upload, request, ApiError } from '../api.js';
import { h, time, table, badge, bytes, toast, confirmAction, progressBar } from '../dom.js';
import { form, act } from '../forms.js';
import { can, onlyIf } from '../session.js';
import { products, options, image } from '../model.js';
import { onChange } from '../events.js';

/**
 * How often the list is read again while a transfer form is pending or being prepared. The server prepares forms in
 * the background (a scan every 2 s, ADR-0027) and sends no live event when one is ready; without looking again the
 * page kept showing "pending" until the operator happened to reload it.
 */
export const PREPARATION_POLL_MS = 2000;

const OUTSTANDING = ['pending', 'preparing'];

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

/** How often the page asks how far a registration it started is, while the request waits (ADR-0092). */
export const REGISTRATION_POLL_MS = 500;

const PHASE_TEXT = {
  uploading: 'Uploading',
  downloading: 'The server is downloading',
  decompressing: 'Decompressing, hashing and storing',
  hashing: 'Hashing and storing',
  shrinking: 'Shrinking the root filesystem (e2fsprogs)',
  inspecting: 'Inspecting the boot partition',
};

/**
 * Shows the server's phase of the registration of product + version in `text` (its data-phase attribute too) and
 * `bar` while it runs: the request that registers waits until the end, so the page asks the server meanwhile.
 * Returns a function that stops asking. Before the server reports, the caller's own phase stays.
 */
function watchRegistration(product, version, text, bar) {
  let stopped = false;
  let timer;
  async function poll() {
    if (stopped) return;
    try {
      const running = await api.get('/api/v1/registrations');
      const mine = (running || []).find((r) => r.product === product && r.version === version);
      // While the body arrives the browser's own upload progress is the better measure.
      if (mine && !stopped && mine.phase !== 'uploading') {
        text.dataset.phase = mine.phase;
        const total = mine.input_total > 0 ? mine.input_total : null;
        text.textContent = `${PHASE_TEXT[mine.phase] || mine.phase}: ${bytes(mine.input_bytes)}`
          + (total ? ` of ${bytes(total)} read` : ' read') + `, ${bytes(mine.image_bytes)} of image stored… `;
        if (total && (mine.phase === 'decompressing' || mine.phase === 'hashing' || mine.phase === 'downloading')) {
          bar.max = total;
          bar.value = Math.min(mine.input_bytes, total);
        } else {
          bar.removeAttribute('value'); // indeterminate: shrinking and inspecting have no byte count
        }
      }
    } catch {
      // a missed poll is retried; the registration's own answer reports errors
    }
    if (!stopped) timer = setTimeout(poll, REGISTRATION_POLL_MS);
  }
  timer = setTimeout(poll, REGISTRATION_POLL_MS);
  return () => { stopped = true; clearTimeout(timer); };
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
        { name: 'file', label: 'Image file', type: 'file', grow: true,
          accept: '.img,.bin,.raw,.xz,.gz,.zst,.zip',
          aliases: ['filename', 'file_name'], hint: 'A raw .img, or .img.xz, .img.gz, .img.zst, or a .zip holding one .img: unpacked on the server while it arrives, its SHA-256 computed once.' },
        { name: 'url', label: 'Or its URL', type: 'url', grow: true, placeholder: 'https://downloads.example/raspios.img.xz',
          hint: 'The server downloads it itself (resuming after a dropped connection) instead of an upload.' },
        { name: 'sha256', label: 'Published SHA-256', grow: true, maxlength: 64, placeholder: 'optional',
          hint: 'Of the file as published (the .img.xz): checked before anything is kept.' },
        { name: 'customization', label: 'First-boot customisation', type: 'select', aliases: ['customization_method'],
          options: [['', 'Detect from the image'], ['firstrun', 'firstrun (Raspberry Pi OS)'], ['cloud-init', 'cloud-init']] },
        { name: 'notes', label: 'Notes', grow: true },
        { name: 'shrink', label: 'Shrink to its data (ext4 root, e2fsprogs)', type: 'checkbox', value: true },
        { name: 'activate', label: 'Activate now', type: 'checkbox' },
      ],
      onSubmit: async (v) => {
        if (v.url && v.file) throw new ApiError(400, 'INVALID_FIELD', 'Give either an image file or its URL, not both.', 'url');
        if (v.url) {
          const text = h('span', { id: 'image-upload-phase', dataset: { phase: 'downloading' } },
            `The server is downloading ${v.url}, unpacking, hashing and inspecting it… `);
          const bar = h('progress', { id: 'image-upload-progress', 'aria-label': 'registration progress' });
          status.replaceChildren(text, bar);
          const stop = watchRegistration(v.product, v.version, text, bar);
          try {
            await request('POST', '/api/v1/images', { query: {
              product: v.product, version: v.version, url: v.url, sha256: v.sha256, notes: v.notes,
              customization: v.customization, activate: v.activate ? 'true' : undefined,
              shrink: v.shrink ? 'true' : 'false',
            } });
          } finally {
            stop();
            status.replaceChildren();
          }
          toast(`Image ${v.product} ${v.version} registered from its URL${v.activate ? ' and activated' : ''}.`);
          register.reset();
          await load();
          return;
        }
        if (!v.file) throw new ApiError(400, 'INVALID_FIELD', 'Choose an image file, or give its URL.', 'file');
        const bar = h('progress', { max: v.file.size, value: 0, id: 'image-upload-progress', 'aria-label': 'upload progress' });
        const text = h('span', { id: 'image-upload-phase', dataset: { phase: 'uploading' } },
          `Uploading ${v.file.name} (${bytes(v.file.size)})… `);
        status.replaceChildren(text, bar);
        const stop = watchRegistration(v.product, v.version, text, bar);
        try {
          await upload('/api/v1/images', {
            product: v.product, version: v.version, filename: v.file.name, notes: v.notes, sha256: v.sha256,
            customization: v.customization, activate: v.activate ? 'true' : undefined,
            shrink: v.shrink ? 'true' : 'false',
          }, v.file, (loaded) => {
            if (text.dataset.phase === 'uploading') bar.value = loaded;
            if (loaded >= v.file.size && text.dataset.phase === 'uploading') {
              // The server unpacks (when compressed), hashes and stores in the same pass the upload feeds; once every
              // byte is sent, what is left is its last buffers and the boot partition inspection.
              text.dataset.phase = 'registering';
              text.textContent = `Uploaded; the server is unpacking, hashing and inspecting ${v.file.name}… `;
            }
          });
        } finally {
          stop();
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

    let pollTimer = null;
    let gone = false;
    let shown = null; // the answer the list was drawn from: an unchanged poll leaves it (and keyboard focus) alone
    let outstanding = false; // a transfer form of the shown list is pending or being prepared
    function pollSoon() {
      clearTimeout(pollTimer);
      if (gone) return;
      // A failed poll (server restarting) tries again: the form is still outstanding as far as we know.
      pollTimer = setTimeout(() => load().catch(pollSoon), PREPARATION_POLL_MS);
    }

    async function remove(button, i) {
      if (!(await confirmAction(`Delete ${i.product} ${i.version}? Its file ${i.file}, block maps and transfer form are removed from the server; this cannot be undone.`,
        { title: 'Delete image', ok: 'Delete' }))) return;
      if (await act(button, () => api.del(`/api/v1/images/${encodeURIComponent(i.product)}/${encodeURIComponent(i.version)}`),
        `${i.product} ${i.version} deleted.`)) await load();
    }

    // What a rollback would restore (the same choice the server makes, ADR-0056): the product's inactive image
    // activated last, while it has an active one. The server refuses to delete it, or the active one.
    function rollbackTargets(list) {
      const targets = new Set();
      for (const product of new Set(list.filter((i) => i.state === 'active').map((i) => i.product))) {
        const earlier = list.filter((i) => i.product === product && i.state === 'inactive' && i.activatedAt)
          .sort((a, b) => String(b.activatedAt).localeCompare(String(a.activatedAt)))[0];
        if (earlier) targets.add(`${earlier.product} ${earlier.version}`);
      }
      return targets;
    }

    async function load() {
      clearTimeout(pollTimer);
      const data = await api.get('/api/v1/images');
      const answer = JSON.stringify(data);
      if (answer === shown) { if (outstanding) pollSoon(); return; }
      shown = answer;
      const list = listOf(data, 'images').map(image)
        .sort((a, b) => a.product.localeCompare(b.product) || String(b.registeredAt).localeCompare(String(a.registeredAt)));
      const activeProducts = new Set(list.filter((i) => i.state === 'active').map((i) => i.product));
      const targets = rollbackTargets(list);
      listEl.replaceChildren(table([
        { label: 'Product', key: 'product' },
        { label: 'Version', render: (i) => h('strong', {}, i.version) },
        { label: 'State', render: (i) => badge(i.state || 'inactive') },
        { label: 'File', render: (i) => h('span', { class: 'mono' }, i.file) },
        { label: 'Size', num: true, render: (i) => i.shrunk
          ? h('span', { title: i.shrinkNote }, bytes(i.size), h('span', { class: 'hint' }, ` (given ${bytes(i.originalSize)})`))
          : h('span', { title: i.shrinkNote }, bytes(i.size)) },
        { label: 'Min. card', num: true, render: (i) => i.minCardSize ? bytes(i.minCardSize) : '—' },
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
              onclick: (e) => rollback(e.currentTarget, i.product) }, 'Roll back') : null,
          i.state !== 'active' && !targets.has(`${i.product} ${i.version}`)
            ? h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': `Delete ${i.product} ${i.version}`,
              dataset: { action: 'delete' }, onclick: (e) => remove(e.currentTarget, i) }, 'Delete') : null) },
      ], list, { empty: 'No images registered yet.', rowAttrs: (i) => ({ dataset: { product: i.product, version: i.version } }) }));
      clearTimeout(pollTimer); // a load that overlapped this one may have set one already
      outstanding = list.some((i) => i.transfer && OUTSTANDING.includes(i.transfer.state));
      if (outstanding) pollSoon();
    }
    // Images registered from the command line arrive as a 'refresh' (ADR-0032), other operators' changes as a
    // 'change' (ADR-0089).
    const off = onChange(['images', 'products'], load);
    await load();
    return () => { gone = true; clearTimeout(pollTimer); off(); };
  },
};
