// Record calls refuse content that is not an object when the call is made, with InvalidArgumentError
// (not a TypeError from reading '@class' or '@version' of it), before anything is encoded or sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordCreateRequest, recordUpdateRequest } from '../../../src/api/records.js';
import { InvalidArgumentError } from '../../../src/errors.js';

const NOT_FIELDS: Array<[unknown, string]> = [
  [null, 'null'],
  [undefined, 'undefined'],
  ['name=x', 'string'],
  [[1, 2], 'an array'],
];

for (const [fields, described] of NOT_FIELDS) {
  test(`recordCreate and recordUpdate refuse ${described} as a record's fields`, () => {
    const refused = (run: () => unknown) =>
      assert.throws(run, (e: unknown) => {
        assert.ok(e instanceof InvalidArgumentError, `InvalidArgumentError, got ${String(e)}`);
        assert.equal(e.message, `record fields must be an object, got ${described}`);
        return true;
      });
    refused(() => recordCreateRequest('Person', fields as Record<string, unknown>));
    refused(() => recordCreateRequest(9, fields as Record<string, unknown>));
    refused(() => recordUpdateRequest('#9:0', fields as Record<string, unknown>));
  });
}
