// Users whose password OrientDB has never hashed: the stored hash is computed here (PBKDF2-SHA256,
// OrientDB's stored format), so the server's first check of it misses its salt cache and pays the
// full key derivation, as the first login of a user does on a server with its default settings.
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { sqlOverHttp, type OrientDBServer, type TestDatabase } from '@orientdb-edge/testkit';

/** OrientDB's defaults (security.userPasswordSaltIterations, OUser.SALT_SIZE and HASH_SIZE). */
export const PBKDF2_ITERATIONS = 65_536;
const SALT_BYTES = 24;
const HASH_BYTES = 24;

export interface Credentials {
  user: string;
  password: string;
}

/** `{PBKDF2WithHmacSHA256}HASH:SALT:ITERATIONS`, upper-case hex: what OUser stores and checks. */
function storedHash(password: string, salt: Uint8Array, iterations = PBKDF2_ITERATIONS): string {
  const hash = pbkdf2Sync(password, salt, iterations, HASH_BYTES, 'sha256');
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();
  return `{PBKDF2WithHmacSHA256}${hex(hash)}:${hex(salt)}:${iterations}`;
}

let made = 0;

/** Creates an admin user with a fresh salt whose hash the server has not computed (so not cached). */
export async function coldUser(server: OrientDBServer, db: TestDatabase): Promise<Credentials> {
  const user = `cold_${process.pid}_${++made}`;
  const password = randomBytes(12).toString('hex');
  const hash = storedHash(password, randomBytes(SALT_BYTES));
  await sqlOverHttp(
    server,
    db,
    `insert into OUser set name = '${user}', password = '${hash}', status = 'ACTIVE', roles = (select from ORole where name = 'admin')`,
  );
  return { user, password };
}
