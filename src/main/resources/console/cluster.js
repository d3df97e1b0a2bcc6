// The Cluster page: health, the gateway nodes and whether each one's read view is current.

import * as api from './api.js';
import {byId, clear, el, setText, showError} from './dom.js';

export class ClusterPage {
  constructor() {
    this.onRefresh = () => this.load();
    byId('cluster-refresh').addEventListener('click', this.onRefresh);
    this.generation = 0;
  }

  destroy() {
    this.generation++;
    byId('cluster-refresh').removeEventListener('click', this.onRefresh);
    setText(byId('cluster-health'), '');
    byId('cluster-health').className = 'health';
    clear(byId('cluster-nodes-body'));
    showError(byId('cluster-error'), '');
  }

  async load() {
    const generation = this.generation;
    const errors = [];
    // A red cluster answers 503 with the health body: still a status to show.
    const [health, nodes] = await Promise.all([
      api.get('/_cluster/health', {accept: [503]}).catch(failure => errors.push(failure.reason)),
      api.get('/_nodes').catch(failure => errors.push(failure.reason)),
    ]);
    if (generation !== this.generation) {
      return;
    }
    showError(byId('cluster-error'), errors.join(' '));
    if (health && health.status) {
      const status = String(health.status);
      setText(byId('cluster-health'), status);
      byId('cluster-health').className = 'health health-' + status.replace(/[^a-z]/g, '');
    }
    if (nodes && nodes.nodes) {
      const body = byId('cluster-nodes-body');
      clear(body);
      const list = Object.values(nodes.nodes).sort((a, b) => String(a.name).localeCompare(String(b.name)));
      for (const node of list) {
        const info = node.infergate || {};
        body.append(el('tr', {dataset: {nodeName: String(node.name)}, class: info.this_node ? 'this-node' : null},
            el('td', {class: 'col-node'}, String(node.name) + (info.this_node ? ' (this node)' : '')),
            el('td', {class: 'col-http'}, String((node.http && node.http.publish_address) || '')),
            el('td', {class: 'col-serving'}, String(info.serving)),
            el('td', {class: 'col-view-revision'}, info.view_revision === null || info.view_revision === undefined
              ? '' : String(info.view_revision)),
            el('td', {class: 'col-view-current'}, String(info.view_current))));
      }
    }
  }
}
