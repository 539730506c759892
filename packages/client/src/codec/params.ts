// Query and command parameters (OQueryRequest params bytes): a V37 document with no class and one field
// `params` of type EMBEDDEDMAP (12), name → value; positional parameters use the keys "0", "1", ...
import { InvalidArgumentError } from '../errors.js';
import type { DateZone } from './date-zone.js';
import { OType } from './types.js';
import { isStackOverflow } from './value-reader.js';
import { writeValue } from './value-writer.js';
import { Writer } from './writer.js';

// className:"" (0x00) fieldCount:1 (0x02) "params" (0x0C 'params') type:12 (0x0C) count:varint (key:string type:byte value?)*
export function encodeQueryParams(params?: Record<string, unknown> | unknown[], dateZone?: DateZone): Uint8Array {
  const w = new Writer(64);
  w.dateZone = dateZone;
  w.varString('').varint(1).varString('params').byte(OType.EMBEDDEDMAP);
  let map: Record<string, unknown>;
  if (params === undefined || params === null) map = {};
  else if (Array.isArray(params)) {
    map = {};
    params.forEach((v, i) => {
      map[String(i)] = v === undefined ? null : v;
    });
  } else if (typeof params === 'object' && !(params instanceof Map)) map = params;
  else if (params instanceof Map) map = Object.fromEntries(params as Map<string, unknown>);
  else throw new InvalidArgumentError('query parameters must be an array or an object');
  try {
    writeValue(w, OType.EMBEDDEDMAP, map, 0);
  } catch (e) {
    if (isStackOverflow(e))
      throw new InvalidArgumentError('parameters nested too deeply for the call stack (or cyclic)');
    throw e;
  }
  return w.finish();
}
