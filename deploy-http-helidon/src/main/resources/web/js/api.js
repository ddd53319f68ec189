// Thin fetch wrapper for /api/v1: same-origin cookies, the CSRF header on every state-changing request,
// and every error turned into an ApiError {status, code, message, field} the pages can show next to a field.

export const CSRF_HEADER = 'X-CSRF-Token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
let csrfToken = sessionStorage.getItem('pideploy.csrf') || '';

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export function setCsrfToken(token) {
  csrfToken = token || '';
  if (csrfToken) sessionStorage.setItem('pideploy.csrf', csrfToken);
  else sessionStorage.removeItem('pideploy.csrf');
}

/** Where the login page should send the operator back to. */
export function loginUrl() {
  const next = location.hash && location.hash !== '#/' ? '?next=' + encodeURIComponent(location.hash) : '';
  return '/login.html' + next;
}

/** Called when the server says the session is gone; the app replaces it (tests and login page leave it alone). */
let onUnauthenticated = () => location.assign(loginUrl());
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn; }

// The server names the field in `error.field` when it can, otherwise in its message ("field 'count' must ...").
function fieldOf(error) {
  if (error.field) return error.field;
  const m = /field '([A-Za-z0-9_.]+)'/.exec(error.message || '');
  return m ? m[1] : undefined;
}

export async function request(method, path, { body, query, raw } = {}) {
  const url = new URL(path, location.origin);
  if (query) {
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
    }
  }
  const headers = { Accept: raw ? '*/*' : 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let res;
  try {
    res = await fetch(url, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached: ' + e.message);
  }
  if (res.status === 401 && !path.endsWith('/session')) {
    onUnauthenticated();
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  if (text && !raw) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const err = (data && data.error) || {};
    throw new ApiError(res.status, err.code || 'HTTP_' + res.status,
      err.message || `${method} ${url.pathname} failed with HTTP ${res.status}`, fieldOf(err));
  }
  return raw ? text : data;
}

/**
 * Sends a file as the raw request body (image registration), metadata in the query string. XMLHttpRequest rather
 * than fetch because only it reports upload progress, which matters for images of several GiB.
 */
export function upload(path, query, file, onProgress) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  }
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader(CSRF_HEADER, csrfToken);
    if (onProgress) xhr.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onProgress(e.loaded, e.total); });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'NETWORK', 'The upload did not reach the server.')));
    xhr.addEventListener('load', () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch { data = null; }
      if (xhr.status === 401) onUnauthenticated();
      if (xhr.status >= 200 && xhr.status < 300) { resolve(data); return; }
      const err = (data && data.error) || {};
      reject(new ApiError(xhr.status, err.code || 'HTTP_' + xhr.status,
        err.message || `upload failed with HTTP ${xhr.status}`, fieldOf(err)));
    });
    xhr.send(file);
  });
}

export const api = {
  get: (path, query) => request('GET', path, { query }),
  post: (path, body) => request('POST', path, { body: body ?? {} }),
  put: (path, body) => request('PUT', path, { body: body ?? {} }),
  patch: (path, body) => request('PATCH', path, { body: body ?? {} }),
  del: (path) => request('DELETE', path),
};

/** Lists come either bare or wrapped ({items: [...]}, {deployments: [...]}, ...); pages want the array. */
export function listOf(data, ...keys) {
  if (Array.isArray(data)) return data;
  if (!data || typeof data !== 'object') return [];
  for (const k of [...keys, 'items', 'data', 'results']) {
    if (Array.isArray(data[k])) return data[k];
  }
  return [];
}
