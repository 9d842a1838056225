import { computed } from 'vue';
import { useRouter } from 'vue-router';
import type { NavItem } from '../layouts/nav';
import { useAuthStore } from '../stores/auth';

/** The items the signed-in person may use and whose routes exist (not the 404 catch-all). */
export function useVisibleNav(items: NavItem[]) {
  const router = useRouter();
  const auth = useAuthStore();
  return computed(() =>
    items.filter((item) => {
      if (!auth.hasAnyRole(item.roles)) return false;
      const target = router.resolve(item.to);
      return target.name !== 'not-found' && !String(target.name ?? '').endsWith('-pending');
    }),
  );
}
