// Building the page from data without ever parsing data as markup: every string becomes a text node.
// (Outputs, errors, script and user names are user-controlled; innerHTML is never used with them.)

/**
 * h('button', {type: 'button', class: 'primary', onclick: fn}, 'Run') → <button>.
 * Properties: class, dataset, on* listeners, DOM properties for non-strings (value, checked,
 * disabled), attributes otherwise; null/false/undefined are skipped. Children are nodes, strings
 * (as text) or arrays of them. Children go in before properties, so a <select>'s value can pick one of
 * its options.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  append(el, children);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'class') {
      el.className = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'value' || key === 'checked' || key === 'selected' || typeof value !== 'string') {
      if (key in el) {
        el[key] = value;
      } else {
        el.setAttribute(key, value === true ? '' : String(value));
      }
    } else {
      el.setAttribute(key, value);
    }
  }
  return el;
}

export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

let ids = 0;
/** A unique id for label/control pairs. */
export function uid(prefix = 'f') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled control: <div class="field"><label for=…>…</label>control<p class="hint">…</p></div>. */
export function field(label, control, hint) {
  if (!control.id) {
    control.id = uid();
  }
  const parts = [h('label', {for: control.id}, label), control];
  if (hint) {
    const hintEl = h('p', {class: 'hint', id: uid('hint')}, hint);
    control.setAttribute('aria-describedby', hintEl.id);
    parts.push(hintEl);
  }
  return h('div', {class: 'field'}, parts);
}

/** A message area for a form or a section: say(text, 'error'|'ok'|'info'), or say('') to clear. */
export function messageArea() {
  const el = h('div', {class: 'message', role: 'status', tabindex: '-1'});
  el.hidden = true;
  el.say = (text, kind = 'info') => {
    el.hidden = !text;
    el.className = `message ${kind}`;
    el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    el.replaceChildren(text ? String(text) : '');
  };
  return el;
}

/**
 * Shows an API error on a form: the message, and the named field marked invalid and focused.
 * Fields are found by their name attribute (the API's field names).
 */
export function showError(form, area, error) {
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
  }
  area.say(error.message || String(error), 'error');
  const fieldName = error.field ? error.field.replace(/^limits\./, '') : null;
  const control = fieldName ? form.querySelector(`[name="${CSS.escape(fieldName)}"]`) : null;
  if (control) {
    control.setAttribute('aria-invalid', 'true');
    control.focus();
  }
}

export function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}

// --- formatting -------------------------------------------------------------------------------

export function bytes(n) {
  if (n === null || n === undefined || n < 0) {
    return '—';
  }
  if (n < 1024) {
    return `${n} B`;
  }
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

export function millis(ms) {
  if (ms === null || ms === undefined || ms < 0) {
    return '—';
  }
  if (ms < 1000) {
    return `${ms} ms`;
  }
  return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

/** 45s, 4m 10s, 2h 5m: like sluice doctor says ages. */
export function age(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) {
    return `${s}s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)}m${s % 60 ? ` ${s % 60}s` : ''}`;
  }
  if (s < 86400) {
    return `${Math.floor(s / 3600)}h${s % 3600 >= 60 ? ` ${Math.floor((s % 3600) / 60)}m` : ''}`;
  }
  return `${Math.floor(s / 86400)}d`;
}

const thisYear = new Intl.DateTimeFormat(undefined, {month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit'});
const otherYear = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});

/** A <time> showing the local date and time (the year only when it is not this one); the exact instant in datetime. */
export function time(iso) {
  if (!iso) {
    return '—';
  }
  const d = new Date(iso);
  const format = d.getFullYear() === new Date().getFullYear() ? thisYear : otherYear;
  return h('time', {datetime: iso, title: d.toString()}, format.format(d));
}

/** "12s ago" relative to now (the server's clock when given). */
export function ago(iso, now = Date.now()) {
  if (!iso) {
    return '—';
  }
  return `${age((now - new Date(iso).getTime()) / 1000)} ago`;
}

// --- small widgets ----------------------------------------------------------------------------

/** A status badge; data-status carries the machine value. */
export function badge(status, text = status) {
  return h('span', {class: `badge status-${status}`, dataset: {status}}, String(text).replace(/_/g, ' '));
}

/** Copies text; falls back to a selected textarea where the Clipboard API is unavailable (plain http). */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      // fall through
    }
  }
  const area = h('textarea', {class: 'visually-hidden', readonly: true});
  area.value = text;
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch (e) {
    ok = false;
  }
  area.remove();
  return ok;
}

/** A "Copy" button that copies what get() returns and says so. */
export function copyButton(label, get, announce) {
  const button = h('button', {type: 'button', class: 'quiet small'}, label);
  button.addEventListener('click', async () => {
    const ok = await copyText(get());
    const said = ok ? 'Copied' : 'Could not copy: select the text and copy it yourself';
    button.textContent = ok ? 'Copied' : 'Copy failed';
    if (announce) {
      announce(said);
    }
    setTimeout(() => {
      button.textContent = label;
    }, 1500);
  });
  return button;
}

/**
 * An inline "Are you sure?" in place of a button: the action runs only after a second, explicit
 * click. No window.confirm: it stays in the page, keyboard- and screen-reader-friendly.
 */
export function confirmButton(label, question, action, {danger = true, confirmLabel = label} = {}) {
  const wrap = h('span', {class: 'confirm'});
  const first = h('button', {type: 'button', class: danger ? 'danger small' : 'small'}, label);
  const render = (asking) => {
    if (!asking) {
      wrap.replaceChildren(first);
      return;
    }
    const yes = h('button', {type: 'button', class: danger ? 'danger small' : 'primary small'}, confirmLabel);
    const no = h('button', {type: 'button', class: 'quiet small'}, 'Keep');
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      no.disabled = true;
      try {
        await action();
      } finally {
        if (wrap.isConnected) {
          render(false);
        }
      }
    });
    no.addEventListener('click', () => {
      render(false);
      first.focus();
    });
    wrap.replaceChildren(h('span', {class: 'question'}, question), ' ', yes, ' ', no);
    no.focus();
  };
  first.addEventListener('click', () => render(true));
  render(false);
  wrap.button = first;
  return wrap;
}

/** A page heading that takes focus after navigation, so keyboard and screen-reader users land on it. */
export function pageHeading(text) {
  return h('h1', {tabindex: '-1', class: 'page-title'}, text);
}

/**
 * Names every cell of a table.cards after its column (data-label), so that on a phone, where such a
 * table shows each row as a card, every value still says what it is. Call after filling the rows.
 */
export function labelCells(table) {
  const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
  for (const row of table.querySelectorAll('tbody tr')) {
    [...row.children].forEach((cell, i) => {
      const named = cell.tagName === 'TD' && !cell.hasAttribute('colspan') && !cell.classList.contains('check');
      if (named && headers[i] && !cell.dataset.label) {
        cell.dataset.label = headers[i];
      }
    });
  }
}
