// The findings of one status (a tab: open, muted, resolved) grouped by check, most severe first: one line per check
// with its count, however many resources fail it. A group opens to its resources a page at a time, where a finding is
// muted (with a reason, until a date) or unmuted.
import { ApiError, SignedOut, api } from '../api.js';
import { field, h, notice, show } from '../dom.js';
import { evidenceText, when } from '../format.js';
import {
  SEVERITIES, STATUSES, checkGroups, chosenStatus, muteDates, muteText, muteUntil, severityCounts, statusCounts,
} from '../findings.js';
import { href } from '../router.js';
import { SERVICES, resourceHref } from '../services.js';

const PAGE_SIZE = 50;
const TAB_LABELS = { open: 'Open', muted: 'Muted', resolved: 'Resolved' };
const EMPTY = {
  open: 'No open findings: either nothing is exposed, or nothing has been scanned yet.',
  muted: 'No muted findings.',
  resolved: 'No resolved findings yet.',
};

export async function findingsPage({ query }) {
  const status = chosenStatus(query);
  const me = await api.get('/auth/me');
  // The groups the reader opened and the page each shows: they stay so when a mute redraws the page.
  const pages = new Map(query.getAll('check').map((checkId) => [checkId, 0]));
  const message = h('div', { class: 'message' });
  const view = h('div');
  const context = { status, me, pages, say: (...content) => show(message, ...content) };
  context.redraw = async () => show(view, ...await content(context));
  await context.redraw();
  return h('section', null, h('h1', null, 'Findings'), message, view);
}

async function content(context) {
  const { status } = context;
  const summary = await api.get('/api/findings/summary');
  const counts = statusCounts(summary);
  const bySeverity = severityCounts(summary, status);
  const groups = checkGroups(summary, status);
  return [
    h('nav', { class: 'tabs', 'aria-label': 'Status' }, STATUSES.map((name) => h('a', {
      href: href('findings', { status: name }), 'aria-current': name === status ? 'page' : null,
    }, `${TAB_LABELS[name]} (${counts[name]})`))),
    h('ul', { class: 'severity-counts', 'aria-label': `${TAB_LABELS[status]} findings by severity` }, SEVERITIES.map((severity) =>
      h('li', { class: `severity ${severity}` }, h('strong', null, bySeverity[severity]), ` ${severity}`))),
    groups.length === 0 ? h('p', { class: 'empty' }, EMPTY[status])
      : h('p', null, `${groups.length} of ${summary.length} checks have ${status} findings; open a check to see its resources.`),
    h('div', { class: 'check-groups' }, groups.map((check) => checkGroup(check, context))),
  ];
}

/** A check's line (severity, title, service, count, controls), opening to its findings of the status, a page at a time. */
function checkGroup(check, context) {
  const { status, pages } = context;
  const body = h('div', { class: 'group-body' });
  const load = async (page) => {
    pages.set(check.checkId, page);
    body.setAttribute('aria-busy', 'true');
    try {
      const list = await api.get(`/api/findings?${new URLSearchParams({ checkId: check.checkId, status, page, size: PAGE_SIZE })}`);
      // A mute can empty the last page the reader was on: the new last page is shown instead.
      if (list.findings.length === 0 && page > 0) return load(Math.max(0, Math.ceil(list.total / list.size) - 1));
      show(body, findingsTable(check, list, context), groupPager(list, load));
    } catch (error) {
      if (error instanceof SignedOut) throw error;
      show(body, notice('error', `The findings could not be loaded: ${error.message}`));
    } finally {
      body.removeAttribute('aria-busy');
    }
  };
  const group = h('details', { class: `check-group ${check.severity}`, 'data-check': check.checkId, open: pages.has(check.checkId) },
    h('summary', null,
      h('span', { class: `severity ${check.severity}` }, check.severity), ' ',
      h('strong', null, check.title),
      h('span', { class: 'group-facts' },
        ` · ${SERVICES[check.service]?.label ?? check.service} · `,
        h('span', { class: 'group-count' }, `${check[status]} ${check[status] === 1 ? 'resource' : 'resources'}`),
        check.compliance.map((control) => [' · ', h('span', { class: 'control' }, controlName(control))]))),
    body);
  // A group drawn open gets a toggle event too, and loads its page then.
  group.addEventListener('toggle', () => {
    if (group.open) load(pages.get(check.checkId) ?? 0);
    else pages.delete(check.checkId);
  });
  return group;
}

function controlName(control) {
  return control.framework === 'cis-aws-foundations' ? `CIS ${control.control}` : `${control.framework} ${control.control}`;
}

function findingsTable(check, list, context) {
  const { status } = context;
  if (list.findings.length === 0) return h('p', { class: 'empty' }, `No ${status} finding of this check any more.`);
  const columns = ['Resource', 'Region', 'First seen', status === 'resolved' ? 'Resolved' : 'Last seen', 'Evidence',
    status === 'muted' ? 'Mute' : null, status === 'resolved' ? null : 'Action'].filter(Boolean);
  return h('div', null,
    h('p', { class: 'remediation' }, h('strong', null, 'How to fix: '), list.findings[0].remediation),
    h('div', { class: 'scroll' }, h('table', { class: 'findings-table' },
      h('caption', { class: 'visually-hidden' }, `${check.title}: ${status} findings`),
      h('thead', null, h('tr', null, columns.map((name) => h('th', { scope: 'col' }, name)))),
      h('tbody', null, list.findings.map((finding) => findingRow(finding, columns.length, context))))));
}

