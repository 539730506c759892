// PyOrient's batch style: attach creates, updates and deletes to a transaction object (nothing is
// sent), then commit them all in one TX_COMMIT with full content. Creates get temporary RIDs that
// other records of the batch may link to; the server replaces them with real ones.
import type { DateZone } from '../codec/date-zone.js';
import type { TxOperation } from '../codec/operations/transactions.js';
import { RecordId } from '../codec/record-id.js';
import { RecordType } from '../codec/types.js';
import { InvalidArgumentError } from '../errors.js';
import type { Connection, RequestOptions } from '../session/types.js';
import { transactions } from './lazy-modules.js';
import { encodeContent, toRid, versionOf, type RecordWriteOptions, type Rid } from './record-fields.js';
import type { CommitSummary } from './transaction-rids.js';

export class BatchTransaction {
  readonly #connect: (options: RequestOptions) => Promise<Connection>;
  /** The database's time zone, for a Date written as a DATE (contents are encoded as they are attached). */
  readonly #dateZone: () => DateZone;
  readonly #ops: TxOperation[] = [];
  /** Temporary RID of each record created in this batch → its class name. */
  readonly #classes = new Map<string, string | undefined>();
  #nextPosition = -2;
  #state: 'open' | 'committing' | 'done' = 'open';

  constructor(connect: (options: RequestOptions) => Promise<Connection>, dateZone: () => DateZone) {
    this.#connect = connect;
    this.#dateZone = dateZone;
  }

  /** Number of operations attached so far. */
  get size(): number {
    return this.#ops.length;
  }

  /**
   * Attaches the creation of a document in a class (or a cluster id) and returns its temporary RID,
   * usable as a link in other records of this batch.
   */
  create(classNameOrClusterId: string | number, fields: Record<string, unknown>): RecordId {
    this.#open();
    let rid: RecordId;
    let className: string | undefined;
    if (typeof classNameOrClusterId === 'number') {
      if (!Number.isInteger(classNameOrClusterId) || classNameOrClusterId < 0)
        throw new InvalidArgumentError(`not a cluster id: ${classNameOrClusterId}`);
      rid = new RecordId(classNameOrClusterId, this.#nextPosition--);
    } else if (typeof classNameOrClusterId === 'string' && classNameOrClusterId.length > 0) {
      rid = new RecordId(-1, this.#nextPosition--);
      className = classNameOrClusterId;
    } else {
      throw new InvalidArgumentError('create needs a class name or a cluster id');
    }
    this.#ops.push({ type: 'create', rid, recordType: RecordType.DOCUMENT, content: this.#encode(fields, className) });
    this.#classes.set(rid.toString(), className);
    return rid;
  }

  /**
   * Attaches a full replacement of a record's fields, checked against `version` (or fields['@version']).
   * For a record created in this batch, the new fields replace those of its creation.
   */
  update(rid: Rid, fields: Record<string, unknown>, options: RecordWriteOptions = {}): this {
    this.#open();
    const id = toRid(rid);
    const created = this.#created(id);
    if (created) {
      const className = typeof fields['@class'] === 'string' ? fields['@class'] : created.className;
      this.#ops[created.index] = {
        type: 'create',
        rid: id,
        recordType: RecordType.DOCUMENT,
        content: this.#encode(fields, className),
      };
      this.#classes.set(id.toString(), className);
      return this;
    }
    const cls = typeof fields['@class'] === 'string' ? fields['@class'] : undefined;
    this.#ops.push({
      type: 'update',
      rid: id,
      recordType: RecordType.DOCUMENT,
      version: versionOf(fields, options),
      content: this.#encode(fields, cls),
    });
    return this;
  }

  /** Attaches a deletion, checked against `version` when given; a record created in this batch is just not created. */
  delete(rid: Rid, options: RecordWriteOptions = {}): this {
    this.#open();
    const id = toRid(rid);
    const created = this.#created(id);
    if (created) {
      this.#ops.splice(created.index, 1);
      this.#classes.delete(id.toString());
      return this;
    }
    this.#ops.push({
      type: 'delete',
      rid: id,
      recordType: RecordType.DOCUMENT,
      version: versionOf(undefined, options),
    });
    return this;
  }

  /**
   * Sends every operation in one TX_COMMIT. All of them are applied, or none (an MVCC conflict
   * rejects with ConcurrentModificationError).
   */
  #encode(fields: Record<string, unknown>, className: string | undefined): Uint8Array {
    return encodeContent(fields, className, this.#dateZone());
  }

  async commit(options: RequestOptions = {}): Promise<CommitSummary> {
    this.#open();
    this.#state = 'committing';
    try {
      const [{ commitBatch }, conn] = await Promise.all([transactions(), this.#connect(options)]);
      return await commitBatch(conn, this.#ops, options);
    } finally {
      this.#state = 'done';
    }
  }

  /** Drops the attached operations; nothing was sent. */
  rollback(): void {
    this.#ops.length = 0;
    this.#classes.clear();
    this.#state = 'done';
  }

  /** A record created in this batch: its operation index and class; updating or deleting it edits that create. */
  #created(rid: RecordId): { index: number; className: string | undefined } | undefined {
    const key = rid.toString();
    if (!this.#classes.has(key)) return undefined;
    const index = this.#ops.findIndex((op) => op.type === 'create' && op.rid.equals(rid));
    return { index, className: this.#classes.get(key) };
  }

  #open(): void {
    if (this.#state !== 'open')
      throw new InvalidArgumentError('this batch transaction was already committed or rolled back');
  }
}
