// REQUEST_CLOSE_QUERY (46): releases a server-side cursor that still has pages.
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

/** queryId:string */
export function encodeCloseQueryRequest(w: Writer, queryId: string): void {
  w.string(queryId);
}

/** (empty body) */
export function decodeCloseQueryResponse(_r: Reader): void {}
