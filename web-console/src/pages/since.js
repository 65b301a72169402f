// The home page's "since the last scan": what the latest successful scan opened and resolved, counted per check, each
// count linking to those findings. All runs of one scan share its start time, so "since" is that start.
import { api } from '../api.js';
import { h } from '../dom.js';
import { countByCheck } from '../findings.js';
import { when } from '../format.js';
import { href } from '../router.js';
import { SERVICES } from '../services.js';

export async function sinceLastScan() {
  const { items: [latest] } = await api.get('/api/scans?status=success&size=1');
  const heading = h('h2', { id: 'since-heading' }, 'Since the last scan');
  if (!latest) {
    return h('section', { class: 'since', 'aria-labelledby': heading.id }, heading,
      h('p', { class: 'empty' }, 'No scan has finished yet: what each scan opens and resolves will show here.'));
  }
  const changes = await api.get(`/api/findings/changes?${new URLSearchParams({ since: latest.scanTimestamp })}`);
  return h('section', { class: 'since', 'aria-labelledby': heading.id, 'data-since': latest.scanTimestamp }, heading,
    h('p', null, `The scan of ${when(latest.scanTimestamp)} opened ${plural(changes.openedTotal, 'finding')} and resolved `
      + `${changes.resolvedTotal}.`),
    h('div', { class: 'since-lists' },
      changeList('Opened', changes.opened, changes.openedTotal, 'open'),
      changeList('Resolved', changes.resolved, changes.resolvedTotal, 'resolved')));
}

// The per-check counts are of the first 1,000 the API lists; the heading says how many there are in all.
function changeList(label, findings, total, status) {
  const groups = countByCheck(findings);
  return h('div', { class: `since-${status}` },
    h('h3', null, `${label} (${total})`),
    groups.length === 0 ? h('p', { class: 'empty' }, 'None.')
      : h('ul', null, groups.map((group) => h('li', { 'data-check': group.checkId },
        h('span', { class: `severity ${group.severity}` }, group.severity), ' ',
        h('a', { href: href('findings', { status, check: group.checkId }) }, group.title),
        ` · ${SERVICES[group.service]?.label ?? group.service} · ${plural(group.count, 'resource')}`))));
}

function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
