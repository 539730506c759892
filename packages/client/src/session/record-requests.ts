// Request descriptors for records, transactions and live-query subscriptions.
import { decodeLiveQuerySubscribeResponse, encodeLiveQuerySubscribeRequest } from '../codec/operations/live.js';
import { decodeLiveQueryUnsubscribeResponse, encodeLiveQueryUnsubscribeRequest } from '../codec/operations/live.js';
import * as op from '../codec/operations/opcodes.js';
import { decodeRecordCreateResponse, encodeRecordCreateRequest, type RecordCreateResult } from '../codec/operations/records.js';
import { decodeRecordDeleteResponse, encodeRecordDeleteRequest } from '../codec/operations/records.js';
import { decodeRecordLoadResponse, encodeRecordLoadRequest, type RecordLoadResult } from '../codec/operations/records.js';
import { decodeRecordUpdateResponse, encodeRecordUpdateRequest, type RecordUpdateResult } from '../codec/operations/records.js';
import { decodeTxBeginResponse, encodeTxBeginRequest, type TxBeginResult } from '../codec/operations/transactions.js';
import { decodeTxCommitResponse, encodeTxCommitRequest, type TxCommitResult } from '../codec/operations/transactions.js';
import type { TxOperation } from '../codec/operations/transactions.js';
import { decodeTxRollbackResponse, encodeTxRollbackRequest } from '../codec/operations/transactions.js';
import type { RecordId } from '../codec/record-id.js';
import { RecordType } from '../codec/types.js';
import type { Request } from './types.js';

export function recordLoadRequest(rid: RecordId, fetchPlan = '', ignoreCache = false): Request<RecordLoadResult | null> {
  return { opcode: op.REQUEST_RECORD_LOAD, idempotent: true, write: (w) => encodeRecordLoadRequest(w, rid, fetchPlan, ignoreCache), read: decodeRecordLoadResponse };
}

export function recordCreateRequest(clusterId: number, content: Uint8Array, recordType: number = RecordType.DOCUMENT): Request<RecordCreateResult> {
  return { opcode: op.REQUEST_RECORD_CREATE, write: (w) => encodeRecordCreateRequest(w, clusterId, content, recordType), read: decodeRecordCreateResponse };
}

export function recordUpdateRequest(rid: RecordId, content: Uint8Array, version: number, recordType: number = RecordType.DOCUMENT): Request<RecordUpdateResult> {
  return { opcode: op.REQUEST_RECORD_UPDATE, write: (w) => encodeRecordUpdateRequest(w, rid, content, version, recordType), read: decodeRecordUpdateResponse };
}

export function recordDeleteRequest(rid: RecordId, version: number): Request<boolean> {
  return { opcode: op.REQUEST_RECORD_DELETE, write: (w) => encodeRecordDeleteRequest(w, rid, version), read: decodeRecordDeleteResponse };
}

export function txBeginRequest(txId: number, operations: readonly TxOperation[] | null = null): Request<TxBeginResult> {
  return { opcode: op.REQUEST_TX_BEGIN, write: (w) => encodeTxBeginRequest(w, txId, operations), read: decodeTxBeginResponse };
}

/** TX_COMMIT (60): `null` commits what TX_BEGIN opened; operations send the whole transaction. */
export function txCommitRequest(txId: number, operations: readonly TxOperation[] | null): Request<TxCommitResult> {
  return { opcode: op.REQUEST_TX_COMMIT, write: (w) => encodeTxCommitRequest(w, txId, operations), read: decodeTxCommitResponse };
}

export function txRollbackRequest(txId: number): Request<void> {
  return { opcode: op.REQUEST_TX_ROLLBACK, write: (w) => encodeTxRollbackRequest(w, txId), read: decodeTxRollbackResponse };
}

/** SUBSCRIBE_PUSH (100) for a live query; resolves with the monitor id that push frames carry. */
export function liveQuerySubscribeRequest(query: string, params: Uint8Array, namedParams = true): Request<number> {
  return { opcode: op.SUBSCRIBE_PUSH, write: (w) => encodeLiveQuerySubscribeRequest(w, query, params, namedParams), read: decodeLiveQuerySubscribeResponse };
}

export function liveQueryUnsubscribeRequest(monitorId: number): Request<void> {
  return { opcode: op.UNSUBSCRIBE_PUSH, idempotent: true, write: (w) => encodeLiveQueryUnsubscribeRequest(w, monitorId), read: decodeLiveQueryUnsubscribeResponse };
}
