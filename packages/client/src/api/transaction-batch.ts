// PyOrient's batch style: attach creates, updates and deletes to a transaction object (nothing is
// sent), then commit them all in one TX_COMMIT with full content. Creates get temporary RIDs that
// other records of the batch may link to; the server replaces them with real ones. Attaching is
// synchronous and checks and encodes each record as it is attached (a bad value is that call's error,
// and later changes to the caller's object are not sent). The class comes with transaction.ts, loaded
// on first use (lazy-modules.ts): client.tx() waits for it, so the record encoder is not in every page.
import type { DateZone } from '../codec/date-zone.js';
import type { TxOperation } from '../codec/operations/transactions.js';
import { RecordId } from '../codec/record-id.js';
import { RecordType } from '../codec/types.js';
import { InvalidArgumentError } from '../errors.js';
import type { RequestOptions } from '../session/types.js';
import { checkFields, encodeContent, toRid, versionOf, type RecordWriteOptions, type Rid } from './record-fields.js';
import type { CommitSummary } from './transaction-rids.js';

/** An attached operation; a creation keeps its class for an update that replaces it. */
type Attached = TxOperation & { className?: string };

/** Sends the operations in one TX_COMMIT on the client's database session. */
export type CommitOperations = (operations: TxOperation[], options: RequestOptions) => Promise<CommitSummary>;

export class BatchTransaction {
  readonly #send: CommitOperations;
  /** The database's time zone, for a Date written as a DATE (contents are encoded as they are attached). */
  readonly #dateZone: () => DateZone;
  /**
   * The operations in the order attached. A record created in this batch is kept under its temporary
   * RID's text, so an update of it replaces its creation where it stands and a delete takes it out;
   * every other operation is kept under a key of its own.
   */
  readonly #ops = new Map<string | symbol, Attached>();
  #nextPosition = -2;
  #state: 'open' | 'done' = 'open';

  constructor(send: CommitOperations, dateZone: () => DateZone) {
    this.#send = send;
    this.#dateZone = dateZone;
  }

  /** Number of operations attached so far. */
  get size(): number {
    return this.#ops.size;
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
    this.#create(rid, fields, className);
    return rid;
  }

  /**
   * Attaches a full replacement of a record's fields, checked against `version` (or fields['@version']).
   * For a record created in this batch, the new fields replace those of its creation.
   */
  update(rid: Rid, fields: Record<string, unknown>, options: RecordWriteOptions = {}): this {
    this.#open();
    const id = toRid(rid);
    checkFields(fields);
    const created = this.#ops.get(id.toString());
    const className = typeof fields['@class'] === 'string' ? fields['@class'] : created?.className;
    if (created) this.#create(id, fields, className);
    else
      this.#ops.set(Symbol(), {
        type: 'update',
        rid: id,
        recordType: RecordType.DOCUMENT,
        version: versionOf(fields, options),
        content: this.#encode(fields, className),
      });
    return this;
  }

  /** Attaches a deletion, checked against `version` when given; a record created in this batch is just not created. */
  delete(rid: Rid, options: RecordWriteOptions = {}): this {
    this.#open();
    const id = toRid(rid);
    if (!this.#ops.delete(id.toString()))
      this.#ops.set(Symbol(), {
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
  async commit(options: RequestOptions = {}): Promise<CommitSummary> {
    this.#open();
    this.#state = 'done';
    return await this.#send([...this.#ops.values()], options);
  }

  /** Drops the attached operations; nothing was sent. */
  rollback(): void {
    this.#ops.clear();
    this.#state = 'done';
  }

  /** Attaches (or, under the same temporary RID, replaces) the creation of a record. */
  #create(rid: RecordId, fields: Record<string, unknown>, className: string | undefined): void {
    const content = this.#encode(fields, className);
    this.#ops.set(rid.toString(), { type: 'create', rid, recordType: RecordType.DOCUMENT, content, className });
  }

  #encode(fields: Record<string, unknown>, className: string | undefined): Uint8Array {
    return encodeContent(fields, className, this.#dateZone());
  }

  #open(): void {
    if (this.#state !== 'open')
      throw new InvalidArgumentError('this batch transaction was already committed or rolled back');
  }
}
