import { api, ApiError, get } from '../api.js';
import { h, render, toast } from '../dom.js';
import { browserZone, describeCron, inZone, localInputValue, offsetAt } from '../format.js';
import { clearErrors, field, showErrors, submitButton } from './fields.js';
import { applyTiming, describeInterval, intervalReady, jitterNote, previewQuery, showTiming, timingFields } from './timing.js';

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** "Name: value" lines ↔ the headers object. Masked values are sent back as shown, which keeps them. */
function headersToText(headers) {
  return Object.entries(headers || {}).map(([k, v]) => `${k}: ${v}`).join('\n');
}
function textToHeaders(text) {
  const headers = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const i = line.indexOf(':');
    if (i <= 0) throw new ApiError(400, { title: 'Headers', errors: { headers: [`"${line}" is not "Name: value".`] } });
    headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return headers;
}

function definition(form) {
  const v = Object.fromEntries(new FormData(form));
  const body = {
    key: v.key.trim() || null, name: v.name, url: v.url, httpMethod: v.httpMethod, headers: textToHeaders(v.headers),
    scheduleType: v.scheduleType, timezone: v.timezone || null, missedRunPolicy: v.missedRunPolicy,
    startsAt: v.startsAt || null, endsAt: v.endsAt || null,
  };
  for (const n of ['maxRetries', 'retryDelaySeconds', 'timeoutSeconds']) body[n] = v[n] === '' ? null : Number(v[n]);
  if (v.payload.trim()) {
    try { body.payload = JSON.parse(v.payload); } catch (e) {
      throw new ApiError(400, { title: 'Payload', errors: { payload: [`Not valid JSON: ${e.message}`] } });
    }
  }
  // The form saves with PUT (a replace): an alert left out here would be removed, so it is always sent.
  body.alert = v['alert.url'].trim()
    ? { url: v['alert.url'].trim(), consecutiveFailures: v['alert.consecutiveFailures'] === '' ? null : Number(v['alert.consecutiveFailures']) }
    : null;
  // Always sent, like the alert: a replace without them would remove them.
  body.callbackUrl = v.callbackUrl.trim() || null;
  body.failureCallbackUrl = v.failureCallbackUrl.trim() || null;
  if (v.scheduleType === 'once') body.scheduledAt = v.scheduledAt;
  else body.cronExpression = v.cronExpression;
  Object.assign(body, successAndRetries(v));
  body.pauseAfterFailures = v.pauseAfterFailures === '' ? null : Number(v.pauseAfterFailures);
  applyTiming(body, v);
  // Catch-up window and overlap policy.
  body.catchupWindowSeconds = v.catchupWindowSeconds === '' || v.catchupWindowSeconds === undefined ? null : Number(v.catchupWindowSeconds);
  body.overlapPolicy = v.overlapPolicy || null;
  // Calendars apply to recurring webhooks only; several checkboxes share the name, so FormData's last-wins map is not enough.
  body.calendarIds = v.scheduleType !== 'recurring' ? [] : [...form.querySelectorAll('input[name=calendarIds]:checked')].map((i) => i.value);
  body.onHoliday = v.onHoliday || 'skip';
  return body;
}

/** "2xx, 404" ↔ a list; empty text is null (the default). */
const splitList = (text) => (text.trim() ? text.split(/[\s,]+/).filter(Boolean) : null);

/** The "Success criteria" and "Retry on" fields; sent always, as the form saves with PUT (a replace). */
function successAndRetries(v) {
  const text = (n) => (v[`successCriteria.${n}`] || '').trim();
  const criteria = { statusCodes: splitList(text('statusCodes')) };
  for (const n of ['bodyContains', 'bodyRegex']) criteria[n] = v[`successCriteria.${n}`] ? v[`successCriteria.${n}`] : null;
  criteria.jsonPointer = text('jsonPointer') || null;
  criteria.maxDurationMs = text('maxDurationMs') === '' ? null : Number(text('maxDurationMs'));
  if (text('equals')) {
    try { criteria.equals = JSON.parse(text('equals')); } catch (e) {
      throw new ApiError(400, { title: 'Success criteria', errors: { 'successCriteria.equals': [`Not valid JSON: ${e.message}`] } });
    }
  }
  const retryOn = v.retryOn.trim().toLowerCase() === 'none' ? [] : splitList(v.retryOn);
  return {
    successCriteria: Object.values(criteria).some((x) => x !== null && x !== undefined) ? criteria : null,
    retryOn,
    maxRetryAgeSeconds: v.maxRetryAgeSeconds === '' ? null : Number(v.maxRetryAgeSeconds),
  };
}

