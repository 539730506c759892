// The shape of one request as the session's Connection takes it (re-exported for the api files).
export type { Request } from '../session/types.js';
