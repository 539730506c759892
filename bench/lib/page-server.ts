// Serves bench/pages and the client's dist/ on a free loopback port, cross-origin isolated
// (COOP + COEP) so performance.now() in the page has fine resolution.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { repoRoot } from '@orientdb-edge/testkit';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};
const MOUNTS: Array<[string, string]> = [
  ['/dist/', 'packages/client/dist'],
  ['/', 'bench/pages'],
];

export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

export function servePages(): Promise<PageServer> {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const mount = MOUNTS.find(([prefix]) => path.startsWith(prefix))!;
    let rel = normalize(path.slice(mount[0].length));
    if (rel.startsWith('..')) {
      res.writeHead(403).end();
      return;
    }
    if (rel === '.' || rel.endsWith('/')) rel = join(rel, 'index.html');
    try {
      const body = await readFile(join(repoRoot, mount[1], rel));
      res
        .writeHead(200, {
          'content-type': TYPES[extname(rel)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-embedder-policy': 'require-corp',
        })
        .end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
