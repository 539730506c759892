// pool() options: the pool's defaults table, and a clear error for each bad option before anything connects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { POOL_DEFAULTS, resolvePoolOptions } from '../../../src/api/pool-options.js';
import { DEFAULTS } from '../../../src/api/options.js';
import { InvalidArgumentError } from '../../../src/errors.js';
import { memoryTransport } from '../../support/memory-transport.js';

const base = { transport: memoryTransport().transport, database: 'db', user: 'u', password: 'p' };

test('unset options take POOL_DEFAULTS and the client DEFAULTS', () => {
  const o = resolvePoolOptions(base);
  assert.equal(o.max, POOL_DEFAULTS.max);
  assert.equal(o.min, POOL_DEFAULTS.min);
  assert.equal(o.pipelining, POOL_DEFAULTS.pipelining);
  assert.equal(o.idleTimeoutMs, POOL_DEFAULTS.idleTimeoutMs);
  assert.equal(o.acquireTimeoutMs, POOL_DEFAULTS.acquireTimeoutMs);
  assert.equal(o.timeoutMs, DEFAULTS.timeoutMs);
  assert.equal(o.pageSize, DEFAULTS.pageSize);
  assert.equal(o.queryEventParams, false);
});

test('bad options fail with InvalidArgumentError naming the option', () => {
  const cases: Array<[object, RegExp]> = [
    [{ transport: undefined }, /needs a url/],
    [{ database: '' }, /needs database/],
    [{ user: undefined }, /needs user/],
    [{ max: 0 }, /max must be an integer ≥ 1/],
    [{ max: 2.5 }, /max must be/],
    [{ min: -1 }, /min must be an integer ≥ 0/],
    [{ pipelining: 0 }, /pipelining must be an integer ≥ 1/],
    [{ min: 3, max: 2 }, /min \(3\) is larger than max \(2\)/],
  ];
  for (const [patch, message] of cases) {
    assert.throws(
      () => resolvePoolOptions({ ...base, ...patch } as typeof base),
      (e: unknown) => {
        assert.ok(e instanceof InvalidArgumentError);
        assert.match((e as Error).message, message);
        return true;
      },
    );
  }
});

test('min defaults to no more than max', () => {
  assert.equal(resolvePoolOptions({ ...base, max: 1, min: undefined }).min, Math.min(POOL_DEFAULTS.min, 1));
});
