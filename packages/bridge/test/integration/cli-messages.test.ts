// What the CLI says at start to an operator who got its flags wrong: a bridge that can admit no Origin
// warns before it is ready, and a listen failure names the address it could not take.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

function stderrLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('no --allow-origin and no --allow-missing-origin: a warning at start that every upgrade will be refused', async () => {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', CLI, '--listen', '127.0.0.1:0', '--upstream', '127.0.0.1:1'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const closed = once(child, 'close');
  for await (const chunk of child.stdout) {
    stdout += String(chunk);
    if (stdout.includes('"msg":"ready"')) break;
  }
  child.kill('SIGKILL');
  await closed;
  const warning = stderrLines(stderr).find((l) => l['msg'] === 'no_origin_allowed');
  assert.ok(warning, `expected a no_origin_allowed warning, got: ${stderr}`);
  assert.equal(warning['level'], 'warn');
  assert.match(String(warning['hint']), /--allow-origin/);
});

test('cannot_listen names the address and exits with 3', async () => {
  const taken = createServer();
  taken.listen(0, '127.0.0.1');
  await once(taken, 'listening');
  const { port } = taken.address() as { port: number };
  try {
    const child = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        CLI,
        '--listen',
        `127.0.0.1:${port}`,
        '--upstream',
        '127.0.0.1:1',
        '--allow-missing-origin',
        '--metrics-listen',
        'off',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const [code] = (await once(child, 'exit')) as [number];
    assert.equal(code, 3);
    const line = stderrLines(stderr).find((l) => l['msg'] === 'cannot_listen');
    assert.ok(line, stderr);
    assert.equal(line['address'], `127.0.0.1:${port}`);
    assert.match(String(line['hint']), new RegExp(`127\\.0\\.0\\.1:${port}: the port is in use`));
  } finally {
    taken.close();
  }
});
