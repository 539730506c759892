// A self-signed certificate for OrientDB's SSL listener, made at test time with the JDK's keytool (the
// JDK runs OrientDB anyway): a PKCS12 keystore for the server and the certificate as PEM, which is its
// own CA for clients. Valid for localhost and 127.0.0.1, for two days.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';

const run = promisify(execFile);

export interface SslKeystore {
  keyStore: string;
  password: string;
  /** The certificate in PEM: pass it as the CA that clients trust. */
  caPem: string;
}

export async function makeSslKeystore(folder: string, commonName = 'localhost'): Promise<SslKeystore> {
  const keyStore = join(folder, 'orientdb.p12');
  const password = randomBytes(12).toString('hex');
  const store = ['-keystore', keyStore, '-storetype', 'PKCS12', '-storepass', password];
  await run('keytool', [
    '-genkeypair',
    '-alias',
    'orientdb',
    '-keyalg',
    'RSA',
    '-keysize',
    '2048',
    '-validity',
    '2',
    '-dname',
    `CN=${commonName}`,
    '-ext',
    'SAN=dns:localhost,ip:127.0.0.1',
    ...store,
  ]);
  const caFile = join(folder, 'orientdb-ca.pem');
  await run('keytool', ['-exportcert', '-rfc', '-alias', 'orientdb', '-file', caFile, ...store]);
  return { keyStore, password, caPem: readFileSync(caFile, 'utf8') };
}
