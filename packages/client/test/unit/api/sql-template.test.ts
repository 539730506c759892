// Tagged SQL compiled to text and named parameters: values never reach the text, identifiers only
// through sql.id(), and a value the server would read as text (inside quotes or a comment) is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTemplate, sql } from '../../../src/api/sql-template.js';
import { compileTemplate } from '../../../src/api/tagged-sql.js';
import { statementOf } from '../../../src/api/statement.js';
import { InvalidArgumentError } from '../../../src/errors.js';

const tag = (strings: TemplateStringsArray, ...values: unknown[]) => compileTemplate(strings, values);

test('every value becomes a named parameter, whatever it holds', () => {
  const evil = "' OR 1=1 --";
  const list = ['on', 'off'];
  const { text, params } = tag`SELECT FROM Nodes WHERE zone = ${evil} AND status IN ${list} LIMIT ${5n}`;
  assert.equal(text, 'SELECT FROM Nodes WHERE zone = :p0 AND status IN :p1 LIMIT :p2');
  assert.deepEqual(params, { p0: evil, p1: list, p2: 5n });
  assert.ok(!text.includes('OR 1=1'));
});

test('undefined is sent as null; a template without values has no parameters', () => {
  assert.deepEqual(tag`SELECT ${undefined}`.params, { p0: null });
  assert.deepEqual(tag`SELECT 1`, { text: 'SELECT 1', params: {} });
});

test('sql.id() writes a checked name back-quoted and refuses anything else', () => {
  const { text, params } = tag`SELECT FROM ${sql.id('Nodes')} WHERE ${sql.id('zone_2')} = ${'x'}`;
  assert.equal(text, 'SELECT FROM `Nodes` WHERE `zone_2` = :p2');
  assert.deepEqual(params, { p2: 'x' });
  for (const bad of ['Nodes; DROP CLASS Nodes', 'a`b', '', '1abc', 'a b', 'x'.repeat(129), 'Nodes--']) {
    assert.throws(() => sql.id(bad), InvalidArgumentError, bad);
  }
  assert.throws(() => sql.id(42 as unknown as string), InvalidArgumentError);
});

test('a value inside quotes or a comment is refused (it would be text there, not a parameter)', () => {
  const v = 'x';
  assert.throws(() => tag`SELECT FROM Nodes WHERE name = '${v}'`, /inside a '...' string/);
  assert.throws(() => tag`SELECT FROM Nodes WHERE name = "${v}"`, /inside a "..." string/);
  assert.throws(() => tag`SELECT FROM \`${v}\``, /inside a `...` name/);
  assert.throws(() => tag`SELECT 1 -- ${v}`, /inside a -- comment/);
  assert.throws(() => tag`SELECT /* ${v} */ 1`, /inside a \/\* \*\/ comment/);
  assert.throws(() => tag`SELECT 'open`, /is not closed/);
});

test('quotes that close, escaped quotes and comments that end leave values as parameters', () => {
  const v = 1;
  assert.equal(tag`SELECT 'it\\'s', "a", \`b\` /* c */ FROM X WHERE k = ${v}`.text.endsWith(':p0'), true);
  assert.equal(tag`SELECT 1 -- note\nFROM X WHERE k = ${v}`.params['p0'], 1);
});

test('statementOf reads either form of a call', () => {
  const strings = Object.assign(['SELECT ', ''], { raw: ['SELECT ', ''] }) as unknown as TemplateStringsArray;
  assert.ok(isTemplate(strings));
  assert.ok(!isTemplate(['SELECT']));
  assert.deepEqual(statementOf(strings, [7], compileTemplate), ['SELECT :p0', { p0: 7 }, {}]);
  assert.deepEqual(statementOf('SELECT :k', [{ k: 1 }, { pageSize: 5 }]), ['SELECT :k', { k: 1 }, { pageSize: 5 }]);
  assert.deepEqual(statementOf('SELECT 1', []), ['SELECT 1', {}, {}]);
});
