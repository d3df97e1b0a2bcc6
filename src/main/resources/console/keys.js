// The API keys page: the keys this user may see (every key with manage_api_key, its own with
// manage_own_api_key), creating one, and invalidating one after a confirmation. A new key's
// encoded value is held in a password input until the user reveals it, and is forgotten when the
// notice is dismissed, on sign-out, or when another key is created.

import * as api from './api.js';
import {byId, clear, el, setText, showError} from './dom.js';

/** The state of a key as Elasticsearch's fields tell it. */
function statusOf(key, now) {
  if (key.invalidated) {
    return 'invalidated';
  }
  if (key.expiration !== undefined && key.expiration !== null && key.expiration <= now) {
    return 'expired';
  }
  return 'active';
}

function dateText(millis) {
  return millis === undefined || millis === null ? '' : new Date(millis).toISOString().replace('.000Z', 'Z');
}

export class KeysPage {
  /** @param everyKey whether the user may see and invalidate every key (else only its own) */
  constructor({everyKey}) {
    this.everyKey = everyKey;
    this.generation = 0;
    this.keys = [];
    this.invalidating = null;
    this.listeners = [];
    this.body = byId('keys-body');
    this.error = byId('keys-error');
    this.dialog = byId('invalidate-dialog');
    setText(byId('keys-scope'), everyKey ? 'Every API key of the cluster.' : 'The API keys you own.');
    this.listen(byId('key-form'), 'submit', event => this.create(event));
    this.listen(byId('keys-refresh'), 'click', () => this.load());
    this.listen(byId('key-reveal'), 'click', () => this.toggleReveal());
    this.listen(byId('key-created-dismiss'), 'click', () => this.forgetCreated());
    this.listen(byId('invalidate-cancel'), 'click', () => this.dialog.close());
    this.listen(byId('invalidate-confirm'), 'click', () => this.confirmInvalidate());
    this.listen(this.dialog, 'close', () => {
      this.invalidating = null;
    });
  }

  listen(target, type, handler) {
    target.addEventListener(type, handler);
    this.listeners.push(() => target.removeEventListener(type, handler));
  }

  destroy() {
    this.generation++;
    this.listeners.forEach(remove => remove());
    this.forgetCreated();
    if (this.dialog.open) {
      this.dialog.close();
    }
    clear(this.body);
    byId('key-form').reset();
    showError(this.error, '');
    showError(byId('key-error'), '');
  }

  async load() {
    const generation = this.generation;
    try {
      const answer = await api.get('/_security/api_key' + (this.everyKey ? '' : '?owner=true'));
      if (generation !== this.generation) {
        return;
      }
      this.keys = ((answer && answer.api_keys) || []).slice()
          .sort((a, b) => (b.creation || 0) - (a.creation || 0));
      showError(this.error, '');
      this.render();
    } catch (failure) {
      if (generation === this.generation) {
        showError(this.error, failure.reason || String(failure));
      }
    }
  }

  render() {
    const now = Date.now();
    clear(this.body);
    for (const key of this.keys) {
      const status = statusOf(key, now);
      const actions = el('td', {class: 'col-key-actions'});
      if (status === 'active') {
        const invalidate = el('button', {type: 'button', class: 'button small danger invalidate-key',
          'aria-label': 'Invalidate ' + key.name}, 'Invalidate');
        invalidate.addEventListener('click', () => this.openInvalidate(key));
        actions.append(invalidate);
      }
      this.body.append(el('tr', {dataset: {keyId: key.id, status}},
          el('td', {class: 'col-key-name'}, key.name === undefined || key.name === null ? '' : key.name),
          el('td', {class: 'col-key-id mono'}, key.id),
          el('td', {class: 'col-key-owner'}, (key.username || '') + (key.realm ? ' (' + key.realm + ')' : '')),
          el('td', {class: 'col-key-created'}, dateText(key.creation)),
          el('td', {class: 'col-key-expires'}, key.expiration ? dateText(key.expiration) : 'never'),
          el('td', {class: 'col-key-status'}, status),
          actions));
    }
    byId('keys-empty').hidden = this.keys.length > 0;
  }

  /** The body of a create: the name, and when given an expiration and role descriptors (JSON). */
  requestBody() {
    const body = {name: byId('key-name').value.trim()};
    const expiration = byId('key-expiration').value.trim();
    if (expiration) {
      body.expiration = expiration;
    }
    const descriptors = byId('key-role-descriptors').value.trim();
    if (descriptors) {
      try {
        body.role_descriptors = JSON.parse(descriptors);
      } catch (notJson) {
        throw new Error('Role descriptors must be a JSON object: ' + notJson.message);
      }
    }
    return body;
  }

  async create(event) {
    event.preventDefault();
    const error = byId('key-error');
    const submit = byId('key-submit');
    showError(error, '');
    this.forgetCreated();
    let body;
    try {
      body = this.requestBody();
    } catch (invalid) {
      showError(error, invalid.message);
      return;
    }
    submit.disabled = true;
    try {
      const created = await api.post('/_security/api_key', body);
      this.showCreated(created);
      byId('key-form').reset();
      this.load();
    } catch (failure) {
      showError(error, failure.reason || String(failure));
    } finally {
      submit.disabled = false;
    }
  }

  showCreated(created) {
    setText(byId('key-created-name'), created.name);
    setText(byId('key-created-id'), created.id);
    const encoded = byId('key-created-encoded');
    encoded.type = 'password';
    encoded.value = created.encoded;
    setText(byId('key-reveal'), 'Show');
    byId('key-created').hidden = false;
    encoded.focus();
    encoded.select();
  }

  toggleReveal() {
    const encoded = byId('key-created-encoded');
    const hidden = encoded.type === 'password';
    encoded.type = hidden ? 'text' : 'password';
    setText(byId('key-reveal'), hidden ? 'Hide' : 'Show');
  }

  forgetCreated() {
    const encoded = byId('key-created-encoded');
    encoded.value = '';
    encoded.type = 'password';
    setText(byId('key-created-name'), '');
    setText(byId('key-created-id'), '');
    byId('key-created').hidden = true;
  }

  openInvalidate(key) {
    this.invalidating = key.id;
    setText(byId('invalidate-title'), 'Invalidate API key ' + (key.name || key.id));
    setText(byId('invalidate-owner'), 'Owned by ' + (key.username || '?') + '. Requests made with it are refused '
        + 'on every node once this answers.');
    showError(byId('invalidate-error'), '');
    byId('invalidate-confirm').disabled = false;
    if (!this.dialog.open) {
      this.dialog.showModal();
    }
  }

  async confirmInvalidate() {
    const id = this.invalidating;
    if (id === null) {
      return;
    }
    const error = byId('invalidate-error');
    const confirm = byId('invalidate-confirm');
    showError(error, '');
    confirm.disabled = true;
    try {
      const answer = await api.call('DELETE', '/_security/api_key',
          this.everyKey ? {ids: [id]} : {ids: [id], owner: true});
      const details = (answer && answer.error_details) || [];
      if (details.length > 0) {
        showError(error, details.map(detail => detail.reason).join(' '));
        return;
      }
      if (this.invalidating === id) {
        this.dialog.close();
      }
      this.load();
    } catch (failure) {
      showError(error, failure.reason || String(failure));
    } finally {
      confirm.disabled = false;
    }
  }
}
