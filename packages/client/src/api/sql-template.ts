// SQL written as a tagged template (db.query`SELECT FROM Nodes WHERE zone = ${zone}`): every
// interpolated value becomes a named parameter, encoded with its own type (bigint as LONG, Decimal,
// Date, RecordId, arrays...), so no value is ever spliced into the SQL text. Class and property names
// cannot be parameters in OrientDB's SQL; they go in only through sql.id(), which checks them.
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

/** The statement with `:pN` where the values were, and the values as named parameters. */
export interface CompiledSql {
  text: string;
  params: Record<string, unknown>;
}

/**
 * Joins the template's strings with `:p0`, `:p1`, ... in place of the values. A value placed inside a
 * quoted literal or a comment would not be a parameter there (the server would read `':p0'` as text):
 * that is refused, as is a template whose quotes do not close.
 */
export function compileTemplate(strings: TemplateStringsArray, values: readonly unknown[]): CompiledSql {
  let text = '';
  const params: Record<string, unknown> = {};
  let state: LexState = 'code';
  for (let i = 0; i < strings.length; i++) {
    const part = strings[i]!;
    text += part;
    state = scan(part, state);
    if (i === values.length) break;
    const value = values[i];
    if (state !== 'code')
      throw new InvalidArgumentError(
        `tagged SQL: value ${i + 1} sits inside ${DESCRIBE[state]}, where it would not be a parameter; remove the quotes around \${...}`,
      );
    if (value instanceof SqlIdentifier) {
      text += value.toString();
      continue;
    }
    const name = `p${i}`;
    params[name] = value === undefined ? null : value;
    text += `:${name}`;
  }
  if (state !== 'code' && state !== 'line-comment')
    throw new InvalidArgumentError(`tagged SQL: ${DESCRIBE[state]} is not closed`);
  return { text, params };
}

type LexState = 'code' | "'" | '"' | '`' | 'line-comment' | 'block-comment';

const DESCRIBE: Record<LexState, string> = {
  code: 'code',
  "'": "a '...' string",
  '"': 'a "..." string',
  '`': 'a `...` name',
  'line-comment': 'a -- comment',
  'block-comment': 'a /* */ comment',
};

/** Where SQL text leaves the lexer: in code, in a quoted literal (backslash escapes), or in a comment. */
function scan(part: string, from: LexState): LexState {
  let state = from;
  for (let i = 0; i < part.length; i++) {
    const c = part[i]!;
    if (state === 'code') {
      if (c === "'" || c === '"' || c === '`') state = c;
      else if (c === '-' && part[i + 1] === '-') state = 'line-comment';
      else if (c === '/' && part[i + 1] === '*') {
        state = 'block-comment';
        i++;
      }
    } else if (state === 'line-comment') {
      if (c === '\n') state = 'code';
    } else if (state === 'block-comment') {
      if (c === '*' && part[i + 1] === '/') {
        state = 'code';
        i++;
      }
    } else if (c === '\\') i++;
    else if (c === state) state = 'code';
  }
  return state;
}
