// RIDs and record versions as they appear in request/response frames (not inside records):
// fixed-width big-endian, as OChannelBinary.writeRID/readRID write them.
import type { Reader } from '../reader.js';
import { RecordId } from '../record-id.js';
import type { Writer } from '../writer.js';

/** clusterId:short clusterPosition:long */
export function writeFrameRid(w: Writer, rid: RecordId): void {
  w.short(rid.cluster).long(rid.position);
}

/** clusterId:short clusterPosition:long */
export function readFrameRid(r: Reader): RecordId {
  const cluster = r.short();
  const position = r.long();
  return new RecordId(cluster, position);
}
