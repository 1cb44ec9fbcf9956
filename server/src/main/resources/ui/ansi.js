// ANSI SGR colours (ESC [ … m) in program output → styled spans. Output is user-controlled, so it is
// never parsed as HTML: every piece becomes a text node inside a span we build, which is the same as
// escaping it first, without the chance of forgetting to. Other escape sequences (cursor movement,
// window titles) are dropped. Output arrives in chunks, so a sequence cut at a chunk's end is held back
// until the next chunk, and the colour state carries over from chunk to chunk.

const ESC = '\u001b';
// CSI (ESC [ params intermediates final), OSC (ESC ] … BEL or ESC \), charset selection, other 2-byte escapes
const SEQUENCE = /\u001b(?:\[([0-?]*)[ -/]*([@-~])|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[()][0-9A-Za-z]|[@-Z\\^_])/g;
// what could still become a sequence if more text arrives
const PREFIX = /\u001b(?:\[[0-?]*[ -/]*|\][^\u0007\u001b]*\u001b?|[()])?$/;
const MAX_HELD = 256;

function plain() {
  return {fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false, strike: false};
}

/** Renders one output stream (stdout or stderr); keep one per stream so their colours don't mix. */
export class AnsiStream {
  constructor() {
    this.style = plain();
    this.held = '';
  }

  /** A DocumentFragment for the next chunk of output. */
  render(chunk) {
    const fragment = document.createDocumentFragment();
    let text = this.held + chunk;
    this.held = '';
    const tail = text.lastIndexOf(ESC);
    if (tail >= 0 && text.length - tail < MAX_HELD && !endsSequence(text, tail) && PREFIX.test(text.slice(tail))) {
      this.held = text.slice(tail);
      text = text.slice(0, tail);
    }
    let last = 0;
    SEQUENCE.lastIndex = 0;
    for (let m = SEQUENCE.exec(text); m; m = SEQUENCE.exec(text)) {
      this.emit(fragment, text.slice(last, m.index));
      if (m[2] === 'm') {
        this.apply(m[1]);
      }
      last = SEQUENCE.lastIndex;
    }
    this.emit(fragment, text.slice(last));
    return fragment;
  }

  emit(fragment, text) {
    const clean = text.replaceAll(ESC, '').replaceAll('\r\n', '\n');
    if (!clean) {
      return;
    }
    const s = this.style;
    const classes = [];
    const css = {};
    let fg = s.fg;
    let bg = s.bg;
    if (s.inverse) {
      [fg, bg] = [bg ?? 'inverse-fg', fg ?? 'inverse-bg'];
    }
    colour(fg, 'fg', classes, css, 'color');
    colour(bg, 'bg', classes, css, 'backgroundColor');
    for (const flag of ['bold', 'dim', 'italic', 'underline', 'strike']) {
      if (s[flag]) {
        classes.push(`ansi-${flag}`);
      }
    }
    if (!classes.length && !Object.keys(css).length) {
      fragment.append(document.createTextNode(clean));
      return;
    }
    const span = document.createElement('span');
    span.className = classes.join(' ');
    Object.assign(span.style, css);
    span.textContent = clean;
    fragment.append(span);
  }

  apply(params) {
    const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
    const s = this.style;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c === 0) {
        Object.assign(s, plain());
      } else if (c === 1) {
        s.bold = true;
      } else if (c === 2) {
        s.dim = true;
      } else if (c === 3) {
        s.italic = true;
      } else if (c === 4) {
        s.underline = true;
      } else if (c === 7) {
        s.inverse = true;
      } else if (c === 9) {
        s.strike = true;
      } else if (c === 21 || c === 22) {
        s.bold = false;
        s.dim = false;
      } else if (c === 23) {
        s.italic = false;
      } else if (c === 24) {
        s.underline = false;
      } else if (c === 27) {
        s.inverse = false;
      } else if (c === 29) {
        s.strike = false;
      } else if (c >= 30 && c <= 37) {
        s.fg = c - 30;
      } else if (c === 39) {
        s.fg = null;
      } else if (c >= 40 && c <= 47) {
        s.bg = c - 40;
      } else if (c === 49) {
        s.bg = null;
      } else if (c >= 90 && c <= 97) {
        s.fg = c - 90 + 8;
      } else if (c >= 100 && c <= 107) {
        s.bg = c - 100 + 8;
      } else if (c === 38 || c === 48) {
        const [value, used] = extended(codes, i + 1);
        if (value !== undefined) {
          s[c === 38 ? 'fg' : 'bg'] = value;
        }
        i += used;
      }
    }
  }
}

function endsSequence(text, at) {
  SEQUENCE.lastIndex = at;
  const m = SEQUENCE.exec(text);
  SEQUENCE.lastIndex = 0;
  return m !== null && m.index === at;
}

/** 38;5;n (256 colours) or 38;2;r;g;b (true colour): the value, and how many codes it used. */
function extended(codes, at) {
  if (codes[at] === 5 && codes[at + 1] !== undefined) {
    const n = codes[at + 1];
    return [n >= 0 && n <= 255 ? n : undefined, 2];
  }
  if (codes[at] === 2 && codes[at + 3] !== undefined) {
    const rgb = codes.slice(at + 1, at + 4).map((v) => Math.max(0, Math.min(255, v | 0)));
    return [rgb, 4];
  }
  return [undefined, 0];
}

function colour(value, kind, classes, css, property) {
  if (value === null || value === undefined) {
    return;
  }
  if (typeof value === 'string') {
    classes.push(`ansi-${value}`);
  } else if (Array.isArray(value)) {
    css[property] = `rgb(${value.join(', ')})`;
  } else if (value < 16) {
    classes.push(`ansi-${kind}-${value}`);
  } else {
    css[property] = xterm(value);
  }
}

/** The xterm 256-colour palette above the 16 themed ones: a 6×6×6 cube, then 24 greys. */
function xterm(n) {
  if (n >= 232) {
    const g = 8 + (n - 232) * 10;
    return `rgb(${g}, ${g}, ${g})`;
  }
  const i = n - 16;
  const level = (v) => (v === 0 ? 0 : 55 + v * 40);
  return `rgb(${level(Math.floor(i / 36))}, ${level(Math.floor(i / 6) % 6)}, ${level(i % 6)})`;
}

/** The text without any escape sequences (for copying). */
export function stripAnsi(text) {
  return text.replace(SEQUENCE, '').replaceAll(ESC, '');
}
