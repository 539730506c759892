// The policy's rules on requests as the scanner reads them: server operations, the database allowlist
// (DB_OPEN's body, a token's payload), read-only mode, and tokens on a resumed connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OPERATIONS, REQUEST_DB_OPEN, REQUEST_HANDSHAKE, REQUEST_QUERY } from '@orientdb-edge/client/protocol';
import { judge, type Policy, type RequestFacts, tokenFacts } from '../../src/policy.js';
import { POLICY } from '../support/policy.js';
import { op, token } from '../support/requests.js';

const facts = (opcode: number, more: Partial<RequestFacts> = {}): RequestFacts => ({
  operation: op(opcode),
  sessionId: opcode === REQUEST_HANDSHAKE ? null : 7,
  token: null,
  args: undefined,
  resumed: false,
  ...more,
});
const code = (p: Policy, r: RequestFacts) => {
  const v = judge(p, r);
  return v.allow ? 'allow' : v.code;
};
/** CONNECT, SHUTDOWN, DB_REOPEN and every server-scope operation of the table. */
const SERVER_OPS = [
  'REQUEST_CONNECT',
  'REQUEST_DB_CREATE',
  'REQUEST_DB_DROP',
  'REQUEST_DB_EXIST',
  'REQUEST_DB_FREEZE',
  'REQUEST_DB_LIST',
  'REQUEST_DB_RELEASE',
  'REQUEST_DB_REOPEN',
  'REQUEST_SERVER_INFO',
  'REQUEST_SERVER_QUERY',
  'REQUEST_SHUTDOWN',
];

test('by default a page gets database sessions only: every server operation is refused; allowServerOps lets them through', () => {
  for (const o of OPERATIONS.values()) {
    const r = facts(o.opcode, { args: o.name === 'REQUEST_DB_OPEN' ? { database: 'demo' } : { mode: 'query' } });
    const expected = SERVER_OPS.includes(o.name) ? 'server_operation' : 'allow';
    assert.equal(code(POLICY, r), expected, o.name);
    assert.equal(code({ ...POLICY, allowServerOps: true }, r), 'allow', o.name);
  }
});

test('the database allowlist reads DB_OPEN by its body and token-only requests by the token payload', () => {
  const p: Policy = { ...POLICY, databases: new Set(['demo']) };
  const open = (database: string) =>
    facts(REQUEST_DB_OPEN, { sessionId: -1, args: { database, user: 'u', password: 'p' } });
  assert.equal(code(p, open('demo')), 'allow');
  assert.equal(code(p, open('other')), 'database');
  const query = (t: Uint8Array) =>
    facts(REQUEST_QUERY, { sessionId: -1, token: tokenFacts(t), args: { mode: 'query' } });
  assert.equal(code(p, query(token({ database: 'demo' }))), 'allow');
  assert.equal(code(p, query(token({ database: 'other' }))), 'database');
  assert.equal(code(p, query(token({ database: null, serverUser: 'root' }))), 'server_operation');
  assert.equal(code(p, facts(REQUEST_QUERY, { token: undefined, args: { mode: 'query' } })), 'token', 'unreadable');
  assert.match((judge(p, open('other')) as { reason: string }).reason, /"other" is not allowed \(allowed: demo\)/);
});

/** The README's list. */
const READ_ONLY = [
  'REQUEST_HANDSHAKE',
  'REQUEST_DB_OPEN',
  'REQUEST_DB_CLOSE',
  'REQUEST_DB_SIZE',
  'REQUEST_DB_COUNTRECORDS',
  'REQUEST_DB_RELOAD',
  'REQUEST_QUERY',
  'REQUEST_QUERY_NEXT_PAGE',
  'REQUEST_CLOSE_QUERY',
  'REQUEST_RECORD_LOAD',
  'SUBSCRIBE_PUSH',
  'UNSUBSCRIBE_PUSH',
];

test('read-only mode lets through exactly its list, QUERY only in query mode', () => {
  const p: Policy = { ...POLICY, readOnly: true, allowServerOps: true };
  for (const o of OPERATIONS.values()) {
    const r = facts(o.opcode, { args: o.name === 'REQUEST_DB_OPEN' ? { database: 'demo' } : { mode: 'query' } });
    assert.equal(code(p, r), READ_ONLY.includes(o.name) ? 'allow' : 'read_only', o.name);
  }
  assert.equal(code(p, facts(REQUEST_QUERY, { args: { mode: 'command' } })), 'read_only');
  assert.equal(code(p, facts(REQUEST_QUERY, { args: { mode: 'script' } })), 'read_only');
});

test('on a resumed connection a request without a token is refused, except a login with session id -1', () => {
  const resumed = { resumed: true };
  assert.equal(code(POLICY, facts(REQUEST_QUERY, { ...resumed, args: { mode: 'query' } })), 'no_token');
  assert.equal(
    code(POLICY, facts(REQUEST_QUERY, { ...resumed, token: tokenFacts(token()), args: { mode: 'query' } })),
    'allow',
  );
  const login = { ...resumed, sessionId: -1, args: { database: 'demo' } };
  assert.equal(code(POLICY, facts(REQUEST_DB_OPEN, login)), 'allow');
  assert.equal(code(POLICY, facts(REQUEST_DB_OPEN, { ...login, sessionId: 3 })), 'no_token');
  assert.equal(
    code(POLICY, facts(REQUEST_QUERY, { args: { mode: 'query' } })),
    'allow',
    'not resumed: the socket session',
  );
});

test('a token identity names database and user; renewals of one session compare equal', () => {
  const a = tokenFacts(token({ database: 'demo', cluster: 5, position: 1, expiresAt: 1 }))!;
  const b = tokenFacts(token({ database: 'demo', cluster: 5, position: 1, expiresAt: 2 }))!;
  assert.equal(a.identity, b.identity);
  assert.notEqual(a.identity, tokenFacts(token({ database: 'demo', cluster: 5, position: 2 }))!.identity);
  assert.notEqual(a.identity, tokenFacts(token({ database: 'other', cluster: 5, position: 1 }))!.identity);
  assert.equal(tokenFacts(Uint8Array.of(9, 9, 9)), undefined);
});
