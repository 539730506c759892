// RecordId: OrientDB's record address `#cluster:position` (ORecordId), immutable, with parsing and equality.
import { InvalidArgumentError } from '../errors.js';

const RID_PATTERN = /^#?(-?\d{1,6}):(-?\d{1,20})$/;
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function normalizePosition(position: number | bigint): number | bigint {
  if (typeof position === 'bigint') {
    if (position < INT64_MIN || position > INT64_MAX)
      throw new InvalidArgumentError(`record position ${position} does not fit in 64 bits`);
    return position >= -SAFE_MAX && position <= SAFE_MAX ? Number(position) : position;
  }
  if (!Number.isSafeInteger(position)) throw new InvalidArgumentError(`record position ${position} is not an integer`);
  return position === 0 ? 0 : position;
}

export class RecordId {
  /** Cluster id (int16 on the wire; -1 for a new record, -2 in the null link). */
  readonly cluster: number;
  /** Position in the cluster: a number when it is a safe integer, else a bigint. */
  readonly position: number | bigint;

  constructor(cluster: number, position: number | bigint) {
    if (!Number.isInteger(cluster) || cluster < -32768 || cluster > 32767) {
      throw new InvalidArgumentError(`cluster id ${cluster} is not a 16-bit integer`);
    }
    this.cluster = cluster === 0 ? 0 : cluster;
    this.position = normalizePosition(position);
  }

  /** Parses '#12:0' or '12:0'. */
  static parse(s: string): RecordId {
    const m = typeof s === 'string' ? RID_PATTERN.exec(s.trim()) : null;
    if (!m) throw new InvalidArgumentError(`not a record id: ${JSON.stringify(s)}`);
    const cluster = Number(m[1]);
    const pos = BigInt(m[2]!);
    return new RecordId(cluster, pos);
  }

  static from(x: RecordId | string): RecordId {
    if (x instanceof RecordId) return x;
    return RecordId.parse(x);
  }

  toString(): string {
    return `#${this.cluster}:${this.position}`;
  }

  toJSON(): string {
    return this.toString();
  }

  equals(o: unknown): boolean {
    if (!(o instanceof RecordId)) return false;
    return o.cluster === this.cluster && o.position === this.position;
  }

  /** A record not yet stored: cluster -1 or a position below -1. */
  get isTemporary(): boolean {
    return this.cluster === -1 || this.position < -1;
  }

  /** The null link (cluster -2, position -1) that link collections use for a missing entry. */
  get isNull(): boolean {
    return this.cluster === -2 && this.position === -1;
  }
}