/** Success criteria and retry classes: what counts as success, and which failures are tried again. */
function successAndRetryFields(w) {
  const c = w?.successCriteria;
  return [
    h('fieldset', {}, h('legend', {}, 'Success criteria (optional)'),
      field('successCriteria.statusCodes', 'Accepted status codes', { value: c?.statusCodes?.join(', ') ?? '', placeholder: '2xx', class: 'mono',
        hint: 'Codes and classes, e.g. "2xx, 404". Empty: any 2xx.' }),
      field('successCriteria.bodyContains', 'Body contains', { value: c?.bodyContains ?? '', hint: 'Case-sensitive text the response body must contain.' }),
      field('successCriteria.bodyRegex', 'Body matches (regex)', { value: c?.bodyRegex ?? '', class: 'mono', spellcheck: 'false',
        hint: 'A .NET regular expression; it may run for at most 100 ms.' }),
      field('successCriteria.jsonPointer', 'JSON pointer', { value: c?.jsonPointer ?? '', class: 'mono', placeholder: '/status',
        hint: 'RFC 6901: a value must be at this place in the JSON body.' }),
      field('successCriteria.equals', 'Equals (JSON)', { value: c?.equals === undefined || c?.equals === null ? '' : JSON.stringify(c.equals), class: 'mono',
        hint: 'The JSON value expected at the pointer, e.g. true or "ok"; compared as JSON.' }),
      field('successCriteria.maxDurationMs', 'Within (milliseconds)', { type: 'number', min: 1, max: 300000, value: c?.maxDurationMs ?? '' })),
    h('fieldset', {}, h('legend', {}, 'Retry on'),
      field('retryOn', 'Failures retried', { value: w?.retryOn?.join(', ') ?? '', class: 'mono', placeholder: 'timeout, connection, 408, 425, 429, 5xx',
        hint: 'timeout, connection, assertion, 3xx, 4xx, 5xx or status codes. Empty: the default shown; "none": never retry. Other failures fail at once.' }),
      field('maxRetryAgeSeconds', 'No retry later than (seconds after the occurrence)', { type: 'number', min: 1, max: 2592000, value: w?.maxRetryAgeSeconds ?? '' })),
  ];
}

/** Next runs from the API, in the webhook's zone and the browser's, with offset changes (DST) marked. */
function previewTable(occurrences, zone) {
  const now = new Date().toISOString();
  let prevZone = offsetAt(now, zone);
  let prevBrowser = offsetAt(now, browserZone);
  const rows = occurrences.map((o, i) => {
    const zoneOffset = offsetAt(o.utc, zone);
    const browserOffset = offsetAt(o.utc, browserZone);
    const notes = [];
    if (zoneOffset !== prevZone) notes.push(`${zone}: ${prevZone} → ${zoneOffset}`);
    if (browserOffset !== prevBrowser && browserZone !== zone) notes.push(`${browserZone}: ${prevBrowser} → ${browserOffset}`);
    prevZone = zoneOffset;
    prevBrowser = browserOffset;
    return h('tr', { dataset: { utc: o.utc }, class: notes.length ? 'dst' : null },
      h('td', { class: 'num' }, i + 1),
      h('td', {}, h('time', { datetime: o.utc }, inZone(o.utc, zone))),
      h('td', {}, inZone(o.utc, browserZone)),
      h('td', {}, notes.length ? h('span', { class: 'badge warn' }, 'Clock change ', notes.join('; ')) : ''));
  });
  return h('table', { class: 'preview' },
    h('caption', {}, `Next ${occurrences.length} runs`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, `In ${zone}`),
      h('th', { scope: 'col' }, `In your zone (${browserZone})`), h('th', { scope: 'col' }, 'Daylight saving'))),
    h('tbody', {}, rows));
}

/** A test send's answer: the verdict first, then what came back and what went out. */
function testResult(r) {
  const ok = r.verdict === 'success';
  const headers = (o) => h('pre', { class: 'mono' }, Object.entries(o || {}).map(([k, v]) => `${k}: ${v}`).join('\n'));
  return [
    h('p', {}, h('span', { class: `badge ${ok ? 'ok' : 'bad'}`, dataset: { verdict: r.verdict } }, ok ? 'Success' : 'Failure'), ' ',
      r.responseCode ? `HTTP ${r.responseCode}` : r.errorKind, ` in ${r.durationMs} ms`),
    r.errorMessage ? h('p', { class: 'muted' }, r.errorMessage) : '',
    r.responseBody ? h('pre', { class: 'mono test-body' }, r.responseBody + (r.responseTruncated ? '\n…(cut)' : '')) : '',
    h('details', {}, h('summary', {}, 'Response headers'), headers(r.responseHeaders)),
    r.request ? h('details', {}, h('summary', {}, `Request sent: ${r.request.method} ${r.request.url}`), headers(r.request.headers)) : '',
  ];
}

