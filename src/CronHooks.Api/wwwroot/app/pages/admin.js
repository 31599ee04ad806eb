// The admin section (#/admin/…): users, everyone's webhooks and attempts, the cluster, the audit log. The API answers
// 404 to anyone who is not an admin, so this page only ever shows what an admin may see.
import { api, get, post } from '../api.js';
import { h, render, toast } from '../dom.js';
import { relative, statusBadge, time } from '../format.js';

const sections = [['users', 'Users'], ['webhooks', 'Webhooks'], ['executions', 'Executions'], ['cluster', 'Cluster'], ['audit', 'Audit log']];

function tabs(active) {
  return h('nav', { class: 'actions', 'aria-label': 'Admin sections' }, sections.map(([id, label]) =>
    h('a', { class: id === active ? 'btn primary' : 'btn', href: `#/admin/${id}`, 'aria-current': id === active ? 'page' : null }, label)));
}

function when(iso, empty = '—') {
  return iso ? h('span', { title: new Date(iso).toString() }, relative(iso)) : h('span', { class: 'muted' }, empty);
}

/** A GET form whose fields become the section's query string, so a filtered view is a link. */
function filters(section, params, fields) {
  const form = h('form', { class: 'card filters', role: 'search', 'aria-label': 'Filters' },
    fields.map(([name, label, options]) => h('label', {}, `${label} `, options
      ? h('select', { name }, options.map(([value, text]) => h('option', { value, selected: params.get(name) === value }, text)))
      : h('input', { name, value: params.get(name) || '' }))),
    h('button', { type: 'submit', class: 'btn' }, 'Filter'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const query = new URLSearchParams([...new FormData(form)].filter(([, v]) => v));
    location.hash = `#/admin/${section}${query.size ? `?${query}` : ''}`;
  });
  return form;
}

function pager(section, params, page) {
  const pages = Math.max(1, Math.ceil(page.totalCount / page.pageSize));
  const link = (n, text) => {
    const query = new URLSearchParams(params);
    query.set('page', n);
    return h('a', { class: 'btn', href: `#/admin/${section}?${query}` }, text);
  };
  return h('p', { class: 'pager' }, page.page > 1 ? link(page.page - 1, '← Newer') : null,
    ` Page ${page.page} of ${pages} (${page.totalCount}) `, page.page < pages ? link(page.page + 1, 'Older →') : null);
}

