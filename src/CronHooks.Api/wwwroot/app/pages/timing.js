// The form's interval schedule and jitter: fields, how they go into the body and the preview, and when they show.
import { h } from '../dom.js';
import { field } from './fields.js';

/** The fields, shown in the "When" fieldset. The interval is typed in minutes and sent in seconds. */
export function timingFields(w) {
  return [
    field('intervalSeconds', 'Every (minutes)', { type: 'number', min: 1, step: 'any', value: w?.intervalSeconds ? w.intervalSeconds / 60 : '',
      hint: 'E.g. 90 for every 90 minutes, which cron cannot say. Counted in absolute time: the time zone plays no part.' }),
    field('anchor', 'Counted from (optional)', { value: w?.anchor ?? '',
      hint: 'An ISO 8601 instant the runs are counted from, e.g. 2026-01-01T00:30:00Z; by default when the webhook was created.' }),
    field('jitterSeconds', 'Spread each run by up to (seconds)', { type: 'number', min: 0, max: 3600, value: w?.jitterSeconds ?? 0,
      hint: 'Each run is sent up to this much later, by a delay fixed per webhook and run, so many webhooks on one schedule do not all call at once. 0 for none.' }),
  ];
}

/** Adds the timing fields to a body built from the form's values <paramref name="v">. */
export function applyTiming(body, v) {
  body.jitterSeconds = v.scheduleType === 'once' || v.jitterSeconds === '' ? null : Number(v.jitterSeconds);
  if (v.scheduleType !== 'interval') return;
  delete body.cronExpression;
  body.intervalSeconds = v.intervalSeconds === '' ? null : Math.round(Number(v.intervalSeconds) * 60);
  body.anchor = v.anchor.trim() || null;
}

/** Which timing fields show for the chosen schedule type; the cron expression is not used by an interval. */
export function showTiming(form) {
  const type = form.elements.namedItem('scheduleType').value;
  for (const [name, visible] of [['intervalSeconds', type === 'interval'], ['anchor', type === 'interval'],
    ['jitterSeconds', type !== 'once'], ['cronExpression', type === 'recurring']])
    form.querySelector(`[data-field="${name}"]`).hidden = !visible;
}

/** The preview's query: an interval instead of the cron expression, and the jitter (with the webhook's id when editing). */
export function previewQuery(form, w, params) {
  const v = Object.fromEntries(new FormData(form));
  const query = new URLSearchParams(params);
  if (v.scheduleType === 'interval') {
    query.delete('cronExpression');
    query.set('intervalSeconds', String(Math.round(Number(v.intervalSeconds) * 60)));
    if (v.anchor.trim()) query.set('anchor', v.anchor.trim());
    else if (w?.anchor) query.set('anchor', w.anchor);
  }
  if (Number(v.jitterSeconds) > 0) {
    query.set('jitterSeconds', v.jitterSeconds);
    if (w) query.set('webhookId', w.id);
  }
  return query;
}

/** Whether the preview has what it needs for an interval. */
export function intervalReady(form) {
  return form.elements.namedItem('scheduleType').value === 'interval' && Number(form.elements.namedItem('intervalSeconds').value) > 0;
}

/** A line under the preview saying what jitter does to the times shown. */
export function jitterNote(occurrences) {
  if (occurrences.some((o) => o.latestUtc))
    return h('p', { class: 'muted', id: 'jitter-note' }, 'Each run is sent at a fixed delay within the jitter after the time shown; once saved, the preview shows the exact times.');
  if (occurrences.some((o) => o.scheduledFor))
    return h('p', { class: 'muted', id: 'jitter-note' }, 'Times include this webhook\'s jitter delay.');
  return '';
}

/** "Every 90 minutes" for an interval schedule. */
export function describeInterval(seconds) {
  if (seconds % 3600 === 0) return seconds === 3600 ? 'Every hour' : `Every ${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'Every minute' : `Every ${seconds / 60} minutes`;
  return `Every ${seconds} seconds`;
}
