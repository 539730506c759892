// The time zone of the database a session is on, which its connections read and write DATEs in: taken
// from the stored session when it names one, otherwise asked of the database once, pipelined ahead of the
// session's first call, and handed to the stored session to keep.
import { DateZone, type DateZoneRef } from '../codec/date-zone.js';
import { DB_RELOAD, type StorageConfiguration } from '../codec/operations/storage-configuration.js';
import { QUERY, type QueryPage } from '../codec/operations/query.js';
import { type Request, request } from '../session/request.js';
import type { Connection, RequestOptions } from '../session/types.js';

/**
 * Token-only connections read answers in the format without a handshake, which DB_RELOAD's does not
 * follow; they ask in SQL instead.
 */
const ZONE_QUERY = {
  statement: 'SELECT timezone FROM metadata:database',
  mode: 'query' as const,
  pageSize: 1,
  params: new Uint8Array(0),
  namedParams: true,
};

export class DatabaseZone {
  /** Shared with every connection of the session (ConnectionOptions.dates). */
  readonly dates: DateZoneRef;
  /** Connections that carry the question; one question each. */
  readonly #asked = new WeakSet<Connection>();
  readonly #learned: (id: string) => void;

  /** `learned`: the session keeps a zone the database named (the stored session). */
  constructor(dates: DateZoneRef, learned: (id: string) => void) {
    this.dates = dates;
    this.#learned = learned;
  }

  /** The zone a stored session names; undefined: ask on the next call. */
  set(id: string | undefined): void {
    this.dates.zone = id === undefined ? undefined : DateZone.of(id);
  }

  /**
   * Asks the database its zone on `conn`, unless it is known. Answers come in order and this one sets
   * the zone as it is read: the call sent behind it reads its DATEs in that zone without waiting a round
   * trip. A question refused (behind a dead route's probe) is asked again on the next connection.
   */
  ask(conn: Connection, call: RequestOptions): Connection {
    if (this.dates.zone || this.#asked.has(conn)) return conn;
    this.#asked.add(conn);
    const question: Request<unknown> = conn.stateful ? this.reloadRequest() : this.#queryRequest();
    conn.request(question, call).catch(() => this.#asked.delete(conn));
    return conn;
  }

  /** DB_RELOAD, whose answer sets, as it is read, the zone DATEs are read and written in from then on. */
  reloadRequest(): Request<StorageConfiguration> {
    const reload = request(DB_RELOAD, undefined);
    return {
      ...reload,
      read: (r) => {
        const config = reload.read(r);
        this.#use(config.timeZone);
        return config;
      },
    };
  }

  #queryRequest(): Request<QueryPage> {
    const query = request(QUERY, ZONE_QUERY);
    return {
      ...query,
      read: (r) => {
        const page = query.read(r);
        const zone = page.items[0]?.timezone;
        this.#use(typeof zone === 'string' ? zone : null);
        return page;
      },
    };
  }

  #use(id: string | null): void {
    const zone = id ?? 'UTC';
    this.set(zone);
    this.#learned(zone);
  }
}
