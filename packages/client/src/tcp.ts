// The "./tcp" subpath: a TCP transport for runtimes with node:net (Node, Bun, Deno).
export { tcp, type TcpOptions, type TcpTlsOptions } from './transport/tcp.js';
export { TlsError } from './transport/tls-error.js';
