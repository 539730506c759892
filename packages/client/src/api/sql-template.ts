// SQL written as a tagged template (db.query`SELECT FROM Nodes WHERE zone = ${zone}`): every
// interpolated value becomes a named parameter, encoded with its own type (bigint as LONG, Decimal,
// Date, RecordId, arrays...), so no value is ever spliced into the SQL text. Class and property names
// cannot be parameters in OrientDB's SQL; they go in only through sql.id(), which checks them. The
// template is compiled by tagged-sql.ts, which the client loads on the first tagged call.
import { InvalidArgumentError } from '../errors.js';

/** A checked class or property name, written back-quoted into the SQL text. */
export class SqlIdentifier {
  readonly name: string;
  constructor(name: string) {
    if (typeof name !== 'string' || !IDENTIFIER.test(name))
      throw new InvalidArgumentError(
        `sql.id(${JSON.stringify(name)}): not a class or property name; use letters, digits and '_' (not first a digit), at most 128 characters`,
      );
    this.name = name;
  }
  toString(): string {
    return `\`${this.name}\``;
  }
}

// Strict on purpose: what OrientDB accepts back-quoted is wider, but a name from user input must not be.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Helpers for tagged SQL: `sql.id(name)` puts a checked identifier where a value cannot go. */
export const sql = {
  id: (name: string): SqlIdentifier => new SqlIdentifier(name),
};

/** True when a call's first argument is a template's strings (the tagged form). */
export function isTemplate(first: unknown): first is TemplateStringsArray {
  return Array.isArray(first) && Object.hasOwn(first, 'raw');
}
