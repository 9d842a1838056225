import {
  CACHE_FRESH_MS,
  CACHE_MIN_PEOPLE,
  CACHE_STALE_MS,
  ComplianceCache,
} from './compliance-cache.service';

class TestCache extends ComplianceCache {
  t = 0;
  protected override now(): number {
    return this.t;
  }
}

const big = CACHE_MIN_PEOPLE;
const small = CACHE_MIN_PEOPLE - 1;

describe('ComplianceCache', () => {
  let cache: TestCache;
  let computed: number;
  const compute = (people: number) => () => {
    computed += 1;
    return Promise.resolve({ value: computed, people });
  };

  beforeEach(() => {
    cache = new TestCache();
    computed = 0;
  });

  it('keeps a big result while fresh, never a small one', async () => {
    await expect(cache.get('a', 'p', compute(big))).resolves.toBe(1);
    cache.t = CACHE_FRESH_MS - 1;
    await expect(cache.get('a', 'p', compute(big))).resolves.toBe(1);
    await expect(cache.get('b', 'p', compute(small))).resolves.toBe(2);
    await expect(cache.get('b', 'p', compute(small))).resolves.toBe(3);
  });

  it('serves a stale result while one refresh runs, and waits for a too old one', async () => {
    await cache.get('a', 'p', compute(big));
    cache.t = CACHE_FRESH_MS;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = async () => {
      computed += 1;
      await gate;
      return { value: computed, people: big };
    };
    await expect(cache.get('a', 'p', slow)).resolves.toBe(1); // stale: refresh started
    await expect(cache.get('a', 'p', slow)).resolves.toBe(1); // still stale, no second refresh
    expect(computed).toBe(2);
    release();
    await new Promise((r) => setImmediate(r));
    await expect(cache.get('a', 'p', compute(big))).resolves.toBe(2);
    cache.t += CACHE_STALE_MS;
    await expect(cache.get('a', 'p', compute(big))).resolves.toBe(3);
  });

  it('shares one computation between concurrent misses', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = async () => {
      computed += 1;
      await gate;
      return { value: computed, people: small };
    };
    const both = Promise.all([cache.get('a', 'p', slow), cache.get('a', 'p', slow)]);
    release();
    await expect(both).resolves.toEqual([1, 1]);
    expect(computed).toBe(1);
  });

  it('forgets a plan’s entries, and passes errors on without keeping anything', async () => {
    await cache.get('a', 'p', compute(big));
    await cache.get('b', 'q', compute(big));
    cache.forget('p');
    await expect(cache.get('a', 'p', compute(big))).resolves.toBe(3);
    await expect(cache.get('b', 'q', compute(big))).resolves.toBe(2);
    await expect(cache.get('c', 'p', () => Promise.reject(new Error('db down')))).rejects.toThrow(
      'db down',
    );
    await expect(cache.get('c', 'p', compute(big))).resolves.toBe(4);
  });
});
