// Run: the editor, language and version from /api/v1/runtimes, stdin, limits, Run (Ctrl/Cmd+Enter),
// the output live from the execution's event stream, Cancel while it runs, and how it ended.

import * as api from '../api.js';
import {bytes, copyButton, field, h, messageArea, millis, pageHeading, uid} from '../dom.js';
import {createEditor} from '../editor.js';
import {FINAL, OutputPane, resultNotes, statusText} from '../output.js';

const FALLBACK_LANGUAGES = ['bash', 'java', 'node', 'python', 'ruby'];
const STARTER = 'print("Hello from Sluice")\n';

// Survives navigation within the app (and reloads, per user, in localStorage).
let draft = null;
let lastExecution = null;

function draftKey(user) {
  return `sluice-draft:${user.username}`;
}

function loadDraft(user) {
  if (draft && draft.user === user.username) {
    return draft;
  }
  let stored = null;
  try {
    stored = JSON.parse(localStorage.getItem(draftKey(user)) || 'null');
  } catch (e) {
    stored = null;
  }
  draft = {language: 'python', version: '', code: STARTER, stdin: '', script: null, wallSeconds: '', memoryMb: '',
    ...(stored || {}), user: user.username};
  lastExecution = null;
  return draft;
}

let saveTimer = null;
function saveDraft() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    try {
      localStorage.setItem(`sluice-draft:${draft.user}`, JSON.stringify(draft));
    } catch (e) {
      // not remembered across reloads; still kept in memory
    }
  }, 300);
}

/** Other views put code into the editor with this, then navigate to #/run. */
export function openInEditor(user, {language, version = '', code, stdin = '', script = null}) {
  loadDraft(user);
  Object.assign(draft, {language, version: version || '', code, stdin: stdin || '', script});
  lastExecution = null;
  saveDraft();
}

