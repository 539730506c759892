// Route 3 probe: token-only ("stateless", pyorient's way) requests on a socket with no handshake, in
// the legacy framing (no opcode echo). The client does not implement this route; this measures whether
// a server accepts it.
import { connect } from 'node:net';

/*
 * request  := opcode:byte sessionId:int32(-1) token:(int32 length + bytes) body
 * response := status:byte(0 ok, 1 error) sessionId:int32 ...   (legacy framing, no opcode echo)
 * error    := ... (1 class:string message:string)* 0 ...
 */
export async function statelessRequest(
  host: string,
  port: number,
  opcode: number,
  token: Uint8Array,
  body: Uint8Array = new Uint8Array(0),
): Promise<{ ok: boolean; detail: string }> {
  const socket = connect(port, host);
  const chunks: Buffer[] = [];
  socket.on('data', (d) => chunks.push(d));
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    await until(() => Buffer.concat(chunks).length >= 2, 5000);
    const greeting = Buffer.concat(chunks).readInt16BE(0);
    chunks.length = 0;
    const head = Buffer.alloc(1 + 4 + 4);
    head.writeInt8(opcode, 0);
    head.writeInt32BE(-1, 1);
    head.writeInt32BE(token.length, 5);
    socket.write(Buffer.concat([head, Buffer.from(token), Buffer.from(body)]));
    await until(() => Buffer.concat(chunks).length >= 5, 5000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    const reply = Buffer.concat(chunks);
    if (reply.length === 0)
      return { ok: false, detail: `greeting ${greeting}; no reply (socket ${socket.destroyed ? 'closed' : 'open'})` };
    const text = reply
      .toString('latin1')
      .replace(/[^\x20-\x7e]+/g, ' ')
      .trim()
      .slice(0, 200);
    return { ok: reply[0] === 0, detail: `greeting ${greeting}; status ${reply[0]}; ${text}` };
  } finally {
    socket.destroy();
  }
}

async function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
