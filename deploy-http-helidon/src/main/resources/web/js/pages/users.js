// Operator accounts: list, add with a role, change a role or a password, remove (the last admin cannot be removed).
import { api, listOf } from '../api.js';
import { h, time, table, toast, confirmAction, pick } from '../dom.js';
import { form, act } from '../forms.js';
import { can, me, grantableRoles } from '../session.js';

// The rule itself is the server's (ADR-0043); the hint only saves a round trip.
const PASSWORD_HINT = 'At least 12 characters (a few words do), not the user name';
// Only an admin sees this page, and an admin may grant every role: the session's list is the one list of roles.
const roleOptions = () => grantableRoles().map((r) => [r, r[0].toUpperCase() + r.slice(1)]);

export default {
  title: 'Operators',
  async render(root) {
    if (!can('admin')) {
      // Not offered in the menu; reached by a typed address it says why instead of drawing forms that would fail.
      root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Operators')),
        h('p', { id: 'users-admin-only' }, `Only an admin manages operator accounts; ${me()} is not one. `,
          'Your own API tokens are on the ', h('a', { href: '#/tokens' }, 'API tokens'), ' page.'));
      return;
    }
    const listEl = h('div', { id: 'user-list' });
    const passwordEl = h('div', { id: 'user-password', class: 'span-12', hidden: true });
    const add = form({
      id: 'user-add',
      submitLabel: 'Add operator',
      fields: [
        { name: 'username', label: 'User name', required: true, autocomplete: 'off' },
        { name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'new-password',
          hint: PASSWORD_HINT },
        { name: 'role', label: 'Role', type: 'select', value: 'operator', options: roleOptions(),
          hint: 'Viewers only watch; operators run venues, pools, batches and images; admins also manage accounts.' },
      ],
      onSubmit: async (v) => {
        await api.post('/api/v1/users', v);
        toast(`Operator ${v.username} added.`);
        add.reset();
        await load();
      },
    });

    root.append(
      h('div', { class: 'page-head' }, h('h1', {}, 'Operators')),
      h('div', { class: 'grid' },
        h('section', { class: 'panel span-12', 'aria-labelledby': 'h-unew' }, h('h2', { id: 'h-unew' }, 'New operator'), add),
        passwordEl,
        h('section', { class: 'panel span-12', 'aria-labelledby': 'h-ulist' }, h('h2', { id: 'h-ulist' }, 'Accounts'), listEl)));

    function closePassword() {
      passwordEl.hidden = true;
      passwordEl.replaceChildren();
    }

    function changePassword(username) {
      const f = form({
        id: 'user-password-form',
        submitLabel: 'Set password',
        fields: [{ name: 'password', label: `New password for ${username}`, type: 'password', required: true,
          autocomplete: 'new-password', hint: `${PASSWORD_HINT}; the operator's open sessions end.` }],
        extra: h('div', { class: 'field submit' }, h('button', { type: 'button', class: 'btn', onclick: closePassword }, 'Cancel')),
        onSubmit: async (v) => {
          await api.put(`/api/v1/users/${encodeURIComponent(username)}/password`, v);
          toast(`Password of ${username} changed.`);
          closePassword();
        },
      });
      passwordEl.replaceChildren(h('section', { class: 'panel', 'aria-labelledby': 'h-upw' },
        h('h2', { id: 'h-upw' }, `Change the password of ${username}`), f));
      passwordEl.hidden = false;
      f.querySelector('input').focus();
    }

    async function remove(button, username) {
      if (!(await confirmAction(`Remove operator ${username}? They can no longer log in.`, { title: 'Remove operator', ok: 'Remove' }))) return;
      if (await act(button, () => api.del('/api/v1/users/' + encodeURIComponent(username)), `Operator ${username} removed.`)) await load();
    }

    function roleSelect(u) {
      const select = h('select', { 'aria-label': `Role of ${u.username}`, class: 'role-select' },
        roleOptions().map(([v, t]) => h('option', { value: v, selected: u.role === v }, t)));
      select.addEventListener('change', async () => {
        const role = select.value;
        try {
          await api.put(`/api/v1/users/${encodeURIComponent(u.username)}/role`, { role });
          toast(`${u.username} is now ${role}.`);
          u.role = role;
        } catch (e) {
          // Refused (e.g. the last admin): show the server's reason and put the select back to what is true.
          select.value = u.role;
          toast(e.message || String(e), { error: true });
        }
      });
      return select;
    }

    async function load() {
      const users = listOf(await api.get('/api/v1/users'), 'users')
        .map((u) => ({ username: String(pick(u, 'username') ?? ''), createdAt: pick(u, 'created_at'),
          role: String(pick(u, 'role') ?? '') }));
      listEl.replaceChildren(table([
        { label: 'User name', render: (u) => h('strong', {}, u.username) },
        { label: 'Role', render: (u) => roleSelect(u) },
        { label: 'Created', render: (u) => time(u.createdAt) },
        { label: 'Actions', render: (u) => h('div', { class: 'row-actions' },
          h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Change the password of ${u.username}`,
            onclick: () => changePassword(u.username) }, 'Change password'),
          h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': `Remove operator ${u.username}`,
            onclick: (e) => remove(e.currentTarget, u.username) }, 'Remove')) },
      ], users, { rowAttrs: (u) => ({ dataset: { username: u.username } }) }));
    }
    await load();
  },
};
