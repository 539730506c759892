// The query family: REQUEST_QUERY (45), REQUEST_SERVER_QUERY (50), REQUEST_QUERY_NEXT_PAGE (47) and
// REQUEST_CLOSE_QUERY (46); the shared result page, with a resumable skipper so a large page is decoded once.
import { ProtocolError } from '../../errors.js';
import type { Reader } from '../reader.js';
import { readResultItem, skipResultItem } from '../result.js';
import type { Writer } from '../writer.js';
import { REQUEST_CLOSE_QUERY, REQUEST_QUERY, REQUEST_QUERY_NEXT_PAGE, REQUEST_SERVER_QUERY } from './opcodes.js';
import { readText, type OperationCodec, type RequestReader } from './operation.js';

export type ResultItem = ReturnType<typeof readResultItem>;

/** operationType byte: 0 command, 1 idempotent query, 2 script (with a language). */
const QUERY_MODE_COMMAND = 0;
const QUERY_MODE_QUERY = 1;
const QUERY_MODE_SCRIPT = 2;
export type QueryMode = 'command' | 'query' | 'script';

const MODE_BYTES: Record<QueryMode, number> = {
  command: QUERY_MODE_COMMAND,
  query: QUERY_MODE_QUERY,
  script: QUERY_MODE_SCRIPT,
};

export interface QueryRequest {
  statement: string;
  mode?: QueryMode;
  /** 'sql' by default; for scripts e.g. 'sql' or 'javascript'. */
  language?: string;
  /** Records per page (default 100). On 3.2.25 a value <= 0 gives an empty first page, not a default. */
  pageSize?: number;
  /** Encoded parameters (an onet_ser_v37 document with field `params`), or empty for none. */
  params?: Uint8Array;
  /** true when `params` has named keys; false for positional ("0", "1", ...). */
  namedParams?: boolean;
}

/**
 * language:string statement:string operationType:byte recordsPerPage:int reserved:string(null)
 * params:bytes namedParams:boolean      (same body for QUERY and SERVER_QUERY)
 */
function encodeQueryRequest(w: Writer, q: QueryRequest): void {
  w.string(q.language ?? 'sql')
    .string(q.statement)
    .byte(MODE_BYTES[q.mode ?? 'query'])
    .int(q.pageSize ?? 100)
    .string(null)
    .bytesField(q.params ?? new Uint8Array(0))
    .bool(q.namedParams ?? true);
}

const MODES: readonly QueryMode[] = ['command', 'query', 'script'];

function readQueryRequest(r: Reader): Required<QueryRequest> {
  const language = readText(r);
  const statement = readText(r);
  const modeByte = r.byte();
  const mode = MODES[modeByte];
  if (mode === undefined) throw new ProtocolError(`query request: unknown operation type ${modeByte}`);
  const pageSize = r.int();
  r.string();
  const params = r.bytesField() ?? new Uint8Array(0);
  const namedParams = r.bool();
  return { statement, mode, language, pageSize, params, namedParams };
}

/** queryId:string recordsPerPage:int */
function encodeQueryNextPageRequest(w: Writer, queryId: string, pageSize = 100): void {
  w.string(queryId).int(pageSize);
}

/** queryId:string */
function encodeCloseQueryRequest(w: Writer, queryId: string): void {
  w.string(queryId);
}

/** (empty body) */
function decodeCloseQueryResponse(_r: Reader): void {}

/** A query reads (and is sent again after a drop); a command or a script may write. */
export const QUERY: OperationCodec<QueryRequest, QueryPage> = {
  opcode: REQUEST_QUERY,
  name: 'REQUEST_QUERY',
  family: 'query',
  scope: 'database',
  replay: (q) => ((q.mode ?? 'query') === 'query' ? 'read' : 'write'),
  answered: () => true,
  write: encodeQueryRequest,
  readAnswer: (r) => decodeQueryResponse(r),
  answerSkipper: () => createQueryResponseSkipper(),
};

export const QUERY_REQUEST_READER: RequestReader<QueryRequest> = () => readQueryRequest;

/** Server-level SQL (CREATE/DROP DATABASE among others), a write in every mode. */
export const SERVER_QUERY: OperationCodec<QueryRequest, QueryPage> = {
  opcode: REQUEST_SERVER_QUERY,
  name: 'REQUEST_SERVER_QUERY',
  since: '3.2',
  family: 'query',
  scope: 'server',
  replay: () => 'write',
  answered: () => true,
  write: encodeQueryRequest,
  readAnswer: (r) => decodeQueryResponse(r),
  answerSkipper: () => createQueryResponseSkipper(),
};

