// Run: the editor, language and version from /api/v1/runtimes, stdin, limits, Run (Ctrl/Cmd+Enter),
// Cancel while it runs, saving as a script; the output side is an ExecutionPanel.

import * as api from '../api.js';
import {field, h, messageArea, pageHeading, uid} from '../dom.js';
import {draftOf, lastExecutionShown, openInEditor, rememberExecution, saveDraft} from '../draft.js';
import {createEditor} from '../editor.js';
import {ExecutionPanel} from '../execution-panel.js';

const FALLBACK_LANGUAGES = ['bash', 'java', 'node', 'python', 'ruby'];

export async function render(ctx) {
  const d = draftOf(ctx.session.user);
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

  // saving as a script: a group inside the run form (forms cannot nest), so its Enter is handled here
  const saveName = h('input', {name: 'name', autocomplete: 'off', maxlength: '100'});
  const saveMessage = messageArea();
  const saveConfirm = h('button', {type: 'button', class: 'primary', id: 'save-confirm'}, 'Save script');
  const saveClose = h('button', {type: 'button', class: 'quiet'}, 'Close');
  const saveGroup = h('div', {class: 'save-form', role: 'group', 'aria-label': 'Save as a script', hidden: true},
      field('Script name', saveName),
      h('div', {class: 'actions'}, saveConfirm, saveClose),
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
      saveGroup,
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

  let running = false;
  const panel = new ExecutionPanel({
    announce: ctx.announce,
    onSettled: (ex, error) => {
      setRunning(false);
      if (error) {
        formMessage.say(error.message, 'error');
      }
    },
  });

  root.append(
      h('div', {class: 'page-head'}, pageHeading('Run'), scriptLine),
      h('div', {class: 'run-grid'}, h('div', {class: 'run-input'}, form), panel.element));

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

  const narrow = window.matchMedia('(max-width: 999px)');
  let runtimes = [];
  let examplesList = [];

  function setRunning(value) {
    running = value;
    runButton.disabled = value;
    runButton.textContent = value ? 'Running…' : 'Run';
    cancelButton.hidden = !value;
    cancelButton.disabled = false;
    cancelButton.textContent = 'Cancel';
  }

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

  function showDraft() {
    editor.setValue(d.code);
    stdin.value = d.stdin;
    selectLanguage(d.language, d.version);
    showScriptLine();
  }

  /** Shows an execution of this user's (after a reload, a re-run, or coming back to Run). */
  async function attach(id, loadCode) {
    try {
      const ex = await api.get(`/api/v1/executions/${id}`);
      if (loadCode) {
        openInEditor(ctx.session.user, {language: ex.language, version: ex.version || '', code: ex.code, stdin: ex.stdin || ''});
        showDraft();
      }
      rememberExecution(id);
      history.replaceState(null, '', `#/run?execution=${id}`); // so a reload shows it again
      setRunning(true);
      panel.display(ex);
    } catch (e) {
      setRunning(false);
      formMessage.say(e.status === 404 ? `There is no execution #${id} of yours.` : e.message, 'error');
    }
  }

  function request() {
    const body = {language: language.value, code: editor.getValue()};
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
    return body;
  }

  async function runCode() {
    if (running) {
      return;
    }
    formMessage.say('');
    for (const el of form.querySelectorAll('[aria-invalid]')) {
      el.removeAttribute('aria-invalid');
    }
    if (!editor.getValue().trim()) {
      formMessage.say('Write some code first.', 'error');
      editor.focus();
      return;
    }
    setRunning(true);
    panel.clear('queued', 'Submitting…');
    if (narrow.matches) { // one column: the output is below the editor, bring it into view
      panel.element.scrollIntoView({block: 'start'});
    }
    try {
      const ex = await api.post('/api/v1/executions', request());
      history.replaceState(null, '', `#/run?execution=${ex.id}`);
      rememberExecution(ex.id);
      panel.display(ex);
    } catch (e) {
      setRunning(false);
      panel.clear('idle', 'Not run');
      formMessage.say(e.message, 'error');
      const control = e.field ? form.querySelector(`[name="${CSS.escape(e.field.replace(/^limits\./, ''))}"]`) : null;
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        control.closest('details')?.setAttribute('open', '');
        control.focus();
      }
    }
  }

  async function cancelRun() {
    if (!panel.current) {
      return;
    }
    cancelButton.disabled = true;
    cancelButton.textContent = 'Cancelling…';
    try {
      await api.post(`/api/v1/executions/${panel.current}/cancel`);
    } catch (e) {
      if (e.status !== 409) { // 409: it had finished already
        formMessage.say(e.message, 'error');
        cancelButton.disabled = false;
        cancelButton.textContent = 'Cancel';
      }
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
  const remember = (name, control) => control.addEventListener('input', () => {
    d[name] = control.value;
    saveDraft();
  });
  remember('version', version);
  remember('stdin', stdin);
  remember('wallSeconds', wall);
  remember('memoryMb', memory);
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
    saveGroup.hidden = false;
    saveName.value = d.script ? `${d.script.name} (copy)` : '';
    saveName.removeAttribute('aria-invalid');
    saveMessage.say('');
    saveName.focus();
  }

  function closeSave() {
    saveGroup.hidden = true;
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
      saveGroup.hidden = true;
      formMessage.say(`Saved as “${saved.name}”. Find it under Scripts.`, 'ok');
      saveButton.focus();
    } catch (error) {
      saveMessage.say(error.message, 'error');
      saveName.setAttribute('aria-invalid', 'true');
      saveName.focus();
    }
  }

  saveButton.addEventListener('click', () => (d.script ? saveExisting() : openSave()));
  saveAsNew.addEventListener('click', openSave);
  saveConfirm.addEventListener('click', saveNew);
  saveClose.addEventListener('click', closeSave);
  saveName.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault(); // not the run form's submit
      saveNew();
    } else if (e.key === 'Escape') {
      closeSave();
    }
  });
  showScriptLine();

  // --- examples ---
  examples.addEventListener('change', () => {
    const chosen = examplesList[Number(examples.value)];
    examples.value = '';
    if (!chosen) {
      return;
    }
    openInEditor(ctx.session.user, {language: chosen.language, code: chosen.code, stdin: chosen.stdin || ''});
    showDraft();
    ctx.announce(`Loaded the example ${chosen.name} (${chosen.language})`);
    editor.focus();
  });

  // --- data ---
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
  const groups = new Map();
  examplesList.forEach((ex, i) => {
    if (!groups.has(ex.language)) {
      groups.set(ex.language, h('optgroup', {label: ex.language}));
    }
    groups.get(ex.language).append(h('option', {value: String(i)}, `${ex.name} (${ex.language})`));
  });
  examples.append(...groups.values());

  const wanted = Number(ctx.query.get('execution'));
  if (wanted > 0) {
    await attach(wanted, wanted !== lastExecutionShown());
  } else if (lastExecutionShown()) {
    await attach(lastExecutionShown(), false);
  }
  if (ctx.query.get('focus') === 'editor') {
    editor.focus();
  }

  return () => {
    panel.stop();
    document.removeEventListener('keydown', onKey);
  };
}
