import assert from 'node:assert/strict';
import { test } from 'node:test';
import { href, match, parseHash } from '../../src/router.js';

const routes = [{ pattern: 'scans' }, { pattern: 'scans/:id' }, { pattern: 'resources/:service/:id' }];

test('a hash is split into its path and its query', () => {
  const { path, query } = parseHash('#/scans/12?tab=diff');
  assert.deepEqual(path, ['scans', '12']);
  assert.equal(query.get('tab'), 'diff');
});

test('path parts are decoded, so an AWS name with any character comes back whole', () => {
  const id = 'bucket.with/slash?and#hash';
  const { path } = parseHash(`#/resources/s3/${encodeURIComponent(id)}`);
  assert.deepEqual(match(routes, path).params, { service: 's3', id });
});

test('the route with as many parts as the path wins; none matches a path of another length', () => {
  assert.equal(match(routes, ['scans']).route.pattern, 'scans');
  assert.deepEqual(match(routes, ['scans', '7']).params, { id: '7' });
  assert.equal(match(routes, ['scans', '7', 'extra']), null);
  assert.equal(match(routes, []), null);
});

test('href leaves out empty query values', () => {
  assert.equal(href('inventory/s3', { public: 'true', region: '', tag: null }), '#/inventory/s3?public=true');
  assert.equal(href('scans'), '#/scans');
});
