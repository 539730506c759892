// The session layer's entry points: the two connections, their shape, requests and logging in.
export { logIn } from './login.js';
export { mapAnswer, type Request, request } from './request.js';
export { StatefulConnection } from './stateful-connection.js';
export { StatelessConnection } from './stateless-connection.js';
export type { Connection, ConnectionOptions, RequestOptions } from './types.js';
