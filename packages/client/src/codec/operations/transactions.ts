// The transactions family: REQUEST_TX_BEGIN (61), REQUEST_TX_COMMIT (60), REQUEST_TX_ROLLBACK (64) under
// 37/38, and the transaction body BEGIN and COMMIT share (OMessageHelper.writeTransactionEntry).
import { InvalidArgumentError, ProtocolError } from '../../errors.js';
import type { Reader } from '../reader.js';
import type { RecordId } from '../record-id.js';
import type { Writer } from '../writer.js';
import { REQUEST_TX_BEGIN, REQUEST_TX_COMMIT, REQUEST_TX_ROLLBACK } from './opcodes.js';
import { handshakeOnly, type Framing, type OperationCodec, type RequestReader } from './operation.js';
import { readFrameRid, writeFrameRid } from './frame-rid.js';
import { readCollectionChanges, type CollectionChange } from './records.js';

/** ORecordOperation types. */
const TX_OP_UPDATED = 1;
const TX_OP_DELETED = 2;
const TX_OP_CREATED = 3;

export type TxOperation =
  | { type: 'create'; rid: RecordId; recordType: number; content: Uint8Array }
  | {
      type: 'update';
      rid: RecordId;
      recordType: number;
      version: number;
      content: Uint8Array;
      contentChanged?: boolean;
    }
  | { type: 'delete'; rid: RecordId; recordType: number; version: number };

/**
 * txId:int hasContent:boolean usingLog:boolean
 * if hasContent: ( 1:byte entry )* 0:byte indexChangeCount:int(0)
 * entry: opType:byte rid:(short,long) recordType:byte then
 *   CREATED(3): content:bytes | UPDATED(1): version:int content:bytes contentChanged:boolean | DELETED(2): version:int
 * A created record carries a temporary RID: cluster -1 (the server picks by class) or a real cluster,
 * and a position below -1 that is unique within the transaction; links to it use the same RID.
 * `operations === null` sends no content (hasContent false).
 */
function encodeTxBody(
  w: Writer,
  txId: number,
  operations: readonly TxOperation[] | null,
  usingLog = true,
  indexChanges?: Uint8Array,
): void {
  w.int(txId)
    .bool(operations !== null)
    .bool(usingLog);
  if (operations === null) return;
  writeTxEntries(w, operations);
  if (indexChanges) w.raw(indexChanges);
  else w.int(0);
}

/**
 * The legacy body (OCommitRequest), when no handshake came first:
 * txId:int usingLog:boolean ( 1:byte entry )* 0:byte indexChanges:bytes (a document in the connection's serializer)
 */
function encodeLegacyTxBody(
  w: Writer,
  txId: number,
  operations: readonly TxOperation[] | null,
  usingLog = true,
  indexChanges?: Uint8Array,
): void {
  w.int(txId).bool(usingLog);
  writeTxEntries(w, operations ?? []);
  w.bytesField(indexChanges ?? new Uint8Array(0));
}

/** ( 1:byte entry )* 0:byte */
function writeTxEntries(w: Writer, operations: readonly TxOperation[]): void {
  for (const op of operations) {
    w.byte(1);
    switch (op.type) {
      case 'create':
        w.byte(TX_OP_CREATED);
        writeFrameRid(w, op.rid);
        w.byte(op.recordType).bytesField(op.content);
        break;
      case 'update':
        w.byte(TX_OP_UPDATED);
        writeFrameRid(w, op.rid);
        w.byte(op.recordType)
          .int(op.version)
          .bytesField(op.content)
          .bool(op.contentChanged ?? true);
        break;
      case 'delete':
        w.byte(TX_OP_DELETED);
        writeFrameRid(w, op.rid);
        w.byte(op.recordType).int(op.version);
        break;
      default:
        throw new InvalidArgumentError(`unknown transaction operation ${(op as { type: unknown }).type}`);
    }
  }
  w.byte(0);
}

/** What TX_BEGIN and TX_COMMIT carry. */
export interface TxArgs {
  txId: number;
  /** null sends no content (hasContent false); legacy framing always has a list, maybe empty. */
  operations: readonly TxOperation[] | null;
  /** true when omitted. */
  usingLog?: boolean;
  /**
   * Index changes as another client sent them (the client itself sends none): under 37/38 the section
   * from its count on (OMessageHelper.writeTransactionIndexChanges); under legacy framing the document bytes.
   */
  indexChanges?: Uint8Array;
}

