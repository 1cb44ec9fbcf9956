// Admin: users (create, role, disable, per-user limits), the system's execution limits, and the hosts
// http jobs may deliver to.

import * as api from '../api.js';
import {copyButton, field, h, labelCells, messageArea, pageHeading, showError, time} from '../dom.js';

const SYSTEM_LIMITS = [
  ['wallSeconds', 'Wall time (seconds)'],
  ['memoryMb', 'Memory (MiB)'],
  ['processes', 'Processes'],
  ['cpus', 'CPUs'],
  ['outputKb', 'Output (KiB per stream)'],
  ['fileSizeMb', 'File size (MiB)'],
  ['tmpMb', 'Temporary space (MiB)'],
];

const USER_LIMITS = [
  ['submitPerMinute', 'Submissions per minute'],
  ['submitBurst', 'Burst'],
  ['maxRunning', 'Running at once'],
];

function numberOrNull(value) {
  return value === '' ? null : Number(value);
}

export async function render(ctx) {
  const me = ctx.session.user;
  const root = h('section', {class: 'admin'});
  ctx.main.append(root);

  // --- users ---
  const usersMessage = messageArea();
  const userRows = h('tbody', {id: 'user-rows'});
  const newName = h('input', {name: 'username', autocomplete: 'off', required: true, autocapitalize: 'none', spellcheck: 'false'});
  const newRole = h('select', {name: 'role'}, h('option', {value: 'user'}, 'user'), h('option', {value: 'admin'}, 'admin'));
  const newPassword = h('input', {name: 'password', type: 'password', autocomplete: 'new-password'});
  const createMessage = messageArea();
  const created = h('div', {class: 'token-shown', hidden: true, 'aria-live': 'polite'});
  const createForm = h('form', {class: 'inline-fields', novalidate: true, 'aria-labelledby': 'create-user-heading'},
      field('Username', newName),
      field('Role', newRole),
      field('Password', newPassword, 'Leave empty to generate one (shown once).'),
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Create user')));

  function limitsRow(user, colspan) {
    const inputs = USER_LIMITS.map(([name]) => h('input', {name, type: 'number', min: name === 'maxRunning' ? '0' : '1',
      inputmode: 'numeric', placeholder: 'default'}));
    const message = messageArea();
    const form = h('form', {class: 'inline-fields', novalidate: true, 'aria-label': `Limits of ${user.username}`},
        USER_LIMITS.map(([, label], i) => field(label, inputs[i])),
        h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary small'}, 'Save limits')),
        message);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = Object.fromEntries(USER_LIMITS.map(([name], i) => [name, numberOrNull(inputs[i].value)]));
      try {
        await api.put(`/api/v1/admin/users/${user.id}/limits`, body);
        message.say(`Saved the limits of ${user.username} (empty means the server's default).`, 'ok');
      } catch (error) {
        showError(form, message, error);
      }
    });
    const cell = h('td', {colspan: String(colspan)}, h('p', {class: 'hint'}, 'Empty fields use the server’s defaults.'), form);
    const tr = h('tr', {class: 'detail-row', hidden: true, dataset: {id: String(user.id)}}, cell);
    tr.load = async () => {
      try {
        const limits = await api.get(`/api/v1/admin/users/${user.id}/limits`);
        USER_LIMITS.forEach(([name], i) => {
          inputs[i].value = limits[name] ?? '';
        });
      } catch (error) {
        message.say(error.message, 'error');
      }
    };
    return tr;
  }

  function userRow(user) {
    const self = user.id === me.id;
    const role = h('select', {name: 'role', 'aria-label': `Role of ${user.username}`, disabled: self || null},
        h('option', {value: 'user'}, 'user'), h('option', {value: 'admin'}, 'admin'));
    role.value = user.role;
    role.addEventListener('change', async () => {
      try {
        const changed = await api.patch(`/api/v1/admin/users/${user.id}`, {role: role.value});
        user.role = changed.role;
        usersMessage.say(`${user.username} is now ${changed.role === 'admin' ? 'an admin' : 'a user'}.`, 'ok');
      } catch (error) {
        role.value = user.role;
        usersMessage.say(error.message, 'error');
      }
    });
    const state = h('span', {class: `badge ${user.disabled ? 'status-cancelled' : 'status-succeeded'}`},
        user.disabled ? 'disabled' : 'active');
    const toggle = h('button', {type: 'button', class: user.disabled ? 'small' : 'small danger', disabled: self || null,
      'aria-label': `${user.disabled ? 'Enable' : 'Disable'} ${user.username}`}, user.disabled ? 'Enable' : 'Disable');
    toggle.addEventListener('click', async () => {
      try {
        const changed = await api.patch(`/api/v1/admin/users/${user.id}`, {disabled: !user.disabled});
        Object.assign(user, changed);
        usersMessage.say(changed.disabled ? `${user.username} is disabled and signed out everywhere; their tokens stop working.`
          : `${user.username} can sign in again.`, 'ok');
        const [mainRow, detail] = userRow(user);
        tr.replaceWith(mainRow);
        limits.replaceWith(detail);
        labelCells(userRows.closest('table'));
        mainRow.querySelector(`[aria-label^="${changed.disabled ? 'Enable' : 'Disable'}"]`).focus();
      } catch (error) {
        usersMessage.say(error.message, 'error');
      }
    });
    const limits = limitsRow(user, 5);
    const limitsButton = h('button', {type: 'button', class: 'small', 'aria-expanded': 'false',
      'aria-label': `Limits of ${user.username}`}, 'Limits');
    limitsButton.addEventListener('click', async () => {
      const opening = limits.hidden;
      limits.hidden = !opening;
      limitsButton.setAttribute('aria-expanded', String(opening));
      if (opening) {
        await limits.load();
        limits.querySelector('input').focus();
      }
    });
    const tr = h('tr', {dataset: {id: String(user.id), username: user.username}},
        h('th', {scope: 'row'}, user.username, self ? h('span', {class: 'muted'}, ' (you)') : null),
        h('td', {}, role),
        h('td', {}, state),
        h('td', {class: 'hide-narrow'}, time(user.createdAt)),
        h('td', {class: 'row-actions'}, toggle, ' ', limitsButton));
    return [tr, limits];
  }

  async function loadUsers() {
    try {
      const list = await api.get('/api/v1/admin/users');
      userRows.replaceChildren(...list.items.flatMap(userRow));
      labelCells(userRows.closest('table'));
    } catch (error) {
      usersMessage.say(error.message, 'error');
    }
  }

  createForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {username: newName.value.trim(), role: newRole.value};
    if (newPassword.value) {
      body.password = newPassword.value;
    }
    try {
      const answer = await api.post('/api/v1/admin/users', body);
      createMessage.say(`Created ${answer.user.username}.`, 'ok');
      created.hidden = !answer.password;
      if (answer.password) {
        created.replaceChildren(
            h('p', {}, h('strong', {}, `The password of ${answer.user.username}: `), 'shown only this once; pass it on safely.'),
            h('div', {class: 'secret-row'}, h('code', {class: 'secret'}, answer.password),
                copyButton('Copy password', () => answer.password, ctx.announce)));
      }
      newName.value = '';
      newPassword.value = '';
      await loadUsers();
    } catch (error) {
      showError(createForm, createMessage, error);
    }
  });

  // --- system limits ---
  const limitInputs = SYSTEM_LIMITS.map(([name]) => h('input', {name, type: 'number', min: '1', step: name === 'cpus' ? '0.1' : '1',
    inputmode: 'decimal', required: true}));
  const limitsMessage = messageArea();
  const limitsForm = h('form', {class: 'inline-fields', novalidate: true, 'aria-labelledby': 'limits-heading'},
      SYSTEM_LIMITS.map(([, label], i) => field(label, limitInputs[i])),
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Save system limits')));
  limitsForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = Object.fromEntries(SYSTEM_LIMITS.map(([name], i) => [name, numberOrNull(limitInputs[i].value)]));
    try {
      const saved = await api.put('/api/v1/admin/execution-limits', body);
      fillLimits(saved);
      limitsMessage.say('Saved. Executions may ask for up to these limits from now on.', 'ok');
    } catch (error) {
      showError(limitsForm, limitsMessage, error);
    }
  });
  function fillLimits(values) {
    SYSTEM_LIMITS.forEach(([name], i) => {
      limitInputs[i].value = values[name] ?? '';
    });
  }

  // --- http allowlist ---
  const allowMessage = messageArea();
  const allowList = h('ul', {class: 'plain-list allowlist'});
  const entry = h('input', {name: 'entry', autocomplete: 'off', placeholder: 'example.org, host:port, *.example.org'});
  const allowForm = h('form', {class: 'inline-fields', novalidate: true, 'aria-label': 'Allow a host'},
      field('Host to allow', entry),
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Allow')));
  function showAllowlist(view) {
    allowList.replaceChildren(
        ...view.fromFlags.map((e) => h('li', {}, h('code', {}, e), h('span', {class: 'muted'}, ' from --http-allow'))),
        ...view.managed.map((e) => h('li', {}, h('code', {}, e), ' ',
            h('button', {type: 'button', class: 'small danger', 'aria-label': `Stop allowing ${e}`, onclick: async () => {
              try {
                showAllowlist(await api.del(`/api/v1/admin/http-allowlist${api.query({entry: e})}`));
                allowMessage.say(`${e} is no longer allowed.`, 'ok');
              } catch (error) {
                allowMessage.say(error.message, 'error');
              }
            }}, 'Remove'))));
    if (!view.fromFlags.length && !view.managed.length) {
      allowList.append(h('li', {class: 'muted'}, 'No host is allowed: http jobs deliver nowhere.'));
    }
  }
  allowForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      showAllowlist(await api.post('/api/v1/admin/http-allowlist', {entry: entry.value.trim()}));
      allowMessage.say(`${entry.value.trim()} is allowed.`, 'ok');
      entry.value = '';
    } catch (error) {
      showError(allowForm, allowMessage, error);
    }
  });

  root.append(pageHeading('Admin'),
      h('section', {'aria-labelledby': 'users-heading'},
          h('h2', {id: 'users-heading'}, 'Users'),
          usersMessage,
          h('div', {class: 'table-wrap'}, h('table', {class: 'users-table cards'},
              h('caption', {class: 'visually-hidden'}, 'Users'),
              h('thead', {}, h('tr', {},
                  h('th', {scope: 'col'}, 'User'),
                  h('th', {scope: 'col'}, 'Role'),
                  h('th', {scope: 'col'}, 'State'),
                  h('th', {scope: 'col', class: 'hide-narrow'}, 'Created'),
                  h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Actions')))),
              userRows)),
          h('h3', {id: 'create-user-heading'}, 'Create a user'),
          createForm, createMessage, created),
      h('section', {'aria-labelledby': 'limits-heading'},
          h('h2', {id: 'limits-heading'}, 'System limits'),
          h('p', {}, 'The most any execution may ask for. Each run gets the defaults unless it asks for more, up to these.'),
          limitsForm, limitsMessage),
      h('section', {'aria-labelledby': 'allow-heading'},
          h('h2', {id: 'allow-heading'}, 'Hosts http jobs may call'),
          allowList, allowForm, allowMessage));

  await Promise.all([
    loadUsers(),
    api.get('/api/v1/admin/execution-limits').then(fillLimits).catch((error) => limitsMessage.say(error.message, 'error')),
    api.get('/api/v1/admin/http-allowlist').then(showAllowlist).catch((error) => allowMessage.say(error.message, 'error')),
  ]);
}
