// Operations (admins): queues, workers and what is stuck, live from the dashboard stream (a snapshot
// every 2 s over SSE). The red banner shows the diagnosis's findings in the very words `sluice doctor`
// prints (each finding's `line`: what is wrong — what to do).

import * as api from '../api.js';
import {age, ago, badge, h, labelCells, pageHeading} from '../dom.js';


/** Every queue the snapshot knows: those with jobs, and those live workers serve. */
export function queuesOf(snapshot) {
  const byName = new Map(snapshot.queues.map((q) => [q.queue, q]));
  for (const w of snapshot.workers) {
    if (!w.alive) {
      continue;
    }
    for (const name of w.queues) {
      if (!byName.has(name)) {
        byName.set(name, {queue: name, due: 0, scheduled: 0, running: 0, retrying: 0, dead: 0, oldestDueAgeSeconds: 0,
          expiredLeases: 0, succeededLastMinute: 0, servedBy: []});
      }
      const queue = byName.get(name);
      if (!queue.servedBy.includes(w.id)) {
        queue.servedBy = [...queue.servedBy, w.id];
      }
    }
  }
  return [...byName.values()].sort((a, b) => a.queue.localeCompare(b.queue));
}

export function render(ctx) {
  const root = h('section', {class: 'dashboard'});
  ctx.main.append(root);

  const live = h('span', {class: 'connection', id: 'dashboard-connection'}, 'Connecting…');
  const stuck = h('div', {class: 'banner critical', id: 'stuck-banner', hidden: true},
      h('h2', {}, 'Something is stuck'), h('ul', {class: 'findings'}));
  const attention = h('div', {class: 'banner warning', id: 'attention-banner', hidden: true},
      h('h2', {}, 'Needs attention'), h('ul', {class: 'findings'}));
  const healthy = h('p', {class: 'message ok', id: 'healthy', hidden: true}, 'Nothing is stuck: every queue with work is served.');
  const alertRegion = h('div', {class: 'visually-hidden', role: 'alert'});
  const queueRows = h('tbody', {id: 'queue-rows'});
  const workerRows = h('tbody', {id: 'worker-rows'});
  const notices = h('ul', {class: 'notices', id: 'notices'});
  const leader = h('p', {class: 'leader'});

  root.append(
      h('div', {class: 'page-head'}, pageHeading('Operations'), live),
      alertRegion, stuck, attention, healthy,
      h('section', {'aria-labelledby': 'queues-heading'},
          h('h2', {id: 'queues-heading'}, 'Queues'),
          h('div', {class: 'table-wrap'}, h('table', {class: 'queues-table cards'},
              h('caption', {class: 'visually-hidden'}, 'Queues, live'),
              h('thead', {}, h('tr', {},
                  h('th', {scope: 'col'}, 'Queue'),
                  h('th', {scope: 'col', class: 'num'}, 'Queued'),
                  h('th', {scope: 'col', class: 'num'}, 'Running'),
                  h('th', {scope: 'col', class: 'num'}, 'Oldest queued'),
                  h('th', {scope: 'col', class: 'num'}, h('abbr', {title: 'jobs succeeded in the last minute'}, 'Done/min')),
                  h('th', {scope: 'col', class: 'num hide-narrow'}, 'Retrying'),
                  h('th', {scope: 'col', class: 'num hide-narrow'}, 'Scheduled'),
                  h('th', {scope: 'col', class: 'num'}, 'Dead'),
                  h('th', {scope: 'col', class: 'hide-narrow'}, 'Served by'))),
              queueRows))),
      h('section', {'aria-labelledby': 'workers-heading'},
          h('h2', {id: 'workers-heading'}, 'Workers'),
          h('div', {class: 'table-wrap'}, h('table', {class: 'workers-table cards'},
              h('caption', {class: 'visually-hidden'}, 'Worker processes, live'),
              h('thead', {}, h('tr', {},
                  h('th', {scope: 'col'}, 'Worker'),
                  h('th', {scope: 'col'}, 'State'),
                  h('th', {scope: 'col'}, 'Last heartbeat'),
                  h('th', {scope: 'col'}, 'Running now'),
                  h('th', {scope: 'col', class: 'hide-narrow'}, 'Queues'),
                  h('th', {scope: 'col', class: 'hide-narrow'}, 'Role'))),
              workerRows)),
          leader,
          notices));

  let lastAlert = '';

  function findingItem(f) {
    return h('li', {class: 'finding', dataset: {code: f.code, queue: f.queue || '', severity: f.severity}}, f.line);
  }

  function showFindings(snapshot) {
    const critical = snapshot.findings.filter((f) => f.severity === 'critical');
    const warnings = snapshot.findings.filter((f) => f.severity === 'warning');
    const infos = snapshot.findings.filter((f) => f.severity === 'info');
    stuck.hidden = critical.length === 0;
    stuck.querySelector('ul').replaceChildren(...critical.map(findingItem));
    attention.hidden = warnings.length === 0;
    attention.querySelector('ul').replaceChildren(...warnings.map(findingItem));
    healthy.hidden = critical.length + warnings.length > 0;
    notices.replaceChildren(...infos.map(findingItem));
    // screen readers hear it once when what is stuck changes, not every 2 s as the ages tick
    const key = critical.map((f) => `${f.code}:${f.queue}`).join(',');
    if (key !== lastAlert) {
      alertRegion.textContent = critical.length ? `Stuck: ${critical.map((f) => f.line).join('. ')}` : '';
      lastAlert = key;
    }
  }

  function showQueues(snapshot) {
    queueRows.replaceChildren(...queuesOf(snapshot).map((q) => h('tr', {dataset: {queue: q.queue}},
        h('th', {scope: 'row'}, q.queue),
        h('td', {class: 'num', dataset: {col: 'due'}}, q.due),
        h('td', {class: 'num', dataset: {col: 'running'}}, q.running),
        h('td', {class: 'num', dataset: {col: 'oldest'}}, q.due ? age(q.oldestDueAgeSeconds) : '—'),
        h('td', {class: 'num', dataset: {col: 'throughput'}}, q.succeededLastMinute),
        h('td', {class: 'num hide-narrow'}, q.retrying),
        h('td', {class: 'num hide-narrow'}, q.scheduled),
        h('td', {class: 'num', dataset: {col: 'dead'}}, q.dead ? h('a', {href: '#/dead-letters'}, String(q.dead)) : '0'),
        h('td', {class: 'hide-narrow'}, q.servedBy.length ? q.servedBy.join(', ') : h('span', {class: 'bad'}, 'no live worker')))));
    labelCells(queueRows.closest('table'));
  }

  function showWorkers(snapshot) {
    const now = new Date(snapshot.at).getTime();
    const workers = [...snapshot.workers].sort((a, b) => Number(b.alive) - Number(a.alive));
    workerRows.replaceChildren(...workers.map((w) => h('tr', {dataset: {worker: w.id, alive: String(w.alive)}},
        h('th', {scope: 'row'}, h('span', {class: 'worker-id'}, w.id), h('br'), h('span', {class: 'muted'}, `${w.host} · pid ${w.pid}`)),
        h('td', {}, w.alive ? badge('alive', 'alive') : badge('dead', w.stoppedAt ? 'stopped' : 'dead')),
        h('td', {}, h('time', {datetime: w.heartbeatAt, title: w.heartbeatAt}, ago(w.heartbeatAt, now))),
        h('td', {}, w.running.length
          ? h('ul', {class: 'plain-list'}, w.running.map((j) => h('li', {}, `#${j.id} ${j.type}`,
              h('span', {class: 'muted'}, ` (${j.queue}, attempt ${j.attempt}${j.startedAt ? `, ${age((now - new Date(j.startedAt)) / 1000)}` : ''})`))))
          : h('span', {class: 'muted'}, w.alive ? 'idle' : '—')),
        h('td', {class: 'hide-narrow'}, w.queues.join(', ')),
        h('td', {class: 'hide-narrow'}, w.role))));
    if (!workers.length) {
      workerRows.append(h('tr', {}, h('td', {colspan: '6'}, 'No worker has registered yet. Start one: ./sluice serve --role worker')));
    }
    labelCells(workerRows.closest('table'));
    const l = snapshot.maintenanceLeader;
    leader.textContent = l.holder && l.live ? `Maintenance is led by ${l.holder}.`
      : 'No process leads maintenance (rescues, periodic jobs, pruning): any worker process takes it on.';
  }

  const stream = api.stream('/api/v1/streams/dashboard', {
    snapshot: (snapshot) => {
      live.textContent = `Live · updated ${new Date(snapshot.at).toLocaleTimeString()}`;
      live.dataset.state = 'live';
      showFindings(snapshot);
      showQueues(snapshot);
      showWorkers(snapshot);
    },
    unavailable: (data) => {
      live.textContent = data.detail;
      live.dataset.state = 'down';
    },
    refused: () => {
      live.textContent = 'The live stream was refused; reload the page.';
      live.dataset.state = 'down';
      api.get('/api/v1/auth/me').catch(() => {}); // a 401 here shows the sign-in page
    },
  }, (state) => {
    if (state === 'reconnecting') {
      live.textContent = 'Connection lost; reconnecting…';
      live.dataset.state = 'reconnecting';
    }
  });
  return () => stream.close();
}
