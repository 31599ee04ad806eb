// Times, zones and schedules as people read them. All instants from the API are UTC ISO strings.
import { h } from './dom.js';
import { describeInterval } from './pages/timing.js';

export const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const formats = new Map();
function formatter(zone, withZoneName = true) {
  const key = `${zone}|${withZoneName}`;
  if (!formats.has(key)) {
    formats.set(key, new Intl.DateTimeFormat(undefined, {
      timeZone: zone, year: 'numeric', month: 'short', day: '2-digit', weekday: 'short',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
      timeZoneName: withZoneName ? 'short' : undefined,
    }));
  }
  return formats.get(key);
}

/** "Sun, 29 Nov 2026, 14:00:00 CET" in the given IANA zone. */
export function inZone(iso, zone) {
  return iso ? formatter(zone).format(new Date(iso)) : '—';
}

/** A <time> element; its datetime attribute keeps the exact instant for tests and assistive tech. */
export function time(iso, zone = browserZone) {
  return iso ? h('time', { datetime: iso }, inZone(iso, zone)) : h('span', { class: 'muted' }, '—');
}

/** The zone's UTC offset at an instant, e.g. "GMT+02:00". */
export function offsetAt(iso, zone) {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(iso)).find((p) => p.type === 'timeZoneName');
  return part ? part.value : '';
}

export function relative(iso, now = Date.now()) {
  if (!iso) return '';
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

export function percent(rate) {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(rate === 1 || rate === 0 ? 0 : 1)} %`;
}

/** Status as a badge that says it in words (colour is never the only signal). */
export function statusBadge(status) {
  const kind = { success: 'ok', failed: 'bad', retrying: 'warn', pending: 'info', running: 'info', skipped: 'muted' }[status] || 'muted';
  return h('span', { class: `badge ${kind}`, dataset: { status } }, capitalize(status));
}

/** A webhook's state (active, cancelled, or completed: a one-time webhook that has run) as a badge in words. */
export function stateBadge(w) {
  const kind = { active: 'ok', cancelled: 'muted', completed: 'info' }[w.state] || 'muted';
  return h('span', { class: `badge ${kind}`, dataset: { state: w.state } }, capitalize(w.state));
}

/** "Completed <when>" for a completed webhook, else just its state badge. */
export function stateSummary(w) {
  return w.state === 'completed' ? h('span', { class: 'state' }, stateBadge(w), ' ', time(w.completedAt)) : stateBadge(w);
}

export const capitalize = (s) => (s ? s[0].toUpperCase() + s.slice(1) : s);

const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const macros = {
  '@yearly': 'Every year on 1 January at 00:00', '@annually': 'Every year on 1 January at 00:00',
  '@monthly': 'Every month on day 1 at 00:00', '@weekly': 'Every Sunday at 00:00',
  '@daily': 'Every day at 00:00', '@midnight': 'Every day at 00:00', '@hourly': 'Every hour at minute 0',
};
const isNumber = (f) => /^\d+$/.test(f);
const pad = (n) => String(n).padStart(2, '0');

function dayList(field) {
  const name = (d) => days[Number(d) % 7];
  if (field === '1-5') return 'Monday to Friday';
  if (field === '0,6' || field === '6,0') return 'Saturday and Sunday';
  if (/^\d(,\d)*$/.test(field)) return field.split(',').map(name).join(', ');
  if (/^\d-\d$/.test(field)) return `${name(field[0])} to ${name(field[2])}`;
  return null;
}

/**
 * A cron expression in words, for the common shapes; null when it is not one of them (the cron
 * itself is always shown beside it, so nothing is lost).
 */
export function describeCron(expression) {
  if (!expression) return null;
  const cron = expression.trim().toLowerCase();
  if (macros[cron]) return macros[cron];
  const fields = cron.split(/\s+/);
  if (fields.length !== 5) return null;
  const [minute, hour, dom, month, dow] = fields;
  const at = isNumber(minute) && isNumber(hour) ? `at ${pad(hour)}:${pad(minute)}` : null;
  if (month !== '*' && !(isNumber(month) && at && isNumber(dom) && dow === '*')) return null;
  if (isNumber(month)) return `Every year on ${dom} ${months[Number(month) - 1]} ${at}`;
  if (dom === '*' && dow === '*') {
    if (minute === '*' && hour === '*') return 'Every minute';
    const step = /^\*\/(\d+)$/.exec(minute);
    if (step && hour === '*') return `Every ${step[1]} minutes`;
    if (isNumber(minute) && hour === '*') return `Every hour at minute ${Number(minute)}`;
    const hourStep = /^\*\/(\d+)$/.exec(hour);
    if (isNumber(minute) && hourStep) return `Every ${hourStep[1]} hours at minute ${Number(minute)}`;
    if (at) return `Every day ${at}`;
    return null;
  }
  if (!at) return null;
  if (dom === '*' && dayList(dow)) return `Every ${dayList(dow)} ${at}`;
  if (isNumber(dom) && dow === '*') return `Every month on day ${Number(dom)} ${at}`;
  return null;
}

/** How a webhook runs: words plus the exact cron, or the single instant. */
export function scheduleSummary(w) {
  if (w.scheduleType === 'once') return h('span', {}, 'Once, ', time(w.scheduledAt, w.timezone));
  if (w.scheduleType === 'interval') return h('span', { class: 'schedule' }, `${describeInterval(w.intervalSeconds)} from `, time(w.anchor, w.timezone));
  const words = describeCron(w.cronExpression);
  return h('span', { class: 'schedule' }, words ? `${words} ` : '', h('code', {}, w.cronExpression));
}

/** An instant as a datetime-local value (YYYY-MM-DDTHH:MM:SS) in a zone. */
export function localInputValue(iso, zone) {
  if (!iso) return '';
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).format(new Date(iso)).replace(' ', 'T');
}
