// A tagged template's SQL (sql-template.ts) compiled into a statement and named parameters: the values
// become `:p0`, `:p1`, ..., sql.id() names go in back-quoted. Loaded on the first tagged call
// (lazy-modules.ts); a pool, on a server, imports it.
import { InvalidArgumentError } from '../errors.js';
import { SqlIdentifier } from './sql-template.js';

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
