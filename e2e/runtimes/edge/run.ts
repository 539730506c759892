// Runs the bundled edge function (argv[2]) in Vercel's edge-runtime: logs in through the bridge, then a
// second client reattaches by token; prints one JSON line. Its own process, since the runtime keeps
// handles open after the work is done: the process exits when the line is out.
import { readFileSync } from 'node:fs';
import { EdgeRuntime } from 'edge-runtime';

const [file, paramsJson] = process.argv.slice(2) as [string, string];
const params = JSON.parse(paramsJson) as { bridge: string; db: string; user: string; password: string };
const runtime = new EdgeRuntime({ initialCode: readFileSync(file, 'utf8') });
// Values cross from the runtime's realm as JSON text (its objects have the runtime's prototypes).
const run = async <T>(call: string) =>
  JSON.parse((await runtime.evaluate(`Promise.resolve(${call}).then((v) => JSON.stringify(v))`)) as string) as T;
try {
  const probe = await run<Record<string, string>>('edge.probe()');
  const login = await run<{ names: string[]; token: string; parked: boolean }>(`edge.login(${JSON.stringify(params)})`);
  // The parent marks the tap here: everything after this line must carry no credentials.
  console.log(JSON.stringify({ step: 'logged-in' }));
  await new Promise((r) => process.stdin.once('data', r));
  const again = await run<{ names: string[]; via: string }>(
    `edge.reattach(${JSON.stringify({ bridge: params.bridge, token: login.token })})`,
  );
  console.log(JSON.stringify({ probe, login: { names: login.names, parked: login.parked }, again }));
} catch (error) {
  console.log(JSON.stringify({ error: String(error) }));
}
process.exit(0);
