// The arguments of query() and command() in either form: (sql, params?, options?) or a tagged template,
// whose values become typed named parameters (sql-template.ts). One place, so the client and the pool agree.
import type { StreamOptions } from './options.js';
import type { Params } from './query-requests.js';
import { compileTemplate, isTemplate } from './sql-template.js';

export function statementOf(
  sql: string | TemplateStringsArray,
  rest: readonly unknown[],
): [string, Params, StreamOptions] {
  if (isTemplate(sql)) {
    const { text, params } = compileTemplate(sql, rest);
    return [text, params, {}];
  }
  return [sql, (rest[0] as Params | undefined) ?? {}, (rest[1] as StreamOptions | undefined) ?? {}];
}
