// What the findings pages compute from the API's answers. Pure functions: the unit tests run them in Node.
import { when } from './format.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'];
export const STATUSES = ['open', 'muted', 'resolved'];

/** The status a findings route asks for (?status=), open when it names none or one that is not a tab. */
export function chosenStatus(query) {
  const status = query.get('status');
  return STATUSES.includes(status) ? status : 'open';
}

/** How many findings each status tab holds, summed over the checks of GET /api/findings/summary. */
export function statusCounts(summary) {
  return Object.fromEntries(STATUSES.map((status) => [status, summary.reduce((sum, check) => sum + (check[status] ?? 0), 0)]));
}

/** How many findings of a status there are per severity. */
export function severityCounts(summary, status) {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0]));
  for (const check of summary) counts[check.severity] += check[status] ?? 0;
  return counts;
}

/** The checks that have findings of a status, most severe first, then the most findings, then by title. */
export function checkGroups(summary, status) {
  return summary.filter((check) => (check[status] ?? 0) > 0).sort(mostSevereFirst((check) => check[status]));
}

const mostSevereFirst = (count) => (a, b) =>
  SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || count(b) - count(a) || a.title.localeCompare(b.title);

/** Findings (of GET /api/findings/changes) counted per check, most severe first: [{checkId, title, severity, service, count}]. */
export function countByCheck(findings) {
  const groups = new Map();
  for (const finding of findings) {
    const group = groups.get(finding.checkId)
      ?? { checkId: finding.checkId, title: finding.title, severity: finding.severity, service: finding.service, count: 0 };
    group.count += 1;
    groups.set(finding.checkId, group);
  }
  return [...groups.values()].sort(mostSevereFirst((group) => group.count));
}

/** A mute lasts this many days unless its author chooses otherwise; the API allows at most a year. */
export const MUTE_DAYS = 30;
const LONGEST_MUTE_DAYS = 365;

/** The mute form's dates (YYYY-MM-DD, the reader's calendar): the earliest (today), the latest (a year ahead), and the proposed one. */
export function muteDates(now = new Date()) {
  const day = (offset) => isoDate(new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset));
  return { min: day(0), max: day(LONGEST_MUTE_DAYS), initial: day(MUTE_DAYS) };
}

/** A mute chosen to last until a date ends on the last millisecond of that day in the reader's time zone, as an ISO instant. */
export function muteUntil(date) {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year, month - 1, day + 1, 0, 0, 0, -1).toISOString();
}

function isoDate(date) {
  return [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((part) => String(part).padStart(2, '0')).join('-');
}

/** A mute in words, its author named by email when it is the reader (me: GET /auth/me). */
export function muteText(mute, me) {
  const who = mute.by === me?.id ? me.email : mute.by == null ? 'someone' : `user #${mute.by}`;
  return `Muted by ${who} on ${when(mute.at)} until ${when(mute.until)}: ${mute.reason}`;
}

/** A compliance control's status in words. */
export const CONTROL_STATUS = { pass: 'pass', fail: 'fail', muted: 'muted', not_evaluated: 'not evaluated' };
