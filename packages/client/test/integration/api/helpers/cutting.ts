// A Transport wrapper that drops the connection the moment the client writes a request with a given
// opcode (the request is not forwarded): the fault of a network cut between two pages, at a point a
// test chooses. The server behind it is real; later connections pass through untouched.
import { ConnectionLostError } from '../../../../src/errors.js';
import type { ByteStream, Transport } from '../../../../src/transport/transport.js';

export function cutting(inner: Transport): {
  transport: Transport;
  cutAt(opcode: number): void;
  readonly cuts: number;
} {
  let armed: number | undefined;
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
    cutAt: (opcode) => {
      armed = opcode;
    },
    get cuts() {
      return cuts;
    },
  };
}
