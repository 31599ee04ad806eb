// Form fields whose error messages come from the API's validation problems, tied to the input by
// aria-describedby so screen readers announce them.
import { h } from '../dom.js';

export function field(name, label, { type = 'text', value, hint, required, options, autocomplete, rows, ...rest } = {}) {
  const id = `f-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  let input;
  if (options) {
    input = h('select', { id, name, 'aria-describedby': describedBy, ...rest },
      options.map(([v, text]) => h('option', { value: v, selected: String(v) === String(value ?? '') }, text)));
  } else if (type === 'textarea') {
    input = h('textarea', { id, name, rows: rows || 4, 'aria-describedby': describedBy, spellcheck: 'false', ...rest });
    input.value = value ?? '';
  } else {
    input = h('input', { id, name, type, required, autocomplete, 'aria-describedby': describedBy, ...rest });
    if (value !== undefined && value !== null) input.value = value;
  }
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: id }, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    input,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    h('p', { class: 'field-error', id: `${id}-error` }));
}

export function submitButton(text) {
  return h('button', { type: 'submit', class: 'btn primary' }, text);
}

/** Clears old messages, then puts each field's messages under it; the rest go to the form's error box. */
export function showErrors(form, error) {
  clearErrors(form);
  const leftovers = [];
  for (const [name, messages] of Object.entries(error.fieldErrors || {})) {
    const box = form.querySelector(`[data-field="${CSS.escape(name)}"]`)
      || form.querySelector(`[data-field="${CSS.escape(name.split('[')[0])}"]`)
      || form.querySelector(`[data-field="${CSS.escape(name.split('.')[0].split('[')[0])}"]`);
    if (box) {
      box.classList.add('invalid');
      box.querySelector('input,select,textarea')?.setAttribute('aria-invalid', 'true');
      box.querySelector('.field-error').textContent = messages.join(' ');
    } else {
      leftovers.push(`${name}: ${messages.join(' ')}`);
    }
  }
  const summary = form.querySelector('.form-error');
  if (summary) summary.textContent = leftovers.length || !Object.keys(error.fieldErrors || {}).length
    ? [error.message, ...leftovers].join(' ') : '';
  form.querySelector('[aria-invalid=true]')?.focus();
}

export function clearErrors(form, name) {
  const boxes = name ? form.querySelectorAll(`[data-field="${CSS.escape(name)}"]`) : form.querySelectorAll('.field');
  for (const box of boxes) {
    box.classList.remove('invalid');
    box.querySelector('[aria-invalid]')?.removeAttribute('aria-invalid');
    const msg = box.querySelector('.field-error');
    if (msg) msg.textContent = '';
  }
  if (!name) {
    const summary = form.querySelector('.form-error');
    if (summary) summary.textContent = '';
  }
}
