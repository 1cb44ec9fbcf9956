// Your account: change your password (which ends your sessions, so you sign in again) and personal
// API tokens for scripts and the CLI (created, shown once, listed, revoked).

import * as api from '../api.js';
import {confirmButton, copyButton, field, h, messageArea, pageHeading, showError, time} from '../dom.js';

export async function render(ctx) {
  const user = ctx.session.user;
  const root = h('section', {class: 'account narrow-wide'});
  ctx.main.append(root);

  // --- password ---
  const current = h('input', {name: 'currentPassword', type: 'password', autocomplete: 'current-password', required: true});
  const fresh = h('input', {name: 'newPassword', type: 'password', autocomplete: 'new-password', required: true});
  const again = h('input', {name: 'repeatPassword', type: 'password', autocomplete: 'new-password', required: true});
  const passwordMessage = messageArea();
  const passwordForm = h('form', {class: 'stack', novalidate: true, 'aria-labelledby': 'password-heading'},
      field('Current password', current),
      field('New password', fresh, 'Sluice refuses short or common passwords and says why.'),
      field('Repeat the new password', again),
      passwordMessage,
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Change password')));
  passwordForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (fresh.value !== again.value) {
      showError(passwordForm, passwordMessage, {message: 'The new passwords differ.', field: 'repeatPassword'});
      return;
    }
    try {
      await api.post('/api/v1/auth/password', {currentPassword: current.value, newPassword: fresh.value});
      ctx.signedOut('Your password is changed and every session of yours has ended: sign in with the new password.');
    } catch (error) {
      showError(passwordForm, passwordMessage, error);
    }
  });

  // --- tokens ---
  const tokenName = h('input', {name: 'name', autocomplete: 'off', required: true, maxlength: '100'});
  const tokenMessage = messageArea();
  const shown = h('div', {class: 'token-shown', hidden: true, 'aria-live': 'polite'});
  const tokenForm = h('form', {class: 'inline-fields', novalidate: true, 'aria-label': 'Create a token'},
      field('Token name', tokenName, 'What it is for, e.g. “laptop CLI” or “CI”.'),
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Create token')));
  const rows = h('tbody', {id: 'token-rows'});
  const tokensTable = h('div', {class: 'table-wrap'},
      h('table', {},
          h('caption', {class: 'visually-hidden'}, 'Your API tokens'),
          h('thead', {}, h('tr', {},
              h('th', {scope: 'col'}, 'Name'),
              h('th', {scope: 'col'}, 'Starts with'),
              h('th', {scope: 'col', class: 'hide-narrow'}, 'Created'),
              h('th', {scope: 'col', class: 'hide-narrow'}, 'Last used'),
              h('th', {scope: 'col'}, 'State'))),
          rows));
  const noTokens = h('p', {class: 'empty', hidden: true}, 'No tokens yet.');

  async function loadTokens() {
    try {
      const list = await api.get('/api/v1/tokens');
      rows.replaceChildren(...list.items.map((t) => h('tr', {dataset: {id: String(t.id)}},
          h('th', {scope: 'row'}, t.name),
          h('td', {}, h('code', {}, `${t.prefix}…`)),
          h('td', {class: 'hide-narrow'}, time(t.createdAt)),
          h('td', {class: 'hide-narrow'}, t.lastUsedAt ? time(t.lastUsedAt) : 'never'),
          h('td', {}, t.revokedAt ? ['revoked ', time(t.revokedAt)] : confirmButton('Revoke', `Revoke “${t.name}”?`, async () => {
            try {
              await api.del(`/api/v1/tokens/${t.id}`);
              tokenMessage.say(`Revoked “${t.name}”: it no longer signs anything in.`, 'ok');
              await loadTokens();
            } catch (error) {
              tokenMessage.say(error.message, 'error');
            }
          })))));
      noTokens.hidden = list.items.length > 0;
      tokensTable.hidden = list.items.length === 0;
    } catch (error) {
      tokenMessage.say(error.message, 'error');
    }
  }

  tokenForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!tokenName.value.trim()) {
      showError(tokenForm, tokenMessage, {message: 'Give the token a name.', field: 'name'});
      return;
    }
    try {
      const created = await api.post('/api/v1/tokens', {name: tokenName.value.trim()});
      tokenMessage.say('');
      const value = h('code', {class: 'secret', id: 'new-token'}, created.token);
      shown.hidden = false;
      shown.replaceChildren(
          h('p', {}, h('strong', {}, 'Copy the token now: '), 'this is the only time it is shown.'),
          h('div', {class: 'secret-row'}, value, copyButton('Copy token', () => created.token, ctx.announce)),
          h('p', {class: 'hint'}, 'Use it as ', h('code', {}, 'Authorization: Bearer …'), ' or ', h('code', {}, 'SLUICE_TOKEN'), '.'));
      tokenName.value = '';
      await loadTokens();
    } catch (error) {
      showError(tokenForm, tokenMessage, error);
    }
  });

  root.append(pageHeading('Account'),
      h('p', {}, 'Signed in as ', h('strong', {}, user.username), ` (${user.role}).`),
      h('section', {'aria-labelledby': 'password-heading'}, h('h2', {id: 'password-heading'}, 'Change password'), passwordForm),
      h('section', {'aria-labelledby': 'tokens-heading'}, h('h2', {id: 'tokens-heading'}, 'API tokens'),
          h('p', {}, 'For scripts and the ', h('code', {}, 'sluice'), ' command line. A token acts as you until revoked.'),
          tokenForm, tokenMessage, shown, tokensTable, noTokens));
  await loadTokens();
}
