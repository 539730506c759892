// Serves e2e pages and the built client bundle on a free loopback port.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { repoRoot } from '@orientdb-edge/testkit';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** Mount points: URL prefix → folder under the repo. */
const DEFAULT_MOUNTS: Record<string, string> = {
  '/dist/': 'packages/client/dist',
  '/': 'e2e/pages',
};

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

export function serveStatic(
  mounts: Record<string, string> = DEFAULT_MOUNTS,
  host = '127.0.0.1',
  port = 0,
  /** Paths answered with this JSON instead of a file (the demo's /config.json: which bridge to use). */
  json: Record<string, unknown> = {},
): Promise<StaticServer> {
  const entries = Object.entries(mounts).sort((a, b) => b[0].length - a[0].length);
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (Object.hasOwn(json, path)) {
      res
        .writeHead(200, { 'content-type': TYPES['.json']!, 'cache-control': 'no-cache' })
        .end(JSON.stringify(json[path]));
      return;
    }
    const mount = entries.find(([prefix]) => path.startsWith(prefix));
    if (!mount) {
      res.writeHead(404).end();
      return;
    }
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
          // Revalidated on every load, but not no-store: that would keep pages out of the back/forward cache.
          'cache-control': 'no-cache',
        })
        .end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({ origin: `http://${host}:${actual}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
