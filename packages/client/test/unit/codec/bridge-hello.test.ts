// The bridge's hello and welcome as both ends read and write them: hex fixtures, agreement with msgpackr
// (what third-party peers send), the close code each bad hello earns, and strict checks on both sides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Packr, Unpackr, pack } from 'msgpackr';
import { InvalidArgumentError, ProtocolError } from '../../../src/errors.js';
import { BRIDGE_CLOSE } from '../../../src/codec/bridge-close-codes.js';
import {
  BRIDGE_PROTOCOL_VERSION,
  BRIDGE_SUBPROTOCOL,
  decodeBridgeHello,
  decodeBridgeWelcome,
  encodeBridgeHello,
  encodeBridgeWelcome,
  type BridgeHello,
  type BridgeHelloResult,
  type BridgeWelcome,
} from '../../../src/codec/bridge-hello.js';
import * as protocol from '../../../src/protocol.js';

const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, '').match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const packr = new Packr({ useRecords: false, variableMapSize: true });
const unpackr = new Unpackr({ mapsAsObjects: true, useRecords: false, moreTypes: false, int64AsType: 'number' });

// { v: 1, resumeId: 'AAA…' (22), resumed: true, upstream: 'default',
//   limits: { maxPayload: 1048576, idleTimeoutMs: 60000, parkGraceMs: 0 } }
const WELCOME_HEX =
  '85 a176 01 a8726573756d654964 b6' +
  '41'.repeat(22) +
  ' a7726573756d6564 c3 a8757073747265616d a764656661756c74 a66c696d697473 83' +
  ' aa6d61785061796c6f6164 ce00100000 ad69646c6554696d656f75744d73 cdea60 ab7061726b47726163654d73 00';
const WELCOME: BridgeWelcome = {
  v: 1,
  resumeId: 'A'.repeat(22),
  resumed: true,
  upstream: 'default',
  limits: { maxPayload: 1048576, idleTimeoutMs: 60000, parkGraceMs: 0 },
};

const code = (r: BridgeHelloResult) => (r.ok ? 0 : r.code);
const reason = (r: BridgeHelloResult) => (r.ok ? '' : r.reason);

test('the constants are the documented ones and the ./protocol entry exports them', () => {
  assert.equal(BRIDGE_SUBPROTOCOL, 'orientdb-edge.v1');
  assert.equal(BRIDGE_PROTOCOL_VERSION, 1);
  assert.deepEqual(
    { ...BRIDGE_CLOSE },
    {
      NORMAL: 1000,
      GOING_AWAY: 1001,
      PROTOCOL_ERROR: 1002,
      UNSUPPORTED_DATA: 1003,
      ABNORMAL: 1006,
      MESSAGE_TOO_BIG: 1009,
      PARK: 4000,
      BAD_HELLO: 4400,
      UNKNOWN_TARGET: 4404,
      TIMEOUT: 4408,
      MEMORY_BUDGET: 4413,
      UNREADABLE_REQUEST: 4422,
      UNSUPPORTED_VERSION: 4426,
      BACKPRESSURE: 4429,
      UPSTREAM_UNREACHABLE: 4502,
      UPSTREAM_CLOSED: 4503,
    },
  );
  assert.equal(protocol.BRIDGE_CLOSE, BRIDGE_CLOSE);
  assert.equal(protocol.decodeBridgeHello, decodeBridgeHello);
  assert.equal(protocol.encodeBridgeHello, encodeBridgeHello);
  assert.equal(protocol.decodeBridgeWelcome, decodeBridgeWelcome);
  assert.equal(protocol.encodeBridgeWelcome, encodeBridgeWelcome);
  assert.equal(protocol.BRIDGE_SUBPROTOCOL, BRIDGE_SUBPROTOCOL);
});

test('a hello is written as the documented map, fields in order, absent ones left out, and msgpackr reads it', () => {
  assert.equal(toHex(encodeBridgeHello({ v: 1 })), toHex(hex('81 a176 01')));
  assert.equal(toHex(encodeBridgeHello({ v: 1, resume: 'abc' })), toHex(hex('82 a176 01 a6726573756d65 a3616263')));
  assert.equal(
    toHex(encodeBridgeHello({ v: 1, upstream: 'eu', resume: 'abc' })),
    toHex(hex('83 a176 01 a6726573756d65 a3616263 a8757073747265616d a26575')),
  );
  assert.equal(toHex(encodeBridgeHello({ v: 1, resume: undefined, upstream: undefined })), toHex(hex('81 a176 01')));
  assert.deepEqual(unpackr.unpack(encodeBridgeHello({ v: 1 })), { v: 1 });
  assert.deepEqual(unpackr.unpack(encodeBridgeHello({ v: 1, resume: 'r'.repeat(22), upstream: 'default' })), {
    v: 1,
    resume: 'r'.repeat(22),
    upstream: 'default',
  });
  assert.equal(toHex(encodeBridgeHello({ v: 2 })), toHex(hex('81 a176 02')), 'any version (a bridge answers 4426)');
});

