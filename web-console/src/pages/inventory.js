// The inventory: the resources of the latest successful scan of a service, filtered by the API
// (the security filters its schema names, region, a tag), a page at a time.
import { ApiError, api } from '../api.js';
import { field, h, notice } from '../dom.js';
import { when } from '../format.js';
import { href } from '../router.js';
import { SERVICES, SERVICE_NAMES, rowHref } from '../services.js';
import { dataTable } from '../table.js';
import { pager } from './scans.js';

const PAGE_SIZE = 100;

export async function inventoryPage({ params, query }) {
  const service = SERVICES[params.service];
  if (!service) {
    location.replace('#/inventory/ec2');
    return h('p');
  }
  const path = `inventory/${params.service}`;
  const filters = Object.fromEntries([...query].filter(([name]) => name !== 'page'));
  const page = Number(query.get('page') ?? 0);
  const search = new URLSearchParams({ ...filters, page, size: PAGE_SIZE });
  const tag = filters.tag ?? '';
  search.delete('tag');
  if (tag.includes('=')) search.set(`tag:${tag.slice(0, tag.indexOf('='))}`, tag.slice(tag.indexOf('=') + 1));
  const schema = await api.get(`/api/${path}/schema`);
  const heading = [
    h('h1', null, `Inventory · ${service.label}`),
    h('nav', { class: 'tabs', 'aria-label': 'Services' }, SERVICE_NAMES.map((name) =>
      h('a', { href: `#/inventory/${name}`, 'aria-current': name === params.service ? 'page' : null }, SERVICES[name].label))),
    filterForm(params.service, schema, filters),
  ];
  let inventory;
  try {
    inventory = await api.get(`/api/${path}?${search}`);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 400)) throw error;
    return h('section', null, heading, notice('error', `${error.field ? `${error.field}: ` : ''}${error.message}`));
  }
  const list = inventory.resources;
  return h('section', null,
    heading,
    inventory.scanRunId === null ? h('p', { class: 'empty' }, `No successful ${service.label} scan yet. `, h('a', { href: '#/scans' }, 'Start one'))
      : h('p', null, 'From ', h('a', { href: `#/scans/${inventory.scanRunId}` }, `scan #${inventory.scanRunId}`), ` of ${when(inventory.scanTimestamp)}.`),
    dataTable({
      caption: `${service.label} resources`, columns: service.columns, rows: list.items,
      link: rowHref(params.service), empty: 'No resource matches these filters.',
    }),
    pager(list, page, filters, path));
}

/** The filters the service's schema names, each a choice of its values (free text where it has none), region and tag. */
function filterForm(name, schema, filters) {
  const text = (param, label, placeholder) => field(label,
    h('input', { name: param, value: filters[param] ?? '', placeholder, autocomplete: 'off' }));
  const choice = ({ name: param, label, values }) => (values.length === 0 ? text(param, label, '') : field(label,
    h('select', { name: param },
      h('option', { value: '' }, 'any'),
      values.map((value) => h('option', { value, selected: filters[param] === value }, value === 'true' ? 'yes' : value === 'false' ? 'no' : value)))));
  const form = h('form', { class: 'filters' },
    schema.filters.map(choice),
    text('region', 'Region', 'us-east-1'),
    schema.tags ? text('tag', 'Tag', 'Environment=prod') : null,
    h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = href(`inventory/${name}`, Object.fromEntries(new FormData(form)));
  });
  return form;
}
