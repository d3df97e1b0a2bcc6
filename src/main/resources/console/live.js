// The Live page: each endpoint event as an entry of a timeline, newest first.

import {byId, clear, el} from './dom.js';

const MAX_ENTRIES = 500;

function timeOf(timestamp) {
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? String(timestamp || '') : date.toLocaleTimeString();
}

export class LivePage {
  constructor() {
    this.timeline = byId('live-timeline');
  }

  destroy() {
    clear(this.timeline);
  }

  add(event) {
    const type = String(event.type || '');
    const principal = event.principal && event.principal.username ? event.principal.username : '';
    const entry = el('li', {class: 'live-event type-' + type.replace(/[^a-z]/g, ''),
      dataset: {type, inferenceId: String(event.inference_id || ''), sequence: String(event.sequence),
        receivedAt: String(Date.now())}},
    el('span', {class: 'event-type'}, type),
    ' ',
    el('strong', {class: 'event-id'}, String(event.inference_id || '')),
    el('span', {class: 'event-detail'},
        ' by ' + principal + ' on ' + (event.node || '') + ', revision ' + event.revision
        + (event.task_type ? ', ' + event.task_type : '') + (event.service ? ' / ' + event.service : '')),
    ' ',
    el('time', {class: 'event-time', datetime: String(event.timestamp || '')}, timeOf(event.timestamp)));
    this.timeline.prepend(entry);
    while (this.timeline.children.length > MAX_ENTRIES) {
      this.timeline.lastElementChild.remove();
    }
  }
}
