// The parameter check: what counts as a parameter in SQL text (and what does not: strings, comments,
// back-quoted names, the keys of {...} blocks), and the error a call that leaves one out gets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkParameters } from '../../../src/api/sql-parameters.js';
import { InvalidArgumentError } from '../../../src/errors.js';

const ENDPOINT = 'db.example:2424';

/** The message of the error checkParameters throws, or null when the call passes. */
function refusal(sql: string, params: Record<string, unknown> | unknown[]): string | null {
  try {
    checkParameters(sql, params, ENDPOINT);
    return null;
  } catch (error) {
    assert.ok(error instanceof InvalidArgumentError, `${error}`);
    return error.message;
  }
}

test('a named parameter the object does not give: the error names it, what was given and the endpoint', () => {
  const message = refusal('SELECT status FROM Nodes WHERE zone = :zone AND status = :status', { status: 'on' });
  assert.ok(message);
  assert.match(message, /:zone/);
  assert.doesNotMatch(message, /:status/, 'only the missing one');
  assert.match(message, /given: status/);
  assert.match(message, /nothing was sent to OrientDB at db\.example:2424/);
  assert.equal(refusal('SELECT FROM Nodes WHERE zone = :zone', {}), refusal('SELECT FROM Nodes WHERE zone=:zone', {}));
  assert.match(refusal('SELECT FROM Nodes WHERE zone = :zone', {}) ?? '', /none given/);
});

test('every parameter given passes; extra ones are allowed', () => {
  assert.equal(refusal('SELECT FROM Nodes WHERE zone = :zone LIMIT :n', { zone: 'x', n: 1, unused: 2 }), null);
  assert.equal(refusal('SELECT FROM Nodes', {}), null);
  assert.equal(
    refusal('SELECT FROM Nodes WHERE zone = :zone', { zone: undefined }),
    null,
    'a key given as undefined is given',
  );
  assert.equal(refusal('SELECT FROM Nodes WHERE n = :ünïcode_1', { ünïcode_1: 1 }), null);
});

test('a Map gives its keys', () => {
  assert.doesNotThrow(() => checkParameters('SELECT FROM Nodes WHERE zone = :zone', new Map([['zone', 'x']])));
  assert.throws(() => checkParameters('SELECT FROM Nodes WHERE zone = :zone', new Map()), InvalidArgumentError);
});

test('several missing parameters are named together', () => {
  const message = refusal('SELECT FROM Nodes WHERE a = :a AND b = :b AND a2 = :a', {});
  assert.match(message ?? '', /parameters :a, :b,/);
});

test('string literals are not read for parameters, escapes included', () => {
  assert.equal(refusal("SELECT FROM Nodes WHERE name = ':zone' AND t = '?'", {}), null);
  assert.equal(refusal('SELECT FROM Nodes WHERE name = ":zone ?"', {}), null);
  assert.equal(refusal("SELECT FROM Nodes WHERE name = 'it\\'s :zone' AND a = :a", { a: 1 }), null);
  assert.equal(refusal('SELECT FROM Nodes WHERE name = "say \\":zone\\"" AND a = :a', { a: 1 }), null);
  assert.match(
    refusal("SELECT FROM Nodes WHERE name = 'x\\\\' AND a = :a", {}) ?? '',
    /:a/,
    'an escaped backslash ends the string',
  );
  assert.equal(refusal("SELECT FROM Nodes WHERE name = 'a''b:c'", {}), null, 'doubled quotes');
  assert.equal(refusal('SELECT FROM Nodes WHERE t = \'12:30\' AND d = "2024-01-01 10:00:00"', {}), null);
});

test('comments are not read for parameters', () => {
  assert.equal(refusal('SELECT FROM Nodes -- WHERE zone = :zone ?\nLIMIT 1', {}), null);
  assert.equal(refusal('SELECT FROM Nodes // WHERE zone = :zone ?\nLIMIT 1', {}), null);
  assert.equal(refusal('SELECT FROM Nodes /* WHERE zone = :zone ? */ LIMIT 1', {}), null);
  assert.equal(refusal('SELECT FROM Nodes /* unclosed :zone', {}), null);
  assert.match(refusal('SELECT FROM Nodes /* :a */ WHERE b = :b -- :c', {}) ?? '', /parameter :b,/);
  assert.match(refusal('SELECT FROM Nodes -- note\nWHERE b = :b', {}) ?? '', /:b/, 'code resumes after a line comment');
});

