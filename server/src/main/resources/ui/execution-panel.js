// Run's output side: one execution's status, exit code and resource use, and its output, followed
// live over the execution's event stream until it ends. After a dropped connection the browser
// reconnects with Last-Event-ID and the server sends only what was missed.

import * as api from './api.js';
import {bytes, copyButton, h, millis} from './dom.js';
import {FINAL, OutputPane, resultNotes, statusText} from './output.js';

export class ExecutionPanel {
  /**
   * @param announce speaks to screen readers
   * @param onSettled called with the execution once it is final, or with (null, error) when it cannot be read
   */
  constructor({announce, onSettled}) {
    this.announce = announce;
    this.onSettled = onSettled;
    this.current = null;
    this.follower = null;
    this.status = h('span', {id: 'run-status', class: 'badge status-idle', dataset: {status: 'idle'}}, 'Not run yet');
    this.link = h('span', {class: 'execution-link'});
    this.connection = h('span', {class: 'connection', 'aria-live': 'polite'});
    this.facts = h('dl', {class: 'facts', id: 'run-facts'});
    this.notes = h('div', {class: 'notes', id: 'run-notes'});
    this.pane = new OutputPane('Output');
    this.pane.element.id = 'output';
    this.element = h('section', {class: 'output-section', 'aria-labelledby': 'output-heading'},
        h('h2', {id: 'output-heading'}, 'Output'),
        h('div', {class: 'status-line'}, this.status, this.link, this.connection),
        this.facts,
        this.notes,
        this.pane.element,
        h('p', {class: 'hint output-legend'}, h('span', {class: 'stream-stderr legend'}, 'stderr'), ' is marked in red; ',
            h('span', {class: 'stream-stdout legend'}, 'stdout'), ' is plain.'),
        h('div', {class: 'actions small'},
            copyButton('Copy output', () => this.pane.text(), announce),
            copyButton('Copy stdout', () => this.pane.text('stdout'), announce),
            copyButton('Copy stderr', () => this.pane.text('stderr'), announce)));
  }

  showStatus(value, text = statusText(value)) {
    this.status.className = `badge status-${value}`;
    this.status.dataset.status = value;
    this.status.textContent = text;
  }

  /** Empties the panel before a new run is submitted. */
  clear(statusValue, text) {
    this.stop();
    this.current = null;
    this.pane.reset();
    this.facts.replaceChildren();
    this.notes.replaceChildren();
    this.link.replaceChildren();
    this.showStatus(statusValue, text);
  }

  show(ex) {
    this.showStatus(ex.status);
    this.link.replaceChildren(h('a', {href: `#/history/${ex.id}`}, `Execution #${ex.id}`));
    const rows = [
      ['Exit code', ex.exitCode ?? '—', 'exit-code'],
      ['Wall time', millis(ex.wallMs), 'wall'],
      ['CPU time', millis(ex.cpuMs), 'cpu'],
      ['Peak memory', bytes(ex.peakMemoryBytes), 'memory'],
    ];
    if (ex.attempt > 1) { // the runner failed and the run was retried
      rows.push(['Attempt', ex.attempt, 'attempt']);
    }
    this.facts.replaceChildren(...rows.map(([k, v, key]) => h('div', {dataset: {fact: key}}, h('dt', {}, k), h('dd', {}, String(v)))));
    this.notes.replaceChildren(...resultNotes(ex));
  }

  /** Shows an execution: its output when it is final, else its events live from the first one. */
  display(ex) {
    this.stop();
    this.current = ex.id;
    this.show(ex);
    if (FINAL.has(ex.status)) {
      this.pane.show(ex.stdout, ex.stderr);
      this.onSettled(ex);
    } else {
      this.follow(ex.id);
    }
  }

  follow(id) {
    this.pane.reset();
    this.follower = api.stream(`/api/v1/executions/${id}/events`, {
      started: () => this.showStatus('running'),
      output: (event) => {
        if (event.data) {
          this.pane.append(event.data.stream, event.data.text);
        }
      },
      end: () => this.finish(id),
      refused: () => this.finish(id),
    }, (state) => {
      this.connection.textContent = state === 'reconnecting' ? 'Connection lost; reconnecting…' : '';
    });
  }

  /** The stream has ended: read the result, the authority on status, resources and (if events were missed) output. */
  async finish(id) {
    this.stop();
    if (id !== this.current) {
      return;
    }
    try {
      const ex = await api.get(`/api/v1/executions/${id}`);
      if (id !== this.current) {
        return;
      }
      if (FINAL.has(ex.status) && !this.pane.matches(ex.stdout, ex.stderr)) {
        this.pane.show(ex.stdout, ex.stderr);
      }
      this.show(ex);
      if (FINAL.has(ex.status)) {
        this.announce(`Finished: ${statusText(ex.status)}${ex.exitCode !== null ? `, exit code ${ex.exitCode}` : ''}`);
        this.onSettled(ex);
      } else { // the server refused the stream for a moment (restarting?): follow again shortly
        this.retry = setTimeout(() => {
          if (id === this.current && !this.follower) {
            this.follow(id);
          }
        }, 2000);
      }
    } catch (e) {
      this.onSettled(null, e);
    }
  }

  stop() {
    clearTimeout(this.retry);
    if (this.follower) {
      this.follower.close();
      this.follower = null;
    }
    this.connection.textContent = '';
  }
}