/** A finding's row: its resource, region, dates (each linking to the scan that saw it), evidence, and its mute. */
function findingRow(finding, width, context) {
  const { status } = context;
  const row = h('tr', { 'data-finding': finding.id, 'data-status': finding.status },
    h('th', { scope: 'row' }, h('a', { href: resourceHref(finding.service, finding.resourceId) }, finding.resourceId)),
    h('td', null, finding.region),
    h('td', { class: 'date' }, scanDate(finding.firstSeenAt, finding.firstSeenScanRunId)),
    h('td', { class: 'date' }, status === 'resolved' ? scanDate(finding.resolvedAt, finding.resolvedScanRunId)
      : scanDate(finding.lastSeenAt, finding.lastSeenScanRunId)),
    h('td', { class: 'evidence' }, evidenceText(finding.evidence)),
    status === 'muted' ? h('td', { class: 'mute' }, finding.mute ? muteText(finding.mute, context.me) : '—') : null,
    status === 'open' ? h('td', null, muteButton(finding, width, context)) : null,
    status === 'muted' ? h('td', null, unmuteButton(finding, context)) : null);
  return row;
}

/** A date that links to the scan run of it, if that run still exists. */
function scanDate(at, scanRunId) {
  return scanRunId ? h('a', { href: `#/scans/${scanRunId}`, title: `Scan #${scanRunId}` }, when(at)) : when(at);
}

/** Opens (and closes) the mute form in a row under the finding's. */
function muteButton(finding, width, context) {
  let formRow = null;
  const button = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false' }, 'Mute');
  button.addEventListener('click', () => {
    if (formRow) {
      formRow.remove();
      formRow = null;
    } else {
      formRow = h('tr', { class: 'mute-row' }, h('td', { colspan: width }, muteForm(finding, context, () => button.click())));
      button.closest('tr').after(formRow);
      formRow.querySelector('input').focus();
    }
    button.setAttribute('aria-expanded', String(formRow !== null));
  });
  return button;
}

/** Why and until when: a reason is required, and the mute ends at most a year ahead (the API's rule). */
function muteForm(finding, context, close) {
  const dates = muteDates();
  const reason = h('input', { name: 'reason', required: true, maxlength: 500, autocomplete: 'off', placeholder: 'A bastion host, reviewed by the security team' });
  const until = h('input', { type: 'date', name: 'until', required: true, min: dates.min, max: dates.max, value: dates.initial });
  const status = h('div');
  const form = h('form', { class: 'mute-form', 'aria-label': `Mute ${finding.resourceId}` },
    field('Reason', reason),
    field('Muted until', until, 'At most a year ahead; the mute ends at the end of that day, or sooner if the evidence changes.'),
    h('button', { type: 'submit' }, 'Mute finding'),
    h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel'),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    try {
      const muted = await api.put(`/api/findings/${finding.id}/mute`, { reason: reason.value.trim(), until: muteUntil(until.value) });
      await context.redraw();
      context.say(notice('ok', `Muted ${finding.resourceId} (${finding.title}) until ${when(muted.mute.until)}. `,
        h('a', { href: href('findings', { status: 'muted', check: finding.checkId }) }, 'See the muted findings')));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      show(status, notice('error', refusal(error)));
      submit.disabled = false;
    }
  });
  return form;
}

function unmuteButton(finding, context) {
  const status = h('span');
  const button = h('button', { type: 'button', class: 'secondary' }, 'Unmute');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api.delete(`/api/findings/${finding.id}/mute`);
      await context.redraw();
      context.say(notice('ok', `Unmuted ${finding.resourceId} (${finding.title}): it is open again. `,
        h('a', { href: href('findings', { status: 'open', check: finding.checkId }) }, 'See the open findings')));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      show(status, notice('error', refusal(error)));
      button.disabled = false;
    }
  });
  return [button, status];
}

/** A refusal in words: the problem's detail, naming the field it is about if the detail does not. */
function refusal(error) {
  return error.field && !error.message.includes(error.field) ? `${error.field}: ${error.message}` : error.message;
}

/** Previous and next of a group's findings {page, size, total}. */
function groupPager(list, load) {
  const last = Math.max(0, Math.ceil(list.total / list.size) - 1);
  if (last === 0) return null;
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    list.page > 0 ? h('button', { type: 'button', class: 'link', onclick: () => load(list.page - 1) }, 'Previous') : null,
    h('span', null, `Page ${list.page + 1} of ${last + 1} · ${list.total} in all`),
    list.page < last ? h('button', { type: 'button', class: 'link', onclick: () => load(list.page + 1) }, 'Next') : null);
}
