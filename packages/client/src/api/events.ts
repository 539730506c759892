// The client's one event API: what an application shows or logs about its connection. Every event has
// a name and one payload object; `client.on(name, listener)` returns the function that unsubscribes.
// New kinds of events are added as keys of ClientEvents, and nowhere else.
import type { QueryEvent } from './query-event.js';
import type { ReattachRoute } from './reattach.js';
import type { SessionState } from './session-keeper.js';

/** The database session is usable: after dbOpen(), or after a stored or given session was reattached. */
export interface ConnectedEvent {
  /** The bridge URL or host:port. */
  endpoint: string;
  /** How the session was obtained: a login, or the reattach route that worked. */
  via: SessionState['via'];
  state: SessionState;
}

/** The connection dropped (or an attempt to get it back failed) and the client tries again in `delayMs`. */
export interface ReconnectingEvent {
  endpoint: string;
  /** 1 for the first attempt after the drop. */
  attempt: number;
  /** The attempts the client makes before it gives up (ConnectionRefusedError / ConnectionLostError). */
  maxAttempts: number;
  delayMs: number;
  /** Why the connection is not there: the drop, then each failed attempt's error. */
  error: Error;
}

/** A dropped session is back, without its password: `route` says how. */
export interface ReattachedEvent {
  endpoint: string;
  route: ReattachRoute;
  state: SessionState;
}

/** The session cannot be used any more (its token expired, or the server forgot it): log in again. */
export interface ExpiredEvent {
  endpoint: string;
  error: Error;
}

/** The client closed its connections (close()); `logout`: the stored session was forgotten too. */
export interface ClosedEvent {
  endpoint: string;
  logout: boolean;
}

/** Event name → payload. */
export interface ClientEvents {
  connected: ConnectedEvent;
  reconnecting: ReconnectingEvent;
  reattached: ReattachedEvent;
  expired: ExpiredEvent;
  closed: ClosedEvent;
  /** An SQL call ended (query-event.ts). */
  query: QueryEvent;
}

export type ClientEventName = keyof ClientEvents;
export type ClientEventListener<K extends ClientEventName> = (event: ClientEvents[K]) => void;

/** Listeners by event name; a listener that throws does not stop the others or the client. */
export class ClientEventEmitter {
  readonly #listeners = new Map<ClientEventName, Set<(event: never) => void>>();

  on<K extends ClientEventName>(name: K, listener: ClientEventListener<K>): () => void {
    let set = this.#listeners.get(name);
    if (!set) {
      set = new Set();
      this.#listeners.set(name, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** True when someone listens: lets a caller skip building a payload nobody reads. */
  has(name: ClientEventName): boolean {
    return (this.#listeners.get(name)?.size ?? 0) > 0;
  }

  emit<K extends ClientEventName>(name: K, event: ClientEvents[K]): void {
    const set = this.#listeners.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as ClientEventListener<K>)(event);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }
}
