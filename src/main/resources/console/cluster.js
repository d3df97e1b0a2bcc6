// The Cluster page: health, the gateway nodes and whether each one's read view is current, and while
// the page is open, each node's request rate and replication lag as small charts (GET /_nodes/stats).
// Health and the node list are read again on every chart tick: a yellow cluster turns green on screen
// when its backups catch up, without the user pressing Refresh. Credentials the node refuses (a
// password changed, a key invalidated) stop the ticking: polling with them would only count failures
// against the user; Refresh tries again.

import * as api from './api.js';
import {lineChart} from './charts.js';
import {byId, clear, el, setText, showError} from './dom.js';

const STATS_EVERY_MS = 2000;
/** A minute of samples. */
const SAMPLES = 30;

function push(values, value) {
  values.push(value);
  if (values.length > SAMPLES) {
    values.shift();
  }
}

function latest(values, digits) {
  return values.length === 0 ? '–' : values[values.length - 1].toFixed(digits);
}

export class ClusterPage {
  constructor() {
    this.onRefresh = () => {
      this.load();
      this.startCharts();
    };
    byId('cluster-refresh').addEventListener('click', this.onRefresh);
    this.generation = 0;
    /** Per node id: its name, its last request count and time, and the samples drawn. */
    this.series = new Map();
    this.statsTimer = null;
    /** What the node table shows, so that a tick that changes nothing leaves the rows in place. */
    this.shownNodes = null;
  }

  destroy() {
    this.generation++;
    this.stopCharts();
    this.series.clear();
    clear(byId('cluster-charts'));
    showError(byId('cluster-charts-error'), '');
    byId('cluster-refresh').removeEventListener('click', this.onRefresh);
    setText(byId('cluster-health'), '');
    byId('cluster-health').className = 'health';
    clear(byId('cluster-nodes-body'));
    this.shownNodes = null;
    showError(byId('cluster-error'), '');
  }

  async load() {
    const generation = this.generation;
    const errors = [];
    // A red cluster answers 503 with the health body: still a status to show.
    const [health, nodes] = await Promise.all([
      api.get('/_cluster/health', {accept: [503]}).catch(failure => errors.push(this.refusal(failure))),
      api.get('/_nodes').catch(failure => errors.push(this.refusal(failure))),
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
      this.showNodes(Object.values(nodes.nodes));
    }
  }

  showNodes(nodes) {
    const rows = nodes.map(node => {
      const info = node.infergate || {};
      return {
        name: String(node.name),
        thisNode: Boolean(info.this_node),
        http: String((node.http && node.http.publish_address) || ''),
        serving: String(info.serving),
        viewRevision: info.view_revision === null || info.view_revision === undefined ? '' : String(info.view_revision),
        viewCurrent: String(info.view_current),
      };
    }).sort((a, b) => a.name.localeCompare(b.name));
    const shown = JSON.stringify(rows);
    if (shown === this.shownNodes) {
      return;
    }
    this.shownNodes = shown;
    const body = byId('cluster-nodes-body');
    clear(body);
    for (const row of rows) {
      body.append(el('tr', {dataset: {nodeName: row.name}, class: row.thisNode ? 'this-node' : null},
          el('td', {class: 'col-node'}, row.name + (row.thisNode ? ' (this node)' : '')),
          el('td', {class: 'col-http'}, row.http),
          el('td', {class: 'col-serving'}, row.serving),
          el('td', {class: 'col-view-revision'}, row.viewRevision),
          el('td', {class: 'col-view-current'}, row.viewCurrent)));
    }
  }

  /** The failure's reason to show; a 401 also stops the ticking. */
  refusal(failure) {
    if (failure && failure.status === 401) {
      this.stopCharts();
    }
    return (failure && failure.reason) || String(failure);
  }

  /**
   * Samples every node's figures every 2 s, and reads health and the node list again, until stopCharts
   * (the page is left, or the user signs out).
   */
  startCharts() {
    if (this.statsTimer === null) {
      this.readStats();
      this.statsTimer = setInterval(() => {
        this.load();
        this.readStats();
      }, STATS_EVERY_MS);
    }
  }

  stopCharts() {
    clearInterval(this.statsTimer);
    this.statsTimer = null;
  }

  async readStats() {
    const generation = this.generation;
    let answer;
    try {
      answer = await api.get('/_nodes/stats');
    } catch (failure) {
      if (generation === this.generation) {
        showError(byId('cluster-charts-error'), this.refusal(failure));
      }
      return;
    }
    if (generation !== this.generation) {
      return;
    }
    showError(byId('cluster-charts-error'), '');
    const nodes = (answer && answer.nodes) || {};
    for (const id of [...this.series.keys()]) {
      if (!(id in nodes)) {
        this.series.delete(id);
      }
    }
    for (const [id, node] of Object.entries(nodes)) {
      this.sample(id, node);
    }
    this.renderCharts();
  }

  sample(id, node) {
    let series = this.series.get(id);
    if (!series) {
      series = {name: String(node.name), last: null, rates: [], lags: []};
      this.series.set(id, series);
    }
    const own = node.infergate || {};
    const requests = own.http ? own.http.requests : undefined;
    // Rates from the node's own clock, so that clocks of different machines never mix.
    if (typeof requests === 'number' && typeof node.timestamp === 'number') {
      const last = series.last;
      if (last && node.timestamp > last.timestamp && requests >= last.requests) {
        push(series.rates, (requests - last.requests) * 1000 / (node.timestamp - last.timestamp));
      }
      series.last = {timestamp: node.timestamp, requests};
    }
    const lag = own.registry ? own.registry.replication_lag_revisions : undefined;
    if (typeof lag === 'number') {
      push(series.lags, lag);
    }
  }

  renderCharts() {
    const box = byId('cluster-charts');
    clear(box);
    const list = [...this.series.values()].sort((a, b) => a.name.localeCompare(b.name));
    for (const series of list) {
      box.append(el('figure', {class: 'node-chart', dataset: {nodeName: series.name}},
          el('figcaption', {}, series.name),
          el('div', {class: 'chart-row'},
              el('span', {class: 'chart-label'}, 'Requests/s'),
              lineChart(series.rates, {slots: SAMPLES, label: 'requests per second on ' + series.name,
                className: 'chart-rate'}),
              el('span', {class: 'chart-value rate-value'}, latest(series.rates, 1))),
          el('div', {class: 'chart-row'},
              el('span', {class: 'chart-label'}, 'Replication lag'),
              lineChart(series.lags, {slots: SAMPLES, label: 'revisions behind on ' + series.name,
                className: 'chart-lag'}),
              el('span', {class: 'chart-value lag-value'}, latest(series.lags, 0)))));
    }
  }
}