export const SERVER_QUERY_REQUEST_READER: RequestReader<QueryRequest> = () => readQueryRequest;

export interface NextPageArgs {
  queryId: string;
  /** Records per page (default 100). */
  pageSize?: number;
}

export const QUERY_NEXT_PAGE: OperationCodec<NextPageArgs, QueryPage> = {
  opcode: REQUEST_QUERY_NEXT_PAGE,
  name: 'REQUEST_QUERY_NEXT_PAGE',
  family: 'query',
  scope: 'database',
  replay: () => 'cursor',
  answered: () => true,
  write: (w, a) => encodeQueryNextPageRequest(w, a.queryId, a.pageSize),
  readAnswer: (r) => decodeQueryResponse(r),
  answerSkipper: () => createQueryResponseSkipper(),
};

export const QUERY_NEXT_PAGE_REQUEST_READER: RequestReader<NextPageArgs> = () => (r) => ({
  queryId: readText(r),
  pageSize: r.int(),
});

export const CLOSE_QUERY: OperationCodec<{ queryId: string }, void> = {
  opcode: REQUEST_CLOSE_QUERY,
  name: 'REQUEST_CLOSE_QUERY',
  family: 'query',
  scope: 'database',
  replay: () => 'read',
  answered: () => true,
  write: (w, a) => encodeCloseQueryRequest(w, a.queryId),
  readAnswer: decodeCloseQueryResponse,
};

export const CLOSE_QUERY_REQUEST_READER: RequestReader<{ queryId: string }> = () => (r) => ({ queryId: readText(r) });

export interface QueryPage {
  queryId: string;
  /** The query ran inside a transaction with changes. */
  txChanges: boolean;
  /** The execution plan, when the server is configured to send it. */
  plan: ResultItem | null;
  items: ResultItem[];
  hasNextPage: boolean;
  stats: Record<string, number | bigint>;
  /** The schema changed: a client may refresh its metadata. */
  reloadMetadata: boolean;
}

/**
 * queryId:string txChanges:bool planPresent:bool [plan:result] prefetched:int(0) count:int result*
 * hasNextPage:bool statsCount:int (key:string value:long)* reloadMetadata:bool
 */
function decodeQueryResponse(r: Reader): QueryPage {
  const queryId = r.string() ?? '';
  const txChanges = r.bool();
  const plan = r.bool() ? readResultItem(r) : null;
  readPrefetched(r);
  const count = r.int();
  if (count < 0) throw new ProtocolError(`negative result count ${count}`);
  const items: ResultItem[] = [];
  for (let i = 0; i < count; i++) items.push(readResultItem(r));
  const hasNextPage = r.bool();
  const stats: Record<string, number | bigint> = {};
  for (let n = r.int(); n > 0; n--) {
    const key = r.string() ?? '';
    stats[key] = r.long();
  }
  return { queryId, txChanges, plan, items, hasNextPage, stats, reloadMetadata: r.bool() };
}

function readPrefetched(r: Reader): void {
  const prefetched = r.int();
  if (prefetched !== 0) throw new ProtocolError(`unsupported prefetched count ${prefetched}`);
}

/**
 * A skipper for one page that remembers how far it got: retried on the same frame (from the body
 * start, with more bytes buffered), it resumes after the last complete item instead of rescanning.
 * `onEnd` hears the page's cursor id and hasNextPage once the whole page is there, before it is decoded.
 */
export function createQueryResponseSkipper(
  onEnd?: (queryId: string, hasNextPage: boolean) => void,
): (r: Reader) => void {
  let itemsOffset = -1;
  let remaining = 0;
  let offset = 0;
  let queryId = '';
  return (r: Reader) => {
    const base = r.pos;
    if (itemsOffset < 0) {
      queryId = r.string() ?? '';
      r.bool();
      if (r.bool()) skipResultItem(r);
      readPrefetched(r);
      const count = r.int();
      if (count < 0) throw new ProtocolError(`negative result count ${count}`);
      itemsOffset = offset = r.pos - base;
      remaining = count;
    } else {
      r.pos = base + offset;
    }
    while (remaining > 0) {
      skipResultItem(r);
      remaining--;
      offset = r.pos - base;
    }
    const hasNextPage = r.bool();
    for (let n = r.int(); n > 0; n--) {
      r.string();
      r.long();
    }
    r.bool();
    onEnd?.(queryId, hasNextPage);
  };
}
