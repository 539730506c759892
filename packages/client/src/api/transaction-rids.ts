// After a commit: temporary RIDs (and versions) of created records replaced by the real ones in the
// rows and values the application holds, including links between records of the same transaction.
import type { TxCommitResult } from '../codec/operations/transactions.js';
import { RecordId } from '../codec/record-id.js';

export interface CommitSummary {
  /** Each created record: its temporary RID in the transaction, its real RID and its version. */
  created: Array<{ tempRid: RecordId; rid: RecordId; version: number }>;
  updated: Array<{ rid: RecordId; version: number }>;
  deleted: RecordId[];
  /** The real RID of a temporary one (the same RID when it was not temporary). */
  ridOf(rid: RecordId | string): RecordId;
}

export function summarize(res: TxCommitResult): CommitSummary {
  const real = new Map<string, RecordId>();
  for (const c of res.created) real.set(c.tempRid.toString(), c.rid);
  return {
    created: res.created,
    updated: res.updated,
    deleted: res.deleted,
    ridOf: (rid) => {
      const id = RecordId.from(rid);
      return real.get(id.toString()) ?? id;
    },
  };
}

/**
 * Rewrites, in place, every temporary RecordId found in `roots` (rows, arrays, maps, sets, nested
 * objects), and sets '@version' of rows whose '@rid' was created or updated by the commit.
 */
export function remapRids(roots: unknown[], res: TxCommitResult): void {
  if (res.created.length === 0 && res.updated.length === 0) return;
  const real = new Map<string, RecordId>();
  const versions = new Map<string, number>();
  for (const c of res.created) {
    real.set(c.tempRid.toString(), c.rid);
    versions.set(c.rid.toString(), c.version);
  }
  for (const u of res.updated) versions.set(u.rid.toString(), u.version);
  const swap = (v: unknown): unknown => (v instanceof RecordId ? (real.get(v.toString()) ?? v) : v);
  const seen = new WeakSet<object>();
  const stack: unknown[] = [...roots];
  while (stack.length > 0) {
    const x = stack.pop();
    if (x === null || typeof x !== 'object' || x instanceof RecordId || ArrayBuffer.isView(x) || seen.has(x)) continue;
    seen.add(x);
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        x[i] = swap(x[i]);
        stack.push(x[i]);
      }
    } else if (x instanceof Map) {
      for (const [k, v] of x) {
        const s = swap(v);
        if (s !== v) x.set(k, s);
        stack.push(s);
      }
    } else if (x instanceof Set) {
      const items = [...x];
      if (items.some((v) => swap(v) !== v)) {
        x.clear();
        for (const v of items) x.add(swap(v));
      }
      for (const v of x) stack.push(v);
    } else if (!(x instanceof Date)) {
      const o = x as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        const s = swap(o[k]);
        if (s !== o[k]) o[k] = s;
        stack.push(s);
      }
      const rid = o['@rid'];
      if (rid instanceof RecordId && '@version' in o) {
        const v = versions.get(rid.toString());
        if (v !== undefined) o['@version'] = v;
      }
    }
  }
}
