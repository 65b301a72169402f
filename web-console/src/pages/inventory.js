// The inventory: the resources of the latest successful scan of a service, filtered by the API
// (the security filters, region, a tag), a page at a time.
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
  const heading = [
    h('h1', null, `Inventory · ${service.label}`),
    h('nav', { class: 'tabs', 'aria-label': 'Services' }, SERVICE_NAMES.map((name) =>
      h('a', { href: `#/inventory/${name}`, 'aria-current': name === params.service ? 'page' : null }, SERVICES[name].label))),
    filterForm(params.service, service, filters),
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

function filterForm(name, service, filters) {
  const choice = ({ name: param, label, options }) => field(label, h('select', { name: param },
    h('option', { value: '' }, 'any'),
    options.map((option) => h('option', { value: option, selected: filters[param] === option }, option === 'true' ? 'yes' : option === 'false' ? 'no' : option))));
  const form = h('form', { class: 'filters' },
    service.filters.map(choice),
    field('Region', h('input', { name: 'region', value: filters.region ?? '', placeholder: 'us-east-1', autocomplete: 'off' })),
    field('Tag', h('input', { name: 'tag', value: filters.tag ?? '', placeholder: 'Environment=prod', autocomplete: 'off' })),
    h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = href(`inventory/${name}`, Object.fromEntries(new FormData(form)));
  });
  return form;
}
