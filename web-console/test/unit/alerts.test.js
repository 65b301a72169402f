import assert from 'node:assert/strict';
import { test } from 'node:test';
import { channelBody, destination, ruleBody, ruleText } from '../../src/alerts.js';

test('a webhook or Slack channel sends its URL, an email channel its addresses', () => {
  assert.deepEqual(channelBody('webhook', ' ops ', ' https://hooks.example.com/a '),
    { type: 'webhook', name: 'ops', url: 'https://hooks.example.com/a' });
  assert.deepEqual(channelBody('email', 'sec', 'a@example.com, b@example.com;c@example.com'),
    { type: 'email', name: 'sec', addresses: ['a@example.com', 'b@example.com', 'c@example.com'] });
  assert.equal(destination({ type: 'email', addresses: ['a@example.com', 'b@example.com'] }), 'a@example.com, b@example.com');
});

test('a rule sends fields only with resource.changed, and its channels as numbers', () => {
  const form = { name: 'public', events: ['finding.opened'], minSeverity: 'high', services: ['s3'], fields: 'is_public', channelIds: ['3'] };
  assert.deepEqual(ruleBody(form),
    { name: 'public', events: ['finding.opened'], minSeverity: 'high', services: ['s3'], channelIds: [3], delivery: 'immediate' });
  assert.deepEqual(ruleBody({ ...form, events: ['resource.changed'], fields: 'is_public, open_ingress' }).fields,
    ['is_public', 'open_ingress']);
});

test('a rule with hours is a digest every that many hours', () => {
  const form = { name: 'daily', events: ['finding.opened'], minSeverity: 'high', services: [], fields: '', channelIds: ['3'] };
  assert.deepEqual(ruleBody({ ...form, digestHours: ' 24 ' }),
    { name: 'daily', events: ['finding.opened'], minSeverity: 'high', services: [], channelIds: [3], delivery: 'digest', digestHours: 24 });
  assert.equal(ruleBody({ ...form, digestHours: '' }).delivery, 'immediate');
  assert.equal(ruleText({ events: ['finding.opened'], minSeverity: 'high', services: [], fields: [], channelIds: [3], delivery: 'digest',
    digestHours: 24 }, [{ id: 3, name: 'ops' }]), 'finding.opened, high and above, on every service → ops, in a digest every 24 h');
});

test('a rule reads as what it matches and where it sends', () => {
  const channels = [{ id: 3, name: 'ops' }];
  assert.equal(ruleText({ events: ['finding.opened'], minSeverity: 'high', services: ['s3'], fields: [], channelIds: [3] }, channels),
    'finding.opened, high and above, on s3 → ops');
  assert.equal(ruleText({ events: ['resource.changed'], minSeverity: 'low', services: [], fields: ['is_public'], channelIds: [9] }, channels),
    'resource.changed (fields is_public), on every service → #9');
});
