// LINKBAG (RIDBAG) values: embedded bags decode to RecordId[]; tree bags (stored in a B-tree on the
// server, no RIDs inline) decode to TreeLinkBag.
import type { RecordId } from './record-id.js';

/** One pending change of a tree bag: the link, the change kind byte (OrientDB's Change.TYPE) and its value. */
export interface TreeLinkBagChange {
  rid: RecordId;
  type: number;
  value: number;
}

/** A pointer to a server-side tree bag; read its RIDs with SQL (e.g. `select expand(out()) from #x:y`). */
export class TreeLinkBag {
  readonly fileId: number | bigint;
  readonly pageIndex: number | bigint;
  readonly pageOffset: number;
  /** The size the server sent; OrientDB writes -1 when it does not send one. */
  readonly size: number;
  readonly changes: readonly TreeLinkBagChange[];

  constructor(init: {
    fileId: number | bigint;
    pageIndex: number | bigint;
    pageOffset: number;
    size: number;
    changes?: TreeLinkBagChange[];
  }) {
    this.fileId = init.fileId;
    this.pageIndex = init.pageIndex;
    this.pageOffset = init.pageOffset;
    this.size = init.size;
    this.changes = init.changes ?? [];
  }
}