test('back-quoted names are not read for parameters', () => {
  assert.equal(refusal('SELECT `odd:name`, `what?` FROM Nodes', {}), null);
  assert.equal(refusal('SELECT `a\\`:b` FROM Nodes', {}), null);
});

test("MATCH's {class: Person, as: p} keys are not parameters; a parameter inside its where: is", () => {
  const match = "MATCH {class: Person, as: p, where: (name = :name)}.out('Knows'){as:friend} RETURN p, friend";
  assert.equal(refusal(match, { name: 'x' }), null);
  assert.match(refusal(match, {}) ?? '', /parameter :name,/);
  assert.equal(refusal('MATCH {class :Person, as :p} RETURN p', {}), null, 'space before the colon');
  assert.equal(refusal('MATCH {"class":Person} RETURN p', {}), null, 'quoted key');
  assert.match(refusal('MATCH {class: Person, where: (age > :min AND x IN :list)} RETURN p', {}) ?? '', /:min, :list/);
  assert.match(
    refusal('MATCH {class: Person, maxDepth: :depth} RETURN p', {}) ?? '',
    /:depth/,
    'a parameter as a value',
  );
});

test('JSON content: keys are not parameters, values may be', () => {
  assert.equal(refusal('INSERT INTO Nodes CONTENT {"name": "a:b", "zone": :zone}', { zone: 1 }), null);
  assert.match(refusal('INSERT INTO Nodes CONTENT {"name": :name, "tags": [:t1]}', {}) ?? '', /:name, :t1/);
});

test('record ids, cluster:, index: and metadata: are not parameters', () => {
  assert.equal(refusal('SELECT FROM #12:0', {}), null);
  assert.equal(refusal('SELECT FROM [#12:0, #-1:-1]', {}), null);
  assert.equal(refusal('SELECT FROM cluster:nodes', {}), null);
  assert.equal(refusal('SELECT FROM index:Nodes.zone WHERE key = :k', { k: 1 }), null);
  assert.equal(refusal('SELECT FROM metadata:schema', {}), null);
});

test('positional parameters: the count must match the array', () => {
  assert.equal(refusal('SELECT FROM Nodes WHERE a = ? AND b = ?', [1, 2]), null);
  assert.match(
    refusal('SELECT FROM Nodes WHERE a = ? AND b = ?', [1]) ?? '',
    /2 positional parameters \(\?\) but 1 value was given.*db\.example:2424/,
  );
  assert.match(
    refusal('SELECT FROM Nodes WHERE a = ?', [1, 2]) ?? '',
    /1 positional parameter \(\?\) but 2 values were given/,
  );
  assert.match(refusal('SELECT FROM Nodes', [1]) ?? '', /0 positional parameters/);
  assert.equal(refusal("SELECT FROM Nodes WHERE a = '?' AND b = ?", [1]), null, 'a ? in a string is text');
});

test('positional parameters with an object: each needs its number as a key', () => {
  assert.match(refusal('SELECT FROM Nodes WHERE a = ?', {}) ?? '', /without a value for the 1st.*as an array/);
  assert.match(refusal('SELECT FROM Nodes WHERE a = ? AND b = ?', { 0: 'x' }) ?? '', /the 2nd/);
  assert.equal(refusal('SELECT FROM Nodes WHERE a = ? AND b = ?', { 0: 'x', 1: 'y' }), null);
});

test('a named parameter with an array of values is refused', () => {
  assert.match(refusal('SELECT FROM Nodes WHERE zone = :zone', ['x']) ?? '', /:zone, but the parameters are an array/);
});

test('without an endpoint the message says OrientDB', () => {
  assert.throws(() => checkParameters('SELECT :x', {}), /nothing was sent to OrientDB:/);
});
