// Calendars of days off (explicit dates and/or a country's public holidays) that webhooks skip or move past.
import { api, get, post } from '../api.js';
import { h, render, toast } from '../dom.js';
import { browserZone } from '../format.js';
import { clearErrors, field, showErrors, submitButton } from './fields.js';

/** "2026-12-24, 2026-12-31" or one a line ↔ the dates array. */
const datesToText = (dates) => (dates || []).join('\n');
const textToDates = (text) => text.split(/[\s,]+/).map((d) => d.trim()).filter(Boolean);

function row(c, edit, reload) {
  return h('tr', { dataset: { id: c.id } },
    h('th', { scope: 'row', 'data-label': 'Name' }, c.name),
    h('td', { 'data-label': 'Time zone' }, c.timezone),
    h('td', { 'data-label': 'Country' }, c.country || h('span', { class: 'muted' }, 'None')),
    h('td', { 'data-label': 'Dates', class: 'num' }, String(c.dates.length)),
    h('td', {},
      h('button', { type: 'button', class: 'btn', 'aria-label': `Edit ${c.name}`, onclick: () => edit(c) }, 'Edit'), ' ',
      h('button', {
        type: 'button', class: 'btn danger', 'aria-label': `Delete ${c.name}`,
        onclick: async () => {
          if (!confirm(`Delete the calendar "${c.name}"?`)) return;
          try {
            await api('DELETE', `/calendars/${c.id}`);
            toast(`Calendar "${c.name}" deleted.`);
            reload();
          } catch (e) {
            // In use by webhooks: the API names them.
            toast(e.message);
          }
        },
      }, 'Delete')));
}

function calendarForm(onSaved) {
  let editing = null;
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'calendar-form-h' },
    h('h2', { id: 'calendar-form-h' }, 'New calendar'),
    field('name', 'Name', { required: true, maxlength: 200, hint: 'e.g. "Germany" or "Company days off".' }),
    field('timezone', 'Time zone', { value: browserZone, autocomplete: 'off', hint: 'An occurrence\'s date is read in this IANA zone, e.g. Europe/Berlin.' }),
    field('country', 'Country (optional)', { maxlength: 2, autocomplete: 'off',
      hint: 'An ISO 3166-1 code such as DE, FR, GB or US: its national public holidays are days off.' }),
    field('dates', 'Dates (optional)', { type: 'textarea', rows: 4, placeholder: '2026-12-24\n2026-12-31',
      hint: 'Extra days off, yyyy-MM-dd, one a line or separated by commas (up to 1,000).' }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'actions' }, submitButton('Create calendar'),
      h('button', { type: 'button', class: 'btn', id: 'calendar-cancel', hidden: true }, 'Cancel edit')));
  const input = (name) => form.elements.namedItem(name);
  const show = (c) => {
    editing = c;
    clearErrors(form);
    form.querySelector('h2').textContent = c ? `Edit ${c.name}` : 'New calendar';
    form.querySelector('button[type=submit]').textContent = c ? 'Save calendar' : 'Create calendar';
    form.querySelector('#calendar-cancel').hidden = !c;
    input('name').value = c?.name ?? '';
    input('timezone').value = c?.timezone ?? browserZone;
    input('country').value = c?.country ?? '';
    input('dates').value = datesToText(c?.dates);
  };
  form.querySelector('#calendar-cancel').addEventListener('click', () => show(null));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const v = Object.fromEntries(new FormData(form));
    const body = { name: v.name, timezone: v.timezone.trim() || null, country: v.country.trim() || null, dates: textToDates(v.dates) };
    try {
      const saved = editing ? await api('PUT', `/calendars/${editing.id}`, body) : await post('/calendars', body);
      toast(editing ? `Calendar "${saved.name}" saved.` : `Calendar "${saved.name}" created.`);
      show(null);
      onSaved();
    } catch (err) {
      showErrors(form, err);
    }
  });
  return { form, edit: show };
}

export async function calendarsPage(params, isCurrent) {
  const page = await get('/calendars?pageSize=100');
  if (!isCurrent()) return;
  const reload = () => calendarsPage(params, isCurrent);
  const { form, edit } = calendarForm(reload);
  const table = page.items.length === 0
    ? h('p', { class: 'empty' }, 'No calendars yet.')
    : h('table', { class: 'stack calendars' },
      h('thead', {}, h('tr', {}, ['Name', 'Time zone', 'Country', 'Dates', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, page.items.map((c) => row(c, (cal) => { edit(cal); form.querySelector('input').focus(); }, reload))));
  render(
    h('h1', {}, 'Calendars'),
    h('p', { class: 'muted' }, 'Days off that webhooks avoid: pick calendars in a webhook\'s form and whether a day off skips the run or moves it to the next business day (Monday to Friday, not a day off).'),
    table,
    form);
}
