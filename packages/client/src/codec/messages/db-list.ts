// REQUEST_DB_LIST (74): the server's databases (needs a server user with server.listDatabases).
import { ProtocolError } from '../../errors.js';
import { readDocument } from '../document.js';
import { Incomplete, Reader } from '../reader.js';
import type { Writer } from '../writer.js';

/** (empty body) */
export function encodeDbListRequest(_w: Writer): void {}

/** content:bytes, an onet_ser_v37 document { databases: EMBEDDEDMAP name → "remote:<address>/<name>" } */
export function decodeDbListResponse(r: Reader): Record<string, string> {
  const bytes = r.bytesField();
  if (!bytes) throw new ProtocolError('DB_LIST returned no document');
  let doc: Record<string, unknown>;
  try {
    doc = readDocument(new Reader(bytes));
  } catch (e) {
    if (e instanceof Incomplete) throw new ProtocolError('DB_LIST: truncated document');
    throw e;
  }
  const databases = (doc['databases'] ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [name, url] of Object.entries(databases)) out[name] = String(url);
  return out;
}