function table(cls, headings, rows, empty) {
  return rows.length === 0 ? h('p', { class: 'empty' }, empty) : h('table', { class: `stack ${cls}` },
    h('thead', {}, h('tr', {}, headings.map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, rows));
}

async function act(done, call, reload) {
  try {
    await call();
    toast(done);
  } catch (e) {
    toast(e.message);
  }
  reload();
}

function quotaForm(u, reload) {
  const form = h('form', { class: 'inline' },
    h('label', {}, 'Attempts/min ', h('input', { name: 'attemptsPerMinute', type: 'number', min: 1, value: u.attemptsPerMinuteLimit ?? '', placeholder: 'default' })),
    h('label', {}, 'Per host/min ', h('input', { name: 'attemptsPerHostPerMinute', type: 'number', min: 1, value: u.attemptsPerHostPerMinuteLimit ?? '', placeholder: 'default' })),
    h('button', { type: 'submit', class: 'btn' }, 'Save quotas'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = Object.fromEntries(new FormData(form));
    const number = (x) => (x === '' ? null : Number(x));
    act(`Quotas of ${u.username} saved.`, () => api('PUT', `/admin/users/${u.id}/quotas`,
      { attemptsPerMinute: number(v.attemptsPerMinute), attemptsPerHostPerMinute: number(v.attemptsPerHostPerMinute) }), reload);
  });
  return h('details', {}, h('summary', {}, 'Quotas'), form);
}

async function usersSection(params, isCurrent, reload) {
  const page = await get(`/admin/users?${params}`);
  if (!isCurrent()) return null;
  const rows = page.items.map((u) => h('tr', { dataset: { username: u.username } },
    h('th', { scope: 'row', 'data-label': 'User' }, u.username, h('br'), h('small', { class: 'muted' }, u.email)),
    h('td', { 'data-label': 'Role' }, u.role),
    h('td', { 'data-label': 'State', class: 'user-state' },
      u.disabledAt ? h('span', { class: 'badge bad' }, 'Disabled') : h('span', { class: 'badge ok' }, 'Enabled'),
      u.failedLogins > 0 ? [' ', h('span', { class: 'badge' }, `${u.failedLogins} failed logins`)] : null),
    h('td', { 'data-label': 'Last login' }, when(u.lastLoginAt, 'Never')),
    h('td', { 'data-label': 'Webhooks' }, String(u.webhookCount)),
    h('td', { 'data-label': 'Attempts' }, String(u.attemptCount)),
    h('td', { class: 'actions' },
      u.disabledAt
        ? h('button', { type: 'button', class: 'btn', onclick: () => act(`${u.username} enabled.`, () => post(`/admin/users/${u.id}/enable`), reload) }, 'Enable')
        : h('button', { type: 'button', class: 'btn danger', onclick: () => {
          if (confirm(`Disable ${u.username}? Their tokens and keys stop working and their webhooks stop firing.`)) {
            act(`${u.username} disabled.`, () => post(`/admin/users/${u.id}/disable`), reload);
          }
        } }, 'Disable'),
      u.failedLogins > 0 ? h('button', { type: 'button', class: 'btn', onclick: () => act(`${u.username} unlocked.`, () => post(`/admin/users/${u.id}/unlock`), reload) }, 'Unlock') : null,
      h('button', { type: 'button', class: 'btn', onclick: () => act(`${u.username} is now ${u.role === 'admin' ? 'a user' : 'an admin'}.`,
        () => api('PUT', `/admin/users/${u.id}/role`, { role: u.role === 'admin' ? 'user' : 'admin' }), reload) }, u.role === 'admin' ? 'Remove admin' : 'Make admin'),
      quotaForm(u, reload))));
  return [filters('users', params, [['search', 'Username or email']]),
    table('admin-users', ['User', 'Role', 'State', 'Last login', 'Webhooks', 'Attempts', ''], rows, 'No users match.'), pager('users', params, page)];
}

function pauseForm(w, reload) {
  const form = h('form', { class: 'inline' },
    h('label', {}, 'Note to the owner ', h('input', { name: 'note', required: true, maxlength: 500 })),
    h('button', { type: 'submit', class: 'btn danger' }, 'Pause'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    act(`${w.name} paused.`, () => post(`/admin/webhooks/${w.id}/pause`, { note: new FormData(form).get('note') }), reload);
  });
  return h('details', {}, h('summary', {}, 'Pause…'), form);
}

async function webhooksSection(params, isCurrent, reload) {
  const page = await get(`/admin/webhooks?${params}`);
  if (!isCurrent()) return null;
  const rows = page.items.map((w) => h('tr', { dataset: { id: w.id } },
    h('th', { scope: 'row', 'data-label': 'Webhook' }, w.name, h('br'), h('small', { class: 'url' }, w.urlHost)),
    h('td', { 'data-label': 'Owner' }, w.ownerUsername),
    h('td', { 'data-label': 'Schedule' }, w.cronExpression || time(w.scheduledAt)),
    h('td', { 'data-label': 'State', class: 'webhook-state' }, w.state, w.pauseNote ? [h('br'), h('small', { class: 'muted' }, `Paused by ${w.pausedBy}: ${w.pauseNote}`)] : null),
    h('td', { 'data-label': 'Last run' }, when(w.lastExecutionAt, 'Never')),
    h('td', { class: 'actions' }, w.pausedBy === 'admin'
      ? h('button', { type: 'button', class: 'btn', onclick: () => act(`${w.name} resumed.`, () => post(`/admin/webhooks/${w.id}/unpause`), reload) }, 'Unpause')
      : pauseForm(w, reload))));
  return [filters('webhooks', params, [['name', 'Name'], ['host', 'Host'], ['owner', 'Owner'],
    ['state', 'State', [['', 'Any'], ['active', 'Active'], ['cancelled', 'Cancelled'], ['completed', 'Completed']]]]),
  table('admin-webhooks', ['Webhook', 'Owner', 'Schedule', 'State', 'Last run', ''], rows, 'No webhooks match.'), pager('webhooks', params, page)];
}

async function executionsSection(params, isCurrent) {
  const page = await get(`/admin/executions?${params}`);
  if (!isCurrent()) return null;
  const rows = page.items.map((e) => h('tr', {},
    h('td', { 'data-label': 'Created' }, time(e.createdAt)),
    h('td', { 'data-label': 'Status' }, statusBadge(e.status)),
    h('td', { 'data-label': 'Webhook' }, h('code', {}, e.webhookId)),
    h('td', { 'data-label': 'Attempt' }, String(e.attemptNumber)),
    h('td', { 'data-label': 'Response' }, e.responseCode ? String(e.responseCode) : '—'),
    h('td', { 'data-label': 'Error' }, e.errorKind || '', e.errorMessage ? [h('br'), h('small', { class: 'muted' }, e.errorMessage)] : null)));
  return [filters('executions', params, [
    ['status', 'Status', [['', 'Any'], ...['pending', 'running', 'success', 'failed', 'retrying', 'skipped'].map((s) => [s, s])]],
    ['webhookId', 'Webhook id'], ['errorKind', 'Error kind'], ['from', 'From (ISO)'], ['to', 'To (ISO)']]),
  table('admin-executions', ['Created', 'Status', 'Webhook', 'Attempt', 'Response', 'Error'], rows, 'No attempts match.'), pager('executions', params, page)];
}

async function clusterSection(params, isCurrent) {
  const c = await get('/admin/cluster');
  if (!isCurrent()) return null;
  const seconds = (s) => `${Math.round(s)} s`;
  return [
    h('dl', { class: 'settings cluster' }, [
      ['Live nodes', `${c.nodes.filter((n) => n.live).length} of ${c.nodes.length}`],
      ['Due attempts waiting', String(c.queueDepth)],
      ['Oldest due attempt waiting', seconds(c.oldestDueAgeSeconds)],
      ['Attempts being sent', String(c.runningAttempts)],
      ['Outbox lag', seconds(c.outboxLagSeconds)],
      ['Misfired triggers', String(c.misfiredTriggers)],
      ['Audit entries', String(c.auditEntries)],
    ].map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h('h2', {}, 'Scheduler nodes'),
    table('admin-nodes', ['Node', 'Last check-in', 'State'], c.nodes.map((n) => h('tr', {},
      h('th', { scope: 'row', 'data-label': 'Node' }, n.name),
      h('td', { 'data-label': 'Last check-in' }, when(n.lastCheckinAt)),
      h('td', { 'data-label': 'State' }, n.live ? h('span', { class: 'badge ok' }, 'Live') : h('span', { class: 'badge bad' }, 'Gone')))), 'No node has checked in.'),
    h('h2', {}, 'History partitions'),
    h('ul', { class: 'plain' }, c.historyPartitions.map((p) => h('li', {}, h('code', {}, p.name), p.from ? [' ', time(p.from), ' – ', time(p.to)] : ' (default: rows outside every day partition)'))),
  ];
}

async function auditSection(params, isCurrent) {
  const page = await get(`/admin/audit?${params}`);
  if (!isCurrent()) return null;
  const rows = page.items.map((a) => h('tr', {},
    h('td', { 'data-label': 'When' }, time(a.at)),
    h('td', { 'data-label': 'Who' }, `${a.actorKind}${a.actorUsername ? ` ${a.actorUsername}` : ''}`,
      h('br'), h('small', { class: 'muted' }, [a.credential, a.clientAddress].filter(Boolean).join(' · '))),
    h('td', { 'data-label': 'Action' }, a.action),
    h('td', { 'data-label': 'What' }, `${a.entityType} `, h('code', {}, a.entityId)),
    h('td', { 'data-label': 'Changes' }, h('pre', { class: 'changes' }, JSON.stringify(a.changes, null, 1)))));
  return [filters('audit', params, [
    ['entityType', 'Entity', [['', 'Any'], ['webhook', 'Webhook'], ['calendar', 'Calendar'], ['apiKey', 'API key'], ['user', 'User']]],
    ['entityId', 'Entity id'], ['actorKind', 'Actor', [['', 'Any'], ['user', 'User'], ['admin', 'Admin'], ['system', 'System']]]]),
  table('admin-audit', ['When', 'Who', 'Action', 'What', 'Changes'], rows, 'No changes recorded.'), pager('audit', params, page)];
}

const loaders = { users: usersSection, webhooks: webhooksSection, executions: executionsSection, cluster: clusterSection, audit: auditSection };

export async function adminPage(section, params, isCurrent) {
  const reload = () => adminPage(section, params, isCurrent);
  const content = await loaders[section](params, isCurrent, reload);
  if (!isCurrent() || content === null) return;
  render(h('h1', {}, `Admin · ${sections.find(([id]) => id === section)[1]}`), tabs(section), content);
}
