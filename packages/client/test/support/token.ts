// Binary OrientDB tokens for unit tests: only the payload fields the client reads (database, expiry,
// protocol version) are meaningful.

/** A binary OrientDB token (payload layout of OBinaryTokenPayloadImpl) expiring at `expiresAt`, with a marker byte as "signature". */
export function token(expiresAt: number, marker: number): Uint8Array {
  const db = new TextEncoder().encode('d');
  const out = new Uint8Array(3 + 2 + db.length + 1 + 2 + 8 + 8 + 1 + 2 + 2 * 3 + 1);
  const v = new DataView(out.buffer);
  let at = 3;
  v.setInt16(at, db.length);
  at += 2;
  out.set(db, at);
  at += db.length;
  v.setInt8(at++, 0);
  v.setInt16(at, 5);
  at += 2;
  v.setBigInt64(at, 0n);
  at += 8;
  v.setBigInt64(at, BigInt(expiresAt));
  at += 8;
  v.setInt8(at++, 0);
  v.setInt16(at, 38);
  at += 2;
  for (let i = 0; i < 3; i++) {
    v.setInt16(at, -1);
    at += 2;
  }
  out[at] = marker;
  return out;
}
