// Builds DOM nodes from data, never from HTML strings: everything the API returns is shown as text.

/** h('a', { href: '#/x', class: 'btn' }, 'text', child) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the page's content and moves focus to it, so keyboard and screen-reader users land on the new page. */
export function render(...children) {
  const main = document.getElementById('main');
  main.replaceChildren();
  append(main, children);
  const heading = main.querySelector('h1');
  document.title = heading ? `${heading.textContent} · CronHooks` : 'CronHooks';
}

export function toast(message) {
  const box = document.getElementById('toast');
  box.textContent = message;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.textContent = ''; }, 6000);
}

/** A visible error box for failures that belong to no single field. */
export function errorBox(error) {
  return h('div', { class: 'error', role: 'alert' }, error.message);
}
