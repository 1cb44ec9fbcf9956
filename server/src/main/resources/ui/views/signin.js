// Sign in. The cookie the server sets is HttpOnly (scripts never see it); the CSRF token it returns
// is kept in memory only and sent with every state-changing request.

import * as api from '../api.js';
import {field, h, messageArea, pageHeading} from '../dom.js';

export function render(ctx) {
  const username = h('input', {name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false'});
  const password = h('input', {name: 'password', type: 'password', autocomplete: 'current-password', required: true});
  const message = messageArea();
  const submit = h('button', {type: 'submit', class: 'primary'}, 'Sign in');
  const form = h('form', {class: 'stack', novalidate: true},
      field('Username', username),
      field('Password', password),
      message,
      h('div', {class: 'actions'}, submit));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!username.value.trim() || !password.value) {
      message.say('Enter your username and password.', 'error');
      (username.value.trim() ? password : username).focus();
      return;
    }
    submit.disabled = true;
    message.say('Signing in…');
    try {
      const answer = await api.post('/api/v1/auth/login', {username: username.value.trim(), password: password.value},
          {quietOn401: true});
      const next = ctx.query.get('next');
      ctx.signedIn({user: answer.user, csrfToken: answer.csrfToken},
          next && next.startsWith('#/') && !next.startsWith('#/signin') ? next : '#/run');
    } catch (error) {
      submit.disabled = false;
      message.say(error.status === 401 ? 'Wrong username or password.' : error.message, 'error');
      password.value = '';
      password.focus();
    }
  });

  const root = h('section', {class: 'narrow signin'},
      pageHeading('Sign in to Sluice'),
      ctx.notice ? h('p', {class: 'message info', role: 'status'}, ctx.notice) : null,
      form,
      h('aside', {class: 'note', 'aria-labelledby': 'first-admin'},
          h('h2', {id: 'first-admin'}, 'First time here?'),
          h('p', {}, 'On its first start Sluice creates the user ', h('code', {}, 'admin'),
              ' with a generated password. It was printed once in the server’s log and saved in the file ',
              h('code', {}, 'admin-password'), ' in the data directory (', h('code', {}, './data/admin-password'),
              ' unless Sluice was started with ', h('code', {}, '--data DIR'), '), readable only by the account running Sluice:'),
          h('pre', {class: 'command'}, 'cat ./data/admin-password'),
          h('p', {}, 'Sign in as admin with it, change it under Account, and create accounts for others under Admin.')));
  ctx.main.append(root);
  username.focus();
}
