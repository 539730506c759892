// The "./tcp" subpath: a TCP transport for runtimes with node:net (Node, Bun, Deno).
export { tcp, type TcpOptions } from './transport/tcp.js';
