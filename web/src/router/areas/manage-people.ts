import type { RouteRecordRaw } from 'vue-router';

/** 人员 views of secretaries under /manage (/manage/staff…). Paths are relative to the area's root. */
export const managePeopleRoutes: RouteRecordRaw[] = [];
