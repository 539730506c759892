// RIDs as request and answer frames carry them (OChannelBinary.writeRID): fixed-width big-endian,
// unlike the varints inside a record's content. Shared by the records, transactions and admin families.
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
