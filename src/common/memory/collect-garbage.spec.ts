import { collectGarbage } from './collect-garbage';

/** Allocates ~300,000 small objects and strings (well over 10 MB) that nothing keeps. */
function allocateGarbage(): number {
  const garbage = Array.from({ length: 300_000 }, (_, i) => ({ i, s: `x${i}` }));
  return garbage.length;
}

describe('collectGarbage', () => {
  it('frees unreachable memory at once, without --expose-gc on the command line', () => {
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    expect(allocateGarbage()).toBe(300_000);
    const held = process.memoryUsage().heapUsed;
    expect(held - before).toBeGreaterThan(10 * 1024 * 1024);
    collectGarbage();
    expect(held - process.memoryUsage().heapUsed).toBeGreaterThan(10 * 1024 * 1024);
  });
});
