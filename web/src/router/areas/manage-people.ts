import type { RouteRecordRaw } from 'vue-router';

/** 人员 views of secretaries under /manage (/manage/staff…). Paths are relative to the area's root. */
export const managePeopleRoutes: RouteRecordRaw[] = [
  {
    path: 'staff',
    name: 'manage-staff',
    component: () => import('../../pages/manage/people/StaffListPage.vue'),
    meta: { title: '人员名单', roles: ['secretary', 'hr', 'admin'] },
  },
  {
    path: 'staff/:id',
    name: 'manage-staff-study',
    component: () => import('../../pages/manage/people/StaffStudyPage.vue'),
    meta: { title: '个人学习情况', roles: ['secretary', 'hr', 'admin'] },
  },
];
