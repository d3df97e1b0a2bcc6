// Wiring: sign-in and sign-out, the pages, and the event stream that keeps them live. The
// credentials live in api.js only, in memory: a reload of the page signs out.

import * as api from './api.js';
import {byId, el, setText, showError} from './dom.js';
import {ClusterPage} from './cluster.js';
import {EndpointsPage} from './endpoints.js';
import {openEventStream} from './events.js';
import {KeysPage} from './keys.js';
import {LivePage} from './live.js';
import {TryPage} from './try.js';

const PAGES = ['page-endpoints', 'page-try', 'page-live', 'page-cluster', 'page-keys'];

/** What exists while signed in: the pages built for this user and the event stream. */
let session = null;

function showPage(pageId) {
  for (const id of PAGES) {
    byId(id).hidden = id !== pageId;
  }
  for (const tab of document.querySelectorAll('nav .tab')) {
    if (tab.dataset.page === pageId) {
      tab.setAttribute('aria-current', 'page');
    } else {
      tab.removeAttribute('aria-current');
    }
  }
  if (session && pageId === 'page-cluster') {
    session.cluster.load();
    session.cluster.startCharts();
    loadAnsweredBy();
  } else if (session) {
    session.cluster.stopCharts();
  }
  if (session && session.keys && pageId === 'page-keys') {
    session.keys.load();
  }
}

async function loadAnsweredBy() {
  try {
    const root = await api.get('/');
    if (session) {
      setText(byId('answered-by'), root && root.name);
    }
  } catch (failure) {
    // the header keeps what it showed
  }
}

/**
 * What the user may do beyond reading: manage endpoints (manage_inference), and see and invalidate
 * every API key (manage_api_key) or only create and manage its own (manage_own_api_key).
 */
async function privileges() {
  try {
    const answer = await api.post('/_security/user/_has_privileges',
        {cluster: ['manage_inference', 'manage_api_key', 'manage_own_api_key']});
    const held = (answer && answer.cluster) || {};
    return {
      manageInference: held.manage_inference === true,
      everyKey: held.manage_api_key === true,
      ownKeys: held.manage_own_api_key === true,
    };
  } catch (failure) {
    return {manageInference: false, everyKey: false, ownKeys: false};
  }
}

/** The API keys tab, built only for a user who may manage keys. */
function keysTab() {
  const tab = el('button', {type: 'button', id: 'nav-keys', class: 'tab', dataset: {page: 'page-keys'}}, 'API keys');
  tab.addEventListener('click', () => showPage('page-keys'));
  const nav = document.querySelector('nav.tabs');
  nav.insertBefore(tab, nav.querySelector('.stream-state'));
  return tab;
}

async function signIn(event) {
  event.preventDefault();
  const username = byId('signin-username').value.trim();
  const password = byId('signin-password').value;
  const apiKey = byId('signin-apikey').value.trim();
  const error = byId('signin-error');
  const submit = byId('signin-submit');
  showError(error, '');
  if (!apiKey && !username) {
    showError(error, 'Give a user name and password, or an API key.');
    return;
  }
  submit.disabled = true;
  api.setAuthorization(api.credentialsHeader({username, password, apiKey}));
  try {
    const me = await api.get('/_security/_authenticate');
    start(me.username, await privileges());
  } catch (failure) {
    api.clearAuthorization();
    showError(error, failure.reason || String(failure));
  } finally {
    // The secrets stay only in api.js; the form forgets them either way.
    byId('signin-password').value = '';
    byId('signin-apikey').value = '';
    submit.disabled = false;
  }
}

function start(username, allowed) {
  const canManage = allowed.manageInference;
  const tryPage = new TryPage();
  const live = new LivePage();
  const cluster = new ClusterPage();
  const endpoints = new EndpointsPage({canManage, onEndpoints: list => tryPage.setEndpoints(list)});
  const mayKeys = allowed.everyKey || allowed.ownKeys;
  const keysNav = mayKeys ? keysTab() : null;
  const keys = mayKeys ? new KeysPage({everyKey: allowed.everyKey}) : null;
  session = {endpoints, tryPage, live, cluster, keys, keysNav, stream: null};
  setText(byId('whoami'), username);
  byId('session').hidden = false;
  byId('page-signin').hidden = true;
  byId('app').hidden = false;
  document.body.classList.toggle('can-manage', canManage);
  setText(byId('live-status'), 'reconnecting');
  // Opened at sign-in, not when the Live page opens: the table and the timeline are live everywhere.
  session.stream = openEventStream({
    onEvent: event => {
      live.add(event);
      endpoints.reload();
    },
    onStatus: status => setText(byId('live-status'), status),
    onConnected: () => endpoints.reload(),
  });
  endpoints.loadCatalog().then(() => endpoints.render(), () => {});
  endpoints.reload();
  loadAnsweredBy();
  showPage('page-endpoints');
  byId('nav-endpoints').focus();
}

function signOut() {
  if (session) {
    session.stream.stop();
    session.endpoints.destroy();
    session.tryPage.destroy();
    session.live.destroy();
    session.cluster.destroy();
    if (session.keys) {
      session.keys.destroy();
      session.keysNav.remove();
    }
    session = null;
  }
  api.clearAuthorization();
  document.body.classList.remove('can-manage');
  setText(byId('whoami'), '');
  setText(byId('answered-by'), '');
  setText(byId('live-status'), 'reconnecting');
  byId('session').hidden = true;
  byId('app').hidden = true;
  for (const id of PAGES) {
    byId(id).hidden = true;
  }
  byId('page-signin').hidden = false;
  showError(byId('signin-error'), '');
  byId('signin-username').value = '';
  byId('signin-username').focus();
}

function init() {
  byId('signin').addEventListener('submit', signIn);
  byId('signout').addEventListener('click', signOut);
  for (const tab of document.querySelectorAll('nav .tab')) {
    tab.addEventListener('click', () => showPage(tab.dataset.page));
  }
  byId('signin-username').focus();
}

init();
