import type { RouteRecordRaw } from 'vue-router';

/** Administrator pages under /admin. Paths are relative to the area's root. */
export const adminRoutes: RouteRecordRaw[] = [];
