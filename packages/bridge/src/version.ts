// The bridge's version, reported in metrics and by the CLI. It lives in package.json: the build writes
// it in (esbuild `define`); run from the sources (tests, tsx) it reads as a source checkout.
declare const __ORIENTDB_EDGE_BRIDGE_VERSION__: string | undefined;

export const VERSION: string =
  typeof __ORIENTDB_EDGE_BRIDGE_VERSION__ === 'string' ? __ORIENTDB_EDGE_BRIDGE_VERSION__ : '0.0.0-source';
