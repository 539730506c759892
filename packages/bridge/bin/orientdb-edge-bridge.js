#!/usr/bin/env node
// Runs the bridge CLI: the built dist/cli.js when present, else src/cli.ts through tsx (this workspace).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (existsSync(dist)) {
  await import(pathToFileURL(dist).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli.ts', import.meta.url).href);
}
