// Hash routes (#/webhooks/…): the server serves one page at "/" and never has to guess whether an
// unknown path belongs to the dashboard or to the API.
import { get, session } from './api.js';
import { h, render, errorBox } from './dom.js';
import { loginPage, registerPage, logout } from './pages/auth.js';
import { listPage } from './pages/list.js';
import { formPage } from './pages/form.js';
import { webhookPage } from './pages/webhook.js';
import { executionPage } from './pages/execution.js';
import { apiKeysPage } from './pages/apikeys.js';
import { failedPage } from './pages/failed.js';
import { adminPage } from './pages/admin.js';
import { calendarsPage } from './pages/calendars.js';

const routes = [
  [/^\/login$/, loginPage, false],
  [/^\/register$/, registerPage, false],
  [/^\/(?:webhooks)?$/, listPage, true],
  [/^\/webhooks\/new$/, (p, current) => formPage(null, p, current), true],
  [/^\/webhooks\/([0-9a-f-]{36})\/edit$/, (p, current, id) => formPage(id, p, current), true],
  [/^\/webhooks\/([0-9a-f-]{36})$/, (p, current, id) => webhookPage(id, p, current), true],
  [/^\/executions\/([0-9a-f-]{36})$/, (p, current, id) => executionPage(id, p, current), true],
  [/^\/failed$/, failedPage, true],
  [/^\/api-keys$/, apiKeysPage, true],
  [/^\/admin(?:\/(users|webhooks|executions|cluster|audit))?$/, (p, current, section) => adminPage(section || 'users', p, current), true],
  [/^\/calendars$/, calendarsPage, true],
];

function nav() {
  const links = session.token
    ? [h('a', { href: '#/webhooks' }, 'Webhooks'), h('a', { href: '#/webhooks/new' }, 'New webhook'),
      h('a', { href: '#/failed' }, 'Failed'),
      h('a', { href: '#/api-keys' }, 'API keys'),
      h('a', { href: '#/calendars' }, 'Calendars'),
      session.role === 'admin' ? h('a', { href: '#/admin' }, 'Admin') : null,
      h('button', { type: 'button', class: 'link', onclick: logout }, 'Log out')]
    : [h('a', { href: '#/login' }, 'Log in'), h('a', { href: '#/register' }, 'Register')];
  document.getElementById('nav').replaceChildren(...links.filter(Boolean));
}

let current = 0;
async function route() {
  const [path, query = ''] = (location.hash.slice(1) || '/webhooks').split('?');
  const params = new URLSearchParams(query);
  if (session.token && !session.role) {
    try { session.role = (await get('/auth/me')).role; } catch { /* a 401 already went to the login page */ }
  }
  const match = routes.map(([re, page, needsLogin]) => [re.exec(path), page, needsLogin]).find(([m]) => m);
  nav();
  if (!match) return render(h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/webhooks' }, 'Back to your webhooks')));
  const [m, page, needsLogin] = match;
  if (needsLogin && !session.token) {
    location.replace(`#/login?next=${encodeURIComponent(location.hash.slice(1) || '/webhooks')}`);
    return undefined;
  }
  const visit = ++current;
  try {
    await page(params, () => visit === current, ...m.slice(1));
  } catch (e) {
    if (visit === current && e.status !== 401) render(h('h1', {}, 'Something went wrong'), errorBox(e));
  }
  if (visit === current) document.getElementById('main').focus({ preventScroll: true });
  return undefined;
}

window.addEventListener('hashchange', route);
route();
