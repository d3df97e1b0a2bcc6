// The endpoint event stream, GET /_inference/_events, kept open from sign-in to sign-out. On a drop
// it reconnects with Last-Event-ID set to the last sequence seen: the node replays what was missed,
// and anything already seen is dropped here, so each event arrives once and none is missed.

import {errorOf, requestInit} from './api.js';
import {readEvents} from './sse.js';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5000;
/** The node writes a heartbeat comment every 15 s: this long without a byte means a dead connection. */
const IDLE_MS = 40000;

/**
 * Opens the stream. onEvent(event) gets each event once, in order; onStatus('connected' |
 * 'reconnecting'); onConnected() after each (re)connection, when the node has caught up (a moment to
 * re-read anything derived from events); onError(error) for what went wrong. Returns {stop()}.
 */
export function openEventStream({onEvent, onStatus, onConnected = () => {}, onError = () => {}}) {
  let stopped = false;
  let controller = null;
  let idleTimer = null;
  // The sequence of the next event: known after the first event or the node's "caught up" comment.
  let nextSequence = null;

  function touch() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => controller && controller.abort(), IDLE_MS);
  }

  function request() {
    const headers = {'Accept': 'text/event-stream'};
    let path = '/_inference/_events';
    if (nextSequence !== null) {
      if (nextSequence > 0) {
        headers['Last-Event-ID'] = String(nextSequence - 1);
      } else {
        path += '?from_sequence=0';
      }
    }
    return fetch(path, requestInit('GET', undefined, {headers, signal: controller.signal}));
  }

  function message({id, event, data}) {
    touch();
    if (event === 'error') {
      let reason = 'the event stream failed';
      try {
        reason = JSON.parse(data).reason || reason;
      } catch (ignored) {
        // keep the generic reason
      }
      throw new Error(reason);
    }
    let parsed;
    try {
      parsed = JSON.parse(data);
    } catch (notJson) {
      return;
    }
    const sequence = Number(id !== null ? id : parsed.sequence);
    if (!Number.isFinite(sequence)) {
      return;
    }
    if (nextSequence !== null && sequence < nextSequence) {
      return; // replayed after a reconnect, already shown
    }
    nextSequence = sequence + 1;
    onEvent(parsed);
  }

  function comment(text) {
    touch();
    const caughtUp = /^caught up at sequence (\d+)$/.exec(text);
    if (caughtUp) {
      const next = Number(caughtUp[1]);
      if (nextSequence === null || next > nextSequence) {
        nextSequence = next;
      }
    }
  }

  async function run() {
    let delay = FIRST_RETRY_MS;
    while (!stopped) {
      controller = new AbortController();
      try {
        const response = await request();
        if (!response.ok) {
          const body = await response.json().catch(() => null);
          if (response.status === 410) {
            // Older than the node keeps: start again from now; onConnected re-reads the state.
            nextSequence = null;
          }
          throw errorOf(response.status, body);
        }
        delay = FIRST_RETRY_MS;
        touch();
        onStatus('connected');
        onConnected();
        await readEvents(response, message, comment);
      } catch (failure) {
        if (stopped) {
          return;
        }
        if (!(failure && failure.name === 'AbortError')) {
          onError(failure);
        }
      } finally {
        clearTimeout(idleTimer);
        controller.abort(); // closes a connection left open by a failure while reading
      }
      if (stopped) {
        return;
      }
      onStatus('reconnecting');
      await new Promise(resolve => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  }

  run();
  return {
    stop() {
      stopped = true;
      clearTimeout(idleTimer);
      if (controller) {
        controller.abort();
      }
    },
  };
}
