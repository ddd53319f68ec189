// API tokens for scripts (ADR-0031, ADR-0051): everyone lists, makes and revokes their own; an admin sees and
// revokes everyone's and may make one for another account. A new token's secret is shown once, right here.
import { api, listOf } from '../api.js';
import { h, time, table, toast, confirmAction, pick } from '../dom.js';
import { form, act } from '../forms.js';
import { can, me, role, grantableRoles } from '../session.js';

const LIFETIMES = [['30d', '30 days'], ['90d', '90 days'], ['365d', 'one year'], ['never', 'never (revoke it by hand)']];

function token(t) {
  return {
    id: String(pick(t, 'id') ?? ''), username: String(pick(t, 'username') ?? ''), label: String(pick(t, 'label') ?? ''),
    role: String(pick(t, 'role') ?? ''), createdAt: pick(t, 'created_at'), expiresAt: pick(t, 'expires_at'),
    lastUsedAt: pick(t, 'last_used_at'),
  };
}

function expiry(t) {
  if (!t.expiresAt) return h('span', {}, 'never');
  return new Date(t.expiresAt) <= new Date()
    ? h('span', {}, time(t.expiresAt), ' ', h('span', { class: 'badge failed' }, 'expired'))
    : time(t.expiresAt);
}

export default {
  title: 'API tokens',
  async render(root) {
    const admin = can('admin');
    const listEl = h('div', { id: 'token-list' });
    const secretEl = h('div', { id: 'token-secret', class: 'span-12', hidden: true });
    const fields = [
      { name: 'label', label: 'Label', placeholder: 'what it is for, e.g. nightly export', maxlength: 100, grow: true },
      { name: 'role', label: 'Role', type: 'select', value: role(), options: grantableRoles().map((r) => [r, r]),
        hint: 'At most your own role; the token never does more than its owner can.' },
      { name: 'expires', label: 'Expires after', type: 'select', value: '90d', options: LIFETIMES },
    ];
    if (admin) {
      fields.unshift({ name: 'owner', label: 'For account', value: me(), required: true, autocomplete: 'off',
        hint: 'Its role limits the token too.' });
    }
    const add = form({
      id: 'token-add',
      submitLabel: 'Make token',
      fields,
      onSubmit: async (v) => {
        const owner = admin ? v.owner : me();
        const made = await api.post(`/api/v1/users/${encodeURIComponent(owner)}/tokens`,
          { label: v.label, role: v.role, expires: v.expires });
        showSecret(token(made), String(pick(made, 'token') ?? ''));
        add.reset();
        await load();
      },
    });

    root.append(
      h('div', { class: 'page-head' }, h('h1', {}, 'API tokens')),
      h('p', { class: 'muted' }, 'Scripts send a token as ', h('code', {}, 'Authorization: Bearer <token>'),
        admin ? '. You see every account\'s tokens.' : '. You see your own tokens.'),
      h('div', { class: 'grid' },
        h('section', { class: 'panel span-12', 'aria-labelledby': 'h-tnew' }, h('h2', { id: 'h-tnew' }, 'New token'), add),
        secretEl,
        h('section', { class: 'panel span-12', 'aria-labelledby': 'h-tlist' }, h('h2', { id: 'h-tlist' }, 'Tokens'), listEl)));

    function hideSecret() {
      secretEl.hidden = true;
      secretEl.replaceChildren();
    }

    // The secret lives only in this element: it is not kept anywhere, and leaving the page forgets it.
    function showSecret(t, secret) {
      const value = h('input', { id: 'token-secret-value', type: 'text', readonly: true, value: secret, size: 60,
        class: 'mono', 'aria-describedby': 'token-secret-hint' });
      secretEl.replaceChildren(h('section', { class: 'panel', 'aria-labelledby': 'h-tsecret' },
        h('h2', { id: 'h-tsecret' }, `Token ${t.id} for ${t.username}`),
        h('p', { id: 'token-secret-hint' }, 'Copy it now: it is shown only this once and cannot be read again.'),
        h('label', { for: 'token-secret-value', class: 'visually-hidden' }, 'The new token'),
        value,
        h('div', { class: 'row-actions' },
          h('button', { type: 'button', class: 'btn', onclick: async () => {
            try { await navigator.clipboard.writeText(secret); toast('Token copied.'); } catch { value.select(); }
          } }, 'Copy'),
          h('button', { type: 'button', class: 'btn', id: 'token-secret-done', onclick: hideSecret }, 'Done'))));
      secretEl.hidden = false;
      value.select();
    }

    async function revoke(button, t) {
      if (!(await confirmAction(`Revoke token ${t.id}${t.label ? ` (${t.label})` : ''} of ${t.username}? Scripts using it stop working at once.`,
        { title: 'Revoke token', ok: 'Revoke' }))) return;
      if (await act(button, () => api.del(`/api/v1/users/${encodeURIComponent(t.username)}/tokens/${encodeURIComponent(t.id)}`),
        `Token ${t.id} revoked.`)) await load();
    }

    async function load() {
      const rows = listOf(await api.get('/api/v1/tokens'), 'tokens').map(token);
      const columns = [
        admin ? { label: 'Account', render: (t) => h('strong', {}, t.username) } : null,
        { label: 'Token', render: (t) => h('span', { class: 'mono' }, t.id) },
        { label: 'Label', render: (t) => t.label || h('span', { class: 'muted' }, '—') },
        { label: 'Role', key: 'role' },
        { label: 'Created', render: (t) => time(t.createdAt) },
        { label: 'Expires', render: expiry },
        { label: 'Last used', render: (t) => t.lastUsedAt ? time(t.lastUsedAt) : h('span', { class: 'muted' }, 'never') },
        { label: 'Actions', render: (t) => h('div', { class: 'row-actions' },
          h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': `Revoke token ${t.id}`,
            onclick: (e) => revoke(e.currentTarget, t) }, 'Revoke')) },
      ].filter(Boolean);
      listEl.replaceChildren(table(columns, rows, { empty: 'No tokens yet.',
        rowAttrs: (t) => ({ dataset: { tokenId: t.id, username: t.username } }) }));
    }
    await load();
  },
};
