// The raw contestant's response side: a resumable walker over OrientDB 37/38 response frames that
// only finds where each frame ends. Values are never decoded; record contents are skipped by length,
// across chunk boundaries, without being buffered.

export type ResponseKind = 'greeting' | 'open' | 'query' | 'create' | 'commit';

export interface WalkResult {
  /** Result rows in a QUERY page; 0 otherwise. */
  rows: number;
  hasNextPage: boolean;
  /** The QUERY page's cursor id as its raw string-field bytes (int32 length + UTF-8), when a next page exists. */
  queryIdField: Uint8Array | null;
  /** DB_OPEN: the session id and token. */
  sessionId: number;
  token: Uint8Array | null;
}

interface Pending {
  kind: ResponseKind;
  resolve(result: WalkResult): void;
  reject(error: Error): void;
}

enum S {
  Greeting,
  Status,
  Head,
  Opcode,
  ErrCodes,
  ErrChain,
  ErrClass,
  ErrDetail,
  QueryId,
  QueryCounts,
  QueryItem,
  QueryTail,
  QueryStat,
  QueryReload,
  Open,
  Fixed,
  Groups,
}

/** Per-entry sizes of the count-prefixed groups after TX_COMMIT and RECORD_CREATE bodies. */
const COMMIT_GROUPS = [24, 14, 10, 36];
const CREATE_GROUPS = [36];

export class FrameWalker {
  #buf = new Uint8Array(1 << 16);
  #view = new DataView(this.#buf.buffer);
  #pos = 0;
  #end = 0;
  /** Bytes of a field still to drop as they arrive. */
  #skip = 0;
  #state: S = S.Status;
  #pending: Pending[] = [];
  #error = false;
  #errorMessage = '';
  #left = 0;
  #groups: number[] = [];
  #group = 0;
  #result: WalkResult = blank();

