// Server-sent events read from a fetch response (EventSource cannot send an Authorization header).

/**
 * Reads `response.body` to its end, calling onMessage({id, event, data}) for each event and
 * onComment(text) for each comment line. Resolves when the stream ends; rejects on a read failure.
 */
export async function readEvents(response, onMessage, onComment = () => {}) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const {value, done} = await reader.read();
    if (done) {
      buffer += decoder.decode();
    } else {
      buffer += decoder.decode(value, {stream: true});
    }
    buffer = buffer.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      dispatch(block, onMessage, onComment);
    }
    if (done) {
      if (buffer.trim()) {
        dispatch(buffer, onMessage, onComment);
      }
      return;
    }
  }
}

function dispatch(block, onMessage, onComment) {
  let id = null;
  let event = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      onComment(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'id') {
      id = value;
    } else if (field === 'event') {
      event = value;
    } else if (field === 'data') {
      data.push(value);
    }
  }
  if (data.length > 0 || id !== null) {
    onMessage({id, event, data: data.join('\n')});
  }
}
