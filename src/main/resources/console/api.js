// Every call to the node's API: the user's credentials (held here, in memory only, never stored)
// and Elasticsearch's errors turned into exceptions carrying error.reason exactly as sent.

let authorization = null;

/** An answer that was not a 2xx: its status, its Elasticsearch reason and type, and the body. */
export class ApiError extends Error {
  constructor(status, reason, type, body) {
    super(reason);
    this.status = status;
    this.reason = reason;
    this.type = type;
    this.body = body;
  }
}

function base64Utf8(text) {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

/** The Authorization header for a user and password, or for an encoded API key when one is given. */
export function credentialsHeader({username, password, apiKey}) {
  if (apiKey) {
    return 'ApiKey ' + apiKey.trim();
  }
  return 'Basic ' + base64Utf8(username + ':' + password);
}

export function setAuthorization(header) {
  authorization = header;
}

export function clearAuthorization() {
  authorization = null;
}

export function signedIn() {
  return authorization !== null;
}

/** Headers of an API call. credentials: 'omit' keeps the browser from prompting on a 401. */
export function requestInit(method, body, extra = {}) {
  const headers = {'Accept': 'application/json'};
  if (authorization) {
    headers['Authorization'] = authorization;
  }
  const init = {method, headers, credentials: 'omit', cache: 'no-store', redirect: 'error'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  Object.assign(headers, extra.headers || {});
  if (extra.signal) {
    init.signal = extra.signal;
  }
  return init;
}

/** The reason of an Elasticsearch error body: error.reason, or the plain string error, or the status. */
export function errorOf(status, body) {
  if (body && typeof body === 'object') {
    const error = body.error;
    if (error && typeof error === 'object' && typeof error.reason === 'string') {
      return new ApiError(status, error.reason, error.type, body);
    }
    if (typeof error === 'string') {
      return new ApiError(status, error, undefined, body);
    }
  }
  return new ApiError(status, 'request failed with status ' + status, undefined, body);
}

async function readJson(response) {
  const text = await response.text();
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch (notJson) {
    return null;
  }
}

/** Calls the API and returns the parsed JSON; throws ApiError on any status but 2xx. */
export async function call(method, path, body, extra = {}) {
  let response;
  try {
    response = await fetch(path, requestInit(method, body, extra));
  } catch (failure) {
    if (failure && failure.name === 'AbortError') {
      throw failure;
    }
    throw new ApiError(0, 'the node could not be reached', 'connection_error', null);
  }
  const json = await readJson(response);
  if (!response.ok && !(extra.accept && extra.accept.includes(response.status))) {
    throw errorOf(response.status, json);
  }
  return json;
}

/** Quotes a path segment. */
export function segment(value) {
  return encodeURIComponent(value);
}

export const get = (path, extra) => call('GET', path, undefined, extra);
export const put = (path, body, extra) => call('PUT', path, body, extra);
export const post = (path, body, extra) => call('POST', path, body, extra);
export const del = (path, extra) => call('DELETE', path, undefined, extra);
