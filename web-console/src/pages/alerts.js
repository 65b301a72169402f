// Alerts: the tenant's channels (with a test button, and a warning when one is paused), its rules, and the delivery log.
import { ApiError, api } from '../api.js';
import { EVENTS, SERVICES, SEVERITIES, channelBody, destination, ruleBody, ruleText } from '../alerts.js';
import { field, h, notice, show } from '../dom.js';
import { when } from '../format.js';
import { dataTable } from '../table.js';

export async function alertsPage() {
  const status = h('div');
  const channelList = h('div');
  const ruleList = h('div');
  const log = h('div');
  const ruleForm = h('div');

  /**
   * Runs a call, redraws the page, then says how it went: the notice comes once the lists and the rule form are new, so
   * nothing typed after it is lost to the redraw. A refusal is shown, not thrown.
   */
  async function attempt(call, success) {
    try {
      const answer = await call();
      await refresh();
      show(status, ...(success ? [success(answer)] : []));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      show(status, notice('error', error.message));
    }
  }

  async function refresh() {
    const [channels, rules, deliveries] = await Promise.all([api.get('/api/alerts/channels'), api.get('/api/alerts/rules'),
      api.get('/api/alerts/deliveries?limit=100')]);
    show(channelList, channels.length === 0 ? h('p', null, 'No channel yet.') : h('ul', { class: 'channels' }, channels.map((channel) =>
      h('li', null,
        h('strong', null, channel.name), ` (${channel.type}) `, h('code', null, destination(channel)), ' ',
        h('button', { type: 'button', onclick: () => attempt(() => api.post(`/api/alerts/channels/${channel.id}/test`),
          () => notice('ok', `A test message reached ${channel.name}.`)) }, 'Send test'), ' ',
        h('button', { type: 'button', onclick: () => attempt(() => api.delete(`/api/alerts/channels/${channel.id}`)) }, 'Delete'),
        channel.pausedAt ? notice('error', `Paused since ${when(channel.pausedAt)}: ${channel.pausedReason}. `,
          channel.type === 'slack' ? 'Save it again with its URL to resume.' : h('button', {
            type: 'button',
            onclick: () => attempt(() => api.put(`/api/alerts/channels/${channel.id}`,
              channelBody(channel.type, channel.name, destination(channel)))),
          }, 'Resume')) : null))));
    show(ruleList, rules.length === 0 ? h('p', null, 'No rule yet.') : h('ul', null, rules.map((rule) =>
      h('li', null, h('strong', null, rule.name), ': ', ruleText(rule, channels), ' ',
        h('button', { type: 'button', onclick: () => attempt(() => api.delete(`/api/alerts/rules/${rule.id}`)) }, 'Delete')))));
    show(ruleForm, newRule(channels, attempt));
    const names = new Map(channels.map((channel) => [channel.id, channel.name]));
    show(log, dataTable({
      caption: 'The latest 100 deliveries, newest first',
      empty: 'No alert yet.',
      rows: deliveries,
      columns: [
        { key: 'createdAt', label: 'Matched', show: (d) => when(d.createdAt) },
        { key: 'eventType', label: 'Event', show: (d) => d.eventType },
        { key: 'channel', label: 'Channel', show: (d) => names.get(d.channelId) ?? `#${d.channelId}` },
        { key: 'status', label: 'Status', show: (d) => d.status },
        { key: 'attempts', label: 'Attempts', show: (d) => String(d.attempts) },
        { key: 'lastError', label: 'Last error', show: (d) => d.lastError ?? '—' },
      ],
    }));
  }

  await refresh();
  return h('section', null,
    h('h1', null, 'Alerts'),
    status,
    h('h2', null, 'Channels'), channelList, newChannel(attempt),
    h('h2', null, 'Rules'), ruleList, ruleForm,
    h('h2', null, 'Deliveries'), log);
}

function newChannel(attempt) {
  const type = h('select', { name: 'type' }, ['webhook', 'slack', 'email'].map((t) => h('option', { value: t }, t)));
  const name = h('input', { name: 'name', required: true, maxlength: 100 });
  const target = h('input', { name: 'destination', required: true, placeholder: 'https://… (email: addresses, comma-separated)' });
  const form = h('form', { class: 'narrow' }, field('Type', type), field('Name', name),
    field('URL or addresses', target, 'A webhook receives signed JSON; Slack an incoming-webhook message; email a plain-text mail.'),
    h('button', { type: 'submit' }, 'Add channel'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    attempt(() => api.post('/api/alerts/channels', channelBody(type.value, name.value, target.value)), (created) => created.secret
      ? notice('ok', `Channel ${created.name} added. Its signing secret, shown this once: `, h('code', null, created.secret))
      : notice('ok', `Channel ${created.name} added.`));
  });
  return form;
}

function newRule(channels, attempt) {
  const boxes = (name, values, checked) => values.map((value) => h('label', { class: 'choice' },
    h('input', { type: 'checkbox', name, value, checked: checked.includes(value) }), ` ${value} `));
  const name = h('input', { name: 'name', required: true, maxlength: 100 });
  const severity = h('select', { name: 'minSeverity' }, SEVERITIES.map((s) => h('option', { value: s, selected: s === 'high' }, s)));
  const fields = h('input', { name: 'fields', placeholder: 'is_public, open_ingress' });
  const digestHours = h('input', { name: 'digestHours', type: 'number', min: 1, max: 168, placeholder: '24' });
  const form = h('form', { class: 'narrow' }, field('Name', name),
    h('fieldset', null, h('legend', null, 'Events'), boxes('events', EVENTS, ['finding.opened'])),
    field('Minimum severity', severity),
    h('fieldset', null, h('legend', null, 'Services (none: all)'), boxes('services', SERVICES, [])),
    field('Fields of resource.changed', fields, 'Empty: any change.'),
    field('Digest every (hours)', digestHours, 'Empty: an alert as each event comes. 1 to 168: one message gathering them.'),
    h('fieldset', null, h('legend', null, 'Channels'), channels.length === 0 ? 'Add a channel first.'
      : channels.map((channel) => h('label', { class: 'choice' },
        h('input', { type: 'checkbox', name: 'channelIds', value: channel.id }), ` ${channel.name} `))),
    h('button', { type: 'submit' }, 'Add rule'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const picked = (group) => [...form.querySelectorAll(`input[name=${group}]:checked`)].map((box) => box.value);
    attempt(() => api.post('/api/alerts/rules', ruleBody({
      name: name.value, events: picked('events'), minSeverity: severity.value, services: picked('services'),
      fields: fields.value, channelIds: picked('channelIds'), digestHours: digestHours.value,
    })), (rule) => notice('ok', `Rule ${rule.name} added.`));
  });
  return form;
}
