// Timers that do not hold a Node, Deno or Bun process open by themselves: a program that is done exits
// even while one is armed. What must keep the process alive (a call waiting for its answer) holds it
// through its connection instead (ByteStream.hold), and its timers with it.

const deno = (globalThis as { Deno?: { refTimer?(id: number): void; unrefTimer?(id: number): void } }).Deno;

/** Whether `handle` keeps the process open (Node and Bun: ref()/unref(); Deno: Deno.refTimer/unrefTimer). */
export function holdTimer<T>(handle: T, hold: boolean): T {
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
