import { api, session } from '../api.js';
import { h, render } from '../dom.js';
import { field, showErrors, submitButton } from './fields.js';

function authForm(title, fields, submitText, onSubmit, footer) {
  const form = h('form', { novalidate: true, class: 'card narrow' }, h('h1', {}, title), ...fields,
    h('div', { class: 'form-error', role: 'alert' }), submitButton(submitText), footer);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await onSubmit(values);
    } catch (e) {
      showErrors(form, e);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

async function logIn(username, password, next) {
  const token = await api('POST', '/auth/token', { username, password });
  session.token = token.accessToken;
  location.hash = `#${next || '/webhooks'}`;
}

export function loginPage(params) {
  render(authForm('Log in', [
    field('username', 'Username', { autocomplete: 'username', required: true }),
    field('password', 'Password', { type: 'password', autocomplete: 'current-password', required: true }),
  ], 'Log in', (v) => logIn(v.username, v.password, params.get('next')),
  h('p', {}, 'No account yet? ', h('a', { href: '#/register' }, 'Register'))));
}

export function registerPage() {
  render(authForm('Register', [
    field('username', 'Username', { autocomplete: 'username', required: true }),
    field('email', 'Email', { type: 'email', autocomplete: 'email', required: true }),
    field('password', 'Password', { type: 'password', autocomplete: 'new-password', required: true, hint: 'At least 8 characters.' }),
  ], 'Create account', async (v) => {
    await api('POST', '/auth/register', v);
    await logIn(v.username, v.password);
  }, h('p', {}, 'Already registered? ', h('a', { href: '#/login' }, 'Log in'))));
}

export function logout() {
  session.token = null;
  location.hash = '#/login';
}
