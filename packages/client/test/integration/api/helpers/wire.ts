// A Transport wrapper between the client and the real server's wire: it counts the messages the client
// writes (to see which requests went out), and can drop the connection the moment the client writes a
// request with a given opcode, without forwarding it: a network cut at a point the test chooses. Later
// connections pass through untouched.
import { ConnectionLostError } from '../../../../src/errors.js';
import type { ByteStream, Transport } from '../../../../src/transport/transport.js';

export interface Wire {
  transport: Transport;
  /** Messages the client has written, on every connection. */
  readonly writes: number;
  /** Connections cut so far. */
  readonly cuts: number;
  /** Cuts the connection at the next request with this opcode. */
  cutAt(opcode: number): void;
}

export function wire(inner: Transport): Wire {
  let armed: number | undefined;
  let writes = 0;
  let cuts = 0;
  const transport: Transport = {
    kind: inner.kind,
    endpoint: inner.endpoint,
    async connect(handlers, options) {
      let dropped = false;
      const stream = await inner.connect(
        {
          ...handlers,
          data: (chunk) => {
            if (!dropped) handlers.data(chunk);
          },
          closed: (e, d) => {
            if (!dropped) handlers.closed(e, d);
          },
        },
        options,
      );
      const wrapped: ByteStream = {
        write(bytes) {
          if (dropped) return;
          writes++;
          if (armed !== undefined && bytes[0] === armed) {
            armed = undefined;
            dropped = true;
            cuts++;
            stream.close();
            handlers.closed(new ConnectionLostError('the test cut the connection'));
            return;
          }
          stream.write(bytes);
        },
        flush() {
          stream.flush?.();
        },
        close(o) {
          stream.close(o);
        },
        get resumed() {
          return stream.resumed;
        },
        get resumeId() {
          return stream.resumeId;
        },
      };
      return wrapped;
    },
  };
  return {
    transport,
    get writes() {
      return writes;
    },
    get cuts() {
      return cuts;
    },
    cutAt: (opcode) => {
      armed = opcode;
    },
  };
}
