// The home page: what the last scan opened and resolved, starting a scan (the runs it creates are followed until each
// closes), and the scans list, newest first.
import { ApiError, api } from '../api.js';
import { field, h, notice, show } from '../dom.js';
import { when } from '../format.js';
import { href } from '../router.js';
import { SERVICES, SERVICE_NAMES } from '../services.js';
import { sinceLastScan } from './since.js';

const PAGE_SIZE = 20;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const POLL_MS = 1000;

export async function scansPage({ query, signal }) {
  const filters = { service: query.get('service') ?? '', status: query.get('status') ?? '' };
  const page = Number(query.get('page') ?? 0);
  const listing = h('div');
  const changes = h('div');
  const loadList = async () => {
    const [list, since] = await Promise.all([
      api.get(`/api/scans?${new URLSearchParams({ ...clean(filters), page, size: PAGE_SIZE })}`), sinceLastScan()]);
    show(listing, runTable(list.items), list.total > 0 ? pager(list, page, filters) : null);
    show(changes, since);
  };
  await loadList();
  const progress = h('div', { class: 'progress', 'aria-live': 'polite' });
  return h('section', null,
    h('h1', null, 'Scans'),
    changes,
    startForm(progress, signal, loadList),
    progress,
    h('h2', null, 'All scans'),
    listFilters(filters),
    listing);
}

/** The form that starts a scan; onChange runs when its runs are created and when they have closed. */
function startForm(progress, signal, onChange) {
  const boxes = SERVICE_NAMES.map((name) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'services', value: name, checked: true }), SERVICES[name].label));
  const regions = h('input', { name: 'regions', autocomplete: 'off', spellcheck: 'false', placeholder: 'us-east-1, eu-west-1' });
  const status = h('div');
  const form = h('form', { class: 'start' },
    h('fieldset', null, h('legend', null, 'Services'), boxes),
    field('Regions', regions, 'Leave empty for every region enabled in the account.'),
    status,
    h('button', { type: 'submit' }, 'Start scan'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const services = new FormData(form).getAll('services');
    const regionList = regions.value.split(/[\s,]+/).filter(Boolean);
    const wrong = regionList.find((region) => !REGION.test(region));
    if (services.length === 0) return show(status, notice('error', 'Choose at least one service.'));
    if (wrong) return show(status, notice('error', `${wrong} is not a region name such as us-east-1.`));
    show(status);
    try {
      const runs = await api.post('/api/scans', { services, regions: regionList });
      await onChange();
      await follow(runs, progress, signal);
      if (!signal.aborted) await onChange();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const fix = error.status === 409 && /role/i.test(error.message) ? [' ', h('a', { href: '#/role' }, 'Set the AWS role')] : [];
      show(status, notice('error', error.message, fix));
    }
  });
  return form;
}

/** Polls the runs until none is in progress, showing each one's status, count and error. */
async function follow(runs, progress, signal) {
  let current = runs;
  while (!signal.aborted) {
    show(progress, h('h2', null, 'This scan'), runTable(current));
    if (current.every((run) => run.status !== 'in_progress')) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (signal.aborted) return;
    try {
      current = await Promise.all(current.map((run) => api.get(`/api/scans/${run.id}`)));
    } catch (error) {
      show(progress, notice('error', `Following the scan failed: ${error.message}`));
      return;
    }
  }
}

/** Scan runs as a table; a run's error is shown in its row. */
export function runTable(runs) {
  if (runs.length === 0) return h('p', { class: 'empty' }, 'No scans yet.');
  return h('div', { class: 'scroll' }, h('table', { class: 'runs' },
    h('caption', { class: 'visually-hidden' }, 'Scan runs'),
    h('thead', null, h('tr', null, ['Scan', 'Service', 'Status', 'Started', 'Finished', 'Resources']
      .map((label) => h('th', { scope: 'col' }, label)))),
    h('tbody', null, runs.map((run) => [
      h('tr', { 'data-run': run.id, 'data-status': run.status },
        h('th', { scope: 'row' }, h('a', { href: `#/scans/${run.id}` }, `#${run.id}`)),
        h('td', null, SERVICES[run.service]?.label ?? run.service),
        h('td', null, h('span', { class: `status ${run.status}` }, run.status.replace('_', ' '))),
        h('td', null, when(run.scanTimestamp)),
        h('td', null, when(run.finishedAt)),
        h('td', { class: 'number' }, run.totalResources)),
      run.error ? h('tr', { class: 'error-row' }, h('td', { colspan: 6 }, notice('error', run.error))) : null,
    ]))));
}

function listFilters(filters) {
  const choose = (name, label, options) => field(label, h('select', { name },
    h('option', { value: '' }, 'any'), options.map((option) => h('option', { value: option, selected: filters[name] === option }, option))));
  const form = h('form', { class: 'filters' },
    choose('service', 'Service', SERVICE_NAMES),
    choose('status', 'Status', ['in_progress', 'success', 'error']),
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = href('scans', Object.fromEntries(new FormData(form)));
  });
  return form;
}

/** Previous and next links of a listing {page, size, total}. */
export function pager(list, page, query, path = 'scans') {
  const last = Math.max(0, Math.ceil(list.total / list.size) - 1);
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    page > 0 ? h('a', { href: href(path, { ...query, page: page - 1 }) }, 'Previous') : null,
    h('span', null, `Page ${page + 1} of ${last + 1} · ${list.total} in all`),
    page < last ? h('a', { href: href(path, { ...query, page: page + 1 }) }, 'Next') : null);
}

function clean(query) {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
}
