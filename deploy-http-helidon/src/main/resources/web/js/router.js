import { h } from './dom.js';

// Hash routes: #/page or #/page/arg. Each page module exports default {title, render(root, args) -> cleanup?}.
const PAGES = {
  dashboard: () => import('./pages/dashboard.js'),
  venues: () => import('./pages/venues.js'),
  pools: () => import('./pages/pools.js'),
  batches: () => import('./pages/batches.js'),
  images: () => import('./pages/images.js'),
  deployments: () => import('./pages/deployments.js'),
  system: () => import('./pages/system.js'),
  audit: () => import('./pages/audit.js'),
  products: () => import('./pages/products.js'),
  users: () => import('./pages/users.js'),
  tokens: () => import('./pages/tokens.js'),
};

let cleanup = null;
let generation = 0;

export function parseHash(hash = location.hash) {
  const parts = hash.replace(/^#\/?/, '').split('?')[0].split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '');
  return { page: parts[0] || 'dashboard', args: parts.slice(1), query };
}

export async function route(root) {
  const { page, args, query } = parseHash();
  const loader = PAGES[page];
  const mine = ++generation;
  if (cleanup) { try { cleanup(); } catch { /* page already gone */ } cleanup = null; }
  for (const a of document.querySelectorAll('.mainnav a')) {
    if (a.dataset.route === page) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  root.replaceChildren();
  delete root.dataset.rendered;
  delete root.dataset.error;
  if (!loader) {
    root.textContent = `There is no page "${page}".`;
    return;
  }
  const mod = (await loader()).default;
  if (mine !== generation) return; // the operator already went elsewhere
  document.title = `${mod.title} · PiDeploy`;
  root.dataset.page = page;
  let c;
  try {
    c = await mod.render(root, args, query);
  } catch (e) {
    if (mine !== generation) return;
    // A page whose data could not be loaded says so instead of staying half drawn.
    root.prepend(h('p', { class: 'form-error', role: 'alert' }, `This page could not be loaded: ${e.message}`));
    root.dataset.error = e.message;
    return;
  }
  if (mine !== generation) { if (typeof c === 'function') c(); return; }
  cleanup = typeof c === 'function' ? c : null;
  // Which route the view now shows, fully rendered (tests and scripts can wait for it).
  root.dataset.rendered = location.hash.replace(/^#\/?/, '');
}

export function startRouter(root) {
  window.addEventListener('hashchange', () => { route(root); root.focus({ preventScroll: true }); });
  if (!location.hash) history.replaceState(null, '', '#/dashboard');
  return route(root);
}
