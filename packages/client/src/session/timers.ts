// Timers that do not hold a Node, Deno or Bun process open by themselves: a program that is done exits
// even while one is armed. What must keep the process alive (a call waiting for its answer) holds it
// through its connection instead (ByteStream.hold), and its timers with it.

/**
 * Defined (true) by the browser bundle's build only, where the tests of it below are constant: code that
 * runs in Node, Deno or Bun alone is then left out (a browser has no process to hold open, and shows no
 * more of a refused upgrade than 1006). Tested in place: the bundler folds only the test itself.
 */
declare const __ORIENTDB_EDGE_BROWSER_BUNDLE__: true | undefined;

const deno = (globalThis as { Deno?: { refTimer?(id: number): void; unrefTimer?(id: number): void } }).Deno;

/** Whether `handle` keeps the process open (Node and Bun: ref()/unref(); Deno: Deno.refTimer/unrefTimer). */
export function holdTimer<T>(handle: T, hold: boolean): T {
  if (typeof __ORIENTDB_EDGE_BROWSER_BUNDLE__ !== 'undefined') return handle;
  if (typeof handle === 'number') (hold ? deno?.refTimer : deno?.unrefTimer)?.(handle);
  else {
    const timer = handle as { ref?: () => void; unref?: () => void } | undefined;
    if (hold) timer?.ref?.();
    else timer?.unref?.();
  }
  return handle;
}

/** Lets the process exit while `handle` is armed. */
export const unrefTimer = <T>(handle: T): T => holdTimer(handle, false);

/**
 * Keeps the process open until `promise` settles: for a call that awaits work whose own timers do not
 * hold the process (the background reconnect's backoff), as a call waiting for its answer does.
 */
export function holdUntil<T>(promise: Promise<T>): Promise<T> {
  const handle = setInterval(() => undefined, 0x7fffffff);
  return promise.finally(() => clearInterval(handle));
}
