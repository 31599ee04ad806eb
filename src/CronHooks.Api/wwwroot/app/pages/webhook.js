import { api, get, post } from '../api.js';
import { h, render, toast } from '../dom.js';
import { outcomeChart } from '../chart.js';
import { browserZone, capitalize, duration, percent, scheduleSummary, stateBadge, stateSummary, statusBadge, time } from '../format.js';
import { pauseActions, pauseRows } from './pausing.js';

const historySize = 20;
let refreshTimer;

/** Lateness: when the attempt went out minus when it was meant to (the occurrence, or the retry's due time). */
export function lateness(e) {
  if (!e.executedAt) return null;
  const planned = e.attemptNumber === 1 && e.trigger !== 'manual' && e.trigger !== 'backfill' ? e.scheduledFor : e.dueAt;
  return Math.max(0, new Date(e.executedAt) - new Date(planned));
}

function settings(w) {
  const rows = [
    ['URL', h('span', { class: 'url' }, `${w.httpMethod} ${w.url}`)],
    ['Key', w.key ? h('code', {}, w.key) : h('span', { class: 'muted' }, 'none')],
    ['Schedule', scheduleSummary(w)],
    ['Time zone', w.timezone],
    ['Next run', w.nextRunAt ? h('span', {}, time(w.nextRunAt, browserZone), w.timezone !== browserZone ? [' · ', time(w.nextRunAt, w.timezone)] : null) : '—'],
    ['State', w.state === 'completed'
      ? h('span', {}, stateSummary(w), h('br'), h('small', { class: 'muted' }, 'It ran and does not run again unless you give it a new time (Edit). Run now sends it once more.'))
      : stateBadge(w)],
    w.pauseNote ? [w.pausedBy === 'admin' ? 'Paused by an administrator' : 'Paused',
      h('span', { id: 'pause-note' }, w.pauseNote, w.pausedBy === 'admin' ? [h('br'), h('small', { class: 'muted' }, 'Only an administrator can resume it.')] : null)] : null,
    ['Headers', Object.keys(w.headers).length
      ? h('ul', { class: 'plain' }, Object.entries(w.headers).map(([k, v]) => h('li', {}, h('code', {}, `${k}: ${v}`))))
      : h('span', { class: 'muted' }, 'none')],
    ['Payload', w.payload === null || w.payload === undefined ? h('span', { class: 'muted' }, 'none') : h('pre', {}, JSON.stringify(w.payload, null, 2))],
    ['Retries', `${w.maxRetries}, first after ${w.retryDelaySeconds} s (doubling)`],
    ['Timeout', `${w.timeoutSeconds} s`],
    ['Failure alerts', w.alert
      ? h('span', {}, h('span', { class: 'url' }, w.alert.url), ` — after ${w.alert.consecutiveFailures} failures in a row`)
      : h('span', { class: 'muted' }, 'none')],
    ...pauseRows(w),
  ];
  if (w.scheduleType === 'recurring') rows.push(['After an outage', w.missedRunPolicy === 'skip' ? 'Skip missed runs' : w.missedRunPolicy === 'all' ? 'Run every missed run, in order' : 'Run once for the missed runs']);
  // Catch-up window and overlap policy.
  if (w.scheduleType === 'recurring') rows.push(['Catch-up window', h('span', { id: 'catchup-window' }, `${w.catchupWindowSeconds} s`,
    w.missedRunPolicy === 'all' ? ' — every missed run within it runs, in order' : null)]);
  rows.push(['Overlapping runs', h('span', { id: 'overlap-policy' }, {
    allow: 'Run anyway', skip: 'Skip the new run', bufferOne: 'Wait for the previous run (at most one waiting)', cancelPrevious: 'Drop the previous run\'s retries',
  }[w.overlapPolicy] || w.overlapPolicy)]);
  if (w.startsAt || w.endsAt) rows.push(['Active between', h('span', {}, time(w.startsAt), ' – ', time(w.endsAt))]);
  const c = w.successCriteria;
  rows.push(['Success when', h('span', { id: 'success-criteria' }, c
    ? [`status ${(c.statusCodes || ['2xx']).join(', ')}`, c.bodyContains ? ` · body contains "${c.bodyContains}"` : '', c.bodyRegex ? ` · body matches /${c.bodyRegex}/` : '',
      c.jsonPointer !== null && c.jsonPointer !== undefined ? ` · ${c.jsonPointer || '(body)'}${c.equals === null || c.equals === undefined ? ' is present' : ` = ${JSON.stringify(c.equals)}`}` : '',
      c.maxDurationMs ? ` · within ${c.maxDurationMs} ms` : ''].join('')
    : 'any 2xx')]);
  rows.push(['Retry on', h('span', { id: 'retry-on' }, w.retryOn?.length ? w.retryOn.join(', ') : 'nothing (every failure is final)',
    w.maxRetryAgeSeconds ? `; none later than ${w.maxRetryAgeSeconds} s after the occurrence` : '')]);
  if (w.scheduleType === 'interval') rows.push(['After an outage', w.missedRunPolicy === 'skip' ? 'Skip missed runs' : 'Run once for the missed runs']);
  if (w.jitterSeconds) rows.push(['Jitter', h('span', { id: 'jitter' }, `Each run is sent up to ${w.jitterSeconds} s after its time (a delay fixed per run); Next run includes it.`)]);
  if (w.callbackUrl || w.failureCallbackUrl) {
    rows.push(['Callbacks', h('ul', { class: 'plain' },
      w.callbackUrl ? h('li', {}, 'Every attempt: ', h('span', { class: 'url' }, w.callbackUrl)) : null,
      w.failureCallbackUrl ? h('li', {}, 'Failed for good: ', h('span', { class: 'url' }, w.failureCallbackUrl)) : null)]);
  }
  if (w.calendarIds?.length) rows.push(['Holidays', h('span', { id: 'holidays' }, `${w.calendarIds.length} calendar${w.calendarIds.length === 1 ? '' : 's'}; on a day off: `,
    w.onHoliday === 'nextBusinessDay' ? 'run on the next business day' : 'skip', ' (', h('a', { href: '#/calendars' }, 'calendars'), ')')]);
  return h('dl', { class: 'settings' }, rows.filter(Boolean).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function confirmDialog(title, text, confirmText, onConfirm) {
  const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'dlg-title' },
    h('h2', { id: 'dlg-title' }, title), h('p', {}, text),
    h('form', { method: 'dialog', class: 'actions' },
      h('button', { class: 'btn danger', value: 'yes' }, confirmText),
      h('button', { class: 'btn', value: 'no', autofocus: true }, 'Keep it')));
  dialog.addEventListener('close', () => { if (dialog.returnValue === 'yes') onConfirm(); dialog.remove(); });
  document.body.append(dialog);
  dialog.showModal();
}

