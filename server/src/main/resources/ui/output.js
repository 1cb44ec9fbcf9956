// A program's output pane: stdout and stderr in the order they arrived, ANSI colours rendered (as text
// nodes in spans, never as markup), stderr marked, following the end while the reader is there.

import {AnsiStream, stripAnsi} from './ansi.js';
import {h} from './dom.js';

export class OutputPane {
  constructor(label) {
    this.element = h('pre', {class: 'output', role: 'log', 'aria-label': label, tabindex: '0'});
    this.reset();
  }

  reset() {
    this.ansi = {stdout: new AnsiStream(), stderr: new AnsiStream()};
    this.raw = {stdout: '', stderr: ''};
    this.element.replaceChildren();
    this.element.dataset.empty = 'true';
  }

  append(stream, text) {
    if (!text) {
      return;
    }
    const name = stream === 'stderr' ? 'stderr' : 'stdout';
    const el = this.element;
    const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 24;
    this.raw[name] += text;
    const part = h('span', {class: `stream-${name}`});
    part.append(this.ansi[name].render(text));
    el.append(part);
    delete el.dataset.empty;
    if (atEnd) {
      el.scrollTop = el.scrollHeight;
    }
  }

  /** Replaces what is shown with the final result (used when the live events missed something). */
  show(stdout, stderr) {
    this.reset();
    this.append('stdout', stdout || '');
    this.append('stderr', stderr || '');
  }

  matches(stdout, stderr) {
    return this.raw.stdout === (stdout || '') && this.raw.stderr === (stderr || '');
  }

  /** What the reader sees, without escape sequences. */
  text(stream) {
    return stream ? stripAnsi(this.raw[stream]) : this.element.textContent;
  }
}

export const FINAL = new Set(['succeeded', 'failed', 'timed_out', 'out_of_memory', 'output_limited', 'cancelled', 'error']);

const STATUS_TEXT = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  timed_out: 'Timed out',
  out_of_memory: 'Out of memory',
  output_limited: 'Output limit reached',
  cancelled: 'Cancelled',
  error: 'Error',
};

export function statusText(status) {
  return STATUS_TEXT[status] || status;
}

/** Notes under the facts: output cut at the limit, and the runner's detail (why it timed out, failed to run…). */
export function resultNotes(ex) {
  const notes = [];
  const limit = ex.limits && ex.limits.outputKb ? ` (${ex.limits.outputKb} KiB)` : '';
  if (ex.stdoutTruncated) {
    notes.push(h('p', {class: 'message warn truncated', dataset: {stream: 'stdout'}},
        `stdout was cut off at the output limit${limit}: what is shown is the beginning.`));
  }
  if (ex.stderrTruncated) {
    notes.push(h('p', {class: 'message warn truncated', dataset: {stream: 'stderr'}},
        `stderr was cut off at the output limit${limit}: what is shown is the beginning.`));
  }
  if (ex.detail) {
    notes.push(h('p', {class: `message ${ex.status === 'error' ? 'error' : 'info'} detail`}, ex.detail));
  }
  return notes;
}
