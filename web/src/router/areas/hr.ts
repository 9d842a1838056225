import type { RouteRecordRaw } from 'vue-router';

/** HR pages under /hr (HR and admins). Paths are relative to the area's root. */
export const hrRoutes: RouteRecordRaw[] = [
  {
    path: 'staff',
    name: 'hr-staff',
    component: () => import('../../pages/hr/roster/StaffSearchPage.vue'),
    meta: { title: '人员档案' },
  },
  {
    path: 'staff/:id/dossier',
    name: 'hr-dossier',
    component: () => import('../../pages/hr/dossier/DossierPage.vue'),
    meta: { title: '个人学法考法档案' },
  },
  {
    path: 'exports',
    name: 'hr-exports',
    component: () => import('../../pages/hr/exports/ExportsPage.vue'),
    meta: { title: '导出与校验' },
  },
  {
    path: 'verify',
    name: 'hr-verify',
    component: () => import('../../pages/hr/exports/VerifyPage.vue'),
    meta: { title: '导出文件校验' },
  },
];
