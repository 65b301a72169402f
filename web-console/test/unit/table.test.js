import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterRows, sortRows } from '../../src/table.js';
import { SERVICES } from '../../src/services.js';

const columns = SERVICES.ec2.columns;
const rows = [
  { instanceId: 'i-3', instanceType: 't3.micro', state: 'stopped', region: 'eu-west-1', tags: { Name: 'batch-10' } },
  { instanceId: 'i-1', instanceType: 't3.large', state: 'running', region: 'us-east-1', publicIp: '54.1.2.3', tags: { Name: 'web-2' } },
  { instanceId: 'i-2', instanceType: 'm5.large', state: 'running', region: 'us-east-1', tags: { Name: 'batch-9' } },
];
const ids = (list) => list.map((row) => row.instanceId);
const byName = columns.find((column) => column.key === 'name');
const byPublicIp = columns.find((column) => column.key === 'publicIp');

test('the filter keeps rows whose shown text has every word, in any column and case', () => {
  assert.deepEqual(ids(filterRows(rows, columns, 'RUNNING us-east')), ['i-1', 'i-2']);
  assert.deepEqual(ids(filterRows(rows, columns, 'batch stopped')), ['i-3']);
  assert.deepEqual(ids(filterRows(rows, columns, '  ')), ['i-3', 'i-1', 'i-2']);
  assert.deepEqual(filterRows(rows, columns, 'nowhere'), []);
});

test('sorting compares numbers inside names by value, both ways', () => {
  assert.deepEqual(ids(sortRows(rows, byName, 'ascending')), ['i-2', 'i-3', 'i-1']);
  assert.deepEqual(ids(sortRows(rows, byName, 'descending')), ['i-1', 'i-3', 'i-2']);
});

test('rows with no value sort last whichever the direction', () => {
  assert.equal(ids(sortRows(rows, byPublicIp, 'ascending'))[0], 'i-1');
  assert.equal(ids(sortRows(rows, byPublicIp, 'descending'))[0], 'i-1');
});

test('sorting leaves the rows it was given as they were', () => {
  sortRows(rows, byName, 'ascending');
  assert.deepEqual(ids(rows), ['i-3', 'i-1', 'i-2']);
});
