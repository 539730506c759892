// Runs a bundled edge function (argv[2]) in Vercel's edge-runtime and evaluates calls in it: each stdin
// line is a JavaScript expression, answered by one stdout line of JSON ({ value } or { error }). Its own
// process, since the runtime keeps handles open after the work is done: it exits when stdin ends.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { EdgeRuntime } from 'edge-runtime';

const runtime = new EdgeRuntime({ initialCode: readFileSync(process.argv[2]!, 'utf8') });
for await (const call of createInterface({ input: process.stdin })) {
  try {
    // Values cross from the runtime's realm as JSON text (its objects have the runtime's prototypes).
    const text = (await runtime.evaluate(`Promise.resolve(${call}).then((v) => JSON.stringify(v ?? null))`)) as string;
    console.log(`{"value":${text}}`);
  } catch (error) {
    console.log(JSON.stringify({ error: String(error) }));
  }
}
process.exit(0);
