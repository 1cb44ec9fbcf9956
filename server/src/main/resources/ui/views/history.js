// History: your executions, newest first, filtered by status, language and date (the filters live in
// the address, so Back works and a filtered view can be bookmarked), a page at a time.

import * as api from '../api.js';
import {badge, field, h, labelCells, messageArea, millis, pageHeading, time} from '../dom.js';
import {statusText} from '../output.js';

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'timed_out', 'out_of_memory', 'output_limited', 'cancelled', 'error'];
const PAGE = 30;

/** A local calendar date (YYYY-MM-DD) as the instant it starts here, plus days. */
function localMidnight(date, plusDays = 0) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

function firstLine(code) {
  const line = (code || '').split('\n').find((l) => l.trim()) || '';
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

export async function render(ctx) {
  const q = ctx.query;
  const root = h('section', {class: 'history'});
  ctx.main.append(root);

  const status = h('select', {name: 'status'}, h('option', {value: ''}, 'Any status'),
      STATUSES.map((s) => h('option', {value: s}, statusText(s))));
  status.value = q.get('status') || '';
  const language = h('select', {name: 'language'}, h('option', {value: ''}, 'Any language'));
  const from = h('input', {name: 'from', type: 'date', value: q.get('from') || ''});
  const to = h('input', {name: 'to', type: 'date', value: q.get('to') || ''});
  const message = messageArea();
  const filters = h('form', {class: 'filters toolbar', 'aria-label': 'Filter executions'},
      field('Status', status),
      field('Language', language),
      field('From', from),
      field('To (inclusive)', to),
      h('div', {class: 'actions'},
          h('button', {type: 'submit', class: 'primary'}, 'Filter'),
          h('a', {href: '#/history', class: 'button quiet'}, 'Clear')));
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    const params = {status: status.value, language: language.value, from: from.value, to: to.value};
    ctx.go(`#/history${api.query(params)}`);
  });

  const body = h('tbody', {id: 'history-rows'});
  const more = h('button', {type: 'button', hidden: true}, 'Load older');
  const empty = h('p', {class: 'empty', hidden: true}, 'No executions match. ', h('a', {href: '#/run'}, 'Run some code'), '.');
  const list = h('div', {class: 'table-wrap'},
      h('table', {class: 'history-table cards'},
          h('caption', {class: 'visually-hidden'}, 'Your executions, newest first'),
          h('thead', {}, h('tr', {},
              h('th', {scope: 'col'}, 'Execution'),
              h('th', {scope: 'col'}, 'Created'),
              h('th', {scope: 'col'}, 'Language'),
              h('th', {scope: 'col'}, 'Status'),
              h('th', {scope: 'col', class: 'num'}, 'Exit'),
              h('th', {scope: 'col', class: 'num hide-narrow'}, 'Wall time'),
              h('th', {scope: 'col', class: 'hide-narrow'}, 'Code'))),
          body));
  root.append(pageHeading('History'), filters, message, list, empty, h('div', {class: 'actions'}, more));

  const base = {
    status: q.get('status') || '',
    language: q.get('language') || '',
    from: q.get('from') ? localMidnight(q.get('from')) : '',
    to: q.get('to') ? localMidnight(q.get('to'), 1) : '',
    limit: PAGE,
  };
  let cursor = null;

  async function load() {
    more.disabled = true;
    try {
      const page = await api.get(`/api/v1/executions${api.query({...base, cursor})}`);
      for (const ex of page.items) {
        body.append(h('tr', {dataset: {id: String(ex.id), status: ex.status}},
            h('th', {scope: 'row'}, h('a', {href: `#/history/${ex.id}`}, `#${ex.id}`)),
            h('td', {}, time(ex.createdAt)),
            h('td', {}, ex.language),
            h('td', {}, badge(ex.status, statusText(ex.status))),
            h('td', {class: 'num'}, ex.exitCode ?? '—'),
            h('td', {class: 'num hide-narrow'}, millis(ex.wallMs)),
            h('td', {class: 'hide-narrow'}, h('code', {class: 'code-line'}, firstLine(ex.code)))));
      }
      labelCells(body.closest('table'));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      empty.hidden = body.children.length > 0;
      list.hidden = body.children.length === 0;
    } catch (e) {
      message.say(e.message, 'error');
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener('click', load);

  const runtimes = await api.get('/api/v1/runtimes').catch(() => ({runtimes: []}));
  const languages = new Set((runtimes.runtimes || []).map((r) => r.language));
  if (base.language) {
    languages.add(base.language);
  }
  language.append(...[...languages].sort().map((l) => h('option', {value: l}, l)));
  language.value = base.language;
  await load();
}
