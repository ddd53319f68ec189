// Batches: create, start, pause, cancel, change priority and circuit breaker; progress of each, live. Filters by venue
// and state; open batches listed in the order they are served, moved one place up or down by buttons (keyboard) or by
// dragging a row.
import { api, listOf } from '../api.js';
import { h, time, table, badge, progressBar, toast, confirmAction } from '../dom.js';
import { form, act } from '../forms.js';
import { can, onlyIf, me } from '../session.js';
import { onEvent } from '../events.js';
import { venues, products, options, batch } from '../model.js';

export default {
  title: 'Batches',
  async render(root) {
    const [venueList, productList] = await Promise.all([venues(), products()]);
    const listEl = h('div', { id: 'batch-list' });
    const filter = { venue: '', state: '' };
    const OPEN = ['pending', 'active', 'paused'];
    const filterForm = h('form', { class: 'inline', id: 'batch-filter', role: 'search', onsubmit: (e) => e.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: 'bf-venue' }, 'Venue'),
        h('select', { id: 'bf-venue', onchange: (e) => { filter.venue = e.target.value; load(); } },
          options(venueList, (v) => v.code, (v) => `${v.code} — ${v.name}`, { any: 'All venues' }).map(([v, t]) => h('option', { value: v }, t)))),
      h('div', { class: 'field' }, h('label', { for: 'bf-state' }, 'State'),
        h('select', { id: 'bf-state', onchange: (e) => { filter.state = e.target.value; load(); } },
          [['', 'Any state'], ['open', 'Open (pending, active, paused)'], ...['pending', 'active', 'paused', 'completed', 'cancelled'].map((x) => [x, x])]
            .map(([v, t]) => h('option', { value: v }, t)))),
      h('p', { class: 'hint' }, 'Open batches are listed in the order they are served. Move one with its arrows or by dragging its row; the order is over all open batches.'));
    // Moves a batch `steps` places (negative: up), one call per place; refocuses its button for the next key press.
    async function move(b, steps, focus) {
      try {
        for (let i = 0; i < Math.abs(steps); i++) {
          await api.post(`/api/v1/batches/${encodeURIComponent(b.id)}/move`, { direction: steps < 0 ? 'up' : 'down' });
        }
        toast(`Batch #${b.id} moved ${steps < 0 ? 'up' : 'down'}.`);
      } catch (ex) {
        toast(ex.message, { error: true });
      }
      await load();
      if (focus) listEl.querySelector(`[data-move="${focus}"][data-batch="${b.id}"]`)?.focus();
    }
    let dragged = null;
    function orderControl(b, index, open) {
      return h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Move batch ${b.id} up`, dataset: { move: 'up', batch: b.id },
          disabled: index === 0, onclick: () => move(b, -1, 'up') }, '↑'),
        h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Move batch ${b.id} down`, dataset: { move: 'down', batch: b.id },
          disabled: index === open.length - 1, onclick: () => move(b, 1, 'down') }, '↓'));
    }
    const create = form({
      id: 'batch-create',
      submitLabel: 'Create batch',
      fields: [
        { name: 'venue', label: 'Venue', type: 'select', required: true, aliases: ['venue_code'],
          options: options(venueList, (v) => v.code, (v) => `${v.code} — ${v.name}`) },
        { name: 'product', label: 'Product', type: 'select', required: true, aliases: ['product_type', 'product_code'],
          options: options(productList, (p) => p.code, (p) => p.code) },
        { name: 'count', label: 'Devices', type: 'number', required: true, min: 1, max: 100000, value: 10 },
        { name: 'priority', label: 'Priority', type: 'number', value: 0, step: 1, hint: 'Higher goes first' },
        { name: 'breaker', label: 'Breaker', value: '5/10', maxlength: 9, aliases: ['breaker_failures', 'breaker_window'],
          hint: 'Pause after N of the last M finished deployments failed (N/M), or off' },
        { name: 'start', label: 'Start now', type: 'checkbox' },
      ],
      onSubmit: async (v) => {
        const { start, ...body } = v;
        const created = batch(await api.post('/api/v1/batches', body));
        if (start && created.id) await api.post(`/api/v1/batches/${encodeURIComponent(created.id)}/start`);
        toast(`Batch #${created.id} created${start ? ' and started' : ''}.`);
        await load();
      },
    });

    root.append(
      h('div', { class: 'page-head' }, h('h1', {}, 'Batches')),
      h('div', { class: 'grid' },
        onlyIf('operator', h('section', { class: 'panel span-12', 'aria-labelledby': 'h-bnew' }, h('h2', { id: 'h-bnew' }, 'New batch'),
          venueList.length ? create : h('p', {}, 'Create a venue first: ', h('a', { href: '#/venues' }, 'Venues'), '.'))),
        h('section', { class: 'panel span-12', 'aria-labelledby': 'h-blist' }, h('h2', { id: 'h-blist' }, 'All batches'), filterForm, listEl)));

    async function transition(button, b, verb) {
      if (verb === 'cancel' && !(await confirmAction(
        `Cancel batch #${b.id} (${b.venue} / ${b.product}, ${b.remaining} of ${b.count} remaining)? A cancelled batch cannot be restarted.`,
        { title: 'Cancel batch', ok: 'Cancel batch' }))) return;
      if (await act(button, () => api.post(`/api/v1/batches/${encodeURIComponent(b.id)}/${verb}`),
        `Batch #${b.id}: ${verb === 'start' ? 'started' : verb === 'pause' ? 'paused' : 'cancelled'}.`)) await load();
    }

    // The circuit breaker (ADR-0058): "N/M" or "off", set in place like the priority.
    const breakerText = (b) => (b.breakerWindow ? `${b.breakerFailures}/${b.breakerWindow}` : 'off');
    function breakerControl(b) {
      const id = `breaker-${b.id}`;
      const input = h('input', { id, type: 'text', value: breakerText(b), maxlength: 9, style: { width: '5rem' } });
      const err = h('p', { class: 'field-error', id: id + '-error', hidden: true });
      const save = h('button', { type: 'submit', class: 'btn btn-small' }, 'Set');
      return h('form', { class: 'inline', style: { gap: '.35rem', alignItems: 'center' }, onsubmit: async (e) => {
        e.preventDefault();
        err.hidden = true;
        input.removeAttribute('aria-invalid');
        try {
          save.disabled = true;
          await api.put(`/api/v1/batches/${encodeURIComponent(b.id)}/breaker`, { breaker: input.value });
          toast(`Batch #${b.id}: breaker ${input.value}.`);
          await load();
        } catch (ex) {
          err.textContent = ex.message; err.hidden = false; input.setAttribute('aria-invalid', 'true'); input.focus();
        } finally { save.disabled = false; }
      } }, h('label', { for: id, class: 'visually-hidden' }, `Breaker of batch ${b.id}`), input, save, err);
    }

    function priorityControl(b) {
      const id = `prio-${b.id}`;
      const input = h('input', { id, type: 'number', step: 1, value: b.priority, style: { width: '5.5rem' } });
      const err = h('p', { class: 'field-error', id: id + '-error', hidden: true });
      const save = h('button', { type: 'submit', class: 'btn btn-small' }, 'Set');
      return h('form', { class: 'inline', style: { gap: '.35rem', alignItems: 'center' }, onsubmit: async (e) => {
        e.preventDefault();
        err.hidden = true;
        input.removeAttribute('aria-invalid');
        try {
          save.disabled = true;
          await api.put(`/api/v1/batches/${encodeURIComponent(b.id)}/priority`, { priority: Number(input.value) });
          toast(`Batch #${b.id}: priority ${input.value}.`);
          await load();
        } catch (ex) {
          err.textContent = ex.message; err.hidden = false; input.setAttribute('aria-invalid', 'true'); input.focus();
        } finally { save.disabled = false; }
      } }, h('label', { for: id, class: 'visually-hidden' }, `Priority of batch ${b.id}`), input, save, err);
    }

    // The devices a batch is for (ADR-0045): others are refused DEVICE_NOT_EXPECTED and wait. Pasted or from a CSV.
    function expectedControl(b) {
      const id = `expected-${b.id}`;
      const area = h('textarea', { id, rows: 6, cols: 40, placeholder: 'serial numbers or MAC addresses, one per line' });
      const file = h('input', { type: 'file', accept: '.csv,.txt,text/csv,text/plain', 'aria-label': `CSV file for batch ${b.id}`,
        onchange: async () => { if (file.files[0]) area.value = await file.files[0].text(); } });
      const err = h('p', { class: 'field-error', id: id + '-error', hidden: true });
      const save = h('button', { type: 'submit', class: 'btn btn-small' }, 'Save list');
      const details = h('details', { class: 'expected', ontoggle: async () => {
        if (!details.open) return;
        const e = await api.get(`/api/v1/batches/${encodeURIComponent(b.id)}/expected`);
        area.value = [...(e.serials || []), ...(e.macs || [])].join('\n');
      } },
      h('summary', {}, b.expectedDevices ? `${b.expectedDevices} listed` : 'any device'),
      h('form', { onsubmit: async (ev) => {
        ev.preventDefault();
        err.hidden = true;
        try {
          save.disabled = true;
          const e = await api.put(`/api/v1/batches/${encodeURIComponent(b.id)}/expected`, { devices: area.value });
          toast(`Batch #${b.id}: ${e.any_device ? 'any device' : `${e.serials.length + e.macs.length} devices listed`}.`);
          await load();
        } catch (ex) {
          err.textContent = ex.message; err.hidden = false; area.setAttribute('aria-invalid', 'true'); area.focus();
        } finally { save.disabled = false; }
      } }, h('label', { for: id, class: 'hint' }, 'Only these devices get hostnames from this batch; empty: any device.'),
      area, file, save, err));
      return details;
    }

    async function load() {
      const all = listOf(await api.get('/api/v1/batches'), 'batches').map(batch);
      // Serving order (highest priority, then oldest) for open batches; closed ones after, newest first.
      const open = all.filter((b) => OPEN.includes(b.state))
        .sort((a, b) => Number(b.priority) - Number(a.priority) || Number(a.id) - Number(b.id));
      const closed = all.filter((b) => !OPEN.includes(b.state)).sort((a, b) => Number(b.id) - Number(a.id));
      const list = [...open, ...closed].filter((b) => (!filter.venue || b.venue === filter.venue)
        && (!filter.state || (filter.state === 'open' ? OPEN.includes(b.state) : b.state === filter.state)));
      const place = (b) => open.findIndex((o) => o.id === b.id);
      const movable = (b) => can('operator') && place(b) >= 0;
      // A reload (live change, ADR-0089) must not take the keyboard focus off the arrow button it was on.
      const focused = listEl.contains(document.activeElement) ? document.activeElement.dataset : null;
      const refocus = focused?.move ? [focused.move, focused.batch] : null;
      listEl.replaceChildren(table([
        { label: 'Order', render: (b) => movable(b) ? h('div', {}, h('span', { class: 'mono' }, String(place(b) + 1)), ' ', orderControl(b, place(b), open)) : '—' },
        { label: '#', render: (b) => h('span', { class: 'mono' }, b.id) },
        { label: 'Venue / product', render: (b) => `${b.venue} / ${b.product}` },
        { label: 'State', render: (b) => h('div', {}, badge(b.state),
          b.pausedReason ? h('p', { class: 'breaker-reason', role: 'status' }, 'Paused by its breaker: ' + b.pausedReason) : null) },
        { label: 'Progress', render: (b) => h('div', {}, progressBar(b.count - b.remaining, b.count, { label: `progress of batch ${b.id}` }),
          h('span', { class: 'hint' }, `${b.count - b.remaining} of ${b.count} assigned, ${b.remaining} remaining`)) },
        { label: 'Expected devices', render: (b) => ['completed', 'cancelled'].includes(b.state) || !can('operator')
          ? (b.expectedDevices ? `${b.expectedDevices} listed` : 'any device') : expectedControl(b) },
        { label: 'Priority', render: (b) => ['completed', 'cancelled'].includes(b.state) || !can('operator') ? String(b.priority) : priorityControl(b) },
        { label: 'Breaker', render: (b) => ['completed', 'cancelled'].includes(b.state) || !can('operator')
          ? breakerText(b) : breakerControl(b) },
        { label: 'Created', render: (b) => time(b.createdAt) },
        { label: 'Actions', render: (b) => !can('operator') ? '—' : h('div', { class: 'row-actions' },
          ['pending', 'paused'].includes(b.state) ? h('button', { type: 'button', class: 'btn btn-small btn-primary', 'aria-label': `Start batch ${b.id}`, onclick: (e) => transition(e.currentTarget, b, 'start') }, 'Start') : null,
          b.state === 'active' ? h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Pause batch ${b.id}`, onclick: (e) => transition(e.currentTarget, b, 'pause') }, 'Pause') : null,
          ['pending', 'active', 'paused'].includes(b.state) ? h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': `Cancel batch ${b.id}`, onclick: (e) => transition(e.currentTarget, b, 'cancel') }, 'Cancel') : null) },
      ], list, { empty: all.length ? 'No batch matches the filters.' : 'No batches yet.', rowAttrs: (b) => ({
        dataset: { batchId: b.id, state: b.state, venue: b.venue }, draggable: movable(b) ? 'true' : null,
        ondragstart: movable(b) ? (e) => { dragged = b; e.dataTransfer.effectAllowed = 'move'; e.dataTransfer.setData('text/plain', String(b.id)); } : null,
        ondragover: movable(b) ? (e) => { if (dragged && dragged.id !== b.id) e.preventDefault(); } : null,
        ondrop: movable(b) ? (e) => { e.preventDefault(); const from = dragged; dragged = null; if (from && from.id !== b.id) move(from, place(b) - place(from)); } : null,
      }) }));
      if (refocus) listEl.querySelector(`[data-move="${refocus[0]}"][data-batch="${refocus[1]}"]`)?.focus();
    }

    let timer = null;
    const soon = () => { clearTimeout(timer); timer = setTimeout(() => load().catch(() => {}), 400); };
    const offs = [onEvent('*', (data, name) => {
      // Batch changes, and new deployments (which take a slot of the active batch).
      if (name === 'refresh' || data?.event?.type === 'created') soon();
      // Another operator's change (ADR-0089).
      else if (name === 'change' && ['batches', 'venues', 'pools'].includes(data?.kind) && data?.by !== me()) soon();
      // A failure may have tripped the batch's breaker (ADR-0058).
      else if (data?.deployment?.status === 'failed') soon();
    }), onEvent('reconnected', soon)];
    await load();
    return () => { offs.forEach((f) => f()); clearTimeout(timer); };
  },
};
