import type { RouteRecordRaw } from 'vue-router';

/** 考试管理 under /manage (secretaries and admins). Paths are relative to the area's root. */
export const manageExamRoutes: RouteRecordRaw[] = [];