export interface TxBeginResult {
  txId: number;
  /** RIDs the server re-assigned while beginning: [the RID the client sent, the RID now used]. */
  updatedRids: Array<[RecordId, RecordId]>;
}

export const TX_BEGIN: OperationCodec<TxArgs, TxBeginResult> = {
  opcode: REQUEST_TX_BEGIN,
  name: 'REQUEST_TX_BEGIN',
  family: 'transactions',
  scope: 'database',
  replay: () => 'write',
  answered: () => true,
  write: (w, a) => encodeTxBody(w, a.txId, a.operations, a.usingLog, a.indexChanges),
  readAnswer: (r) => decodeTxBeginResponse(r),
};

export const TX_BEGIN_REQUEST_READER: RequestReader<TxArgs> = handshakeOnly('REQUEST_TX_BEGIN', () =>
  txBodyReader('handshake'),
);

/** txId:int count:int ( clientRid:(short,long) serverRid:(short,long) )* */
function decodeTxBeginResponse(r: Reader): TxBeginResult {
  const txId = r.int();
  const count = r.int();
  const updatedRids: Array<[RecordId, RecordId]> = [];
  for (let i = 0; i < count; i++) {
    const a = readFrameRid(r);
    const b = readFrameRid(r);
    updatedRids.push([a, b]);
  }
  return { txId, updatedRids };
}

export interface TxCommitResult {
  /** Each created record: the temporary RID it had in the transaction, its real RID and version. */
  created: Array<{ tempRid: RecordId; rid: RecordId; version: number }>;
  updated: Array<{ rid: RecordId; version: number }>;
  deleted: RecordId[];
  collectionChanges: CollectionChange[];
}

/** The 37/38 body (OCommit37Request, OCommit38Request) after a handshake, OCommitRequest's without one. */
export const TX_COMMIT: OperationCodec<TxArgs, TxCommitResult> = {
  opcode: REQUEST_TX_COMMIT,
  name: 'REQUEST_TX_COMMIT',
  family: 'transactions',
  scope: 'database',
  replay: () => 'write',
  answered: () => true,
  write(w, a, framing: Framing = 'handshake') {
    const encode = framing === 'legacy' ? encodeLegacyTxBody : encodeTxBody;
    encode(w, a.txId, a.operations, a.usingLog, a.indexChanges);
  },
  readAnswer: (r) => decodeTxCommitResponse(r),
};

export const TX_COMMIT_REQUEST_READER: RequestReader<TxArgs> = (framing) => txBodyReader(framing);

/**
 * createdCount:int ( tempRid:(short,long) rid:(short,long) version:int )*
 * updatedCount:int ( rid:(short,long) version:int )*
 * deletedCount:int ( rid:(short,long) )*
 * collectionChanges
 */
function decodeTxCommitResponse(r: Reader): TxCommitResult {
  const created: TxCommitResult['created'] = [];
  for (let n = r.int(); n > 0; n--) {
    const tempRid = readFrameRid(r);
    const rid = readFrameRid(r);
    const version = r.int();
    created.push({ tempRid, rid, version });
  }
  const updated: TxCommitResult['updated'] = [];
  for (let n = r.int(); n > 0; n--) {
    const rid = readFrameRid(r);
    const version = r.int();
    updated.push({ rid, version });
  }
  const deleted: RecordId[] = [];
  for (let n = r.int(); n > 0; n--) deleted.push(readFrameRid(r));
  const collectionChanges = readCollectionChanges(r);
  return { created, updated, deleted, collectionChanges };
}

/** txId:int */
function encodeTxRollbackRequest(w: Writer, txId: number): void {
  w.int(txId);
}

/** (empty body) */
function decodeTxRollbackResponse(_r: Reader): void {}

export const TX_ROLLBACK: OperationCodec<{ txId: number }, void> = {
  opcode: REQUEST_TX_ROLLBACK,
  name: 'REQUEST_TX_ROLLBACK',
  family: 'transactions',
  scope: 'database',
  replay: () => 'write',
  answered: () => true,
  write: (w, a) => encodeTxRollbackRequest(w, a.txId),
  readAnswer: decodeTxRollbackResponse,
};

