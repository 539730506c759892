// OrientDB binary requests built by hand for relay tests (protocol 38, handshake framing), and a
// reader for the responses the tests need. Layouts follow shared/docs/orientdb-protocol.md §1.2, §2, §3.1.
/** What the readers need: exact-count reads and sends (RawClient, or a TCP stream in the latency bench). */
export interface ByteStream {
  read(n: number): Promise<Buffer>;
  send(bytes: Uint8Array): void;
}

const str = (s: string): Buffer => {
  const b = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(4);
  len.writeInt32BE(b.length);
  return Buffer.concat([len, b]);
};
const int = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

/** byte 20, short 38, string driverName, string driverVersion, byte encoding 0, byte errorEncoding 2 */
export function handshake(): Buffer {
  return Buffer.concat([Buffer.from([20, 0, 38]), str('bridge-test'), str('0.0.0'), Buffer.from([0, 2])]);
}

/** byte 2, int -1, bytes token (empty), string user, string password */
export function connectRequest(user: string, password: string): Buffer {
  return Buffer.concat([Buffer.from([2]), int(-1), int(0), str(user), str(password)]);
}

/** byte 6 (REQUEST_DB_EXIST), int session, bytes token, string name, string storage type */
export function dbExistRequest(session: number, token: Buffer, name: string): Buffer {
  return Buffer.concat([Buffer.from([6]), int(session), int(token.length), token, str(name), str('plocal')]);
}

async function readBytesField(c: ByteStream): Promise<Buffer> {
  const len = (await c.read(4)).readInt32BE(0);
  return len > 0 ? c.read(len) : Buffer.alloc(0);
}

/** Response header: byte status, int session, bytes renewedToken, byte opcode echo. */
async function readHeader(c: ByteStream): Promise<{ status: number; opcode: number }> {
  const status = (await c.read(1))[0]!;
  await c.read(4);
  await readBytesField(c);
  const opcode = (await c.read(1))[0]!;
  return { status, opcode };
}

/** Reads the 2-byte greeting. */
export async function readGreeting(c: ByteStream): Promise<number> {
  return (await c.read(2)).readInt16BE(0);
}

/** CONNECT response: header, then int sessionId, bytes token. */
export async function readConnectResponse(
  c: ByteStream,
): Promise<{ status: number; opcode: number; session: number; token: Buffer }> {
  const head = await readHeader(c);
  if (head.status !== 0) return { ...head, session: -1, token: Buffer.alloc(0) };
  const session = (await c.read(4)).readInt32BE(0);
  const token = await readBytesField(c);
  return { ...head, session, token };
}

/** DB_EXIST response: header, then byte boolean. */
export async function readDbExistResponse(c: ByteStream): Promise<{ status: number; opcode: number; exists: boolean }> {
  const head = await readHeader(c);
  if (head.status !== 0) return { ...head, exists: false };
  return { ...head, exists: (await c.read(1))[0] === 1 };
}

/** Handshake + CONNECT as root through an already-welcomed client; returns the session. */
export async function loginAsRoot(c: ByteStream, password: string): Promise<{ session: number; token: Buffer }> {
  const greeting = await readGreeting(c);
  if (greeting < 37) throw new Error(`unexpected greeting ${greeting}`);
  c.send(Buffer.concat([handshake(), connectRequest('root', password)]));
  const r = await readConnectResponse(c);
  if (r.status !== 0) throw new Error(`CONNECT failed with status ${r.status}`);
  return { session: r.session, token: r.token };
}