function historyTable(result) {
  if (!result.items.length) return h('p', { class: 'empty' }, 'No attempts yet. They appear here as they happen.');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'executions stack' },
    h('caption', { class: 'visually-hidden' }, `Attempts, newest first; times in ${browserZone}.`),
    h('thead', {}, h('tr', {}, ['Status', 'Attempt', 'Scheduled for', 'Sent at', 'Late by', 'Duration', 'Response', '']
      .map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, result.items.map((e) => h('tr', { dataset: { id: e.id, status: e.status } },
      h('td', { 'data-label': 'Status' }, statusBadge(e.status)),
      h('td', { 'data-label': 'Attempt' }, `#${e.attemptNumber} · ${capitalize(e.trigger)}`),
      h('td', { 'data-label': 'Scheduled for' }, time(e.scheduledFor)),
      h('td', { 'data-label': 'Sent at' }, time(e.executedAt)),
      h('td', { 'data-label': 'Late by', class: 'num' }, duration(lateness(e))),
      h('td', { 'data-label': 'Duration', class: 'num' }, duration(e.durationMs)),
      h('td', { 'data-label': 'Response' }, e.responseCode ?? (e.errorKind ? h('span', { class: 'bad-text' }, e.errorKind) : '—')),
      h('td', {}, h('a', { href: `#/executions/${e.id}`, 'aria-label': `Details of attempt ${e.attemptNumber} scheduled for ${new Date(e.scheduledFor).toLocaleString()}` }, 'Details')))))));
}