test('a hello decodes from our encoder, msgpackr and hand-written bytes; unknown keys and nil are ignored', () => {
  const hello = { v: 1, resume: 'r'.repeat(128), upstream: 'u'.repeat(64) };
  assert.deepEqual(decodeBridgeHello(encodeBridgeHello(hello)), { ok: true, hello });
  assert.deepEqual(decodeBridgeHello(pack({ v: 1, resume: 'abc', upstream: 'eu', extra: 5 })), {
    ok: true,
    hello: { v: 1, resume: 'abc', upstream: 'eu' },
  });
  const nils = packr.pack({ v: 1, resume: null, upstream: null });
  assert.deepEqual(decodeBridgeHello(nils), { ok: true, hello: { v: 1 } });
  assert.deepEqual(decodeBridgeHello(hex('81 a176 01')), { ok: true, hello: { v: 1 } });
  const map16 = hex('de0001 a176 cb3ff0000000000000');
  assert.deepEqual(decodeBridgeHello(map16), { ok: true, hello: { v: 1 } }, 'map16, float64 v');
});

test('bad hellos earn 4400 with the documented reasons; another integer version 4426', () => {
  const cases: Array<[Uint8Array, number, string]> = [
    [new Uint8Array(0), 4400, 'empty hello'],
    [new Uint8Array(1025).fill(0x90), 4400, 'hello too large'],
    [new TextEncoder().encode('garbage!'), 4400, 'hello is not one msgpack value'],
    [encodeBridgeHello({ v: 1, resume: 'abcdef' }).subarray(0, 6), 4400, 'hello is not one msgpack value'],
    [hex('81 a176 01 00'), 4400, 'hello is not one msgpack value'],
    [pack([1]), 4400, 'hello is not a msgpack map'],
    [pack(1), 4400, 'hello is not a msgpack map'],
    [hex('c0'), 4400, 'hello is not a msgpack map'],
    [pack({}), 4400, 'hello has no integer v'],
    [pack({ v: '1' }), 4400, 'hello has no integer v'],
    [pack({ v: 1.5 }), 4400, 'hello has no integer v'],
    [pack({ v: 1, resume: 5 }), 4400, 'hello resume must be a non-empty string'],
    [pack({ v: 1, resume: '' }), 4400, 'hello resume must be a non-empty string'],
    [pack({ v: 1, resume: 'r'.repeat(129) }), 4400, 'hello resume must be a non-empty string'],
    [pack({ v: 1, upstream: '' }), 4400, 'hello upstream must be a non-empty string'],
    [pack({ v: 1, upstream: 'u'.repeat(65) }), 4400, 'hello upstream must be a non-empty string'],
    [pack({ v: 2 }), 4426, 'unsupported version 2; this bridge speaks 1'],
    [pack({ v: 0, resume: 5 }), 4426, 'unsupported version 0; this bridge speaks 1'],
  ];
  for (const [bytes, want, why] of cases) {
    const result = decodeBridgeHello(bytes);
    assert.equal(code(result), want, why);
    assert.equal(reason(result), why);
  }
  const hello = encodeBridgeHello({ v: 1, resume: 'r'.repeat(22), upstream: 'default' });
  for (let i = 0; i < hello.length; i++) {
    assert.equal(code(decodeBridgeHello(hello.subarray(0, i))), BRIDGE_CLOSE.BAD_HELLO, `prefix ${i}`);
  }
});

test('any bytes give a hello or a refusal with 4400 or 4426, never an exception', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
      const result = decodeBridgeHello(bytes);
      assert.ok(
        result.ok || result.code === BRIDGE_CLOSE.BAD_HELLO || result.code === BRIDGE_CLOSE.UNSUPPORTED_VERSION,
      );
    }),
    { numRuns: 2000 },
  );
  const name = (max: number) => fc.option(fc.string({ minLength: 1, maxLength: max }), { nil: undefined });
  fc.assert(
    fc.property(name(128), name(64), (resume, upstream) => {
      const hello: BridgeHello = { v: 1 };
      if (resume !== undefined) hello.resume = resume;
      if (upstream !== undefined) hello.upstream = upstream;
      assert.deepEqual(decodeBridgeHello(encodeBridgeHello(hello)), { ok: true, hello });
      assert.deepEqual(decodeBridgeHello(packr.pack(hello)), { ok: true, hello });
    }),
    { numRuns: 300 },
  );
});

