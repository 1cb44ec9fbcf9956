// What is in the Run editor, per user: kept while the app is open and, in localStorage, across
// reloads; other views (history, scripts) put code into it with openInEditor.

const STARTER = 'print("Hello from Sluice")\n';

let draft = null;
let lastExecution = null;
let saveTimer = null;

function key(username) {
  return `sluice-draft:${username}`;
}

/** The user's draft: {language, version, code, stdin, script: {id, name} | null, wallSeconds, memoryMb}. */
export function draftOf(user) {
  if (draft && draft.user === user.username) {
    return draft;
  }
  let stored = null;
  try {
    stored = JSON.parse(localStorage.getItem(key(user.username)) || 'null');
  } catch (e) {
    stored = null;
  }
  draft = {language: 'python', version: '', code: STARTER, stdin: '', script: null, wallSeconds: '', memoryMb: '',
    ...(stored || {}), user: user.username};
  lastExecution = null;
  return draft;
}

/** Remembers the draft soon (edits come keystroke by keystroke). */
export function saveDraft() {
  clearTimeout(saveTimer);
  const current = draft;
  saveTimer = setTimeout(() => {
    try {
      localStorage.setItem(key(current.user), JSON.stringify(current));
    } catch (e) {
      // not remembered across reloads; still kept in memory
    }
  }, 300);
}

/** Puts code into the editor (the caller then navigates to #/run). */
export function openInEditor(user, {language, version = '', code, stdin = '', script = null}) {
  Object.assign(draftOf(user), {language, version: version || '', code, stdin: stdin || '', script});
  lastExecution = null;
  saveDraft();
}

/** The execution Run last showed, so coming back to Run shows it again. */
export function lastExecutionShown() {
  return lastExecution;
}

export function rememberExecution(id) {
  lastExecution = id;
}