export async function formPage(id, _params, stillCurrent) {
  const w = id ? await get(`/webhooks/${id}`) : null;
  if (!stillCurrent()) return;
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const preview = h('section', { class: 'card preview-box', 'aria-labelledby': 'preview-h', 'aria-live': 'polite' },
    h('h2', { id: 'preview-h' }, 'Preview'), h('div', { id: 'preview' }, h('p', { class: 'muted' }, 'Enter a cron expression to see the next runs.')));

  const form = h('form', { novalidate: true, class: 'card webhook-form' },
    h('div', { class: 'form-error', role: 'alert' }),
    h('fieldset', {}, h('legend', {}, 'What to call'),
      field('name', 'Name', { value: w?.name, required: true, maxlength: 200 }),
      field('key', 'Key (optional)', { value: w?.key ?? '', maxlength: 100, pattern: '[A-Za-z0-9][A-Za-z0-9._\\-]*', autocomplete: 'off',
        hint: 'A stable name, unique among your webhooks: letters, digits, ".", "_" and "-". cronhooks apply matches schedule files by it.' }),
      field('url', 'URL', { type: 'url', value: w?.url, required: true, placeholder: 'https://example.com/hook', hint: 'An absolute http or https URL.' }),
      field('httpMethod', 'Method', { value: w?.httpMethod || 'POST', options: methods.map((m) => [m, m]) }),
      field('headers', 'Headers', { type: 'textarea', rows: 3, value: headersToText(w?.headers),
        hint: 'One "Name: value" per line. Values are stored encrypted and shown masked; leave a masked value as it is to keep it while the URL keeps its scheme, host and port.' }),
      field('payload', 'Payload (JSON)', { type: 'textarea', rows: 4, value: w?.payload === undefined || w?.payload === null ? '' : JSON.stringify(w.payload, null, 2) })),
    h('fieldset', {}, h('legend', {}, 'When'),
      field('scheduleType', 'Schedule', { value: w?.scheduleType || 'recurring', options: [['recurring', 'Recurring (cron)'], ['once', 'Once, at a time'], ['interval', 'Every N minutes (interval)']] }),
      field('cronExpression', 'Cron expression', { value: w?.cronExpression, class: 'mono', spellcheck: 'false',
        hint: 'Five fields: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1-5" (09:00 on weekdays), or @daily.' }),
      field('scheduledAt', 'Run at', { type: 'datetime-local', step: 1, value: localInputValue(w?.scheduledAt, w?.timezone || browserZone),
        hint: 'Read in the time zone below.' }),
      field('timezone', 'Time zone', { value: w?.timezone || browserZone, list: 'zones', autocomplete: 'off', hint: 'An IANA zone such as Europe/Berlin.' }),
      h('datalist', { id: 'zones' }, zones.map((z) => h('option', { value: z }))),
      field('startsAt', 'Starts at (optional)', { value: w?.startsAt, hint: 'ISO 8601 with offset, e.g. 2026-01-01T00:00:00Z.' }),
      field('endsAt', 'Ends at (optional)', { value: w?.endsAt }),
      field('missedRunPolicy', 'After an outage', { value: w?.missedRunPolicy || 'runOnce', options: [['runOnce', 'Run once for the missed runs'], ['skip', 'Skip missed runs'], ['all', 'Run every missed run, in order']] }),
      ...timingFields(w)),
    h('fieldset', {}, h('legend', {}, 'Retries and timeout'),
      field('maxRetries', 'Retries', { type: 'number', min: 0, max: 10, value: w?.maxRetries ?? 3 }),
      field('retryDelaySeconds', 'First retry after (seconds)', { type: 'number', min: 1, value: w?.retryDelaySeconds ?? 60, hint: 'Doubled for each next retry.' }),
      field('timeoutSeconds', 'Timeout (seconds)', { type: 'number', min: 1, max: 300, value: w?.timeoutSeconds ?? 30 })),
    h('fieldset', {}, h('legend', {}, 'Failure alerts (optional)'),
      field('alert.url', 'Alert endpoint', { type: 'url', value: w?.alert?.url, placeholder: 'https://hooks.slack.com/services/…',
        hint: 'Gets a signed JSON notification when an occurrence exhausts its retries, when attempts keep failing, and when it recovers. A Slack incoming-webhook URL works as is. It is stored encrypted and shown masked; leave a masked URL as it is to keep it.' }),
      field('alert.consecutiveFailures', 'Alert after this many failures in a row', { type: 'number', min: 1, max: 1000, value: w?.alert?.consecutiveFailures ?? 3,
        hint: 'Retries count as failures.' })),
    ...successAndRetryFields(w),
    h('fieldset', {}, h('legend', {}, 'Pause on failure (optional)'),
      field('pauseAfterFailures', 'Pause after this many failed occurrences in a row', { type: 'number', min: 0, max: 1000, value: w?.pauseAfterFailures ?? 0,
        hint: '0 for never. Retries within an occurrence do not count; a success starts the count again. You resume it yourself.' })),
    h('fieldset', {}, h('legend', {}, 'Callbacks (optional)'),
      field('callbackUrl', 'Callback URL', { type: 'url', value: w?.callbackUrl ?? '', placeholder: 'https://example.com/cronhooks-callback',
        hint: 'Gets a signed JSON report after every attempt that was sent: its status, response code, timing and the first 4 KiB of the response body.' }),
      field('failureCallbackUrl', 'Failure callback URL', { type: 'url', value: w?.failureCallbackUrl ?? '',
        hint: 'Gets the same report once, when an occurrence has failed for good (its retries used up).' })),
    h('fieldset', {}, h('legend', {}, 'Overlap and catch-up'),
      field('overlapPolicy', 'While the previous run is still going', { value: w?.overlapPolicy || 'allow', options: [
        ['allow', 'Run anyway (overlap)'], ['skip', 'Skip the new run'], ['bufferOne', 'Wait for it (at most one waiting)'],
        ['cancelPrevious', 'Drop its remaining retries and run']],
        hint: 'Applies to scheduled runs; Run now and Send test are never held back. Skipped runs are recorded in the history.' }),
      field('catchupWindowSeconds', 'Catch-up window (seconds)', { type: 'number', min: 0, max: 604800, value: w?.catchupWindowSeconds ?? 60,
        hint: 'After an outage, runs missed by no more than this still run (as "After an outage" says); older ones are recorded as missed. Up to 604800 (7 days).' })),
    calendarFields(w),
    h('div', { class: 'actions' }, submitButton(w ? 'Save changes' : 'Create webhook'),
      h('button', { type: 'button', class: 'btn', id: 'send-test' }, 'Send test'),
      h('a', { class: 'btn', href: w ? `#/webhooks/${w.id}` : '#/webhooks' }, 'Cancel')),
    h('section', { id: 'test-result', class: 'test-result', 'aria-live': 'polite', hidden: true },
      h('h2', {}, 'Test send'), h('div', { class: 'test-body-box' })));

  const input = (name) => form.elements.namedItem(name);
  const showKind = () => {
    const once = input('scheduleType').value === 'once';
    for (const [name, visible] of [['cronExpression', !once], ['startsAt', !once], ['endsAt', !once], ['missedRunPolicy', !once], ['scheduledAt', once], ['calendarIds', !once], ['onHoliday', !once]])
      form.querySelector(`[data-field="${name}"]`).hidden = !visible;
    showTiming(form);
    form.querySelector('[data-field="catchupWindowSeconds"]').hidden = once;
  };

  let previewRun = 0;
  let timer;
  async function refreshPreview() {
    const target = preview.querySelector('#preview');
    const cron = input('cronExpression').value.trim();
    const zone = input('timezone').value.trim() || 'UTC';
    if (input('scheduleType').value === 'once') {
      target.replaceChildren(h('p', { class: 'muted' }, 'Runs once, at the time given, read in the time zone.'));
      return;
    }
    if (!cron && !intervalReady(form)) return;
    const run = ++previewRun;
    try {
      const query = new URLSearchParams(previewQuery(form, w, { cronExpression: cron, timezone: zone, count: 10 }));
      const { calendarIds, onHoliday } = definition(form);
      for (const c of calendarIds) query.append('calendarIds', c);
      if (calendarIds.length) query.set('onHoliday', onHoliday);
      const result = await get(`/schedules/preview?${query}`);
      if (run !== previewRun) return;
      clearErrors(form, 'cronExpression');
      clearErrors(form, 'timezone');
      const words = intervalReady(form) ? describeInterval(Math.round(Number(input('intervalSeconds').value) * 60)) : describeCron(cron);
      target.replaceChildren(words ? h('p', {}, h('strong', {}, words), ` (${zone})`) : '',
        result.occurrences.length ? previewTable(result.occurrences, zone) : h('p', {}, 'This schedule never fires.'), jitterNote(result.occurrences));
    } catch (e) {
      if (run !== previewRun) return;
      // The same validation messages the save would give, shown while typing.
      for (const [name, messages] of Object.entries(e.fieldErrors)) {
        const box = form.querySelector(`[data-field="${name}"]`);
        if (!box) continue;
        box.classList.add('invalid');
        box.querySelector('input').setAttribute('aria-invalid', 'true');
        box.querySelector('.field-error').textContent = messages.join(' ');
      }
      target.replaceChildren(h('p', { class: 'muted' }, 'No preview until the schedule is valid.'));
    }
  }
  const schedulePreview = () => { clearTimeout(timer); timer = setTimeout(refreshPreview, 300); };

  form.addEventListener('input', (e) => {
    if (e.target.name) clearErrors(form, e.target.name);
    if (['cronExpression', 'timezone', 'scheduleType', 'intervalSeconds', 'anchor', 'jitterSeconds', 'calendarIds', 'onHoliday'].includes(e.target.name)) schedulePreview();
  });
  input('scheduleType').addEventListener('change', () => { showKind(); schedulePreview(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const body = definition(form);
      const saved = w ? await api('PUT', `/webhooks/${w.id}`, body) : await api('POST', '/webhooks', body);
      if (saved.signingSecret) sessionStorage.setItem(`cronhooks.secret.${saved.id}`, saved.signingSecret);
      toast(w ? 'Saved.' : 'Webhook created.');
      location.hash = `#/webhooks/${saved.id}`;
    } catch (e) {
      showErrors(form, e);
    } finally {
      button.disabled = false;
    }
  });

  // Sent once now and shown here, never recorded; an unchanged saved webhook is sent as saved (its secrets, its signature).
  let saved = null;
  form.querySelector('#send-test').addEventListener('click', async (event) => {
    const button = event.currentTarget;
    const box = form.querySelector('#test-result');
    button.disabled = true;
    clearErrors(form);
    try {
      const body = definition(form);
      const result = w && JSON.stringify(body) === saved
        ? await api('POST', `/webhooks/${w.id}/test`)
        : await api('POST', '/webhooks/test', body);
      box.querySelector('.test-body-box').replaceChildren(...testResult(result));
      box.hidden = false;
    } catch (e) {
      showErrors(form, e);
    } finally {
      button.disabled = false;
    }
  });

  render(h('div', { class: 'page-head' }, h('h1', {}, w ? `Edit ${w.name}` : 'New webhook')),
    h('div', { class: 'form-layout' }, form, preview));
  showKind();
  if (w) saved = JSON.stringify(definition(form));
  refreshPreview();
  // Loaded after the form shows, so it never waits on them; until then the webhook's own choice stands (see calendarFields).
  get('/calendars?pageSize=100').then((page) => {
    if (!stillCurrent()) return;
    const chosen = new Set([...form.querySelectorAll('input[name=calendarIds]:checked')].map((i) => i.value));
    form.querySelector('#calendar-boxes').replaceChildren(...calendarBoxes(page.items, chosen));
  }, () => {});
}

