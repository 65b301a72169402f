// A compliance framework as the tenant's findings answer it (CIS AWS Foundations Benchmark): the score, how many
// controls pass, fail, are muted or cannot be evaluated, every control with the resources failing it, and the CSV export.
import { api } from '../api.js';
import { h } from '../dom.js';
import { exportButton } from '../download.js';
import { CONTROL_STATUS } from '../findings.js';
import { href } from '../router.js';
import { SERVICES, resourceHref } from '../services.js';

const NAMES = { 'cis-aws-foundations': 'CIS AWS Foundations Benchmark' };
/** A control lists this many failing resources; the rest are a link away on the findings page. */
const FAILING_SHOWN = 10;

export async function compliancePage({ params }) {
  const report = await api.get(`/api/compliance/${encodeURIComponent(params.framework)}`);
  const name = `${NAMES[report.framework] ?? report.framework} v${report.version}`;
  const counts = report.counts;
  return h('section', null,
    h('h1', null, name),
    h('div', { class: 'score-line' },
      h('p', { class: 'score', 'data-score': report.score ?? '' }, report.score === null ? 'No score yet'
        : [h('strong', null, String(report.score)), ' / 100']),
      h('ul', { class: 'control-counts', 'aria-label': 'Controls by status' }, Object.entries(CONTROL_STATUS).map(([status, label]) =>
        h('li', { class: `control-status ${status}` }, h('strong', null, counts[status] ?? 0), ` ${label}`)))),
    report.score === null ? h('p', null, 'Nothing has been evaluated: scan the account first. ', h('a', { href: '#/scans' }, 'Start a scan'))
      : h('p', null, 'The score is the share of the evaluated controls that pass; those CloudDiagnoze cannot evaluate are listed'
        + ' below them and never pass.'),
    h('div', { class: 'actions' }, exportButton('Export CSV', `/api/compliance/${encodeURIComponent(report.framework)}?format=csv`,
      `clouddiagnoze-${report.framework}-${report.version}.csv`)),
    controlsTable('Evaluated controls', ['Control', 'Title', 'Status', 'Passed', 'Failed', 'Muted', 'Failing resources'],
      report.controls.filter((control) => control.status !== 'not_evaluated'), evaluatedRow),
    controlsTable('Controls not evaluated', ['Control', 'Title', 'Why'],
      report.controls.filter((control) => control.status === 'not_evaluated'), notEvaluatedRow));
}

// Evaluated controls and those that cannot be are in two tables, each in the benchmark's order: most of the benchmark
// (IAM, CloudTrail, monitoring) is beyond the four services scanned, and would bury the few results among its rows.
function controlsTable(caption, columns, controls, row) {
  if (controls.length === 0) return null;
  return h('div', { class: 'scroll controls-table' }, h('table', { class: 'controls' },
    h('caption', null, `${caption} (${controls.length})`),
    h('thead', null, h('tr', null, columns.map((label) => h('th', { scope: 'col' }, label)))),
    h('tbody', null, controls.map(row))));
}

function evaluatedRow(control) {
  return h('tr', { 'data-control': control.control, 'data-status': control.status },
    h('th', { scope: 'row' }, control.control),
    h('td', { class: 'title' }, control.title, h('small', { class: 'checks' }, control.checks.map((checkId, index) => [index ? ', ' : '',
      h('a', { href: href('findings', { status: 'open', check: checkId }) }, checkId)]))),
    h('td', null, h('span', { class: `control-status ${control.status}` }, CONTROL_STATUS[control.status])),
    ['passed', 'failed', 'muted'].map((count) => h('td', { class: 'number' }, control[count])),
    h('td', { class: 'failing' }, failingList(control)));
}

function notEvaluatedRow(control) {
  return h('tr', { 'data-control': control.control, 'data-status': control.status },
    h('th', { scope: 'row' }, control.control),
    h('td', { class: 'title' }, control.title),
    h('td', { class: 'reason' }, control.reason ?? '—'));
}

function failingList(control) {
  const failing = control.failing ?? [];
  if (failing.length === 0) return '—';
  const more = control.failed - Math.min(failing.length, FAILING_SHOWN);
  return h('ul', null,
    failing.slice(0, FAILING_SHOWN).map((resource) => h('li', null,
      h('a', { href: resourceHref(resource.service, resource.resourceId) }, resource.resourceId),
      ` · ${SERVICES[resource.service]?.label ?? resource.service} · ${resource.region}`)),
    more > 0 ? h('li', null, `and ${more} more: `, control.checks.map((checkId, index) => [index ? ', ' : '',
      h('a', { href: href('findings', { status: 'open', check: checkId }) }, checkId)])) : null);
}
