// A table of rows the console has loaded: sorted by any column (click its header) and filtered by text.
import { field, h } from './dom.js';

/** Rows whose shown text contains every word of query, case-insensitively. */
export function filterRows(rows, columns, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((row) => {
    const line = columns.map((column) => column.show(row)).join(' ').toLowerCase();
    return words.every((word) => line.includes(word));
  });
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Rows ordered by a column's shown text, numbers by value; a dash (no value) always last. */
export function sortRows(rows, column, direction) {
  const sign = direction === 'descending' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const left = column.show(a);
    const right = column.show(b);
    if (left === right) return 0;
    if (left === '—') return 1;
    if (right === '—') return -1;
    return sign * collator.compare(left, right);
  });
}

/**
 * The table, with its filter box. columns: {key, label, show(row) → text}; link(row) → href makes the
 * first column a link. Returns the element; update(rows) redraws it with other rows.
 */
export function dataTable({ caption, columns, rows, link, empty = 'Nothing here.' }) {
  let current = rows;
  let sortBy = null;
  let direction = 'ascending';
  const filter = h('input', { type: 'search', name: 'filter', autocomplete: 'off' });
  const body = h('tbody');
  const headers = columns.map((column) => h('th', { scope: 'col' },
    h('button', { type: 'button', class: 'sort', onclick: () => sort(column) }, column.label)));
  const count = h('p', { class: 'count', 'aria-live': 'polite' });

  function sort(column) {
    direction = sortBy === column && direction === 'ascending' ? 'descending' : 'ascending';
    sortBy = column;
    draw();
  }

  function draw() {
    let visible = filterRows(current, columns, filter.value);
    if (sortBy) visible = sortRows(visible, sortBy, direction);
    headers.forEach((header, index) => {
      if (columns[index] === sortBy) header.setAttribute('aria-sort', direction);
      else header.removeAttribute('aria-sort');
    });
    body.replaceChildren(...visible.map((row) => h('tr', null, columns.map((column, index) => {
      const value = column.show(row);
      return index === 0 && link ? h('th', { scope: 'row' }, h('a', { href: link(row) }, value)) : h('td', null, value);
    }))));
    if (visible.length === 0) body.append(h('tr', null, h('td', { colspan: columns.length, class: 'empty' }, empty)));
    count.textContent = visible.length === current.length ? `${current.length} shown`
      : `${visible.length} of ${current.length} shown`;
  }

  filter.addEventListener('input', draw);
  draw();
  const element = h('div', { class: 'data-table' },
    field(`Filter ${caption}`, filter),
    count,
    h('div', { class: 'scroll' }, h('table', null, h('caption', null, caption), h('thead', null, h('tr', null, headers)), body)));
  element.update = (next) => {
    current = next;
    draw();
  };
  return element;
}
