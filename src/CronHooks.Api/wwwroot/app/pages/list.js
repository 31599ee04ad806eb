import { get } from '../api.js';
import { h, render } from '../dom.js';
import { browserZone, percent, relative, scheduleSummary, stateSummary, statusBadge, time } from '../format.js';
import { pauseSummary } from './pausing.js';

const pageSize = 20;

function lastResult(activity) {
  const last = activity?.lastResult;
  if (!last) return h('span', { class: 'muted' }, 'No runs yet');
  return h('span', { class: 'last' },
    h('a', { href: `#/executions/${last.executionId}` }, statusBadge(last.status)),
    last.responseCode ? ` ${last.responseCode}` : last.errorKind ? ` ${last.errorKind}` : '',
    h('br'), h('small', { title: new Date(last.finishedAt).toString() }, relative(last.finishedAt)));
}

function nextRun(w) {
  if (!w.nextRunAt) return h('span', { class: 'muted' }, w.state === 'active' ? 'None scheduled' : '—');
  return h('span', {}, time(w.nextRunAt, browserZone),
    w.timezone !== browserZone ? [h('br'), h('small', {}, time(w.nextRunAt, w.timezone))] : null);
}

function row(w) {
  return h('tr', { dataset: { id: w.id } },
    h('th', { scope: 'row', 'data-label': 'Name' }, h('a', { href: `#/webhooks/${w.id}` }, w.name),
      h('br'), h('small', { class: 'url' }, `${w.httpMethod} ${w.url}`)),
    h('td', { 'data-label': 'Schedule' }, scheduleSummary(w)),
    h('td', { 'data-label': 'Time zone' }, w.timezone),
    h('td', { 'data-label': 'Next run' }, nextRun(w)),
    h('td', { 'data-label': 'Last result' }, lastResult(w.activity)),
    h('td', { 'data-label': 'Success (24 h)', class: 'num' }, percent(w.activity?.successRate24h),
      w.activity?.attempts24h ? h('small', { class: 'muted' }, ` of ${w.activity.attempts24h}`) : null),
    h('td', { 'data-label': 'State' }, stateSummary(w), pauseSummary(w)));
}

function filters(params) {
  const form = h('form', { class: 'filters', role: 'search' },
    h('div', { class: 'field' }, h('label', { for: 'search' }, 'Search name or URL'),
      h('input', { id: 'search', name: 'search', type: 'search', value: params.get('search') || '' })),
    h('div', { class: 'field' }, h('label', { for: 'state' }, 'State'),
      h('select', { id: 'state', name: 'state' }, [['', 'All'], ['active', 'Active'], ['cancelled', 'Cancelled'], ['completed', 'Completed']]
        .map(([v, t]) => h('option', { value: v, selected: (params.get('state') || '') === v }, t)))),
    h('div', { class: 'field' }, h('label', { for: 'type' }, 'Type'),
      h('select', { id: 'type', name: 'type' }, [['', 'All'], ['recurring', 'Recurring'], ['once', 'Once'], ['interval', 'Interval']]
        .map(([v, t]) => h('option', { value: v, selected: (params.get('type') || '') === v }, t)))),
    h('button', { type: 'submit', class: 'btn' }, 'Filter'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = new URLSearchParams([...new FormData(form)].filter(([, v]) => v));
    location.hash = `#/webhooks?${next}`;
  });
  form.querySelectorAll('select').forEach((s) => s.addEventListener('change', () => form.requestSubmit()));
  return form;
}

function results(params, page, result) {
  const pages = Math.max(1, Math.ceil(result.totalCount / pageSize));
  const link = (p) => { const q = new URLSearchParams(params); q.set('page', p); return `#/webhooks?${q}`; };
  return [
    result.items.length === 0
      ? h('p', { class: 'empty' }, result.totalCount === 0 && !params.toString()
        ? 'No webhooks yet. Create one and it will show up here with its next runs and results.'
        : 'No webhook matches these filters.')
      : h('div', { class: 'table-wrap' }, h('table', { class: 'webhooks stack' },
        h('caption', { class: 'visually-hidden' }, `Webhooks, page ${page} of ${pages}. Times in ${browserZone}, then in the webhook's zone.`),
        h('thead', {}, h('tr', {}, ['Name', 'Schedule', 'Time zone', `Next run (${browserZone})`, 'Last result', 'Success (24 h)', 'State']
          .map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, result.items.map(row)))),
    h('nav', { class: 'pager', 'aria-label': 'Pages' },
      page > 1 ? h('a', { href: link(page - 1), rel: 'prev' }, '← Newer') : h('span'),
      h('span', {}, `Page ${page} of ${pages} · ${result.totalCount} webhook${result.totalCount === 1 ? '' : 's'}`),
      page < pages ? h('a', { href: link(page + 1), rel: 'next' }, 'Older →') : h('span')),
  ];
}

let refreshTimer;

export async function listPage(params, stillCurrent) {
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = new URLSearchParams({ page, pageSize });
  if (params.get('search')) query.set('search', params.get('search'));
  if (params.get('state')) query.set('state', params.get('state'));
  if (params.get('type')) query.set('scheduleType', params.get('type'));
  const result = await get(`/webhooks?${query}`);
  if (!stillCurrent()) return;

  const box = h('div', { id: 'results' }, results(params, page, result));
  render(
    h('div', { class: 'page-head' }, h('h1', {}, 'Webhooks'), h('a', { class: 'btn primary', href: '#/webhooks/new' }, 'New webhook')),
    filters(params),
    box);

  // Last results, success rates, next runs and states change as the nodes work: keep them current while the list is open.
  let shown = JSON.stringify(result);
  clearInterval(refreshTimer);
  const timer = setInterval(async () => {
    if (!stillCurrent() || !box.isConnected) { clearInterval(timer); return; }
    try {
      const fresh = await get(`/webhooks?${query}`);
      // Only when something changed, so keyboard focus in the table is not lost for nothing.
      if (stillCurrent() && box.isConnected && JSON.stringify(fresh) !== shown) {
        shown = JSON.stringify(fresh);
        box.replaceChildren(...results(params, page, fresh));
      }
    } catch { /* the next tick tries again */ }
  }, 10000);
  refreshTimer = timer;
}
