// One small interface over the three browser engines the e2e tests drive (Chromium with
// playwright-core, Firefox with puppeteer-core over WebDriver BiDi, WebKit with selenium-webdriver and
// WebKitWebDriver), so that a scenario is written once and runs in each. All are Debian's packages.

export type EngineName = 'chromium' | 'firefox' | 'webkit';

export interface EngineOptions {
  /** Keep the back/forward cache on (Firefox and WebKit have it on anyway; Playwright turns Chromium's off). */
  backForwardCache?: boolean;
  /** The browser's own time zone (an IANA id), instead of the machine's. */
  timeZone?: string;
  /**
   * Pages that can be hidden with their timers suspended (suspend/resume), each in a window of its own
   * so that hiding one leaves the others visible. Chromium: no focus emulation (it keeps every page
   * visible, and a visible page is never frozen). Firefox: Gecko suspends hidden pages.
   */
  suspendable?: boolean;
}

export interface EnginePage {
  /** Navigates and waits for the load event. */
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /**
   * Evaluates a JavaScript expression in the page (a string, so that no test helper leaks into the
   * page), awaits it when it is a promise, and returns the value through JSON (undefined → null).
   */
  evaluate<T>(expression: string): Promise<T>;
  /**
   * Hides the page (its window minimized) and stops its timers and tasks, as a browser does to a tab
   * in the background; needs an engine launched `suspendable`. Chromium freezes the page
   * (Page.setWebLifecycleState); Firefox suspends a hidden page by itself with dom.suspend_inactive.
   */
  suspend(): Promise<void>;
  /** Shows the page again; its timers and tasks run on. */
  resume(): Promise<void>;
  close(): Promise<void>;
}

export interface Engine {
  readonly name: EngineName;
  /** The browser's own version string, for the README's matrix. */
  readonly version: string;
  /** A new tab sharing the engine's storage (localStorage is one per origin across tabs). */
  newPage(): Promise<EnginePage>;
  close(): Promise<void>;
}

/** The expression wrapped so that every driver hands back the same JSON text. */
export function jsonExpression(expression: string): string {
  return `Promise.resolve((${expression})).then((v) => JSON.stringify(v === undefined ? null : v))`;
}

/**
 * Polls `expression` in the page until it is truthy and returns it. Polling from outside survives the
 * page navigating underneath (an in-page wait would die with its document).
 */
export async function waitForValue<T>(page: EnginePage, expression: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await page.evaluate<T>(expression);
      if (value) return value;
    } catch (error) {
      last = error; // the page may be between documents
    }
    if (Date.now() > deadline)
      throw new Error(
        `waited ${timeoutMs} ms for \`${expression}\` in the page${last ? `; last error: ${String(last)}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}
