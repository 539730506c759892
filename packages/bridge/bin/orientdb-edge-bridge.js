#!/usr/bin/env node
// Runs the bridge CLI: src/cli.ts through tsx in this workspace (so edits take effect at once),
// else the built dist/cli.js (an installed package ships dist/ and no src/).
import { existsSync } from 'node:fs';

const source = new URL('../src/cli.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/cli.js', import.meta.url).href);
}
