// What the alerts page sends and says: channels and rules as the API takes them, from what its forms hold.

export const EVENTS = ['finding.opened', 'finding.resolved', 'resource.changed'];
export const SEVERITIES = ['low', 'medium', 'high', 'critical'];
export const SERVICES = ['ec2', 's3', 'vpc', 'rds'];

/** Words of a text box, split at spaces, commas and semicolons. */
function words(value) {
  return value.split(/[\s,;]+/).filter(Boolean);
}

/** The channel the API takes: a URL for a webhook or Slack, addresses (one or more) for email. */
export function channelBody(type, name, destination) {
  const body = { type, name: name.trim() };
  if (type === 'email') body.addresses = words(destination);
  else body.url = destination.trim();
  return body;
}

/**
 * The rule the API takes: no services means all of them; fields go with resource.changed only; a digest says every how
 * many hours it is sent.
 */
export function ruleBody({ name, events, minSeverity, services, fields, channelIds, digestHours = '' }) {
  const body = { name: name.trim(), events, minSeverity, services, channelIds: channelIds.map(Number), delivery: 'immediate' };
  const watched = words(fields);
  if (watched.length > 0 && events.includes('resource.changed')) body.fields = watched;
  if (String(digestHours).trim() !== '') Object.assign(body, { delivery: 'digest', digestHours: Number(digestHours) });
  return body;
}

/** Where a channel sends: its URL, or its addresses. */
export function destination(channel) {
  return channel.type === 'email' ? (channel.addresses ?? []).join(', ') : channel.url;
}

/** What a rule matches, in one line. */
export function ruleText(rule, channels) {
  const names = rule.channelIds.map((id) => channels.find((channel) => channel.id === id)?.name ?? `#${id}`);
  const services = rule.services.length > 0 ? rule.services.join(', ') : 'every service';
  const fields = rule.fields.length > 0 ? ` (fields ${rule.fields.join(', ')})` : '';
  const severity = rule.events.some((event) => event.startsWith('finding.')) ? `, ${rule.minSeverity} and above` : '';
  const digest = rule.delivery === 'digest' ? `, in a digest every ${rule.digestHours} h` : '';
  return `${rule.events.join(', ')}${fields}${severity}, on ${services} → ${names.join(', ') || 'no channel'}${digest}`;
}
