// The code editor: CodeMirror 5 from its WebJar (classic scripts loaded by index.html), with line
// numbers and highlighting per language. Keyboard: Tab indents; Esc leaves the editor (so Tab can move
// on again); Ctrl/Cmd+Enter runs. When CodeMirror is missing, a plain textarea does the same job.

import {h} from './dom.js';

const MODES = {
  python: 'python',
  node: 'javascript',
  javascript: 'javascript',
  bash: 'shell',
  sh: 'shell',
  java: 'text/x-java',
  ruby: 'ruby',
};

export function modeFor(language) {
  return MODES[language] || null;
}

/**
 * createEditor(parent, {value, language, label, readOnly, onRun, onEscape, onChange}) →
 * {getValue, setValue, setLanguage, focus, refresh, element}.
 */
export function createEditor(parent, options) {
  const {value = '', language, label = 'Code', readOnly = false, onRun, onEscape, onChange} = options;
  if (!window.CodeMirror) {
    return textareaEditor(parent, options);
  }
  const keys = {
    Tab: (cm) => {
      if (cm.somethingSelected()) {
        cm.indentSelection('add');
      } else {
        cm.replaceSelection(' '.repeat(cm.getOption('indentUnit')), 'end', '+input');
      }
    },
    'Shift-Tab': (cm) => cm.indentSelection('subtract'),
    Esc: () => {
      if (onEscape) {
        onEscape();
      }
    },
  };
  if (onRun) {
    keys['Ctrl-Enter'] = () => onRun();
    keys['Cmd-Enter'] = () => onRun();
  }
  const cm = window.CodeMirror(parent, {
    value,
    mode: modeFor(language),
    lineNumbers: true,
    indentUnit: language === 'ruby' ? 2 : 4,
    tabSize: 4,
    matchBrackets: true,
    readOnly,
    viewportMargin: Infinity,
    screenReaderLabel: label,
    extraKeys: keys,
  });
  const wrapper = cm.getWrapperElement();
  wrapper.classList.add('editor');
  if (readOnly) {
    wrapper.classList.add('read-only');
  }
  // CodeMirror's hidden input is what the keyboard reaches; give it a name
  cm.getInputField().setAttribute('aria-label', label);
  if (onChange) {
    cm.on('change', () => onChange(cm.getValue()));
  }
  return {
    element: wrapper,
    getValue: () => cm.getValue(),
    setValue: (text) => {
      cm.setValue(text);
      cm.clearHistory();
    },
    setLanguage: (lang) => {
      cm.setOption('mode', modeFor(lang));
      cm.setOption('indentUnit', lang === 'ruby' ? 2 : 4);
    },
    focus: () => cm.focus(),
    refresh: () => cm.refresh(),
  };
}

function textareaEditor(parent, {value = '', label = 'Code', readOnly = false, onRun, onEscape, onChange}) {
  const area = h('textarea', {class: 'editor fallback', spellcheck: 'false', 'aria-label': label, readonly: readOnly || null});
  area.value = value;
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && onRun) {
      e.preventDefault();
      onRun();
    } else if (e.key === 'Escape' && onEscape) {
      onEscape();
    }
  });
  if (onChange) {
    area.addEventListener('input', () => onChange(area.value));
  }
  parent.append(area);
  return {
    element: area,
    getValue: () => area.value,
    setValue: (text) => {
      area.value = text;
    },
    setLanguage: () => {},
    focus: () => area.focus(),
    refresh: () => {},
  };
}
