// API keys for machine clients: create (scope, optional expiry; the key is shown once), list with last use, revoke.
import { api, get, post } from '../api.js';
import { h, render, toast } from '../dom.js';
import { field, submitButton, showErrors, clearErrors } from './fields.js';
import { relative, time } from '../format.js';

function when(iso, empty) {
  return iso ? h('span', { title: new Date(iso).toString() }, time(iso)) : h('span', { class: 'muted' }, empty);
}

function status(k) {
  if (k.revokedAt) return h('span', { class: 'badge bad' }, 'Revoked');
  if (k.expiresAt && new Date(k.expiresAt) <= new Date()) return h('span', { class: 'badge bad' }, 'Expired');
  return h('span', { class: 'badge ok' }, 'Active');
}

function row(k, reload) {
  const revoke = k.revokedAt ? null : h('button', {
    type: 'button', class: 'btn danger', 'aria-label': `Revoke ${k.name}`,
    onclick: async () => {
      if (!confirm(`Revoke the key "${k.name}"? Clients using it stop working at once.`)) return;
      await api('DELETE', `/api-keys/${k.id}`);
      toast(`Key "${k.name}" revoked.`);
      reload();
    },
  }, 'Revoke');
  return h('tr', { dataset: { id: k.id } },
    h('th', { scope: 'row', 'data-label': 'Name' }, k.name, h('br'), h('small', { class: 'url' }, `${k.prefix}…`)),
    h('td', { 'data-label': 'Scope' }, k.scope),
    h('td', { 'data-label': 'Created' }, when(k.createdAt, '')),
    h('td', { 'data-label': 'Expires' }, when(k.expiresAt, 'Never')),
    h('td', { 'data-label': 'Last used', class: 'last-used' },
      k.lastUsedAt ? h('span', { title: new Date(k.lastUsedAt).toString() }, relative(k.lastUsedAt)) : h('span', { class: 'muted' }, 'Never')),
    h('td', { 'data-label': 'Status' }, status(k)),
    h('td', {}, revoke));
}

function createForm(onCreated) {
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'new-key' },
    h('h2', { id: 'new-key' }, 'New API key'),
    field('name', 'Name', { required: true, hint: 'What the key is for, e.g. "ci".' }),
    field('scope', 'Scope', { options: [['write', 'Write: read and change webhooks'], ['read', 'Read only']], value: 'write' }),
    field('expiresAt', 'Expires', { type: 'date', hint: 'Leave empty for a key that lasts until revoked. Changing your password revokes every key.' }),
    h('p', { class: 'form-error', role: 'alert' }),
    submitButton('Create key'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const v = Object.fromEntries(new FormData(form));
    try {
      const created = await post('/api-keys', {
        name: v.name, scope: v.scope, expiresAt: v.expiresAt ? new Date(`${v.expiresAt}T00:00:00`).toISOString() : null,
      });
      form.reset();
      onCreated(created);
    } catch (err) {
      showErrors(form, err);
    }
  });
  return form;
}

export async function apiKeysPage(params, isCurrent) {
  const keys = await get('/api-keys');
  if (!isCurrent()) return;
  const shown = h('div', { id: 'created-key' });
  const reload = () => apiKeysPage(params, isCurrent);
  const table = keys.length === 0
    ? h('p', { class: 'empty' }, 'No API keys yet.')
    : h('table', { class: 'stack keys' },
      h('thead', {}, h('tr', {}, ['Name', 'Scope', 'Created', 'Expires', 'Last used', 'Status', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, keys.map((k) => row(k, reload))));
  render(
    h('h1', {}, 'API keys'),
    h('p', { class: 'muted' }, 'Send a key as "Authorization: Bearer chk_…". Keys are created here, signed in with your password; a key cannot create keys.'),
    shown,
    createForm(async (created) => {
      await reload();
      document.getElementById('created-key').replaceChildren(h('div', { class: 'card', role: 'status' },
        h('p', {}, `Key "${created.name}" created. Copy it now: it is not shown again.`),
        h('code', { class: 'secret', id: 'new-key-value' }, created.key)));
    }),
    table);
}