export async function render(ctx) {
  const d = loadDraft(ctx.session.user);
  const root = h('section', {class: 'run'});
  ctx.main.append(root);

  // --- controls ---
  const language = h('select', {name: 'language'});
  const version = h('select', {name: 'version'});
  const examples = h('select', {name: 'example'}, h('option', {value: ''}, 'Load an example…'));
  const stdin = h('textarea', {name: 'stdin', rows: '3', spellcheck: 'false', class: 'mono'});
  stdin.value = d.stdin || '';
  const wall = h('input', {name: 'wallSeconds', type: 'number', min: '1', inputmode: 'numeric', value: d.wallSeconds || ''});
  const memory = h('input', {name: 'memoryMb', type: 'number', min: '1', inputmode: 'numeric', value: d.memoryMb || ''});
  const runButton = h('button', {type: 'submit', class: 'primary', id: 'run-button'}, 'Run');
  const cancelButton = h('button', {type: 'button', class: 'danger', id: 'cancel-button', hidden: true}, 'Cancel');
  const saveButton = h('button', {type: 'button', id: 'save-button'}, 'Save…');
  const saveAsNew = h('button', {type: 'button', class: 'quiet', id: 'save-as-button', hidden: true}, 'Save as new…');
  const formMessage = messageArea();
  const scriptLine = h('p', {class: 'script-line', id: 'script-line'});
  const runtimesNote = h('div', {class: 'runtime-note'});

  // --- save as a script: a group inside the run form (forms cannot nest), so Enter is handled here ---
  const saveName = h('input', {name: 'name', autocomplete: 'off', maxlength: '100'});
  const saveMessage = messageArea();
  const saveConfirm = h('button', {type: 'button', class: 'primary', id: 'save-confirm'}, 'Save script');
  const saveForm = h('div', {class: 'save-form', role: 'group', 'aria-label': 'Save as a script', hidden: true},
      field('Script name', saveName),
      h('div', {class: 'actions'},
          saveConfirm,
          h('button', {type: 'button', class: 'quiet', onclick: () => closeSave()}, 'Close')),
      saveMessage);

  const editorHost = h('div', {class: 'editor-host'});
  const editorLabelId = uid('code');
  const form = h('form', {class: 'run-form', novalidate: true, 'aria-label': 'Code to run'},
      h('div', {class: 'toolbar'},
          field('Language', language),
          field('Version', version),
          field('Examples', examples)),
      runtimesNote,
      h('div', {class: 'actions run-actions'}, runButton, cancelButton, saveButton, saveAsNew),
      saveForm,
      formMessage,
      h('div', {class: 'field'},
          h('span', {class: 'label', id: editorLabelId}, 'Code'),
          editorHost,
          h('p', {class: 'hint'}, 'Tab indents · Esc leaves the editor · ',
              h('kbd', {}, 'Ctrl'), '+', h('kbd', {}, 'Enter'), ' (', h('kbd', {}, '⌘'), '+', h('kbd', {}, 'Enter'), ') runs')),
      field('Input (stdin)', stdin),
      h('details', {class: 'limits'},
          h('summary', {}, 'Limits'),
          h('div', {class: 'toolbar'},
              field('Wall time (seconds)', wall),
              field('Memory (MiB)', memory))));

  // --- output ---
  const status = h('span', {id: 'run-status', class: 'badge status-idle', dataset: {status: 'idle'}}, 'Not run yet');
  const executionLink = h('span', {class: 'execution-link'});
  const connection = h('span', {class: 'connection', 'aria-live': 'polite'});
  const facts = h('dl', {class: 'facts', id: 'run-facts'});
  const notes = h('div', {class: 'notes', id: 'run-notes'});
  const pane = new OutputPane('Output');
  pane.element.id = 'output';
  const copies = h('div', {class: 'actions small'},
      copyButton('Copy output', () => pane.text(), ctx.announce),
      copyButton('Copy stdout', () => pane.text('stdout'), ctx.announce),
      copyButton('Copy stderr', () => pane.text('stderr'), ctx.announce));
  const outputSection = h('section', {class: 'output-section', 'aria-labelledby': 'output-heading'},
      h('h2', {id: 'output-heading'}, 'Output'),
      h('div', {class: 'status-line'}, status, executionLink, connection),
      facts,
      notes,
      pane.element,
      h('p', {class: 'hint output-legend'}, h('span', {class: 'stream-stderr legend'}, 'stderr'), ' is marked in red; ',
          h('span', {class: 'stream-stdout legend'}, 'stdout'), ' is plain.'),
      copies);

  root.append(
      h('div', {class: 'page-head'}, pageHeading('Run'), scriptLine),
      h('div', {class: 'run-grid'},
          h('div', {class: 'run-input'}, form),
          outputSection));

  const editor = createEditor(editorHost, {
    value: d.code,
    language: d.language,
    label: 'Code',
    onRun: () => runCode(),
    onEscape: () => stdin.focus(),
    onChange: (code) => {
      d.code = code;
      saveDraft();
    },
  });
  editor.element.setAttribute('aria-labelledby', editorLabelId);

  // --- state ---
  const narrow = window.matchMedia('(max-width: 999px)');
  let running = false;
  let follower = null;
  let current = null; // execution id being shown
  let runtimes = [];

  function showScriptLine() {
    scriptLine.replaceChildren(...(d.script
        ? ['Editing the saved script ', h('strong', {}, d.script.name), ' · ',
          h('button', {type: 'button', class: 'link', onclick: () => {
            d.script = null;
            saveDraft();
            showScriptLine();
          }}, 'detach')]
        : []));
    saveButton.textContent = d.script ? 'Save' : 'Save…';
    saveAsNew.hidden = !d.script;
  }

  function setRunning(value) {
    running = value;
    runButton.disabled = value;
    runButton.textContent = value ? 'Running…' : 'Run';
    cancelButton.hidden = !value;
    cancelButton.disabled = false;
  }

  function showStatus(value) {
    status.className = `badge status-${value}`;
    status.dataset.status = value;
    status.textContent = statusText(value);
  }

  function showFacts(ex) {
    const rows = [
      ['Exit code', ex.exitCode ?? '—', 'exit-code'],
      ['Wall time', millis(ex.wallMs), 'wall'],
      ['CPU time', millis(ex.cpuMs), 'cpu'],
      ['Peak memory', bytes(ex.peakMemoryBytes), 'memory'],
    ];
    if (ex.attempt > 1) { // the runner failed and the run was retried
      rows.push(['Attempt', ex.attempt, 'attempt']);
    }
    facts.replaceChildren(...rows.map(([k, v, key]) => h('div', {dataset: {fact: key}}, h('dt', {}, k), h('dd', {}, String(v)))));
    notes.replaceChildren(...resultNotes(ex));
  }

  function showExecution(ex) {
    showStatus(ex.status);
    executionLink.replaceChildren(h('a', {href: `#/history/${ex.id}`}, `Execution #${ex.id}`));
    showFacts(ex);
  }

  function stopFollowing() {
    if (follower) {
      follower.close();
      follower = null;
    }
    connection.textContent = '';
  }

  async function finish(id) {
    stopFollowing();
    if (id !== current) {
      return;
    }
    try {
      const ex = await api.get(`/api/v1/executions/${id}`);
      if (id !== current) {
        return;
      }
      if (!pane.matches(ex.stdout, ex.stderr) && FINAL.has(ex.status)) {
        pane.show(ex.stdout, ex.stderr);
      }
      showExecution(ex);
      if (FINAL.has(ex.status)) {
        setRunning(false);
        ctx.announce(`Finished: ${statusText(ex.status)}${ex.exitCode !== null ? `, exit code ${ex.exitCode}` : ''}`);
      }
    } catch (e) {
      setRunning(false);
      formMessage.say(e.message, 'error');
    }
  }

  /** Shows an execution and, while it is not final, follows its events from the first one. */
  function follow(id) {
    stopFollowing();
    current = id;
    lastExecution = id;
    pane.reset();
    setRunning(true);
    follower = api.stream(`/api/v1/executions/${id}/events`, {
      started: () => showStatus('running'),
      output: (event) => {
        if (event.data) {
          pane.append(event.data.stream, event.data.text);
        }
      },
      end: () => finish(id),
      refused: () => finish(id),
    }, (state) => {
      connection.textContent = state === 'reconnecting' ? 'Connection lost; reconnecting…' : '';
    });
  }

  async function attach(id, loadCode) {
    try {
      const ex = await api.get(`/api/v1/executions/${id}`);
      if (loadCode) {
        openInEditor(ctx.session.user, {language: ex.language, version: ex.version || '', code: ex.code, stdin: ex.stdin || ''});
        editor.setValue(d.code);
        stdin.value = d.stdin;
        selectLanguage(d.language, d.version);
        showScriptLine();
      }
      showExecution(ex);
      if (FINAL.has(ex.status)) {
        current = id;
        lastExecution = id;
        pane.show(ex.stdout, ex.stderr);
        setRunning(false);
      } else {
        follow(id);
        showStatus(ex.status);
      }
    } catch (e) {
      formMessage.say(e.status === 404 ? `There is no execution #${id} of yours.` : e.message, 'error');
    }
  }

  async function runCode() {
    if (running) {
      return;
    }
    formMessage.say('');
    const code = editor.getValue();
    if (!code.trim()) {
      formMessage.say('Write some code first.', 'error');
      editor.focus();
      return;
    }
    const body = {language: language.value, code};
    const runtime = runtimes.find((r) => r.language === language.value);
    if (version.value && (!runtime || version.value !== runtime.default)) {
      body.version = version.value;
    }
    if (stdin.value) {
      body.stdin = stdin.value;
    }
    const limits = {};
    if (wall.value) {
      limits.wallSeconds = Number(wall.value);
    }
    if (memory.value) {
      limits.memoryMb = Number(memory.value);
    }
    if (Object.keys(limits).length) {
      body.limits = limits;
    }
    setRunning(true);
    if (narrow.matches) { // one column: the output is below the editor, bring it into view
      outputSection.scrollIntoView({block: 'start'});
    }
    pane.reset();
    facts.replaceChildren();
    notes.replaceChildren();
    executionLink.replaceChildren();
    showStatus('queued');
    status.textContent = 'Submitting…';
    try {
      const ex = await api.post('/api/v1/executions', body);
      history.replaceState(null, '', `#/run?execution=${ex.id}`);
      showExecution(ex);
      follow(ex.id);
    } catch (e) {
      setRunning(false);
      showStatus('idle');
      status.textContent = 'Not run';
      const form = runButton.form;
      formMessage.say(e.message, 'error');
      if (e.field) {
        const control = form.querySelector(`[name="${CSS.escape(e.field.replace(/^limits\./, ''))}"]`);
        if (control) {
          control.setAttribute('aria-invalid', 'true');
          control.closest('details')?.setAttribute('open', '');
          control.focus();
        }
      }
    }
  }

  async function cancelRun() {
    if (!current) {
      return;
    }
    cancelButton.disabled = true;
    cancelButton.textContent = 'Cancelling…';
    try {
      await api.post(`/api/v1/executions/${current}/cancel`);
    } catch (e) {
      if (e.status !== 409) { // 409: it had finished already
        formMessage.say(e.message, 'error');
        cancelButton.disabled = false;
      }
    } finally {
      cancelButton.textContent = 'Cancel';
    }
  }

  // --- language and version ---
  function selectLanguage(lang, ver) {
    if (![...language.options].some((o) => o.value === lang)) {
      language.append(h('option', {value: lang}, lang));
    }
    language.value = lang;
    const runtime = runtimes.find((r) => r.language === lang);
    const versions = runtime ? runtime.versions : [];
    version.replaceChildren(...(versions.length
      ? versions.map((v) => h('option', {value: v}, v === runtime.default ? `${v} (default)` : v))
      : [h('option', {value: ''}, 'default')]));
    version.value = ver && versions.includes(ver) ? ver : (runtime ? runtime.default : '');
    editor.setLanguage(lang);
  }

  language.addEventListener('change', () => {
    d.language = language.value;
    d.version = '';
    selectLanguage(d.language, '');
    saveDraft();
  });
  version.addEventListener('change', () => {
    d.version = version.value;
    saveDraft();
  });
  stdin.addEventListener('input', () => {
    d.stdin = stdin.value;
    saveDraft();
  });
  wall.addEventListener('input', () => {
    d.wallSeconds = wall.value;
    saveDraft();
  });
  memory.addEventListener('input', () => {
    d.memoryMb = memory.value;
    saveDraft();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    runCode();
  });
  cancelButton.addEventListener('click', cancelRun);

  // Ctrl/Cmd+Enter anywhere on this page (the editor handles it itself when focused)
  const onKey = (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
      e.preventDefault();
      runCode();
    }
  };
  document.addEventListener('keydown', onKey);

  // --- saving ---
  function openSave() {
    saveForm.hidden = false;
    saveName.value = d.script ? `${d.script.name} (copy)` : '';
    saveMessage.say('');
    saveName.focus();
  }

  function closeSave() {
    saveForm.hidden = true;
    saveButton.focus();
  }

  async function saveExisting() {
    try {
      const saved = await api.put(`/api/v1/scripts/${d.script.id}`,
          {name: d.script.name, language: language.value, code: editor.getValue(), stdin: stdin.value || null});
      d.script = {id: saved.id, name: saved.name};
      saveDraft();
      formMessage.say(`Saved “${saved.name}”.`, 'ok');
    } catch (e) {
      if (e.status === 404) {
        d.script = null;
        showScriptLine();
        openSave();
        saveMessage.say('That script no longer exists; save it under a name.', 'error');
      } else {
        formMessage.say(e.message, 'error');
      }
    }
  }

  saveButton.addEventListener('click', () => (d.script ? saveExisting() : openSave()));
  async function saveNew() {
    const name = saveName.value.trim();
    if (!name) {
      saveMessage.say('Give the script a name.', 'error');
      saveName.focus();
      return;
    }
    try {
      const saved = await api.post('/api/v1/scripts', {name, language: language.value, code: editor.getValue(),
        stdin: stdin.value || null});
      d.script = {id: saved.id, name: saved.name};
      saveDraft();
      showScriptLine();
      saveForm.hidden = true;
      formMessage.say(`Saved as “${saved.name}”. Find it under Scripts.`, 'ok');
      saveButton.focus();
    } catch (error) {
      saveMessage.say(error.message, 'error');
      saveName.setAttribute('aria-invalid', 'true');
      saveName.focus();
    }
  }
  saveConfirm.addEventListener('click', saveNew);
  saveName.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault(); // not the run form's submit
      saveNew();
    } else if (e.key === 'Escape') {
      closeSave();
    }
  });
  saveAsNew.addEventListener('click', openSave);
  showScriptLine();

  // --- data ---
  examples.addEventListener('change', () => {
    const chosen = examplesList[Number(examples.value)];
    examples.value = '';
    if (!chosen) {
      return;
    }
    d.script = null;
    d.language = chosen.language;
    d.version = '';
    d.code = chosen.code;
    d.stdin = chosen.stdin || '';
    editor.setValue(d.code);
    stdin.value = d.stdin;
    selectLanguage(d.language, '');
    showScriptLine();
    saveDraft();
    ctx.announce(`Loaded the example ${chosen.name} (${chosen.language})`);
    editor.focus();
  });

  let examplesList = [];
  const [runtimeAnswer, exampleAnswer] = await Promise.all([
    api.get('/api/v1/runtimes').catch((e) => ({runtimes: [], note: e.message})),
    api.get('/api/v1/examples').catch(() => ({items: []})),
  ]);
  runtimes = runtimeAnswer.runtimes || [];
  const languages = runtimes.length ? runtimes.map((r) => r.language) : FALLBACK_LANGUAGES;
  language.replaceChildren(...languages.map((l) => h('option', {value: l}, l)));
  if (runtimeAnswer.note) {
    runtimesNote.replaceChildren(h('p', {class: 'message warn'}, runtimeAnswer.note));
  }
  if (runtimeAnswer.limits) {
    const {defaults, maxima} = runtimeAnswer.limits;
    wall.placeholder = `${defaults.wallSeconds} (max ${maxima.wallSeconds})`;
    wall.max = String(maxima.wallSeconds);
    memory.placeholder = `${defaults.memoryMb} (max ${maxima.memoryMb})`;
    memory.max = String(maxima.memoryMb);
  }
  selectLanguage(d.language, d.version);
  examplesList = exampleAnswer.items || [];
  const byLanguage = new Map();
  examplesList.forEach((ex, i) => {
    if (!byLanguage.has(ex.language)) {
      byLanguage.set(ex.language, h('optgroup', {label: ex.language}));
    }
    byLanguage.get(ex.language).append(h('option', {value: String(i)}, `${ex.name} (${ex.language})`));
  });
  examples.append(...byLanguage.values());

  const wanted = Number(ctx.query.get('execution'));
  if (wanted > 0) {
    await attach(wanted, wanted !== lastExecution);
  } else if (lastExecution) {
    await attach(lastExecution, false);
  }
  if (ctx.query.get('focus') === 'editor') {
    editor.focus();
  }

  return () => {
    stopFollowing();
    document.removeEventListener('keydown', onKey);
  };
}
