// Saved scripts (yours: open in the editor, rename, delete) and the example scripts everyone starts
// from. Saving happens in Run, from the editor.

import * as api from '../api.js';
import {confirmButton, h, messageArea, pageHeading, time} from '../dom.js';
import {openInEditor} from '../draft.js';

export async function render(ctx) {
  const root = h('section', {class: 'scripts'});
  ctx.main.append(root);
  const message = messageArea();
  const body = h('tbody', {id: 'script-rows'});
  const empty = h('p', {class: 'empty', hidden: true},
      'No saved scripts yet. Write code in ', h('a', {href: '#/run'}, 'Run'), ' and choose Save.');
  const savedTable = h('div', {class: 'table-wrap'},
      h('table', {},
          h('caption', {class: 'visually-hidden'}, 'Your saved scripts'),
          h('thead', {}, h('tr', {},
              h('th', {scope: 'col'}, 'Name'),
              h('th', {scope: 'col'}, 'Language'),
              h('th', {scope: 'col', class: 'hide-narrow'}, 'Updated'),
              h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Actions')))),
          body));
  const examplesHost = h('div', {class: 'examples'});
  root.append(pageHeading('Scripts'), message,
      h('section', {'aria-labelledby': 'saved-heading'}, h('h2', {id: 'saved-heading'}, 'Saved scripts'), savedTable, empty),
      h('section', {'aria-labelledby': 'examples-heading'}, h('h2', {id: 'examples-heading'}, 'Examples'), examplesHost));

  function open(script) {
    openInEditor(ctx.session.user, {language: script.language, code: script.code, stdin: script.stdin || '',
      script: script.id ? {id: script.id, name: script.name} : null});
    ctx.go('#/run?focus=editor');
  }

  function row(script) {
    const nameCell = h('th', {scope: 'row', class: 'script-name'}, script.name);
    const actions = h('td', {class: 'row-actions'});
    const tr = h('tr', {dataset: {id: String(script.id), name: script.name}}, nameCell,
        h('td', {}, script.language), h('td', {class: 'hide-narrow'}, time(script.updatedAt)), actions);

    const openButton = h('button', {type: 'button', class: 'small primary', 'aria-label': `Open ${script.name} in the editor`},
        'Open in editor');
    openButton.addEventListener('click', async () => {
      try {
        open(await api.get(`/api/v1/scripts/${script.id}`));
      } catch (e) {
        message.say(e.message, 'error');
      }
    });
    const renameButton = h('button', {type: 'button', class: 'small', 'aria-label': `Rename ${script.name}`}, 'Rename');
    renameButton.addEventListener('click', () => startRename());
    const deleteButton = confirmButton('Delete', `Delete “${script.name}”?`, async () => {
      try {
        await api.del(`/api/v1/scripts/${script.id}`);
        tr.remove();
        empty.hidden = body.children.length > 0;
        savedTable.hidden = body.children.length === 0;
        message.say(`Deleted “${script.name}”.`, 'ok');
        message.focus(); // the focused button went with its row
      } catch (e) {
        message.say(e.message, 'error');
      }
    });
    const showActions = () => actions.replaceChildren(openButton, ' ', renameButton, ' ', deleteButton);

    function startRename() {
      const input = h('input', {name: 'name', value: script.name, 'aria-label': `New name for ${script.name}`, maxlength: '100'});
      const save = h('button', {type: 'submit', class: 'small primary'}, 'Save name');
      const cancel = h('button', {type: 'button', class: 'small quiet'}, 'Cancel');
      const form = h('form', {class: 'inline-form'}, input, ' ', save, ' ', cancel);
      const stop = () => {
        nameCell.replaceChildren(script.name);
        showActions();
        renameButton.focus();
      };
      cancel.addEventListener('click', stop);
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') {
          stop();
        }
      });
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const name = input.value.trim();
        if (!name) {
          input.setAttribute('aria-invalid', 'true');
          return;
        }
        try {
          const renamed = await api.put(`/api/v1/scripts/${script.id}`, {name});
          script.name = renamed.name;
          tr.dataset.name = renamed.name;
          message.say(`Renamed to “${renamed.name}”.`, 'ok');
          stop();
        } catch (error) {
          input.setAttribute('aria-invalid', 'true');
          message.say(error.message, 'error');
          input.focus();
        }
      });
      nameCell.replaceChildren(form);
      actions.replaceChildren();
      input.focus();
      input.select();
    }

    showActions();
    return tr;
  }

  const [saved, examples] = await Promise.all([
    api.get('/api/v1/scripts').catch((e) => {
      message.say(e.message, 'error');
      return {items: []};
    }),
    api.get('/api/v1/examples').catch(() => ({items: []})),
  ]);
  body.append(...saved.items.map(row));
  empty.hidden = saved.items.length > 0;
  savedTable.hidden = saved.items.length === 0;

  const groups = new Map();
  for (const ex of examples.items) {
    if (!groups.has(ex.language)) {
      groups.set(ex.language, []);
    }
    groups.get(ex.language).push(ex);
  }
  for (const [language, items] of groups) {
    const headingId = `examples-${language}`;
    examplesHost.append(h('section', {class: 'example-group', 'aria-labelledby': headingId},
        h('h3', {id: headingId}, language),
        h('ul', {class: 'plain-list'}, items.map((ex) => h('li', {},
            h('span', {}, ex.name), ' ',
            h('button', {type: 'button', class: 'small', 'aria-label': `Open the ${language} example ${ex.name} in the editor`,
              onclick: () => open(ex)}, 'Open in editor'))))));
  }
}
