// The live fleet: today's counts, the active batch, one row per device in flight (progress, rate, ETA, stalled),
// recent failures with their reasons and deployments not yet confirmed by a first boot. Updated from the event
// stream without reloading; lists are re-read after a reconnect or when the server asks for a refresh.
import { api, listOf } from '../api.js';
import { h, time, bytes, rate, duration, badge, progressBar, table, TIME_ZONE } from '../dom.js';
import { onEvent } from '../events.js';
import { deployment, batch, cardVendor, IN_FLIGHT, STATUSES } from '../model.js';

/**
 * A device silent for longer than this is flagged as stalled (installers report every few seconds) until the server
 * says its own setting (`stall-after-seconds`, in GET /api/v1/summary, ADR-0084). Tests lower it with
 * #/dashboard?stall=SECONDS.
 */
export const STALL_SECONDS = 60;

function startOfToday() {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d;
}

export default {
  title: 'Dashboard',
  async render(root, args, query) {
    const stallOverride = Number(query?.get('stall')) > 0 ? Number(query.get('stall')) : undefined;
    let stallSeconds = stallOverride ?? STALL_SECONDS;
    const today = new Map();    // id -> deployment started today, as last seen
    let counts = zero();        // today's deployments by status: the server's totals, then moved along by events
    const flight = new Map();   // id -> {d, seenAt, rate} for devices in flight
    const failures = new Map(); // id -> deployment
    let notConfirmed = [];
    let batches = [];

    const countersEl = h('dl', { class: 'counters', id: 'today-counts' });
    const batchEl = h('div', { id: 'active-batch' });
    const flightBody = h('tbody');
    const flightEmpty = h('p', { class: 'empty', id: 'inflight-empty' }, 'No device is being deployed right now.');
    const flightCount = h('span', { class: 'count' });
    const flightTable = h('div', { class: 'table-wrap' }, h('table', { id: 'inflight' },
      h('thead', {}, h('tr', {}, ['Hostname', 'Serial', 'Venue / product', 'Card', 'Status', 'Progress', 'Written', 'Rate', 'ETA', 'Last report']
        .map((t) => h('th', { scope: 'col', class: t === 'Serial' || t === 'Written' ? 'hide-narrow' : null }, t)))), flightBody));
    const failuresEl = h('div', { id: 'recent-failures' });
    // A full disk or an unreachable database stops every deployment: say so above everything else.
    const healthBanner = h('div', { id: 'health-banner', class: 'health-banner', role: 'alert', hidden: true });
    const unconfirmedEl = h('div', { id: 'not-confirmed' });

    root.append(
      healthBanner,
      h('div', { class: 'page-head' }, h('h1', {}, 'Dashboard'), h('span', { class: 'spacer' }),
        h('span', { class: 'muted' }, `Times in ${TIME_ZONE}`)),
      h('div', { class: 'grid' },
        h('section', { class: 'panel span-8', 'aria-labelledby': 'h-today' },
          h('h2', { id: 'h-today' }, 'Today'), countersEl),
        h('section', { class: 'panel span-4', 'aria-labelledby': 'h-batch' },
          h('h2', { id: 'h-batch' }, 'Active batch'), batchEl),
        h('section', { class: 'panel span-12', 'aria-labelledby': 'h-flight' },
          h('h2', { id: 'h-flight' }, 'In flight', flightCount), flightTable, flightEmpty),
        h('section', { class: 'panel span-6', 'aria-labelledby': 'h-fail' },
          h('h2', { id: 'h-fail' }, 'Recent failures'), failuresEl),
        h('section', { class: 'panel span-6', 'aria-labelledby': 'h-unconf' },
          h('h2', { id: 'h-unconf' }, 'Not confirmed by first boot', h('span', { class: 'count' }, 'written, no boot report in time')), unconfirmedEl)));

    // ---- rendering -------------------------------------------------------------------------------------------
    function zero() {
      return Object.fromEntries(STATUSES.map((s) => [s, 0]));
    }

    // Devices in flight silent for the stall time, as flagged in their rows: kept as one node, counted every second.
    const stalledCount = h('dd', { id: 'stalled-count' }, '0');
    const stalledCounter = h('div', { class: 'counter stalled', dataset: { status: 'stalled' },
      title: 'devices in flight without a report for the stall time' }, h('dt', {}, 'stalled'), stalledCount);
    function renderCounters() {
      const total = STATUSES.reduce((sum, s) => sum + counts[s], 0);
      countersEl.replaceChildren(
        h('div', { class: 'counter total', dataset: { status: 'total' } }, h('dt', {}, 'total'), h('dd', {}, total)),
        ...STATUSES.map((s) => h('div', { class: 'counter ' + s, dataset: { status: s } }, h('dt', {}, s), h('dd', {}, counts[s]))),
        stalledCounter);
    }

    function renderBatch() {
      const active = batches.filter((b) => b.state === 'active')
        .sort((a, b) => b.priority - a.priority || String(a.createdAt).localeCompare(String(b.createdAt)));
      // A batch its breaker paused says so above everything else in the panel, with the reason (ADR-0058).
      const tripped = batches.filter((b) => b.state === 'paused' && b.pausedReason).map((b) =>
        h('p', { class: 'breaker-reason', role: 'alert', dataset: { batchId: b.id } },
          h('strong', {}, `Batch #${b.id} (${b.venue} / ${b.product}) paused by its breaker: `), b.pausedReason, ' ',
          h('a', { href: '#/batches' }, 'Resume on Batches')));
      if (!active.length) {
        const paused = batches.filter((b) => b.state === 'paused' || b.state === 'pending').length;
        batchEl.replaceChildren(...tripped, h('p', { class: 'empty' }, 'No batch is active: devices get the venue and product they ask for.'),
          paused ? h('p', { class: 'muted' }, `${paused} batch(es) pending or paused. `, h('a', { href: '#/batches' }, 'Batches')) : '');
        return;
      }
      const b = active[0];
      const done = b.count - b.remaining;
      batchEl.replaceChildren(
        h('dl', { class: 'kv' },
          h('dt', {}, 'Batch'), h('dd', {}, h('a', { href: '#/batches' }, '#' + b.id)),
          h('dt', {}, 'Venue / product'), h('dd', {}, `${b.venue} / ${b.product}`),
          h('dt', {}, 'Remaining'), h('dd', { id: 'batch-remaining', class: 'mono' }, `${b.remaining} of ${b.count}`),
          h('dt', {}, 'Priority'), h('dd', {}, b.priority)),
        h('div', { style: { marginTop: '.6rem' } }, progressBar(done, b.count, { label: 'batch progress' })),
        active.length > 1 ? h('p', { class: 'muted' }, `${active.length - 1} more active batch(es) wait behind this one.`) : '',
        ...tripped);
    }

    // Rows are updated in place (not rebuilt) so keyboard focus survives and the bar animates between reports.
    const rowsById = new Map();
    function newFlightRow(id) {
      const cells = {
        host: h('a', { href: '#/deployments/' + encodeURIComponent(id) }),
        serial: h('td', { class: 'mono hide-narrow' }), where: h('td', { dataset: { role: 'where' } }),
        card: h('td', { dataset: { role: 'card' } }),
        status: h('td', { dataset: { role: 'status' } }),
        bar: progressBar(0, 0), written: h('td', { class: 'num nowrap hide-narrow' }),
        rate: h('td', { class: 'num nowrap', dataset: { role: 'rate' } }),
        eta: h('td', { class: 'num nowrap', dataset: { role: 'eta' } }),
        ago: h('td', { class: 'nowrap', dataset: { role: 'ago' } }),
      };
      const tr = h('tr', { dataset: { deploymentId: id } }, h('td', { dataset: { role: 'host' } }, cells.host), cells.serial,
        cells.where, cells.card, cells.status, h('td', { dataset: { role: 'progress' } }, cells.bar), cells.written, cells.rate,
        cells.eta, cells.ago);
      tr.cells_ = cells;
      return tr;
    }

    function updateFlightRow(tr, entry) {
      const { d } = entry;
      const c = tr.cells_;
      const silent = Math.max(0, (Date.now() - entry.seenAt) / 1000);
      const stalled = silent > stallSeconds;
      const r = entry.rate;
      const eta = r > 0 && d.bytesTotal > 0 ? (d.bytesTotal - d.bytesDone) / r : undefined;
      const pct = d.bytesTotal > 0 ? Math.max(0, Math.min(100, (d.bytesDone / d.bytesTotal) * 100)) : 0;
      tr.dataset.status = d.status;
      tr.dataset.stalled = String(stalled);
      tr.classList.toggle('stalled', stalled);
      c.host.textContent = d.hostname || '—';
      c.serial.textContent = d.serial || d.mac || '—';
      c.where.replaceChildren(h('a', { href: '#/venue/' + encodeURIComponent(d.venue), class: 'venue-link' }, d.venue), ` / ${d.product}`);
      // The card as the installer read it (vendor from the CID's manufacturer id, product name); its measured write
      // rate is the Rate cell. Every report of the installer names the card.
      const card = d.cardName || d.cardManfid ? `${cardVendor(d.cardManfid) || '?'} ${d.cardName || '?'}` : '—';
      if (c.card.textContent !== card) c.card.textContent = card;
      c.card.title = d.cardCid ? 'CID ' + d.cardCid : '';
      const statusKey = d.status + '|' + stalled;
      if (c.status.dataset.key !== statusKey) {
        c.status.dataset.key = statusKey;
        c.status.replaceChildren(badge(d.status), stalled ? ' ' : '', stalled ? h('span', { class: 'badge stalled' }, 'stalled') : '');
      }
      c.status.title = stalled ? `no report for ${duration(silent)}` : '';
      c.bar.setAttribute('aria-valuenow', String(Math.round(pct)));
      c.bar.setAttribute('aria-label', `progress of ${d.hostname}`);
      c.bar.dataset.percent = pct.toFixed(1);
      c.bar.querySelector('.bar').style.width = pct.toFixed(1) + '%';
      c.bar.querySelector('.label').textContent = pct.toFixed(0) + ' %';
      c.written.textContent = `${bytes(d.bytesDone)} / ${bytes(d.bytesTotal)}`;
      // A silent device's last rate is history, and an ETA computed from it a promise nobody keeps: blank both
      // until it reports again.
      c.rate.textContent = stalled ? '—' : rate(r);
      c.eta.textContent = stalled ? '—' : duration(eta);
      c.ago.textContent = duration(silent) + ' ago';
    }

    function renderFlight() {
      const entries = [...flight.values()].sort((a, b) => String(a.d.hostname).localeCompare(String(b.d.hostname)));
      for (const [id, tr] of rowsById) {
        if (!flight.has(id)) { tr.remove(); rowsById.delete(id); }
      }
      entries.forEach((entry, i) => {
        let tr = rowsById.get(entry.d.id);
        if (!tr) { tr = newFlightRow(entry.d.id); rowsById.set(entry.d.id, tr); }
        updateFlightRow(tr, entry);
        if (flightBody.children[i] !== tr) flightBody.insertBefore(tr, flightBody.children[i] || null);
      });
      stalledCount.textContent = String(entries.filter((e) => (Date.now() - e.seenAt) / 1000 > stallSeconds).length);
      flightTable.hidden = entries.length === 0;
      flightEmpty.hidden = entries.length !== 0;
      flightCount.textContent = entries.length ? String(entries.length) : '';
    }

    function renderFailures() {
      const rows = [...failures.values()]
        .sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt))).slice(0, 10);
      failuresEl.replaceChildren(table([
        { label: 'Hostname', render: (d) => h('a', { href: '#/deployments/' + encodeURIComponent(d.id) }, d.hostname || d.id) },
        { label: 'Step', render: (d) => d.step || '—' },
        { label: 'Reason', cls: 'failure-reason', render: (d) => d.error || d.message || 'no reason given' },
        { label: 'When', render: (d) => time(d.updatedAt || d.finishedAt, { short: true }) },
      ], rows, { empty: 'No failures. ', rowAttrs: (d) => ({ dataset: { deploymentId: d.id } }) }));
    }

    function renderUnconfirmed() {
      unconfirmedEl.replaceChildren(table([
        { label: 'Hostname', render: (d) => h('a', { href: '#/deployments/' + encodeURIComponent(d.id) }, d.hostname || d.id) },
        { label: 'Venue', render: (d) => h('a', { href: '#/venue/' + encodeURIComponent(d.venue), class: 'venue-link' }, d.venue) },
        { label: 'Written', render: (d) => time(d.finishedAt || d.updatedAt, { short: true }) },
        { label: 'Waiting', render: (d) => duration((Date.now() - new Date(d.finishedAt || d.updatedAt).getTime()) / 1000) },
      ], notConfirmed, { empty: 'No written device is overdue for its first boot.', rowAttrs: (d) => ({ dataset: { deploymentId: d.id } }) }));
    }

    // ---- state updates ---------------------------------------------------------------------------------------
    function track(d, { live } = {}) {
      if (!d) return;
      const startedToday = !d.startedAt || new Date(d.startedAt) >= startOfToday();
      if (startedToday) {
        const before = today.get(d.id);
        if (live && before?.status !== d.status) {
          // A deployment we have not seen is new today (or, past the first 1000 of a day, one we did not load).
          if (before) counts[before.status] -= 1;
          counts[d.status] = (counts[d.status] || 0) + 1;
        }
        today.set(d.id, d);
      }
      if (IN_FLIGHT.includes(d.status)) {
        const prev = flight.get(d.id);
        const now = Date.now();
        let r = d.writeRate;
        if (!(r > 0) && prev && live && d.bytesDone > prev.d.bytesDone && now > prev.seenAt) {
          const sample = (d.bytesDone - prev.d.bytesDone) / ((now - prev.seenAt) / 1000);
          r = prev.rate > 0 ? prev.rate * 0.6 + sample * 0.4 : sample;
        }
        if (!(r > 0) && prev) r = prev.rate;
        const seenAt = live ? now : (d.updatedAt ? new Date(d.updatedAt).getTime() : now);
        flight.set(d.id, { d, seenAt, rate: r });
      } else {
        flight.delete(d.id);
      }
      if (d.status === 'failed') failures.set(d.id, d);
      // The server decides when a written device is overdue (no boot report within its timeout); a boot clears it.
      if (d.status !== 'success') notConfirmed = notConfirmed.filter((x) => x.id !== d.id);
    }

    async function loadAll() {
      const [todayList, failed, unconf, batchList, summary] = await Promise.all([
        api.get('/api/v1/deployments', { from: startOfToday().toISOString(), limit: 1000 }),
        api.get('/api/v1/deployments', { status: 'failed', limit: 10 }),
        api.get('/api/v1/deployments/not-confirmed').catch(() => []),
        api.get('/api/v1/batches'),
        api.get('/api/v1/summary').catch(() => null),
      ]);
      if (stallOverride === undefined && Number(summary?.stall_after_seconds) > 0) stallSeconds = Number(summary.stall_after_seconds);
      today.clear(); flight.clear(); failures.clear();
      notConfirmed = listOf(unconf, 'deployments').map(deployment).filter(Boolean);
      for (const d of listOf(failed, 'deployments').map(deployment).filter(Boolean)) failures.set(d.id, d);
      const todays = listOf(todayList, 'deployments').map(deployment).filter(Boolean);
      for (const d of todays) track(d);
      counts = zero();
      if ((todayList?.total ?? todays.length) > todays.length) {
        // More than one page today: ask the server for each status's total instead of counting a partial list.
        const totals = await Promise.all(STATUSES.map((st) => api.get('/api/v1/deployments',
          { from: startOfToday().toISOString(), status: st, limit: 1 })));
        STATUSES.forEach((st, i) => { counts[st] = Number(totals[i]?.total ?? 0); });
      } else {
        for (const d of todays) counts[d.status] = (counts[d.status] || 0) + 1;
      }
      batches = listOf(batchList, 'batches').map(batch);
      renderAll();
    }

    function renderAll() {
      renderCounters(); renderBatch(); renderFlight(); renderFailures(); renderUnconfirmed();
    }

    let batchTimer = null;
    function refreshBatchesSoon() {
      clearTimeout(batchTimer);
      batchTimer = setTimeout(async () => {
        try { batches = listOf(await api.get('/api/v1/batches'), 'batches').map(batch); renderBatch(); } catch { /* next event retries */ }
      }, 300);
    }

    let pending = false;
    function renderSoon() {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; renderCounters(); renderFlight(); renderFailures(); renderUnconfirmed(); });
    }

    const offs = [
      onEvent('*', (data, name) => {
        if (name === 'refresh') { loadAll().catch(() => {}); return; }
        const d = deployment(data);
        if (!d || !d.status) return;
        const known = today.has(d.id) || flight.has(d.id);
        track(d, { live: true });
        // A new device may have taken a batch slot; a failure may have tripped a batch's breaker.
        if (!known || d.status === 'failed') refreshBatchesSoon();
        renderSoon();
      }),
      onEvent('reconnected', () => loadAll().catch(() => {})),
    ];
    // Silence is news too: re-evaluate "last report", ETA and stalled every second.
    const ticker = setInterval(() => { if (flight.size) renderFlight(); }, 1000);
    async function checkHealth() {
      try {
        const health = await fetch('/health', { cache: 'no-store' }).then((r) => r.json());
        const down = Object.entries(health.checks || {})
          .filter(([, v]) => typeof v === 'string' && v.startsWith('DOWN'));
        healthBanner.hidden = health.status !== 'DOWN';
        healthBanner.replaceChildren(h('strong', {}, 'The server cannot take deployments: '),
          down.map(([k, v]) => `${k}: ${v.replace(/^DOWN: /, '')}`).join('; ') || 'health check DOWN');
      } catch {
        healthBanner.hidden = true; // the live indicator already says when the server is unreachable
      }
    }
    checkHealth();
    const healthTimer = setInterval(checkHealth, 15000);

    renderCounters();
    try {
      await loadAll();
    } catch (e) {
      root.prepend(h('p', { class: 'form-error', role: 'alert' }, 'Could not load the dashboard: ' + e.message));
    }
    return () => {
      offs.forEach((f) => f()); clearInterval(ticker); clearInterval(healthTimer); clearTimeout(batchTimer);
    };
  },
};
