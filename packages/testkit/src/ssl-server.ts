// A private OrientDB with the binary protocol's SSL listener (the shared server has none), for the TLS
// tests of every client path (Node's TCP transport, the bridge's tls:// upstream, a Worker's
// cloudflare:sockets): the listener's port, the CA that signed its certificate, and another CA that did
// not, for the check that a client refuses the certificate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OrientDBServer, type StartOptions, startOrientDB } from './server.js';
import { makeSslKeystore } from './ssl-keystore.js';

export interface SslServer {
  server: OrientDBServer;
  /** The SSL listener's port. */
  port: number;
  /** The PEM certificate to trust: it signed the listener's certificate. */
  caPem: string;
  /** A CA that did not sign it. */
  otherCaPem: string;
  stop(): Promise<void>;
}

export async function startSslServer(options: Omit<StartOptions, 'ssl'> = {}): Promise<SslServer> {
  const scratch = mkdtempSync(join(tmpdir(), 'orientdb-edge-tls-'));
  try {
    const [server, other] = await Promise.all([startOrientDB({ ...options, ssl: true }), makeSslKeystore(scratch)]);
    const ssl = server.ssl!;
    return {
      server,
      port: ssl.port,
      caPem: ssl.caPem,
      otherCaPem: other.caPem,
      async stop() {
        await server.stop();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}
