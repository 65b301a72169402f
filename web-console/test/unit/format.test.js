import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeChange, fieldLabel, findingTimeline, measure, rulePorts, ruleProtocol, seriesSummary, text, when } from '../../src/format.js';
import { RANGES, rangeQuery } from '../../src/range.js';
import { ROLE_ARN } from '../../src/pages/role.js';

test('JSON values read as short text', () => {
  assert.equal(text({ Environment: 'prod', Name: 'web-1' }), 'Environment=prod, Name=web-1');
  assert.equal(text(['sg-1', 'sg-2']), 'sg-1, sg-2');
  assert.equal(text([]), '—');
  assert.equal(text(null), '—');
  assert.equal(text(false), 'no');
  assert.equal(text(0), '0');
});

test('metric values read in their unit', () => {
  assert.equal(measure(512, 'bytes'), '512 B');
  assert.equal(measure(3 * 1024 ** 3, 'bytes'), '3.0 GB');
  assert.equal(measure(67.891, '%'), '67.9 %');
  assert.equal(measure(12, 'count'), '12');
  assert.equal(measure(null, '%'), '—');
});

test('a series is summed up in words, skipping empty steps', () => {
  assert.equal(seriesSummary([10, null, 80, 40], '%'), 'latest 40.0 %, lowest 10.0 %, highest 80.0 %');
  assert.equal(seriesSummary([null], '%'), 'no values');
});

test('a change reads as field: before → after', () => {
  assert.equal(describeChange({ field: 'state', before: 'running', after: 'stopped' }), 'state: running → stopped');
});

test('every chart range fits in the series API\'s 500 steps, from aligned to its step', () => {
  const now = Date.parse('2026-12-02T10:17:31Z');
  for (const name of Object.keys(RANGES)) {
    const { from, to, step } = rangeQuery(name, now);
    const steps = (Date.parse(to) - Date.parse(from)) / (Number(step) * 1000);
    assert.ok(steps <= 500, `${name}: ${steps} steps`);
    assert.equal(Date.parse(from) % (Number(step) * 1000), 0, `${name} starts on a step`);
  }
  assert.deepEqual(rangeQuery('7d', now), { from: '2026-11-25T10:00:00.000Z', to: '2026-12-02T10:17:31.000Z', step: '3600' });
});

test('the role ARN check agrees with the API on what a role ARN is', () => {
  for (const arn of ['arn:aws:iam::123456789012:role/CloudDiagnozeScanner', 'arn:aws-us-gov:iam::123456789012:role/path/to/Role+=,.@-']) {
    assert.ok(ROLE_ARN.test(arn), arn);
  }
  for (const arn of ['arn:aws:iam::12345678901:role/Short', 'arn:aws:iam::123456789012:user/Someone', 'arn:aws:iam::123456789012:role/',
    'arn:aws:s3:::bucket', ' arn:aws:iam::123456789012:role/Spaces ']) {
    assert.ok(!ROLE_ARN.test(arn), arn);
  }
});

test('a resource field reads in words, its acronyms in capitals', () => {
  assert.equal(fieldLabel('imdsV2Required'), 'IMDSv2 required');
  assert.equal(fieldLabel('publicIp'), 'Public IP');
  assert.equal(fieldLabel('securityGroupIds'), 'Security group IDs');
  assert.equal(fieldLabel('vpcId'), 'VPC ID');
  assert.equal(fieldLabel('additionalCidrBlocks'), 'Additional CIDR blocks');
  assert.equal(fieldLabel('storageGb'), 'Storage GB');
  assert.equal(fieldLabel('state'), 'State');
});

test('an open ingress rule reads its protocol and ports, all protocols as all', () => {
  assert.equal(rulePorts({ protocol: 'tcp', fromPort: 22, toPort: 22 }), '22');
  assert.equal(rulePorts({ protocol: 'tcp', fromPort: 8000, toPort: 8080 }), '8000–8080');
  assert.equal(rulePorts({ protocol: '-1' }), 'all');
  assert.equal(ruleProtocol({ protocol: '-1' }), 'all');
  assert.equal(ruleProtocol({ protocol: 'udp', fromPort: 53, toPort: 53 }), 'udp');
});

test("a finding's life reads in words: open, muted with its reason, or resolved", () => {
  const at = '2026-12-01T10:00:00Z';
  assert.equal(findingTimeline({ status: 'open', firstSeenAt: at }), `open since ${when(at)}`);
  assert.equal(findingTimeline({ status: 'resolved', firstSeenAt: at, resolvedAt: at }), `opened ${when(at)}, resolved ${when(at)}`);
  assert.equal(findingTimeline({ status: 'muted', firstSeenAt: at, mute: { until: at, reason: 'a bastion' } }),
    `open since ${when(at)}, muted until ${when(at)}: a bastion`);
});
