import type { RouteRecordRaw } from 'vue-router';

/** Administrator pages under /admin. Paths are relative to the area's root. */
export const adminRoutes: RouteRecordRaw[] = [
  {
    path: 'units',
    name: 'admin-units',
    component: () => import('../../pages/admin/units/UnitsPage.vue'),
    meta: { title: '组织机构', roles: ['admin'] },
  },
  {
    path: 'staff',
    name: 'admin-staff',
    component: () => import('../../pages/admin/staff/StaffPage.vue'),
    meta: { title: '人员管理', roles: ['admin'] },
  },
  {
    path: 'laws',
    name: 'admin-laws',
    component: () => import('../../pages/admin/laws/LawsPage.vue'),
    meta: { title: '法规管理', roles: ['admin'] },
  },
  {
    path: 'questions',
    name: 'admin-questions',
    component: () => import('../../pages/admin/questions/QuestionsPage.vue'),
    meta: { title: '题库管理', roles: ['admin'] },
  },
  {
    path: 'audit',
    name: 'admin-audit',
    component: () => import('../../pages/admin/audit/AuditPage.vue'),
    meta: { title: '审计日志', roles: ['admin'] },
  },
];
