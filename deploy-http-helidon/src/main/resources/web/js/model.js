// Reads the API's JSON into the shapes the pages use, tolerating snake_case and camelCase and nested objects,
// so a renamed field shows up as a blank cell instead of a broken page.
import { api, listOf } from './api.js';
import { pick } from './dom.js';

export const IN_FLIGHT = ['started', 'downloading', 'verifying', 'customizing'];
export const STATUSES = ['started', 'downloading', 'verifying', 'customizing', 'success', 'booted', 'failed'];

const str = (v) => (v === undefined || v === null ? '' : typeof v === 'object' ? (v.code ?? v.value ?? v.name ?? JSON.stringify(v)) : String(v));
const num = (v) => (v === undefined || v === null || v === '' ? undefined : Number(v));

export function deployment(raw) {
  const d = raw && (raw.deployment && typeof raw.deployment === 'object' ? raw.deployment : raw);
  if (!d) return null;
  const id = str(pick(d, 'deployment_id', 'id', 'deploymentId'));
  if (!id) return null;
  return {
    id,
    hostname: str(pick(d, 'hostname')),
    serial: str(pick(d, 'serial', 'serial_number', 'serialNumber')),
    mac: str(pick(d, 'mac_address', 'mac', 'macAddress')),
    ip: str(pick(d, 'client_ip', 'ip', 'clientIp')),
    venue: str(pick(d, 'venue_code', 'venue', 'venueCode')),
    product: str(pick(d, 'product_type', 'product', 'productType', 'product_code')),
    image: str(pick(d, 'image_version', 'imageVersion')),
    batch: str(pick(d, 'batch_id', 'batch', 'batchId')),
    status: str(pick(d, 'status')).toLowerCase(),
    bytesDone: num(pick(d, 'bytes_done', 'bytesDone')) ?? 0,
    bytesTotal: num(pick(d, 'bytes_total', 'bytesTotal')) ?? 0,
    writeRate: num(pick(d, 'write_rate', 'writeRate')),
    startedAt: pick(d, 'started_at', 'startedAt', 'created_at'),
    updatedAt: pick(d, 'updated_at', 'updatedAt', 'last_update', 'at'),
    finishedAt: pick(d, 'finished_at', 'finishedAt'),
    bootedAt: pick(d, 'booted_at', 'bootedAt'),
    message: str(pick(d, 'message')),
    error: str(pick(d, 'error_message', 'errorMessage', 'error')),
    step: str(pick(d, 'failure_step', 'step', 'failureStep')),
    // ADR-0042: false for a legacy client, whose reports carry no device secret; absent from older servers.
    verified: pick(d, 'verified') !== false,
    refusedReports: num(pick(d, 'refused_reports', 'refusedReports')) ?? 0,
    // ADR-0098: the server of the fleet that answered the config request; absent from older servers.
    answeredBy: str(pick(d, 'answered_by', 'answeredBy')),
    // The SD card as the installer read it from sysfs (CID register, product name, manufacturer id).
    cardCid: str(pick(d, 'card_cid', 'cardCid')),
    cardName: str(pick(d, 'card_name', 'cardName')),
    cardManfid: str(pick(d, 'card_manfid', 'cardManfid')),
  };
}

// SD card manufacturer ids as cards report them in their CID register (card_manfid). The SD Association assigns
// them and does not publish the list; these are the makers seen on Pi cards. Anything else shows as its id.
const CARD_VENDORS = {
  0x02: 'Toshiba/Kioxia', 0x03: 'SanDisk', 0x1b: 'Samsung', 0x1d: 'ADATA', 0x27: 'Phison', 0x28: 'Lexar',
  0x41: 'Kingston', 0x74: 'Transcend', 0x82: 'Sony',
};

/** The card's maker from its manufacturer id ("0x000003" -> "SanDisk"); the id itself when unknown. */
export function cardVendor(manfid) {
  if (!manfid) return '';
  const id = Number.parseInt(String(manfid).replace(/^0x/i, ''), 16);
  return Number.isFinite(id) && CARD_VENDORS[id] ? CARD_VENDORS[id] : `maker ${manfid}`;
}

export function batch(b) {
  return {
    id: str(pick(b, 'id', 'batch_id')),
    venue: str(pick(b, 'venue_code', 'venue')),
    product: str(pick(b, 'product_type', 'product', 'product_code')),
    count: num(pick(b, 'count')) ?? 0,
    remaining: num(pick(b, 'remaining')) ?? 0,
    priority: num(pick(b, 'priority')) ?? 0,
    state: str(pick(b, 'state', 'status')).toLowerCase(),
    createdAt: pick(b, 'created_at', 'createdAt'),
    updatedAt: pick(b, 'updated_at', 'updatedAt'),
    expectedDevices: num(pick(b, 'expected_devices')) ?? 0,
    // ADR-0058: the circuit breaker's rule (both undefined: off) and why it paused the batch, until resumed.
    breakerFailures: num(pick(b, 'breaker_failures')),
    breakerWindow: num(pick(b, 'breaker_window')),
    pausedReason: str(pick(b, 'paused_reason')),
  };
}

