import { get, post } from '../api.js';
import { h, render, toast } from '../dom.js';
import { browserZone, relative, time } from '../format.js';

const pageSize = 20;

/** The dead letters: occurrences whose last attempt failed, across every webhook, with a way to send them again. */
export async function failedPage(params, stillCurrent) {
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [result, webhooks] = await Promise.all([
    get(`/executions?${new URLSearchParams({ status: 'failed', page, pageSize })}`),
    get('/webhooks?pageSize=100'),
  ]);
  if (!stillCurrent()) return;
  const names = new Map(webhooks.items.map((w) => [w.id, w.name]));
  const reload = () => { if (stillCurrent()) failedPage(params, stillCurrent); };

  const redeliver = async (event, e) => {
    event.currentTarget.disabled = true;
    try {
      await post(`/executions/${e.id}/redeliver`);
      toast('Queued again, with the same webhook-id.');
      reload();
    } catch (error) {
      toast(error.message);
      event.currentTarget.disabled = false;
    }
  };

  const row = (e) => h('tr', { dataset: { id: e.id } },
    h('th', { scope: 'row', 'data-label': 'Webhook' },
      names.has(e.webhookId) ? h('a', { href: `#/webhooks/${e.webhookId}` }, names.get(e.webhookId)) : h('span', { class: 'muted' }, e.webhookId)),
    h('td', { 'data-label': 'Occurrence' }, time(e.scheduledFor, browserZone)),
    h('td', { 'data-label': 'Attempt', class: 'num' }, h('a', { href: `#/executions/${e.id}` }, `#${e.attemptNumber}`)),
    h('td', { 'data-label': 'Error' }, e.responseCode ? `${e.responseCode} ` : '', h('code', {}, e.errorKind || ''),
      e.errorMessage ? [h('br'), h('small', { class: 'muted' }, e.errorMessage)] : null),
    h('td', { 'data-label': 'Failed' }, h('span', { title: new Date(e.finishedAt || e.createdAt).toString() }, relative(e.finishedAt || e.createdAt))),
    h('td', { 'data-label': 'Action' }, h('button', { type: 'button', class: 'btn', onclick: (event) => redeliver(event, e) }, 'Redeliver')));

  const pages = Math.max(1, Math.ceil(result.totalCount / pageSize));
  const all = h('button', { type: 'button', class: 'btn primary', disabled: result.totalCount === 0 }, 'Redeliver all failed');
  all.addEventListener('click', async () => {
    all.disabled = true;
    try {
      const { queued } = await post('/executions/redeliver', { status: 'failed', limit: 1000 });
      toast(`Queued ${queued} occurrence${queued === 1 ? '' : 's'} again.`);
      reload();
    } catch (error) {
      toast(error.message);
      all.disabled = false;
    }
  });

  render(
    h('div', { class: 'page-head' }, h('h1', {}, 'Failed'), all),
    h('p', { class: 'muted' }, 'Occurrences whose attempts ran out, newest first. Redelivering sends one more attempt of the same occurrence, with the same webhook-id, so a receiver that deduplicates sees it once.'),
    result.items.length === 0
      ? h('p', { class: 'empty' }, 'Nothing failed. Occurrences whose retries run out show up here.')
      : h('div', { class: 'table-wrap' }, h('table', { class: 'failed stack' },
        h('caption', { class: 'visually-hidden' }, `Failed attempts, page ${page} of ${pages}. Times in ${browserZone}.`),
        h('thead', {}, h('tr', {}, ['Webhook', `Occurrence (${browserZone})`, 'Attempt', 'Error', 'Failed', 'Action'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, result.items.map(row)))),
    h('nav', { class: 'pager', 'aria-label': 'Pages' },
      page > 1 ? h('a', { href: `#/failed?page=${page - 1}`, rel: 'prev' }, '← Newer') : h('span'),
      h('span', {}, `Page ${page} of ${pages} · ${result.totalCount}${result.totalCount >= 10000 ? '+' : ''} failed`),
      page < pages ? h('a', { href: `#/failed?page=${page + 1}`, rel: 'next' }, 'Older →') : h('span')));
}
