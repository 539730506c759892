// The parameters an SQL statement uses, and the check that a call gives each of them. OrientDB runs a
// statement whose `:zone` has no value with null in its place, so a typo in a parameter's name quietly
// matches no rows; the client refuses such a call before sending it. Read as OrientDB's parser reads
// it: `:name` and `?` count in code only, not inside '...' or "..." strings, `...` names, comments
// (--, //, /* */), nor as the `key:` of a {...} block (MATCH's {class: Person, as: p}, a JSON map).
import { InvalidArgumentError } from '../errors.js';

/** Named parameters as an object (or Map), positional ones as an array. */
type GivenParams = Record<string, unknown> | unknown[] | ReadonlyMap<string, unknown>;

interface UsedParameters {
  /** `:name` parameters, each once, in order of first use. */
  named: string[];
  /** How many `?` there are. */
  positional: number;
}

const NAME_START = /[\p{L}_]/u;
const NAME_PART = /[\p{L}\p{N}_$]/u;
/** What ends the key of a {key: value} entry: a name, or a quoted or back-quoted one. */
const KEY_END = /[\p{L}\p{N}_$'"`]/u;

const isNameStart = (c: string | undefined): boolean => c !== undefined && NAME_START.test(c);
const isNamePart = (c: string | undefined): boolean => c !== undefined && NAME_PART.test(c);

/** Where the quoted text starting at `open` ends (its closing quote; backslash escapes a character). */
function quotedEnd(sql: string, open: number): number {
  const quote = sql[open];
  for (let i = open + 1; i < sql.length; i++) {
    if (sql[i] === '\\') i++;
    else if (sql[i] === quote) return i;
  }
  return sql.length;
}

function usedParameters(sql: string): UsedParameters {
  const named: string[] = [];
  let positional = 0;
  /** The open brackets around the current position: '{', '(' or '['. */
  const open: string[] = [];
  /** The last character of code that is not white space. */
  let previous = '';
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "'" || c === '"' || c === '`') {
      i = quotedEnd(sql, i);
      previous = c;
      continue;
    }
    if ((c === '-' && next === '-') || (c === '/' && next === '/')) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 1;
      continue;
    }
    if (c === '{' || c === '(' || c === '[') open.push(c);
    else if (c === '}' || c === ')' || c === ']') open.pop();
    else if (c === '?') positional++;
    else if (c === ':' && isNameStart(next) && !isNamePart(sql[i - 1])) {
      // Right inside braces, a ':' after a name is the separator of a {key: value} entry.
      const separator = open[open.length - 1] === '{' && KEY_END.test(previous);
      if (!separator) {
        let end = i + 1;
        while (isNamePart(sql[end])) end++;
        const name = sql.slice(i + 1, end);
        if (!named.includes(name)) named.push(name);
        i = end - 1;
        previous = sql[i]!;
        continue;
      }
    }
    if (c.trim() !== '') previous = c;
  }
  return { named, positional };
}

const at = (endpoint: string | undefined) => (endpoint ? `OrientDB at ${endpoint}` : 'OrientDB');
const list = (names: readonly string[]) => names.map((n) => `:${n}`).join(', ');

/**
 * Throws InvalidArgumentError when the statement uses a parameter the call does not give: a `:name`
 * that is not a key of the parameters, or a number of `?` other than the values given.
 */
export function checkParameters(sql: string, params: GivenParams, endpoint?: string): void {
  const used = usedParameters(sql);
  const notSent = `nothing was sent to ${at(endpoint)}`;
  if (Array.isArray(params)) {
    if (used.named.length > 0)
      throw new InvalidArgumentError(
        `the SQL names the parameter${used.named.length > 1 ? 's' : ''} ${list(used.named)}, but the parameters are an array (values for ?); ${notSent}: pass an object with ${used.named.map((n) => `'${n}'`).join(', ')}`,
      );
    if (used.positional !== params.length)
      throw new InvalidArgumentError(
        `the SQL has ${used.positional} positional parameter${used.positional === 1 ? '' : 's'} (?) but ${params.length} value${params.length === 1 ? ' was' : 's were'} given; ${notSent}: give one value per ? in order`,
      );
    return;
  }
  const has =
    params instanceof Map ? (name: string) => params.has(name) : (name: string) => Object.hasOwn(params, name);
  const missing = used.named.filter((name) => !has(name));
  if (missing.length > 0) {
    const given = params instanceof Map ? [...params.keys()] : Object.keys(params);
    throw new InvalidArgumentError(
      `the SQL names the parameter${missing.length > 1 ? 's' : ''} ${list(missing)}, which the parameters do not give (${given.length > 0 ? `given: ${given.join(', ')}` : 'none given'}); ${notSent}: check the name's spelling in the SQL and the parameters`,
    );
  }
  // With an object, OrientDB looks a `?` up under its number ("0", "1", ...).
  for (let i = 0; i < used.positional; i++)
    if (!has(String(i)))
      throw new InvalidArgumentError(
        `the SQL has ${used.positional} positional parameter${used.positional === 1 ? '' : 's'} (?), but the parameters are an object without a value for the ${ordinal(i + 1)}; ${notSent}: pass the values as an array, one per ? in order`,
      );
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
