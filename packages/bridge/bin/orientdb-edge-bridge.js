#!/usr/bin/env node
// The orientdb-edge-bridge command: the built CLI, run by plain Node. In this workspace, run the
// sources instead: `node --conditions=source --import tsx packages/bridge/src/cli.ts` (`pnpm start`).
import '../dist/cli.js';
