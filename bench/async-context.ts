/**
 * bench/async-context: what AsyncLocalStorage costs per request on the Node that runs this,
 * for issue 16's request-context lever. A "request" is a chain of 40 awaited async calls (about
 * the promises a Nest request makes), 16 in flight at a time; it runs with 0, 1 and 3 stores
 * entered around each request (the API has three: the request context, the transaction host
 * and nestjs-pino's request binding). On Node 20 and 22 a store in use installs a promise hook
 * that runs for every promise of the process, so the cost comes with the first store, not per
 * store; with AsyncContextFrame (Node 22: --experimental-async-context-frame; Node 24+: the
 * default) it mostly goes away.
 *
 *   node -r @swc-node/register bench/async-context.ts
 *   node --experimental-async-context-frame -r @swc-node/register bench/async-context.ts
 * (each store count runs in its own process: a store once used keeps the hook for good)
 */
import { execFileSync } from 'node:child_process';
import { AsyncLocalStorage } from 'node:async_hooks';

const REQUESTS = 20_000;
const IN_FLIGHT = 16;

async function step(i: number): Promise<number> {
  await Promise.resolve();
  return i + 1;
}

async function request(i: number): Promise<number> {
  let x = i;
  for (let k = 0; k < 40; k++) x = await step(x);
  return x;
}

async function measure(stores: number): Promise<number> {
  const als = Array.from({ length: stores }, () => new AsyncLocalStorage<{ i: number }>());
  let handle = request;
  for (const s of als) {
    const inner = handle;
    handle = (i: number) => s.run({ i }, inner, i);
  }
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < REQUESTS; i += IN_FLIGHT) {
      await Promise.all(Array.from({ length: IN_FLIGHT }, (_, j) => handle(i + j)));
    }
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1000 / REQUESTS);
  }
  return best;
}

async function main(): Promise<void> {
  const stores = process.env.ALS_STORES;
  if (stores !== undefined) {
    process.stdout.write(String(await measure(Number(stores))));
    return;
  }
  const frame = process.execArgv.includes('--experimental-async-context-frame');
  const figures = [0, 1, 3].map((n) => {
    const out = execFileSync(process.execPath, [...process.execArgv, __filename], {
      env: { ...process.env, ALS_STORES: String(n) },
    });
    return `${n} stores ${Number(out.toString()).toFixed(1)} µs`;
  });
  console.log(
    `node ${process.version}${frame ? ' with AsyncContextFrame' : ''}: per request (40 awaits): ${figures.join(', ')}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
