import { computed, ref } from 'vue';
import type { Ref } from 'vue';
import { errorText } from './errors';

/** One page of a list answer (`{items,total,page,pageSize}`). */
export interface PageOf<T> {
  items: T[];
  total: number;
}

/**
 * A paged management list: the rows of the current page, the total, the page count and the
 * loading and error state. `load(p)` asks `fetchPage(p)` (an `ok(api.GET(…, { page: p, pageSize }))`)
 * and keeps the rows shown when it fails, with the server's message in `error`.
 */
export function usePagedList<T>(pageSize: number, fetchPage: (page: number) => Promise<PageOf<T>>) {
  const rows = ref([]) as Ref<T[]>;
  const total = ref(0);
  const page = ref(1);
  const loading = ref(false);
  const error = ref('');
  const pages = computed(() => Math.max(1, Math.ceil(total.value / pageSize)));

  async function load(p = 1): Promise<void> {
    loading.value = true;
    error.value = '';
    try {
      const result = await fetchPage(p);
      rows.value = result.items;
      total.value = result.total;
      page.value = p;
    } catch (e) {
      error.value = errorText(e);
    } finally {
      loading.value = false;
    }
  }

  return { rows, total, page, pages, loading, error, load };
}
