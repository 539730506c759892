// Vercel's edge-runtime in a child process (../runtimes/edge/run.ts) running a bundled edge function:
// `call` evaluates an expression in it and returns its value (the function's own errors come back as
// rejections naming the call).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '@orientdb-edge/testkit';

export interface EdgeRuntimeProcess {
  call<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

export function startEdgeRuntime(bundle: string): EdgeRuntimeProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(repoRoot, 'e2e/runtimes/edge/run.ts'), bundle],
    { cwd: join(repoRoot, 'e2e'), stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const answers = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  // One call at a time: answers come back in the order of the calls.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    call<T>(expression: string) {
      const run = async () => {
        child.stdin!.write(`${expression.replace(/\n/g, ' ')}\n`);
        const { value, done } = await answers.next();
        if (done) throw new Error(`the edge-runtime process ended before answering ${expression}`);
        const answer = JSON.parse(value) as { value?: T; error?: string };
        if (answer.error !== undefined) throw new Error(`${expression} in edge-runtime: ${answer.error}`);
        return answer.value as T;
      };
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      child.stdin!.end();
      await exited;
    },
  };
}
