// One scan run: its receipt (status, regions, errors), its resources, what changed since the previous
// scan of the service, and the exports.
import { api } from '../api.js';
import { h, notice } from '../dom.js';
import { exportButton } from '../download.js';
import { describeChange } from '../format.js';
import { href } from '../router.js';
import { SERVICES, rowHref } from '../services.js';
import { dataTable } from '../table.js';
import { runTable } from './scans.js';

/** Resources are loaded this many at a time (the API's largest page). */
const CHUNK = 500;

export async function scanPage({ params, query }) {
  const run = await api.get(`/api/scans/${encodeURIComponent(params.id)}`);
  const service = SERVICES[run.service];
  const tab = query.get('tab') === 'diff' ? 'diff' : 'resources';
  const link = (name, label) => h('a', { href: href(`scans/${run.id}`, { tab: name }), 'aria-current': tab === name ? 'page' : null }, label);
  return h('section', null,
    h('h1', null, `Scan #${run.id} · ${service.label}`),
    runTable([run]),
    regionOutcomes(run.regionOutcomes ?? []),
    h('div', { class: 'actions' }, ['csv', 'json'].map((format) => exportButton(`Export ${format.toUpperCase()}`,
      `/api/scans/${run.id}/export?format=${format}`, `clouddiagnoze-scan-${run.id}-${run.service}.${format}`))),
    h('nav', { class: 'tabs', 'aria-label': 'Scan views' }, link('resources', 'Resources'), link('diff', 'Changes since the previous scan')),
    tab === 'diff' ? await diffView(run, service) : await resourcesView(run, service));
}

function regionOutcomes(outcomes) {
  const failed = outcomes.filter((outcome) => outcome.outcome === 'error');
  const scanned = outcomes.filter((outcome) => outcome.outcome === 'ok').length;
  return h('div', { class: 'regions' },
    h('p', null, `${scanned} region${scanned === 1 ? '' : 's'} scanned`, failed.length ? `, ${failed.length} failed:` : '.'),
    failed.map((outcome) => notice('error', `${outcome.region}: ${outcome.detail}`)));
}

async function resourcesView(run, service) {
  const first = await api.get(`/api/scans/${run.id}/resources?size=${CHUNK}`);
  const rows = [...first.items];
  const table = dataTable({
    caption: `${service.label} resources`, columns: service.columns, rows, link: rowHref(run.service),
  });
  const more = h('button', { type: 'button' }, 'Load more');
  const remaining = h('p', { class: 'count' });
  const update = () => {
    remaining.textContent = `${rows.length} of ${first.total} loaded; the exports hold all of them.`;
    more.hidden = rows.length >= first.total;
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    const next = await api.get(`/api/scans/${run.id}/resources?size=${CHUNK}&page=${rows.length / CHUNK}`);
    rows.push(...next.items);
    table.update(rows);
    more.disabled = false;
    update();
  });
  update();
  return h('div', null, table, remaining, more);
}

async function diffView(run, service) {
  const diff = await api.get(`/api/scans/${run.id}/diff`);
  const previous = diff.previousScanRunId === null ? 'There is no earlier successful scan of this service: everything is new.'
    : ['Compared with ', h('a', { href: `#/scans/${diff.previousScanRunId}` }, `scan #${diff.previousScanRunId}`), '.'];
  const link = rowHref(run.service);
  const [idColumn] = service.columns;
  const regionColumn = { key: 'region', label: 'Region', show: (row) => row.region };
  return h('div', { class: 'diff' },
    h('p', null, previous),
    dataTable({ caption: counted('Added', diff.totals.added, diff.added), columns: service.columns, rows: diff.added, link, empty: 'None added.' }),
    dataTable({ caption: counted('Removed', diff.totals.removed, diff.removed), columns: [idColumn, regionColumn], rows: diff.removed, link, empty: 'None removed.' }),
    dataTable({
      caption: counted('Changed', diff.totals.changed, diff.changed),
      columns: [
        { key: 'resourceId', label: 'Resource', show: (row) => row.resourceId },
        regionColumn,
        { key: 'fields', label: 'What changed', show: (row) => row.fields.map(describeChange).join('; ') },
      ],
      rows: diff.changed,
      link,
      empty: 'Nothing changed.',
    }));
}

/** A diff table's caption: how many there are, and how many of them the API listed when it listed fewer. */
function counted(kind, total, listed) {
  return listed.length < total ? `${kind} (${total}; the first ${listed.length} are listed)` : `${kind} (${total})`;
}
