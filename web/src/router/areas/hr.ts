import type { RouteRecordRaw } from 'vue-router';

/** HR pages under /hr (HR and admins). Paths are relative to the area's root. */
export const hrRoutes: RouteRecordRaw[] = [];
