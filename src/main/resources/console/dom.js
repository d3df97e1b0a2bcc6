// Building DOM nodes without ever parsing HTML: every value is set as text or as an attribute.

/**
 * el('td', {class: 'col-id', dataset: {endpointId: id}}, 'text', childNode)
 * Attributes whose value is false, null or undefined are left out; true sets an empty attribute.
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (name === 'text') {
      node.textContent = String(value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) {
    node.firstChild.remove();
  }
}

export function byId(id) {
  return document.getElementById(id);
}

/** Sets a node's text only when it changed, so that a re-render does not disturb what is unchanged. */
export function setText(node, text) {
  const value = text === null || text === undefined ? '' : String(text);
  if (node.textContent !== value) {
    node.textContent = value;
  }
}

/** Shows an error message (or hides the element when there is none). */
export function showError(node, message) {
  setText(node, message || '');
  node.hidden = !message;
}
