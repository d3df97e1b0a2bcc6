// The Endpoints page: the table (search, filters, live), the create and edit form generated from
// GET /_inference/_services, and deletion with its dry-run preview. Controls that change endpoints
// are only ever built for a user holding manage_inference.

import * as api from './api.js';
import {byId, clear, el, setText, showError} from './dom.js';

export const TASK_TYPES = ['text_embedding', 'sparse_embedding', 'rerank', 'completion', 'chat_completion'];
const REFERENCE_READS_AT_ONCE = 4;
/** Declaring a reference is no endpoint event: the counts are read again this often. */
const REFERENCES_REFRESH_MS = 10000;

/** The model of an endpoint: service_settings.model_id, else .model, else nothing. */
function modelOf(endpoint) {
  const settings = endpoint.service_settings || {};
  const model = settings.model_id !== undefined ? settings.model_id : settings.model;
  return model === undefined || model === null ? '' : String(model);
}

/** The number of distinct holders in a GET /_inference/{id}/_references answer. */
function holderCount(answer) {
  const references = (answer && answer.references) || [];
  return new Set(references.map(reference => reference.holder)).size;
}

function fieldId(key) {
  return 'form-field-' + key.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** service_settings.a.b for the catalog key "a.b". */
function settingValue(settings, key) {
  let value = settings;
  for (const part of key.split('.')) {
    if (value === null || typeof value !== 'object') {
      return undefined;
    }
    value = value[part];
  }
  return value;
}

function putSetting(settings, key, value) {
  const parts = key.split('.');
  let target = settings;
  for (const part of parts.slice(0, -1)) {
    if (target[part] === null || typeof target[part] !== 'object') {
      target[part] = {};
    }
    target = target[part];
  }
  target[parts[parts.length - 1]] = value;
}

function displayValue(value, type) {
  if (value === undefined || value === null) {
    return '';
  }
  if (type === 'map' || typeof value === 'object') {
    return JSON.stringify(value);
  }
  return String(value);
}

export class EndpointsPage {
  /**
   * @param canManage whether the user holds manage_inference (the only case in which create, edit
   *     and delete controls are built)
   * @param onEndpoints called with the endpoints after every read (the Try page lists them)
   */
  constructor({canManage, onEndpoints}) {
    this.canManage = canManage;
    this.onEndpoints = onEndpoints;
    this.endpoints = [];
    this.references = new Map();
    this.rows = new Map();
    this.catalog = null;
    this.loading = null;
    this.again = false;
    this.generation = 0;
    this.form = null;
    this.dialog = null;
    this.body = byId('endpoints-body');
    this.search = byId('endpoint-search');
    this.serviceFilter = byId('filter-service');
    this.taskTypeFilter = byId('filter-task-type');
    this.error = byId('endpoints-error');
    this.listeners = [];
    this.referencesTimer = setInterval(() => {
      if (!byId('page-endpoints').hidden && !this.loading) {
        this.readReferences(this.generation);
      }
    }, REFERENCES_REFRESH_MS);
    this.listen(this.search, 'input', () => this.render());
    this.listen(this.serviceFilter, 'change', () => this.render());
    this.listen(this.taskTypeFilter, 'change', () => this.render());
    this.fillOptions(this.taskTypeFilter, TASK_TYPES);
    byId('endpoints-actions-head').hidden = !canManage;
    if (canManage) {
      const create = el('button', {type: 'button', id: 'create-endpoint', class: 'button primary'}, 'Create endpoint');
      create.addEventListener('click', () => this.openForm(null));
      byId('endpoint-actions').append(create);
    }
  }

  listen(target, type, handler) {
    target.addEventListener(type, handler);
    this.listeners.push(() => target.removeEventListener(type, handler));
  }

  /** Everything built for this user goes, so that the next sign-in starts from the page as served. */
  destroy() {
    this.generation++;
    clearInterval(this.referencesTimer);
    this.listeners.forEach(remove => remove());
    clear(this.body);
    clear(byId('endpoint-actions'));
    clear(byId('endpoint-form-slot'));
    this.search.value = '';
    this.serviceFilter.value = '';
    this.taskTypeFilter.value = '';
    for (const select of [this.serviceFilter, this.taskTypeFilter]) {
      while (select.options.length > 1) {
        select.remove(1);
      }
    }
    if (this.dialog) {
      if (this.dialog.open) {
        this.dialog.close();
      }
      this.dialog.remove();
    }
    showError(this.error, '');
  }

  async loadCatalog() {
    if (this.catalog === null) {
      this.catalog = await api.get('/_inference/_services');
    }
    return this.catalog;
  }

  /** Reads the endpoints again; calls made while one read runs are folded into one more read. */
  reload() {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    const generation = this.generation;
    this.loading = (async () => {
      try {
        do {
          this.again = false;
          const answer = await api.get('/_inference?include_revision=true');
          if (generation !== this.generation) {
            return;
          }
          this.endpoints = (answer && answer.endpoints) || [];
          showError(this.error, '');
          this.render();
          this.onEndpoints(this.endpoints);
          this.readReferences(generation);
        } while (this.again);
      } catch (failure) {
        if (generation === this.generation) {
          showError(this.error, failure.reason || String(failure));
        }
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  async readReferences(generation) {
    const ids = this.endpoints.map(endpoint => endpoint.inference_id);
    let next = 0;
    const worker = async () => {
      while (next < ids.length && generation === this.generation) {
        const id = ids[next++];
        try {
          const answer = await api.get('/_inference/' + api.segment(id) + '/_references');
          this.references.set(id, holderCount(answer));
        } catch (failure) {
          this.references.delete(id); // deleted meanwhile, or not readable: leave the cell empty
        }
        const row = this.rows.get(id);
        if (row && generation === this.generation) {
          setText(row.cells.references, this.references.has(id) ? this.references.get(id) : '');
        }
      }
    };
    await Promise.all(Array.from({length: REFERENCE_READS_AT_ONCE}, worker));
  }

  fillOptions(select, values) {
    const present = new Set(Array.from(select.options).map(option => option.value));
    for (const value of values) {
      if (!present.has(value)) {
        select.append(el('option', {value}, value));
        present.add(value);
      }
    }
  }

  /** Rows are kept per endpoint and updated in place: a re-render never replaces a row still shown. */
  render() {
    const services = new Set(this.endpoints.map(endpoint => endpoint.service));
    if (this.catalog) {
      this.catalog.forEach(service => services.add(service.service));
    }
    this.fillOptions(this.serviceFilter, Array.from(services).sort());
    const text = this.search.value.trim().toLowerCase();
    const service = this.serviceFilter.value;
    const taskType = this.taskTypeFilter.value;
    const known = new Set();
    const shown = [];
    for (const endpoint of this.endpoints) {
      const id = endpoint.inference_id;
      known.add(id);
      const row = this.row(endpoint);
      const matches = (!text || id.toLowerCase().includes(text)) && (!service || endpoint.service === service)
          && (!taskType || endpoint.task_type === taskType);
      if (matches) {
        shown.push(row.tr);
      } else {
        row.tr.remove();
      }
    }
    for (const [id, row] of this.rows) {
      if (!known.has(id)) {
        row.tr.remove();
        this.rows.delete(id);
        this.references.delete(id);
      }
    }
    shown.forEach(tr => this.body.append(tr)); // moves existing rows into order
    byId('endpoints-empty').hidden = shown.length > 0;
  }

  row(endpoint) {
    const id = endpoint.inference_id;
    let row = this.rows.get(id);
    if (!row) {
      const cells = {
        id: el('td', {class: 'col-id'}),
        taskType: el('td', {class: 'col-task-type'}),
        service: el('td', {class: 'col-service'}),
        model: el('td', {class: 'col-model'}),
        revision: el('td', {class: 'col-revision'}),
        references: el('td', {class: 'col-references'}),
      };
      const tr = el('tr', {dataset: {endpointId: id}}, cells.id, cells.taskType, cells.service, cells.model,
          cells.revision, cells.references);
      if (this.canManage) {
        const edit = el('button', {type: 'button', class: 'button small edit-endpoint', 'aria-label': 'Edit ' + id},
            'Edit');
        const remove = el('button', {type: 'button', class: 'button small danger delete-endpoint',
          'aria-label': 'Delete ' + id}, 'Delete');
        edit.addEventListener('click', () => this.openForm(this.endpoints.find(e => e.inference_id === id)));
        remove.addEventListener('click', () => this.openDelete(id));
        tr.append(el('td', {class: 'col-actions'}, edit, ' ', remove));
      }
      row = {tr, cells};
      this.rows.set(id, row);
    }
    setText(row.cells.id, id);
    setText(row.cells.taskType, endpoint.task_type);
    setText(row.cells.service, endpoint.service);
    setText(row.cells.model, modelOf(endpoint));
    setText(row.cells.revision, endpoint.revision === undefined ? '' : String(endpoint.revision));
    setText(row.cells.references, this.references.has(id) ? this.references.get(id) : '');
    return row;
  }

  // ---- create and edit ----

  /** Opens the form: empty to create, or for `endpoint` (id, task type and service fixed) to edit it. */
  async openForm(endpoint) {
    if (!this.canManage || !endpoint && endpoint !== null) {
      return;
    }
    let catalog;
    try {
      catalog = await this.loadCatalog();
    } catch (failure) {
      showError(this.error, failure.reason || String(failure));
      return;
    }
    this.closeForm();
    const editing = endpoint !== null;
    const id = el('input', {id: 'form-inference-id', name: 'inference_id', type: 'text', required: true,
      autocomplete: 'off', spellcheck: 'false', disabled: editing});
    const taskType = el('select', {id: 'form-task-type', name: 'task_type', required: true, disabled: editing});
    const service = el('select', {id: 'form-service', name: 'service', required: true, disabled: editing});
    const fields = el('fieldset', {id: 'form-fields', class: 'generated'}, el('legend', {}, 'Service settings'));
    const error = el('p', {id: 'form-error', class: 'error', role: 'alert', hidden: true});
    const submit = el('button', {type: 'submit', id: 'form-submit', class: 'button primary'},
        editing ? 'Save changes' : 'Create');
    const cancel = el('button', {type: 'button', id: 'form-cancel', class: 'button secondary'}, 'Cancel');
    const form = el('form', {id: 'endpoint-form', class: 'card endpoint-form', novalidate: true,
      'aria-labelledby': 'endpoint-form-title'},
    el('h3', {id: 'endpoint-form-title'}, editing ? 'Edit endpoint ' + endpoint.inference_id : 'Create an endpoint'),
    el('div', {class: 'field'}, el('label', {for: 'form-inference-id'}, 'Inference id (required)'), id),
    el('div', {class: 'field'}, el('label', {for: 'form-task-type'}, 'Task type (required)'), taskType),
    el('div', {class: 'field'}, el('label', {for: 'form-service'}, 'Service (required)'), service),
    fields, error, el('div', {class: 'actions'}, submit, cancel));

    const taskTypes = TASK_TYPES.filter(type => catalog.some(s => s.task_types.includes(type)));
    taskTypes.forEach(type => taskType.append(el('option', {value: type}, type)));
    if (editing) {
      id.value = endpoint.inference_id;
      if (!taskTypes.includes(endpoint.task_type)) {
        taskType.append(el('option', {value: endpoint.task_type}, endpoint.task_type));
      }
      taskType.value = endpoint.task_type;
    }
    const fillServices = () => {
      const previous = service.value || (editing ? endpoint.service : '');
      clear(service);
      catalog.filter(s => editing ? s.service === endpoint.service : s.task_types.includes(taskType.value))
          .forEach(s => service.append(el('option', {value: s.service}, s.name ? s.name + ' (' + s.service + ')'
              : s.service)));
      if (Array.from(service.options).some(option => option.value === previous)) {
        service.value = previous;
      }
    };
    const fillFields = () => this.generateFields(fields, catalog.find(s => s.service === service.value),
        taskType.value, editing ? endpoint.service_settings || {} : null);
    taskType.addEventListener('change', () => {
      fillServices();
      fillFields();
    });
    service.addEventListener('change', fillFields);
    fillServices();
    fillFields();

    form.addEventListener('submit', event => {
      event.preventDefault();
      this.submitForm(form, endpoint, {id, taskType, service, fields, error, submit});
    });
    cancel.addEventListener('click', () => this.closeForm());
    form.addEventListener('keydown', event => {
      if (event.key === 'Escape') {
        this.closeForm();
      }
    });
    this.form = form;
    byId('endpoint-form-slot').append(form);
    (editing ? fields.querySelector('input:not([disabled]), select:not([disabled])') || submit : id).focus();
  }

  /** One control per configuration of the service that applies to the task type. */
  generateFields(fieldset, service, taskType, current) {
    while (fieldset.children.length > 1) {
      fieldset.lastElementChild.remove();
    }
    if (!service) {
      return;
    }
    for (const [key, config] of Object.entries(service.configurations || {})) {
      const supported = config.supported_task_types || service.task_types;
      if (!supported.includes(taskType)) {
        continue;
      }
      const id = fieldId(key);
      const required = Boolean(config.required);
      const locked = current !== null && config.updatable === false;
      let control;
      if (config.type === 'bool') {
        control = el('select', {id, name: key, required, disabled: locked},
            el('option', {value: ''}, '(not set)'), el('option', {value: 'true'}, 'true'),
            el('option', {value: 'false'}, 'false'));
      } else {
        control = el('input', {id, name: key, required, disabled: locked, autocomplete: config.sensitive
          ? 'new-password' : 'off', spellcheck: 'false',
        type: config.sensitive ? 'password' : config.type === 'int' ? 'number' : 'text'});
        if (config.type === 'int') {
          control.setAttribute('step', '1');
          control.setAttribute('inputmode', 'numeric');
        }
        if (config.type === 'map') {
          control.setAttribute('placeholder', '{"key": "value"}');
        }
      }
      control.dataset.type = config.type || 'str';
      if (config.sensitive) {
        control.dataset.sensitive = 'true';
      }
      if (current !== null && !config.sensitive) {
        control.value = displayValue(settingValue(current, key), config.type);
        control.dataset.original = control.value;
      }
      const label = el('label', {for: id}, (config.label || key) + (required ? ' (required)' : ''));
      const describedBy = id + '-help';
      const help = config.description
        ? el('small', {id: describedBy, class: 'help'}, config.sensitive && current !== null
          ? config.description + ' Leave empty to keep the stored value.' : config.description) : null;
      if (help) {
        control.setAttribute('aria-describedby', describedBy);
      }
      fieldset.append(el('div', {class: 'field'}, label, control, help));
    }
  }

  /** The settings the form holds (all filled ones to create; only the changed ones to edit). */
  collectSettings(fields, editing) {
    const settings = {};
    for (const control of fields.querySelectorAll('input, select')) {
      if (control.disabled) {
        continue;
      }
      const raw = control.dataset.sensitive ? control.value : control.value.trim();
      if (raw === '' || editing && !control.dataset.sensitive && raw === control.dataset.original) {
        continue;
      }
      let value = raw;
      const type = control.dataset.type;
      if (type === 'int' && /^-?\d+$/.test(raw)) {
        value = Number(raw);
      } else if (type === 'bool') {
        value = raw === 'true';
      } else if (type === 'map') {
        try {
          value = JSON.parse(raw);
        } catch (notJson) {
          throw new Error('[' + control.name + '] must be a JSON object');
        }
      }
      putSetting(settings, control.name, value);
    }
    return settings;
  }

  async submitForm(form, endpoint, {id, taskType, service, fields, error, submit}) {
    const editing = endpoint !== null;
    showError(error, '');
    let settings;
    try {
      settings = this.collectSettings(fields, editing);
    } catch (invalid) {
      showError(error, invalid.message);
      return;
    }
    // Secrets leave the page with this request only: the inputs are emptied whatever the answer.
    fields.querySelectorAll('input[type=password]').forEach(input => {
      input.value = '';
    });
    submit.disabled = true;
    try {
      if (editing) {
        await api.post('/_inference/' + api.segment(endpoint.inference_id) + '/_update',
            {service_settings: settings});
      } else {
        await api.put('/_inference/' + api.segment(taskType.value) + '/' + api.segment(id.value.trim()),
            {service: service.value, service_settings: settings});
      }
      this.closeForm();
      const create = byId('create-endpoint');
      if (create) {
        create.focus();
      }
      this.reload();
    } catch (failure) {
      showError(error, failure.reason || String(failure));
    } finally {
      submit.disabled = false;
    }
  }

  closeForm() {
    if (this.form) {
      this.form.remove();
      this.form = null;
    }
  }

  // ---- delete ----

  buildDialog() {
    const title = el('h3', {id: 'delete-title'});
    const preview = el('div', {id: 'delete-preview', class: 'preview'});
    const message = el('p', {id: 'delete-message', class: 'warning', hidden: true});
    const forceSlot = el('div', {id: 'delete-force-slot'});
    const error = el('p', {id: 'delete-error', class: 'error', role: 'alert', hidden: true});
    const confirm = el('button', {type: 'button', id: 'delete-confirm', class: 'button danger'}, 'Delete');
    const cancel = el('button', {type: 'button', id: 'delete-cancel', class: 'button secondary'}, 'Cancel');
    const dialog = el('dialog', {id: 'delete-dialog', 'aria-labelledby': 'delete-title', class: 'dialog'},
        title, preview, message, forceSlot, error, el('div', {class: 'actions'}, confirm, cancel));
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      this.deleting = null;
    });
    confirm.addEventListener('click', () => this.confirmDelete());
    document.body.append(dialog);
    this.dialog = dialog;
    this.deleteParts = {title, preview, message, forceSlot, error, confirm};
    return dialog;
  }

  async openDelete(id) {
    if (!this.canManage) {
      return;
    }
    const dialog = this.dialog || this.buildDialog();
    const {title, preview, message, forceSlot, error, confirm} = this.deleteParts;
    this.deleting = id;
    setText(title, 'Delete endpoint ' + id);
    clear(preview);
    preview.append(el('p', {}, 'Checking what references this endpoint…'));
    showError(message, '');
    clear(forceSlot);
    showError(error, '');
    confirm.disabled = true;
    if (!dialog.open) {
      dialog.showModal();
    }
    let answer;
    try {
      answer = await api.del('/_inference/' + api.segment(id) + '?dry_run=true');
    } catch (failure) {
      if (this.deleting === id) {
        clear(preview);
        showError(error, failure.reason || String(failure));
      }
      return;
    }
    if (this.deleting !== id) {
      return;
    }
    const holders = Array.from(new Set((answer && answer.references) || []));
    this.references.set(id, holders.length);
    const row = this.rows.get(id);
    if (row) {
      setText(row.cells.references, holders.length);
    }
    clear(preview);
    if (holders.length === 0) {
      preview.append(el('p', {}, 'Nothing references this endpoint.'));
    } else {
      preview.append(el('p', {}, 'Referenced by:'),
          el('ul', {class: 'holders'}, ...holders.map(holder => el('li', {class: 'holder'}, holder))));
    }
    const refusal = answer && answer.error_message;
    showError(message, refusal || '');
    if (holders.length > 0 || refusal) {
      const force = el('input', {type: 'checkbox', id: 'delete-force', name: 'force'});
      forceSlot.append(el('div', {class: 'check'}, force,
          el('label', {for: 'delete-force'}, 'Delete anyway (force): holders lose the endpoint')));
    }
    confirm.disabled = false;
  }

  async confirmDelete() {
    const id = this.deleting;
    if (id === null) {
      return;
    }
    const {error, confirm} = this.deleteParts;
    const force = byId('delete-force');
    showError(error, '');
    confirm.disabled = true;
    try {
      await api.del('/_inference/' + api.segment(id) + (force && force.checked ? '?force=true' : ''));
      if (this.deleting === id) {
        this.dialog.close();
      }
      this.reload();
    } catch (failure) {
      showError(error, failure.reason || String(failure));
    } finally {
      confirm.disabled = false;
    }
  }
}
