// Reattach figures of the three browser engines (the e2e engines: Debian's Chromium, Firefox ESR and
// WebKitGTK): a page logs in, then is reloaded again and again; each reload resumes the connection the
// page parked as it left, and the page notes the time from its navigation start to the first rows.
import type { TestDatabase } from '@orientdb-edge/testkit';
import { type EngineName, waitForValue } from '../../e2e/support/engines/engine.js';
import { launchEngine } from '../../e2e/support/engines/launch.js';
import { type PageResult, pageUrl } from '../../e2e/support/reload.js';
import { addSample, type Figure, figure } from './figure.js';

const LABELS: Record<EngineName, string> = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };

export async function browserFigure(
  name: EngineName,
  origin: string,
  bridgeUrl: string,
  db: TestDatabase,
  samples: number,
): Promise<Figure> {
  const engine = await launchEngine(name);
  try {
    const f = figure(LABELS[name], engine.version, 'navigation start → first row, after a reload');
    const page = await engine.newPage();
    await page.goto(pageUrl(origin, bridgeUrl, db));
    const first = await waitForValue<PageResult>(page, 'window.result');
    if (first.error) throw new Error(`${name}: the first load failed: ${first.error}`);
    // The first reload warms the engine's cache of the page and the bundle up; it is not counted.
    for (let i = 0; i <= samples; i++) {
      await page.reload();
      const r = await waitForValue<PageResult>(page, 'window.result');
      if (r.error || r.rowsAtMs === undefined)
        throw new Error(`${name}: reload ${i} found no rows: ${JSON.stringify(r)}`);
      if (i > 0) addSample(f, r.rowsAtMs, r.session?.via);
    }
    await page.close();
    return f;
  } finally {
    await engine.close();
  }
}
