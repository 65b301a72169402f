// How values read on the page. Pure functions: the unit tests run them in Node.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An ISO instant in the reader's time zone; a dash for none. */
export function when(iso) {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

export function yesNo(value) {
  if (value === null || value === undefined) return '—';
  return value ? 'yes' : 'no';
}

/** Any JSON value as short text: lists joined, objects as key=value. */
export function text(value) {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return yesNo(value);
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(text).join(', ');
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? '—' : entries.map(([key, item]) => `${key}=${text(item)}`).join(', ');
  }
  return String(value);
}

const ACRONYMS = { id: 'ID', ids: 'IDs', ip: 'IP', vpc: 'VPC', az: 'AZ', gb: 'GB', db: 'DB', cidr: 'CIDR', imds: 'IMDS', imdsv2: 'IMDSv2', acl: 'ACL', acls: 'ACLs', kms: 'KMS', mfa: 'MFA' };

/** A resource field's name in words, as a reader would write it: "imdsV2Required" reads "IMDSv2 required". */
export function fieldLabel(name) {
  const words = name.replace(/V(\d)/g, 'v$1').split(/(?=[A-Z])/).map((word) => word.toLowerCase())
    .map((word) => ACRONYMS[word] ?? word);
  const first = words[0];
  return [first === first.toLowerCase() ? first[0].toUpperCase() + first.slice(1) : first, ...words.slice(1)].join(' ');
}

/** What made a resource fail a check, its fields in words: "Public IP: 54.1.2.3; IMDSv2 required: no". */
export function evidenceText(evidence) {
  const entries = Object.entries(evidence ?? {});
  return entries.length === 0 ? '—' : entries.map(([name, value]) => `${fieldLabel(name)}: ${text(value)}`).join('; ');
}

/** An open ingress rule's protocol and ports: all protocols (-1) and a missing range read "all". */
export function ruleProtocol(rule) {
  return rule.protocol === '-1' ? 'all' : rule.protocol;
}

export function rulePorts(rule) {
  if (rule.protocol === '-1' || rule.fromPort === null || rule.fromPort === undefined) return 'all';
  return rule.fromPort === rule.toPort ? String(rule.fromPort) : `${rule.fromPort}–${rule.toPort}`;
}

/** A finding's life in words: when it opened, and when it was resolved or until when it is muted. */
export function findingTimeline(finding) {
  const opened = `open since ${when(finding.firstSeenAt)}`;
  if (finding.status === 'resolved') return `${opened.replace('open since', 'opened')}, resolved ${when(finding.resolvedAt)}`;
  if (finding.status === 'muted') return `${opened}, muted until ${when(finding.mute.until)}: ${finding.mute.reason}`;
  return opened;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** A metric value in its unit: bytes scaled by 1024, percentages with one decimal. */
export function measure(value, unit) {
  if (value === null || value === undefined) return '—';
  if (unit === 'bytes') {
    let scaled = value;
    let index = 0;
    while (Math.abs(scaled) >= 1024 && index < UNITS.length - 1) {
      scaled /= 1024;
      index += 1;
    }
    return `${scaled.toFixed(index === 0 ? 0 : 1)} ${UNITS[index]}`;
  }
  if (unit === '%') return `${value.toFixed(1)} %`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** One field's change between two scans: "state: running → stopped". */
export function describeChange(change) {
  return `${change.field}: ${text(change.before)} → ${text(change.after)}`;
}

/** A series in words, for readers who cannot see its chart: "latest 12.3 %, lowest 1.0 %, highest 80.2 %". */
export function seriesSummary(values, unit) {
  const present = values.filter((value) => value !== null && value !== undefined);
  if (present.length === 0) return 'no values';
  return `latest ${measure(present.at(-1), unit)}, lowest ${measure(Math.min(...present), unit)}, highest ${measure(Math.max(...present), unit)}`;
}
