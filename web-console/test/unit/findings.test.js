import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkGroups, chosenStatus, countByCheck, muteDates, muteText, muteUntil, severityCounts, statusCounts,
} from '../../src/findings.js';
import { evidenceText, when } from '../../src/format.js';

const summary = [
  { checkId: 's3_bucket_versioning', title: 'S3 bucket versioning is off', severity: 'low', service: 's3', open: 7, muted: 0, resolved: 1 },
  { checkId: 'ec2_instance_public_ip', title: 'EC2 instance has a public IP address', severity: 'medium', service: 'ec2', open: 3, muted: 1, resolved: 0 },
  { checkId: 'rds_instance_no_public_access', title: 'RDS instance is publicly accessible', severity: 'high', service: 'rds', open: 0, muted: 0, resolved: 2 },
  { checkId: 's3_bucket_public_access', title: 'S3 bucket is publicly accessible', severity: 'high', service: 's3', open: 2, muted: 1, resolved: 0 },
  { checkId: 's3_bucket_default_encryption', title: 'S3 bucket has no default encryption', severity: 'medium', service: 's3', open: 5, muted: 0, resolved: 0 },
];

test('the status tab comes from the route, open when it names none or no tab', () => {
  assert.equal(chosenStatus(new URLSearchParams('status=muted')), 'muted');
  assert.equal(chosenStatus(new URLSearchParams('')), 'open');
  assert.equal(chosenStatus(new URLSearchParams('status=all')), 'open');
});

test('each tab counts the findings of its status over every check', () => {
  assert.deepEqual(statusCounts(summary), { open: 17, muted: 2, resolved: 3 });
  assert.deepEqual(statusCounts([]), { open: 0, muted: 0, resolved: 0 });
});

test('the severity counts are those of the tab shown', () => {
  assert.deepEqual(severityCounts(summary, 'open'), { critical: 0, high: 2, medium: 8, low: 7 });
  assert.deepEqual(severityCounts(summary, 'resolved'), { critical: 0, high: 2, medium: 0, low: 1 });
});

test('a tab lists the checks with findings of its status, most severe first, then the most findings', () => {
  assert.deepEqual(checkGroups(summary, 'open').map((check) => check.checkId),
    ['s3_bucket_public_access', 's3_bucket_default_encryption', 'ec2_instance_public_ip', 's3_bucket_versioning']);
  assert.deepEqual(checkGroups(summary, 'muted').map((check) => check.checkId), ['s3_bucket_public_access', 'ec2_instance_public_ip']);
  assert.equal(summary[0].checkId, 's3_bucket_versioning', 'the summary is left as it was');
});

test("a scan's changes are counted per check, most severe first", () => {
  const finding = (checkId, severity) => ({ checkId, severity, title: checkId, service: 's3' });
  assert.deepEqual(countByCheck([finding('b', 'low'), finding('a', 'high'), finding('b', 'low'), finding('c', 'low')]), [
    { checkId: 'a', title: 'a', severity: 'high', service: 's3', count: 1 },
    { checkId: 'b', title: 'b', severity: 'low', service: 's3', count: 2 },
    { checkId: 'c', title: 'c', severity: 'low', service: 's3', count: 1 },
  ]);
  assert.deepEqual(countByCheck([]), []);
});

test('a mute is proposed for 30 days, from today to a year ahead, in the reader\'s calendar', () => {
  assert.deepEqual(muteDates(new Date(2026, 11, 6, 23, 30)), { min: '2026-12-06', max: '2027-12-06', initial: '2027-01-05' });
  assert.deepEqual(muteDates(new Date(2028, 1, 29, 8)), { min: '2028-02-29', max: '2029-02-28', initial: '2028-03-30' });
});

test('a mute until a date lasts to the end of that day, local time, and never past what the API allows', () => {
  const until = new Date(muteUntil('2027-01-05'));
  assert.deepEqual([until.getFullYear(), until.getMonth(), until.getDate(), until.getHours(), until.getMinutes()], [2027, 0, 5, 23, 59]);
  const now = new Date(2026, 11, 6, 0, 1);
  const latest = Date.parse(muteUntil(muteDates(now).max));
  assert.ok(latest - now.getTime() <= 366 * 24 * 3600 * 1000, 'at most 366 days ahead, the API\'s limit');
});

test('a mute names its author, the reader by email', () => {
  const mute = { reason: 'a bastion host', until: '2027-01-05T22:59:59.999Z', by: 7, at: '2026-12-06T10:00:00Z' };
  assert.equal(muteText(mute, { id: 7, email: 'alice@example.com' }),
    `Muted by alice@example.com on ${when(mute.at)} until ${when(mute.until)}: a bastion host`);
  assert.match(muteText(mute, { id: 8, email: 'bob@example.com' }), /^Muted by user #7 on/);
});

test("a finding's evidence reads as its fields in words", () => {
  assert.equal(evidenceText({ publiclyAccessible: true, blockPublicAcls: false, encryptionType: null }),
    'Publicly accessible: yes; Block public ACLs: no; Encryption type: —');
  assert.equal(evidenceText({}), '—');
  assert.equal(evidenceText(null), '—');
});
