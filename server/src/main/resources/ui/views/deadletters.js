// Dead letters (admins): jobs that failed for good, with their errors; inspect every attempt, redrive
// (queue again with attempts reset) or discard, one or many. The list follows the dashboard stream: it
// reloads when the number of dead letters changes, without a page reload.

import * as api from '../api.js';
import {confirmButton, h, labelCells, messageArea, pageHeading, time} from '../dom.js';

const PAGE = 50;

export function render(ctx) {
  const root = h('section', {class: 'dead-letters'});
  ctx.main.append(root);
  const message = messageArea();
  const live = h('span', {class: 'connection'}, '');
  const body = h('tbody', {id: 'dead-rows'});
  const empty = h('p', {class: 'empty', hidden: true, id: 'no-dead-letters'}, 'No dead letters. Nothing has failed for good.');
  const all = h('input', {type: 'checkbox', id: 'select-all-dead'});
  const redriveSelected = h('button', {type: 'button', disabled: true}, 'Redrive selected');
  const discardSelected = confirmButton('Discard selected', 'Discard the selected jobs for good?', () => bulk('discard'));
  discardSelected.button.disabled = true;
  const more = h('button', {type: 'button', hidden: true}, 'Load older');
  const tableWrap = h('div', {class: 'table-wrap'},
      h('table', {class: 'dead-table cards'},
          h('caption', {class: 'visually-hidden'}, 'Dead letters, most recent first'),
          h('thead', {}, h('tr', {},
              h('th', {scope: 'col', class: 'check'}, h('span', {class: 'visually-hidden'}, 'Selected')),
              h('th', {scope: 'col'}, 'Job'),
              h('th', {scope: 'col', class: 'hide-narrow'}, 'Queue'),
              h('th', {scope: 'col', class: 'num hide-narrow'}, 'Attempts'),
              h('th', {scope: 'col', class: 'hide-narrow'}, 'Died'),
              h('th', {scope: 'col'}, 'Last error'),
              h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Actions')))),
          body));
  root.append(h('div', {class: 'page-head'}, pageHeading('Dead letters'), live),
      h('p', {}, 'Jobs that failed for good. Fix the cause, then redrive them; discard what should never run.'),
      message,
      h('div', {class: 'actions'},
          h('label', {class: 'check-label', for: 'select-all-dead'}, all, ' Select all shown'),
          redriveSelected, discardSelected),
      tableWrap, empty, h('div', {class: 'actions'}, more));

  let cursor = null;
  let deadTotal = null;

  function selected() {
    return [...body.querySelectorAll('input[type=checkbox]:checked')].map((c) => Number(c.value));
  }

  function syncSelection() {
    const n = selected().length;
    redriveSelected.disabled = n === 0;
    discardSelected.button.disabled = n === 0;
    redriveSelected.textContent = n ? `Redrive ${n} selected` : 'Redrive selected';
    discardSelected.button.textContent = n ? `Discard ${n} selected` : 'Discard selected';
  }

  function showEmpty() {
    labelCells(body.closest('table'));
    const none = body.querySelectorAll('tr.dead-row').length === 0;
    empty.hidden = !none;
    tableWrap.hidden = none;
    syncSelection();
  }

  function removeRow(id) {
    for (const tr of body.querySelectorAll(`tr[data-id="${id}"]`)) {
      tr.remove();
    }
  }

  async function inspect(job, detailRow, button) {
    if (!detailRow.hidden) {
      detailRow.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    button.setAttribute('aria-expanded', 'true');
    detailRow.hidden = false;
    const cell = detailRow.firstChild;
    cell.replaceChildren('Loading…');
    try {
      const full = await api.get(`/api/v1/dead-letters/${job.id}`);
      cell.replaceChildren(
          h('h3', {}, `Job #${job.id}: ${full.type} on ${full.queue}`),
          h('h4', {}, 'Attempts'),
          h('ol', {class: 'attempts'}, full.attempts.map((a) => h('li', {},
              h('strong', {}, a.kind), ` · attempt ${a.attempt} · `, time(a.at), a.worker ? ` · ${a.worker}` : '',
              a.message ? h('pre', {class: 'error-text'}, a.message) : null))),
          h('h4', {}, 'Payload'),
          h('pre', {class: 'payload', tabindex: '0'}, JSON.stringify(full.payload, null, 2)));
    } catch (e) {
      cell.replaceChildren(h('p', {class: 'message error'}, e.message));
    }
  }

  function row(job) {
    const check = h('input', {type: 'checkbox', value: String(job.id), 'aria-label': `Select job ${job.id}`});
    check.addEventListener('change', syncSelection);
    const detailRow = h('tr', {class: 'detail-row', hidden: true, dataset: {id: String(job.id)}}, h('td', {colspan: '7'}));
    const inspectButton = h('button', {type: 'button', class: 'small', 'aria-expanded': 'false',
      'aria-label': `Inspect job ${job.id}`}, 'Inspect');
    inspectButton.addEventListener('click', () => inspect(job, detailRow, inspectButton));
    const redrive = h('button', {type: 'button', class: 'small primary', 'aria-label': `Redrive job ${job.id}`}, 'Redrive');
    redrive.addEventListener('click', async () => {
      redrive.disabled = true;
      try {
        await api.post(`/api/v1/dead-letters/${job.id}/redrive`);
        removeRow(job.id);
        showEmpty();
        message.say(`Job #${job.id} is queued again, its attempts reset.`, 'ok');
        message.focus(); // the focused button went with its row
      } catch (e) {
        redrive.disabled = false;
        message.say(e.message, 'error');
      }
    });
    const discard = confirmButton('Discard', `Discard job #${job.id}?`, async () => {
      try {
        await api.del(`/api/v1/dead-letters/${job.id}`);
        removeRow(job.id);
        showEmpty();
        message.say(`Job #${job.id} is discarded.`, 'ok');
        message.focus();
      } catch (e) {
        message.say(e.message, 'error');
      }
    });
    const mainRow = h('tr', {class: 'dead-row', dataset: {id: String(job.id)}},
        h('td', {class: 'check'}, check),
        h('th', {scope: 'row'}, `#${job.id} `, h('span', {class: 'job-type'}, job.type)),
        h('td', {class: 'hide-narrow'}, job.queue),
        h('td', {class: 'num hide-narrow'}, `${job.attempt}/${job.maxAttempts}`),
        h('td', {class: 'hide-narrow'}, time(job.finishedAt)),
        h('td', {class: 'error-cell'}, h('span', {class: 'error-text'}, job.lastError || '—')),
        h('td', {class: 'row-actions'}, inspectButton, ' ', redrive, ' ', discard));
    return [mainRow, detailRow];
  }

  async function load(reset) {
    try {
      const page = await api.get(`/api/v1/dead-letters${api.query({limit: PAGE, cursor: reset ? null : cursor})}`);
      if (reset) {
        const open = new Set([...body.querySelectorAll('tr.detail-row:not([hidden])')].map((r) => r.dataset.id));
        const checked = new Set(selected());
        body.replaceChildren();
        for (const job of page.items) {
          const [mainRow, detailRow] = row(job);
          body.append(mainRow, detailRow);
          if (checked.has(job.id)) {
            mainRow.querySelector('input[type=checkbox]').checked = true;
          }
          if (open.has(String(job.id))) {
            mainRow.querySelector('[aria-expanded]').click();
          }
        }
      } else {
        for (const job of page.items) {
          body.append(...row(job));
        }
      }
      cursor = page.nextCursor;
      more.hidden = !cursor;
      showEmpty();
    } catch (e) {
      message.say(e.message, 'error');
    }
  }

  async function bulk(action) {
    const ids = selected();
    if (!ids.length) {
      return;
    }
    try {
      const answer = await api.post(`/api/v1/dead-letters/${action}`, {ids});
      answer.ids.forEach(removeRow);
      showEmpty();
      message.say(`${action === 'redrive' ? 'Redrove' : 'Discarded'} ${answer.ids.length} job${answer.ids.length === 1 ? '' : 's'}.`, 'ok');
      message.focus();
    } catch (e) {
      message.say(e.message, 'error');
    }
  }

  all.addEventListener('change', () => {
    for (const c of body.querySelectorAll('input[type=checkbox]')) {
      c.checked = all.checked;
    }
    syncSelection();
  });
  redriveSelected.addEventListener('click', () => bulk('redrive'));
  more.addEventListener('click', () => load(false));

  load(true);
  const stream = api.stream('/api/v1/streams/dashboard', {
    snapshot: (snapshot) => {
      live.textContent = 'Live';
      const total = snapshot.queues.reduce((n, q) => n + q.dead, 0);
      if (deadTotal !== null && total !== deadTotal) {
        load(true);
      }
      deadTotal = total;
    },
    refused: () => {
      live.textContent = 'Not live: reload the page';
      api.get('/api/v1/auth/me').catch(() => {}); // a 401 here shows the sign-in page
    },
  }, (state) => {
    if (state === 'reconnecting') {
      live.textContent = 'Reconnecting…';
    }
  });
  return () => stream.close();
}
