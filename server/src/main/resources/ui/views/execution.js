// One execution from the history: its code, input, output and how it ended; run it again or open it
// in the editor.

import * as api from '../api.js';
import {badge, bytes, copyButton, h, messageArea, millis, pageHeading, time} from '../dom.js';
import {createEditor} from '../editor.js';
import {FINAL, OutputPane, resultNotes, statusText} from '../output.js';
import {openInEditor} from '../draft.js';

export async function render(ctx) {
  const id = Number(ctx.params.id);
  const root = h('section', {class: 'execution'});
  ctx.main.append(root);
  const message = messageArea();
  root.append(h('p', {class: 'crumbs'}, h('a', {href: '#/history'}, '← History')), pageHeading(`Execution #${id}`), message);

  let ex;
  try {
    ex = await api.get(`/api/v1/executions/${id}`);
  } catch (e) {
    message.say(e.status === 404 ? `There is no execution #${id} of yours.` : e.message, 'error');
    return null;
  }

  const rerun = h('button', {type: 'button', class: 'primary', id: 'rerun-button'}, 'Run again');
  rerun.addEventListener('click', async () => {
    rerun.disabled = true;
    try {
      const again = await api.post(`/api/v1/executions/${id}/rerun`);
      ctx.go(`#/run?execution=${again.id}`);
    } catch (e) {
      rerun.disabled = false;
      message.say(e.message, 'error');
    }
  });
  const open = h('button', {type: 'button'}, 'Open in editor');
  open.addEventListener('click', () => {
    openInEditor(ctx.session.user, {language: ex.language, version: ex.version || '', code: ex.code, stdin: ex.stdin || ''});
    ctx.go('#/run?focus=editor');
  });

  const facts = [
    ['Status', badge(ex.status, statusText(ex.status))],
    ['Language', `${ex.language}${ex.version ? ` ${ex.version}` : ''}`],
    ['Exit code', ex.exitCode ?? '—'],
    ['Wall time', millis(ex.wallMs)],
    ['CPU time', millis(ex.cpuMs)],
    ['Peak memory', bytes(ex.peakMemoryBytes)],
    ['Attempt', ex.attempt || '—'],
    ['Created', time(ex.createdAt)],
    ['Started', time(ex.startedAt)],
    ['Finished', time(ex.finishedAt)],
  ];
  root.append(
      h('div', {class: 'actions'}, rerun, open),
      h('dl', {class: 'facts', id: 'execution-facts'}, facts.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v)))),
      ...resultNotes(ex));
  if (!FINAL.has(ex.status)) {
    root.append(h('p', {class: 'message info'}, 'This execution has not finished. ',
        h('a', {href: `#/run?execution=${id}`}, 'Follow it live'), '.'));
  }

  const codeHost = h('div', {class: 'editor-host'});
  root.append(h('section', {'aria-labelledby': 'code-heading'}, h('h2', {id: 'code-heading'}, 'Code'), codeHost));
  createEditor(codeHost, {value: ex.code, language: ex.language, label: `Code of execution ${id}`, readOnly: true});

  if (ex.stdin) {
    root.append(h('section', {'aria-labelledby': 'stdin-heading'}, h('h2', {id: 'stdin-heading'}, 'Input (stdin)'),
        h('pre', {class: 'output plain', tabindex: '0'}, ex.stdin)));
  }
  for (const stream of ['stdout', 'stderr']) {
    const text = ex[stream] || '';
    if (stream === 'stderr' && !text) {
      continue;
    }
    const pane = new OutputPane(stream);
    pane.element.id = `execution-${stream}`;
    pane.append(stream, text);
    root.append(h('section', {'aria-labelledby': `${stream}-heading`},
        h('div', {class: 'section-head'}, h('h2', {id: `${stream}-heading`}, stream),
            copyButton(`Copy ${stream}`, () => pane.text(stream), ctx.announce)),
        text ? pane.element : h('p', {class: 'empty'}, `No ${stream}.`)));
  }
  return null;
}
