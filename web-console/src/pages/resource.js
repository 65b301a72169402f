// One resource across scans: first and last seen, every sighting, its findings (open, muted or resolved), what
// changed, its latest configuration, and the charts of its metrics over 24 hours, 7 days or 30 days.
import { api } from '../api.js';
import { h } from '../dom.js';
import { describeChange, fieldLabel, findingTimeline, rulePorts, ruleProtocol, text, when } from '../format.js';
import { metricChart } from '../chart.js';
import { RANGES, rangeQuery } from '../range.js';
import { href } from '../router.js';
import { SERVICES } from '../services.js';

export async function resourcePage({ params, query, signal }) {
  const service = SERVICES[params.service];
  if (!service) return h('p', { class: 'empty' }, `There is no service ${params.service}.`);
  const path = `${params.service}/${encodeURIComponent(params.id)}`;
  const history = await api.get(`/api/resources/${path}/history`);
  // A resource fails a dozen checks at most, each with a few occurrences: one page of the largest size holds them.
  const { findings } = await api.get(`/api/findings?${new URLSearchParams({
    status: 'all', service: params.service, resourceId: history.resourceId, size: 500 })}`);
  const range = RANGES[query.get('range')] ? query.get('range') : '24h';
  const region = history.latest?.region;
  const series = await Promise.all(service.metrics.map((metric) => api.get(`/api/metrics/${path}?${new URLSearchParams({
    metric: metric.name, ...(region ? { region } : {}), ...rangeQuery(range),
  })}`)));
  return h('section', null,
    h('h1', null, `${service.label} · ${history.resourceId}`),
    h('dl', { class: 'facts' },
      h('dt', null, 'First seen'), h('dd', null, when(history.firstSeen)),
      h('dt', null, 'Last seen'), h('dd', null, when(history.lastSeen)),
      h('dt', null, 'Seen in'), h('dd', null, `${history.sightingCount} scan${history.sightingCount === 1 ? '' : 's'}`)),
    h('h2', null, 'Metrics'),
    h('nav', { class: 'tabs', 'aria-label': 'Time range' }, Object.entries(RANGES).map(([name, { label }]) =>
      h('a', { href: href(`resources/${path}`, { range: name }), 'aria-current': name === range ? 'page' : null }, label))),
    h('div', { class: 'charts' }, service.metrics.map((metric, index) => metricChart(metric, series[index], signal))),
    h('h2', null, 'Findings'),
    findings.length === 0 ? h('p', { class: 'empty' }, 'No check has ever failed for this resource.')
      : h('ul', { class: 'resource-findings' }, findings.map((finding) => h('li', { 'data-status': finding.status },
        h('a', { href: href('findings', { status: finding.status, check: finding.checkId }) }, finding.title),
        ` · ${finding.severity} · ${findingTimeline(finding)}`))),
    h('h2', null, 'Changes'),
    history.changes.length === 0 ? h('p', { class: 'empty' }, 'No change between scans.')
      : h('ul', { class: 'changes' }, history.changes.map((change) => h('li', null,
        h('a', { href: `#/scans/${change.scanRunId}` }, `Scan #${change.scanRunId}`), ` of ${when(change.scanTimestamp)}: `,
        change.fields.map(describeChange).join('; ')))),
    h('h2', null, 'Latest configuration'),
    h('dl', { class: 'facts configuration' }, Object.entries(history.latest ?? {}).map(([name, value]) => [
      h('dt', null, fieldLabel(name)),
      h('dd', null, name === 'openIngress' && value?.length ? openIngressTable(value) : text(value))])),
    h('h2', null, 'Sightings'),
    h('ul', { class: 'sightings' }, history.sightings.map((sighting) => h('li', null,
      h('a', { href: `#/scans/${sighting.scanRunId}` }, `Scan #${sighting.scanRunId}`), ` · ${when(sighting.scanTimestamp)} · ${sighting.region}`))));
}

/** The rules that open a resource to the internet, one row each. */
function openIngressTable(rules) {
  return h('div', { class: 'scroll' }, h('table', { 'aria-label': 'Open to the internet' },
    h('thead', null, h('tr', null, ['Security group', 'Protocol', 'Ports', 'From'].map((name) => h('th', { scope: 'col' }, name)))),
    h('tbody', null, rules.map((rule) => h('tr', null,
      [rule.groupId, ruleProtocol(rule), rulePorts(rule), rule.cidr].map((cell) => h('td', null, cell)))))));
}
