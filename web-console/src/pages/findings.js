// The open security findings, as scans recorded them, most severe first, each linking to its resource.
import { api } from '../api.js';
import { h } from '../dom.js';
import { when } from '../format.js';
import { SERVICES, resourceHref } from '../services.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low'];

export async function findingsPage() {
  const { countBySeverity, findings } = await api.get('/api/findings');
  return h('section', null,
    h('h1', null, 'Findings'),
    h('ul', { class: 'severity-counts', 'aria-label': 'Findings by severity' }, SEVERITIES.map((severity) =>
      h('li', { class: `severity ${severity}` }, h('button', { type: 'button', class: 'link', onclick: () => jump(severity) },
        h('strong', null, countBySeverity[severity] ?? 0), ` ${severity}`)))),
    findings.length === 0 ? h('p', { class: 'empty' }, 'No findings: either nothing is exposed, or nothing has been scanned yet.') : null,
    total(countBySeverity) > findings.length ? h('p', null, `The first ${findings.length} are listed, most severe first.`) : null,
    SEVERITIES.map((severity) => group(severity, findings.filter((finding) => finding.severity === severity),
      countBySeverity[severity] ?? 0)));
}

const total = (counts) => Object.values(counts).reduce((sum, count) => sum + count, 0);

// The severity counts scroll to their group; a fragment link would change the route.
const jump = (severity) => document.getElementById(`severity-${severity}`)?.scrollIntoView();

// A group lists what the answer listed (at most 1,000 findings in all) and says how many there are.
function group(severity, findings, count) {
  if (findings.length === 0) return null;
  const shown = findings.length === count ? `${count}` : `${findings.length} of ${count}`;
  return h('section', { id: `severity-${severity}`, class: `finding-group ${severity}`, 'aria-labelledby': `heading-${severity}` },
    h('h2', { id: `heading-${severity}` }, `${severity[0].toUpperCase()}${severity.slice(1)} (${shown})`),
    h('ul', { class: 'findings' }, findings.map((finding) => h('li', { class: 'finding', 'data-check': finding.checkId },
      h('h3', null, finding.title),
      h('p', null,
        h('a', { href: resourceHref(finding.service, finding.resourceId) }, finding.resourceId),
        ` · ${SERVICES[finding.service]?.label ?? finding.service} · ${finding.region} · `,
        h('code', null, finding.checkId)),
      h('p', { class: 'remediation' }, finding.remediation),
      h('p', { class: 'seen' }, `Open since ${when(finding.firstSeenAt)}, last seen by `,
        finding.lastSeenScanRunId ? h('a', { href: `#/scans/${finding.lastSeenScanRunId}` }, `scan #${finding.lastSeenScanRunId}`)
          : 'a deleted scan', ` of ${when(finding.lastSeenAt)}`)))));
}
