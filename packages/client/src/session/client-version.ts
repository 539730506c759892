// The package's version (sent as the driver version in the handshake), from package.json: the build
// writes it in (esbuild `define`), so it lives in one place. Run from the sources (tests, tsx), no build
// has run and it reads as a source checkout.
declare const __ORIENTDB_EDGE_CLIENT_VERSION__: string | undefined;

export const CLIENT_VERSION: string =
  typeof __ORIENTDB_EDGE_CLIENT_VERSION__ === 'string' ? __ORIENTDB_EDGE_CLIENT_VERSION__ : '0.0.0-source';
