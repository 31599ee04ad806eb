// An owner's pause (note and until), skip-next and backfill on the webhook page, and the pause shown on the list.
import { post } from '../api.js';
import { h } from '../dom.js';
import { field, showErrors } from './fields.js';
import { time } from '../format.js';

/** A datetime-local value (the browser's zone) as an ISO instant, or null when empty. */
const instant = (value) => (value ? new Date(value).toISOString() : null);

/** A dialog holding a small form; it stays open with the API's field errors until the request succeeds. */
function formDialog(id, title, text, fields, submitText, onSubmit) {
  const form = h('form', { class: 'stack', novalidate: true },
    h('div', { class: 'form-error', role: 'alert' }), fields,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn primary' }, submitText),
      h('button', { type: 'button', class: 'btn', onclick: () => dialog.close() }, 'Cancel')));
  const dialog = h('dialog', { class: 'confirm', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title), text ? h('p', {}, text) : null, form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await onSubmit(Object.fromEntries(new FormData(form)));
      dialog.close();
    } catch (e) {
      showErrors(form, e);
    }
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}

/** Settings rows about pausing, for the webhook page. */
export function pauseRows(w) {
  return [
    w.pausedBy === 'owner' ? ['Resumes', h('span', { id: 'paused-until' }, w.pausedUntil ? time(w.pausedUntil) : 'When you resume it')] : null,
    w.resumedAt ? ['Last resumed', time(w.resumedAt)] : null,
    w.skipNext ? ['Skipping', h('span', { id: 'skip-next' }, `the next ${w.skipNext} scheduled ${w.skipNext === 1 ? 'occurrence' : 'occurrences'}`)] : null,
    ['Pause after failures', w.pauseAfterFailures
      ? `${w.pauseAfterFailures} failed occurrences in a row` : h('span', { class: 'muted' }, 'never')],
  ];
}

/** The Pause…, Skip next… and Backfill… buttons; <done> shows what happened and reloads the page. */
export function pauseActions(w, id, done) {
  const pause = () => formDialog('pause-dialog', 'Pause this webhook',
    'Occurrences due while it is paused are recorded as skipped (paused), not sent.',
    [field('note', 'Note (optional)', { value: w.pauseNote, maxlength: 500, hint: 'Shown on the webhook, e.g. why and until when.' }),
      field('until', 'Resume by itself at (optional)', { type: 'datetime-local', hint: 'Your browser\'s time zone. Leave empty to stay paused until you resume it.' })],
    'Pause', async (v) => {
      await post(`/webhooks/${id}/pause`, { note: v.note || null, until: instant(v.until) });
      await done('Paused.');
    });
  const skip = () => formDialog('skip-dialog', 'Skip the next occurrences',
    'They are recorded as skipped (paused) instead of sent. 0 cancels what is left.',
    [field('count', 'How many', { type: 'number', min: 0, max: 1000, value: w.skipNext || 1 })],
    'Skip', async (v) => {
      const r = await post(`/webhooks/${id}/skip`, { count: v.count === '' ? null : Number(v.count) });
      await done(r.skipNext ? `Skipping the next ${r.skipNext}.` : 'Not skipping any.');
    });
  const backfill = () => formDialog('backfill-dialog', 'Backfill past occurrences',
    'Queues the schedule\'s occurrences between these times (both included, at most 1,000), oldest first. Ones already sent or queued are not sent again.',
    [field('from', 'From', { type: 'datetime-local', required: true }), field('to', 'To', { type: 'datetime-local', required: true })],
    'Backfill', async (v) => {
      const r = await post(`/webhooks/${id}/backfill`, { from: instant(v.from), to: instant(v.to) });
      await done(`Queued ${r.queued}; ${r.alreadyExisting} already queued or sent.`);
    });
  return [
    w.state === 'active' ? h('button', { type: 'button', class: 'btn', id: 'pause' }, 'Pause…') : null,
    w.state === 'active' ? h('button', { type: 'button', class: 'btn', id: 'skip' }, 'Skip next…') : null,
    w.state === 'active' && w.scheduleType === 'recurring' ? h('button', { type: 'button', class: 'btn', id: 'backfill' }, 'Backfill…') : null,
  ].map((button) => {
    if (button) button.addEventListener('click', { pause, skip, backfill }[button.id]);
    return button;
  });
}

/** The pause's note and resume time beside the state on the list; nothing when not paused by its owner. */
export function pauseSummary(w) {
  if (w.pausedBy !== 'owner') return null;
  return h('small', { class: 'muted pause-summary' }, h('br'), 'Paused', w.pauseNote ? `: ${w.pauseNote}` : '',
    w.pausedUntil ? ` · until ${time(w.pausedUntil)}` : '');
}
