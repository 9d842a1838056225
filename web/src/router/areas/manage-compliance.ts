import type { RouteRecordRaw } from 'vue-router';

/** 合规看板 and 计划 under /manage (secretaries, HR read-only, admins). Paths are relative to the area's root. */
export const manageComplianceRoutes: RouteRecordRaw[] = [];