/** Checkboxes for the user's calendars, ticked for <chosen>. */
function calendarBoxes(calendars, chosen) {
  return calendars.length
    ? calendars.map((c) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'calendarIds', value: c.id, checked: chosen.has(c.id) }), ` ${c.name}`))
    : [h('p', { class: 'muted' }, 'No calendars yet: ', h('a', { href: '#/calendars' }, 'create one'), ' to skip holidays.')];
}

/**
 * The webhook's calendars and what a day off does; the preview shows the result. Until the calendars are loaded the
 * webhook's own ids stand as hidden ticked boxes, so a save in between keeps them.
 */
function calendarFields(w) {
  const pending = (w?.calendarIds || []).map((id) => h('input', { type: 'checkbox', name: 'calendarIds', value: id, checked: true, hidden: true }));
  return h('fieldset', {}, h('legend', {}, 'Holidays (optional)'),
    h('div', { class: 'field', dataset: { field: 'calendarIds' }, role: 'group', 'aria-labelledby': 'f-calendarIds-label', 'aria-describedby': 'f-calendarIds-error' },
      h('span', { id: 'f-calendarIds-label' }, 'Calendars'), h('div', { id: 'calendar-boxes' }, pending),
      h('p', { class: 'field-error', id: 'f-calendarIds-error' })),
    field('onHoliday', 'On a day off', { value: w?.onHoliday || 'skip',
      options: [['skip', 'Skip the run (recorded as skipped)'], ['nextBusinessDay', 'Run at the same time on the next business day']],
      hint: 'A business day is Monday to Friday and a day off in none of the chosen calendars. A moved run that lands on a day the schedule already runs is skipped.' }));
}
