// The Try page: sends text to an endpoint and shows what came back: an embedding's dimensions and
// first values, a rerank order, or a completion streamed as it arrives.

import * as api from './api.js';
import {byId, clear, el, setText, showError} from './dom.js';
import {readEvents} from './sse.js';

const FIRST_VALUES = 8;

const HINTS = {
  text_embedding: 'The text is embedded; the result shows its dimensions and first values.',
  sparse_embedding: 'The text is expanded into weighted tokens; the result shows the heaviest.',
  rerank: 'One document per line, ranked against the query.',
  completion: 'The completion is streamed as it arrives.',
  chat_completion: 'Sent as one user message; the answer is streamed as it arrives.',
};

export class TryPage {
  constructor() {
    this.endpoints = [];
    this.select = byId('try-endpoint');
    this.input = byId('try-input');
    this.query = byId('try-query');
    this.error = byId('try-error');
    this.submit = byId('try-submit');
    this.controller = null;
    this.onChange = () => this.describe();
    this.onSubmit = event => {
      event.preventDefault();
      this.send();
    };
    this.select.addEventListener('change', this.onChange);
    byId('try-form').addEventListener('submit', this.onSubmit);
    this.describe();
  }

  destroy() {
    this.abort();
    this.select.removeEventListener('change', this.onChange);
    byId('try-form').removeEventListener('submit', this.onSubmit);
    clear(this.select);
    this.input.value = '';
    this.query.value = '';
    this.clearResults();
  }

  abort() {
    if (this.controller) {
      this.controller.abort();
      this.controller = null;
    }
  }

  /** Keeps the select in step with the endpoints, and the chosen one chosen. */
  setEndpoints(endpoints) {
    this.endpoints = endpoints;
    const chosen = this.select.value;
    const present = new Map(Array.from(this.select.options).map(option => [option.value, option]));
    const ids = new Set(endpoints.map(endpoint => endpoint.inference_id));
    for (const [id, option] of present) {
      if (!ids.has(id)) {
        option.remove();
      }
    }
    for (const endpoint of endpoints) {
      const label = endpoint.inference_id + ' (' + endpoint.task_type + ')';
      const option = present.get(endpoint.inference_id) || el('option', {value: endpoint.inference_id});
      setText(option, label);
      this.select.append(option); // in the endpoints' order
    }
    if (chosen && ids.has(chosen)) {
      this.select.value = chosen;
    }
    this.describe();
  }

  chosen() {
    return this.endpoints.find(endpoint => endpoint.inference_id === this.select.value);
  }

  describe() {
    const endpoint = this.chosen();
    const taskType = endpoint ? endpoint.task_type : '';
    byId('try-query-field').hidden = taskType !== 'rerank';
    setText(byId('try-input-label'), taskType === 'rerank' ? 'Documents (one per line)' : 'Input');
    setText(byId('try-hint'), endpoint ? HINTS[taskType] || '' : 'No endpoint to try yet.');
    this.submit.disabled = !endpoint;
  }

  clearResults() {
    showError(this.error, '');
    setText(byId('try-dimensions'), '');
    setText(byId('try-values'), '');
    clear(byId('try-ranking'));
    setText(byId('try-completion'), '');
  }

  async send() {
    const endpoint = this.chosen();
    if (!endpoint) {
      return;
    }
    this.abort();
    this.clearResults();
    const controller = new AbortController();
    this.controller = controller;
    const path = '/_inference/' + api.segment(endpoint.task_type) + '/' + api.segment(endpoint.inference_id);
    const text = this.input.value;
    this.submit.disabled = true;
    try {
      switch (endpoint.task_type) {
        case 'rerank': {
          const documents = text.split('\n').map(line => line.trim()).filter(line => line);
          const answer = await api.post(path, {input: documents, query: this.query.value},
              {signal: controller.signal});
          this.showRanking(answer, documents);
          break;
        }
        case 'completion':
          await this.stream(path + '/_stream', {input: text}, controller,
              chunk => (chunk.completion || []).map(part => part.delta || '').join(''));
          break;
        case 'chat_completion':
          await this.stream(path + '/_stream', {messages: [{role: 'user', content: text}]}, controller,
              chunk => ((chunk.choices || [])[0] || {}).delta?.content || '');
          break;
        case 'sparse_embedding':
          this.showSparse(await api.post(path, {input: text}, {signal: controller.signal}));
          break;
        default:
          this.showEmbedding(await api.post(path, {input: text}, {signal: controller.signal}));
      }
    } catch (failure) {
      if (!(failure && failure.name === 'AbortError')) {
        showError(this.error, failure.reason || failure.message || String(failure));
      }
    } finally {
      if (this.controller === controller) {
        this.controller = null;
      }
      this.submit.disabled = !this.chosen();
    }
  }

  showEmbedding(answer) {
    const field = ['text_embedding', 'text_embedding_bytes', 'text_embedding_bits'].find(name => answer && answer[name]);
    const embedding = field ? (answer[field][0] || {}).embedding || [] : [];
    setText(byId('try-dimensions'), 'dimensions: ' + embedding.length);
    setText(byId('try-values'), embedding.slice(0, FIRST_VALUES).join(', '));
  }

  showSparse(answer) {
    const weights = ((answer && answer.sparse_embedding || [])[0] || {}).embedding || {};
    const tokens = Object.entries(weights).sort((a, b) => b[1] - a[1]);
    setText(byId('try-dimensions'), 'tokens: ' + tokens.length);
    setText(byId('try-values'), tokens.slice(0, FIRST_VALUES).map(([token, weight]) => token + ': ' + weight)
        .join(', '));
  }

  showRanking(answer, documents) {
    const ranking = byId('try-ranking');
    for (const result of (answer && answer.rerank) || []) {
      const text = result.text !== undefined ? result.text : documents[result.index];
      ranking.append(el('li', {class: 'ranked'}, String(text === undefined ? '#' + result.index : text),
          el('span', {class: 'score'}, ' (' + result.relevance_score + ')')));
    }
  }

  /** POSTs to a _stream route and appends each chunk's text as it arrives. */
  async stream(path, body, controller, textOf) {
    const response = await fetch(path, api.requestInit('POST', body,
        {headers: {'Accept': 'text/event-stream'}, signal: controller.signal}));
    if (!response.ok) {
      throw api.errorOf(response.status, await response.json().catch(() => null));
    }
    const output = byId('try-completion');
    await readEvents(response, ({event, data}) => {
      if (data === '[DONE]') {
        return;
      }
      let parsed;
      try {
        parsed = JSON.parse(data);
      } catch (notJson) {
        return;
      }
      if (event === 'error') {
        throw api.errorOf(500, parsed);
      }
      output.append(document.createTextNode(textOf(parsed)));
    });
  }
}