function statsSummary(stats) {
  const c = stats.counts;
  return h('ul', { class: 'kpis' },
    h('li', {}, h('strong', {}, percent(stats.successRate)), ' success'),
    h('li', {}, h('strong', {}, c.total), ' attempts'),
    h('li', {}, h('strong', {}, c.failed), ' failed'),
    h('li', {}, h('strong', {}, duration(stats.durationMs.p50)), ' p50'),
    h('li', {}, h('strong', {}, duration(stats.durationMs.p95)), ' p95'),
    h('li', {}, h('strong', {}, duration(stats.latenessMs.p99)), ' p99 late'));
}

function statsPanel(id, window, stats) {
  return [
    h('div', { class: 'section-head' }, h('h2', { id: 'stats-h' }, 'How it has been doing'),
      h('nav', { class: 'tabs', 'aria-label': 'Window' }, ['24h', '7d', '30d'].map((win) =>
        h('a', { href: `#/webhooks/${id}?window=${win}`, 'aria-current': win === window ? 'page' : null }, win)))),
    statsSummary(stats), outcomeChart(stats),
    stats.topErrorKinds.length ? h('p', {}, 'Top errors: ', stats.topErrorKinds.map((e) => `${e.errorKind} (${e.count})`).join(', ')) : null,
  ];
}

/** What changes when an attempt is made or finishes: then the webhook and its statistics are read again. */
const historySignature = (result) => `${result.totalCount}|${result.items.map((e) => `${e.id}:${e.status}`).join(',')}`;