export const TX_ROLLBACK_REQUEST_READER: RequestReader<{ txId: number }> = handshakeOnly(
  'REQUEST_TX_ROLLBACK',
  () => (r: Reader) => ({ txId: r.int() }),
);

/** OTransactionIndexChanges.OPERATION.CLEAR: a key change with no RID after it. */
const INDEX_OP_CLEAR = 2;

/**
 * Reads a transaction body back, resumably: it remembers the offset (from the body start) after the
 * last complete entry, index and key change, so a body fed in pieces is walked once. As the server
 * does, any marker byte other than 1 ends the entries.
 */
function txBodyReader(framing: Framing): (r: Reader) => TxArgs {
  const legacy = framing === 'legacy';
  let stage: 'head' | 'entries' | 'index' | 'done' = 'head';
  let offset = 0;
  let txId = 0;
  let hasContent = true;
  let usingLog = true;
  const operations: TxOperation[] = [];
  let indexChanges: Uint8Array | undefined;
  // the index-change walk (37/38): where the section starts, and what is left at each level
  let sectionStart = -1;
  let indexesLeft = 0;
  let changesLeft = 0;
  let keyChangesLeft = 0;
  return (r) => {
    const base = r.pos;
    const mark = () => {
      offset = r.pos - base;
    };
    if (stage === 'head') {
      txId = r.int();
      hasContent = legacy ? true : r.bool();
      usingLog = r.bool();
      mark();
      stage = hasContent ? 'entries' : 'done';
    } else {
      r.pos = base + offset;
    }
    while (stage === 'entries') {
      if (r.byte() !== 1) stage = 'index';
      else operations.push(readTxEntry(r));
      mark();
    }
    if (stage === 'index') {
      if (legacy) {
        const doc = r.bytesField();
        if (doc && doc.length > 0) indexChanges = doc;
      } else {
        if (sectionStart < 0) {
          indexesLeft = Math.max(0, r.int());
          sectionStart = offset;
          mark();
        }
        walkIndexChanges(r, mark);
        if (r.pos - base > sectionStart + 4) indexChanges = r.bytes.subarray(base + sectionStart, r.pos);
      }
      mark();
      stage = 'done';
    }
    r.pos = base + offset;
    const args: TxArgs = { txId, operations: hasContent ? operations : null, usingLog };
    if (indexChanges) args.indexChanges = indexChanges;
    return args;
  };

  /**
   * ( name:string cleared:boolean changeCount:int
   *   ( keyType:byte(-1 = null key) [key:bytes] keyChangeCount:int ( op:int [rid:(short,long) unless op = 2] )* )* )*
   */
  function walkIndexChanges(r: Reader, mark: () => void): void {
    for (;;) {
      if (keyChangesLeft > 0) {
        const op = r.int();
        if (op < 0 || op > INDEX_OP_CLEAR) throw new ProtocolError(`transaction index change: unknown operation ${op}`);
        if (op !== INDEX_OP_CLEAR) readFrameRid(r);
        keyChangesLeft--;
      } else if (changesLeft > 0) {
        if (r.int8() !== -1) r.bytesField();
        keyChangesLeft = Math.max(0, r.int());
        changesLeft--;
      } else if (indexesLeft > 0) {
        r.string();
        r.bool();
        changesLeft = Math.max(0, r.int());
        indexesLeft--;
      } else {
        return;
      }
      mark();
    }
  }
}

/** opType:byte rid:(short,long) recordType:byte then the fields of its type (see encodeTxBody) */
function readTxEntry(r: Reader): TxOperation {
  const type = r.byte();
  const rid = readFrameRid(r);
  const recordType = r.byte();
  switch (type) {
    case TX_OP_CREATED:
      return { type: 'create', rid, recordType, content: r.bytesField() ?? new Uint8Array(0) };
    case TX_OP_UPDATED: {
      const version = r.int();
      const content = r.bytesField() ?? new Uint8Array(0);
      return { type: 'update', rid, recordType, version, content, contentChanged: r.bool() };
    }
    case TX_OP_DELETED:
      return { type: 'delete', rid, recordType, version: r.int() };
    default:
      throw new ProtocolError(`transaction entry of unknown type ${type}`);
  }
}
