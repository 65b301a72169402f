// Building the page out of DOM nodes: every string becomes a text node, so names and tags that come
// from a customer's AWS account can never become markup.

/** An element: h('a', {href: '#/scans'}, 'Scans'). Props named on* are listeners; false and null are left out. */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'class') element.className = value;
    else if (name === 'value' || name === 'checked') element[name] = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...nodes(children));
  return element;
}

function nodes(children) {
  return children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false)
    .map((child) => (child instanceof Node ? child : String(child)));
}

/** A labelled form field: the label names the control for assistive technology. */
export function field(label, control, hint) {
  const id = control.id || (control.id = `field-${++fieldCount}`);
  const hintNode = hint ? h('small', { id: `${id}-hint` }, hint) : null;
  if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintNode);
}
let fieldCount = 0;

/** A message box; role=alert for errors so screen readers announce them. */
export function notice(kind, ...content) {
  return h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...content);
}

/** Replaces everything inside element. */
export function show(element, ...content) {
  element.replaceChildren(...nodes(content));
}
