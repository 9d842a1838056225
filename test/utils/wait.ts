/**
 * Polls until `fn` returns something other than undefined (no timed assertions); on timeout the
 * error says what was awaited and, given `explain`, the state of things.
 */
export async function waitFor<T>(
  fn: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
  explain?: () => Promise<string>,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) {
      throw new Error(`timed out waiting for ${what}${explain ? `: ${await explain()}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
