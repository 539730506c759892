// The error of a TLS transport (tcp() with `tls`, cloudflareTcp() with secureTransport), exported by
// their subpaths: a page, which reaches OrientDB through the bridge, never meets it.
import { ConnectionRefusedError, type ErrorCode } from '../errors.js';

/** The TLS handshake failed: the certificate did not verify against the CA given, or names another host. */
export class TlsError extends ConnectionRefusedError {
  override name = 'TlsError';
  override readonly code: ErrorCode = 'ERR_TLS';
  /** Node's code for the failure, e.g. DEPTH_ZERO_SELF_SIGNED_CERT or ERR_TLS_CERT_ALTNAME_INVALID. */
  readonly reason: string;
  /** `options.trust`: what must trust OrientDB's certificate (default: tls.ca, Node's transport). */
  constructor(endpoint: string, reason: string, options?: { cause?: unknown; trust?: string }) {
    const trust = options?.trust ?? "tls.ca holds the CA that signed OrientDB's certificate";
    const name = options?.trust ? 'the host' : 'tls.servername (default: the host)';
    super(
      `TLS handshake with ${endpoint} failed (${reason}): check that ${trust}, that ${name} is a name in that certificate, and that the port is OrientDB's SSL listener (2434)`,
      { cause: options?.cause },
    );
    this.reason = reason;
  }
}
