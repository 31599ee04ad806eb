import { ApiError, get } from '../api.js';
import { h, render } from '../dom.js';
import { browserZone, capitalize, duration, statusBadge, time } from '../format.js';
import { lateness } from './webhook.js';

function pretty(body) {
  if (body === null || body === undefined || body === '') return null;
  try { return JSON.stringify(JSON.parse(body), null, 2); } catch { return body; }
}

export async function executionPage(id, _params, stillCurrent) {
  const e = await get(`/executions/${id}`);
  // Only for the breadcrumb: the attempt outlives its webhook (history is kept after delete).
  let w = null;
  try { w = await get(`/webhooks/${e.webhookId}`); } catch (err) { if (!(err instanceof ApiError) || err.status !== 404) throw err; }
  if (!stillCurrent()) return;

  const facts = [
    ['Status', statusBadge(e.status)],
    ['Attempt', `#${e.attemptNumber} · ${capitalize(e.trigger)}`],
    ['Scheduled for', time(e.scheduledFor)],
    ['Due at', time(e.dueAt)],
    ['Sent at', time(e.executedAt)],
    ['Late by', duration(lateness(e))],
    ['Duration', duration(e.durationMs)],
    ['Finished at', time(e.finishedAt)],
  ];
  if (e.errorKind) facts.push(['Error', h('span', {}, h('code', {}, e.errorKind), ' ', e.errorMessage || '')]);

  // What this attempt sent, as stored with it (never the webhook's current settings, which may have changed).
  const sent = e.request;
  const request = sent
    ? h('section', { class: 'card', 'aria-labelledby': 'req-h' }, h('h2', { id: 'req-h' }, 'Request'),
      h('p', { class: 'hint' }, 'As sent by this attempt; the webhook\'s header values and the signature are masked.'),
      h('pre', { class: 'http' }, `${sent.method} ${sent.url}\n`,
        // Sorted by name: the stored (jsonb) order is not the order they went out in anyway.
        Object.entries(sent.headers).sort(([a], [b]) => a.localeCompare(b, 'en', { sensitivity: 'base' }))
          .map(([k, v]) => `${k}: ${v}\n`),
        sent.body === null || sent.body === undefined ? '' : `\n${sent.body}`))
    : h('section', { class: 'card', 'aria-labelledby': 'req-h' }, h('h2', { id: 'req-h' }, 'Request'),
      h('p', { class: 'muted' }, e.status === 'pending' || e.status === 'running'
        ? 'Not sent yet.'
        : 'No request is stored for this attempt: nothing was sent, or it was recorded before requests were kept.'));

  const body = pretty(e.responseBody);
  const response = h('section', { class: 'card', 'aria-labelledby': 'res-h' }, h('h2', { id: 'res-h' }, 'Response'),
    e.responseCode ? h('p', {}, 'Status code ', h('strong', { id: 'response-code' }, e.responseCode)) : h('p', { class: 'muted' }, 'No response was received.'),
    // Why an answer that came back did not count as a success, next to what came back.
    e.errorKind === 'assertion_failed' ? h('p', { class: 'assertion', id: 'assertion' }, h('span', { class: 'badge bad' }, 'Success criteria not met'), ' ', e.errorMessage || '') : null,
    body ? h('pre', { class: 'body' }, body) : h('p', { class: 'muted' }, 'Empty body.'),
    e.responseTruncated ? h('p', { class: 'hint' }, 'The body was cut at 64 KiB.') : null);

  render(
    h('p', { class: 'crumbs' }, h('a', { href: '#/webhooks' }, 'Webhooks'), ' / ',
      w ? h('a', { href: `#/webhooks/${w.id}` }, w.name) : 'deleted webhook'),
    h('div', { class: 'page-head' }, h('h1', {}, `Attempt #${e.attemptNumber}`), statusBadge(e.status)),
    h('section', { class: 'card', 'aria-labelledby': 'facts-h' }, h('h2', { id: 'facts-h' }, `Timing (${browserZone})`),
      h('dl', { class: 'settings' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
    h('div', { class: 'two-col' }, request, response),
    callbacksSection(e));
  // An attempt still on its way is shown as it finishes, like the history it was opened from.
  if (e.status === 'pending' || e.status === 'running') {
    setTimeout(() => { if (stillCurrent()) executionPage(id, _params, stillCurrent).catch(() => { /* shown as it was */ }); }, 2000);
  }
}

// The callbacks this attempt caused (callbackUrl, failureCallbackUrl), as sent through the alerts queue.
function callbacksSection(e) {
  const callbacks = e.callbacks || [];
  const targets = { callbackUrl: 'Callback', failureCallbackUrl: 'Failure callback' };
  const kind = { sent: 'ok', failed: 'bad', pending: 'info', sending: 'info', dropped: 'muted' };
  return h('section', { class: 'card', 'aria-labelledby': 'cb-h' }, h('h2', { id: 'cb-h' }, 'Callbacks'),
    callbacks.length === 0
      ? h('p', { class: 'muted' }, 'No callback was called for this attempt.')
      : h('div', { class: 'table-wrap' }, h('table', { class: 'callbacks stack' },
        h('caption', { class: 'visually-hidden' }, `Callbacks of this attempt; times in ${browserZone}.`),
        h('thead', {}, h('tr', {}, ['URL', 'Status', 'Sends', 'Sent at', 'Last answer'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, callbacks.map((c) => h('tr', { dataset: { id: c.id, target: c.target, status: c.status } },
          h('td', { 'data-label': 'URL' }, targets[c.target] || c.target),
          h('td', { 'data-label': 'Status' }, h('span', { class: `badge ${kind[c.status] || 'muted'}` }, capitalize(c.status))),
          h('td', { 'data-label': 'Sends', class: 'num' }, c.attempts),
          h('td', { 'data-label': 'Sent at' }, time(c.sentAt)),
          h('td', { 'data-label': 'Last answer' }, c.lastErrorKind
            ? h('span', {}, h('code', {}, c.lastErrorKind), c.lastResponseCode ? ` (HTTP ${c.lastResponseCode})` : '', c.lastErrorMessage ? ` ${c.lastErrorMessage}` : '')
            : (c.lastResponseCode ?? '—'))))))));
}
