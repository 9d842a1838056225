import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { usePagedList } from './paged-list';

describe('usePagedList', () => {
  it('keeps the page asked for, its rows and the page count', async () => {
    const asked: number[] = [];
    const list = usePagedList(20, (p) => {
      asked.push(p);
      return Promise.resolve({ items: [`row ${p}`], total: 41 });
    });
    await list.load(2);
    expect(asked).toEqual([2]);
    expect(list.rows.value).toEqual(['row 2']);
    expect(list.page.value).toBe(2);
    expect(list.total.value).toBe(41);
    expect(list.pages.value).toBe(3);
    expect(list.loading.value).toBe(false);
  });

  it('keeps the rows shown and says why when a page fails', async () => {
    let fail = false;
    const list = usePagedList(20, () =>
      fail
        ? Promise.reject(new ApiError({ status: 403, code: 'AUTH.FORBIDDEN', message: '无权访问' }))
        : Promise.resolve({ items: ['a'], total: 1 }),
    );
    await list.load();
    fail = true;
    await list.load(2);
    expect(list.rows.value).toEqual(['a']);
    expect(list.page.value).toBe(1);
    expect(list.error.value).toContain('无权访问');
    expect(list.pages.value).toBe(1);
  });
});
