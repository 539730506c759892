// The `browser` export: the bridge is a Node server, so importing it in a browser fails loudly.
throw new Error(
  '@orientdb-edge/bridge runs on Node only (it is the WebSocket-to-TCP server). In a browser, use ' +
    '@orientdb-edge/client with its WebSocket transport pointed at a running bridge.',
);
