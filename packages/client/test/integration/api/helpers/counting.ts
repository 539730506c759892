// A Transport wrapper that counts the messages the client writes (to see which requests went out).
import type { ByteStream, Transport } from '../../../../src/transport/transport.js';

export function counting(inner: Transport): { transport: Transport; readonly writes: number } {
  let writes = 0;
  const transport: Transport = {
    kind: inner.kind,
    endpoint: inner.endpoint,
    async connect(handlers, options) {
      const stream = await inner.connect(handlers, options);
      const wrapped: ByteStream = {
        write(bytes) {
          writes++;
          stream.write(bytes);
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
  };
}
