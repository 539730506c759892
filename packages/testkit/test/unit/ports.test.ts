// freePort: a port that can be bound, from below the kernel's ephemeral range, which outgoing connections
// draw from (a port from there was sometimes taken before OrientDB bound it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort } from '../../src/ports.js';

test('freePort gives bindable ports below the ephemeral range', async () => {
  const ephemeral = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  const ports = await Promise.all(Array.from({ length: 5 }, () => freePort()));
  for (const port of ports) {
    assert.ok(port >= 20_000 && port < ephemeral, `${port} is below ${ephemeral}`);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  }
});
