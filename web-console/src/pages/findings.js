// The security findings of the latest scans, most severe first, each linking to its resource.
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
    SEVERITIES.map((severity) => group(severity, findings.filter((finding) => finding.severity === severity))));
}

// The severity counts scroll to their group; a fragment link would change the route.
const jump = (severity) => document.getElementById(`severity-${severity}`)?.scrollIntoView();

function group(severity, findings) {
  if (findings.length === 0) return null;
  return h('section', { id: `severity-${severity}`, class: `finding-group ${severity}`, 'aria-labelledby': `heading-${severity}` },
    h('h2', { id: `heading-${severity}` }, `${severity[0].toUpperCase()}${severity.slice(1)} (${findings.length})`),
    h('ul', { class: 'findings' }, findings.map((finding) => h('li', { class: 'finding', 'data-check': finding.checkId },
      h('h3', null, finding.title),
      h('p', null,
        h('a', { href: resourceHref(finding.service, finding.resourceId) }, finding.resourceId),
        ` · ${SERVICES[finding.service]?.label ?? finding.service} · ${finding.region} · `,
        h('code', null, finding.checkId)),
      h('p', { class: 'remediation' }, finding.remediation),
      h('p', { class: 'seen' }, 'From ', h('a', { href: `#/scans/${finding.scanRunId}` }, `scan #${finding.scanRunId}`), ` of ${when(finding.scannedAt)}`)))));
}