  /** Registers the next expected response (FIFO, like the server's replies). */
  expect(kind: ResponseKind): Promise<WalkResult> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ kind, resolve, reject });
      if (this.#pending.length === 1) this.#state = kind === 'greeting' ? S.Greeting : S.Status;
    });
  }

  /** Fails every pending response (socket closed or errored). */
  fail(error: Error): void {
    for (const p of this.#pending.splice(0)) p.reject(error);
  }

  push(chunk: Uint8Array): void {
    let off = 0;
    if (this.#skip > 0) {
      off = Math.min(this.#skip, chunk.length);
      this.#skip -= off;
      if (off === chunk.length) {
        this.#walk();
        return;
      }
    }
    const n = chunk.length - off;
    const live = this.#end - this.#pos;
    if (live === 0) {
      this.#pos = 0;
      this.#end = 0;
    }
    if (this.#end + n > this.#buf.length) {
      if (live + n <= this.#buf.length && this.#pos > 0) {
        this.#buf.copyWithin(0, this.#pos, this.#end);
      } else {
        let size = this.#buf.length * 2;
        while (size < live + n) size *= 2;
        const next = new Uint8Array(size);
        next.set(this.#buf.subarray(this.#pos, this.#end));
        this.#buf = next;
        this.#view = new DataView(next.buffer);
      }
      this.#end = live;
      this.#pos = 0;
    }
    this.#buf.set(off === 0 ? chunk : chunk.subarray(off), this.#end);
    this.#end += n;
    this.#walk();
  }

  #walk(): void {
    while (this.#skip === 0 && this.#pending.length > 0 && this.#step()) {
      /* walk */
    }
  }

  #avail(): number {
    return this.#end - this.#pos;
  }

  /** Drops n bytes: those buffered now, the rest as they arrive. */
  #drop(n: number): void {
    const have = this.#end - this.#pos;
    if (n <= have) this.#pos += n;
    else {
      this.#pos = this.#end;
      this.#skip = n - have;
    }
  }

  #done(): void {
    const p = this.#pending.shift()!;
    const result = this.#result;
    this.#result = blank();
    const error = this.#error;
    this.#error = false;
    const next = this.#pending[0];
    this.#state = next?.kind === 'greeting' ? S.Greeting : S.Status;
    if (error) p.reject(new Error(`server error: ${this.#errorMessage}`));
    else p.resolve(result);
  }

  /** One unit of the frame; false when more bytes are needed. */
  #step(): boolean {
    const v = this.#view;
    const p = this.#pos;
    const a = this.#avail();
    switch (this.#state) {
      case S.Greeting:
        if (a < 2) return false;
        this.#result.sessionId = v.getInt16(p);
        this.#pos = p + 2;
        this.#done();
        return true;
      case S.Status: {
        if (a < 1) return false;
        const status = this.#buf[p]!;
        if (status !== 0 && status !== 1) throw new Error(`raw walker: unexpected status ${status}`);
        this.#error = status === 1;
        this.#pos = p + 1;
        this.#state = S.Head;
        return true;
      }
      case S.Head: {
        if (a < 8) return false;
        const len = v.getInt32(p + 4);
        this.#pos = p + 8;
        this.#state = S.Opcode;
        if (len > 0) this.#drop(len);
        return true;
      }
      case S.Opcode: {
        if (a < 1) return false;
        this.#pos = p + 1;
        if (this.#error) {
          this.#state = S.ErrCodes;
          return true;
        }
        const kind = this.#pending[0]!.kind;
        if (kind === 'query') this.#state = S.QueryId;
        else if (kind === 'open') this.#state = S.Open;
        else if (kind === 'create') {
          this.#state = S.Fixed;
          this.#left = 14;
          this.#groups = CREATE_GROUPS;
        } else {
          this.#state = S.Groups;
          this.#groups = COMMIT_GROUPS;
          this.#group = 0;
        }
        return true;
      }
      case S.ErrCodes:
        if (a < 8) return false;
        this.#pos = p + 8;
        this.#errorMessage = '';
        this.#state = S.ErrChain;
        return true;
      case S.ErrChain:
        if (a < 1) return false;
        this.#pos = p + 1;
        this.#state = this.#buf[p] === 1 ? S.ErrClass : S.ErrDetail;
        return true;
      case S.ErrClass: {
        if (a < 8) return false;
        const cls = v.getInt32(p);
        if (a < 8 + Math.max(0, cls) + Math.max(0, v.getInt32(p + 4 + Math.max(0, cls)))) return false;
        const msgAt = p + 4 + Math.max(0, cls);
        const msg = v.getInt32(msgAt);
        if (!this.#errorMessage && msg > 0)
          this.#errorMessage = new TextDecoder().decode(this.#buf.subarray(msgAt + 4, msgAt + 4 + msg));
        this.#pos = msgAt + 4 + Math.max(0, msg);
        this.#state = S.ErrChain;
        return true;
      }
      case S.ErrDetail: {
        if (a < 4) return false;
        const len = v.getInt32(p);
        this.#pos = p + 4;
        this.#done();
        if (len > 0) this.#drop(len);
        return true;
      }
      case S.QueryId: {
        if (a < 4) return false;
        const len = Math.max(0, v.getInt32(p));
        if (a < 4 + len) return false;
        this.#result.queryIdField = this.#buf.slice(p, p + 4 + len);
        this.#pos = p + 4 + len;
        this.#state = S.QueryCounts;
        return true;
      }
      case S.QueryCounts:
        if (a < 10) return false;
        if (this.#buf[p + 1] !== 0) throw new Error('raw walker: execution plans are not walked');
        this.#left = v.getInt32(p + 6);
        this.#result.rows = this.#left;
        this.#pos = p + 10;
        this.#state = S.QueryItem;
        return true;
      case S.QueryItem: {
        if (this.#left === 0) {
          this.#state = S.QueryTail;
          return true;
        }
        if (a < 5) return false;
        const type = this.#buf[p]!;
        this.#left--;
        if (type === 4) {
          this.#pos = p + 5;
          this.#drop(v.getInt32(p + 1));
          return true;
        }
        const classId = v.getInt16(p + 1);
        if (classId === -2) {
          this.#pos = p + 3;
          return true;
        }
        if (classId === -3) {
          if (a < 13) {
            this.#left++;
            return false;
          }
          this.#pos = p + 13;
          return true;
        }
        if (a < 22) {
          this.#left++;
          return false;
        }
        this.#pos = p + 22;
        this.#drop(v.getInt32(p + 18));
        return true;
      }
      case S.QueryTail:
        if (a < 5) return false;
        this.#result.hasNextPage = this.#buf[p] !== 0;
        if (!this.#result.hasNextPage) this.#result.queryIdField = null;
        this.#left = v.getInt32(p + 1);
        this.#pos = p + 5;
        this.#state = S.QueryStat;
        return true;
      case S.QueryStat: {
        if (this.#left === 0) {
          this.#state = S.QueryReload;
          return true;
        }
        if (a < 4) return false;
        const len = Math.max(0, v.getInt32(p));
        if (a < 12 + len) return false;
        this.#pos = p + 12 + len;
        this.#left--;
        return true;
      }
      case S.QueryReload:
        if (a < 1) return false;
        this.#pos = p + 1;
        this.#done();
        return true;
      case S.Open: {
        if (a < 8) return false;
        const len = Math.max(0, v.getInt32(p + 4));
        if (a < 8 + len) return false;
        this.#result.sessionId = v.getInt32(p);
        this.#result.token = this.#buf.slice(p + 8, p + 8 + len);
        this.#pos = p + 8 + len;
        this.#done();
        return true;
      }
      case S.Fixed:
        if (a < this.#left) return false;
        this.#pos = p + this.#left;
        this.#state = S.Groups;
        this.#group = 0;
        return true;
      case S.Groups: {
        if (this.#group === this.#groups.length) {
          this.#done();
          return true;
        }
        if (a < 4) return false;
        const n = v.getInt32(p);
        this.#pos = p + 4;
        this.#drop(n * this.#groups[this.#group++]!);
        return true;
      }
    }
  }
}

function blank(): WalkResult {
  return { rows: 0, hasNextPage: false, queryIdField: null, sessionId: 0, token: null };
}
