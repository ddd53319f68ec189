// Live events from /api/v1/events (Server-Sent Events). When the stream breaks (server restart, network, error
// status) we open a new one after a short backoff and pass the last id seen as ?last_event_id=, so the server replays
// what we missed (or says "refresh"). An indicator in the top bar shows live / reconnecting.
import { api, loginUrl } from './api.js';
import { me } from './session.js';

const URL_PATH = '/api/v1/events';
// Event names the server sends (docs/openapi.yaml, /api/v1/events); listeners for '*' receive all of them.
// 'deployment': created or status changed; 'progress': bytes written (throttled per device); 'refresh': the
// events missed since Last-Event-ID are gone, reload the lists.
// 'change': an operator changed venues, products, pools, batches or images through the API ({kind, action, target,
// by}, ADR-0089); pages showing that list refetch it (onChange).
export const EVENT_NAMES = ['deployment', 'progress', 'refresh', 'message', 'change'];

const listeners = new Map(); // name -> Set<fn>
let source = null;
let lastEventId = null;
let retryMs = 1000;
let retryTimer = null;
let indicator = null;
let state = 'connecting';
let everOpened = false;

function setState(s) {
  state = s;
  if (!indicator) return;
  indicator.dataset.state = s;
  indicator.textContent = s === 'live' ? 'live' : s === 'reconnecting' ? 'reconnecting…' : 'connecting…';
  indicator.title = s === 'live' ? 'Receiving live updates' : 'The live event stream is down; reconnecting';
}

export function connectionState() { return state; }

function dispatch(name, ev) {
  if (ev.lastEventId) lastEventId = ev.lastEventId;
  let data = null;
  try { data = ev.data ? JSON.parse(ev.data) : null; } catch { data = ev.data; }
  for (const key of [name, '*']) {
    for (const fn of listeners.get(key) || []) {
      try { fn(data, name); } catch (e) { console.error('event handler failed', name, e); }
    }
  }
}

function open() {
  clearTimeout(retryTimer);
  const url = lastEventId ? `${URL_PATH}?last_event_id=${encodeURIComponent(lastEventId)}` : URL_PATH;
  source = new EventSource(url, { withCredentials: true });
  source.addEventListener('open', () => {
    retryMs = 1000;
    // After an outage, pages reload their lists: replayed events cover most of it, but not a restart.
    if (everOpened && state !== 'live') dispatch('reconnected', { data: '' , lastEventId: '' });
    everOpened = true;
    setState('live');
  });
  source.addEventListener('error', () => {
    // Whatever the browser would do next (retry on its own, or give up on an error status), we take over: close,
    // wait, check the session, reopen with the last id we saw. One path for restarts, outages and logouts.
    setState('reconnecting');
    scheduleReopen();
  });
  for (const name of EVENT_NAMES) {
    source.addEventListener(name, (ev) => dispatch(name, ev));
  }
}

function scheduleReopen() {
  source?.close();
  source = null;
  clearTimeout(retryTimer);
  retryTimer = setTimeout(async () => {
    try {
      await api.get('/api/v1/session');
    } catch (e) {
      // A restarted server has forgotten our session: log in again, then come back to this page.
      if (e.status === 401) { location.assign(loginUrl()); return; }
      scheduleReopen(); // still down
      return;
    }
    open();
  }, retryMs);
  retryMs = Math.min(retryMs * 2, 5000);
}

export function startEvents(indicatorEl) {
  indicator = indicatorEl;
  setState('connecting');
  if (!source) open();
}

export function stopEvents() {
  clearTimeout(retryTimer);
  source?.close();
  source = null;
}

/** Subscribes to one event name ('*' = all, 'reconnected' = stream came back); returns the unsubscribe function. */
export function onEvent(name, fn) {
  if (!listeners.has(name)) listeners.set(name, new Set());
  listeners.get(name).add(fn);
  return () => listeners.get(name)?.delete(fn);
}

/**
 * Calls fn (debounced) when another operator (not the signed-in one) changed one of `kinds` ('venues', 'products', 'pools', 'batches',
 * 'images'; ADR-0089) or the stream asks for a refresh; returns the unsubscribe function.
 */
export function onChange(kinds, fn, delayMs = 300) {
  let timer = null;
  const run = () => {
    clearTimeout(timer);
    timer = setTimeout(() => { Promise.resolve().then(fn).catch(() => {}); }, delayMs);
  };
  // An operator's own page has reloaded after its own change already; a second render would only move the ground
  // under a keyboard or a pointer (the same account's other tabs follow at the next refresh or navigation).
  const offs = [onEvent('change', (data) => { if (kinds.includes(data?.kind) && data?.by !== me()) run(); }),
    onEvent('refresh', run)];
  return () => { offs.forEach((o) => o()); clearTimeout(timer); };
}