export function image(i) {
  return {
    product: str(pick(i, 'product_type', 'product', 'product_code')),
    version: str(pick(i, 'version', 'image_version')),
    file: str(pick(i, 'file_name', 'file', 'fileName')),
    size: num(pick(i, 'size_bytes', 'size', 'sizeBytes')),
    sha256: str(pick(i, 'sha256', 'checksum', 'image_checksum')),
    registeredAt: pick(i, 'registered_at', 'registeredAt'),
    activatedAt: pick(i, 'activated_at', 'activatedAt'),
    notes: str(pick(i, 'notes')),
    customization: str(pick(i, 'customization_method', 'customization')),
    overridden: !!pick(i, 'customization_overridden', 'customizationOverridden'),
    state: str(pick(i, 'state', 'status')).toLowerCase(),
    transfer: pick(i, 'transfer') || null,
    // ADR-0063: the file as given before registration shrank it, and the smallest card the image fits.
    originalSize: num(pick(i, 'original_size_bytes')),
    minCardSize: num(pick(i, 'min_card_size')),
    shrunk: !!pick(i, 'shrunk'),
    shrinkNote: str(pick(i, 'shrink_note')),
  };
}

export function venue(v) {
  return {
    code: str(pick(v, 'code', 'venue_code')),
    name: str(pick(v, 'name')),
    location: str(pick(v, 'location')),
    email: str(pick(v, 'contact_email', 'email', 'contactEmail')),
    createdAt: pick(v, 'created_at', 'createdAt'),
    pool: pick(v, 'pool', 'pools', 'pool_counts'),
  };
}

export function poolEntry(e) {
  return {
    venue: str(pick(e, 'venue_code', 'venue')),
    product: str(pick(e, 'product_type', 'product', 'product_code')),
    number: num(pick(e, 'number', 'identifier')),
    hostname: str(pick(e, 'hostname')),
    state: str(pick(e, 'state', 'status')).toLowerCase(),
    // The device holding an assigned entry: its serial, else its MAC (a device that sent no serial), else its id.
    holder: str(pick(e, 'holder_serial', 'serial', 'holder_mac', 'holder', 'device')),
    holderDevice: num(pick(e, 'holder_device')),
    assignedAt: pick(e, 'assigned_at', 'assignedAt'),
  };
}

export function poolCounts(c) {
  return {
    venue: str(pick(c, 'venue_code', 'venue')),
    product: str(pick(c, 'product_type', 'product', 'product_code')),
    available: num(pick(c, 'available')) ?? 0,
    assigned: num(pick(c, 'assigned')) ?? 0,
    retired: num(pick(c, 'retired')) ?? 0,
  };
}

export function historyEvent(e) {
  return {
    seq: num(pick(e, 'sequence', 'seq', 'id')),
    at: pick(e, 'at', 'time', 'timestamp', 'created_at'),
    type: str(pick(e, 'type', 'event_type')).toLowerCase(),
    status: str(pick(e, 'status')).toLowerCase(),
    bytesDone: num(pick(e, 'bytes_done', 'bytesDone')),
    bytesTotal: num(pick(e, 'bytes_total', 'bytesTotal')),
    message: str(pick(e, 'message', 'error_message')),
  };
}

let productsCache = null;

/** Always read afresh: venues may have been added from the command line or another browser meanwhile. */
export async function venues() {
  return listOf(await api.get('/api/v1/venues'), 'venues').map(venue);
}

export async function products(fresh) {
  if (fresh || !productsCache) {
    productsCache = listOf(await api.get('/api/v1/products'), 'products').map((p) => ({
      code: str(pick(p, 'code', 'product_code', 'product_type')),
      strategy: str(pick(p, 'strategy', 'hostname_strategy')).toLowerCase(),
    }));
  }
  return productsCache;
}


export function options(list, valueOf, textOf, { any } = {}) {
  const out = list.map((x) => [valueOf(x), textOf(x)]);
  return any ? [['', any], ...out] : out;
}

/** GET /api/v1/pools/{venue}: counts per product and the entries, whichever the server sends. */
export function pool(data) {
  const entries = listOf(data, 'entries', 'hostnames', 'pool').map(poolEntry);
  let counts = Array.isArray(data?.counts) ? data.counts.map(poolCounts)
    : Array.isArray(data?.summary) ? data.summary.map(poolCounts) : null;
  if (!counts) {
    const by = new Map();
    for (const e of entries) {
      const c = by.get(e.product) || { venue: e.venue, product: e.product, available: 0, assigned: 0, retired: 0 };
      c[e.state] = (c[e.state] || 0) + 1;
      by.set(e.product, c);
    }
    counts = [...by.values()];
  }
  return { entries, counts };
}
