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
  // The attempt outlives its webhook (history is kept after delete); the request is then unknown.
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

  const request = w
    ? h('section', { class: 'card', 'aria-labelledby': 'req-h' }, h('h2', { id: 'req-h' }, 'Request'),
      h('p', { class: 'hint' }, 'As the webhook is set up now; header values are masked. Each attempt also carries webhook-id, webhook-timestamp and webhook-signature headers.'),
      h('pre', { class: 'http' }, `${w.httpMethod} ${w.url}\n`,
        Object.entries(w.headers).map(([k, v]) => `${k}: ${v}\n`),
        w.payload === null || w.payload === undefined ? '' : `Content-Type: application/json\n\n${JSON.stringify(w.payload, null, 2)}`))
    : h('section', { class: 'card' }, h('h2', {}, 'Request'), h('p', {}, 'The webhook has been deleted; its settings are no longer known.'));

  const body = pretty(e.responseBody);
  const response = h('section', { class: 'card', 'aria-labelledby': 'res-h' }, h('h2', { id: 'res-h' }, 'Response'),
    e.responseCode ? h('p', {}, 'Status code ', h('strong', { id: 'response-code' }, e.responseCode)) : h('p', { class: 'muted' }, 'No response was received.'),
    body ? h('pre', { class: 'body' }, body) : h('p', { class: 'muted' }, 'Empty body.'),
    e.responseTruncated ? h('p', { class: 'hint' }, 'The body was cut at 64 KiB.') : null);

  render(
    h('p', { class: 'crumbs' }, h('a', { href: '#/webhooks' }, 'Webhooks'), ' / ',
      w ? h('a', { href: `#/webhooks/${w.id}` }, w.name) : 'deleted webhook'),
    h('div', { class: 'page-head' }, h('h1', {}, `Attempt #${e.attemptNumber}`), statusBadge(e.status)),
    h('section', { class: 'card', 'aria-labelledby': 'facts-h' }, h('h2', { id: 'facts-h' }, `Timing (${browserZone})`),
      h('dl', { class: 'settings' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
    h('div', { class: 'two-col' }, request, response));
}
