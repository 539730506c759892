// The arguments of query() and command() in either form: (sql, params?, options?) or a tagged template,
// whose values become typed named parameters (sql-template.ts). One place, so the client and the pool agree.
import type { StreamOptions } from './options.js';
import type { Params } from './query-requests.js';
import { isTemplate } from './sql-template.js';
import type { CompiledSql } from './tagged-sql.js';

/** Compiles a tagged template (tagged-sql.ts: the client loads it on the first tagged call). */
export type TemplateCompiler = (strings: TemplateStringsArray, values: readonly unknown[]) => CompiledSql;

/** The statement, parameters and options of a call; a tagged template's through `compile`, given for one. */
export function statementOf(
  sql: string | TemplateStringsArray,
  rest: readonly unknown[],
  compile?: TemplateCompiler,
): [string, Params, StreamOptions] {
  if (isTemplate(sql)) {
    if (!compile) throw new TypeError('a tagged template needs its compiler');
    const { text, params } = compile(sql, rest);
    return [text, params, {}];
  }
  return [sql, (rest[0] as Params | undefined) ?? {}, (rest[1] as StreamOptions | undefined) ?? {}];
}
