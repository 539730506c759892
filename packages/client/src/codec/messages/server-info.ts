// REQUEST_SERVER_INFO (75): a JSON text about the server (needs a server user with server.info).
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

/** (empty body) */
export function encodeServerInfoRequest(_w: Writer): void {}

/** info:string (JSON) */
export function decodeServerInfoResponse(r: Reader): string {
  return r.string() ?? '';
}
