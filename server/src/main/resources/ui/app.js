// The single-page app: who is signed in, the hash router (#/run, #/history/12, …), the navigation,
// the theme toggle. Each view is a module with render(ctx) that fills <main> and returns a cleanup
// function (closing its live streams) that runs when the user navigates away.

import * as api from './api.js';
import {h, pageHeading} from './dom.js';
import * as signin from './views/signin.js';
import * as run from './views/run.js';
import * as history from './views/history.js';
import * as execution from './views/execution.js';
import * as scripts from './views/scripts.js';
import * as account from './views/account.js';
import * as dashboard from './views/dashboard.js';
import * as deadLetters from './views/deadletters.js';
import * as admin from './views/admin.js';

const ROUTES = [
  {pattern: /^signin$/, view: signin, title: 'Sign in', open: true},
  {pattern: /^run$/, view: run, title: 'Run', nav: 'run'},
  {pattern: /^history$/, view: history, title: 'History', nav: 'history'},
  {pattern: /^history\/(\d+)$/, view: execution, title: 'Execution', nav: 'history', params: ['id']},
  {pattern: /^scripts$/, view: scripts, title: 'Scripts', nav: 'scripts'},
  {pattern: /^account$/, view: account, title: 'Account', nav: 'account'},
  {pattern: /^ops$/, view: dashboard, title: 'Operations', nav: 'ops', admin: true},
  {pattern: /^dead-letters$/, view: deadLetters, title: 'Dead letters', nav: 'dead-letters', admin: true},
  {pattern: /^admin$/, view: admin, title: 'Admin', nav: 'admin', admin: true},
];

const main = document.getElementById('main');
const announcer = document.getElementById('announcer');
let session = null; // {user, csrfToken}
let cleanup = null;
let navigation = 0; // counts route changes: a view that finishes loading after the user moved on is dropped
let notice = null; // a message for the next page (e.g. "signed out")

function announce(text) {
  announcer.textContent = '';
  // a new text node in a cleared live region is announced even when the text repeats
  setTimeout(() => {
    announcer.textContent = text;
  }, 50);
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = raw.split('?');
  return {path: path || 'run', query: new URLSearchParams(search)};
}

export function go(hash) {
  if (location.hash === hash) {
    route();
  } else {
    location.hash = hash;
  }
}

function setSession(value) {
  session = value;
  api.setCsrfToken(value ? value.csrfToken : null);
  const signedIn = Boolean(value);
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('sign-out').hidden = !signedIn;
  const who = document.getElementById('who');
  who.hidden = !signedIn;
  who.textContent = signedIn ? `${value.user.username}${value.user.role === 'admin' ? ' (admin)' : ''}` : '';
  for (const item of document.querySelectorAll('#nav [data-admin]')) {
    item.hidden = !(signedIn && value.user.role === 'admin');
  }
}

function markNav(name) {
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.route === name) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

function forbidden() {
  main.replaceChildren(h('section', {class: 'narrow'},
      pageHeading('Not available'),
      h('p', {class: 'message error', role: 'alert'}, 'This page is for admins. Your account is a user account.'),
      h('p', {}, h('a', {href: '#/run'}, 'Go to Run'))));
}

async function route() {
  if (cleanup) {
    try {
      cleanup();
    } catch (e) {
      // a view's cleanup failing must not block navigation
    }
    cleanup = null;
  }
  const current = ++navigation;
  const {path, query} = parseHash();
  const match = ROUTES.map((r) => ({r, m: path.match(r.pattern)})).find((x) => x.m);
  if (!match) {
    main.replaceChildren(h('section', {class: 'narrow'}, pageHeading('Not found'),
        h('p', {}, 'There is no such page. ', h('a', {href: '#/run'}, 'Go to Run'))));
    focusHeading();
    return;
  }
  const {r, m} = match;
  if (!r.open && !session) {
    go(`#/signin?next=${encodeURIComponent(location.hash || '#/run')}`);
    return;
  }
  if (r.open && session) {
    go('#/run');
    return;
  }
  document.title = `${r.title} · Sluice`;
  markNav(r.nav);
  main.setAttribute('aria-busy', 'true');
  if (r.admin && session.user.role !== 'admin') {
    forbidden();
  } else {
    const params = {};
    (r.params || []).forEach((name, i) => {
      params[name] = m[i + 1];
    });
    const ctx = {
      main,
      session,
      params,
      query,
      go,
      announce,
      notice: takeNotice(),
      signedIn: (value, next) => {
        setSession(value);
        go(next || '#/run');
      },
      signedOut: (message) => signedOut(message),
    };
    main.replaceChildren();
    try {
      const done = (await r.view.render(ctx)) || null;
      if (current !== navigation) {
        if (done) {
          done();
        }
        return;
      }
      cleanup = done;
    } catch (e) {
      if (current !== navigation) {
        return;
      }
      if (!(e instanceof api.ApiError && e.status === 401)) {
        main.append(h('p', {class: 'message error', role: 'alert'}, `This page could not load: ${e.message}`));
      }
    }
  }
  main.removeAttribute('aria-busy');
  if (!main.contains(document.activeElement)) {
    focusHeading();
  }
  announce(document.title.replace(' · Sluice', ''));
}

function focusHeading() {
  const heading = main.querySelector('h1');
  if (heading) {
    heading.focus({preventScroll: false});
  }
}

function takeNotice() {
  const n = notice;
  notice = null;
  return n;
}

function signedOut(message) {
  setSession(null);
  notice = message || null;
  const next = location.hash && !location.hash.startsWith('#/signin') ? location.hash : '#/run';
  go(`#/signin?next=${encodeURIComponent(next)}`);
}

// --- theme ------------------------------------------------------------------------------------

function currentTheme() {
  const chosen = document.documentElement.dataset.theme;
  if (chosen) {
    return chosen;
  }
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function showTheme() {
  const button = document.getElementById('theme-toggle');
  const dark = currentTheme() === 'dark';
  button.replaceChildren(h('span', {'aria-hidden': 'true'}, dark ? '☀ ' : '☾ '), dark ? 'Light' : 'Dark',
      h('span', {class: 'hide-narrow'}, ' theme'));
  button.setAttribute('aria-label', dark ? 'Switch to the light theme' : 'Switch to the dark theme');
}

document.getElementById('theme-toggle').addEventListener('click', () => {
  const next = currentTheme() === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  try {
    localStorage.setItem('sluice-theme', next);
  } catch (e) {
    // not remembered; still applied
  }
  showTheme();
  announce(`${next === 'dark' ? 'Dark' : 'Light'} theme`);
});
window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', showTheme);

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await api.post('/api/v1/auth/logout', undefined, {quietOn401: true});
  } catch (e) {
    // the session may already be gone; either way the user is out
  }
  signedOut('You are signed out.');
});

// skip link: focus <main> without changing the route
document.querySelector('.skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  focusHeading();
  if (document.activeElement === document.body) {
    main.focus();
  }
});

api.whenSignedOut(() => {
  if (session) {
    signedOut('Your session has ended; sign in again.');
  }
});

async function start() {
  showTheme();
  try {
    const me = await api.get('/api/v1/auth/me', {quietOn401: true});
    setSession({user: me.user, csrfToken: me.csrfToken});
  } catch (e) {
    setSession(null);
    if (e.status !== 401) {
      notice = e.message;
    }
  }
  window.addEventListener('hashchange', route);
  route();
}

start();