export async function webhookPage(id, params, stillCurrent) {
  const window = ['24h', '7d', '30d'].includes(params.get('window')) ? params.get('window') : '24h';
  const historyPage = Math.max(1, Number(params.get('page')) || 1);
  const historyUrl = `/webhooks/${id}/executions?page=${historyPage}&pageSize=${historySize}`;
  // The history first: the statistics read after it count at least the attempts it shows.
  const firstHistory = await get(historyUrl);
  let w = await get(`/webhooks/${id}`);
  const stats = await get(`/webhooks/${id}/stats?window=${window}`);
  if (!stillCurrent()) return;

  const history = h('div', { id: 'history' });
  const badge = h('span', { id: 'state' });
  const actionsBox = h('div');
  const settingsBox = h('div');
  const statsBox = h('section', { id: 'stats', class: 'card', 'aria-labelledby': 'stats-h' });
  const secretBox = h('div', { id: 'secret', 'aria-live': 'polite' });
  const newSecret = sessionStorage.getItem(`cronhooks.secret.${id}`);
  const showSecret = (secret) => secretBox.replaceChildren(h('div', { class: 'notice' },
    h('p', {}, 'Signing secret, shown only now. Your receiver verifies the webhook-signature header with it:'),
    h('code', { class: 'secret' }, secret)));
  if (newSecret) { showSecret(newSecret); sessionStorage.removeItem(`cronhooks.secret.${id}`); }

  const act = async (label, action) => {
    try {
      await action();
      toast(label);
    } catch (e) {
      toast(e.message);
      return;
    }
    if (stillCurrent()) await webhookPage(id, params, stillCurrent);
  };
  const actions = () => h('div', { class: 'actions', role: 'group', 'aria-label': 'Actions' },
    h('button', { type: 'button', class: 'btn primary', onclick: () => act('Queued a run now.', () => post(`/webhooks/${id}/trigger`)) }, 'Run now'),
    // A completed one-time webhook has nothing to cancel or resume: a new time (Edit) schedules it again.
    w.state === 'active'
      ? h('button', { type: 'button', class: 'btn', onclick: () => act('Cancelled.', () => post(`/webhooks/${id}/cancel`)) }, 'Cancel schedule')
      : w.state === 'cancelled'
        ? h('button', { type: 'button', class: 'btn', onclick: () => act('Resumed.', () => post(`/webhooks/${id}/resume`)) }, 'Resume')
        : null,
    h('a', { class: 'btn', href: `#/webhooks/${id}/edit` }, w.state === 'completed' ? 'Edit (set a new time to run again)' : 'Edit'),
    h('button', { type: 'button', class: 'btn', onclick: () => confirmDialog('Rotate the signing secret?',
      'A new secret is made and shown once. The old one keeps signing for 24 hours, so receivers can switch over.', 'Rotate',
      () => act('Secret rotated.', async () => {
        const r = await post(`/webhooks/${id}/rotate-secret`);
        sessionStorage.setItem(`cronhooks.secret.${id}`, r.signingSecret);
      })) }, 'Rotate secret'),
    h('button', { type: 'button', class: 'btn danger', onclick: () => confirmDialog(`Delete ${w.name}?`,
      'It stops running at once. Its execution history is kept.', 'Delete', async () => {
        try {
          await api('DELETE', `/webhooks/${id}`);
          toast(`Deleted ${w.name}.`);
          location.hash = '#/webhooks';
        } catch (e) { toast(e.message); }
      }) }, 'Delete'),
    pauseActions(w, id, async (label) => {
      toast(label);
      if (stillCurrent()) await webhookPage(id, params, stillCurrent);
    }));

  // The parts that follow the webhook's state; the actions only when the state changed, so a button is never swapped under the pointer.
  let shownState = null;
  const showWebhook = () => {
    badge.replaceChildren(stateBadge(w));
    settingsBox.replaceChildren(settings(w));
    if (w.state !== shownState) { actionsBox.replaceChildren(actions()); shownState = w.state; }
  };
  const showStats = (s) => statsBox.replaceChildren(...statsPanel(id, window, s).filter(Boolean));

  let seen = null;
  async function loadHistory(prefetched) {
    const result = prefetched || await get(historyUrl);
    if (!stillCurrent()) return;
    const pages = Math.max(1, Math.ceil(result.totalCount / historySize));
    const link = (p) => `#/webhooks/${id}?window=${window}&page=${p}`;
    history.replaceChildren(historyTable(result), h('nav', { class: 'pager', 'aria-label': 'History pages' },
      historyPage > 1 ? h('a', { href: link(historyPage - 1) }, '← Newer') : h('span'),
      h('span', {}, `Page ${historyPage} of ${pages} · ${result.totalCount} attempts`),
      historyPage < pages ? h('a', { href: link(historyPage + 1) }, 'Older →') : h('span')));
    // The statistics, chart, last run and state describe the same attempts: read them again when the history moved.
    const signature = historySignature(result);
    if (seen !== null && signature !== seen) {
      const [fresh, freshStats] = await Promise.all([get(`/webhooks/${id}`), get(`/webhooks/${id}/stats?window=${window}`)]);
      if (!stillCurrent()) return;
      w = fresh;
      showWebhook();
      showStats(freshStats);
    }
    seen = signature;
  }

  showWebhook();
  showStats(stats);
  render(
    h('p', { class: 'crumbs' }, h('a', { href: '#/webhooks' }, '← Webhooks')),
    h('div', { class: 'page-head' }, h('h1', {}, w.name), badge),
    actionsBox, secretBox,
    h('div', { class: 'two-col' },
      h('section', { class: 'card', 'aria-labelledby': 'settings-h' }, h('h2', { id: 'settings-h' }, 'Settings'), settingsBox),
      statsBox),
    h('section', { class: 'card', 'aria-labelledby': 'history-h' }, h('h2', { id: 'history-h' }, 'Execution history'), history));

  await loadHistory(firstHistory);
  // Attempts show up as the nodes make them; refresh while this page is open.
  clearInterval(refreshTimer);
  const timer = setInterval(async () => {
    if (!stillCurrent() || !history.isConnected) { clearInterval(timer); return; }
    try { await loadHistory(null); } catch { /* the next tick tries again */ }
  }, 2000);
  refreshTimer = timer;
}