test('the hello encoder refuses what a bridge would refuse, version aside', () => {
  const refused: BridgeHello[] = [
    { v: 1.5 },
    { v: Number.NaN },
    { v: '1' as unknown as number },
    { v: 1, resume: '' },
    { v: 1, resume: 'r'.repeat(129) },
    { v: 1, upstream: '' },
    { v: 1, upstream: 'u'.repeat(65) },
    { v: 1, upstream: 7 as unknown as string },
    { v: 1, resume: 'r', token: new Uint8Array(0) },
    { v: 1, resume: 'r', token: new Uint8Array(769) },
    { v: 1, resume: 'r', token: 'abc' as unknown as Uint8Array },
  ];
  for (const hello of refused) {
    assert.throws(() => encodeBridgeHello(hello), InvalidArgumentError, JSON.stringify(hello));
  }
});

test('a resume hello carries the session token as binary, read back by the bridge; a string token is 4400', () => {
  const token = Uint8Array.from({ length: 180 }, (_, i) => i);
  const result = decodeBridgeHello(encodeBridgeHello({ v: 1, resume: 'r'.repeat(22), token }));
  assert.ok(result.ok);
  assert.deepEqual([...result.hello.token!], [...token]);
  const asText = decodeBridgeHello(pack({ v: 1, resume: 'r', token: 'abc' }));
  assert.deepEqual(asText, { ok: false, code: 4400, reason: 'hello token must be binary of 1-768 bytes' });
});

test('the welcome is written byte for byte as msgpackr writes it and decodes from either', () => {
  assert.equal(toHex(encodeBridgeWelcome(WELCOME)), toHex(hex(WELCOME_HEX)));
  assert.equal(toHex(encodeBridgeWelcome(WELCOME)), toHex(packr.pack(WELCOME)));
  const bigger: BridgeWelcome = {
    v: 1,
    resumeId: 'x'.repeat(22),
    resumed: false,
    upstream: 'eu-west.1',
    limits: { maxPayload: 16 * 1024 * 1024, idleTimeoutMs: 1_800_000, parkGraceMs: 120_000 },
  };
  assert.equal(toHex(encodeBridgeWelcome(bigger)), toHex(packr.pack(bigger)));
  assert.deepEqual(decodeBridgeWelcome(hex(WELCOME_HEX)), WELCOME);
  assert.deepEqual(decodeBridgeWelcome(packr.pack(WELCOME)), WELCOME);
  assert.deepEqual(decodeBridgeWelcome(pack({ ...bigger, later: [1, 2] })), bigger, 'unknown keys are ignored');
  const padded = hex('ffff' + WELCOME_HEX + 'ffff');
  assert.deepEqual(decodeBridgeWelcome(padded.subarray(2, padded.length - 2)), WELCOME);
  const { limits: _, ...noLimits } = WELCOME;
  assert.throws(() => encodeBridgeWelcome(noLimits as BridgeWelcome), InvalidArgumentError);
  assert.throws(() => encodeBridgeWelcome({ ...WELCOME, resumeId: '' }), InvalidArgumentError);
});

test('a welcome that is not valid msgpack, not a map, another version or missing a field is a ProtocolError', () => {
  for (const b of ['c0', '90', '80', '81a17602', '81a17601', 'c1', '85a176']) {
    assert.throws(() => decodeBridgeWelcome(hex(b)), ProtocolError, b);
  }
  const { limits: _, ...noLimits } = WELCOME;
  const { resumeId: __, ...noResumeId } = WELCOME;
  const broken: Array<[string, unknown]> = [
    ['has no resumeId', noResumeId],
    ['has no resumeId', { ...WELCOME, resumeId: '' }],
    ['has no resumeId', { ...WELCOME, resumeId: 'x'.repeat(129) }],
    ['has no resumed flag', { ...WELCOME, resumed: 1 }],
    ['has no upstream', { ...WELCOME, upstream: null }],
    ['has no limits', noLimits],
    ['has no limits', { ...WELCOME, limits: { maxPayload: 1 } }],
    ['has no limits', { ...WELCOME, limits: { ...WELCOME.limits, parkGraceMs: -1 } }],
    ['has no limits', { ...WELCOME, limits: { ...WELCOME.limits, idleTimeoutMs: 0.5 } }],
    ['unsupported bridge welcome version 2', { ...WELCOME, v: 2 }],
  ];
  for (const [message, value] of broken) {
    const named = (e: unknown) => e instanceof ProtocolError && e.message.includes(message);
    assert.throws(() => decodeBridgeWelcome(pack(value)), named, message);
  }
  const bytes = hex(WELCOME_HEX);
  for (let i = 0; i < bytes.length; i++) {
    assert.throws(() => decodeBridgeWelcome(bytes.subarray(0, i)), ProtocolError, `prefix ${i}`);
  }
});
