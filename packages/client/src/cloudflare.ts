// The "./cloudflare" subpath: a TCP transport for Cloudflare Workers (cloudflare:sockets).
export { type CloudflareTcpOptions, cloudflareTcp } from './transport/cloudflare.js';
export { TlsError } from './transport/tls-error.js';
