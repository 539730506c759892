// REQUEST_DB_CLOSE (5): ends the server-side session; the server sends no response.
import type { Writer } from '../writer.js';

/** (empty body) */
export function encodeDbCloseRequest(_w: Writer): void {}
